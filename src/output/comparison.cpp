#include "output/comparison.h"

#include <algorithm>

#include <fmt/format.h>

#include "output/table.h"

namespace bp {

namespace {

std::string cell(const nlohmann::json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) return fmt::format("{:.6g}", v.get<double>());
  if (v.is_array()) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + cell(x);
    return s.empty() ? "none" : s;
  }
  return v.dump();
}

std::string split_text(const Comparison& c) {
  if (c.split_step < 0) return "The two runs never split: every series is the same at every step.";
  const auto secs = static_cast<long long>(c.split_s);
  return fmt::format("The futures split at {:02}:{:02}:{:02} (step {}), the first step where any series differs.",
                     secs / 3600, secs / 60 % 60, secs % 60, c.split_step);
}

}  // namespace

void print_comparison(std::ostream& out, const Comparison& c) {
  Table t;
  t.columns = {"", "item", "A", "B"};
  for (const auto& d : c.differences) t.rows.push_back({d.changed ? "*" : "", d.label, cell(d.a), cell(d.b)});
  out << fmt::format("A: {}\nB: {}{}\n\n", cell(c.report_a["scenario"]["title"]), cell(c.report_b["scenario"]["title"]),
                     c.from_step > 0 ? fmt::format(" (branched from A at step {})", c.from_step) : "");
  out << render_table(t, "table") << "\n";
  std::size_t changed = 0;
  for (const auto& d : c.differences)
    if (d.changed) {
      out << "* " << d.sentence << "\n";
      ++changed;
    }
  if (changed == 0) out << "No item of the report card differs.\n";
  out << "\n" << split_text(c) << "\n";
}

nlohmann::json comparison_json(const Comparison& c) {
  return {{"a", c.report_a},
          {"b", c.report_b},
          {"from_step", c.from_step},
          {"split_step", c.split_step < 0 ? nlohmann::json(nullptr) : nlohmann::json(c.split_step)},
          {"split_s", c.split_step < 0 ? nlohmann::json(nullptr) : nlohmann::json(c.split_s)},
          {"differences", differences_json(c.differences)}};
}

std::string series_csv_pair(const Simulator& a, const Simulator& b) {
  std::string out = "time_s";
  for (const auto& s : a.series()) out += fmt::format(",A.{}.{}", s.component(), s.name());
  for (const auto& s : b.series()) out += fmt::format(",B.{}.{}", s.component(), s.name());
  out += "\n";
  // Two runs of one scenario have the same length, so their series merge
  // points alike and row i is the same stretch of time in both.
  auto rows_of = [](const Simulator& sim) -> std::size_t {
    if (sim.series().empty()) return 0;
    const auto& f = sim.series().front();
    return f.points().size() + (f.has_pending() ? 1 : 0);
  };
  const std::size_t rows = std::max(rows_of(a), rows_of(b));
  const Simulator& longest = rows_of(a) >= rows_of(b) ? a : b;
  if (rows == 0) return out;
  const double point_s = to_seconds(longest.step()) * static_cast<double>(longest.series().front().steps_per_point());
  for (std::size_t i = 0; i < rows; ++i) {
    out += fmt::format("{:.1f}", std::min(point_s * static_cast<double>(i + 1), to_seconds(longest.now())));
    for (const Simulator* sim : {&a, &b})
      for (const auto& s : sim->series()) {
        const bool have = i < s.points().size() || (i == s.points().size() && s.has_pending());
        const SeriesPoint p = !have ? SeriesPoint{} : i < s.points().size() ? s.points()[i] : s.pending();
        out += have && p.samples ? fmt::format(",{:.6g}", p.mean) : ",";
      }
    out += "\n";
  }
  return out;
}

}  // namespace bp
