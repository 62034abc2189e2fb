// The event log: incidents, the player's commands as the core applied them,
// and the conditions the pager raised, newest first.
#include <string>

#include "format.h"
#include "theme.h"
#include "ui.h"

namespace app {

void draw_event_log(Game& game) {
  const auto& ev = game.events();
  ImGui::PushFont(fonts.small);
  if (ImGui::BeginTable("events", 2, ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg)) {
    // As wide as the longest clock the shift can show, in the current type.
    ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("Day 00 00:00:00").x);
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch);
    for (auto it = ev.rbegin(); it != ev.rend(); ++it) {
      ImU32 c = colour::text;
      const char* ic = icon::info;
      switch (it->kind) {
        case Event::Kind::Info: c = colour::dim; break;
        case Event::Kind::Action: c = colour::accent; ic = icon::sliders; break;
        case Event::Kind::Incident: c = colour::accent2; ic = icon::bolt; break;
        case Event::Kind::Warning: c = colour::warn; ic = icon::warning; break;
        case Event::Kind::Critical: c = colour::bad; ic = icon::bell; break;
      }
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text_coloured(colour::dim, fmt_clock(it->at).c_str());
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(c));
      text_wrapped(std::string(ic) + "  " + it->text);
      ImGui::PopStyleColor();
    }
    ImGui::EndTable();
  }
  ImGui::PopFont();
}

}  // namespace app
