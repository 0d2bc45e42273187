#pragma once
// The catch-all at every entry point: nothing thrown inside the core crosses into C.
#include <exception>
#include <new>
#include <string>

#include "mobile/src/last_error.hpp"

namespace wm::mobile {

// Runs f (which returns a wm_status and records its own failures); any exception becomes
// WM_ERR_INTERNAL with its text in wm_last_error().
template <class F>
wm_status guarded(F&& f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return fail(WM_ERR_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return fail(WM_ERR_INTERNAL, std::string{"internal error: "} + e.what());
  } catch (...) {
    return fail(WM_ERR_INTERNAL, "internal error (unknown exception)");
  }
}

// For entry points that return a value instead of a status (the compatibility layer):
// `fallback` on any exception.
template <class T, class F>
T guarded_value(T fallback, F&& f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    fail(WM_ERR_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    fail(WM_ERR_INTERNAL, std::string{"internal error: "} + e.what());
  } catch (...) {
    fail(WM_ERR_INTERNAL, "internal error (unknown exception)");
  }
  return fallback;
}

}  // namespace wm::mobile
