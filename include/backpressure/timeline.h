#pragma once
// A run kept for going back: the head (the run as far as it has gone),
// snapshots taken on the way, and the commands submitted at each step, so
// any step already played can be rebuilt (seek) or taken as the start of
// another future (branch). Docs: docs/timelines.md.
#include <cstdint>
#include <map>
#include <vector>

#include "backpressure/command.h"
#include "backpressure/simulator.h"

namespace bp {

struct TimelineOptions {
  // Steps between snapshots at the start; doubles each time the snapshots
  // are thinned.
  std::int64_t snapshot_every = 9000;  // 15 minutes at 100 ms
  // At most this many snapshots are held, whatever the run's length: when a
  // new one would exceed it, every other one is dropped (the first is kept).
  std::size_t max_snapshots = 20;
};

class Timeline {
 public:
  // `start` is the run at its first moment (usually step 0, a script set);
  // commands pending on it count as submitted at its step.
  explicit Timeline(const Simulator& start, TimelineOptions options = {});

  // The run as far as it has gone. Submit commands to it between advances;
  // whatever is pending when it next advances is what a seek replays.
  Simulator& head() { return head_; }
  const Simulator& head() const { return head_; }
  void advance(std::int64_t steps = 1);
  void run_until(SimTime t);
  void run_to_end() { run_until(head_.duration()); }

  // The run as it stood at `step` (0 <= step <= head's step), before the
  // commands submitted at that step: the nearest earlier snapshot, replayed
  // with the same commands. It continues exactly as the head did, given the
  // same commands. Throws std::out_of_range beyond the head.
  Simulator seek(std::int64_t step) const;
  // The same moment, as the start of another future: submit different
  // commands to it and advance it. Nothing is shared with the timeline.
  Simulator branch(std::int64_t step) const { return seek(step); }

  // The step of every snapshot held, oldest first.
  std::vector<std::int64_t> snapshot_steps() const;
  std::int64_t snapshot_every() const { return every_; }
  // Commands submitted at each step (they applied at the next boundary).
  const std::map<std::int64_t, std::vector<Command>>& submitted() const { return submitted_; }

 private:
  struct Snapshot {
    std::int64_t step;
    Simulator sim;
  };
  void record_pending();
  void maybe_snapshot();
  Simulator head_;
  std::vector<Snapshot> snapshots_;
  std::map<std::int64_t, std::vector<Command>> submitted_;
  std::int64_t every_;
  std::size_t max_snapshots_;
};

}  // namespace bp
