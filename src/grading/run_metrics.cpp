#include "grading/run_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "backpressure/run_record.h"

namespace bp {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

RunGrid::RunGrid(const RunRecord& run, std::size_t windows)
    : run_(run), step_(run.scenario.step), steps_(run.steps) {
  const auto wanted = static_cast<std::int64_t>(std::max<std::size_t>(1, windows));
  window_steps_ = std::max<std::int64_t>(1, (steps_ + wanted - 1) / wanted);
  count_ = static_cast<std::size_t>((steps_ + window_steps_ - 1) / window_steps_);
}

SimTime RunGrid::end(std::size_t w) const { return std::min(start(w) + window(), steps_ * step_); }

std::size_t RunGrid::windows_for(SimTime duration, std::size_t at_least) const {
  const SimTime win = window();
  return std::max<std::size_t>(at_least, static_cast<std::size_t>((duration + win - 1) / win));
}

std::vector<double> RunGrid::values(const std::string& component, const std::string& name) const {
  std::vector<double> sum(count_, 0.0), weight(count_, 0.0);
  const Series* found = nullptr;
  for (const auto& s : run_.series)
    if (s.component() == component && s.name() == name) found = &s;
  std::vector<double> out(count_, kNaN);
  if (!found || count_ == 0) return out;
  const Series& s = *found;
  // A series created mid-run (a producer added by a command) began late.
  const std::int64_t offset = steps_ - s.steps();
  const std::int64_t spp = s.steps_per_point();
  auto spread = [&](const SeriesPoint& p, std::int64_t first, std::int64_t last) {
    if (p.samples == 0 || last <= first) return;
    const double per_step = static_cast<double>(p.samples) / static_cast<double>(last - first);
    for (std::int64_t a = first; a < last;) {
      const auto w = static_cast<std::size_t>(a / window_steps_);
      if (w >= count_) break;
      const std::int64_t b = std::min(last, static_cast<std::int64_t>(w + 1) * window_steps_);
      const double wgt = per_step * static_cast<double>(b - a);
      sum[w] += p.mean * wgt;
      weight[w] += wgt;
      a = b;
    }
  };
  const auto& points = s.points();
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::int64_t first = offset + static_cast<std::int64_t>(i) * spp;
    spread(points[i], first, first + spp);
  }
  if (s.has_pending()) spread(s.pending(), offset + static_cast<std::int64_t>(points.size()) * spp, steps_);
  for (std::size_t w = 0; w < count_; ++w)
    if (weight[w] > 0) out[w] = sum[w] / weight[w];
  return out;
}

std::vector<Span> spans(const std::vector<bool>& holds, std::size_t min_windows) {
  std::vector<Span> out;
  std::size_t i = 0;
  while (i < holds.size()) {
    if (!holds[i]) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < holds.size() && holds[j]) ++j;
    if (j - i >= min_windows) out.push_back({i, j});
    i = j;
  }
  return out;
}

bool known(double v) { return !std::isnan(v); }

double mean_over(const std::vector<double>& v, std::size_t from, std::size_t to) {
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t i = from; i < std::min(to, v.size()); ++i)
    if (known(v[i])) {
      sum += v[i];
      ++n;
    }
  return n ? sum / static_cast<double>(n) : kNaN;
}

double max_over(const std::vector<double>& v, std::size_t from, std::size_t to) {
  double best = kNaN;
  for (std::size_t i = from; i < std::min(to, v.size()); ++i)
    if (known(v[i]) && (!known(best) || v[i] > best)) best = v[i];
  return best;
}

double min_over(const std::vector<double>& v, std::size_t from, std::size_t to) {
  double best = kNaN;
  for (std::size_t i = from; i < std::min(to, v.size()); ++i)
    if (known(v[i]) && (!known(best) || v[i] < best)) best = v[i];
  return best;
}

double quantile_of(const std::vector<double>& v, double q, std::size_t from, std::size_t to) {
  std::vector<double> k;
  for (std::size_t i = from; i < std::min(to, v.size()); ++i)
    if (known(v[i])) k.push_back(v[i]);
  if (k.empty()) return kNaN;
  std::sort(k.begin(), k.end());
  const auto idx = static_cast<std::size_t>(std::floor(q * static_cast<double>(k.size() - 1)));
  return k[idx];
}

std::string count_text(double n) {
  if (!known(n)) return "?";
  if (std::fabs(n) < 10 && std::fabs(n - std::round(n)) > 0.05) return fmt::format("{:.1f}", n);
  const auto whole = static_cast<long long>(std::llround(n));
  // Built front to back: inserting commas in place trips a GCC 12 -Wrestrict false positive.
  const std::string digits = std::to_string(whole < 0 ? -whole : whole);
  std::string s = whole < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s.push_back(',');
    s.push_back(digits[i]);
  }
  return s;
}

std::string clock_text(SimTime t, SimTime run_length) {
  const auto s = static_cast<long long>(t / kSecond);
  if (run_length > kDay)
    return fmt::format("day {} {:02}:{:02}", s / 86400 + 1, (s % 86400) / 3600, (s % 3600) / 60);
  if (run_length > 2 * kHour) return fmt::format("{:02}:{:02}", s / 3600, (s % 3600) / 60);
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60);
}

std::string span_text(SimTime d) {
  const auto s = static_cast<long long>(d / kSecond);
  if (d < kSecond) return "under a second";
  if (s < 90) return fmt::format("{} s", s);
  if (s < 90 * 60) return fmt::format("{} min", (s + 30) / 60);
  if (s < 48 * 3600) return fmt::format("{}h {:02}m", s / 3600, (s % 3600) / 60);
  return fmt::format("{:.1f} days", static_cast<double>(s) / 86400.0);
}

std::string per_minute(double per_second) { return count_text(per_second * 60.0) + "/min"; }

}  // namespace bp
