// Where the desktop game's canvas puts things (src/app/canvas_layout.h),
// without a window: cards in columns by distance from the traffic source,
// rows within a column, the player's own spots, the fit that keeps card
// text legible, edges as curves, the pan-and-zoom view and drops.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "app/canvas_layout.h"

using Catch::Matchers::WithinAbs;

namespace {

app::DesignNode node(std::string id, std::string type, std::vector<std::string> targets = {}, bool pending = false) {
  return {std::move(id), std::move(type), std::move(targets), pending};
}

// The shape of the default scenario: traffic -> lb -> two servers -> db,
// with a queue feeding a worker that writes to the db.
std::vector<app::DesignNode> shop() {
  return {node("lb", "load_balancer", {"web1", "web2"}), node("web1", "server", {"db", "jobs"}),
          node("web2", "server", {"db"}), node("jobs", "queue", {"fulfilment"}),
          node("fulfilment", "worker", {"db"}), node("db", "postgres")};
}

const app::Vec2 kArea{1600, 600};

const app::CardLayout& card(const app::CanvasLayout& l, const std::string& id) {
  const app::CardLayout* c = l.find(id);
  REQUIRE(c != nullptr);
  return *c;
}

}  // namespace

TEST_CASE("canvas layout: columns by distance from the traffic source, the longest path wins", "[canvas_layout]") {
  const auto l = app::layout_canvas(shop(), "lb", {}, kArea, 1, "");
  CHECK(card(l, "traffic").column == 0);
  CHECK(card(l, "lb").column == 1);
  CHECK(card(l, "web1").column == 2);
  CHECK(card(l, "web2").column == 2);
  CHECK(card(l, "jobs").column == 3);
  CHECK(card(l, "fulfilment").column == 4);
  // db is one step from the servers but two from the queue's worker: the
  // card sits right of everything that points at it.
  CHECK(card(l, "db").column == 5);
  CHECK(l.columns == 6);
  CHECK(l.edges.front() == std::pair<std::string, std::string>("traffic", "lb"));
  CHECK(l.edges.size() == 1 + 2 + 2 + 1 + 1 + 1);
}

TEST_CASE("canvas layout: cards in a column share it in rows, centred in their band", "[canvas_layout]") {
  const auto l = app::layout_canvas(shop(), "lb", {}, kArea, 1, "");
  const auto& a = card(l, "web1");
  const auto& b = card(l, "web2");
  CHECK(a.row == 0);
  CHECK(b.row == 1);
  CHECK(a.pos.x == b.pos.x);
  // Two rows in 600 px: bands of 300, cards of 86 centred in each.
  CHECK_THAT(a.pos.y, WithinAbs((300 - 86) / 2.0, 1e-3));
  CHECK_THAT(b.pos.y, WithinAbs(300 + (300 - 86) / 2.0, 1e-3));
  // Six columns of 1600/6 px, the card centred in its column.
  const float col_w = 1600.0f / 6;
  CHECK_THAT(a.pos.x, WithinAbs(2 * col_w + (col_w - a.size.x) / 2, 1e-3));
  // Alone in its column: centred in the whole height.
  CHECK_THAT(card(l, "lb").pos.y, WithinAbs((600 - 86) / 2.0, 1e-3));
}

TEST_CASE("canvas layout: a card the player placed keeps its spot and column, and gives up its row", "[canvas_layout]") {
  const std::map<std::string, app::Game::Place> placed{{"web1", {40, 420}}};
  const auto l = app::layout_canvas(shop(), "lb", placed, kArea, 1, "");
  const auto& a = card(l, "web1");
  CHECK(a.placed);
  CHECK(a.pos.x == 40);
  CHECK(a.pos.y == 420);
  CHECK(a.column == 2);  // edges still route by column
  // web2 is the column's only laid-out card now: row 0, centred.
  CHECK(card(l, "web2").row == 0);
  CHECK_THAT(card(l, "web2").pos.y, WithinAbs((600 - 86) / 2.0, 1e-3));
  CHECK_FALSE(card(l, "web2").placed);
}

