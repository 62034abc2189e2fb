#pragma once
// A service- or delay-time distribution, as written in scenario files.
#include <string>

#include "backpressure/rng.h"
#include "backpressure/time.h"

namespace bp {

struct Distribution {
  enum class Kind { Constant, Exponential, Lognormal, Uniform };
  Kind kind = Kind::Constant;
  double mean_us = 0;   // constant value, or the mean
  double sigma = 0;     // lognormal shape
  double mu = 0;        // lognormal log-scale location
  double min_us = 0;    // uniform bounds
  double max_us = 0;

  static Distribution constant(double us);
  static Distribution exponential(double mean_us);
  static Distribution lognormal_sigma(double mean_us, double sigma);
  // Fits sigma so that the 99th percentile is p99_us; needs p99 > median.
  static Distribution lognormal_p99(double mean_us, double p99_us);
  static Distribution uniform(double min_us, double max_us);

  double mean() const { return mean_us; }
  // Draws one duration in whole microseconds (at least 1 for non-zero means,
  // so a positive service time never collapses into a zero-time event).
  SimTime sample(RngStream& rng) const;
  std::string describe() const;  // "lognormal mean 6ms sigma 0.5"

  Distribution scaled(double factor) const;
};

}  // namespace bp
