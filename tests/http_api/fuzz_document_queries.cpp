// Fuzz target for what the document routes read besides bodies: the query strings of list,
// history and search, and the If-Match header. The first byte picks the reader, the rest is
// the input. Asserts: no crash; a failure is invalid_input with a message; what is accepted
// keeps the documented ranges, takes the parameters as the query string gives them, and an
// If-Match version is exactly the decimal number the header holds (quotes and W/ aside).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/http_server/query_string.hpp"
#include "runtime/http_api/document_requests.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

namespace {

using wm::fuzz::check;
using wm::fuzz::refused_clearly;

std::string param(std::string_view query, std::string_view name) {
  auto q = wm::http::parse_query(query);
  check(q.ok());
  return wm::http::query_value(*q, name).value_or("");
}

// The plain reading of If-Match: optional W/, optional quotes, then 1..20 digits naming a
// number in 1..2^64-1.
std::optional<uint64_t> reference_if_match(std::string_view v) {
  if (v.substr(0, 2) == "W/") v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v.empty() || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  while (v.size() > 1 && v.front() == '0') v.remove_prefix(1);
  constexpr std::string_view max = "18446744073709551615";
  if (v.size() > max.size() || (v.size() == max.size() && v > max)) return std::nullopt;
  const uint64_t n = std::stoull(std::string{v});
  return n == 0 ? std::nullopt : std::optional<uint64_t>{n};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wm::http_api;
  if (size == 0) return 0;
  const std::string_view input{reinterpret_cast<const char*>(data) + 1, size - 1};
  switch (data[0] % 4) {
    case 0: {
      auto lq = read_list_query(input);
      if (refused_clearly(lq)) return 0;
      check(lq->offset <= 10'000 && lq->limit >= 1 && lq->limit <= 1'000);
      check(lq->project_id == param(input, "project") && lq->after_id == param(input, "after"));
      check(lq->include_deleted == (param(input, "include_deleted") == "true"));
      return 0;
    }
    case 1: {
      auto hq = read_history_query(input);
      if (refused_clearly(hq)) return 0;
      check(hq->offset <= 10'000 && hq->limit >= 1 && hq->limit <= 1'000 && hq->id.empty());
      return 0;
    }
    case 2: {
      auto s = read_search_query(input);
      if (refused_clearly(s)) return 0;
      check(!s->text.empty() && s->text == param(input, "q"));
      check(s->limit >= 1 && s->limit <= 1'000);
      return 0;
    }
    default: {
      auto v = read_if_match(input);
      const auto expected = reference_if_match(input);
      if (refused_clearly(v)) {
        check(!expected);
        return 0;
      }
      check(v->has_value() && **v == expected);
      return 0;
    }
  }
}
