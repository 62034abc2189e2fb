#pragma once
// Bounded per-step time series.
//
// Every step contributes one value. The newest kRecent steps are kept at full
// resolution; the whole history is kept in at most kCapacity points, and when
// that fills up neighbouring points are merged pairwise, so a point covers
// 1, 2, 4, ... steps. Memory therefore stays constant for any run length.
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace bp {

struct SeriesPoint {
  double mean = 0;   // mean over the steps with a value
  double max = 0;
  std::uint32_t samples = 0;  // steps in this point that had a value
};

// Aligned so that what push() touches besides the ring (the counters and the
// accumulator, first below) shares one cache line: every series is pushed
// every step.
class alignas(64) Series {
 public:
  static constexpr std::size_t kCapacity = 2048;
  static constexpr std::size_t kRecent = 512;  // a power of two: the ring index is a mask

  Series(std::string component, std::string name, std::string unit)
      : component_(std::move(component)), name_(std::move(name)), unit_(std::move(unit)) {}

  // NaN means "no value this step" (e.g. a latency quantile with no requests).
  // Called for every series at every step, so the common path is inline.
  void push(double value) {
    ring_[static_cast<std::size_t>(steps_) & (kRecent - 1)] = static_cast<float>(value);
    ++steps_;
    if (value == value) {  // not NaN
      acc_max_ = (acc_samples_ == 0 || value > acc_max_) ? value : acc_max_;
      acc_sum_ += value;
      ++acc_samples_;
    }
    if (++pending_steps_ >= steps_per_point_) close_point();
  }

  const std::string& component() const { return component_; }
  const std::string& name() const { return name_; }
  const std::string& unit() const { return unit_; }
  std::int64_t steps() const { return steps_; }
  std::int64_t steps_per_point() const { return steps_per_point_; }
  // History points; the last one may be partial (see pending()).
  const std::vector<SeriesPoint>& points() const { return points_; }
  // The point still being filled, if any steps went into it.
  bool has_pending() const { return pending_steps_ > 0; }
  SeriesPoint pending() const;
  // Value of one of the newest kRecent steps; ago = 0 is the latest step.
  double recent(std::size_t ago) const;
  std::size_t recent_size() const { return steps_ < static_cast<std::int64_t>(kRecent) ? static_cast<std::size_t>(steps_) : kRecent; }
  double last() const { return steps_ ? recent(0) : std::numeric_limits<double>::quiet_NaN(); }

 private:
  void compact();
  void close_point();

  std::int64_t steps_ = 0;
  std::int64_t steps_per_point_ = 1;
  // accumulator for the point being filled
  double acc_sum_ = 0, acc_max_ = 0;
  std::uint32_t acc_samples_ = 0;
  std::int64_t pending_steps_ = 0;
  std::string component_, name_, unit_;
  std::vector<SeriesPoint> points_;
  std::array<float, kRecent> ring_{};
};

}  // namespace bp
