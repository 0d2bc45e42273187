// load_config: layers and precedence, unknown keys and bad values from every source,
// providers, CAF pass-through options, typed getters and the dump round trip.
#include "runtime/config/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "runtime/config/ini_parser.hpp"

namespace wm {
namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::HasSubstr;

// No process environment unless a test asks for it: tests must not depend on the caller's WM_*.
config_sources sources(std::string profile = "") {
  config_sources s;
  s.profile = std::move(profile);
  s.environment = config_env::env_map{};
  return s;
}

config load_ok(std::string_view ini, const config_sources& s) {
  auto r = load_config_text(ini, "test.ini", s);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok()) throw std::runtime_error("load failed");
  return std::move(r).value();
}

std::string load_error(std::string_view ini, const config_sources& s) {
  auto r = load_config_text(ini, "test.ini", s);
  EXPECT_FALSE(r.ok()) << "loaded without error";
  if (r.ok()) return {};
  EXPECT_EQ(r.error().code, errc::invalid_input);
  return r.error().message;
}

TEST(Config, DefaultsComeFromTheProfile) {
  auto server = load_ok("", sources("server"));
  EXPECT_EQ(server.profile(), "server");
  EXPECT_EQ(server.get_int("scheduler.max_threads"), 0);
  EXPECT_EQ(server.get_string("http.listen"), "127.0.0.1:8080");
  EXPECT_EQ(server.get_int("documents.max_open"), 100000);
  EXPECT_EQ(server.get_int("caf.port"), 0);
  EXPECT_EQ(server.find("http.listen")->origin, "profile server");
  EXPECT_EQ(server.find("log.level")->origin, "default");

  auto mobile = load_ok("", sources("mobile"));
  EXPECT_EQ(mobile.profile(), "mobile");
  EXPECT_EQ(mobile.get_int("scheduler.max_threads"), 2);
  EXPECT_EQ(mobile.get_string("http.listen"), "");
  EXPECT_EQ(mobile.get_int("documents.max_open"), 1000);
  EXPECT_EQ(mobile.get_string("store.synchronous"), "FULL");
  EXPECT_LT(mobile.get_int("scheduler.max_throughput"), 1000);
  EXPECT_GT(mobile.get_duration("scheduler.relaxed_sleep"),
            server.get_duration("scheduler.relaxed_sleep"));
}

TEST(Config, NoProfileMeansServer) {
  EXPECT_EQ(load_ok("", sources()).profile(), "server");
}

TEST(Config, UnknownProfileIsAnError) {
  EXPECT_THAT(load_error("", sources("desktop")), HasSubstr("unknown profile 'desktop'"));
}

TEST(Config, ProfileChosenByTheHighestLayerThatSetsIt) {
  auto s = sources("server");
  s.environment = config_env::env_map{{"WM_RUNTIME__PROFILE", "mobile"}};
  auto c = load_ok("[runtime]\nprofile = server\n", s);
  EXPECT_EQ(c.profile(), "mobile");
  EXPECT_EQ(c.get_int("scheduler.max_threads"), 2);  // mobile's defaults apply
}

TEST(Config, PrecedenceProfileFileEnvironmentCommandLine) {
  // The same key from all four layers: each higher layer wins over the ones below.
  const std::string file = "[documents]\nmax_open = 111\n";
  auto s = sources("server");
  EXPECT_EQ(load_ok("", s).get_int("documents.max_open"), 100000);

  auto c = load_ok(file, s);
  EXPECT_EQ(c.get_int("documents.max_open"), 111);
  EXPECT_EQ(c.find("documents.max_open")->origin, "test.ini:2");

  s.environment = config_env::env_map{{"WM_DOCUMENTS__MAX_OPEN", "222"}};
  c = load_ok(file, s);
  EXPECT_EQ(c.get_int("documents.max_open"), 222);
  EXPECT_EQ(c.find("documents.max_open")->origin, "environment variable WM_DOCUMENTS__MAX_OPEN");

  s.overrides = {"documents.max_open=333"};
  c = load_ok(file, s);
  EXPECT_EQ(c.get_int("documents.max_open"), 333);
  EXPECT_THAT(c.find("documents.max_open")->origin, HasSubstr("--set"));

  // Later --set items win over earlier ones.
  s.overrides = {"documents.max_open=333", " documents.max_open = 444 "};
  EXPECT_EQ(load_ok(file, s).get_int("documents.max_open"), 444);
}

