// The canvas's mouse and keys: the view (wheel zoom, panning), and design
// editing, where every change is a command and the core says yes or why
// not. Cards and ports are invisible buttons over the drawing.
#include <algorithm>
#include <string>

#include <imgui_internal.h>  // BeginDragDropTargetCustom takes an ImRect

#include "panels/canvas_parts.h"

namespace app {

namespace {

constexpr float kPortRadius = 7;

void remove_component(Game& game, const std::string& id) {
  bp::Command c;
  c.kind = bp::CommandKind::RemoveComponent;
  c.target = id;
  if (game.submit_design(std::move(c)).empty() && game.selected == id) game.selected.clear();
}

void disconnect_edge(Game& game, const std::string& from, const std::string& to) {
  bp::Command c;
  c.kind = bp::CommandKind::Disconnect;
  c.target = from;
  c.key = to;
  if (game.submit_design(std::move(c)).empty()) game.edge_from.clear(), game.edge_to.clear();
}

}  // namespace

void canvas_view_input(CanvasFrame& f, CanvasState& st) {
  const ImGuiIO& io = ImGui::GetIO();
  if (f.hovered && io.MouseWheel != 0) st.view.zoom_at(vec(f.origin), vec(io.MousePos), io.MouseWheel);
  // A press on empty space pans; on a card it selects or moves the card
  // (checked by position too, for a press in the frame the cursor arrives).
  if (f.hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !ImGui::IsAnyItemHovered() &&
      !f.layout.card_at(vec(f.to_layout(st.view, io.MousePos))))
    st.panning = true;
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) st.panning = false;
  if (st.panning || (f.hovered && (ImGui::IsMouseDown(ImGuiMouseButton_Middle) || ImGui::IsMouseDown(ImGuiMouseButton_Right)))) {
    st.view.pan.x += io.MouseDelta.x;
    st.view.pan.y += io.MouseDelta.y;
  }
  f.mouse = f.to_layout(st.view, io.MousePos);
}

void canvas_items(Game& game, CanvasFrame& f, CanvasState& st) {
  const ImGuiIO& io = ImGui::GetIO();
  const float zoom = f.zoom(st.view);
  // Output ports, submitted before the cards so they win the hover: drag
  // from one to another card to connect them.
  for (const CardLayout& n : f.layout.cards) {
    if (n.type == "traffic") continue;
    const ImVec2 c = f.to_view(st.view, n.port());
    const float r = kPortRadius * 1.6f * zoom;
    ImGui::SetCursorScreenPos(ImVec2(c.x - r, c.y - r));
    ImGui::PushID(n.id.c_str());
    ImGui::InvisibleButton("port", ImVec2(2 * r, 2 * r));
    anchor("canvas/port/" + n.id);
    if (ImGui::IsItemActivated()) st.dragging_from = n.id;
    if (ImGui::IsItemHovered() && st.dragging_from.empty()) {
      f.port_hovered = n.id;
      ImGui::SetTooltip("Drag to another component to connect");
    }
    if (ImGui::IsItemDeactivated() && st.dragging_from == n.id) {
      if (const CardLayout* to = f.layout.card_at(vec(f.mouse)); to && to->id != n.id && to->type != "traffic") {
        bp::Command connect;
        connect.kind = bp::CommandKind::Connect;
        connect.target = n.id;
        connect.key = to->id;
        game.submit_design(std::move(connect));
      }
      st.dragging_from.clear();
    }
    ImGui::PopID();
  }
  if (!st.dragging_from.empty()) st.panning = false;

  // Cards, topmost first, as layout_canvas ordered them.
  for (CardLayout& n : f.layout.cards) {
    ImGui::SetCursorScreenPos(f.to_view(st.view, n.pos));
    ImGui::PushID(n.id.c_str());
    const bool clicked = ImGui::InvisibleButton("node", ImVec2(n.size.x * zoom, n.size.y * zoom));
    anchor("canvas/node/" + n.id);
    // Only the item that holds the mouse: a port or a card above this one
    // may overlap it (IsItemHovered alone says yes to all of them).
    if (ImGui::IsItemHovered() && ImGui::GetHoveredID() == ImGui::GetItemID()) f.card_hovered = n.id;
    // Dragging a card's body moves it (its port, submitted first, connects
    // instead). The spot is kept in Game::placed: layout only.
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4)) {
      auto spot = game.placed.try_emplace(n.id, Game::Place{n.pos.x, n.pos.y}).first;
      spot->second.x += io.MouseDelta.x / zoom;
      spot->second.y += io.MouseDelta.y / zoom;
      n.pos = {spot->second.x, spot->second.y};
      n.placed = true;
      ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
      st.card_on_top = f.card_moving = n.id;
    }
    ImGui::PopID();
    if (clicked && n.id != "traffic") {
      game.selected = n.id;
      game.edge_from.clear();
      game.edge_to.clear();
    }
  }
  // The edge under the pointer, for selecting it and its menu; a little
  // slack, the same on screen at any zoom.
  if (f.hovered) f.edge_hovered = edge_at(f.layout, vec(f.mouse), 7.0f / zoom);
  // Edges are drawn, not items: a script finds one by the middle of its curve.
  if (anchors_enabled())
    for (const auto& [from, to] : f.layout.edges) {
      const CardLayout* a = f.layout.find(from);
      const CardLayout* b = f.layout.find(to);
      if (!a || !b || a->type == "traffic") continue;
      const ImVec2 mid = f.to_view(st.view, edge_curve(*a, *b).at(0.5f));
      anchor_rect("canvas/edge/" + from + "/" + to, ImVec2(mid.x - 3, mid.y - 3), ImVec2(mid.x + 3, mid.y + 3));
    }
}

