#include "design_view.h"

#include <algorithm>
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
    if (c.type == "add_component" && c.value.is_object()) {
      DesignNode n{c.value.value("id", std::string()), c.value.value("type", std::string()), {}, true};
      if (auto t = c.value.find("targets"); t != c.value.end() && t->is_array())
        for (const auto& id : *t)
          if (id.is_string()) n.targets.push_back(id.get<std::string>());
      out.push_back(std::move(n));
    } else if (c.type == "remove_component") {
      if (auto it = find(c.target); it != out.end()) out.erase(it);
      for (auto& n : out) n.targets.erase(std::remove(n.targets.begin(), n.targets.end(), c.target), n.targets.end());
    } else if (c.type == "connect") {
      if (auto it = find(c.target); it != out.end()) it->targets.push_back(c.key);
    } else if (c.type == "disconnect") {
      if (auto it = find(c.target); it != out.end())
        it->targets.erase(std::remove(it->targets.begin(), it->targets.end(), c.key), it->targets.end());
    }
  }
  return out;
}

std::string fresh_component_id(const Game& game, const std::string& type) {
  std::set<std::string> taken;
  for (const auto& c : game.sim().design()) taken.insert(c.id);
  for (const auto& i : game.sim().scenario().incidents) taken.insert(i.id);
  for (const auto& c : game.pending())
    if (c.type == "add_component" && c.value.is_object()) taken.insert(c.value.value("id", std::string()));
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
