// The charts: queue depth (with growth and time to drain), jobs in vs out,
// P95 latency, error rate, cost and traffic. Live play shows the run so
// far; the debrief shows the whole run.
#include <algorithm>
#include <cmath>
#include <string>

#include "format.h"
#include "theme.h"
#include "ui.h"

namespace app {

void draw_charts(Game& game, bool whole_run) {
  const bp::Simulator& sim = game.sim();
  const double step_s = bp::to_seconds(sim.step());
  const double t1 = whole_run ? bp::to_seconds(sim.duration()) : std::max(60.0, bp::to_seconds(sim.now()));
  const double t0 = 0;

  // The first queue is the one the scenario is about; more get their own
  // charts when the design editor lets players add them.
  std::string queue;
  for (const auto& c : sim.scenario().components)
    if (c.type == "queue") { queue = c.id; break; }

  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const int cols = 3;
  const ImVec2 size((avail.x - (cols - 1) * style.ItemSpacing.x) / cols, (avail.y - style.ItemSpacing.y) / 2);
  auto last = [&](const std::string& c, const char* n) {
    const auto* s = sim.find_series(c, n);
    return s ? s->last() : NAN;
  };

  {
    ChartLine l[] = {{sim.find_series(queue, "queue"), colour::warn, "depth", 1}};
    const double g = last(queue, "growth");
    const double ttd = last(queue, "time_to_drain");
    const double depth = last(queue, "queue");
    // The smoothed growth lags the depth: an empty queue is not "rising".
    const bool rising = g > 1 && depth > 0;
    std::string v = fmt_count(depth);
    if (!queue.empty()) v += rising ? "  rising" : g < -1 && depth > 0 ? "  drains " + fmt_duration_s(ttd) : "";
    line_chart("depth", queue.empty() ? "Queue depth (no queue)" : ("Queue depth: " + queue).c_str(), v,
               rising ? colour::warn : colour::good, l, 1, t0, t1, step_s, size);
  }
  ImGui::SameLine();
  {
    ChartLine l[] = {{sim.find_series(queue, "arrivals"), colour::accent2, "in", 1},
                     {sim.find_series(queue, "completions"), colour::good, "out", 1}};
    const double in = last(queue, "arrivals"), out = last(queue, "completions");
    line_chart("flow", "Jobs in vs out / s", fmt_count(in) + " / " + fmt_count(out),
               in > out * 1.05 ? colour::warn : colour::good, l, 2, t0, t1, step_s, size);
  }
  ImGui::SameLine();
  {
    ChartLine l[] = {{sim.find_series("run", "p95"), colour::accent, "p95", 1}};
    const double p = last("run", "p95");
    line_chart("p95", "P95 latency (ms)", fmt_ms(p), health_colour(health_of(p, game.targets.p95_ms)), l, 1, t0, t1,
               step_s, size, game.targets.p95_ms);
  }
  {
    // Error rate is errors ÷ requests per point; shown as errors/s with the
    // current share as the headline figure.
    ChartLine l[] = {{sim.find_series("run", "errors"), colour::bad, "errors", 1},
                     {sim.find_series("run", "requests"), colour::border, "requests", 1}};
    const double e = last("run", "errors"), r = last("run", "requests");
    const double share = r > 0 ? e / r : 0;
    line_chart("errors", "Errors / s", fmt_percent(share), health_colour(health_of(share, game.targets.error_ratio)), l, 1,
               t0, t1, step_s, size);
  }
  ImGui::SameLine();
  {
    ChartLine l[] = {{sim.find_series("run", "cost"), colour::accent2, "cost", 1}};
    line_chart("cost", "Cost so far ($)", fmt_money(last("run", "cost")),
               health_colour(health_of(game.monthly_cost(), game.targets.budget_per_month)), l, 1, t0, t1, step_s, size);
  }
  ImGui::SameLine();
  {
    ChartLine l[] = {{sim.find_series("traffic", "users"), colour::accent, "users", 1}};
    line_chart("users", "Users online", fmt_count(last("traffic", "users")), colour::text, l, 1, t0, t1, step_s, size);
  }
}

}  // namespace app
