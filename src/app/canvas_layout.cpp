#include "canvas_layout.h"

#include <algorithm>
#include <cmath>

namespace app {

const CardLayout* CanvasLayout::find(const std::string& id) const {
  for (const auto& c : cards)
    if (c.id == id) return &c;
  return nullptr;
}

const CardLayout* CanvasLayout::card_at(Vec2 p) const {
  for (const auto& c : cards)
    if (c.contains(p)) return &c;
  return nullptr;
}

CanvasLayout layout_canvas(const std::vector<DesignNode>& design, const std::string& traffic_entry,
                           const std::map<std::string, Game::Place>& placed, Vec2 area, float type_scale,
                           const std::string& on_top) {
  CanvasLayout out;
  CardLayout traffic;
  traffic.id = traffic.type = "traffic";
  out.cards.push_back(std::move(traffic));
  out.edges.emplace_back("traffic", traffic_entry);
  for (const auto& n : design) {
    CardLayout c;
    c.id = n.id;
    c.type = n.type;
    c.column = -1;  // until a path from the traffic reaches it
    c.pending = n.pending;
    out.cards.push_back(std::move(c));
    for (const auto& t : n.targets) out.edges.emplace_back(n.id, t);
  }
  auto index = [&](const std::string& id) -> CardLayout* {
    for (auto& c : out.cards)
      if (c.id == id) return &c;
    return nullptr;
  };
  // Columns: breadth-first from the traffic source through the targets.
  // Cards only move right, and never past the card count, so cycles stop.
  const int most = static_cast<int>(out.cards.size());
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [from, to] : out.edges) {
      const CardLayout* f = index(from);
      CardLayout* t = index(to);
      if (!f || !t || f->column < 0) continue;
      const int want = f->column + 1;
      if (t->column < want && want <= most) {
        t->column = want;
        changed = true;
      }
    }
  }
  std::map<int, int> rows;
  for (auto& c : out.cards) {
    c.column = std::max(c.column, 0);  // unreachable from the traffic: first column
    out.columns = std::max(out.columns, c.column + 1);
    // A placed card keeps its column, so the others do not shift when it
    // moves, but gives up its row.
    c.placed = placed.count(c.id) > 0;
    if (!c.placed) c.row = rows[c.column]++;
  }
  std::stable_partition(out.cards.begin(), out.cards.end(), [&](const CardLayout& c) { return c.id == on_top; });

  // Cards need room for their text: when the columns would squeeze them
  // (a narrow window, presenter mode's larger type), the layout is made
  // wider and the whole view scaled down to fit, text and all.
  const auto columns = static_cast<float>(out.columns);
  out.fit = std::min(1.0f, area.x / (columns * (kCardMinWidth * type_scale + kColumnGap)));
  const Vec2 room{area.x / out.fit, area.y / out.fit};
  const float col_w = room.x / columns;
  out.card_size = {std::min(kCardMaxWidth * type_scale, col_w - kColumnGap), kCardHeight * type_scale};
  for (auto& c : out.cards) {
    c.size = out.card_size;
    if (c.placed) {
      const Game::Place& p = placed.at(c.id);
      c.pos = {p.x, p.y};
      continue;
    }
    const float row_h = room.y / static_cast<float>(std::max(1, rows[c.column]));
    c.pos = {col_w * static_cast<float>(c.column) + (col_w - c.size.x) / 2,
             row_h * static_cast<float>(c.row) + (row_h - c.size.y) / 2};
  }
  return out;
}

Vec2 EdgeCurve::at(float u) const {
  const float iu = 1 - u;
  const float a = iu * iu * iu, b = 3 * iu * iu * u, c = 3 * iu * u * u, d = u * u * u;
  return {a * s.x + b * c1.x + c * c2.x + d * e.x, a * s.y + b * c1.y + c * c2.y + d * e.y};
}

EdgeCurve edge_curve(const CardLayout& a, const CardLayout& b) {
  EdgeCurve k;
  k.back = b.column <= a.column;
  if (k.back) {
    k.s = {a.pos.x + a.size.x / 2, a.pos.y + a.size.y};
    k.e = {b.pos.x + b.size.x / 2, b.pos.y + b.size.y};
    k.c1 = {k.s.x, k.s.y + 60};
    k.c2 = {k.e.x, k.e.y + 60};
    return k;
  }
  k.s = a.port();
  k.e = {b.pos.x, b.pos.y + b.size.y / 2};
  const float dx = std::max(40.0f, (k.e.x - k.s.x) * 0.5f);
  const float bow = b.column - a.column > 1 ? -70.0f * static_cast<float>(b.column - a.column - 1) : 0.0f;
  k.c1 = {k.s.x + dx, k.s.y + bow};
  k.c2 = {k.e.x - dx, k.e.y + bow};
  return k;
}

float edge_distance(const EdgeCurve& curve, Vec2 p) {
  float best = INFINITY;
  for (int k = 0; k <= 24; ++k) {
    const Vec2 q = curve.at(static_cast<float>(k) / 24.0f);
    best = std::min(best, std::hypot(q.x - p.x, q.y - p.y));
  }
  return best;
}

std::optional<std::pair<std::string, std::string>> edge_at(const CanvasLayout& layout, Vec2 p, float max_distance) {
  std::optional<std::pair<std::string, std::string>> found;
  float best = max_distance;
  for (const auto& [from, to] : layout.edges) {
    const CardLayout* a = layout.find(from);
    const CardLayout* b = layout.find(to);
    if (!a || !b || a->type == "traffic") continue;
    if (const float d = edge_distance(edge_curve(*a, *b), p); d < best) {
      best = d;
      found.emplace(from, to);
    }
  }
  return found;
}

int flow_dots(double per_s) {
  if (!(per_s > 0)) return 0;
  return std::clamp(static_cast<int>(std::log10(per_s + 1) * 1.5) + 1, 1, 6);
}

Vec2 CanvasView::to_view(Vec2 origin, float fit, Vec2 p) const {
  const float zoom = player_zoom * fit;
  return {origin.x + pan.x + p.x * zoom, origin.y + pan.y + p.y * zoom};
}

Vec2 CanvasView::to_layout(Vec2 origin, float fit, Vec2 v) const {
  const float zoom = player_zoom * fit;
  return {(v.x - origin.x - pan.x) / zoom, (v.y - origin.y - pan.y) / zoom};
}

void CanvasView::zoom_at(Vec2 origin, Vec2 cursor, float wheel) {
  const float nz = std::clamp(player_zoom * std::pow(1.15f, wheel), kMinZoom, kMaxZoom);
  const Vec2 m{cursor.x - origin.x - pan.x, cursor.y - origin.y - pan.y};
  pan.x -= m.x * (nz / player_zoom - 1);
  pan.y -= m.y * (nz / player_zoom - 1);
  player_zoom = nz;
}

Game::Place drop_place(const CanvasLayout& layout, const CardLayout* onto, Vec2 at) {
  if (onto && onto->type != "traffic") return {onto->pos.x, onto->pos.y + layout.card_size.y + 24};
  return {at.x - layout.card_size.x / 2, at.y - layout.card_size.y / 2};
}

}  // namespace app
