// The play screen: lays out the panels. Each panel draws itself from the
// Game; this file only decides where they go.
#include <algorithm>

#include "theme.h"
#include "ui.h"

namespace app {

void draw_play(Game& game, UiState& ui) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("play", nullptr,
               kScreenFlags | ImGuiWindowFlags_NoBringToFrontOnFocus);
  if (!game.has_run()) {
    ImGui::TextUnformatted("No scenario loaded.");
    ImGui::End();
    return;
  }
  const ImGuiStyle& style = ImGui::GetStyle();
  const float gap = style.ItemSpacing.x;
  const ImVec2 avail = ImGui::GetContentRegionAvail();

  const float top_h = px(78);
  ImGui::BeginChild("topbar", ImVec2(avail.x, top_h), false, ImGuiWindowFlags_NoScrollbar);
  draw_top_bar(game, ui);
  ImGui::EndChild();

  const float body_h = avail.y - top_h - style.ItemSpacing.y;
  const float left_w = px(230), right_w = px(360);
  const float centre_w = avail.x - left_w - right_w - 2 * gap;

  if (begin_panel("palette", icon::cube, "Components", ImVec2(left_w, body_h))) draw_palette(game, ui);
  end_panel();
  ImGui::SameLine();

  ImGui::BeginGroup();
  const float charts_h = std::max(px(340), body_h * 0.48f);
  const float canvas_h = body_h - charts_h - style.ItemSpacing.y;
  if (begin_panel("canvas", icon::cube, "Architecture", ImVec2(centre_w, canvas_h))) draw_canvas(game, ui);
  end_panel();
  if (begin_panel("charts", icon::chart, nullptr, ImVec2(centre_w, charts_h))) draw_charts(game, ui, false);
  end_panel();
  ImGui::EndGroup();
  ImGui::SameLine();

  ImGui::BeginGroup();
  const float inspector_h = body_h * 0.56f;
  const float pager_h = px(150);
  const float log_h = body_h - inspector_h - pager_h - 2 * style.ItemSpacing.y;
  if (begin_panel("inspector", icon::sliders, "Inspector", ImVec2(right_w, inspector_h))) draw_inspector(game, ui);
  end_panel();
  if (begin_panel("pager", icon::bell, "Pager", ImVec2(right_w, pager_h))) draw_pager(game);
  end_panel();
  if (begin_panel("log", icon::list, "Event log", ImVec2(right_w, log_h))) draw_event_log(game);
  end_panel();
  ImGui::EndGroup();

  ImGui::End();
}

}  // namespace app
