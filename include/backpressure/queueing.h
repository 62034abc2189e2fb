#pragma once
// Textbook queueing formulas (../docs/model.md, "Checked against theory"):
// the simulator is held to them by the tests and the benchmark prints them
// beside its own figures, so both use this one copy.
#include <limits>

namespace bp {

// Erlang C: probability that an arrival to an M/M/c queue with offered load
// a = lambda/mu has to wait. Terms a^k/k! are built iteratively.
inline double erlang_c(int c, double a) {
  const double rho = a / c;
  double term = 1.0;  // a^0 / 0!
  double sum = 0.0;   // sum_{k=0}^{c-1} a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);  // becomes a^(k+1) / (k+1)!
  }
  const double top = term / (1.0 - rho);  // a^c / c! / (1 - rho)
  return top / (sum + top);
}

// Mean response time (wait + service) of M/M/c, in the units of 1/mu;
// infinite when the station is overloaded.
inline double mmc_mean_response(int c, double lambda, double mu) {
  if (lambda >= c * mu) return std::numeric_limits<double>::infinity();
  const double C = erlang_c(c, lambda / mu);
  return C / (c * mu - lambda) + 1.0 / mu;
}

}  // namespace bp
