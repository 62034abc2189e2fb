#pragma once
// A token bucket: admits `rate` per second on average and up to `burst` at
// once. Tokens are counted in millionths, and the refill of rate x elapsed
// microseconds lands on that grid exactly for whole rates, so a window of t
// admits exactly floor(rate x t + burst) when demand never lets up: no
// rounding drift over a long run. A rate of 0 switches the limit off.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "backpressure/time.h"

namespace bp {

class TokenBucket {
 public:
  static constexpr std::int64_t kToken = 1'000'000;  // one token, in millionths

  // A changed limit keeps the tokens already saved (up to the new burst), so
  // changing it mid-run neither forgives nor punishes the traffic in flight.
  void configure(double rate_per_second, double burst, SimTime now) {
    refill(now);
    const bool was_off = !configured_ || rate_ <= 0;
    rate_ = std::max(0.0, rate_per_second);
    capacity_ = static_cast<std::int64_t>(std::llround(std::max(1.0, burst) * kToken));
    if (was_off) credit_ = capacity_;  // a new limit, or one turned back on, starts full
    credit_ = std::min(credit_, capacity_);
    configured_ = true;
  }
  bool on() const { return rate_ > 0; }
  double rate() const { return rate_; }

  // Takes one token if there is one; always true while the limit is off.
  bool take(SimTime now) {
    if (rate_ <= 0) return true;
    refill(now);
    if (credit_ < kToken) return false;
    credit_ -= kToken;
    return true;
  }
  double tokens(SimTime now) {
    refill(now);
    return static_cast<double>(credit_) / kToken;
  }

 private:
  void refill(SimTime now) {
    if (now > last_ && rate_ > 0) {
      // rate tokens per second = rate millionths per microsecond.
      const double gained = rate_ * static_cast<double>(now - last_);
      const auto room = static_cast<double>(capacity_ - credit_);
      credit_ += gained >= room ? capacity_ - credit_ : static_cast<std::int64_t>(gained);
    }
    last_ = std::max(last_, now);
  }

  double rate_ = 0;
  std::int64_t capacity_ = kToken, credit_ = kToken;
  SimTime last_ = 0;
  bool configured_ = false;
};

}  // namespace bp