TEST(Config, LayersMergeKeyByKey) {
  auto s = sources("server");
  s.environment = config_env::env_map{{"WM_LOG__FORMAT", "json"}};
  s.overrides = {"log.level=debug"};
  auto c = load_ok("[scheduler]\npolicy = sharing\n", s);
  EXPECT_EQ(c.get_string("scheduler.policy"), "sharing");
  EXPECT_EQ(c.get_string("log.format"), "json");
  EXPECT_EQ(c.get_string("log.level"), "debug");
  EXPECT_EQ(c.get_int("documents.max_open"), 100000);
}

TEST(Config, ReadsTheProcessEnvironmentByDefault) {
  ASSERT_EQ(::setenv("WM_LOG__LEVEL", "trace", 1), 0);
  config_sources s;  // environment = nullopt
  auto r = load_config(s);
  ::unsetenv("WM_LOG__LEVEL");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->get_string("log.level"), "trace");
}

TEST(Config, UnknownKeyInFileNamesKeyAndLine) {
  auto msg = load_error("[log]\nlevel = info\nlevl = debug\n", sources());
  EXPECT_THAT(msg, HasSubstr("unknown key 'log.levl'"));
  EXPECT_THAT(msg, HasSubstr("test.ini:3"));
  EXPECT_THAT(load_error("[logging]\nlevel = info\n", sources()),
              HasSubstr("unknown key 'logging.level'"));
}

TEST(Config, UnknownKeyInEnvironmentNamesKeyAndVariable) {
  auto s = sources();
  s.environment = config_env::env_map{{"WM_LOG__LEVL", "debug"}};
  auto msg = load_error("", s);
  EXPECT_THAT(msg, HasSubstr("unknown key 'log.levl'"));
  EXPECT_THAT(msg, HasSubstr("WM_LOG__LEVL"));
}

TEST(Config, SingleUnderscoreVariableIsReportedWithTheRightSpelling) {
  auto s = sources();
  s.environment = config_env::env_map{{"WM_LOG_LEVEL", "debug"}};
  auto msg = load_error("", s);
  EXPECT_THAT(msg, HasSubstr("WM_LOG_LEVEL"));
  EXPECT_THAT(msg, HasSubstr("WM_LOG__LEVEL"));
}

TEST(Config, SingleUnderscoreProviderVariableIsReported) {
  auto s = sources();
  s.environment = config_env::env_map{{"WM_PROVIDER_OPENAI_MODEL", "gpt-4o"}};
  EXPECT_THAT(load_error("", s), HasSubstr("use WM_PROVIDER__OPENAI__MODEL"));
}

TEST(Config, UnrelatedWmVariablesAreIgnored) {
  auto s = sources();
  s.environment = config_env::env_map{{"WM_OPENAI_API_KEY", "sk-secret"}, {"WM_HTTP_TOKEN", "t"}};
  auto c = load_ok("", s);
  EXPECT_THAT(dump(c), ::testing::Not(HasSubstr("sk-secret")));
}

TEST(Config, UnknownKeyOnCommandLineNamesKey) {
  auto s = sources();
  s.overrides = {"log.colour=red"};
  auto msg = load_error("", s);
  EXPECT_THAT(msg, HasSubstr("unknown key 'log.colour'"));
  EXPECT_THAT(msg, HasSubstr("--set"));
}

TEST(Config, MalformedOverrides) {
  auto s = sources();
  s.overrides = {"log.level"};
  EXPECT_THAT(load_error("", s), HasSubstr("expected key=value"));
  s.overrides = {"=debug"};
  EXPECT_THAT(load_error("", s), HasSubstr("invalid key"));
}

