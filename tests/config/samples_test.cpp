// The sample files in config/ must load, and must say what the code does: mobile.ini and
// server.ini are exactly the compiled-in profiles, writemagic.ini documents every key at
// the server profile's values and names the mobile value where it differs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "runtime/config/config.hpp"
#include "runtime/config/ini_parser.hpp"
#include "runtime/config/profiles.hpp"
#include "runtime/config/schema.hpp"
#include "runtime/config/values.hpp"

namespace wm {
namespace {

std::filesystem::path sample(std::string_view name) {
  return std::filesystem::path{WM_SOURCE_DIR} / "config" / name;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in{p, std::ios::binary};
  EXPECT_TRUE(in) << p;
  return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

config_sources no_env(std::string profile = "") {
  config_sources s;
  s.profile = std::move(profile);
  s.environment = config_env::env_map{};
  return s;
}

result<config> load_sample(std::string_view name, std::string profile = "") {
  auto s = no_env(std::move(profile));
  s.file = sample(name);
  return load_config(s);
}

// key -> canonical value, as the file writes it.
std::map<std::string, std::string> canonical_entries(std::string_view name) {
  auto entries = config_ini::parse_ini(read_file(sample(name)), name);
  EXPECT_TRUE(entries.ok()) << entries.error().message;
  std::map<std::string, std::string> out;
  if (!entries.ok()) return out;
  for (const auto& e : *entries) {
    const auto* spec = config_schema::find_key_spec(e.key);
    EXPECT_NE(spec, nullptr) << name << ": " << e.key;
    if (spec == nullptr) continue;
    auto v = config_values::check_value(*spec, e.value);
    EXPECT_TRUE(v.ok()) << e.key;
    if (v.ok()) out[e.key] = v->text;
  }
  return out;
}

void expect_same_settings(const config& a, const config& b) {
  ASSERT_EQ(a.settings().size(), b.settings().size());
  for (std::size_t i = 0; i < a.settings().size(); ++i) {
    EXPECT_EQ(a.settings()[i].key, b.settings()[i].key);
    EXPECT_EQ(a.settings()[i].value, b.settings()[i].value) << a.settings()[i].key;
  }
}

TEST(ConfigSamples, EverySampleLoads) {
  for (auto name : {"writemagic.ini", "mobile.ini", "server.ini"})
    for (auto profile : {"", "mobile", "server"}) {
      auto r = load_sample(name, profile);
      EXPECT_TRUE(r.ok()) << name << ": " << (r.ok() ? "" : r.error().message);
    }
}

TEST(ConfigSamples, ProfileFilesMatchTheCompiledInProfiles) {
  for (auto profile : config_profiles::profile_names()) {
    const std::string file = std::string{profile} + ".ini";
    std::map<std::string, std::string> compiled;
    for (const auto& o : *config_profiles::find_profile(profile))
      compiled[std::string{o.key}] = std::string{o.value};
    EXPECT_EQ(canonical_entries(file), compiled) << file << " and the compiled-in profile differ";

    // And loading the file changes nothing over the profile alone, whatever profile was asked.
    auto from_file = load_sample(file, "server");
    auto from_code = load_config(no_env(std::string{profile}));
    ASSERT_TRUE(from_file.ok() && from_code.ok());
    EXPECT_EQ(from_file->profile(), profile);
    expect_same_settings(*from_file, *from_code);
  }
}

TEST(ConfigSamples, CompiledProfileValuesAreCanonical) {
  for (auto profile : config_profiles::profile_names())
    for (const auto& o : *config_profiles::find_profile(profile)) {
      const auto* spec = config_schema::find_key_spec(o.key);
      ASSERT_NE(spec, nullptr) << o.key;
      auto v = config_values::check_value(*spec, o.value);
      ASSERT_TRUE(v.ok()) << profile << " " << o.key;
      EXPECT_EQ(v->text, o.value) << profile << " " << o.key;
    }
}

TEST(ConfigSamples, WritemagicIniIsTheServerProfileInFull) {
  auto from_file = load_sample("writemagic.ini", "mobile");
  auto server = load_config(no_env("server"));
  ASSERT_TRUE(from_file.ok() && server.ok());
  expect_same_settings(*from_file, *server);
  EXPECT_TRUE(from_file->providers().empty());  // providers are commented examples only
}

TEST(ConfigSamples, WritemagicIniDocumentsEveryKey) {
  const std::string text = read_file(sample("writemagic.ini"));
  auto entries = config_ini::parse_ini(text, "writemagic.ini");
  ASSERT_TRUE(entries.ok()) << entries.error().message;
  std::vector<std::string> lines;
  std::istringstream in{text};
  for (std::string l; std::getline(in, l);) lines.push_back(l);

  auto mobile = load_config(no_env("mobile"));
  auto server = load_config(no_env("server"));
  ASSERT_TRUE(mobile.ok() && server.ok());

  std::map<std::string, std::string> comment_of;
  for (const auto& e : *entries) {
    std::string comment;
    for (int i = e.line - 2; i >= 0 && !lines[i].empty() && lines[i][0] == '#'; --i)
      comment = lines[i] + "\n" + comment;
    EXPECT_FALSE(comment.empty()) << e.key << " (line " << e.line << ") has no comment";
    comment_of[e.key] = comment;
  }
  for (const auto& spec : config_schema::known_keys()) {
    const std::string key{spec.key};
    ASSERT_EQ(comment_of.count(key), 1u) << key << " is missing from writemagic.ini";
    const auto& m = mobile->get_string(key);
    if (key != "runtime.profile" && m != server->get_string(key)) {
      const std::string note = "mobile: " + (m.empty() ? std::string{"empty"} : m);
      EXPECT_THAT(comment_of[key], ::testing::HasSubstr(note)) << key;
    }
  }
}

}  // namespace
}  // namespace wm
