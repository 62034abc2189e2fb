#include "backpressure/series.h"

#include <algorithm>

namespace bp {

void Series::close_point() {
  points_.push_back(pending());
  acc_sum_ = acc_max_ = 0;
  acc_samples_ = 0;
  pending_steps_ = 0;
  if (points_.size() == kCapacity) compact();
}

SeriesPoint Series::pending() const {
  SeriesPoint p;
  p.samples = acc_samples_;
  p.mean = acc_samples_ ? acc_sum_ / acc_samples_ : std::numeric_limits<double>::quiet_NaN();
  p.max = acc_samples_ ? acc_max_ : std::numeric_limits<double>::quiet_NaN();
  return p;
}

void Series::compact() {
  std::vector<SeriesPoint> merged;
  merged.reserve(kCapacity);
  for (std::size_t i = 0; i + 1 < points_.size(); i += 2) {
    const SeriesPoint& a = points_[i];
    const SeriesPoint& b = points_[i + 1];
    SeriesPoint m;
    m.samples = a.samples + b.samples;
    if (m.samples == 0) {
      m.mean = m.max = std::numeric_limits<double>::quiet_NaN();
    } else {
      const double sa = a.samples ? a.mean * a.samples : 0.0;
      const double sb = b.samples ? b.mean * b.samples : 0.0;
      m.mean = (sa + sb) / m.samples;
      m.max = !a.samples ? b.max : !b.samples ? a.max : std::max(a.max, b.max);
    }
    merged.push_back(m);
  }
  points_ = std::move(merged);
  steps_per_point_ *= 2;
}

double Series::recent(std::size_t ago) const {
  const std::int64_t idx = steps_ - 1 - static_cast<std::int64_t>(ago);
  if (idx < 0 || ago >= kRecent) return std::numeric_limits<double>::quiet_NaN();
  return ring_[static_cast<std::size_t>(idx) & (kRecent - 1)];
}

}  // namespace bp