TEST_CASE("canvas layout: cards unreachable from the traffic go in the first column", "[canvas_layout]") {
  auto design = shop();
  design.push_back(node("spare", "server"));
  const auto l = app::layout_canvas(design, "lb", {}, kArea, 1, "");
  CHECK(card(l, "spare").column == 0);
  CHECK(card(l, "spare").row == 1);  // under the traffic source
}

TEST_CASE("canvas layout: a cycle does not push cards right forever", "[canvas_layout]") {
  const std::vector<app::DesignNode> design{node("a", "server", {"b"}), node("b", "server", {"a"})};
  const auto l = app::layout_canvas(design, "a", {}, kArea, 1, "");
  // Three cards: no column past 3, and the loop settled.
  CHECK(card(l, "a").column <= 3);
  CHECK(card(l, "b").column <= 3);
  CHECK(l.columns <= 4);
}

TEST_CASE("canvas layout: a narrow canvas scales the view down instead of squeezing the cards", "[canvas_layout]") {
  const auto wide = app::layout_canvas(shop(), "lb", {}, kArea, 1, "");
  CHECK(wide.fit == 1);
  CHECK(wide.card_size.x == app::kCardMaxWidth);

  // Six columns need 6 × (125 + 36) = 966 px at the least.
  const auto narrow = app::layout_canvas(shop(), "lb", {}, {600, 400}, 1, "");
  CHECK_THAT(narrow.fit, WithinAbs(600.0 / 966.0, 1e-5));
  CHECK_THAT(narrow.card_size.x, WithinAbs(app::kCardMinWidth, 1e-3));
  // Laid out wider, so it fills the panel once scaled by the fit.
  const auto& db = card(narrow, "db");
  CHECK_THAT((db.pos.x + db.size.x + (966.0f / 6 - db.size.x) / 2) * narrow.fit, WithinAbs(600, 1e-2));

  // Presenter mode's larger type needs larger cards: 1000 px hold six
  // columns of plain cards, not of presenter ones (6 × (156.25 + 36) px).
  CHECK(app::layout_canvas(shop(), "lb", {}, {1000, 600}, 1, "").fit == 1);
  const auto big = app::layout_canvas(shop(), "lb", {}, {1000, 600}, 1.25f, "");
  CHECK_THAT(big.fit, WithinAbs(1000 / (6 * (125 * 1.25 + 36)), 1e-5));
  CHECK_THAT(big.card_size.y, WithinAbs(86 * 1.25, 1e-3));
}

TEST_CASE("canvas layout: the card moved last comes first and wins the mouse where cards overlap", "[canvas_layout]") {
  const std::map<std::string, app::Game::Place> placed{{"web1", {100, 100}}, {"db", {110, 110}}};
  const app::Vec2 overlap{150, 150};
  const auto plain = app::layout_canvas(shop(), "lb", placed, kArea, 1, "");
  REQUIRE(plain.card_at(overlap) != nullptr);
  CHECK(plain.card_at(overlap)->id == "web1");  // design order
  const auto db_on_top = app::layout_canvas(shop(), "lb", placed, kArea, 1, "db");
  CHECK(db_on_top.cards.front().id == "db");
  CHECK(db_on_top.card_at(overlap)->id == "db");
  CHECK(db_on_top.card_at({-50, -50}) == nullptr);
}

TEST_CASE("canvas layout: edges leave from the port, back edges from below, long ones bow over", "[canvas_layout]") {
  const auto l = app::layout_canvas(shop(), "lb", {}, kArea, 1, "");
  const auto& lb = card(l, "lb");
  const auto& web1 = card(l, "web1");
  const app::EdgeCurve k = app::edge_curve(lb, web1);
  CHECK_FALSE(k.back);
  CHECK(k.s.x == lb.port().x);
  CHECK(k.s.y == lb.port().y);
  CHECK(k.e.x == web1.pos.x);
  CHECK(k.e.y == web1.pos.y + web1.size.y / 2);
  CHECK(k.at(0).x == k.s.x);
  CHECK_THAT(k.at(1).x, WithinAbs(k.e.x, 1e-3));

  // web1 -> db skips three columns: it bows above the cards between.
  const app::EdgeCurve skip = app::edge_curve(web1, card(l, "db"));
  CHECK(skip.c1.y < skip.s.y);
  CHECK_THAT(skip.c1.y, WithinAbs(skip.s.y - 70 * 2, 1e-3));

  // Pointing back (db -> lb): from the bottom middle to the bottom middle.
  const app::EdgeCurve back = app::edge_curve(card(l, "db"), lb);
  CHECK(back.back);
  CHECK(back.s.y == card(l, "db").pos.y + card(l, "db").size.y);
  CHECK(back.e.x == lb.pos.x + lb.size.x / 2);
  CHECK(back.c1.y > back.s.y);
}

