// The debrief: the core's grade of the run (src/grading, docs/grading.md)
// as a report card. Contract items with value, target and first breach; the
// score and letter; a timeline of incidents, alerts and the player's
// commands; the whole run's charts; and the exports.
#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "format.h"
#include "screens/debrief_parts.h"
#include "theme.h"
#include "ui.h"

namespace app {

namespace {

ImU32 letter_colour(const std::string& l) {
  if (l == "A" || l == "B") return colour::good;
  if (l == "C" || l == "D") return colour::warn;
  return colour::bad;
}

void header(Game& game, const nlohmann::json& report) {
  const nlohmann::json& g = report["grade"];
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImGui::SetCursorPos(ImVec2(px(32), px(20)));
  const ImVec2 c0 = ImGui::GetCursorScreenPos();
  const float r = px(40);
  if (g.value("graded", false)) {
    const std::string letter = g.value("letter", std::string("?"));
    const ImU32 col = letter_colour(letter);
    dl->AddCircleFilled(ImVec2(c0.x + r, c0.y + r), r, (col & 0x00FFFFFF) | (40u << 24), 48);
    dl->AddCircle(ImVec2(c0.x + r, c0.y + r), r, col, 48, line_width(3));
    ImGui::PushFont(fonts.big);
    const ImVec2 ts = ImGui::CalcTextSize(letter.c_str());
    dl->AddText(fonts.big, fonts.big->FontSize * 1.4f, ImVec2(c0.x + r - ts.x * 0.7f, c0.y + r - ts.y * 0.7f), col,
                letter.c_str());
    ImGui::PopFont();
    if (ImGui::IsMouseHoveringRect(c0, ImVec2(c0.x + 2 * r, c0.y + 2 * r))) {
      const std::string cap = g.value("letter_cap", std::string());
      ImGui::SetTooltip("Letter from the score; an A or a B also needs every promise kept, and a broken promise caps it at C.%s%s",
                        cap.empty() ? "" : "\n", cap.c_str());
    }
  }
  ImGui::SetCursorScreenPos(ImVec2(c0.x + 2 * r + px(20), c0.y));
  ImGui::BeginGroup();
  ImGui::PushFont(fonts.small);
  text_coloured(colour::accent, "DEBRIEF");
  ImGui::PopFont();
  ImGui::PushFont(fonts.big);
  ImGui::TextUnformatted(game.sim().scenario().title.c_str());
  ImGui::PopFont();
  if (g.value("graded", false)) {
    int kept = 0, all = 0;
    for (const auto& item : g["items"]) {
      ++all;
      kept += item.value("pass", false);
    }
    // The broken items are on the cards below; one line says what they cost.
    const bool capped = !g.value("letter_cap", std::string()).empty();
    text_coloured(colour::dim, fmt::format("Score {:.1f} / 100.  You kept {} of {} promises{}", g.value("score", 0.0), kept,
                                           all, capped ? ", so the letter is capped at C." : ".").c_str());
  } else {
    text_coloured(colour::dim, "This scenario has no contract, so the run is not graded.");
  }
  ImGui::EndGroup();
}

void buttons(Game& game, const nlohmann::json& report, ImVec2 charts_min, ImVec2 charts_max) {
  const float bw = px(150), bh = px(40), gap = px(8);
  const float total = 6 * bw + 5 * gap;
  ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - total - px(32), px(34)));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  auto button = [&](const char* ic, const char* label, const char* tip) {
    const bool pressed = ImGui::Button(fmt::format("{}  {}", ic, label).c_str(), ImVec2(bw, bh));
    anchor("debrief/" + anchor_slug(label));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
    ImGui::SameLine();
    return pressed;
  };
  if (button(icon::refresh, "Retry", "Play the same scenario again from the start, same seed.")) {
    game.request_restart(Screen::Briefing);
  }
  if (button(icon::check, "Save run", "Save scenario, seed and your commands (Ctrl+S); replays exactly.")) game.save_run();
  // A failed export stays on screen until the player has read it.
  auto tell = [&](std::string message) {
    if (message.rfind("Could not", 0) == 0) game.warn(std::move(message));
    else game.notify(std::move(message));
  };
  if (button(icon::list, "Report", "Export the full report as JSON (docs/report-format.md)."))
    tell(export_report(game, report));
  if (button(icon::chart, "Series", "Export every time series as CSV, one row per point."))
    tell(export_series(game));
  if (button(icon::chart, "Charts", "Export the whole-shift charts as a PNG image."))
    tell(export_charts(game, charts_min, charts_max));
  if (button(icon::arrow_left, "Scenarios", "Back to the scenario picker.")) game.go(Screen::Picker);
  ImGui::PopStyleVar();
}

}  // namespace

void draw_debrief(Game& game, UiState& ui) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  // Never raised over the notices: a click on Save run must not hide the
  // notice that says where the run went.
  ImGui::Begin("debrief", nullptr,
               kScreenFlags | ImGuiWindowFlags_NoBringToFrontOnFocus);
  if (!game.has_run()) { game.go(Screen::Picker); ImGui::End(); return; }
  const nlohmann::json& report = ui.debrief.report_for(game);

  header(game, report);

  // Contract items, one card each, across the width.
  ImGui::SetCursorPos(ImVec2(px(32), px(116)));
  const float margin = px(32), gap = px(16);
  const float width = ImGui::GetWindowWidth() - 2 * margin;
  draw_contract_cards(game, report, width, px(128));

  // Timeline (and, when grading gives them, root causes and talking points)
  // on the left; the whole shift's charts on the right.
  ImGui::SetCursorPosX(margin);
  const float rest_h = ImGui::GetContentRegionAvail().y - px(16);
  const float left_w = std::min(px(620), width * 0.4f);
  if (begin_panel("story", icon::clock, "What happened", ImVec2(left_w, rest_h))) draw_run_story(game, report);
  end_panel();
  ImGui::SameLine(0, gap);
  const ImVec2 charts_min = ImGui::GetCursorScreenPos();
  const ImVec2 charts_size(ImGui::GetContentRegionAvail().x - margin + ImGui::GetStyle().WindowPadding.x, rest_h);
  if (begin_panel("runcharts", icon::chart, "The whole shift", charts_size)) draw_charts(game, ui, true);
  end_panel();
  const ImVec2 charts_max(charts_min.x + charts_size.x, charts_min.y + charts_size.y);

  buttons(game, report, charts_min, charts_max);
  ImGui::End();
}

}  // namespace app
