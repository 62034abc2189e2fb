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

namespace {

// Incidents (purple) and alert episodes (amber or red) as shaded spans.
std::vector<ChartSpan> spans_of(const bp::Simulator& sim) {
  std::vector<ChartSpan> out;
  const double now = bp::to_seconds(sim.now());
  for (const auto& i : sim.scenario().incidents)
    if (i.at <= sim.now())
      out.push_back({bp::to_seconds(i.at), i.duration > 0 ? std::min(now, bp::to_seconds(i.at + i.duration)) : now,
                     colour::accent2});
  for (const auto& e : sim.alerts())
    out.push_back({bp::to_seconds(e.fired), e.resolved >= 0 ? bp::to_seconds(e.resolved) : now,
                   e.severity == "critical" ? colour::bad : colour::warn});
  return out;
}

// A small combo choosing the charted queue; returns the new pick or "".
std::string queue_picker(const std::string& current, const std::vector<std::string>& queues) {
  std::string chosen;
  ImGui::AlignTextToFramePadding();
  text_coloured(colour::dim, "Queue");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(px(150));
  const bool open = ImGui::BeginCombo("##chart_queue", current.empty() ? "none" : current.c_str());
  anchor("charts/queue");
  const bool hovered = ImGui::IsItemHovered();
  if (open) {
    for (const auto& q : queues) {
      if (ImGui::Selectable(q.c_str(), q == current)) chosen = q;
      anchor("charts/queue/" + q);
    }
    ImGui::EndCombo();
  }
  if (hovered)
    ImGui::SetTooltip("Which queue the depth and in vs out charts show. Selecting a queue card on the canvas picks it too.");
  return chosen;
}

}  // namespace

