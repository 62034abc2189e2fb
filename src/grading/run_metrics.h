#pragma once
// A run's series on one common time grid, for the analyses that explain a
// run after it ends (root causes, talking points). Series are stored at a
// resolution that coarsens as a run grows; here each is averaged into the
// same few hundred windows, so signals from different components line up.
#include <cstdint>
#include <string>
#include <vector>

#include "backpressure/series.h"
#include "backpressure/time.h"

namespace bp {

struct RunRecord;

class RunGrid {
 public:
  // About `windows` equal windows over the steps run so far.
  RunGrid(const RunRecord& run, std::size_t windows = 480);

  std::size_t size() const { return count_; }
  SimTime window() const { return window_steps_ * step_; }
  SimTime start(std::size_t w) const { return static_cast<SimTime>(w) * window(); }
  SimTime end(std::size_t w) const;
  // Windows covering at least `duration` (and at least `at_least` windows).
  std::size_t windows_for(SimTime duration, std::size_t at_least = 2) const;

  // The series' mean over each window; NaN where it had no value. A series
  // that does not exist gives all NaN.
  std::vector<double> values(const std::string& component, const std::string& name) const;

 private:
  const RunRecord& run_;
  SimTime step_;
  std::int64_t steps_;
  std::int64_t window_steps_;
  std::size_t count_;
};

// Spans of consecutive windows where a condition holds, each at least
// `min_windows` long.
struct Span {
  std::size_t from = 0, to = 0;  // [from, to)
  std::size_t length() const { return to - from; }
};
std::vector<Span> spans(const std::vector<bool>& holds, std::size_t min_windows);

// Statistics that skip NaN. Empty ranges give NaN.
double mean_over(const std::vector<double>& v, std::size_t from, std::size_t to);
double max_over(const std::vector<double>& v, std::size_t from, std::size_t to);
double min_over(const std::vector<double>& v, std::size_t from, std::size_t to);
double quantile_of(const std::vector<double>& v, double q, std::size_t from = 0, std::size_t to = SIZE_MAX);
bool known(double v);

// Words for evidence: "2,900" (rounded), "day 2 17:05" or "17:05:30",
// "3h 10m", "2,900/min" from a per-second rate.
std::string count_text(double n);
std::string clock_text(SimTime t, SimTime run_length);
std::string span_text(SimTime d);
std::string per_minute(double per_second);

}  // namespace bp
