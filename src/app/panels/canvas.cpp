// The architecture canvas: every component as a card with its instances,
// utilization and waiting work, connected by edges whose moving dots show
// where requests and jobs flow. Click a card to inspect it, drag it to move it.
//
// Placement is automatic (columns by distance from the traffic source),
// except for cards the player dropped or dragged somewhere (Game::placed).
// The view pans (drag empty space, or the middle/right button) and zooms
// (mouse wheel): the cards are drawn once in layout space and their
// vertices moved afterwards, so drawing code stays in plain coordinates.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <backpressure/catalogue.h>
#include <fmt/format.h>
#include <imgui_internal.h>  // BeginDragDropTargetCustom takes an ImRect

#include "design_view.h"
#include "format.h"
#include "theme.h"
#include "ui.h"

namespace app {

namespace {

double zero_if_nan(double v) { return v == v ? v : 0.0; }

struct Node {
  std::string id, type;
  int column = 0, row = 0;
  ImVec2 pos, size;
  bool pending = false;  // added, appears in the model at the next step
};

}  // namespace

void draw_canvas(Game& game) {
  const bp::Simulator& sim = game.sim();
  const bp::Scenario& sc = sim.scenario();
  const auto statuses = sim.components();
  const auto design = live_design(game);

  // Columns: breadth-first from the traffic source through the targets.
  std::map<std::string, Node> nodes;
  std::vector<std::pair<std::string, std::string>> edges;
  nodes["traffic"] = {"traffic", "traffic", 0, 0, {}, {}};
  edges.emplace_back("traffic", sc.traffic.entry);
  for (const auto& c : design) {
    nodes[c.id] = {c.id, c.type, -1, 0, {}, {}, c.pending};
    for (const auto& t : c.targets) edges.emplace_back(c.id, t);
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [from, to] : edges) {
      auto f = nodes.find(from), t = nodes.find(to);
      if (f == nodes.end() || t == nodes.end() || f->second.column < 0) continue;
      // Only move right, and never past the component count (cycles stop).
      const int want = f->second.column + 1;
      if (t->second.column < want && want <= static_cast<int>(nodes.size())) {
        t->second.column = want;
        changed = true;
      }
    }
  }
  int columns = 1;
  std::map<int, int> rows;
  std::vector<Node*> order;
  order.push_back(&nodes["traffic"]);
  for (const auto& c : design) order.push_back(&nodes[c.id]);
  for (Node* n : order) {
    if (n->column < 0) n->column = 0;
    // A placed card keeps its column's width, so moving one card does not
    // shift every other; it gives up its row.
    columns = std::max(columns, n->column + 1);
    if (game.placed.count(n->id)) continue;  // where the player dropped or moved it
    n->row = rows[n->column]++;
  }

  // The card the player moved last is on top: first for the mouse, drawn last.
  static std::string card_on_top;
  std::stable_partition(order.begin(), order.end(), [](const Node* n) { return n->id == card_on_top; });

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 area = ImGui::GetContentRegionAvail();
  // Cards need room for their text: when the columns would squeeze them
  // (a narrow window, presenter mode's larger type), the layout is made
  // wider and the whole view scaled down to fit, text and all.
  const float type_scale = shell.presenter ? 1.25f : 1.0f;
  const float fit = std::min(1.0f, area.x / (static_cast<float>(columns) * (125.0f * type_scale + 36)));
  const ImVec2 layout_area(area.x / fit, area.y / fit);
  const float node_w = std::min(190.0f * type_scale, layout_area.x / columns - 36), node_h = 86 * type_scale;
  for (Node* n : order) {
    const float col_w = layout_area.x / columns;
    const int nrows = std::max(1, rows[n->column]);
    const float row_h = layout_area.y / nrows;
    n->size = ImVec2(node_w, node_h);
    n->pos = ImVec2(origin.x + col_w * n->column + (col_w - node_w) / 2,
                    origin.y + row_h * n->row + (row_h - node_h) / 2);
    if (auto p = game.placed.find(n->id); p != game.placed.end())
      n->pos = ImVec2(origin.x + p->second.x, origin.y + p->second.y);
  }