TEST(Config, WrongTypeNamesKeyValueAndExpectedType) {
  auto msg = load_error("[scheduler]\nmax_threads = lots\n", sources());
  EXPECT_THAT(msg, HasSubstr("'lots'"));
  EXPECT_THAT(msg, HasSubstr("scheduler.max_threads"));
  EXPECT_THAT(msg, HasSubstr("test.ini:2"));
  EXPECT_THAT(msg, HasSubstr("an integer in 0..256"));

  EXPECT_THAT(load_error("[log]\nlevel = loud\n", sources()),
              HasSubstr("expected one of trace|debug|info|warn|error|off"));
  EXPECT_THAT(load_error("[metrics]\nenabled = yes\n", sources()), HasSubstr("expected a boolean"));
  EXPECT_THAT(load_error("[http]\nlisten = 8080\n", sources()), HasSubstr("expected host:port"));
  EXPECT_THAT(load_error("[http]\nauth_token_env = \"MY-TOKEN\"\n", sources()),
              HasSubstr("environment variable name"));
  EXPECT_THAT(load_error("[store]\nsynchronous = full\n", sources()),
              HasSubstr("one of FULL|NORMAL|OFF"));
  // The data dir is a directory: empty once meant the working directory for the node and a
  // failure for the shell, and ":memory:" became a directory of that name.
  EXPECT_THAT(load_error("[runtime]\ndata_dir = \"\"\n", sources()),
              HasSubstr("expected a directory path (not empty"));
  EXPECT_THAT(load_error("[runtime]\ndata_dir = \":memory:\"\n", sources()),
              HasSubstr("\":memory:\" is no directory"));
  EXPECT_EQ(
      load_ok("[runtime]\ndata_dir = \"/tmp/x y\"\n", sources()).get_string("runtime.data_dir"),
      "/tmp/x y");
}

TEST(Config, OutOfRangeNamesKeyValueAndRange) {
  auto s = sources();
  s.environment = config_env::env_map{{"WM_CAF__PORT", "70000"}};
  auto msg = load_error("", s);
  EXPECT_THAT(msg, HasSubstr("'70000'"));
  EXPECT_THAT(msg, HasSubstr("caf.port"));
  EXPECT_THAT(msg, HasSubstr("WM_CAF__PORT"));
  EXPECT_THAT(msg, HasSubstr("0..65535"));

  s = sources();
  s.overrides = {"documents.idle_passivation=100ms"};
  msg = load_error("", s);
  EXPECT_THAT(msg, HasSubstr("'100ms'"));
  EXPECT_THAT(msg, HasSubstr("a duration"));
  EXPECT_THAT(msg, HasSubstr("1s..24h"));
}

TEST(Config, DurationsAndSizesAreTyped) {
  auto c = load_ok(
      "[store]\nmax_content_bytes = 10MiB\ngroup_commit_max_delay = 250ms\n"
      "[documents]\nidle_passivation = 2min\n[http]\nmax_body_bytes = 1048576\n",
      sources());
  EXPECT_EQ(c.get_size("store.max_content_bytes"), 10 * 1024 * 1024);
  EXPECT_EQ(c.get_duration("store.group_commit_max_delay"), 250ms);
  EXPECT_EQ(c.get_duration("documents.idle_passivation"), 2min);
  EXPECT_EQ(c.get_size("http.max_body_bytes"), 1024 * 1024);
  EXPECT_EQ(c.get_string("http.max_body_bytes"), "1MiB");  // canonical text
  EXPECT_TRUE(c.get_bool("metrics.enabled"));
}

TEST(Config, GettersRejectWrongTypeOrUnknownKey) {
  auto c = load_ok("", sources());
  EXPECT_THROW(c.get_int("log.level"), std::invalid_argument);
  EXPECT_THROW(c.get_duration("scheduler.max_threads"), std::invalid_argument);
  EXPECT_THROW(c.get_string("no.such"), std::invalid_argument);
  EXPECT_EQ(c.find("no.such"), nullptr);
}

TEST(Config, EveryKnownKeyHasASetting) {
  auto c = load_ok("", sources());
  for (const auto& spec : config_schema::known_keys()) {
    const auto* s = c.find(spec.key);
    ASSERT_NE(s, nullptr) << spec.key;
    EXPECT_EQ(s->type, spec.type);
  }
}

