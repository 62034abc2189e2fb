#include "output/report_card.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "grading/talking_points.h"

namespace bp {

namespace {

constexpr std::size_t kWidth = 100;        // wrap long sentences for an ordinary terminal
constexpr std::size_t kTimelineRows = 40;  // the rest is in the JSON report

std::string clock(double seconds, double run_seconds) {
  const auto s = static_cast<long long>(seconds);
  if (run_seconds > 86400) return fmt::format("day {} {:02}:{:02}", s / 86400 + 1, (s % 86400) / 3600, (s % 3600) / 60);
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60);
}

std::string duration(double seconds) {
  if (seconds < 90) return fmt::format("{:.0f} s", seconds);
  if (seconds < 5400) return fmt::format("{:.0f} min", seconds / 60);
  return fmt::format("{:.1f} h", seconds / 3600);
}

// Words wrapped at kWidth; the first line after `first`, the rest after `rest`.
void wrapped(std::ostream& out, const std::string& text, const std::string& first, const std::string& rest) {
  std::string line = first;
  std::size_t used = first.size(), start = 0;
  bool empty = true;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!empty && used + 1 + word.size() > kWidth) {
      out << line << '\n';
      line = rest;
      used = rest.size();
      empty = true;
    }
    if (!empty) {
      line += ' ';
      ++used;
    }
    line += word;
    used += word.size();
    empty = false;
    start = end + 1;
  }
  out << line << '\n';
}

void print_items(std::ostream& out, const nlohmann::json& g, double run_s) {
  out << fmt::format("\nReport card: {} ({:.1f}/100), {}\n", g["letter"].get<std::string>(), g["score"].get<double>(),
                     g["passed"].get<bool>() ? "every promise kept" : "contract broken");
  if (const std::string cap = g.value("letter_cap", std::string()); !cap.empty()) out << "  " << cap << '\n';
  for (const auto& item : g["items"]) {
    const bool pass = item["pass"].get<bool>();
    const std::string name = item["item"].get<std::string>();
    const std::string unit = item["unit"].get<std::string>();
    // Upper limits (latency, budget) and lower ones (uptime, freshness) read differently.
    const bool at_most = name == "p95_latency" || name == "budget";
    std::string line = fmt::format("  {} {:<14} {:>10.2f} {:<8} {} {:.2f}", pass ? "\u2713" : "\u2717", name,
                                   item["measured"].get<double>(), unit, at_most ? "target \u2264" : "target \u2265",
                                   item["target"].get<double>());
    if (!item["first_breach_s"].is_null()) {
      line.append("  first broken ");
      line.append(clock(item["first_breach_s"].get<double>(), run_s));
    }
    out << line << '\n';
    if (!item["detail"].get<std::string>().empty()) out << "      " << item["detail"].get<std::string>() << '\n';
  }
}

void print_timeline(std::ostream& out, const nlohmann::json& r, double run_s) {
  std::vector<std::pair<double, std::string>> events;
  const auto& incidents = r["grade"]["incidents"];
  for (const auto& i : incidents) {
    if (i["started_s"].is_null()) continue;
    std::string what = fmt::format("incident  {} ({})", i["id"].get<std::string>(), i["kind"].get<std::string>());
    if (i.contains("detection_delay_s")) {
      what.append(i["detection_delay_s"].is_null() ? ", no alert followed"
                                                    : ", alerted after " + duration(i["detection_delay_s"].get<double>()));
      if (!i["response_delay_s"].is_null()) what.append(", first command " + duration(i["response_delay_s"].get<double>()) + " after the alert");
    }
    events.emplace_back(i["started_s"].get<double>(), std::move(what));
  }
  for (const auto& a : r["alerts"])
    events.emplace_back(a["fired_s"].get<double>(),
                        fmt::format("alert     {} [{}] {} {} {}", a["id"].get<std::string>(), a["severity"].get<std::string>(),
                                    a["metric"].get<std::string>(), a["condition"].get<std::string>(), a["threshold"].get<double>()));
  for (const auto& c : r["commands"])
    events.emplace_back(c["step"].get<double>() * r["step_ms"].get<double>() / 1000.0, "command   " + describe_command(c));
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  if (events.empty()) return;
  out << "\nTimeline\n";
  const std::size_t shown = std::min(events.size(), kTimelineRows);
  for (std::size_t i = 0; i < shown; ++i) out << "  " << clock(events[i].first, run_s) << "  " << events[i].second << '\n';
  if (events.size() > shown) out << fmt::format("  ... and {} more (see the JSON report)\n", events.size() - shown);
}

void print_root_causes(std::ostream& out, const nlohmann::json& r, double run_s) {
  const auto& causes = r["root_causes"];
  out << "\nRoot causes\n";
  if (causes.empty()) {
    out << "  none found: no queue backed up and nothing failed for long\n";
    return;
  }
  for (const auto& c : causes) {
    std::string span = clock(c["from_s"].get<double>(), run_s);
    span.append(c["until_s"].is_null() ? " to the end" : " to " + clock(c["until_s"].get<double>(), run_s));
    out << fmt::format("  * {} ({}, {})\n", c["title"].get<std::string>(), c["component"].get<std::string>(), span);
    wrapped(out, c["summary"].get<std::string>(), "    ", "    ");
    for (const auto& e : c["evidence"]) wrapped(out, e.get<std::string>(), "      - ", "        ");
  }
}

}  // namespace

void print_report_card(std::ostream& out, const nlohmann::json& r) {
  const double run_s = r["simulated_seconds"].get<double>();
  const auto& g = r["grade"];
  if (g.value("graded", false)) print_items(out, g, run_s);
  print_timeline(out, r, run_s);
  if (r.contains("root_causes")) print_root_causes(out, r, run_s);
  if (r.contains("talking_points") && !r["talking_points"].empty()) {
    out << "\nTalking points\n";
    std::size_t n = 0;
    for (const auto& p : r["talking_points"]) wrapped(out, p.get<std::string>(), fmt::format("  {}. ", ++n), "     ");
  }
}

}  // namespace bp
