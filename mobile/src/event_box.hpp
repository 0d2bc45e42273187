#pragma once
// An owned completion event: the public wm_event plus the strings it points into. Boxes
// handed out by wm_poll_event are tracked so wm_event_free can reject a bogus or freed
// pointer instead of crashing.
#include <memory>
#include <string>

#include "mobile/include/writemagic.h"

namespace wm::mobile {

struct event_box {
  wm_event ev{};
  std::string request_id;
  std::string text;
  std::string json;

  // Points ev's strings at the members (call after filling or moving them).
  void seal() noexcept;
};

std::unique_ptr<event_box> make_chunk_event(std::string request_id, std::string text);
std::unique_ptr<event_box> make_done_event(std::string request_id, std::string json);
std::unique_ptr<event_box> make_error_event(std::string request_id, wm_status status,
                                            std::string json);

// Hands a box to C (tracked) and takes it back; take_back() returns nullptr for a pointer
// that is not an outstanding box.
wm_event* hand_out(std::unique_ptr<event_box> box);
std::unique_ptr<event_box> take_back(wm_event* ev);

}  // namespace wm::mobile