TEST(Config, ProviderSections) {
  auto s = sources();
  s.environment = config_env::env_map{{"WM_PROVIDER__OPENAI__MODEL", "gpt-4o"}};
  auto c = load_ok(R"([provider.openai]
api_key_env = "MY_OPENAI_KEY"
fallback_order = 1

[provider.local]
kind = openai
base_url = "http://127.0.0.1:11434/v1"
model = "llama3"
timeout = 2min
max_attempts = 1

[provider.anthropic]
fallback_order = 1

[ai]
default_provider = "local"
)",
                   s);
  ASSERT_EQ(c.providers().size(), 3u);
  // fallback_order, then name.
  EXPECT_EQ(c.providers()[0].name, "local");
  EXPECT_EQ(c.providers()[1].name, "anthropic");
  EXPECT_EQ(c.providers()[2].name, "openai");

  const auto* openai = c.find_provider("openai");
  ASSERT_NE(openai, nullptr);
  EXPECT_EQ(openai->kind, "openai");
  EXPECT_EQ(openai->model, "gpt-4o");  // from the environment
  EXPECT_EQ(openai->api_key_env, "MY_OPENAI_KEY");
  EXPECT_EQ(openai->base_url, "https://api.openai.com/v1");
  EXPECT_EQ(openai->max_attempts, 3);
  EXPECT_EQ(openai->timeout, 60s);

  const auto* anthropic = c.find_provider("anthropic");
  ASSERT_NE(anthropic, nullptr);
  EXPECT_EQ(anthropic->kind, "anthropic");
  EXPECT_EQ(anthropic->api_key_env, "ANTHROPIC_API_KEY");
  EXPECT_EQ(anthropic->base_url, "https://api.anthropic.com");

  const auto* local = c.find_provider("local");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->base_url, "http://127.0.0.1:11434/v1");
  EXPECT_EQ(local->timeout, 2min);
  EXPECT_EQ(local->max_attempts, 1);
  EXPECT_EQ(c.get_string("provider.local.model"), "llama3");
  EXPECT_EQ(c.get_duration("provider.local.timeout"), 2min);
}

TEST(Config, ProviderErrors) {
  EXPECT_THAT(load_error("[provider.mine]\nmodel = \"x\"\n", sources()),
              HasSubstr("needs provider.mine.kind"));
  EXPECT_THAT(load_error("[provider.openai]\ncolour = blue\n", sources()),
              HasSubstr("unknown key 'provider.openai.colour'"));
  EXPECT_THAT(load_error("[provider.OpenAI]\nmodel = x\n", sources()),
              HasSubstr("unknown key 'provider.OpenAI.model'"));
  EXPECT_THAT(load_error("[provider.openai]\nkind = gemini\n", sources()),
              HasSubstr("one of openai|anthropic"));
  EXPECT_THAT(load_error("[provider.openai]\nmax_attempts = 0\n", sources()),
              HasSubstr("an integer in 1..10"));
  EXPECT_THAT(load_error("[ai]\ndefault_provider = \"nobody\"\n", sources()),
              HasSubstr("names no [provider.nobody] section"));
}

TEST(Config, CafOptionsPassThrough) {
  auto s = sources();
  s.environment = config_env::env_map{{"WM_CAF__MIDDLEMAN__HEARTBEAT_INTERVAL", "5s"}};
  s.overrides = {"caf.scheduler.max-threads=8"};
  auto c =
      load_ok("[caf.scheduler]\nmax-threads = 4\npolicy = \"sharing\"\n[caf]\nport = 4242\n", s);
  EXPECT_EQ(c.get_int("caf.port"), 4242);
  ASSERT_EQ(c.caf_options().size(), 3u);
  EXPECT_EQ(c.caf_options()[0].key, "middleman.heartbeat-interval");
  EXPECT_EQ(c.caf_options()[0].value, "5s");
  EXPECT_EQ(c.caf_options()[1].key, "scheduler.max-threads");
  EXPECT_EQ(c.caf_options()[1].value, "8");  // --set beats the file
  EXPECT_EQ(c.caf_options()[2].key, "scheduler.policy");
  EXPECT_TRUE(c.caf_options()[2].quoted);
}

