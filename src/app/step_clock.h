#pragma once
// The game's fixed-timestep clock, after Glenn Fiedler's "Fix Your
// Timestep!": real time × speed accumulates, and the model advances only in
// whole fixed steps, so a run is the same at any frame rate. Stepping gets a
// wall-time budget per frame; when the steps owed do not fit, the rest is
// dropped (not carried, which would spiral) and behind() says so, so the
// player is told the speed was not reached instead of it silently slowing.
//
// No ImGui and no Simulator here: the tests drive it with a fake wall clock
// and a fake model.
#include <cstdint>
#include <functional>

namespace app {

class StepClock {
 public:
  // Wall time in seconds on a monotonic clock.
  using Now = std::function<double()>;
  // Advances the model by up to `n` whole steps and returns how many it
  // took: fewer means the run ended.
  using Advance = std::function<std::int64_t(std::int64_t n)>;
  // Steps advanced between budget checks: small enough that a frame
  // overruns its budget by little, large enough that reading the clock
  // costs nothing next to the stepping.
  static constexpr std::int64_t kBatch = 32;
  // The most steps ever owed at once. An infinite or absurd speed, or a
  // long stall, would otherwise owe more steps than an int64 counts (the
  // cast is undefined) or more than any frame could take; NaN owes nothing.
  static constexpr double kMaxOwedSteps = 1'000'000;

  // Without `now`, std::chrono::steady_clock.
  explicit StepClock(Now now = {});

  struct Tick {
    std::int64_t steps = 0;  // whole steps advanced
    double wall_s = 0;       // wall time spent advancing
    bool behind = false;     // steps were owed that the budget could not fit
  };
  // Adds real_dt × speed simulated seconds to what is owed and advances
  // while a whole step of `step_s` is owed. budget_s <= 0 means no budget
  // (screenshots and scripts, which must not depend on the machine).
  Tick tick(double real_dt, double speed, double step_s, double budget_s, const Advance& advance);
  // A new run, a finished one, or a jump (Next, Finish): nothing is owed.
  void reset();

  double owed() const { return owed_; }  // simulated seconds not yet stepped
  bool behind() const { return behind_; }

 private:
  Now now_;
  double owed_ = 0;
  bool behind_ = false;
};

}  // namespace app
