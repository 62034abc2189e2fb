// The briefing: what the shift is about before the clock starts.
#include <algorithm>
#include <string>

#include "format.h"
#include "theme.h"
#include "ui.h"

namespace app {

void draw_briefing(Game& game) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("briefing", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
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
  text_coloured(colour::dim, sc.summary.c_str());
  ImGui::PopFont();
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::Spacing();
  ImGui::Text("Shift length: %s of simulated time, in %s steps.", fmt_duration_s(bp::to_seconds(sc.duration)).c_str(),
              fmt_ms(bp::to_millis(sc.step)).c_str());
  ImGui::Text("Your design: %zu components costing %s a month.", sc.components.size(), fmt_money(game.monthly_cost()).c_str());
  ImGui::Text("Targets (provisional): P95 under %s, errors under %s, budget %s a month.",
              fmt_ms(game.targets.p95_ms).c_str(), fmt_percent(game.targets.error_ratio).c_str(),
              fmt_money(game.targets.budget_per_month).c_str());
  ImGui::Spacing();
  text_coloured(colour::dim,
                "Watch the queue. The front door can look healthy while work piles up behind it. Change any setting "
                "while the clock runs; every change is recorded.");
  ImGui::Spacing();
  ImGui::Spacing();
  ImGui::PushFont(fonts.heading);
  ImGui::PushStyleColor(ImGuiCol_Button, to_vec4(colour::accent));
  if (ImGui::Button((std::string(icon::play) + "  Start the shift").c_str(), ImVec2(260, 52))) game.go(Screen::Play);
  ImGui::PopStyleColor();
  ImGui::SameLine();
  if (ImGui::Button((std::string(icon::arrow_left) + "  Back").c_str(), ImVec2(140, 52))) game.go(Screen::Picker);
  ImGui::PopFont();
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::End();
}

}  // namespace app