TEST_CASE("canvas layout: the edge under the pointer, never the traffic's", "[canvas_layout]") {
  const auto l = app::layout_canvas(shop(), "lb", {}, kArea, 1, "");
  const app::Vec2 mid = app::edge_curve(card(l, "lb"), card(l, "web1")).at(0.5f);
  const auto hit = app::edge_at(l, {mid.x, mid.y + 3}, 7);
  REQUIRE(hit);
  CHECK(hit->first == "lb");
  CHECK(hit->second == "web1");
  CHECK_FALSE(app::edge_at(l, {mid.x, mid.y + 30}, 7));
  const app::Vec2 traffic_mid = app::edge_curve(card(l, "traffic"), card(l, "lb")).at(0.5f);
  CHECK_FALSE(app::edge_at(l, traffic_mid, 7));
  CHECK(app::edge_distance(app::edge_curve(card(l, "lb"), card(l, "web1")), mid) < 1e-3f);
}

TEST_CASE("canvas layout: busier edges carry more dots, idle ones none", "[canvas_layout]") {
  CHECK(app::flow_dots(0) == 0);
  CHECK(app::flow_dots(-1) == 0);
  CHECK(app::flow_dots(1) == 1);
  CHECK(app::flow_dots(1000) == 5);
  CHECK(app::flow_dots(1e9) == 6);
}

TEST_CASE("canvas view: layout and screen convert both ways, and zoom keeps the pointer's spot", "[canvas_layout]") {
  app::CanvasView v;
  v.pan = {30, -20};
  v.player_zoom = 1.5f;
  const app::Vec2 origin{200, 100};
  const app::Vec2 p{123, 45};
  const app::Vec2 on_screen = v.to_view(origin, 0.5f, p);
  CHECK_THAT(on_screen.x, WithinAbs(200 + 30 + 123 * 0.75, 1e-3));
  const app::Vec2 back = v.to_layout(origin, 0.5f, on_screen);
  CHECK_THAT(back.x, WithinAbs(p.x, 1e-3));
  CHECK_THAT(back.y, WithinAbs(p.y, 1e-3));

  const app::Vec2 cursor{640, 300};
  const app::Vec2 under = v.to_layout(origin, 0.5f, cursor);
  v.zoom_at(origin, cursor, 2);
  CHECK_THAT(v.player_zoom, WithinAbs(1.5 * 1.15 * 1.15, 1e-4));
  const app::Vec2 still = v.to_view(origin, 0.5f, under);
  CHECK_THAT(still.x, WithinAbs(cursor.x, 1e-2));
  CHECK_THAT(still.y, WithinAbs(cursor.y, 1e-2));

  v.zoom_at(origin, cursor, 40);
  CHECK(v.player_zoom == app::CanvasView::kMaxZoom);
  v.zoom_at(origin, cursor, -80);
  CHECK(v.player_zoom == app::CanvasView::kMinZoom);
}

TEST_CASE("canvas layout: a type dropped on a card goes below it, on empty space under the pointer", "[canvas_layout]") {
  const auto l = app::layout_canvas(shop(), "lb", {}, kArea, 1, "");
  const auto& db = card(l, "db");
  const app::Game::Place below = app::drop_place(l, &db, {db.pos.x + 5, db.pos.y + 5});
  CHECK(below.x == db.pos.x);
  CHECK(below.y == db.pos.y + db.size.y + 24);
  const app::Game::Place free = app::drop_place(l, nullptr, {500, 300});
  CHECK(free.x == 500 - l.card_size.x / 2);
  CHECK(free.y == 300 - l.card_size.y / 2);
  // The traffic source takes nothing: a drop on it is a drop on empty space.
  const app::Game::Place on_traffic = app::drop_place(l, &card(l, "traffic"), {60, 70});
  CHECK(on_traffic.x == 60 - l.card_size.x / 2);
}
