// The architecture canvas: every component as a card with its instances,
// utilization and waiting work, connected by edges whose moving dots show
// where requests and jobs flow. Click a card to inspect it, drag it to move it.
//
// Placement is automatic (columns by distance from the traffic source),
// except for cards the player dropped or dragged somewhere (Game::placed).
// The view pans (drag empty space, or the middle/right button) and zooms
// (mouse wheel): the cards are drawn once in layout space and their
// vertices moved afterwards, so drawing code stays in plain coordinates.
//
// This file puts a frame together: canvas_layout.h places the cards,
// canvas_input.cpp handles the mouse and keys, canvas_draw.cpp draws.
#include "panels/canvas_parts.h"

namespace app {

ImVec2 CanvasFrame::to_view(const CanvasView& v, Vec2 p) const { return im(v.to_view(vec(origin), layout.fit, p)); }

ImVec2 CanvasFrame::to_layout(const CanvasView& v, ImVec2 p) const {
  return im(v.to_layout(vec(origin), layout.fit, vec(p)));
}

void draw_canvas(Game& game, UiState& ui) {
  CanvasState& st = ui.canvas;
  CanvasFrame f;
  f.origin = ImGui::GetCursorScreenPos();
  f.area = ImGui::GetContentRegionAvail();
  f.layout = layout_canvas(ui.frame.design, game.sim().scenario().traffic.entry, game.placed, vec(f.area),
                           shell.presenter ? 1.25f : 1.0f, st.card_on_top);
  f.hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);

  // Input first, so the picture shows where this frame's input put things;
  // then the edits that depend on what is under the pointer once drawn.
  canvas_view_input(f, st);
  canvas_items(game, f, st);
  draw_canvas_picture(game, ui, f, st);
  canvas_edits(game, f, st);
  draw_canvas_view_controls(f, st);

  ImGui::SetCursorScreenPos(f.origin);
  ImGui::Dummy(f.area);
}

}  // namespace app
