#pragma once
// The store's group-commit decisions, without the actor: when a staged group commits,
// when the store sends itself a flush to look again, and when it arms the one timer that
// bounds the wait. The store actor feeds it what happened (a write staged, its flush
// arrived, some other message handled, a commit done) with the clock and its mailbox
// size, and carries out the step it answers. Pure, so property tests can drive it
// through any interleaving of writes, probes and flushes.
#include <chrono>
#include <cstddef>

namespace wm::store {

// What the store does after an event.
enum class group_step {
  wait,               // nothing now
  commit,             // commit the staged group
  flush_soon,         // send itself a flush (lands behind what is queued)
  flush_at_deadline,  // send itself a flush at deadline() (the gather timer)
  idle,               // nothing staged: a flush is the idle index catch-up's turn
};

class group_commit {
 public:
  using clock = std::chrono::steady_clock;

  group_commit(std::size_t max_batch, clock::duration max_delay);

  // A write was staged into the open transaction; `queued` messages wait behind it.
  group_step staged(clock::time_point now, std::size_t queued);
  // The store's own flush message (a nudge or the gather timer) arrived.
  group_step flushed(clock::time_point now, std::size_t queued);
  // A message that is not a write (a mailbox probe, a refused write) was handled. It may
  // complete the group the store gathers for.
  group_step other_message();
  // The same for a read, which commits the staged group itself right after.
  void not_a_write();
  // The store wants another look after what is queued (the idle index catch-up): a
  // flush, unless one is on its way already.
  group_step request_flush();
  // The staged group of `batch` writes committed; `queued` messages wait behind it.
  void committed(std::size_t batch, std::size_t queued);

  std::size_t staged_count() const noexcept { return staged_; }
  std::size_t expected() const noexcept { return expected_; }
  // The latest the staged group commits: max_delay after its oldest write.
  clock::time_point deadline() const noexcept { return oldest_ + max_delay_; }

 private:
  std::size_t max_batch_;
  clock::duration max_delay_;
  std::size_t staged_ = 0;
  clock::time_point oldest_{};
  bool flush_scheduled_ = false;
  // Writes the next group is expected to gather: the writers the last commit answered
  // plus whatever arrived while it ran (closed-loop clients come back with their next
  // write). Below it, an empty mailbox means "not yet", not "no more": the group waits
  // (at most max_delay from its oldest write) instead of taking an fsync of its own.
  std::size_t expected_ = 1;
  // The messages counted into expected_ that have not been handled yet. Each of them that
  // turns out not to be a write lowers expected_ again: else a lone writer would wait the
  // whole max_delay for a write that never comes.
  std::size_t counted_backlog_ = 0;
  // Writes staged since the last flush: a gather round that staged none has nothing to
  // wait for, whatever else keeps the mailbox non-empty.
  std::size_t staged_this_round_ = 0;
  // One gather timer at a time (a delayed send cannot be cancelled; a stale one is only
  // one more look at the queue).
  bool gather_armed_ = false;
  clock::time_point gather_due_{};
};

}  // namespace wm::store