void draw_charts(Game& game, UiState& ui, bool whole_run) {
  const bp::Simulator& sim = game.sim();
  ChartsState& st = ui.charts;
  const double step_s = bp::to_seconds(sim.step());
  double t1 = whole_run ? bp::to_seconds(sim.duration()) : std::max(60.0, bp::to_seconds(sim.now()));
  double t0 = 0;
  const std::vector<ChartSpan> spans = spans_of(sim);
  const std::vector<std::string>& queues = ui.frame.queues;
  std::string queue = st.follow(queues, game.selected);
  auto pick_queue = [&] {
    const std::string chosen = queue_picker(queue, queues);
    if (chosen.empty()) return;
    // The canvas and inspector show the charted queue too, so picking it
    // again on the canvas later always means "chart this one".
    queue = st.picked_queue = st.last_selected = game.selected = chosen;
    game.edge_from.clear();
    game.edge_to.clear();
  };
  if (whole_run && queues.size() > 1) {
    ImGui::PushFont(fonts.small);
    pick_queue();
    ImGui::PopFont();
  }
  if (!whole_run) {
    // The window: the last hour, the last six, or the shift so far.
    const char* const names[] = {"1 h", "6 h", "all"};
    ImGui::PushFont(fonts.small);
    pick_queue();
    ImGui::SameLine(0, px(24));
    text_coloured(colour::dim, "Window");
    for (int i = 0; i < 3; ++i) {
      ImGui::SameLine();
      if (ImGui::RadioButton(names[i], st.window == i)) st.window = i;
    }
    ImGui::SameLine(0, px(24));
    text_coloured(colour::dim, "shaded: incidents (purple), alerts firing (amber, red)");
    ImGui::PopFont();
    const double span = st.window == 0 ? 3600 : st.window == 1 ? 6 * 3600 : 0;
    if (span > 0 && t1 > span) t0 = t1 - span;
  }

  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const int cols = 3;
  const ImVec2 size((avail.x - (cols - 1) * style.ItemSpacing.x) / cols, (avail.y - style.ItemSpacing.y) / 2);
  auto last = [&](const std::string& c, const char* n) {
    const auto* s = sim.find_series(c, n);
    return s ? s->last() : NAN;
  };

  {
    ChartLine l[] = {{sim.find_series(queue, "queue"), colour::warn, "depth", 1, 1}};
    const double g = last(queue, "growth");
    const double ttd = last(queue, "time_to_drain");
    const double depth = last(queue, "queue");
    // The smoothed growth lags the depth: an empty queue is not "rising".
    const bool rising = g > 1 && depth > 0;
    std::string v = fmt_count(depth);
    if (!queue.empty()) v += rising ? "  rising" : g < -1 && depth > 0 ? "  drains " + fmt_duration_s(ttd) : "";
    line_chart("depth", queue.empty() ? "Queue depth (no queue)" : ("Queue depth: " + queue).c_str(), v,
               rising ? colour::warn : colour::good, l, 1, t0, t1, step_s, size, spans, -1,
               "Jobs waiting in the queue. A queue that only grows means work arrives faster than workers finish "
               "it; time to drain is how long the backlog takes to clear at the current net rate.");
  }
  ImGui::SameLine();
  {
    ChartLine l[] = {{sim.find_series(queue, "arrivals"), colour::accent2, "in", 1},
                     {sim.find_series(queue, "completions"), colour::good, "out", 1}};
    const double in = recent_mean(sim.find_series(queue, "arrivals"), 100);
    const double out = recent_mean(sim.find_series(queue, "completions"), 100);
    line_chart("flow", queue.empty() ? "Jobs in vs out / s" : ("Jobs in vs out / s: " + queue).c_str(), fmt_count(in) + " / " + fmt_count(out),
               in > out * 1.05 ? colour::warn : colour::good, l, 2, t0, t1, step_s, size, spans, -1,
               "Jobs published per second against jobs finished per second. While \"in\" stays above \"out\", "
               "the backlog grows, however healthy the front end looks.");
  }
  ImGui::SameLine();
  {
    ChartLine l[] = {{sim.find_series("run", "p95"), colour::accent, "p95", 1}};
    // A quiet step answers no request and has no P95: show the latest known.
    double p = NAN;
    if (const auto* s = sim.find_series("run", "p95"))
      for (std::size_t i = 0; i < std::min<std::size_t>(s->recent_size(), 600) && !std::isfinite(p); ++i) p = s->recent(i);
    line_chart("p95", "P95 latency (ms)", fmt_ms(p), health_colour(health_of(p, game.targets.p95_ms)), l, 1, t0, t1,
               step_s, size, spans, game.targets.p95_ms,
               "The time within which 95% of user requests were answered, per step. The dashed red line is the "
               "contract's target.");
  }
  {
    // Error rate is errors ÷ requests per point; shown as errors/s with the
    // current share as the headline figure.
    ChartLine l[] = {{sim.find_series("run", "errors"), colour::bad, "errors", 1},
                     {sim.find_series("run", "requests"), colour::border, "requests", 1}};
    const double e = recent_mean(sim.find_series("run", "errors"), 100);
    const double r = recent_mean(sim.find_series("run", "requests"), 100);
    const double share = r > 0 ? e / r : 0;
    line_chart("errors", "Errors / s", fmt_percent(share), health_colour(health_of(share, game.targets.error_ratio)), l, 1,
               t0, t1, step_s, size, spans, -1,
               "Failed user requests per second (timeouts, busy servers, full queues). The figure is the share "
               "failing right now; uptime is the share that succeeded over the shift.");
  }
  ImGui::SameLine();
  {
    ChartLine l[] = {{sim.find_series("run", "cost"), colour::accent2, "cost", 1, 1}};
    line_chart("cost", "Cost so far ($)", fmt_money(last("run", "cost")),
               health_colour(health_of(ui.frame.monthly_cost, game.targets.budget_per_month)), l, 1, t0, t1, step_s, size, spans, -1,
               "Dollars spent since the shift began, against the budget's pace (dashed): the monthly budget spread "
               "evenly over the month. A line that climbs above the pace is on course to overspend; the budget is "
               "judged on the monthly rate averaged over the shift.",
               game.targets.budget_per_month / bp::to_seconds(bp::kMonth));
  }
  ImGui::SameLine();
  {
    ChartLine l[] = {{sim.find_series("traffic", "users"), colour::accent, "users", 1}};
    line_chart("users", "Users online", fmt_count(last("traffic", "users")), colour::text, l, 1, t0, t1, step_s, size, spans, -1,
               "People using the product right now. Their requests are what the front end serves, and their "
               "orders are what the queue carries.");
  }
}

}  // namespace app
