#include "backpressure/distribution.h"

#include <cmath>
#include <fmt/format.h>

namespace bp {

namespace {
// z such that P(Z <= z) = 0.99 for a standard normal.
constexpr double kZ99 = 2.3263478740408408;

std::string fmt_us(double us) {
  if (us >= kSecond) return fmt::format("{:g}s", us / kSecond);
  if (us >= kMillisecond) return fmt::format("{:g}ms", us / kMillisecond);
  return fmt::format("{:g}us", us);
}
}  // namespace

Distribution Distribution::constant(double us) {
  Distribution d;
  d.kind = Kind::Constant;
  d.mean_us = us;
  return d;
}

Distribution Distribution::exponential(double mean_us) {
  Distribution d;
  d.kind = Kind::Exponential;
  d.mean_us = mean_us;
  return d;
}

Distribution Distribution::lognormal_sigma(double mean_us, double sigma) {
  Distribution d;
  d.kind = Kind::Lognormal;
  d.mean_us = mean_us;
  d.sigma = sigma;
  // E[X] = exp(mu + sigma^2/2)
  d.mu = std::log(mean_us) - 0.5 * sigma * sigma;
  return d;
}

Distribution Distribution::lognormal_p99(double mean_us, double p99_us) {
  // ln p99 = mu + z*sigma and ln mean = mu + sigma^2/2, so
  // sigma^2/2 - z*sigma + ln(p99/mean) = 0; take the smaller root.
  const double r = std::log(p99_us / mean_us);
  const double disc = kZ99 * kZ99 - 2.0 * r;
  const double sigma = kZ99 - std::sqrt(disc > 0 ? disc : 0.0);
  return lognormal_sigma(mean_us, sigma);
}

Distribution Distribution::uniform(double min_us, double max_us) {
  Distribution d;
  d.kind = Kind::Uniform;
  d.min_us = min_us;
  d.max_us = max_us;
  d.mean_us = 0.5 * (min_us + max_us);
  return d;
}

SimTime Distribution::sample(RngStream& rng) const {
  double x = 0;
  switch (kind) {
    case Kind::Constant: x = mean_us; break;
    case Kind::Exponential: x = rng.exponential(mean_us); break;
    case Kind::Lognormal: x = std::exp(mu + sigma * rng.standard_normal()); break;
    case Kind::Uniform: x = min_us + (max_us - min_us) * rng.uniform01(); break;
  }
  // Durations are never negative, so adding a half and truncating rounds to
  // nearest; llround does the same far more slowly on this hot path.
  const auto t = static_cast<SimTime>(x + 0.5);
  return (t <= 0 && mean_us > 0) ? 1 : t;
}

Distribution Distribution::scaled(double factor) const {
  Distribution d = *this;
  d.mean_us *= factor;
  d.min_us *= factor;
  d.max_us *= factor;
  if (kind == Kind::Lognormal) d.mu += std::log(factor);
  return d;
}

std::string Distribution::describe() const {
  switch (kind) {
    case Kind::Constant: return fmt_us(mean_us);
    case Kind::Exponential: return "exponential mean " + fmt_us(mean_us);
    case Kind::Lognormal: return fmt::format("lognormal mean {} sigma {:.3g}", fmt_us(mean_us), sigma);
    case Kind::Uniform: return fmt::format("uniform {}..{}", fmt_us(min_us), fmt_us(max_us));
  }
  return {};
}

}  // namespace bp
