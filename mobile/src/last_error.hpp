#pragma once
// The thread-local "last error" behind wm_last_error(): every entry point either resets it
// (success) or fills it (failure) before returning its status.
#include <string>
#include <string_view>

#include "messages/result.hpp"
#include "mobile/include/writemagic.h"

namespace wm::mobile {

// Success: code WM_OK, empty message and request id. Never allocates.
void clear_error() noexcept;

// Records a failure and returns its code, so entry points can `return fail(...)`. The
// message passes through the log redaction, so a registered API key never leaves here.
wm_status fail(wm_status code, std::string_view message, std::string_view request_id = {}) noexcept;
wm_status fail(const failure& f, std::string_view request_id = {}) noexcept;

const wm_error* last_error() noexcept;

// errc -> WM_ERR_* (the same numbers) and the name of every status.
wm_status to_status(errc code) noexcept;
const char* status_name(wm_status code) noexcept;

}  // namespace wm::mobile