void canvas_edits(Game& game, const CanvasFrame& f, CanvasState& st) {
  const ImGuiIO& io = ImGui::GetIO();
  const CardLayout* under = f.layout.card_at(vec(f.mouse));
  // Empty space selects the edge under the cursor, or clears the selection.
  if (f.hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !under && !ImGui::IsAnyItemHovered()) {
    game.edge_from = f.edge_hovered ? f.edge_hovered->first : "";
    game.edge_to = f.edge_hovered ? f.edge_hovered->second : "";
  }
  // A right click that did not drag (a right drag pans) opens a menu.
  if (f.hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Right) && io.MouseDragMaxDistanceSqr[1] < 16) {
    if (under && under->type != "traffic") {
      st.menu_node = under->id;
      ImGui::OpenPopup("node_menu");
    } else if (f.edge_hovered) {
      st.menu_edge = *f.edge_hovered;
      ImGui::OpenPopup("edge_menu");
    }
  }
  if (ImGui::BeginPopup("node_menu")) {
    if (ImGui::MenuItem(("Remove " + st.menu_node).c_str())) remove_component(game, st.menu_node);
    anchor("canvas/menu/remove");
    ImGui::EndPopup();
  }
  if (ImGui::BeginPopup("edge_menu")) {
    if (ImGui::MenuItem(("Disconnect " + st.menu_edge.first + " -> " + st.menu_edge.second).c_str()))
      disconnect_edge(game, st.menu_edge.first, st.menu_edge.second);
    anchor("canvas/menu/disconnect");
    ImGui::EndPopup();
  }
  // Only while the canvas has the player's attention: Delete elsewhere must
  // not take a component away.
  const bool canvas_focused = f.hovered || ImGui::IsWindowFocused();
  if (canvas_focused && !io.WantTextInput && (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Delete), false) ||
                                              ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace), false))) {
    if (!game.edge_from.empty()) disconnect_edge(game, game.edge_from, game.edge_to);
    else if (!game.selected.empty()) remove_component(game, game.selected);
  }
  // A component type dragged from the palette lands where it is dropped;
  // dropped onto a card, it sits below it and points at it (a worker onto
  // its postgres), which is what its defaults may need to be accepted.
  if (ImGui::BeginDragDropTargetCustom(ImRect(f.origin, ImVec2(f.origin.x + f.area.x, f.origin.y + f.area.y)),
                                       ImGui::GetID("canvas_drop"))) {
    if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload(kComponentTypePayload)) {
      const bool onto = under && under->type != "traffic";
      const Game::Place at = drop_place(f.layout, under, vec(f.mouse));
      place_component(game, static_cast<const char*>(p->Data), &at, onto ? under->id : "");
    }
    ImGui::EndDragDropTarget();
  }
}

}  // namespace app
