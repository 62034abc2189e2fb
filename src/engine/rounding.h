#pragma once
#include <cmath>

namespace bp {

// Rounds to a decimal grid (unit 0.01 keeps cents). Dividing by the inverse
// rather than multiplying by the unit keeps the result the shortest decimal,
// so reports and messages stay readable.
inline double round_to(double v, double unit) {
  const double inverse = std::round(1.0 / unit);
  return std::round(v * inverse) / inverse;
}

}  // namespace bp
