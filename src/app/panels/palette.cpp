// The palette: every component type in the catalogue with its monthly price,
// and how many of each the live design runs; only the types the scenario
// allows. Clicking a type adds one (an add_component command with a fresh id
// and the catalogue's defaults); dragging it onto the canvas adds it there.
#include <cmath>
#include <string>

#include <fmt/format.h>

#include <backpressure/catalogue.h>

#include "design_view.h"
#include "format.h"
#include "saved_designs.h"
#include "theme.h"
#include "ui.h"

namespace app {

std::string place_component(Game& game, const std::string& type, const Game::Place* at, const std::string& target) {
  const std::string id = fresh_component_id(game, type);
  bp::Command add;
  add.kind = bp::CommandKind::AddComponent;
  add.value = new_component_value(id, type);
  if (!target.empty()) add.value["targets"] = {target};
  // Some types are only valid pointing somewhere (a worker writes to
  // Postgres): a plain click points the new one at the first component the
  // core accepts for it, rather than refusing.
  std::string wired_to;
  if (target.empty() && !game.sim().check(add).empty())
    for (const auto& n : live_design(game)) {
      bp::Command wired = add;
      wired.value["targets"] = {n.id};
      if (game.sim().check(wired).empty()) {
        add = std::move(wired);
        wired_to = n.id;
        break;
      }
    }
  std::string why = game.submit_design(std::move(add));
  if (!why.empty()) return why;
  if (!wired_to.empty()) game.notify(id + " points at " + wired_to + " to start with; drag from its port to rewire it.");
  if (at) game.placed[id] = *at;
  game.selected = id;
  game.edge_from.clear();
  game.edge_to.clear();
  return "";
}

namespace {

// "Save design": a title to give it (optional), then a file in designs/.
void draw_save_design(Game& game, PaletteState& st) {
  char* title = st.title.data();
  // One row with Undo and Redo, so the palette fits a 900-pixel window.
  ImGui::PushFont(fonts.small);
  const bool open = ImGui::Button((std::string(icon::save) + " Save").c_str(), ImVec2(-1, 0));
  ImGui::PopFont();
  anchor("palette/save_design");
  if (open) ImGui::OpenPopup("save_design");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Save design: keep it (with your card positions) to start a shift with it later (Ctrl+Shift+S).");
  if (ImGui::BeginPopup("save_design")) {
    ImGui::TextUnformatted("Name this design (optional)");
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool enter = ImGui::InputText("##title", title, st.title.size(), ImGuiInputTextFlags_EnterReturnsTrue);
    anchor("save_design/title");
    const bool save = ImGui::Button("Save");
    anchor("save_design/save");
    if (save || enter) {
      save_design(game, title);
      title[0] = '\0';
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    const bool cancel = ImGui::Button("Cancel");
    anchor("save_design/cancel");
    if (cancel) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace

void draw_palette(Game& game, UiState& ui) {
  const auto& statuses = ui.frame.components;
  for (const auto& t : bp::Catalogue::builtin().types()) {
    if (!game.sim().scenario().allows(t.type)) continue;  // the scenario's card lists what it offers
    long long in_design = 0;
    std::string first;
    for (const auto& s : statuses)
      if (s.type == t.type && !s.removed) {
        in_design += s.units;
        if (first.empty()) first = s.id;
      }
    ImGui::PushID(t.type.c_str());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 size(ImGui::GetContentRegionAvail().x, 58);
    const bool clicked = ImGui::InvisibleButton("type", size);
    anchor("palette/" + t.type);
    const bool hovered = ImGui::IsItemHovered();
    // Click: place one where the canvas has room. Drag: drop it where wanted.
    if (clicked) place_component(game, t.type, nullptr);
    if (ImGui::BeginDragDropSource()) {
      ImGui::SetDragDropPayload(kComponentTypePayload, t.type.c_str(), t.type.size() + 1);
      ImGui::Text("%s  %s", type_icon(t.type.c_str()), t.label.c_str());
      ImGui::EndDragDropSource();
    }
    const bool active = !first.empty() && game.selected == first;
    dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), hovered ? colour::card_hover : colour::card, 8);
    if (active) dl->AddRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), colour::accent, 8, 0, 1.5f);
    ImGui::PushFont(fonts.heading);
    dl->AddText(ImVec2(p0.x + 10, p0.y + 8), in_design ? colour::accent : colour::dim, type_icon(t.type.c_str()));
    ImGui::PopFont();
    dl->AddText(ImVec2(p0.x + 40, p0.y + 7), colour::text, t.label.c_str());
    ImGui::PushFont(fonts.small);
    dl->AddText(ImVec2(p0.x + 40, p0.y + 31), colour::dim, (fmt_money(t.cost_per_month) + " / month").c_str());
    if (in_design) {
      const std::string n = fmt::format("x{}", in_design);
      const float w = ImGui::CalcTextSize(n.c_str()).x;
      dl->AddText(ImVec2(p0.x + size.x - w - 10, p0.y + 31), colour::good, n.c_str());
    }
    ImGui::PopFont();
    if (hovered) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(320);
      ImGui::TextUnformatted(t.summary.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    ImGui::PopID();
  }
  ImGui::Spacing();
  ImGui::PushFont(fonts.small);
  text_coloured(colour::dim, "Design total");
  ImGui::PopFont();
  ImGui::PushFont(fonts.heading);
  ImGui::TextUnformatted((fmt_money(ui.frame.monthly_cost) + " / month").c_str());
  ImGui::PopFont();
  // While paused, the player's changes wait for the next step: show what
  // they will cost before the clock commits to them.
  if (const double planned = ui.frame.planned_cost; std::abs(planned - ui.frame.monthly_cost) >= 0.5) {
    ImGui::PushFont(fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(planned > ui.frame.monthly_cost ? colour::warn : colour::good));
    text_wrapped(std::string(icon::arrow_right) + " " + fmt_money(planned) + " / month once your changes apply");
    ImGui::PopStyleColor();
    ImGui::PopFont();
  }
  // Three buttons share a narrow row: less padding, so their labels fit.
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(px(4), ImGui::GetStyle().FramePadding.y));
  draw_undo_buttons(game);
  ImGui::SameLine();
  draw_save_design(game, ui.palette);
  ImGui::PopStyleVar();
}

}  // namespace app
