// Undo and redo for players who use the mouse, under the palette's design
// total: the same Game::undo and Game::redo as Ctrl+Z and Ctrl+Shift+Z.
// A button that cannot act now is greyed, and its tooltip says why.
#include <string>

#include "theme.h"
#include "ui.h"
#include "ui_anchors.h"

namespace app {

namespace {

bool history_button(const char* icon_text, const char* label, const std::string& blocker, const std::string& what,
                    const char* keys, float width) {
  ImGui::BeginDisabled(!blocker.empty());
  const bool pressed = ImGui::Button((std::string(icon_text) + " " + label).c_str(), ImVec2(width, 0));
  ImGui::EndDisabled();
  anchor("palette/" + anchor_slug(label));
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 22);
    if (blocker.empty()) ImGui::Text("%s: %s (%s)", label, what.c_str(), keys);
    else ImGui::TextUnformatted(blocker.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  return pressed;
}

}  // namespace

void draw_undo_buttons(Game& game) {
  ImGui::PushFont(fonts.small);
  // A third of the row each: Save design takes the last third.
  const float width = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
  if (history_button(icon::undo, "Undo", game.undo_blocker(), game.undo_label(), "Ctrl+Z", width)) game.undo();
  ImGui::SameLine();
  if (history_button(icon::redo, "Redo", game.redo_blocker(), game.redo_label(), "Ctrl+Shift+Z", width)) game.redo();
  ImGui::PopFont();
}

}  // namespace app
