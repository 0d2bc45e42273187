#include "adapters/codecs/detail/json_reader.hpp"

#include <charconv>

namespace wm::codecs::detail {

#define WM_STRINGIFY_IMPL(x) #x
#define WM_STRINGIFY(x) WM_STRINGIFY_IMPL(x)

std::string_view compiled_kernel() noexcept {
  return WM_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION);
}

error_code json_parser::parse(std::string_view json, od::document& doc) {
  const std::size_t needed = json.size() + simdjson::SIMDJSON_PADDING;
  if (buf_.size() < needed) buf_.resize(needed);
  std::copy(json.begin(), json.end(), buf_.begin());
  std::fill(buf_.begin() + static_cast<std::ptrdiff_t>(json.size()),
            buf_.begin() + static_cast<std::ptrdiff_t>(needed), '\0');
  return parser_.iterate(buf_.data(), json.size(), buf_.size()).get(doc);
}

bool is_null(od::value& v) {
  bool null = false;
  return !v.is_null().get(null) && null;
}

error_code read_string(od::value& v, std::string& out) {
  od::json_type type;
  if (auto e = v.type().get(type)) return e;
  if (type == od::json_type::null) {
    if (!is_null(v)) return simdjson::N_ATOM_ERROR;
    out.clear();
    return simdjson::SUCCESS;
  }
  std::string_view s;
  if (auto e = v.get_string().get(s)) return e;
  out.assign(s);
  return simdjson::SUCCESS;
}

error_code read_count(od::value& v, uint64_t& out) {
  od::json_type type;
  if (auto e = v.type().get(type)) return e;
  if (type == od::json_type::null) return is_null(v) ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
  return v.get_uint64().get(out);
}

failure malformed(std::string_view what, error_code e) {
  std::string msg = "malformed response: ";
  msg += what;
  msg += ": ";
  msg += simdjson::error_message(e);
  return make_failure(errc::provider_error, std::move(msg));
}

failure malformed(std::string_view what) {
  return make_failure(errc::provider_error, "malformed response: " + std::string{what});
}

error_code read_error_object(od::value& v, error_fields& out) {
  od::json_type type;
  if (auto e = v.type().get(type)) return e;
  if (type == od::json_type::string) {  // some OpenAI-compatible servers send "error":"text"
    return read_string(v, out.message);
  }
  od::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  return for_each_field(obj, [&](std::string_view key, od::value& field) -> error_code {
    if (key == "message") return read_string(field, out.message);
    if (key == "type") return read_string(field, out.type);
    if (key == "param") return read_string(field, out.param);
    if (key == "code") {
      // OpenAI's code is a string or null; some compatible servers send a number.
      od::json_type t;
      if (auto e = field.type().get(t)) return e;
      if (t == od::json_type::number) {
        int64_t n = 0;
        if (auto e = field.get_int64().get(n)) return e;
        out.code = std::to_string(n);
        return simdjson::SUCCESS;
      }
      return read_string(field, out.code);
    }
    return simdjson::SUCCESS;
  });
}

}  // namespace wm::codecs::detail
