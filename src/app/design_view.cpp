#include "design_view.h"

#include <algorithm>
#include <map>
#include <set>

#include <backpressure/catalogue.h>
#include <backpressure/live_design.h>

namespace app {

std::vector<DesignNode> live_design(const Game& game) {
  std::set<std::string> live;
  for (const auto& c : game.sim().design())
    if (!c.removed()) live.insert(c.id);
  // The core projects the pending commands, so the canvas shows exactly
  // what will apply.
  std::vector<DesignNode> out;
  for (auto& spec : bp::planned_design(game.sim()))
    out.push_back({spec.id, spec.type, std::move(spec.targets), !live.count(spec.id)});
  return out;
}

namespace {

// The setting that says how many billed units a type runs, if any.
const char* units_key(const std::string& type) {
  const auto* t = bp::Catalogue::builtin().find(type);
  if (!t) return nullptr;
  for (const char* key : {"instances", "partitions"})
    if (t->find(key)) return key;
  return nullptr;
}

}  // namespace

double planned_units(const Game& game, const std::string& id) {
  std::string type;
  for (const auto& d : game.sim().design())
    if (d.id == id) type = d.type;
  double units = -1;
  for (const auto& c : game.pending()) {
    if (c.kind == bp::CommandKind::AddComponent && c.value.is_object() && c.value.value("id", std::string()) == id) {
      type = c.value.value("type", std::string());
      const char* key = units_key(type);
      const auto v = key ? c.value.find(key) : c.value.end();
      units = v != c.value.end() && v->is_number() ? v->get<double>() : 1;
    } else if (c.kind == bp::CommandKind::Set && c.target == id && c.value.is_number()) {
      if (const char* key = units_key(type); key && c.key == key) units = c.value.get<double>();
    }
  }
  return units;
}

double planned_monthly_cost(const Game& game) {
  if (game.pending().empty()) return game.monthly_cost();
  std::map<std::string, double> billed_now;
  for (const auto& s : game.sim().components())
    if (!s.removed) billed_now[s.id] = static_cast<double>(s.units);
  double total = 0;
  for (const auto& n : live_design(game)) {
    const auto* t = bp::Catalogue::builtin().find(n.type);
    if (!t) continue;
    double units = planned_units(game, n.id);
    if (units < 0) units = billed_now.count(n.id) ? billed_now[n.id] : 1;
    total += t->cost_per_month * units;
  }
  return total;
}

std::string fresh_component_id(const Game& game, const std::string& type) {
  std::set<std::string> taken;
  for (const auto& c : game.sim().design()) taken.insert(c.id);
  for (const auto& i : game.sim().scenario().incidents) taken.insert(i.id);
  for (const auto& c : game.pending())
    if (c.kind == bp::CommandKind::AddComponent && c.value.is_object()) taken.insert(c.value.value("id", std::string()));
  for (int n = 1;; ++n)
    if (std::string id = type + std::to_string(n); !taken.count(id)) return id;
}

nlohmann::json new_component_value(const std::string& id, const std::string& type) {
  nlohmann::json v = {{"id", id}, {"type", type}};
  if (const auto* t = bp::Catalogue::builtin().find(type))
    for (const auto& s : t->settings)
      if (!s.default_value.is_null()) v[s.key] = s.default_value;
  return v;
}

}  // namespace app
