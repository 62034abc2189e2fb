// The briefing: what the shift is about before the clock starts.
#include <algorithm>
#include <filesystem>
#include <string>

#include "format.h"
#include "saved_designs.h"
#include "theme.h"
#include "ui.h"

namespace app {

namespace {

// The saved designs for this scenario, to start the shift with one. Read
// from disk when the briefing appears (or the scenario changes), not every
// frame. Returns the design picked this frame ("-" for the scenario's own,
// "" for no change); the caller asks for it, and the next tick loads it.
std::string draw_design_choice(const Game& game, BriefingState& st, std::uint64_t frame) {
  // A new run starts with a fresh BriefingState, so a design picked here
  // (which loads the scenario again) reads the list again too.
  if (st.drawn_frame == 0 || st.drawn_frame + 1 != frame) st.choices = saved_designs_for(game);
  st.drawn_frame = frame;
  const std::vector<DesignChoice>& choices = st.choices;
  if (choices.empty()) return "";
  ImGui::Spacing();
  ImGui::PushFont(fonts.small);
  text_coloured(colour::accent, "START WITH");
  ImGui::PopFont();
  std::string picked;  // "" keeps the current one; "-" is the scenario's own
  if (ImGui::RadioButton("The scenario's own design", game.design_path().empty()) && !game.design_path().empty())
    picked.assign(1, '-');  // not `= "-"`: GCC 12 warns falsely (-Wrestrict) on that assignment
  anchor("briefing/design/own");
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const DesignChoice& c = choices[i];
    ImGui::PushID(static_cast<int>(i));
    if (!c.error.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(colour::bad));
      ImGui::Bullet();
      ImGui::TextWrapped("Cannot be used: %s", c.error.c_str());
      ImGui::PopStyleColor();
    } else {
      const std::string label = c.best.empty() ? c.name : c.name + "   (best " + c.best + ")";
      const bool active = game.design_path() == c.path;
      if (ImGui::RadioButton(label.c_str(), active) && !active) picked = c.path;
      anchor("briefing/design/" + std::filesystem::path(c.path).stem().string());
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.path.c_str());
      ImGui::SameLine(0, px(16));
      ImGui::PushFont(fonts.small);
      text_coloured(colour::dim, c.detail.c_str());
      ImGui::PopFont();
    }
    ImGui::PopID();
  }
  return picked;
}

}  // namespace

void draw_briefing(Game& game, UiState& ui) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("briefing", nullptr, kScreenFlags);
  if (!game.has_run()) { game.go(Screen::Picker); ImGui::End(); return; }
  const bp::Scenario& sc = game.sim().scenario();
  const float w = std::min(820.0f, vp->WorkSize.x - 128);
  ImGui::SetCursorPos(ImVec2((vp->WorkSize.x - w) / 2, 80));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
  ImGui::PushFont(fonts.small);
  text_coloured(colour::accent, "BRIEFING");
  ImGui::PopFont();
  ImGui::PushFont(fonts.big);
  ImGui::TextUnformatted(sc.title.c_str());
  ImGui::PopFont();
  ImGui::Spacing();
  ImGui::PushFont(fonts.heading);
  text_coloured(colour::dim, (sc.pitch.empty() ? sc.summary : sc.pitch).c_str());
  ImGui::PopFont();
  if (!sc.briefing.empty()) {
    ImGui::Spacing();
    ImGui::TextWrapped("%s", sc.briefing.c_str());
  }
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::Spacing();
  ImGui::Text("Shift length: %s of simulated time, in %s steps.", fmt_duration_s(bp::to_seconds(sc.duration)).c_str(),
              fmt_ms(bp::to_millis(sc.step)).c_str());
  ImGui::Text("Your design: %zu components costing %s a month.", sc.components.size(), fmt_money(ui.frame.monthly_cost).c_str());
  const std::string picked = draw_design_choice(game, ui.briefing, ui.frame_number());
  const Targets& tg = game.targets;
  ImGui::Text("%s uptime at least %s, P95 under %s, design under %s a month%s.",
              tg.provisional ? "No contract for this one; the game's defaults:" : "The contract:",
              fmt_percent(tg.uptime).c_str(), fmt_ms(tg.p95_ms).c_str(), fmt_money(tg.budget_per_month).c_str(),
              !tg.provisional && sc.contract.job_age > 0
                  ? (", and " + fmt_percent(sc.contract.freshness) + " of jobs done within " +
                     fmt_duration_s(bp::to_seconds(sc.contract.job_age)))
                        .c_str()
                  : "");
  ImGui::Text("%zu alert rules will page you; acknowledge them in the pager.", sc.alerts.size());
  ImGui::Spacing();
  text_coloured(colour::dim,
                "Watch the queue. The front door can look healthy while work piles up behind it. Change any setting "
                "while the clock runs; every change is recorded.");
  if (!ui.briefing.show_hints) {
    if (ImGui::SmallButton((std::string(icon::info) + "  Show hints").c_str())) ui.briefing.show_hints = true;
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(colour::dim));
    // The scenario's own hints when it has them; general advice otherwise.
    for (const auto& h : sc.hints) {
      ImGui::Bullet();
      ImGui::TextWrapped("%s", h.c_str());
    }
    if (sc.hints.empty()) {
      ImGui::BulletText("Jobs in vs out: when more arrive than finish, the queue grows without bound.");
      ImGui::BulletText("More workers help only while the database keeps up; watch its utilization too.");
    }
    ImGui::BulletText("Keys: space pauses, 1-6 pick a speed, Ctrl+Z undoes a design change while paused, Ctrl+S saves the "
                      "run, Ctrl+Shift+S the design, P is presenter mode.");
    ImGui::PopStyleColor();
  }
  ImGui::Spacing();
  ImGui::Spacing();
  ImGui::PushFont(fonts.heading);
  ImGui::PushStyleColor(ImGuiCol_Button, to_vec4(colour::accent));
  if (ImGui::Button((std::string(icon::play) + "  Start the shift").c_str(), ImVec2(260, 52))) game.go(Screen::Play);
  anchor("briefing/start");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  if (ImGui::Button((std::string(icon::arrow_left) + "  Back").c_str(), ImVec2(140, 52))) game.go(Screen::Picker);
  anchor("briefing/back");
  ImGui::PopFont();
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::End();
  if (!picked.empty())
    game.request_load(game.scenario_path(), picked == "-" ? "" : picked, Screen::Briefing,
                      "Could not start with that design: ");
}

}  // namespace app
