#include "mobile/src/handle_registry.hpp"

#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace wm::mobile {

namespace {

struct registry {
  std::shared_mutex mtx;
  std::unordered_map<uintptr_t, std::shared_ptr<runtime_impl>> live;
  uintptr_t next_serial = 1;
};

// Leaked on purpose: a runtime still open at process exit must not be torn down by a static
// destructor racing with its own threads.
registry& reg() {
  static auto* r = new registry;
  return *r;
}

uintptr_t serial_of(wm_runtime* handle) noexcept {
  auto bits = reinterpret_cast<uintptr_t>(handle);
  if ((bits & 0xFF) != handle_magic) return 0;
  return bits >> 8;
}

}  // namespace

wm_runtime* register_runtime(std::shared_ptr<runtime_impl> rt) {
  auto& r = reg();
  std::unique_lock lock{r.mtx};
  auto serial = r.next_serial++;
  r.live.emplace(serial, std::move(rt));
  return reinterpret_cast<wm_runtime*>((serial << 8) | handle_magic);
}

std::shared_ptr<runtime_impl> find_runtime(wm_runtime* handle) {
  auto serial = serial_of(handle);
  if (serial == 0) return nullptr;
  auto& r = reg();
  std::shared_lock lock{r.mtx};
  auto i = r.live.find(serial);
  return i == r.live.end() ? nullptr : i->second;
}

std::shared_ptr<runtime_impl> unregister_runtime(wm_runtime* handle) {
  auto serial = serial_of(handle);
  if (serial == 0) return nullptr;
  auto& r = reg();
  std::unique_lock lock{r.mtx};
  auto i = r.live.find(serial);
  if (i == r.live.end()) return nullptr;
  auto rt = std::move(i->second);
  r.live.erase(i);
  return rt;
}

size_t live_runtimes() {
  auto& r = reg();
  std::shared_lock lock{r.mtx};
  return r.live.size();
}

}  // namespace wm::mobile
