#pragma once
// Opaque runtime handles. A wm_runtime* is never a pointer to memory: it is a token
// (serial << 8 | magic byte) that is looked up in a registry of live runtimes. A closed,
// freed or made-up handle therefore gives WM_ERR_INVALID_HANDLE instead of a crash, and a
// handle value is never reused (no ABA: a stale handle cannot reach a newer runtime).
#include <cstdint>
#include <memory>

#include "mobile/include/writemagic.h"

namespace wm::mobile {

class runtime_impl;

inline constexpr uintptr_t handle_magic = 0xA5;  // odd, so no aligned pointer matches

// Registers a live runtime and returns its new handle.
wm_runtime* register_runtime(std::shared_ptr<runtime_impl> rt);

// The runtime behind a handle, or nullptr if it is not (any more) a live handle. Cheap: a
// magic check, then a shared-lock lookup.
std::shared_ptr<runtime_impl> find_runtime(wm_runtime* handle);

// Removes the handle (later lookups fail) and returns the runtime it held, or nullptr if it
// was not live. Exactly one caller gets the runtime.
std::shared_ptr<runtime_impl> unregister_runtime(wm_runtime* handle);

size_t live_runtimes();

}  // namespace wm::mobile
