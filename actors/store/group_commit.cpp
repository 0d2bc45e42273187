#include "actors/store/group_commit.hpp"

#include <algorithm>
#include <utility>

namespace wm::store {

group_commit::group_commit(std::size_t max_batch, clock::duration max_delay)
    : max_batch_(std::max<std::size_t>(max_batch, 1)), max_delay_(max_delay) {}

group_step group_commit::request_flush() {
  if (flush_scheduled_) return group_step::wait;
  flush_scheduled_ = true;
  return group_step::flush_soon;
}

group_step group_commit::staged(clock::time_point now, std::size_t queued) {
  if (counted_backlog_ > 0) --counted_backlog_;  // a counted write: expected_ stays
  if (staged_ == 0) oldest_ = now;
  ++staged_;
  ++staged_this_round_;
  if (staged_ >= max_batch_) return group_step::commit;
  if (gather_armed_) {
    // Gathering: each arrival checks the group itself (no flush per write); the armed
    // timer ends the wait if the group never completes.
    if (staged_ < expected_) return group_step::wait;
    // Complete; with something else queued, look again after it.
    return queued == 0 ? group_step::commit : request_flush();
  }
  // Lands behind everything already queued: those writes join this group.
  return request_flush();
}

group_step group_commit::flushed(clock::time_point now, std::size_t queued) {
  not_a_write();
  flush_scheduled_ = false;
  auto staged_in_round = std::exchange(staged_this_round_, 0);
  if (gather_armed_ && now >= gather_due_) gather_armed_ = false;
  if (staged_ == 0) return group_step::idle;
  if (now >= deadline()) return group_step::commit;
  // More is arriving: gather another round. Only while rounds bring writes: a steady
  // stream of other messages (mailbox probes) would otherwise hold the group round after
  // round until max_delay.
  if (staged_in_round > 0 && queued > 0) return request_flush();
  if (staged_ >= expected_) return group_step::commit;
  // The rest of the expected group is still on its way through the document actors.
  if (gather_armed_) return group_step::wait;
  gather_armed_ = true;
  gather_due_ = deadline();
  return group_step::flush_at_deadline;
}

void group_commit::not_a_write() {
  if (counted_backlog_ == 0) return;
  --counted_backlog_;
  if (expected_ > 1) --expected_;
}

group_step group_commit::other_message() {
  not_a_write();
  // The group it lowered may be complete now: look again (the flush commits it).
  if (gather_armed_ && staged_ > 0 && staged_ >= expected_) return request_flush();
  return group_step::wait;
}

void group_commit::committed(std::size_t batch, std::size_t queued) {
  staged_ = 0;
  counted_backlog_ = queued;
  expected_ = std::clamp<std::size_t>(batch + queued, 1, max_batch_);
}

}  // namespace wm::store
