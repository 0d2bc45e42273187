#include "mobile/src/last_error.hpp"

#include "runtime/logging/log.hpp"

namespace wm::mobile {

namespace {

struct error_slot {
  std::string message;
  std::string request_id;
  wm_error view{WM_OK, "", ""};
};

error_slot& slot() noexcept {
  thread_local error_slot s;
  return s;
}

}  // namespace

void clear_error() noexcept {
  auto& s = slot();
  s.view.code = WM_OK;
  s.message.clear();
  s.request_id.clear();
  s.view.message = s.message.c_str();
  s.view.request_id = s.request_id.c_str();
}

wm_status fail(wm_status code, std::string_view message, std::string_view request_id) noexcept {
  auto& s = slot();
  s.view.code = code;
  try {
    s.message = log::redact(message);
    s.request_id.assign(request_id);
  } catch (...) {
    // Out of memory while reporting: keep the code, drop the text.
    s.message.clear();
    s.request_id.clear();
  }
  s.view.message = s.message.c_str();
  s.view.request_id = s.request_id.c_str();
  return code;
}

wm_status fail(const failure& f, std::string_view request_id) noexcept {
  return fail(to_status(f.code), f.message, request_id);
}

const wm_error* last_error() noexcept {
  auto& s = slot();
  s.view.message = s.message.c_str();
  s.view.request_id = s.request_id.c_str();
  return &s.view;
}

wm_status to_status(errc code) noexcept {
  // The header promises the same numbers; errc never renumbers.
  return static_cast<wm_status>(code);
}

const char* status_name(wm_status code) noexcept {
  switch (code) {
    case WM_OK:
      return "ok";
    case WM_ERR_INVALID_HANDLE:
      return "invalid_handle";
    case WM_ERR_NULL_ARGUMENT:
      return "null_argument";
    case WM_ERR_INVALID_UTF8:
      return "invalid_utf8";
    default:
      break;
  }
  for (auto e : all_errcs)
    if (static_cast<wm_status>(e) == code) return to_string(e).data();
  return "unknown";
}

}  // namespace wm::mobile