TEST(Config, CafOptionsCheckedByTheHook) {
  auto s = sources();
  std::vector<std::string> asked;
  s.is_known_caf_option = [&](std::string_view key) {
    asked.emplace_back(key);
    return key == "scheduler.max-threads";
  };
  EXPECT_EQ(load_ok("[caf.scheduler]\nmax-threads = 4\n", s).caf_options().size(), 1u);
  auto msg = load_error("[caf.scheduler]\nmax-thread = 4\n", s);
  EXPECT_THAT(msg, HasSubstr("unknown key 'caf.scheduler.max-thread'"));
  EXPECT_THAT(msg, HasSubstr("test.ini:2"));
  EXPECT_NE(std::find(asked.begin(), asked.end(), "scheduler.max-thread"), asked.end());
}

// The hook checks values too, each with its origin: a bad caf.* value is a config error at
// load (so --dump-config refuses it as well), not something CAF prints and ignores at start.
TEST(Config, CafOptionValuesCheckedByTheHook) {
  auto s = sources();
  std::vector<std::string> checked;
  s.is_known_caf_option = [&](std::string_view key) {
    config_schema::caf_option_info info{key == "scheduler.max-threads"};
    info.check_value = [&](std::string_view value) -> std::string {
      checked.emplace_back(value);
      return value == "abc" ? "CAF's scheduler.max-threads takes an integer" : "";
    };
    return info;
  };
  EXPECT_EQ(load_ok("[caf.scheduler]\nmax-threads = \"4\"\n", s).caf_options().size(), 1u);
  ASSERT_FALSE(checked.empty());
  EXPECT_EQ(checked.back(), "4");  // quotes are INI syntax: the hook sees the text

  auto from_file = load_error("[caf.scheduler]\n\nmax-threads = abc\n", s);
  EXPECT_THAT(from_file, HasSubstr("invalid value 'abc' for caf.scheduler.max-threads"));
  EXPECT_THAT(from_file, HasSubstr("(from test.ini:3)"));
  EXPECT_THAT(from_file, HasSubstr("takes an integer"));

  auto set = s;
  set.overrides = {"caf.scheduler.max-threads=abc"};
  EXPECT_THAT(load_error("", set), HasSubstr("(from --set caf.scheduler.max-threads=abc)"));

  auto env = s;
  env.environment = config_env::env_map{{"WM_CAF__SCHEDULER__MAX_THREADS", "abc"}};
  EXPECT_THAT(load_error("", env),
              HasSubstr("environment variable WM_CAF__SCHEDULER__MAX_THREADS"));
}

// [provider.<name>] alone declares the provider: every field has a default (kind from the
// name, base URL, model and key variable per kind). The dump keeps it.
TEST(Config, EmptyProviderSectionDeclaresTheProvider) {
  auto c = load_ok("[provider.openai]\n\n[provider.anthropic]\n# all defaults\n", sources());
  ASSERT_EQ(c.providers().size(), 2u);
  const auto* openai = c.find_provider("openai");
  ASSERT_NE(openai, nullptr);
  EXPECT_EQ(openai->kind, "openai");
  EXPECT_EQ(openai->api_key_env, "OPENAI_API_KEY");
  EXPECT_EQ(openai->base_url, "https://api.openai.com/v1");
  EXPECT_EQ(c.find("provider.openai.model")->origin, "default for openai");
  const auto* anthropic = c.find_provider("anthropic");
  ASSERT_NE(anthropic, nullptr);
  EXPECT_EQ(anthropic->api_key_env, "ANTHROPIC_API_KEY");

  // ai.default_provider may name it.
  EXPECT_EQ(
      load_ok("[provider.openai]\n[ai]\ndefault_provider = openai\n", sources()).providers().size(),
      1u);
  // Another name still needs a kind, and the error points at the section.
  auto msg = load_error("[log]\nlevel = info\n[provider.mine]\n", sources());
  EXPECT_THAT(msg, HasSubstr("provider 'mine' (from test.ini:3) needs provider.mine.kind"));

  // dump -> load keeps the provider, and the dump is a fixed point.
  const auto text = dump(c);
  EXPECT_THAT(text, HasSubstr("[provider.openai]\nkind = openai\n"));
  auto again = load_ok(text, sources());
  ASSERT_EQ(again.providers().size(), 2u);
  EXPECT_EQ(again.providers()[0].name, c.providers()[0].name);
  EXPECT_EQ(dump(again), text);
}

