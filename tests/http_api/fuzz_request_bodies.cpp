// Fuzz target for the HTTP API's request bodies as the routes read them: the four document
// bodies, /v1/ai/complete, /v1/ai/write and OpenAI's chat completions. The first byte picks the
// reader, the rest is the body. Asserts: no crash; a failure is invalid_input with a message; what
// is accepted agrees with a separate plain reading of the JSON (every edit's offset and length,
// versions, as unsigned 64-bit numbers), and the completion limits hold (max_tokens 1..10^6,
// a deadline of at most an hour, temperature 0..2, at least one message; a writing operation
// has exactly one of a text and a document id, and the operation the body names).
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/http_api/chat_body.hpp"
#include "runtime/http_api/document_requests.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

namespace {

using wm::fuzz::check;
using wm::fuzz::refused_clearly;

// The body read again by a parser of our own: the reference the readers must agree with.
struct reference {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  explicit reference(std::string_view body) {
    check(parser.parse(body.data(), body.size()).get(root) == simdjson::SUCCESS);
  }
  std::optional<uint64_t> u64(simdjson::dom::element e, const char* key) {
    uint64_t v = 0;
    if (e[key].get_uint64().get(v) != simdjson::SUCCESS) return std::nullopt;
    return v;
  }
};

void check_completion(const wm::completion_request& r) {
  check(!r.messages.empty());
  check(r.max_tokens >= 1 && r.max_tokens <= wm::max_request_tokens);
  check(r.deadline_ms >= 0 && r.deadline_ms <= wm::max_request_deadline_ms);
  check(r.temperature >= 0 && r.temperature <= 2);
  for (const auto& m : r.messages)
    check(m.role == "system" || m.role == "user" || m.role == "assistant");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wm::http_api;
  if (size == 0) return 0;
  const std::string_view body{reinterpret_cast<const char*>(data) + 1, size - 1};
  switch (data[0] % 7) {
    case 0: {
      auto cmd = read_create_document_body(body);
      if (refused_clearly(cmd)) return 0;
      reference ref{body};
      std::string_view title;
      check(ref.root["title"].get_string().get(title) == simdjson::SUCCESS);
      check(cmd->title == title);
      // As given (the store judges it), or markdown when the body has none.
      std::string_view content_type;
      if (ref.root["content_type"].get_string().get(content_type) != simdjson::SUCCESS)
        content_type = "markdown";
      check(cmd->content_type == content_type);
      return 0;
    }
    case 1: {
      auto b = read_update_document_body(body);
      if (refused_clearly(b)) return 0;
      reference ref{body};
      check(b->title || b->content);
      check(b->version == ref.u64(ref.root, "version"));
      return 0;
    }
    case 2: {
      auto b = read_patch_document_body(body);
      if (refused_clearly(b)) return 0;
      reference ref{body};
      simdjson::dom::array edits;
      check(ref.root["edits"].get_array().get(edits) == simdjson::SUCCESS);
      check(!b->edits.empty() && b->edits.size() == edits.size());
      std::size_t i = 0;
      for (auto e : edits) {
        check(ref.u64(e, "offset") == b->edits[i].offset);
        check(ref.u64(e, "length") == b->edits[i].length);
        ++i;
      }
      check(b->version == ref.u64(ref.root, "version"));
      return 0;
    }
    case 3: {
      auto b = read_restore_document_body(body);
      if (refused_clearly(b)) return 0;
      reference ref{body};
      check(ref.u64(ref.root, "version") == b->version);
      check(b->expected_version == ref.u64(ref.root, "expected_version"));
      return 0;
    }
    case 4: {
      auto r = read_complete_body(body);
      if (refused_clearly(r)) return 0;
      check_completion(*r);
      return 0;
    }
    case 6: {
      auto w = read_write_body(body);
      if (refused_clearly(w)) return 0;
      reference ref{body};
      std::string_view operation;
      check(ref.root["operation"].get_string().get(operation) == simdjson::SUCCESS);
      check(operation == wm::to_string(w->op));
      check(w->text.empty() != w->document_id.empty());
      const auto& o = w->options;
      check(o.messages.empty());
      check(o.max_tokens >= 1 && o.max_tokens <= wm::max_request_tokens);
      check(o.deadline_ms >= 0 && o.deadline_ms <= wm::max_request_deadline_ms);
      check(o.temperature >= 0 && o.temperature <= 2);
      return 0;
    }
    default: {
      auto chat = read_chat_body(body);
      if (refused_clearly(chat)) return 0;
      check_completion(chat->req);
      return 0;
    }
  }
}
