#pragma once
// The canvas panel's pieces, shared by its three files: canvas.cpp puts a
// frame together, canvas_input.cpp turns the mouse and keys into view
// changes and design commands, canvas_draw.cpp draws. Where things go is
// canvas_layout.h's pure arithmetic.
#include <optional>
#include <string>
#include <utility>

#include <imgui.h>

#include "canvas_layout.h"
#include "ui.h"

namespace app {

// One frame of the canvas: the layout, where it is on screen, and what the
// input pass found under the pointer, for the draw pass.
struct CanvasFrame {
  CanvasLayout layout;
  ImVec2 origin, area;  // the panel's content region on screen
  bool hovered = false;  // the canvas window holds the pointer
  ImVec2 mouse;         // the pointer in layout coordinates
  // Found by the input pass:
  std::string card_hovered;  // the card that holds the mouse (not one under it)
  std::string card_moving;   // the card being dragged by its body
  std::string port_hovered;
  std::optional<std::pair<std::string, std::string>> edge_hovered;

  float zoom(const CanvasView& v) const { return v.player_zoom * layout.fit; }
  ImVec2 to_view(const CanvasView& v, Vec2 p) const;
  ImVec2 to_layout(const CanvasView& v, ImVec2 p) const;
};

inline ImVec2 im(Vec2 v) { return ImVec2(v.x, v.y); }
inline Vec2 vec(ImVec2 v) { return Vec2{v.x, v.y}; }

// Input, in the order draw_canvas calls them.
// The wheel zooms about the pointer; dragging empty space (or with the
// middle or right button) pans.
void canvas_view_input(CanvasFrame& f, CanvasState& st);
// The ports' and cards' invisible buttons: connecting by dragging from a
// port, selecting and moving cards. Moves update f.layout as well.
void canvas_items(Game& game, CanvasFrame& f, CanvasState& st);
// After drawing: selecting an edge, the right-click menus, Delete, and
// component types dropped from the palette.
void canvas_edits(Game& game, const CanvasFrame& f, CanvasState& st);

// Drawing: edges with their moving dots, then the cards, in layout space
// moved into the view afterwards; then the wire being pulled from a port.
void draw_canvas_picture(const Game& game, const UiState& ui, const CanvasFrame& f, CanvasState& st);
// The zoom button, bottom left, in screen space.
void draw_canvas_view_controls(const CanvasFrame& f, CanvasState& st);

}  // namespace app
