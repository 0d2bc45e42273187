// Fuzz target for the INI parser and the configuration built on it. Asserts: no crash, and
// whatever parses and loads is stable under dump: dump -> load -> dump gives the same text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "runtime/config/config.hpp"
#include "runtime/config/ini_parser.hpp"
#include "runtime/config/ini_writer.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

using wm::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wm;
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  auto entries = config_ini::parse_ini(text, "fuzz");
  if (wm::fuzz::refused_clearly(entries)) return 0;

  // The writer's output parses to the same pairs, and is a fixed point.
  const auto written = config_ini::write_ini(*entries);
  auto reparsed = config_ini::parse_ini(written, "written");
  check(reparsed.ok() && reparsed->size() == entries->size());
  for (std::size_t i = 0; i < entries->size(); ++i)
    check((*reparsed)[i].key == (*entries)[i].key && (*reparsed)[i].value == (*entries)[i].value);
  check(config_ini::write_ini(*reparsed) == written);

  // As a configuration file: if it loads, its dump loads to the same dump.
  config_sources sources;
  sources.environment = config_env::env_map{};
  auto loaded = load_config_text(text, "fuzz", sources);
  if (!loaded.ok()) return 0;
  const auto dumped = dump(*loaded);
  auto again = load_config_text(dumped, "dump", sources);
  check(again.ok());
  check(dump(*again) == dumped);
  return 0;
}
