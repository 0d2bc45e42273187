#pragma once
// Command-line options shared by `writemagic node` and `writemagic shell`: they select and
// override the configuration. Everything a subcommand does not recognise stays in `rest`.
//
//   --config FILE        an INI file (layer 2)
//   --profile NAME       mobile | server
//   --data-dir DIR       = --set runtime.data_dir=DIR
//   --set KEY=VALUE      any configuration key (layer 4, highest)
//   --dump-config        print the effective configuration and exit
#include <string>
#include <vector>

#include "messages/result.hpp"
#include "runtime/config/config.hpp"

namespace wm::cli {

struct config_args {
  config_sources sources;
  bool dump_config = false;
  std::vector<std::string> rest;  // arguments for the subcommand itself
};

// `default_profile` applies when neither --profile nor the config names one.
result<config_args> parse_config_args(int argc, char** argv, std::string default_profile);

// Loads the configuration the arguments describe (CAF options checked against CAF).
result<config> load_from_args(const config_args& args);

}  // namespace wm::cli
