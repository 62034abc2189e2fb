#include "cli/output.h"

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

namespace bp {

namespace {
std::string with_commas(std::uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}
}  // namespace

namespace {
std::string clock(double seconds) {
  const auto s = static_cast<long long>(seconds);
  return fmt::format("day {} {:02}:{:02}", s / 86400 + 1, (s % 86400) / 3600, (s % 3600) / 60);
}

void print_report_card(std::ostream& out, const nlohmann::json& r) {
  const auto& g = r["grade"];
  if (!g.value("graded", false)) return;
  out << fmt::format("\nReport card: {} ({:.1f}/100)\n", g["letter"].get<std::string>(), g["score"].get<double>());
  for (const auto& item : g["items"]) {
    const bool pass = item["pass"].get<bool>();
    std::string line = fmt::format("  {} {:<14} {:>10.2f} {:<8} target {:.2f}", pass ? "\u2713" : "\u2717",
                                   item["item"].get<std::string>(), item["measured"].get<double>(),
                                   item["unit"].get<std::string>(), item["target"].get<double>());
    if (!item["first_breach_s"].is_null()) line += "  first broken " + clock(item["first_breach_s"].get<double>());
    out << line << "\n";
    if (!item["detail"].get<std::string>().empty()) out << "      " << item["detail"].get<std::string>() << "\n";
  }
  // One timeline of what happened and what the player did.
  std::vector<std::pair<double, std::string>> events;
  for (const auto& i : r["incidents"])
    if (!i["started_s"].is_null())
      events.emplace_back(i["started_s"].get<double>(), "incident  " + i["id"].get<std::string>() + " (" + i["kind"].get<std::string>() + ")");
  for (const auto& a : r["alerts"])
    events.emplace_back(a["fired_s"].get<double>(),
                        fmt::format("alert     {} [{}] {} {} {}", a["id"].get<std::string>(), a["severity"].get<std::string>(),
                                    a["metric"].get<std::string>(), a["condition"].get<std::string>(), a["threshold"].get<double>()));
  for (const auto& c : r["commands"])
    events.emplace_back(c["step"].get<double>() * r["step_ms"].get<double>() / 1000.0, "command   " + c.dump());
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  if (!events.empty()) out << "\nTimeline\n";
  const std::size_t shown = std::min<std::size_t>(events.size(), 40);
  for (std::size_t i = 0; i < shown; ++i) out << "  " << clock(events[i].first) << "  " << events[i].second << "\n";
  if (events.size() > shown) out << fmt::format("  ... and {} more (see the JSON report)\n", events.size() - shown);
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
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    // A device or pipe (/dev/stdout, /dev/null): write through it.
    std::ofstream f(path, std::ios::binary);
    if (!(f << text)) throw std::runtime_error("cannot write " + path);
    return;
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw std::runtime_error("cannot write " + path);
    f << text;
    if (!f.flush()) throw std::runtime_error("cannot write " + path);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw std::runtime_error("cannot write " + path);
}

}  // namespace bp
