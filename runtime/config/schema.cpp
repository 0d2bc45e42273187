#include "runtime/config/schema.hpp"

namespace wm::config_schema {
namespace {

using vt = value_type;
constexpr int64_t ms = 1;
constexpr int64_t sec = 1000 * ms;
constexpr int64_t minute = 60 * sec;
constexpr int64_t hour = 60 * minute;
constexpr int64_t KiB = 1024;
constexpr int64_t MiB = 1024 * KiB;
constexpr int64_t GiB = 1024 * MiB;

// Constructors that keep the tables below one readable entry per key.
key_spec text(std::string_view key, std::string_view def, std::string_view desc) {
  return {key, vt::string, def, desc};
}
key_spec env_name(std::string_view key, std::string_view def, std::string_view desc) {
  return {key, vt::env_var_name, def, desc};
}
key_spec endpoint(std::string_view key, std::string_view def, std::string_view desc) {
  return {key, vt::endpoint, def, desc};
}
key_spec peer_endpoint(std::string_view key, std::string_view def, std::string_view desc) {
  return {key, vt::peer_endpoint, def, desc};
}
key_spec endpoints(std::string_view key, std::string_view def, std::string_view desc) {
  return {key, vt::endpoint_list, def, desc};
}
key_spec directory(std::string_view key, std::string_view def, std::string_view desc) {
  return {key, vt::directory, def, desc};
}
key_spec boolean(std::string_view key, std::string_view def, std::string_view desc) {
  return {key, vt::boolean, def, desc};
}
key_spec one_of(std::string_view key, std::string_view def, std::vector<std::string_view> choices,
                std::string_view desc) {
  return {key, vt::enumeration, def, desc, 0, 0, std::move(choices)};
}
key_spec integer(std::string_view key, std::string_view def, int64_t min, int64_t max,
                 std::string_view desc) {
  return {key, vt::integer, def, desc, min, max};
}
key_spec duration(std::string_view key, std::string_view def, int64_t min_ms, int64_t max_ms,
                  std::string_view desc) {
  return {key, vt::duration, def, desc, min_ms, max_ms};
}
key_spec size(std::string_view key, std::string_view def, int64_t min, int64_t max,
              std::string_view desc) {
  return {key, vt::size, def, desc, min, max};
}

std::vector<key_spec> make_known_keys() {
  // clang-format off
  return {
    one_of("runtime.profile", "server", {"mobile", "server"},
           "built-in defaults to start from (mobile: few threads, small limits; server: a node)"),
    directory("runtime.data_dir", "data",
         "directory for the document store and other state (relative to the working directory)"),

    one_of("log.level", "info", {"trace", "debug", "info", "warn", "error", "off"},
           "lowest level written to the log"),
    one_of("log.format", "console", {"console", "json"},
           "console: human-readable lines; json: one JSON object per line"),

    one_of("scheduler.policy", "stealing", {"stealing", "sharing"},
           "CAF scheduler: work stealing (default) or a shared queue"),
    integer("scheduler.max_threads", "0", 0, 256,
            "scheduler worker threads; 0 = CAF default (max(cores, 4))"),
    integer("scheduler.max_throughput", "0", 0, 1'000'000'000,
            "messages an actor handles before yielding its thread; 0 = unlimited (CAF default)"),
    integer("scheduler.aggressive_poll_attempts", "100", 1, 1'000'000,
            "idle polls of a worker before it slows down (fewer saves battery)"),
    integer("scheduler.moderate_poll_attempts", "0", 0, 1'000'000,
            "idle polls with 50 us naps after the busy ones (CAF: 500); 0 = wait to be woken"),
    duration("scheduler.relaxed_sleep", "10ms", 1 * ms, 10 * sec,
             "how long a relaxed idle worker sleeps between polls (longer saves battery)"),

    one_of("store.synchronous", "FULL", {"FULL", "NORMAL", "OFF"},
           "SQLite synchronous mode; FULL survives power loss, NORMAL may lose the last commits"),
    size("store.max_content_bytes", "40MiB", 1 * KiB, 1 * GiB,
         "largest document content accepted (10,485,760 code points of up to 4 bytes)"),
    integer("store.group_commit_max_batch", "64", 1, 100'000,
            "most writes committed in one transaction"),
    duration("store.group_commit_max_delay", "2ms", 0, 10 * sec,
             "longest a write waits for others to share its commit"),
    integer("store.wal_autocheckpoint", "4000", 0, 100'000'000,
            "WAL pages written before SQLite checkpoints into the database; 0 = never"),

    duration("documents.idle_passivation", "5min", 1 * sec, 24 * hour,
             "an open document actor idle this long is saved and stopped"),
    integer("documents.max_open", "10000", 1, 10'000'000,
            "most document actors open at once; the least recently used is passivated beyond it"),

    endpoint("http.listen", "", "host:port of the HTTP API; empty = no HTTP server"),
    size("http.max_body_bytes", "64MiB", 1 * KiB, 1 * GiB, "largest HTTP request body accepted"),
    integer("http.max_concurrency_per_client", "16", 1, 100'000,
            "requests one client may have in flight; more get 429"),
    env_name("http.auth_token_env", "",
             "name of the environment variable holding the bearer token; empty = no auth"),
    integer("http.threads", "64", 1, 4096,
            "HTTP worker threads; one serves one connection at a time (keep-alive included)"),
    duration("http.request_timeout", "30s", 100 * ms, 10 * minute,
             "longest an HTTP request waits for a document or runtime service to answer"),

    integer("caf.port", "0", 0, 65535,
            "port on which this node publishes its actors to other nodes; 0 = do not publish"),

    endpoints("cluster.seeds", "",
         "the cluster's members as host:port of their caf.port, comma separated (this node may "
         "be listed); empty = no cluster"),
    peer_endpoint("cluster.advertise", "",
             "this node's host:port in the cluster (how the others list it); empty = "
             "127.0.0.1:<caf.port>"),
    integer("cluster.vnodes", "64", 1, 4096,
            "points per member on the consistent-hash ring (more: more even shares)"),
    duration("cluster.forward_timeout", "10s", 100 * ms, 10 * minute,
             "longest a request forwarded to the member owning its document waits for it"),
    duration("cluster.reconnect_min", "250ms", 10 * ms, 10 * minute,
             "first retry delay after a member's connection drops or an attempt fails"),
    duration("cluster.reconnect_max", "5s", 10 * ms, 1 * hour,
             "longest retry delay between connection attempts to a down member"),

    duration("shutdown.phase_deadline", "5s", 10 * ms, 10 * minute,
             "longest each shutdown phase waits for its subscribers"),

    boolean("metrics.enabled", "true", "collect runtime metrics"),
    duration("metrics.sample_interval", "5s", 100 * ms, 1 * hour,
             "how often runtime gauges (actors, mailboxes, heap) are sampled"),

    text("ai.default_provider", "",
         "provider used when a request names none; empty = the first by fallback_order"),
    duration("ai.request_deadline", "2min", 1 * sec, 1 * hour,
             "deadline for one AI request, retries and fallbacks included"),
    integer("ai.max_context_chars", "100000", 100, 10'000'000,
            "longest text (code points) sent to a writing operation; longer text is trimmed"),
    integer("ai.max_undelivered_events", "10000", 1, 10'000'000,
            "C facade: events of running completions waiting for wm_poll_event or the callback "
            "thread; a stream that would queue more ends with WM_ERR_UNAVAILABLE and is cancelled"),
    text("ai.system_prompt",
         "You are a careful writing assistant. Answer with the requested text only.",
         "system message of every writing operation; empty = none"),
    text("ai.prompt.continue",
         "Continue the following text in the same voice and style.\n\n{text}",
         "prompt template of the continue operation; {text} is replaced by the text"),
    text("ai.prompt.rewrite",
         "Rewrite the following text to be clearer and more concise, keeping its meaning.\n\n{text}",
         "prompt template of the rewrite operation; {text} is replaced by the text"),
    text("ai.prompt.summarize", "Summarize the following text in a few sentences.\n\n{text}",
         "prompt template of the summarize operation; {text} is replaced by the text"),
    text("ai.prompt.proofread",
         "Correct spelling, grammar and punctuation in the following text. Change nothing "
         "else.\n\n{text}",
         "prompt template of the proofread operation; {text} is replaced by the text"),
  };
  // clang-format on
}

std::vector<key_spec> make_provider_keys() {
  // clang-format off
  return {
    one_of("provider.*.kind", "", {"openai", "anthropic"},
           "wire protocol; defaults to the section name when that is openai or anthropic"),
    text("provider.*.base_url", "",
         "API base URL; default per kind (https://api.openai.com/v1, https://api.anthropic.com)"),
    text("provider.*.model", "",
         "model name; default per kind (gpt-4o-mini, claude-3-5-haiku-latest)"),
    env_name("provider.*.api_key_env", "",
             "name of the environment variable holding the API key; default per kind "
             "(OPENAI_API_KEY, ANTHROPIC_API_KEY)"),
    integer("provider.*.max_attempts", "3", 1, 10, "attempts per request, the first included"),
    duration("provider.*.timeout", "60s", 100 * ms, 1 * hour, "timeout of one attempt"),
    integer("provider.*.fallback_order", "0", 0, 1000,
            "position in the fallback chain; lower is tried first, ties by name"),
    duration("provider.*.connect_timeout", "10s", 10 * ms, 10 * minute,
             "TCP/TLS connect timeout of one attempt"),
    duration("provider.*.retry_base", "500ms", 0, 1 * minute,
             "first retry delay; doubles per retry, scaled by 0.75..1 (SDK jitter)"),
    duration("provider.*.retry_cap", "8s", 0, 10 * minute, "longest retry delay"),
    duration("provider.*.retry_after_cap", "60s", 0, 1 * hour,
             "longest server-requested wait (retry-after) honoured; longer is rate_limited"),
    integer("provider.*.retry_budget", "10", 0, 100'000,
            "retry token bucket (gRPC style): retries stop while fewer than half are left; "
            "each success refills 0.1; 0 = no budget"),
    integer("provider.*.breaker_consecutive_failures", "5", 0, 100'000,
            "open the circuit after this many failures in a row; 0 = off"),
    integer("provider.*.breaker_failure_rate", "50", 1, 100,
            "open the circuit when this percentage of the window's calls failed"),
    integer("provider.*.breaker_minimum_calls", "10", 1, 100'000,
            "calls in the window before the failure rate is judged"),
    duration("provider.*.breaker_window", "60s", 1 * sec, 1 * hour,
             "time window of the failure rate"),
    duration("provider.*.breaker_open_duration", "60s", 10 * ms, 1 * hour,
             "how long an open circuit refuses calls before probing"),
    integer("provider.*.breaker_half_open_calls", "3", 1, 1000,
            "probes of a half-open circuit; all must succeed to close it"),
    duration("provider.*.breaker_slow_call", "30s", 10 * ms, 1 * hour,
             "a call longer than this counts as slow (a circuit opens when every call is slow)"),
  };
  // clang-format on
}

bool is_lower_alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace

std::string_view to_string(value_type t) noexcept {
  switch (t) {
    case vt::string:
      return "string";
    case vt::integer:
      return "integer";
    case vt::boolean:
      return "boolean";
    case vt::duration:
      return "duration";
    case vt::enumeration:
      return "enumeration";
    case vt::size:
      return "size";
    case vt::endpoint:
      return "endpoint";
    case vt::endpoint_list:
      return "endpoint list";
    case vt::peer_endpoint:
      return "peer endpoint";
    case vt::env_var_name:
      return "environment variable name";
    case vt::directory:
      return "directory";
  }
  return "unknown";
}

const std::vector<key_spec>& known_keys() {
  static const std::vector<key_spec> keys = make_known_keys();
  return keys;
}

const std::vector<key_spec>& provider_keys() {
  static const std::vector<key_spec> keys = make_provider_keys();
  return keys;
}

bool is_valid_provider_name(std::string_view name) noexcept {
  // Lowercase words joined by single '_', so WM_PROVIDER__<NAME>__<FIELD> maps back to it.
  if (name.empty() || name.size() > 64) return false;
  bool prev_underscore = true;  // no leading '_'
  for (char c : name) {
    if (c == '_') {
      if (prev_underscore) return false;
      prev_underscore = true;
    } else if (is_lower_alnum(c)) {
      prev_underscore = false;
    } else {
      return false;
    }
  }
  return !prev_underscore;
}

bool split_provider_key(std::string_view key, std::string_view& name,
                        std::string_view& field) noexcept {
  constexpr std::string_view prefix = "provider.";
  if (key.substr(0, prefix.size()) != prefix) return false;
  std::string_view rest = key.substr(prefix.size());
  auto dot = rest.find('.');
  if (dot == std::string_view::npos) return false;
  std::string_view n = rest.substr(0, dot);
  if (!is_valid_provider_name(n)) return false;
  name = n;
  field = rest.substr(dot + 1);
  return true;
}

const key_spec* find_key_spec(std::string_view key) noexcept {
  for (const auto& spec : known_keys())
    if (spec.key == key) return &spec;
  std::string_view name, field;
  if (!split_provider_key(key, name, field)) return nullptr;
  for (const auto& spec : provider_keys())
    if (spec.key.substr(std::string_view{"provider.*."}.size()) == field) return &spec;
  return nullptr;
}

bool is_known_section(std::string_view name) noexcept {
  if (name.empty()) return false;
  if (name == "provider") return true;
  constexpr std::string_view provider_prefix = "provider.";
  if (name.starts_with(provider_prefix))
    return is_valid_provider_name(name.substr(provider_prefix.size()));
  for (const auto& spec : known_keys())
    if (spec.key.size() > name.size() && spec.key.starts_with(name) && spec.key[name.size()] == '.')
      return true;
  return false;
}

bool is_caf_passthrough_key(std::string_view key) noexcept {
  return key.size() > caf_prefix.size() && key.substr(0, caf_prefix.size()) == caf_prefix &&
         key != "caf.port";
}

}  // namespace wm::config_schema