// Like an unknown key, an unknown section is a typo to report, even with no keys in it.
TEST(Config, UnknownEmptySectionsAreRefused) {
  auto msg = load_error("[log]\nlevel = info\n\n[nonsense]\n", sources());
  EXPECT_THAT(msg, HasSubstr("unknown section [nonsense] (from test.ini:4)"));
  EXPECT_THAT(load_error("[log.nope]\n", sources()), HasSubstr("unknown section [log.nope]"));
  EXPECT_THAT(load_error("[provider.OpenAI]\n", sources()),
              HasSubstr("unknown section [provider.OpenAI] (from test.ini:1): provider sections"));
  EXPECT_THAT(load_error("[provider.openai.extra]\n", sources()),
              HasSubstr("unknown section [provider.openai.extra]"));
  // Known sections may be empty: every schema section, the sections above them, the
  // provider group, and CAF's groups (passed through).
  for (const char* ok : {"[log]\n", "[ai]\n[ai.prompt]\n", "[caf]\n", "[caf.middleman]\n",
                         "[provider]\n", "[cluster]\n# seeds = a:1\n"})
    EXPECT_TRUE(load_config_text(ok, "test.ini", sources()).ok()) << ok;
}

// cluster.seeds is checked at load with the cluster's own parser: a bad list names the key,
// the value, its origin and the bad entry.
TEST(Config, ClusterSeedsCheckedAtLoad) {
  auto s = sources();
  s.overrides = {"cluster.seeds=garbage"};
  auto msg = load_error("", s);
  EXPECT_THAT(msg, HasSubstr("invalid value 'garbage' for cluster.seeds"));
  EXPECT_THAT(msg, HasSubstr("(from --set cluster.seeds=garbage)"));
  EXPECT_THAT(msg, HasSubstr("'garbage': expected HOST:PORT"));
  EXPECT_THAT(load_error("[cluster]\nseeds = \"a:1, b:0\"\n", sources()),
              AllOf(HasSubstr("test.ini:2"), HasSubstr("'b:0': port must be 1..65535")));
  auto c = load_ok("[cluster]\nseeds = \"127.0.0.1:7001, node-b:7002 [::1]:7003\"\n", sources());
  EXPECT_EQ(c.get_string("cluster.seeds"), "127.0.0.1:7001, node-b:7002 [::1]:7003");
  const auto text = dump(c);
  EXPECT_EQ(dump(load_ok(text, sources())), text);
  EXPECT_EQ(load_ok("", sources()).get_string("cluster.seeds"), "");
}

// cluster.advertise is where the other members connect: checked at load with the cluster's
// parser, so a port of 0 stops start-up there, naming the key (it once passed the load and
// failed only when the cluster started).
TEST(Config, ClusterAdvertiseNeedsAPortOthersCanReach) {
  EXPECT_THAT(load_error("[cluster]\nadvertise = \"10.0.0.5:0\"\n", sources()),
              AllOf(HasSubstr("test.ini:2"), HasSubstr("cluster.advertise"),
                    HasSubstr("port must be 1..65535")));
  EXPECT_THAT(load_error("[cluster]\nadvertise = \"nohost\"\n", sources()),
              HasSubstr("cluster.advertise"));
  EXPECT_EQ(load_ok("[cluster]\nadvertise = \"10.0.0.5:7001\"\n", sources())
                .get_string("cluster.advertise"),
            "10.0.0.5:7001");
  EXPECT_EQ(load_ok("", sources()).get_string("cluster.advertise"), "");
}

