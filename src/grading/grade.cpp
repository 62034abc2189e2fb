#include "grading/grade.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "backpressure/run_record.h"
#include "engine/rounding.h"

namespace bp {

namespace {

// Points per contract item; they add up to 100.
constexpr double kUptimePoints = 35, kLatencyPoints = 30, kBudgetPoints = 20, kAsyncPoints = 15;

nlohmann::json seconds_or_null(SimTime t) { return t < 0 ? nlohmann::json(nullptr) : nlohmann::json(to_seconds(t)); }

struct Item {
  Item(std::string item_name, std::string item_unit) : name(std::move(item_name)), unit(std::move(item_unit)) {}
  std::string name, unit;
  double target = 0, measured = 0;
  bool pass = true;
  SimTime first_breach = -1;
  double points = 0, max_points = 0;
  std::string detail;

  nlohmann::json to_json() const {
    return {{"item", name},       {"unit", unit},         {"target", target},
            {"measured", measured}, {"pass", pass},         {"first_breach_s", seconds_or_null(first_breach)},
            {"points", round_to(points, 0.1)}, {"max_points", max_points}, {"detail", detail}};
  }
};

// Partial credit falls linearly from full at the target to zero at `zero_at`.
double partial(double measured, double target, double zero_at) {
  if (zero_at == target) return 0;
  return std::clamp((zero_at - measured) / (zero_at - target), 0.0, 1.0);
}

// "job freshness 59.0% < 97.0%": what a broken item measured against its
// promise, for the reason a letter was capped.
std::string broken_text(const Item& item) {
  std::string name = item.name == "p95_latency" ? "P95 latency" : item.name;
  std::replace(name.begin(), name.end(), '_', ' ');
  if (item.unit == "$/month") return fmt::format("{} ${:.0f}/month > ${:.0f}", name, item.measured, item.target);
  const bool at_most = item.name == "p95_latency";
  const std::string unit = item.unit == "%" ? "%" : " " + item.unit;
  return fmt::format("{} {:.1f}{} {} {:.1f}{}", name, item.measured, unit, at_most ? ">" : "<", item.target, unit);
}

}  // namespace

std::string letter_for(double score, bool all_passed) {
  // A broken promise caps the letter at C: a B reads as "fine", and a run
  // that broke its contract is not fine however many points it kept.
  if (score >= 90 && all_passed) return "A";
  if (score >= 80 && all_passed) return "B";
  if (score >= 70) return "C";
  if (score >= 60) return "D";
  return "F";
}

nlohmann::json grade_run(const RunRecord& run, const nlohmann::json& report) {
  nlohmann::json out;
  const ContractSpec& c = run.scenario.contract;
  const RunTotals& t = run.totals;

  // Timeline: detection delay (incident start to the first alert that fired
  // after it) and response delay (that alert to the player's next command).
  nlohmann::json incidents = nlohmann::json::array();
  for (const auto& inc : report["incidents"]) {
    nlohmann::json entry = inc;
    if (inc["started_s"].is_null()) {
      incidents.push_back(entry);
      continue;
    }
    const SimTime start = static_cast<SimTime>(std::llround(inc["started_s"].get<double>() * kSecond));
    SimTime first_alert = -1;
    for (const auto& e : run.alerts)
      if (e.fired >= start && (first_alert < 0 || e.fired < first_alert)) first_alert = e.fired;
    SimTime first_action = -1;
    if (first_alert >= 0)
      for (const auto& cmd : run.commands) {
        const SimTime at = cmd.step * run.scenario.step;
        if (at >= first_alert && cmd.kind != CommandKind::TriggerIncident) {
          first_action = at;
          break;
        }
      }
    entry["detection_delay_s"] = first_alert >= 0 ? nlohmann::json(to_seconds(first_alert - start)) : nlohmann::json(nullptr);
    entry["response_delay_s"] =
        first_action >= 0 ? nlohmann::json(to_seconds(first_action - first_alert)) : nlohmann::json(nullptr);
    incidents.push_back(std::move(entry));
  }
  out["incidents"] = std::move(incidents);

  double worst_hour = 0;
  for (double p : t.hourly_p95_ms) worst_hour = std::max(worst_hour, p);
  if (run.open_hour_p95_ms >= 0) worst_hour = std::max(worst_hour, run.open_hour_p95_ms);
  out["worst_hourly_p95_ms"] = round_to(worst_hour, 0.001);

  if (!c.present) {
    out["graded"] = false;
    return out;
  }
  std::vector<Item> items;

  Item up{"uptime", "%"};
  const double total = static_cast<double>(t.ok + t.failed);
  up.target = c.uptime * 100;
  up.measured = round_to(total > 0 ? 100.0 * static_cast<double>(t.ok) / total : 100.0, 1e-4);
  up.pass = total == 0 || static_cast<double>(t.ok) >= c.uptime * total;
  up.first_breach = up.pass ? -1 : t.uptime_breached;
  // Zero points at four times the allowed failures.
  up.max_points = kUptimePoints;
  up.points = up.pass ? kUptimePoints : kUptimePoints * partial(100 - up.measured, 100 - up.target, 4 * (100 - up.target));
  up.detail = fmt::format("{} of {} requests failed", t.failed, t.ok + t.failed);
  items.push_back(up);

  Item lat{"p95_latency", "ms"};
  lat.target = to_millis(c.p95);
  lat.measured = round_to(t.latency_all().quantile(0.95) / kMillisecond, 0.001);
  lat.pass = lat.measured <= lat.target;
  for (std::size_t h = 0; h < t.hourly_p95_ms.size() && !lat.pass; ++h)
    if (t.hourly_p95_ms[h] > lat.target) {
      lat.first_breach = static_cast<SimTime>(h) * kHour;
      break;
    }
  lat.max_points = kLatencyPoints;
  lat.points = lat.pass ? kLatencyPoints : kLatencyPoints * partial(lat.measured, lat.target, 2 * lat.target);
  lat.detail = fmt::format("worst hour {:.0f} ms", worst_hour);
  items.push_back(lat);

  Item budget{"budget", "$/month"};
  budget.target = c.budget_per_month;
  budget.measured = report["cost"]["monthly_usd"].get<double>();
  budget.pass = budget.measured <= budget.target;
  budget.first_breach = budget.pass ? -1 : t.budget_breached;
  budget.max_points = kBudgetPoints;
  budget.points = budget.pass ? kBudgetPoints : kBudgetPoints * partial(budget.measured, budget.target, 1.5 * budget.target);
  items.push_back(budget);

  if (c.job_age > 0) {
    // Every job offered counts: done late, still waiting too long, or never
    // processed for any reason (refused, dropped, given up at a rate limit,
    // failed out, dead-lettered, never sent) holds the share down. Only a
    // sheddable type's refusals and drops are left out, and said.
    std::uint64_t on_time = 0, late = 0, stale = 0, lost = 0, dead = 0, shed = 0;
    std::uint64_t refused = 0, dropped = 0, limited = 0, failed_out = 0, never_sent = 0;
    for (const JobAccount& a : run.jobs) {
      on_time += a.on_time;
      late += a.late;
      stale += a.stale_waiting;
      lost += a.lost() - a.dead_letters;
      dead += a.dead_letters;
      shed += a.shed();
      if (!a.sheddable) {
        refused += a.refused;
        dropped += a.dropped;
        limited += a.rate_limited;
        never_sent += a.never_sent;
      }
      failed_out += a.gave_up + a.removed;
    }
    const std::uint64_t all = on_time + late + lost + dead + stale;
    Item fresh{"job_freshness", "%"};
    fresh.target = c.freshness * 100;
    fresh.measured = round_to(all ? 100.0 * static_cast<double>(on_time) / static_cast<double>(all) : 100.0, 1e-4);
    fresh.pass = all == 0 || static_cast<double>(on_time) >= c.freshness * static_cast<double>(all);
    fresh.max_points = kAsyncPoints;
    fresh.points = fresh.pass ? kAsyncPoints : kAsyncPoints * partial(100 - fresh.measured, 100 - fresh.target, 100);
    fresh.detail = fmt::format("{} on time, {} late, {} still waiting past {}s, {} lost, {} dead-lettered", on_time, late,
                               stale, to_seconds(c.job_age), lost, dead);
    if (lost > 0) {
      std::string why;
      const auto add = [&](std::uint64_t n, const char* what) {
        if (n > 0) why += fmt::format("{}{} {}", why.empty() ? "" : ", ", n, what);
      };
      add(refused, "refused by the queue");
      add(dropped, "dropped as oldest");
      add(limited, "given up at a rate limit");
      add(failed_out, "failed out or removed");
      add(never_sent, "never sent");
      fresh.detail += " (" + why + ")";
    }
    if (shed > 0) fresh.detail += fmt::format("; {} shed (sheddable, not counted)", shed);
    items.push_back(fresh);
  }

  double score = 0, max_score = 0;
  bool all_passed = true;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& item : items) {
    score += item.points;
    max_score += item.max_points;
    all_passed = all_passed && item.pass;
    list.push_back(item.to_json());
  }
  // Scenarios without a freshness target are scored out of the items they have.
  const double scaled = max_score > 0 ? 100.0 * score / max_score : 0;
  out["graded"] = true;
  out["items"] = std::move(list);
  out["score"] = round_to(scaled, 0.1);
  out["letter"] = letter_for(scaled, all_passed);
  out["passed"] = all_passed;
  // Say why when the points alone would have earned more than the letter.
  std::string cap;
  if (!all_passed && letter_for(scaled, true) < out["letter"].get<std::string>()) {
    cap = "capped at C: ";
    bool first = true;
    for (const auto& item : items)
      if (!item.pass) {
        cap += (first ? "" : "; ") + broken_text(item);
        first = false;
      }
  }
  out["letter_cap"] = cap;
  return out;
}

}  // namespace bp
