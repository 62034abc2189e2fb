#include "backpressure/timeline.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace bp {

Timeline::Timeline(const Simulator& start, TimelineOptions options)
    : head_(start), every_(std::max<std::int64_t>(1, options.snapshot_every)),
      max_snapshots_(std::max<std::size_t>(2, options.max_snapshots)) {
  // The first snapshot holds no pending commands: they are recorded as
  // submitted at this step like any other, so a replay submits them once.
  Simulator first(start);
  while (first.withdraw_last()) {
  }
  snapshots_.push_back({first.step_index(), std::move(first)});
}

void Timeline::record_pending() {
  if (head_.pending().empty() || head_.finished()) return;
  auto& at = submitted_[head_.step_index()];
  // Recorded when the head leaves the step, so a command withdrawn before
  // then was never made, as far as a replay is concerned.
  at.insert(at.end(), head_.pending().begin(), head_.pending().end());
}

void Timeline::maybe_snapshot() {
  const std::int64_t step = head_.step_index();
  if (step % every_ != 0 || step <= snapshots_.back().step) return;
  if (snapshots_.size() >= max_snapshots_) {
    // Thinning keeps the spacing even (every_ doubles) so the worst replay
    // a seek needs is bounded by one interval, whatever the run's length.
    every_ *= 2;
    std::vector<Snapshot> kept;
    kept.reserve(max_snapshots_);
    for (auto& s : snapshots_)
      if (s.step == snapshots_.front().step || s.step % every_ == 0) kept.push_back(std::move(s));
    snapshots_ = std::move(kept);
    if (step % every_ != 0) return;
  }
  snapshots_.push_back({step, head_});
}

void Timeline::advance(std::int64_t steps) {
  for (std::int64_t i = 0; i < steps && !head_.finished(); ++i) {
    record_pending();
    head_.advance(1);
    maybe_snapshot();
  }
}

void Timeline::run_until(SimTime t) {
  while (head_.now() < t && !head_.finished()) {
    record_pending();
    head_.advance(1);
    maybe_snapshot();
  }
}

Simulator Timeline::seek(std::int64_t step) const {
  if (step < snapshots_.front().step || step > head_.step_index())
    throw std::out_of_range("step " + std::to_string(step) + " is outside the timeline (" +
                            std::to_string(snapshots_.front().step) + " to " + std::to_string(head_.step_index()) + ")");
  auto from = std::upper_bound(snapshots_.begin(), snapshots_.end(), step,
                               [](std::int64_t s, const Snapshot& snap) { return s < snap.step; });
  --from;
  Simulator sim(from->sim);
  // Between submissions the run goes in one call; only the steps where
  // commands were submitted are stopped at.
  for (auto it = submitted_.lower_bound(sim.step_index()); it != submitted_.end() && it->first < step; ++it) {
    sim.advance(it->first - sim.step_index());
    for (const Command& c : it->second) {
      const std::string problem = sim.submit(c);
      // The same run at the same step: a command it accepted then it accepts now.
      if (!problem.empty()) throw std::logic_error("timeline replay refused a command: " + problem);
    }
  }
  sim.advance(step - sim.step_index());
  return sim;
}

std::vector<std::int64_t> Timeline::snapshot_steps() const {
  std::vector<std::int64_t> out;
  out.reserve(snapshots_.size());
  for (const auto& s : snapshots_) out.push_back(s.step);
  return out;
}

}  // namespace bp
