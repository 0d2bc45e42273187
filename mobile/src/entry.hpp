#pragma once
// Shared checks of the entry points: handles, required pointers, UTF-8, out strings.
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "mobile/src/handle_registry.hpp"
#include "mobile/src/last_error.hpp"
#include "mobile/src/runtime_impl.hpp"

namespace wm::mobile {

// Largest string argument accepted (40 MiB content plus JSON framing); larger input is
// refused before it is even scanned.
inline constexpr size_t max_input_bytes = 48u << 20;

// A live runtime and a counted call on it, or a recorded failure.
struct entered {
  std::shared_ptr<runtime_impl> rt;
  std::unique_ptr<runtime_impl::call_guard> guard;
  wm_status status = WM_OK;
  explicit operator bool() const noexcept { return status == WM_OK; }
};

entered enter_runtime(wm_runtime* handle);

// Checks a required NUL-terminated UTF-8 argument (name for the message).
wm_status check_text(const char* s, const char* name, std::string_view& out);
// Same, NULL allowed (gives "").
wm_status check_optional_text(const char* s, const char* name, std::string_view& out);

// Copies s into a malloc'd C string for the caller (freed by wm_string_free).
char* to_c_string(std::string_view s);

// Stores a result string in *out (NULL-safe) and clears the error.
wm_status give_string(char** out, std::string_view s);

}  // namespace wm::mobile
