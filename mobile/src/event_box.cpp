#include "mobile/src/event_box.hpp"

#include <mutex>
#include <unordered_map>

namespace wm::mobile {

namespace {

struct outstanding {
  std::mutex mtx;
  std::unordered_map<const wm_event*, event_box*> boxes;
};

outstanding& out() {
  static auto* o = new outstanding;  // leaked: boxes may be freed during process exit
  return *o;
}

std::unique_ptr<event_box> make(int32_t kind, wm_status status, std::string request_id,
                                std::string text, std::string json) {
  auto box = std::make_unique<event_box>();
  box->ev.kind = kind;
  box->ev.status = status;
  box->request_id = std::move(request_id);
  box->text = std::move(text);
  box->json = std::move(json);
  box->seal();
  return box;
}

}  // namespace

void event_box::seal() noexcept {
  ev.request_id = request_id.c_str();
  ev.text = text.c_str();
  ev.text_length = text.size();
  ev.json = json.c_str();
}

std::unique_ptr<event_box> make_chunk_event(std::string request_id, std::string text) {
  return make(WM_EVENT_CHUNK, WM_OK, std::move(request_id), std::move(text), {});
}

std::unique_ptr<event_box> make_done_event(std::string request_id, std::string json) {
  return make(WM_EVENT_DONE, WM_OK, std::move(request_id), {}, std::move(json));
}

std::unique_ptr<event_box> make_error_event(std::string request_id, wm_status status,
                                            std::string json) {
  return make(WM_EVENT_ERROR, status, std::move(request_id), {}, std::move(json));
}

wm_event* hand_out(std::unique_ptr<event_box> box) {
  auto& o = out();
  std::lock_guard lock{o.mtx};
  auto* raw = box.release();
  o.boxes.emplace(&raw->ev, raw);
  return &raw->ev;
}

std::unique_ptr<event_box> take_back(wm_event* ev) {
  if (ev == nullptr) return nullptr;
  // Compare addresses only: the pointer is never dereferenced unless it is ours.
  auto& o = out();
  std::lock_guard lock{o.mtx};
  auto i = o.boxes.find(ev);
  if (i == o.boxes.end()) return nullptr;
  std::unique_ptr<event_box> box{i->second};
  o.boxes.erase(i);
  return box;
}

}  // namespace wm::mobile
