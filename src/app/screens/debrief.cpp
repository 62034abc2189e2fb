// The debrief: the run's report card. Key numbers from Simulator::report()
// (docs/report-format.md) against the targets, a per-component table, and
// the whole run's charts.
#include <algorithm>
#include <string>

#include "format.h"
#include "theme.h"
#include "ui.h"

namespace app {

namespace {

void card(const char* label, const std::string& value, const std::string& sub, bool pass, bool judged, ImVec2 size) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  const ImU32 c = !judged ? colour::text : pass ? colour::good : colour::bad;
  dl->AddRectFilled(p0, p1, colour::card, 10);
  if (judged) dl->AddRectFilled(p0, ImVec2(p0.x + 5, p1.y), c, 10, ImDrawFlags_RoundCornersLeft);
  ImGui::PushFont(fonts.small);
  dl->AddText(ImVec2(p0.x + 18, p0.y + 12), colour::dim, label);
  if (judged) {
    const char* verdict = pass ? "PASS" : "FAIL";
    dl->AddText(ImVec2(p1.x - ImGui::CalcTextSize(verdict).x - 14, p0.y + 12), c, verdict);
  }
  dl->AddText(ImVec2(p0.x + 18, p1.y - 26), colour::dim, sub.c_str());
  ImGui::PopFont();
  ImGui::PushFont(fonts.big);
  dl->AddText(ImVec2(p0.x + 18, p0.y + 34), c, value.c_str());
  ImGui::PopFont();
  ImGui::Dummy(size);
}

double num(const nlohmann::json& j, const char* a, const char* b) {
  if (!j.contains(a) || !j[a].contains(b) || !j[a][b].is_number()) return 0;
  return j[a][b].get<double>();
}

}  // namespace

void draw_debrief(Game& game) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("debrief", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  if (!game.has_run()) { game.go(Screen::Picker); ImGui::End(); return; }
  // The report walks every component; build it once per finished run.
  static nlohmann::json report;
  static const bp::Simulator* reported = nullptr;
  static bp::SimTime reported_at = -1;
  if (reported != &game.sim() || reported_at != game.sim().now()) {
    report = game.sim().report();
    reported = &game.sim();
    reported_at = game.sim().now();
  }
  const Targets& tg = game.targets;

  ImGui::SetCursorPos(ImVec2(32, 24));
  ImGui::BeginGroup();
  ImGui::PushFont(fonts.small);
  text_coloured(colour::accent, "DEBRIEF");
  ImGui::PopFont();
  ImGui::PushFont(fonts.big);
  ImGui::TextUnformatted(game.sim().scenario().title.c_str());
  ImGui::PopFont();
  ImGui::EndGroup();
  ImGui::SameLine(ImGui::GetWindowWidth() - 420);
  ImGui::SetCursorPosY(36);
  ImGui::PushFont(fonts.heading);
  if (ImGui::Button((std::string(icon::refresh) + "  Retry").c_str(), ImVec2(180, 48))) {
    game.restart();
    game.go(Screen::Briefing);
  }
  ImGui::SameLine();
  if (ImGui::Button((std::string(icon::list) + "  Scenarios").c_str(), ImVec2(180, 48))) game.go(Screen::Picker);
  ImGui::PopFont();

  const double p95 = num(report, "latency_ms", "p95");
  const double success = num(report, "requests", "success_ratio");
  const double total = num(report, "requests", "total");
  const double failed = num(report, "requests", "failed");
  const double monthly = num(report, "cost", "monthly_usd");
  const double spent = num(report, "cost", "total_usd");

  ImGui::SetCursorPos(ImVec2(32, 120));
  const float cw = (ImGui::GetWindowWidth() - 64 - 4 * 16) / 5, ch = 110;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(16, 16));
  card("Uptime (successful requests)", fmt_percent(success),
       fmt_count(failed) + " of " + fmt_count(total) + " failed", 1 - success <= tg.error_ratio, true, ImVec2(cw, ch));
  ImGui::SameLine();
  card("P95 latency", fmt_ms(p95), "p99 " + fmt_ms(num(report, "latency_ms", "p99")) + ", target " + fmt_ms(tg.p95_ms),
       p95 <= tg.p95_ms, true, ImVec2(cw, ch));
  ImGui::SameLine();
  card("Average cost / month", fmt_money(monthly), fmt_money(spent) + " spent, budget " + fmt_money(tg.budget_per_month),
       monthly <= tg.budget_per_month, true, ImVec2(cw, ch));
  ImGui::SameLine();
  {
    // Async health: the worst wait any job had, from the queue's series.
    // The "silent" failure of a backlog shows here, not in the front door.
    double worst_age = 0, peak = 0;
    for (const auto& c : game.sim().scenario().components) {
      if (c.type != "queue") continue;
      if (const auto* s = game.sim().find_series(c.id, "oldest_age"))
        for (const auto& p : s->points()) worst_age = std::max(worst_age, p.max);
      if (report.contains("components") && report["components"].contains(c.id))
        peak = std::max(peak, report["components"][c.id].value("queue_max", 0.0));
    }
    card("Worst job wait", fmt_duration_s(worst_age),
         "peak backlog " + fmt_count(peak) + " jobs, target " + fmt_duration_s(tg.job_wait_s), worst_age <= tg.job_wait_s,
         true, ImVec2(cw, ch));
  }
  ImGui::SameLine();
  card("Player actions", std::to_string(game.sim().command_log().size()),
       fmt_duration_s(report.value("simulated_seconds", 0.0)) + " simulated", true, false, ImVec2(cw, ch));
  ImGui::PopStyleVar();

  ImGui::SetCursorPosX(32);
  const float table_w = 640;
  const float rest_h = ImGui::GetContentRegionAvail().y - 16;
  if (begin_panel("components", icon::cube, "Components", ImVec2(table_w, rest_h))) {
    if (ImGui::BeginTable("comp", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp)) {
      ImGui::TableSetupColumn("component", 0, 1.4f);
      for (const char* h : {"arrivals", "done", "errors", "peak queue", "busy"}) ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      if (report.contains("components"))
        for (const auto& [id, c] : report["components"].items()) {
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          text_coloured(colour::accent, type_icon(c.value("type", std::string()).c_str()));
          ImGui::SameLine();
          ImGui::TextUnformatted(id.c_str());
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(fmt_count(c.value("arrivals", 0.0)).c_str());
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(fmt_count(c.value("completions", 0.0)).c_str());
          ImGui::TableNextColumn();
          const double e = c.value("errors", 0.0);
          text_coloured(e > 0 ? colour::bad : colour::text, fmt_count(e).c_str());
          ImGui::TableNextColumn();
          const double q = c.value("queue_max", 0.0);
          text_coloured(q > 1000 ? colour::warn : colour::text, fmt_count(q).c_str());
          ImGui::TableNextColumn();
          const double u = c.value("utilization_mean", 0.0);
          text_coloured(health_colour(health_of(u, 0.9)), fmt_percent(u).c_str());
        }
      ImGui::EndTable();
    }
  }
  end_panel();
  ImGui::SameLine();
  if (begin_panel("runcharts", icon::chart, "The whole shift", ImVec2(ImGui::GetContentRegionAvail().x - 16, rest_h)))
    draw_charts(game, true);
  end_panel();
  ImGui::End();
}

}  // namespace app
