// Drawing the canvas: edges with moving dots, then the cards. Everything is
// drawn in layout coordinates and its vertices moved into the view at the
// end, so the drawing code never thinks about pan and zoom.
#include <algorithm>
#include <cmath>
#include <string>

#include <backpressure/catalogue.h>
#include <fmt/format.h>

#include "format.h"
#include "panels/canvas_parts.h"
#include "theme.h"

namespace app {

namespace {

constexpr float kPortRadius = 7;

double zero_if_nan(double v) { return v == v ? v : 0.0; }

void draw_edges(const Game& game, const UiState& ui, const CanvasFrame& f, const CanvasState& st, ImDrawList* dl) {
  const bp::Simulator& sim = game.sim();
  for (const auto& [from, to] : f.layout.edges) {
    const CardLayout* a = f.layout.find(from);
    const CardLayout* b = f.layout.find(to);
    if (!a || !b) continue;
    const EdgeCurve k = edge_curve(*a, *b);
    // Red when the target fails more than 1% of what reaches it.
    const bool running = ui.frame.status(to) != nullptr;
    const double errs = running ? zero_if_nan(recent_mean(sim.find_series(to, "errors"), 50)) : 0;
    const double flow = running ? zero_if_nan(recent_mean(sim.find_series(to, "arrivals"), 50)) : 0;
    const ImU32 col = errs > 0.01 * std::max(1.0, flow) ? colour::bad : colour::border;
    const bool selected = game.edge_from == from && game.edge_to == to;
    dl->AddBezierCubic(im(k.s), im(k.c1), im(k.c2), im(k.e), selected ? colour::accent : col, selected ? 4.0f : 2.0f);
    const int dots = flow_dots(flow);
    for (int d = 0; d < dots; ++d) {
      const auto u = static_cast<float>(std::fmod(st.phase + static_cast<double>(d) / dots, 1.0));
      dl->AddCircleFilled(im(k.at(u)), 3.0f, col == colour::bad ? colour::bad : colour::accent);
    }
  }
}

// The line under the name: the type and its instances, or the users.
std::string card_subtitle(const Game& game, const UiState& ui, const CardLayout& n, bool& highlight) {
  const bp::ComponentStatus* st = ui.frame.status(n.id);
  const auto* type = bp::Catalogue::builtin().find(n.type);
  std::string sub = type ? type->label : humanize(n.type);
  highlight = false;
  if (n.type == "traffic") {
    const auto* users = game.sim().find_series("traffic", "users");
    return fmt_count(users ? users->last() : 0) + " users";
  }
  if (st && st->units > 1) sub += "  x" + std::to_string(st->units);
  // A paused player's new instance count shows before the step applies it.
  const double planned = ui.frame.planned(n.id);
  if (planned >= 0 && st && std::llround(planned) != st->units) {
    highlight = true;
    return fmt::format("x{} \u2192 x{}", st->units, std::llround(planned));
  }
  // A card still waiting to join has nothing running to count from: it
  // shows the count it joins with.
  if (!st && planned > 1) {
    highlight = true;
    sub += "  x" + std::to_string(std::llround(planned));
  }
  return sub;
}

void draw_card(const Game& game, const UiState& ui, const CanvasFrame& f, const CanvasState& st, const CardLayout& n,
               ImDrawList* dl) {
  const bp::Simulator& sim = game.sim();
  const bp::ComponentStatus* status = ui.frame.status(n.id);
  const bool hovered = f.card_hovered == n.id;
  const bool selected = game.selected == n.id;
  const ImVec2 p0 = im(n.pos), p1(n.pos.x + n.size.x, n.pos.y + n.size.y);

  const double util = zero_if_nan(recent_mean(sim.find_series(n.id, "utilization"), 50));
  const double waiting = status ? static_cast<double>(status->queued) : 0;
  const double errs = zero_if_nan(recent_mean(sim.find_series(n.id, "errors"), 50));
  const double arrivals_now = zero_if_nan(recent_mean(sim.find_series(n.id, "arrivals"), 50));
  Health h = health_of(util, 0.9);
  if (errs > 0) h = Health::Bad;
  if (n.type == "traffic") h = Health::None;

  dl->AddRectFilled(p0, p1, hovered ? colour::card_hover : colour::card, 10);
  dl->AddRect(p0, p1, selected ? colour::accent : n.pending ? colour::warn : colour::border, 10, 0,
              selected || n.pending ? 2.5f : 1.0f);
  if (n.type != "traffic") {
    const bool port_hot =
        st.dragging_from == n.id || ((hovered || f.port_hovered == n.id) && st.dragging_from.empty());
    dl->AddCircleFilled(im(n.port()), kPortRadius, port_hot ? colour::accent : colour::card);
    dl->AddCircle(im(n.port()), kPortRadius, colour::accent, 0, 1.5f);
  }
  dl->AddRectFilled(ImVec2(p0.x, p0.y + 10), ImVec2(p0.x + 4, p1.y - 10), health_colour(h), 2);

  ImGui::PushFont(fonts.heading);
  dl->AddText(ImVec2(p0.x + 14, p0.y + 9), colour::accent, type_icon(n.type.c_str()));
  dl->AddText(ImVec2(p0.x + 44, p0.y + 9), colour::text, n.id.c_str());
  ImGui::PopFont();
  ImGui::PushFont(fonts.small);
  bool highlight = false;
  const std::string sub = card_subtitle(game, ui, n, highlight);
  dl->AddText(ImVec2(p0.x + 44, p0.y + 35), highlight ? colour::warn : colour::dim, sub.c_str());

  if (n.type != "traffic" && n.type != "queue") {
    // Utilization bar.
    const float bx0 = p0.x + 14, bx1 = p1.x - 14, by = p1.y - 20;
    dl->AddRectFilled(ImVec2(bx0, by), ImVec2(bx1, by + 6), colour::grid, 3);
    dl->AddRectFilled(ImVec2(bx0, by), ImVec2(bx0 + (bx1 - bx0) * static_cast<float>(std::clamp(util, 0.0, 1.0)), by + 6),
                      health_colour(h == Health::None ? Health::Good : h), 3);
    const std::string label = std::to_string(static_cast<int>(std::lround(util * 100))) + "%";
    dl->AddText(ImVec2(bx1 - ImGui::CalcTextSize(label.c_str()).x, by - 17), colour::dim, label.c_str());
  } else if (n.type == "queue") {
    const auto* growth = sim.find_series(n.id, "growth");
    const double g = growth ? growth->last() : 0;
    const bool rising = g > 1 && waiting > 0;
    // The longest wording that fits the card; the badge above keeps the count.
    const std::string count = fmt_count(waiting);
    const std::string wordings[] = {count + " waiting" + (rising ? ", rising" : ""), count + (rising ? " rising" : " waiting"),
                                    count};
    const float room = n.size.x - 28;
    const std::string* text = &wordings[2];
    for (const auto& w : wordings)
      if (ImGui::CalcTextSize(w.c_str()).x <= room) { text = &w; break; }
    dl->AddText(ImVec2(p0.x + 14, p1.y - 24), rising ? colour::warn : colour::dim, text->c_str());
  }
  // Queue badge: work waiting inside the component.
  if (waiting >= 1) {
    const std::string q = fmt_count(waiting);
    const ImVec2 ts = ImGui::CalcTextSize(q.c_str());
    const ImVec2 b0(p1.x - ts.x - 18, p0.y - 9), b1(p1.x + 4, p0.y + ts.y - 5);
    const ImU32 bc = waiting > 1000 ? colour::bad : waiting > 50 ? colour::warn : colour::accent;
    dl->AddRectFilled(b0, b1, bc, 10);
    dl->AddText(ImVec2(b0.x + 11, b0.y + 2), colour::bg, q.c_str());
  }
  // Error badge, bottom right: the share of recent work that failed here.
  if (errs > 0 && n.type != "traffic") {
    const std::string e = std::string(icon::warning) + " " + fmt_percent(errs / std::max(errs, arrivals_now));
    const ImVec2 ts = ImGui::CalcTextSize(e.c_str());
    const ImVec2 b0(p1.x - ts.x - 18, p1.y - ts.y + 3), b1(p1.x + 4, p1.y + 9);
    dl->AddRectFilled(b0, b1, colour::bad, 10);
    dl->AddText(ImVec2(b0.x + 11, b0.y + 2), colour::rgb(255, 255, 255), e.c_str());
  }
  ImGui::PopFont();
  if (hovered && status && f.card_moving != n.id)
    ImGui::SetTooltip("%s (%s)\n%s arrivals, %s completed, %s errors\n%s in system, %s waiting\n%s so far", n.id.c_str(),
                      n.type.c_str(), fmt_count(static_cast<double>(status->arrivals)).c_str(),
                      fmt_count(static_cast<double>(status->completions)).c_str(),
                      fmt_count(static_cast<double>(status->errors)).c_str(),
                      fmt_count(static_cast<double>(status->in_system)).c_str(), fmt_count(waiting).c_str(),
                      fmt_money(status->cost).c_str());
}

}  // namespace

void draw_canvas_picture(const Game& game, const UiState& ui, const CanvasFrame& f, CanvasState& st) {
  // The dots move with simulated progress: they stop when the clock stops.
  if (game.speed() > 0 && !ui.frame.finished) st.phase += ImGui::GetIO().DeltaTime * 0.6;

  ImDrawList* dl = ImGui::GetWindowDrawList();
  // Text is culled against the clip rectangle as it is added: clip to the
  // part of the layout in view, then give the commands the panel's clip
  // back once their vertices are moved.
  const ImVec4 view_clip = dl->_ClipRectStack.back();
  dl->PushClipRect(f.to_layout(st.view, ImVec2(view_clip.x, view_clip.y)),
                   f.to_layout(st.view, ImVec2(view_clip.z, view_clip.w)), false);
  const ImVec4 layout_clip = dl->_ClipRectStack.back();
  const int first_cmd = std::max(0, dl->CmdBuffer.Size - 1);
  const int first_vertex = dl->VtxBuffer.Size;

  draw_edges(game, ui, f, st, dl);
  // The card moved last is drawn over the others (channel 1), so it passes
  // over them and stays on top where it is dropped.
  dl->ChannelsSplit(2);
  for (const CardLayout& n : f.layout.cards) {
    dl->ChannelsSetCurrent(n.id == st.card_on_top ? 1 : 0);
    draw_card(game, ui, f, st, n, dl);
  }
  dl->ChannelsSetCurrent(0);
  dl->ChannelsMerge();

  for (int i = first_vertex; i < dl->VtxBuffer.Size; ++i)
    dl->VtxBuffer[i].pos = f.to_view(st.view, vec(dl->VtxBuffer[i].pos));
  for (int c = first_cmd; c < dl->CmdBuffer.Size; ++c) {
    ImVec4& r = dl->CmdBuffer[c].ClipRect;
    if (r.x == layout_clip.x && r.y == layout_clip.y && r.z == layout_clip.z && r.w == layout_clip.w) r = view_clip;
  }
  dl->PopClipRect();

  // The wire being pulled from a port, in screen space.
  if (const CardLayout* from = st.dragging_from.empty() ? nullptr : f.layout.find(st.dragging_from))
    dl->AddLine(f.to_view(st.view, from->port()), ImGui::GetIO().MousePos, colour::accent, 2.5f);
}

void draw_canvas_view_controls(const CanvasFrame& f, CanvasState& st) {
  ImGui::SetCursorScreenPos(ImVec2(f.origin.x + 4, f.origin.y + f.area.y - ImGui::GetFrameHeight() - 4));
  ImGui::PushFont(fonts.small);
  if (ImGui::SmallButton(fmt::format("{:.0f}%##zoom", st.view.player_zoom * 100).c_str())) st.view = {};
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Wheel zooms, dragging empty space pans. Click to reset the view.");
  ImGui::PopFont();
}

}  // namespace app
