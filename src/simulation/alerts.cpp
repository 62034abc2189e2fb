#include "simulation/alerts.h"

#include <algorithm>
#include <cmath>

#include "world/world.h"

namespace bp {

std::string AlertEngine::set_rule(const World& world, const AlertSpec& spec) {
  const Series* series = nullptr;
  for (const auto& s : world.series())
    if (s.component() == spec.component && s.name() == spec.series) series = &s;
  if (!series) {
    std::string names;
    for (const auto& s : world.series())
      if (s.component() == spec.component) names += (names.empty() ? "" : ", ") + s.name();
    return "\"" + spec.component + "\" has no series \"" + spec.series + "\"" +
           (names.empty() ? std::string() : " (it has: " + names + ")");
  }
  for (auto& r : rules_)
    if (r.spec.id == spec.id) {
      r.spec = spec;
      r.series = series;
      r.holding_since = -1;
      return "";
    }
  rules_.push_back(Rule{spec, series});
  return "";
}

void AlertEngine::relink(const World& from, const World& to) {
  for (auto& r : rules_)
    for (std::size_t i = 0; i < from.series().size(); ++i)
      if (&from.series()[i] == r.series) {
        r.series = &to.series()[i];
        break;
      }
}

bool AlertEngine::remove_rule(SimTime now, const std::string& id) {
  for (auto it = rules_.begin(); it != rules_.end(); ++it)
    if (it->spec.id == id) {
      // A deleted rule stops paging now: its open episode ends at the deletion.
      if (it->open_episode >= 0 && episodes_[static_cast<std::size_t>(it->open_episode)].resolved < 0)
        episodes_[static_cast<std::size_t>(it->open_episode)].resolved = now;
      rules_.erase(it);
      return true;
    }
  return false;
}

bool AlertEngine::has_rule(const std::string& id) const {
  return std::any_of(rules_.begin(), rules_.end(), [&](const Rule& r) { return r.spec.id == id; });
}

bool AlertEngine::acknowledge(SimTime now, const std::string& id) {
  for (auto it = episodes_.rbegin(); it != episodes_.rend(); ++it)
    if (it->id == id && it->acknowledged < 0) {
      it->acknowledged = now;
      return true;
    }
  return false;
}

void AlertEngine::evaluate(SimTime now) {
  for (auto& r : rules_) {
    const double v = r.series->last();
    // A step without a value (no requests, so no P95) neither starts nor
    // clears a condition.
    if (std::isnan(v)) continue;
    const bool bad = r.spec.above ? v > r.spec.threshold : v < r.spec.threshold;
    if (bad) {
      if (r.holding_since < 0) r.holding_since = now;
      if (r.open_episode >= 0) {
        AlertEpisode& e = episodes_[static_cast<std::size_t>(r.open_episode)];
        e.worst_value = r.spec.above ? std::max(e.worst_value, v) : std::min(e.worst_value, v);
      } else if (now - r.holding_since >= r.spec.hold) {
        AlertEpisode e;
        e.id = r.spec.id;
        e.severity = r.spec.severity;
        e.metric = r.spec.metric();
        e.summary = r.spec.summary;
        e.threshold = r.spec.threshold;
        e.above = r.spec.above;
        e.fired = now;
        e.value_at_fire = e.worst_value = v;
        r.open_episode = static_cast<int>(episodes_.size());
        episodes_.push_back(std::move(e));
      }
    } else {
      r.holding_since = -1;
      if (r.open_episode >= 0) {
        episodes_[static_cast<std::size_t>(r.open_episode)].resolved = now;
        r.open_episode = -1;
      }
    }
  }
}

std::vector<const AlertEpisode*> AlertEngine::paging() const {
  std::vector<const AlertEpisode*> out;
  for (const auto& e : episodes_)
    if (e.resolved < 0 && e.acknowledged < 0) out.push_back(&e);
  return out;
}

nlohmann::json AlertEngine::report() const {
  nlohmann::json list = nlohmann::json::array();
  auto seconds = [](SimTime t) { return t < 0 ? nlohmann::json(nullptr) : nlohmann::json(to_seconds(t)); };
  for (const auto& e : episodes_) {
    list.push_back({{"id", e.id},
                    {"severity", e.severity},
                    {"metric", e.metric},
                    {"threshold", e.threshold},
                    {"condition", e.above ? "above" : "below"},
                    {"fired_s", seconds(e.fired)},
                    {"resolved_s", seconds(e.resolved)},
                    {"acknowledged_s", seconds(e.acknowledged)},
                    {"value_at_fire", std::round(e.value_at_fire * 1000) / 1000},
                    {"worst_value", std::round(e.worst_value * 1000) / 1000}});
  }
  return list;
}

}  // namespace bp
