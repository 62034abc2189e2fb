// The pager. Alert rules do not exist in the core yet, so the pager shows
// what the game watches on its own (errors, slow responses, a backing-up
// queue) and says so; real alert rules will replace these conditions.
#include <string>

#include "format.h"
#include "theme.h"
#include "ui.h"

namespace app {

void draw_pager(Game& game) {
  const auto& cs = game.conditions();
  if (cs.empty()) {
    text_coloured(colour::good, (std::string(icon::check) + "  All quiet").c_str());
    ImGui::PushFont(fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(colour::dim));
    ImGui::TextWrapped("Watching errors, P95 and queue backlog (built-in checks; alert rules come later).");
    ImGui::PopStyleColor();
    ImGui::PopFont();
    return;
  }
  const bp::SimTime now = game.sim().now();
  for (const auto& c : cs) {
    const ImU32 col = c.critical ? colour::bad : colour::warn;
    text_coloured(col, (std::string(icon::bell) + "  " + c.title).c_str());
    ImGui::SameLine();
    ImGui::PushFont(fonts.small);
    ImGui::AlignTextToFramePadding();
    text_coloured(colour::dim, ("for " + fmt_duration_s(bp::to_seconds(now - c.since))).c_str());
    ImGui::Indent(26);
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(colour::dim));
    ImGui::TextWrapped("%s", c.detail.c_str());
    ImGui::PopStyleColor();
    ImGui::Unindent(26);
    ImGui::PopFont();
  }
}

}  // namespace app
