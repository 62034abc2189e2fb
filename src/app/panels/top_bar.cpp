// The top bar: where and when we are, how fast time runs, and the three
// contract gauges a player watches (uptime, P95, budget), each coloured
// against the scenario's contract.
#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "format.h"
#include "theme.h"
#include "ui.h"

namespace app {

namespace {

// A gauge card: label, big figure coloured by health, a bar against target.
void gauge(const char* id, const char* label, const std::string& value, double fill, Health h,
           const std::string& target, ImVec2 size, const std::string& tip) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  const ImU32 c = health_colour(h);
  dl->AddRectFilled(p0, p1, colour::card, 8);
  dl->AddRectFilled(p0, ImVec2(p0.x + 4, p1.y), c, 8, ImDrawFlags_RoundCornersLeft);
  ImGui::PushFont(fonts.small);
  dl->AddText(ImVec2(p0.x + 14, p0.y + 8), colour::dim, label);
  const ImVec2 ts = ImGui::CalcTextSize(target.c_str());
  dl->AddText(ImVec2(p1.x - ts.x - 12, p0.y + 8), colour::dim, target.c_str());
  ImGui::PopFont();
  ImGui::PushFont(fonts.big);
  dl->AddText(ImVec2(p0.x + 14, p0.y + 24), c, value.c_str());
  const float value_end = p0.x + 14 + ImGui::CalcTextSize(value.c_str()).x;
  ImGui::PopFont();
  // The bar fills to the target at 100%; past it, the bar is full and red.
  // It starts clear of the figure, however large the type.
  const float bx0 = std::max(p0.x + size.x * 0.55f, value_end + 10), bx1 = std::max(p1.x - 12, bx0 + 8), by = p0.y + 44;
  dl->AddRectFilled(ImVec2(bx0, by), ImVec2(bx1, by + 8), colour::grid, 4);
  const float f = static_cast<float>(std::clamp(std::isfinite(fill) ? fill : 0.0, 0.0, 1.0));
  if (f > 0) dl->AddRectFilled(ImVec2(bx0, by), ImVec2(bx0 + (bx1 - bx0) * f, by + 8), c, 4);
  ImGui::PushID(id);
  ImGui::Dummy(size);
  ImGui::PopID();
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
    ImGui::TextUnformatted(tip.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

bool speed_button(const char* text, bool active, const char* tip) {
  if (active) {
    ImGui::PushStyleColor(ImGuiCol_Button, to_vec4(colour::accent));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, to_vec4(colour::accent));
  }
  const bool pressed = ImGui::Button(text, ImVec2(0, 40));
  if (active) ImGui::PopStyleColor(2);
  if (tip && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  return pressed;
}

}  // namespace

void draw_top_bar(Game& game, const UiState& ui) {
  bp::Simulator& sim = game.sim();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 size = ImGui::GetContentRegionAvail();
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), colour::panel, 8);

  // Scenario and clock.
  ImGui::SetCursorScreenPos(ImVec2(p0.x + 16, p0.y + 8));
  ImGui::BeginGroup();
  ImGui::PushFont(fonts.small);
  text_coloured(colour::dim, sim.scenario().title.c_str());
  ImGui::PopFont();
  ImGui::PushFont(fonts.big);
  ImGui::TextUnformatted(fmt_clock(sim.now()).c_str());
  ImGui::PopFont();
  ImGui::EndGroup();

  // Progress through the shift, under the clock.
  const float prog = static_cast<float>(static_cast<double>(sim.now()) / static_cast<double>(sim.duration()));
  const float px0 = p0.x + 16, px1 = p0.x + 300, py = p0.y + size.y - 10;
  dl->AddRectFilled(ImVec2(px0, py), ImVec2(px1, py + 4), colour::grid, 2);
  dl->AddRectFilled(ImVec2(px0, py), ImVec2(px0 + (px1 - px0) * prog, py + 4), colour::accent, 2);

