#include "step_clock.h"

#include <algorithm>
#include <chrono>

namespace app {

StepClock::StepClock(Now now) : now_(std::move(now)) {
  if (!now_)
    now_ = [] { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); };
}

void StepClock::reset() {
  owed_ = 0;
  behind_ = false;
}

StepClock::Tick StepClock::tick(double real_dt, double speed, double step_s, double budget_s, const Advance& advance) {
  Tick out;
  behind_ = false;
  if (!(step_s > 0)) return out;
  const double add = real_dt * speed;
  if (add > 0) owed_ = std::min(owed_ + add, kMaxOwedSteps * step_s);
  const double start = now_();
  while (owed_ >= step_s) {
    const auto whole = static_cast<std::int64_t>(owed_ / step_s);
    const std::int64_t batch = std::min(whole, kBatch);
    const std::int64_t took = advance(batch);
    out.steps += took;
    owed_ -= static_cast<double>(took) * step_s;
    if (took < batch) {  // the run ended: nothing more can be owed to it
      owed_ = 0;
      break;
    }
    if (budget_s > 0 && now_() - start > budget_s) {
      // Keep at most one step for the next frame; the rest is dropped.
      behind_ = owed_ >= step_s;
      owed_ = std::min(owed_, step_s);
      break;
    }
  }
  out.wall_s = now_() - start;
  out.behind = behind_;
  return out;
}

}  // namespace app
