#pragma once
// Where the canvas puts things, as plain arithmetic: cards in columns by
// distance from the traffic source, the fit that keeps their text legible,
// edges as curves, the pan-and-zoom view, and what lies under a point. No
// ImGui here (canvas_draw.cpp and canvas_input.cpp do the drawing and the
// mouse), so the tests check the layout itself.
//
// Layout coordinates are pixels from the canvas's top left at the player's
// zoom of 1, before the fit; Game::placed is kept in them.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "design_view.h"
#include "game.h"

namespace app {

struct Vec2 {
  float x = 0, y = 0;
};

struct CardLayout {
  std::string id, type;
  int column = 0, row = 0;
  Vec2 pos, size;
  bool pending = false;  // added, appears in the model at the next step
  bool placed = false;   // where the player dropped or moved it
  Vec2 port() const { return {pos.x + size.x, pos.y + size.y / 2}; }  // the output ring
  bool contains(Vec2 p) const { return p.x >= pos.x && p.x <= pos.x + size.x && p.y >= pos.y && p.y <= pos.y + size.y; }
};

struct CanvasLayout {
  // The card the player moved last comes first: it wins the mouse where
  // cards overlap, and is drawn over the others.
  std::vector<CardLayout> cards;
  std::vector<std::pair<std::string, std::string>> edges;  // from, to; may name ids that have no card
  int columns = 1;
  float fit = 1;  // < 1 when the cards would be squeezed: the whole view scales down
  Vec2 card_size;
  const CardLayout* find(const std::string& id) const;
  // The topmost card under a layout point, or null.
  const CardLayout* card_at(Vec2 p) const;
};

// The room a card's text needs at presenter mode's type scale, per column.
inline constexpr float kCardMinWidth = 125, kCardMaxWidth = 190, kCardHeight = 86, kColumnGap = 36;

// `area` is the canvas's size on screen; `type_scale` 1.25 in presenter mode.
CanvasLayout layout_canvas(const std::vector<DesignNode>& design, const std::string& traffic_entry,
                           const std::map<std::string, Game::Place>& placed, Vec2 area, float type_scale,
                           const std::string& on_top);

// An edge as a cubic Bézier from the source's port to the target's left
// side; a back edge (to the same column or left of it) leaves and enters
// from below, and an edge skipping columns bows above the cards between.
struct EdgeCurve {
  Vec2 s, c1, c2, e;
  bool back = false;
  Vec2 at(float u) const;
};
EdgeCurve edge_curve(const CardLayout& from, const CardLayout& to);
// The distance from `p` to the curve (sampled), in layout pixels.
float edge_distance(const EdgeCurve& curve, Vec2 p);
// The player's edge nearest `p` within `max_distance`; the traffic source's
// edge is not the player's to select.
std::optional<std::pair<std::string, std::string>> edge_at(const CanvasLayout& layout, Vec2 p, float max_distance);
// Moving dots on an edge: more the busier it is (log scale), none when idle.
int flow_dots(double per_s);

// The player's view: pan in screen pixels and the wheel's zoom. The zoom on
// screen is the player's times the layout's fit.
struct CanvasView {
  Vec2 pan;
  float player_zoom = 1;
  static constexpr float kMinZoom = 0.4f, kMaxZoom = 2.5f;
  Vec2 to_view(Vec2 origin, float fit, Vec2 layout) const;
  Vec2 to_layout(Vec2 origin, float fit, Vec2 view) const;
  // One wheel notch is 15%; the point under the cursor stays under it.
  void zoom_at(Vec2 origin, Vec2 cursor, float wheel);
};

// Where a type dropped at layout point `at` goes: onto a card, below it
// (it will point at that card); on empty space, centred on the pointer.
Game::Place drop_place(const CanvasLayout& layout, const CardLayout* onto, Vec2 at);

}  // namespace app