  // --- the view: pan and zoom, kept across frames
  static ImVec2 pan(0, 0);
  static float player_zoom = 1;  // the wheel's; the view also applies the fit
  static bool panning = false;
  const ImGuiIO& io = ImGui::GetIO();
  const bool canvas_hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
  if (canvas_hovered && io.MouseWheel != 0) {
    // Zoom about the cursor, so what is under it stays under it.
    const float nz = std::clamp(player_zoom * std::pow(1.15f, io.MouseWheel), 0.4f, 2.5f);
    const ImVec2 m(io.MousePos.x - origin.x - pan.x, io.MousePos.y - origin.y - pan.y);
    pan.x -= m.x * (nz / player_zoom - 1);
    pan.y -= m.y * (nz / player_zoom - 1);
    player_zoom = nz;
  }
  const float zoom = player_zoom * fit;
  auto to_view = [&](ImVec2 p) {
    return ImVec2(origin.x + pan.x + (p.x - origin.x) * zoom, origin.y + pan.y + (p.y - origin.y) * zoom);
  };
  auto to_layout = [&](ImVec2 v) {
    return ImVec2(origin.x + (v.x - origin.x - pan.x) / zoom, origin.y + (v.y - origin.y - pan.y) / zoom);
  };
  auto node_at = [&](ImVec2 p) -> const Node* {
    for (const Node* n : order)
      if (p.x >= n->pos.x && p.x <= n->pos.x + n->size.x && p.y >= n->pos.y && p.y <= n->pos.y + n->size.y) return n;
    return nullptr;
  };
  // A press on empty space pans; on a card it selects or moves the card
  // (checked by position too, for a press in the frame the cursor arrives).
  if (canvas_hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !ImGui::IsAnyItemHovered() &&
      !node_at(to_layout(io.MousePos)))
    panning = true;
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) panning = false;
  if ((panning || (canvas_hovered && (ImGui::IsMouseDown(ImGuiMouseButton_Middle) || ImGui::IsMouseDown(ImGuiMouseButton_Right))))) {
    pan.x += io.MouseDelta.x;
    pan.y += io.MouseDelta.y;
  }
  const ImVec2 mouse = to_layout(io.MousePos);
  // The edge under the cursor, for selecting and its context menu.
  std::pair<std::string, std::string> edge_hovered;
  float edge_best = 7.0f / zoom;

  ImDrawList* dl = ImGui::GetWindowDrawList();
  // Drawing happens in layout space, and text is culled against the clip
  // rectangle as it is added: clip to the part of the layout in view, then
  // give the commands the panel's clip back once their vertices are moved.
  const ImVec4 view_clip = dl->_ClipRectStack.back();
  const ImVec2 layout_clip_min = to_layout(ImVec2(view_clip.x, view_clip.y));
  const ImVec2 layout_clip_max = to_layout(ImVec2(view_clip.z, view_clip.w));
  dl->PushClipRect(layout_clip_min, layout_clip_max, false);
  const ImVec4 layout_clip = dl->_ClipRectStack.back();
  const int first_cmd = std::max(0, dl->CmdBuffer.Size - 1);
  const int first_vertex = dl->VtxBuffer.Size;
  // The dots move with simulated progress: they stop when the clock stops.
  static double phase = 0;
  if (game.speed() > 0 && !sim.finished()) phase += ImGui::GetIO().DeltaTime * 0.6;

  std::map<std::string, const bp::ComponentStatus*> status;
  for (const auto& s : statuses) status[s.id] = &s;

  for (const auto& [from, to] : edges) {
    auto f = nodes.find(from), t = nodes.find(to);
    if (f == nodes.end() || t == nodes.end()) continue;
    const Node& a = f->second;
    const Node& b = t->second;
    ImVec2 s(a.pos.x + a.size.x, a.pos.y + a.size.y / 2), e(b.pos.x, b.pos.y + b.size.y / 2);
    if (b.column <= a.column) {  // a back edge: leave from the bottom
      s = ImVec2(a.pos.x + a.size.x / 2, a.pos.y + a.size.y);
      e = ImVec2(b.pos.x + b.size.x / 2, b.pos.y + b.size.y);
    }
    const float dx = std::max(40.0f, (e.x - s.x) * 0.5f);
    const bool back = b.column <= a.column;
    // An edge skipping columns bows above the cards it would cross.
    const float bow = b.column - a.column > 1 ? -70.0f * static_cast<float>(b.column - a.column - 1) : 0.0f;
    const ImVec2 c1 = back ? ImVec2(s.x, s.y + 60) : ImVec2(s.x + dx, s.y + bow);
    const ImVec2 c2 = back ? ImVec2(e.x, e.y + 60) : ImVec2(e.x - dx, e.y + bow);
    const auto* st = status.count(to) ? status[to] : nullptr;
    const double errs = st ? zero_if_nan(recent_mean(sim.find_series(to, "errors"), 50)) : 0;
    const double flow = st ? zero_if_nan(recent_mean(sim.find_series(to, "arrivals"), 50)) : 0;
    const ImU32 col = errs > 0.01 * std::max(1.0, flow) ? colour::bad : colour::border;
    const bool edge_selected = game.edge_from == from && game.edge_to == to;
    dl->AddBezierCubic(s, c1, c2, e, edge_selected ? colour::accent : col, edge_selected ? 4.0f : 2.0f);
    if (canvas_hovered && from != "traffic")
      for (int k = 0; k <= 24; ++k) {
        const float u = k / 24.0f, iu = 1 - u;
        const float x = iu * iu * iu * s.x + 3 * iu * iu * u * c1.x + 3 * iu * u * u * c2.x + u * u * u * e.x;
        const float y = iu * iu * iu * s.y + 3 * iu * iu * u * c1.y + 3 * iu * u * u * c2.y + u * u * u * e.y;
        const float d = std::hypot(x - mouse.x, y - mouse.y);
        if (d < edge_best) {
          edge_best = d;
          edge_hovered = {from, to};
        }
      }
    // Dots: more of them the busier the edge (log scale), none when idle.
    const int dots = flow > 0 ? std::clamp(static_cast<int>(std::log10(flow + 1) * 1.5) + 1, 1, 6) : 0;
    for (int d = 0; d < dots; ++d) {
      const float u = static_cast<float>(std::fmod(phase + static_cast<double>(d) / dots, 1.0));
      const float iu = 1 - u;
      const ImVec2 p(iu * iu * iu * s.x + 3 * iu * iu * u * c1.x + 3 * iu * u * u * c2.x + u * u * u * e.x,
                     iu * iu * iu * s.y + 3 * iu * iu * u * c1.y + 3 * iu * u * u * c2.y + u * u * u * e.y);
      dl->AddCircleFilled(p, 3.0f, col == colour::bad ? colour::bad : colour::accent);
    }
  }

  // Output ports, submitted before the cards so they win the hover: drag
  // from one to another card to connect them.
  static std::string dragging_from;
  std::string port_hovered;
  const float port_r = 7;
  auto port_of = [&](const Node* n) { return ImVec2(n->pos.x + n->size.x, n->pos.y + n->size.y / 2); };
  for (const Node* n : order) {
    if (n->type == "traffic") continue;
    const ImVec2 c = to_view(port_of(n));
    ImGui::SetCursorScreenPos(ImVec2(c.x - port_r * 1.6f * zoom, c.y - port_r * 1.6f * zoom));
    ImGui::PushID(n->id.c_str());
    ImGui::InvisibleButton("port", ImVec2(port_r * 3.2f * zoom, port_r * 3.2f * zoom));
    anchor("canvas/port/" + n->id);
    if (ImGui::IsItemActivated()) dragging_from = n->id;
    if (ImGui::IsItemHovered() && dragging_from.empty()) {
      port_hovered = n->id;
      ImGui::SetTooltip("Drag to another component to connect");
    }
    if (ImGui::IsItemDeactivated() && dragging_from == n->id) {
      if (const Node* to = node_at(mouse); to && to->id != n->id && to->type != "traffic") {
        bp::Command connect;
        connect.kind = bp::CommandKind::Connect;
        connect.target = n->id;
        connect.key = to->id;
        game.submit_design(std::move(connect));
      }
      dragging_from.clear();
    }
    ImGui::PopID();
  }
  if (!dragging_from.empty()) panning = false;

  // The card moved last is drawn over the others (channel 1), so it passes
  // over them and stays on top where it is dropped; it comes first in
  // `order`, so it also wins the mouse where cards overlap.
  dl->ChannelsSplit(2);
  for (Node* n : order) {
    dl->ChannelsSetCurrent(n->id == card_on_top ? 1 : 0);
    const auto* st = status.count(n->id) ? status[n->id] : nullptr;
    ImGui::SetCursorScreenPos(to_view(n->pos));
    ImGui::PushID(n->id.c_str());
    const bool clicked = ImGui::InvisibleButton("node", ImVec2(n->size.x * zoom, n->size.y * zoom));
    anchor("canvas/node/" + n->id);
    // Only the item that holds the mouse: a port or a card above this one
    // may overlap it (IsItemHovered alone says yes to all of them).
    const bool hovered = ImGui::IsItemHovered() && ImGui::GetHoveredID() == ImGui::GetItemID();
    // Dragging a card's body moves it (its port, submitted first, connects
    // instead). The spot is kept in Game::placed: layout only.
    const bool moving = ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4);
    if (moving) {
      auto spot = game.placed.try_emplace(n->id, Game::Place{n->pos.x - origin.x, n->pos.y - origin.y}).first;
      spot->second.x += io.MouseDelta.x / zoom;
      spot->second.y += io.MouseDelta.y / zoom;
      n->pos = ImVec2(origin.x + spot->second.x, origin.y + spot->second.y);
      ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
      card_on_top = n->id;
    }
    ImGui::PopID();
    if (clicked && n->id != "traffic") {
      game.selected = n->id;
      game.edge_from.clear();
      game.edge_to.clear();
    }
    const bool selected = game.selected == n->id;
    const ImVec2 p0 = n->pos, p1(n->pos.x + n->size.x, n->pos.y + n->size.y);

    const double util = zero_if_nan(recent_mean(sim.find_series(n->id, "utilization"), 50));
    const double waiting = st ? static_cast<double>(st->queued) : 0;
    const double errs = zero_if_nan(recent_mean(sim.find_series(n->id, "errors"), 50));
    const double arrivals_now = zero_if_nan(recent_mean(sim.find_series(n->id, "arrivals"), 50));
    Health h = health_of(util, 0.9);
    if (errs > 0) h = Health::Bad;
    if (n->type == "traffic") h = Health::None;

    dl->AddRectFilled(p0, p1, hovered ? colour::card_hover : colour::card, 10);
    dl->AddRect(p0, p1, selected ? colour::accent : n->pending ? colour::warn : colour::border, 10, 0,
                selected || n->pending ? 2.5f : 1.0f);
    if (n->type != "traffic") {
      const bool port_hot = dragging_from == n->id || ((hovered || port_hovered == n->id) && dragging_from.empty());
      dl->AddCircleFilled(port_of(n), port_r, port_hot ? colour::accent : colour::card);
      dl->AddCircle(port_of(n), port_r, colour::accent, 0, 1.5f);
    }
    dl->AddRectFilled(ImVec2(p0.x, p0.y + 10), ImVec2(p0.x + 4, p1.y - 10), health_colour(h), 2);

    ImGui::PushFont(fonts.heading);
    dl->AddText(ImVec2(p0.x + 14, p0.y + 9), colour::accent, type_icon(n->type.c_str()));
    dl->AddText(ImVec2(p0.x + 44, p0.y + 9), colour::text, n->id.c_str());
    ImGui::PopFont();
    ImGui::PushFont(fonts.small);
    const auto* type = bp::Catalogue::builtin().find(n->type);
    std::string sub = type ? type->label : humanize(n->type);
    if (n->type == "traffic") {
      const auto* users = sim.find_series("traffic", "users");
      sub = fmt_count(users ? users->last() : 0) + " users";
    } else if (st && st->units > 1) {
      sub += "  x" + std::to_string(st->units);
    }
    // A paused player's new instance count shows before the step applies it.
    const double planned = planned_units(game, n->id);
    const bool count_pending = planned >= 0 && st && std::llround(planned) != st->units;
    if (count_pending) sub = fmt::format("x{} \u2192 x{}", st->units, std::llround(planned));
    // A card still waiting to join has nothing running to count from: it
    // shows the count it joins with.
    const bool joins_with_more = !st && planned > 1;
    if (joins_with_more) sub += "  x" + std::to_string(std::llround(planned));
    dl->AddText(ImVec2(p0.x + 44, p0.y + 35), count_pending || joins_with_more ? colour::warn : colour::dim, sub.c_str());

    if (n->type != "traffic" && n->type != "queue") {
      // Utilization bar.
      const float bx0 = p0.x + 14, bx1 = p1.x - 14, by = p1.y - 20;
      dl->AddRectFilled(ImVec2(bx0, by), ImVec2(bx1, by + 6), colour::grid, 3);
      dl->AddRectFilled(ImVec2(bx0, by), ImVec2(bx0 + (bx1 - bx0) * static_cast<float>(std::clamp(util, 0.0, 1.0)), by + 6),
                        health_colour(h == Health::None ? Health::Good : h), 3);
      const std::string label = std::to_string(static_cast<int>(std::lround(util * 100))) + "%";
      dl->AddText(ImVec2(bx1 - ImGui::CalcTextSize(label.c_str()).x, by - 17), colour::dim, label.c_str());
    } else if (n->type == "queue") {
      const auto* growth = sim.find_series(n->id, "growth");
      const double g = growth ? growth->last() : 0;
      const bool rising = g > 1 && waiting > 0;
      // The longest wording that fits the card; the badge above keeps the count.
      const std::string count = fmt_count(waiting);
      const std::string wordings[] = {count + " waiting" + (rising ? ", rising" : ""), count + (rising ? " rising" : " waiting"),
                                      count};
      const float room = n->size.x - 28;
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
    if (errs > 0 && n->type != "traffic") {
      const std::string e = std::string(icon::warning) + " " + fmt_percent(errs / std::max(errs, arrivals_now));
      const ImVec2 ts = ImGui::CalcTextSize(e.c_str());
      const ImVec2 b0(p1.x - ts.x - 18, p1.y - ts.y + 3), b1(p1.x + 4, p1.y + 9);
      dl->AddRectFilled(b0, b1, colour::bad, 10);
      dl->AddText(ImVec2(b0.x + 11, b0.y + 2), colour::rgb(255, 255, 255), e.c_str());
    }
    ImGui::PopFont();
    if (hovered && st && !moving)
      ImGui::SetTooltip("%s (%s)\n%s arrivals, %s completed, %s errors\n%s in system, %s waiting\n%s so far",
                        n->id.c_str(), n->type.c_str(), fmt_count(static_cast<double>(st->arrivals)).c_str(),
                        fmt_count(static_cast<double>(st->completions)).c_str(),
                        fmt_count(static_cast<double>(st->errors)).c_str(),
                        fmt_count(static_cast<double>(st->in_system)).c_str(), fmt_count(waiting).c_str(),
                        fmt_money(st->cost).c_str());
  }
  dl->ChannelsSetCurrent(0);
  dl->ChannelsMerge();
  // Move everything drawn above into the view.
  for (int i = first_vertex; i < dl->VtxBuffer.Size; ++i) dl->VtxBuffer[i].pos = to_view(dl->VtxBuffer[i].pos);
  for (int c = first_cmd; c < dl->CmdBuffer.Size; ++c) {
    ImVec4& r = dl->CmdBuffer[c].ClipRect;
    if (r.x == layout_clip.x && r.y == layout_clip.y && r.z == layout_clip.z && r.w == layout_clip.w) r = view_clip;
  }
  dl->PopClipRect();


  // --- design editing: every change is a command; the core says yes or why not
  for (const Node* n : order)  // the wire being pulled, in screen space
    if (!dragging_from.empty() && n->id == dragging_from) dl->AddLine(to_view(port_of(n)), io.MousePos, colour::accent, 2.5f);
  const Node* under = node_at(mouse);
  // Empty space selects the edge under the cursor, or clears the selection.
  if (canvas_hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !under && !ImGui::IsAnyItemHovered()) {
    game.edge_from = edge_hovered.first;  // empty space clears the selection
    game.edge_to = edge_hovered.second;
  }
  static std::string menu_node;
  static std::pair<std::string, std::string> menu_edge;
  // A right click that did not drag (a right drag pans) opens a menu.
  if (canvas_hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Right) && io.MouseDragMaxDistanceSqr[1] < 16) {
    if (under && under->type != "traffic") {
      menu_node = under->id;
      ImGui::OpenPopup("node_menu");
    } else if (!edge_hovered.first.empty()) {
      menu_edge = edge_hovered;
      ImGui::OpenPopup("edge_menu");
    }
  }
  auto remove = [&](const std::string& id) {
    bp::Command c;
    c.kind = bp::CommandKind::RemoveComponent;
    c.target = id;
    if (game.submit_design(std::move(c)).empty() && game.selected == id) game.selected.clear();
  };
  auto disconnect = [&](const std::string& from, const std::string& to) {
    bp::Command c;
    c.kind = bp::CommandKind::Disconnect;
    c.target = from;
    c.key = to;
    if (game.submit_design(std::move(c)).empty()) game.edge_from.clear(), game.edge_to.clear();
  };
  if (ImGui::BeginPopup("node_menu")) {
    if (ImGui::MenuItem(("Remove " + menu_node).c_str())) remove(menu_node);
    ImGui::EndPopup();
  }
  if (ImGui::BeginPopup("edge_menu")) {
    if (ImGui::MenuItem(("Disconnect " + menu_edge.first + " -> " + menu_edge.second).c_str()))
      disconnect(menu_edge.first, menu_edge.second);
    ImGui::EndPopup();
  }
  // Only while the canvas has the player's attention: Delete elsewhere must
  // not take a component away.
  const bool canvas_focused = canvas_hovered || ImGui::IsWindowFocused();
  if (canvas_focused && !io.WantTextInput && (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Delete), false) ||
                            ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace), false))) {
    if (!game.edge_from.empty()) disconnect(game.edge_from, game.edge_to);
    else if (!game.selected.empty()) remove(game.selected);
  }
  // A component type dragged from the palette lands where it is dropped;
  // dropped onto a card, it sits beside it and points at it (a worker onto
  // its postgres), which is what its defaults may need to be accepted.
  if (ImGui::BeginDragDropTargetCustom(ImRect(origin, ImVec2(origin.x + area.x, origin.y + area.y)),
                                       ImGui::GetID("canvas_drop"))) {
    if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload(kComponentTypePayload)) {
      const bool onto = under && under->type != "traffic";
      const Game::Place at = onto ? Game::Place{under->pos.x - origin.x, under->pos.y - origin.y + node_h + 24}
                                  : Game::Place{mouse.x - origin.x - node_w / 2, mouse.y - origin.y - node_h / 2};
      place_component(game, static_cast<const char*>(p->Data), &at, onto ? under->id : "");
    }
    ImGui::EndDragDropTarget();
  }

  // View controls, bottom left, in screen space.
  ImGui::SetCursorScreenPos(ImVec2(origin.x + 4, origin.y + area.y - ImGui::GetFrameHeight() - 4));
  ImGui::PushFont(fonts.small);
  if (ImGui::SmallButton(fmt::format("{:.0f}%##zoom", player_zoom * 100).c_str())) {
    pan = ImVec2(0, 0);
    player_zoom = 1;
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Wheel zooms, dragging empty space pans. Click to reset the view.");
  ImGui::PopFont();
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(area);
}

}  // namespace app
