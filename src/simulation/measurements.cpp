// What a run measured, as the report's JSON (docs/report-format.md; field
// names are a stable interface: add beside them), and as the RunRecord the
// analyses after a run read. The verdicts (grade, root causes, talking
// points) are added by the grading layer (backpressure/report.h).
#include <cmath>

#include "backpressure/simulator.h"
#include "engine/rounding.h"
#include "models/queue.h"
#include "simulation/run_state.h"
#include "world/component.h"
#include "world/world.h"

namespace bp {

namespace {

constexpr int kReportSchemaVersion = 1;


nlohmann::json latency_summary(const LogHistogram& h) {
  auto ms = [](double us) { return round_to(us / kMillisecond, 0.001); };
  return {{"count", h.count()},  {"mean", ms(h.mean())},         {"p50", ms(h.quantile(0.50))},
          {"p95", ms(h.quantile(0.95))}, {"p99", ms(h.quantile(0.99))}, {"max", ms(static_cast<double>(h.max()))}};
}

}  // namespace

nlohmann::json Simulator::measurements() const {
  const World& w = state_->world;
  const auto& t = w.totals;
  nlohmann::json r;
  r["schema_version"] = kReportSchemaVersion;
  r["scenario"] = {{"id", scenario_->id}, {"title", scenario_->title}};
  r["seed"] = seed_;
  r["simulated_seconds"] = to_seconds(w.now);
  r["step_ms"] = to_millis(scenario_->step);
  r["steps"] = w.step_index;

  nlohmann::json errors;
  for (std::size_t i = 0; i < kErrorReasons; ++i) errors[error_reason_name(static_cast<ErrorReason>(i))] = t.errors[i];
  const std::uint64_t total = t.ok + t.failed;
  r["requests"] = {{"total", total},
                   {"ok", t.ok},
                   {"failed", t.failed},
                   {"errors", errors},
                   {"success_ratio", total ? round_to(static_cast<double>(t.ok) / static_cast<double>(total), 1e-6) : 1.0},
                   {"in_flight_at_end", w.live_requests()}};
  r["latency_ms"] = latency_summary(t.latency_all());
  r["latency_ok_ms"] = latency_summary(t.latency_ok);

  const double months = static_cast<double>(w.now) / static_cast<double>(kMonth);
  r["cost"] = {{"total_usd", round_to(t.cost, 0.01)}, {"monthly_usd", months > 0 ? round_to(t.cost / months, 0.01) : 0.0}};

  nlohmann::json components = nlohmann::json::object();
  for (std::uint32_t i = 0; i < w.component_count(); ++i) {
    const Component& c = w.component(i);
    nlohmann::json entry;
    c.write_report(entry, w.now);
    // A component added or removed mid-run says when; its figures cover
    // only the steps it was part of the design.
    if (w.designed(i) && w.added_at(i) >= 0) entry["added_at_step"] = w.added_at(i);
    if (w.removed_at(i) >= 0) {
      entry["removed_at_step"] = w.removed_at(i);
      entry["units_at_end"] = 0;
    }
    components[c.id()] = std::move(entry);
  }
  r["components"] = std::move(components);
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& n : w.design_notes) {
    nlohmann::json change{{"step", n.step}, {"change", n.change}};
    if (!n.note.empty()) change["note"] = n.note;
    changes.push_back(std::move(change));
  }
  r["design_changes"] = std::move(changes);
  r["engine"] = {{"events", w.events_processed}};
  r["incidents"] = state_->incidents.report(w);
  r["alerts"] = state_->alerts.report();
  nlohmann::json commands = nlohmann::json::array();
  for (const auto& c : log_) commands.push_back(c.to_json());
  r["commands"] = std::move(commands);
  return r;
}

RunRecord Simulator::record() const {
  const World& w = state_->world;
  RunRecord run;
  run.scenario = *scenario_;
  run.now = w.now;
  run.steps = w.step_index;
  run.totals = w.totals;
  if (w.hour_latency.count()) run.open_hour_p95_ms = w.hour_latency.quantile(0.95) / kMillisecond;
  run.series = w.series();
  run.alerts = state_->alerts.episodes();
  run.commands = log_;
  for (std::uint32_t i = 0; i < w.component_count(); ++i) {
    const Component& c = w.component(i);
    if (w.designed(i)) {
      run.design.push_back(w.spec(i));
      run.design.back().settings = c.settings();
    }
    if (const auto* q = dynamic_cast<const Queue*>(&c))
      for (auto& a : q->job_accounts(w.now, scenario_->contract.job_age)) run.jobs.push_back(std::move(a));
  }
  return run;
}

}  // namespace bp