  // Speed controls.
  ImGui::SetCursorScreenPos(ImVec2(p0.x + 320, p0.y + (size.y - 40) / 2));
  ImGui::BeginGroup();
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(4, 0));
  const char* const labels[] = {"pause", "1x", "10x", "60x", "600x", "3600x"};
  for (int i = 0; i < 6; ++i) {
    const double s = Game::kSpeeds[i];
    const std::string text = i == 0 ? std::string(icon::pause) : std::string(labels[i]);
    if (speed_button((text + "##speed" + std::to_string(i)).c_str(), game.speed() == s,
                     i == 0 ? "Pause (space or 1): change the design while time stands still; Ctrl+Z takes back a change"
                           : ("Key " + std::to_string(i + 1) + ": " + labels[i] + " real time").c_str()))
      game.set_speed(s);
    anchor(std::string("topbar/speed/") + labels[i]);
    ImGui::SameLine();
  }
  ImGui::Dummy(ImVec2(6, 0));
  ImGui::SameLine();
  const auto next = game.next_event_time();
  const std::string skip_tip = "Run ahead until an incident starts or an alert fires, then pause (next scheduled incident: " +
                               (next ? fmt_clock(*next) : std::string("none")) + ")";
  if (speed_button((std::string(icon::step_forward) + " next").c_str(), false, skip_tip.c_str())) game.request_next_event();
  anchor("topbar/next");
  ImGui::SameLine();
  if (speed_button((std::string(icon::flag) + " finish").c_str(), false, "Run to the end of the shift and see the debrief"))
    game.request_finish();
  anchor("topbar/finish");
  ImGui::PopStyleVar();
  ImGui::EndGroup();

  // Whether the core keeps up with the chosen speed.
  ImGui::SameLine(0, 16);
  ImGui::BeginGroup();
  ImGui::PushFont(fonts.small);
  if (sim.finished()) {
    text_coloured(colour::good, "Shift complete");
  } else if (game.behind()) {
    text_coloured(colour::warn, (std::string(icon::warning) + " can't keep up").c_str());
    text_coloured(colour::dim, ("running " + fmt_count(game.achieved_speed()) + "x").c_str());
  } else if (game.speed() == 0) {
    text_coloured(colour::warn, "Paused");
  } else {
    text_coloured(colour::dim, "Live");
    text_coloured(colour::dim, (fmt_count(game.speed()) + "x").c_str());
  }
  ImGui::PopFont();
  ImGui::EndGroup();
  const float controls_end = ImGui::GetItemRectMax().x;

  // Gauges, right-aligned: the contract's three promises, so far this shift.
  const bp::RequestTotals totals = sim.totals();
  const double answered = static_cast<double>(totals.ok + totals.failed);
  const double p95 = totals.latency.count() ? totals.latency.quantile(0.95) / 1000.0 : NAN;
  const double err = answered > 0 ? static_cast<double>(totals.failed) / answered : 0;
  const double cost = ui.frame.monthly_cost;
  const Targets& tg = game.targets;
  const std::string note = tg.provisional ? "\nThis scenario has no contract; these targets are the game's defaults." : "";
  // As wide as they like, but never over the controls (presenter mode's
  // larger type on a narrow window).
  const float gw = std::min(px(230), (p0.x + size.x - controls_end - 16 - 2 * 8 - 6) / 3), gh = size.y - 12;
  const float gx = p0.x + size.x - 3 * gw - 2 * 8 - 6;
  ImGui::SetCursorScreenPos(ImVec2(gx, p0.y + 6));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8, 0));
  gauge("uptime", "Uptime", answered > 0 ? fmt_percent(1 - err) : "-", err / tg.error_ratio,
        answered > 0 ? health_of(err, tg.error_ratio) : Health::None, "target " + fmt_percent(tg.uptime), ImVec2(gw, gh),
        "Share of user requests answered successfully this shift. The contract promises " + fmt_percent(tg.uptime) +
            "; the bar fills as failures use up the allowance, and turns red once it is spent." + note);
  ImGui::SameLine();
  gauge("p95", "P95 latency", std::isfinite(p95) ? fmt_ms(p95) : "-", p95 / tg.p95_ms,
        std::isfinite(p95) ? health_of(p95, tg.p95_ms) : Health::None, "target " + fmt_ms(tg.p95_ms), ImVec2(gw, gh),
        "95% of requests this shift were answered at least this fast. Slow tails are what users remember; "
        "amber from 70% of the target, red past it." + note);
  ImGui::SameLine();
  gauge("cost", "Cost / month", fmt_money(cost), cost / tg.budget_per_month, health_of(cost, tg.budget_per_month),
        "budget " + fmt_money(tg.budget_per_month), ImVec2(gw, gh),
        "What the design running now would cost for a month. Grading uses the average over the shift, so a short "
        "burst of extra workers is cheap; leaving them on is not." + note);
  ImGui::PopStyleVar();
}

}  // namespace app
