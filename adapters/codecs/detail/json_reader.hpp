#pragma once
// Internal to wm_codecs: simdjson On-Demand helpers. Only .cpp files of wm_codecs include this,
// so only code compiled with ${WM_SIMD_FLAGS} instantiates the On-Demand kernel.
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "messages/result.hpp"

namespace wm::codecs::detail {

namespace od = simdjson::ondemand;
using simdjson::error_code;

// Owns an On-Demand parser and a padded copy of the input (On-Demand reads past the end).
class json_parser {
 public:
  // The document is valid until the next parse() on this object.
  error_code parse(std::string_view json, od::document& doc);

 private:
  od::parser parser_;
  std::string buf_;
};

// Name of the kernel the On-Demand code in this library was compiled for.
std::string_view compiled_kernel() noexcept;

// Calls f(key, value) for every field of obj. On-Demand skips values f leaves unread.
template <class F>
error_code for_each_field(od::object& obj, F&& f) {
  for (auto field_result : obj) {
    od::field field;
    if (auto e = std::move(field_result).get(field)) return e;
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return e;
    if (auto e = f(key, field.value())) return e;
  }
  return simdjson::SUCCESS;
}

// Iterates the root object of doc and then insists nothing follows it.
template <class F>
error_code for_each_root_field(od::document& doc, F&& f) {
  od::object obj;
  if (auto e = doc.get_object().get(obj)) return e;
  if (auto e = for_each_field(obj, f)) return e;
  const char* loc = nullptr;
  if (doc.current_location().get(loc) != simdjson::OUT_OF_BOUNDS) return simdjson::TRAILING_CONTENT;
  return simdjson::SUCCESS;
}

template <class F>
error_code for_each_element(od::array& arr, F&& f) {
  for (auto element_result : arr) {
    od::value element;
    if (auto e = std::move(element_result).get(element)) return e;
    if (auto e = f(element)) return e;
  }
  return simdjson::SUCCESS;
}

bool is_null(od::value& v);
// A string, or "" for null. Anything else is INCORRECT_TYPE.
error_code read_string(od::value& v, std::string& out);
// A non-negative integer, or unchanged for null.
error_code read_count(od::value& v, uint64_t& out);

// errc::provider_error "malformed response: <what>: <simdjson message>".
failure malformed(std::string_view what, error_code e);
failure malformed(std::string_view what);

// Decodes `{"message","type","param","code"}` (the inner error object of both providers).
struct error_fields {
  std::string type;
  std::string message;
  std::string param;
  std::string code;
};
error_code read_error_object(od::value& v, error_fields& out);

}  // namespace wm::codecs::detail
