#include "mobile/src/entry.hpp"

#include <cstdlib>
#include <new>

#include "actors/documents/text/utf8.hpp"

namespace wm::mobile {

entered enter_runtime(wm_runtime* handle) {
  entered e;
  if (handle == nullptr) {
    e.status = fail(WM_ERR_NULL_ARGUMENT, "runtime handle is NULL");
    return e;
  }
  e.rt = find_runtime(handle);
  if (!e.rt) {
    e.status = fail(WM_ERR_INVALID_HANDLE, "not a live runtime handle (closed or never opened)");
    return e;
  }
  e.guard = std::make_unique<runtime_impl::call_guard>(*e.rt);
  if (!*e.guard) {
    e.guard.reset();
    e.rt.reset();
    e.status = fail(WM_ERR_SHUTTING_DOWN, "the runtime is closing");
  }
  return e;
}

wm_status check_optional_text(const char* s, const char* name, std::string_view& out) {
  if (s == nullptr) {
    out = {};
    return WM_OK;
  }
  size_t n = strnlen(s, max_input_bytes + 1);
  if (n > max_input_bytes)
    return fail(WM_ERR_PAYLOAD_TOO_LARGE, std::string{name} + " is larger than " +
                                              std::to_string(max_input_bytes) + " bytes");
  out = std::string_view{s, n};
  if (auto st = text::validate_utf8(out); !st)
    return fail(WM_ERR_INVALID_UTF8, std::string{name} + ": " + st.error().message);
  return WM_OK;
}

wm_status check_text(const char* s, const char* name, std::string_view& out) {
  if (s == nullptr) return fail(WM_ERR_NULL_ARGUMENT, std::string{name} + " is NULL");
  return check_optional_text(s, name, out);
}

char* to_c_string(std::string_view s) {
  auto* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p == nullptr) throw std::bad_alloc{};
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

wm_status give_string(char** out, std::string_view s) {
  if (out == nullptr) return fail(WM_ERR_NULL_ARGUMENT, "output pointer is NULL");
  *out = to_c_string(s);
  clear_error();
  return WM_OK;
}

}  // namespace wm::mobile
