#include "ui_state.h"

#include <algorithm>

#include <backpressure/report.h>

namespace app {

const bp::ComponentStatus* FrameSnapshot::status(const std::string& id) const {
  for (const auto& s : components)
    if (s.id == id && !s.removed) return &s;
  return nullptr;
}

const DesignNode* FrameSnapshot::node(const std::string& id) const {
  for (const auto& n : design)
    if (n.id == id) return &n;
  return nullptr;
}

double FrameSnapshot::planned(const std::string& id) const {
  const auto it = planned_units.find(id);
  return it == planned_units.end() ? -1 : it->second;
}

FrameSnapshot take_snapshot(const Game& game) {
  FrameSnapshot f;
  if (!game.has_run()) return f;
  const bp::Simulator& sim = game.sim();
  f.run_id = game.run_id();
  f.now = sim.now();
  f.finished = sim.finished();
  f.components = sim.components();
  f.design = live_design(game);
  for (const auto& n : f.design) {
    if (n.type == "queue") f.queues.push_back(n.id);
    if (const double u = planned_units(game, n.id); u >= 0) f.planned_units[n.id] = u;
  }
  f.monthly_cost = game.monthly_cost();
  f.planned_cost = planned_monthly_cost(game);
  return f;
}

const nlohmann::json& DebriefState::report_for(Game& game) {
  if (!game.has_run()) return report;
  if (run_id != game.run_id() || at != game.sim().now()) {
    report = bp::make_report(game.sim());
    run_id = game.run_id();
    at = game.sim().now();
    if (game.sim().finished()) game.record_grade(report["grade"]);
  }
  return report;
}

const std::string& ChartsState::follow(const std::vector<std::string>& queues, const std::string& selected) {
  auto offered = [&](const std::string& id) { return std::find(queues.begin(), queues.end(), id) != queues.end(); };
  if (selected != last_selected) {
    last_selected = selected;
    if (offered(selected)) picked_queue = selected;
  }
  if (!offered(picked_queue)) picked_queue = queues.empty() ? "" : queues.front();
  return picked_queue;
}

void UiState::begin_frame(const Game& game) {
  ++frames_;
  // A new run: nothing a panel kept about the last one applies to it.
  if (game.run_id() != frame.run_id) {
    canvas = {};
    briefing = {};
    debrief = {};
    charts = {};
    palette = {};
  }
  frame = take_snapshot(game);
}

}  // namespace app
