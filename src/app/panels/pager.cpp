// The pager: the core's alert rules that fired. A paging alert keeps
// ringing until the player acknowledges it, which is an "ack_alert" command
// like any other action (recorded, replayable, and counted by grading as
// the response). Acknowledged alerts stay listed, quieter, until they clear.
#include <string>

#include <fmt/format.h>

#include "format.h"
#include "theme.h"
#include "ui.h"

namespace app {

namespace {

std::string value_text(const bp::AlertEpisode& e) {
  return fmt::format("{} {} {} (worst {})", e.metric, e.above ? ">" : "<", fmt_count(e.threshold), fmt_count(e.worst_value));
}

}  // namespace

void draw_pager(Game& game) {
  const bp::SimTime now = game.sim().now();
  const auto paging = game.paging();
  int quiet = 0;
  for (const auto& e : game.sim().alerts()) quiet += e.firing() && !e.paging();
  if (paging.empty() && quiet == 0) {
    text_coloured(colour::good, (std::string(icon::check) + "  All quiet").c_str());
    ImGui::PushFont(fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(colour::dim));
    ImGui::TextWrapped("%zu alert rules are watching. When one fires it pages you here until you acknowledge it.",
                       game.sim().scenario().alerts.size());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    return;
  }
  // Paging first: they need the player.
  for (const bp::AlertEpisode* e : paging) {
    ImGui::PushID(e->id.c_str());
    const bool crit = e->severity == "critical";
    // A ringing pager blinks, slowly enough to read.
    const bool lit = static_cast<int>(ImGui::GetTime() * 2) % 2 == 0;
    const ImU32 col = crit ? colour::bad : colour::warn;
    text_coloured(lit ? col : colour::dim, icon::bell);
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(col));
    text_wrapped(e->summary);
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Alert rule \"%s\" (%s): %s.\nIt pages until you acknowledge it; how fast you respond is graded.",
                        e->id.c_str(), e->severity.c_str(), value_text(*e).c_str());
    ImGui::PushFont(fonts.small);
    text_coloured(colour::dim, fmt::format("{}  firing for {}", e->id, fmt_duration_s(bp::to_seconds(now - e->fired))).c_str());
    ImGui::SameLine(ImGui::GetContentRegionAvail().x - 70);
    if (ImGui::SmallButton((std::string(icon::check) + " Ack").c_str())) game.acknowledge(e->id);
    anchor("pager/ack/" + e->id);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Acknowledge: you are on it. Stops the paging, not the problem.");
    ImGui::PopFont();
    ImGui::PopID();
  }
  ImGui::PushFont(fonts.small);
  for (const auto& e : game.sim().alerts()) {
    if (!e.firing() || e.paging()) continue;
    text_coloured(colour::dim, fmt::format("{}  {} (acknowledged, still firing)", icon::bell, e.id).c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", e.summary.c_str(), value_text(e).c_str());
  }
  ImGui::PopFont();
}

}  // namespace app
