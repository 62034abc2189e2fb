#include "design_view.h"

#include <algorithm>
#include <map>
#include <set>

#include <backpressure/catalogue.h>

namespace app {

std::vector<DesignNode> live_design(const Game& game) {
  std::vector<DesignNode> out;
  for (const auto& c : game.sim().design())
    if (!c.removed()) out.push_back({c.id, c.type, c.targets, false});
  auto find = [&](const std::string& id) {
    return std::find_if(out.begin(), out.end(), [&](const DesignNode& n) { return n.id == id; });
  };
  for (const auto& c : game.pending()) {
    if (c.kind == bp::CommandKind::AddComponent && c.value.is_object()) {
      DesignNode n{c.value.value("id", std::string()), c.value.value("type", std::string()), {}, true};
      if (auto t = c.value.find("targets"); t != c.value.end() && t->is_array())
        for (const auto& id : *t)
          if (id.is_string()) n.targets.push_back(id.get<std::string>());
      out.push_back(std::move(n));
    } else if (c.kind == bp::CommandKind::RemoveComponent) {
      if (auto it = find(c.target); it != out.end()) out.erase(it);
      for (auto& n : out) n.targets.erase(std::remove(n.targets.begin(), n.targets.end(), c.target), n.targets.end());
    } else if (c.kind == bp::CommandKind::Connect) {
      if (auto it = find(c.target); it != out.end()) it->targets.push_back(c.key);
    } else if (c.kind == bp::CommandKind::Disconnect) {
      if (auto it = find(c.target); it != out.end())
        it->targets.erase(std::remove(it->targets.begin(), it->targets.end(), c.key), it->targets.end());
    }
  }
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
