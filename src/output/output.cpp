#include "output/output.h"

#include "output/atomic_file.h"
#include "output/report_card.h"

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

namespace bp {

namespace {
// Built front to back: inserting into the digits in place trips a GCC 12
// -Wrestrict false positive.
std::string with_commas(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string s;
  s.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s.push_back(',');
    s.push_back(digits[i]);
  }
  return s;
}
}  // namespace

void print_summary(std::ostream& out, const Simulator& sim, const nlohmann::json& r) {
  const auto& req = r["requests"];
  const auto& lat = r["latency_ms"];
  out << fmt::format("{} (seed {}), {:.1f} simulated hours\n", sim.scenario().title, sim.seed(),
                     r["simulated_seconds"].get<double>() / 3600.0);
  out << fmt::format("  requests   {} total, {} ok, {} failed ({:.3f}% succeeded)\n",
                     with_commas(req["total"].get<std::uint64_t>()), with_commas(req["ok"].get<std::uint64_t>()),
                     with_commas(req["failed"].get<std::uint64_t>()), 100.0 * req["success_ratio"].get<double>());
  if (req["failed"].get<std::uint64_t>() > 0) {
    std::string reasons;
    for (auto it = req["errors"].begin(); it != req["errors"].end(); ++it)
      if (it.value().get<std::uint64_t>() > 0)
        reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", with_commas(it.value().get<std::uint64_t>()), it.key());
    out << "  errors     " << reasons << "\n";
  }
  out << fmt::format("  latency    mean {:.1f} ms, p50 {:.1f} ms, p95 {:.1f} ms, p99 {:.1f} ms\n", lat["mean"].get<double>(),
                     lat["p50"].get<double>(), lat["p95"].get<double>(), lat["p99"].get<double>());
  out << fmt::format("  cost       ${:.2f} over the run, ${:.2f} per month\n", r["cost"]["total_usd"].get<double>(),
                     r["cost"]["monthly_usd"].get<double>());
  out << "  components\n";
  for (auto it = r["components"].begin(); it != r["components"].end(); ++it) {
    const auto& c = it.value();
    out << fmt::format("    {:<12} {:<9} {:>12} in  {:>9} errors  util {:5.1f}%  max queue {}\n", it.key(),
                       c["type"].get<std::string>(), with_commas(c["arrivals"].get<std::uint64_t>()),
                       with_commas(c["errors"].get<std::uint64_t>()), 100.0 * c["utilization_mean"].get<double>(),
                       with_commas(c["queue_max"].get<std::uint64_t>()));
  }
  print_report_card(out, r);
}

std::string series_csv(const Simulator& sim) {
  const auto& all = sim.series();
  std::string out = "time_s";
  for (const auto& s : all) out += fmt::format(",{}.{}", s.component(), s.name());
  out += "\n";
  if (all.empty()) return out;
  const auto& first = all.front();
  const std::size_t rows = first.points().size() + (first.has_pending() ? 1 : 0);
  const double point_s = to_seconds(sim.step()) * static_cast<double>(first.steps_per_point());
  for (std::size_t i = 0; i < rows; ++i) {
    const double end_s = std::min(point_s * static_cast<double>(i + 1), to_seconds(sim.now()));
    out += fmt::format("{:.1f}", end_s);
    for (const auto& s : all) {
      const SeriesPoint p = i < s.points().size() ? s.points()[i] : s.pending();
      out += p.samples ? fmt::format(",{:.6g}", p.mean) : ",";
    }
    out += "\n";
  }
  return out;
}

void write_text_file(const std::string& path, const std::string& text) {
  if (const std::string problem = write_file_atomically(path, text); !problem.empty())
    throw std::runtime_error("cannot write " + problem);
}

}  // namespace bp