TEST(Config, ControlCharactersFromEnvironmentAreRejected) {
  auto s = sources();
  s.environment = config_env::env_map{{"WM_RUNTIME__DATA_DIR", "a\rb"}};
  EXPECT_THAT(load_error("", s), HasSubstr("control character"));
}

TEST(Config, MissingFileIsNotFound) {
  auto s = sources();
  s.file = std::filesystem::path{WM_BINARY_DIR} / "no-such-config.ini";
  auto r = load_config(s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::not_found);
  EXPECT_THAT(r.error().message, HasSubstr("no-such-config.ini"));
}

TEST(Config, DirectoryIsNotAConfigFile) {
  auto s = sources();
  s.file = std::filesystem::path{WM_BINARY_DIR};
  auto r = load_config(s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::invalid_input);
  EXPECT_THAT(r.error().message, HasSubstr("Is a directory"));
}

TEST(Config, LoadsAFileAndNamesItInErrors) {
  auto path = std::filesystem::path{WM_BINARY_DIR} / "config_test_bad.ini";
  {
    std::ofstream out{path};
    out << "[log]\n\nlevel = verbose\n";
  }
  auto s = sources();
  s.file = path;
  auto r = load_config(s);
  std::filesystem::remove(path);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr(path.string() + ":3"));
  EXPECT_THAT(r.error().message, HasSubstr("'verbose'"));
}

void expect_same_values(const config& a, const config& b) {
  ASSERT_EQ(a.settings().size(), b.settings().size());
  for (std::size_t i = 0; i < a.settings().size(); ++i) {
    EXPECT_EQ(a.settings()[i].key, b.settings()[i].key);
    EXPECT_EQ(a.settings()[i].value, b.settings()[i].value) << a.settings()[i].key;
    EXPECT_EQ(a.settings()[i].number, b.settings()[i].number) << a.settings()[i].key;
  }
  ASSERT_EQ(a.caf_options().size(), b.caf_options().size());
  for (std::size_t i = 0; i < a.caf_options().size(); ++i) {
    EXPECT_EQ(a.caf_options()[i].key, b.caf_options()[i].key);
    EXPECT_EQ(a.caf_options()[i].value, b.caf_options()[i].value);
  }
  ASSERT_EQ(a.providers().size(), b.providers().size());
  for (std::size_t i = 0; i < a.providers().size(); ++i)
    EXPECT_EQ(a.providers()[i].name, b.providers()[i].name);
}

TEST(Config, DumpRoundTrip) {
  auto s = sources("mobile");
  s.environment =
      config_env::env_map{{"WM_LOG__FORMAT", "json"}, {"WM_PROVIDER__CLAUDE__KIND", "anthropic"}};
  s.overrides = {"runtime.data_dir=/var/lib/wm \"x\"\t#1", "caf.scheduler.policy=sharing"};
  auto original = load_ok(
      "[store]\ngroup_commit_max_delay = 1000ms\n[provider.openai]\n"
      "model = \"gpt; #4\"\n[caf.middleman]\nheartbeat-interval = \"5s\"\n",
      s);
  const auto text = dump(original);
  EXPECT_THAT(text, HasSubstr("profile = mobile"));
  EXPECT_THAT(text, HasSubstr("group_commit_max_delay = 1s"));
  EXPECT_THAT(text, HasSubstr("[provider.claude]"));
  EXPECT_THAT(text, HasSubstr("[caf.scheduler]\npolicy = sharing"));

  // Read back with nothing else: the profile comes from the dump itself.
  auto again = load_ok(text, sources("server"));
  expect_same_values(original, again);
  EXPECT_EQ(dump(again), text);
}

TEST(Config, DumpHoldsNoSecrets) {
  auto s = sources();
  s.environment = config_env::env_map{{"OPENAI_API_KEY", "sk-live-123"}};
  auto c = load_ok("[provider.openai]\nmax_attempts = 2\n", s);
  ASSERT_EQ(c.providers().size(), 1u);
  auto text = dump(c);
  EXPECT_THAT(text, HasSubstr("api_key_env = \"OPENAI_API_KEY\""));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("sk-live-123")));
}

}  // namespace
}  // namespace wm
