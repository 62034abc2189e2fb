#pragma once
// Evaluates alert rules at every step boundary, after the metrics are
// sampled. A rule fires once its condition has held for its duration, pages
// the player until acknowledged, and resolves when the condition clears.
#include <deque>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/alerts.h"
#include "backpressure/scenario.h"
#include "backpressure/series.h"

namespace bp {

class World;

class AlertEngine {
 public:
  // Adds or replaces a rule; returns why not ("no such series") or "".
  std::string set_rule(const World& world, const AlertSpec& spec);
  bool remove_rule(SimTime now, const std::string& id);
  bool has_rule(const std::string& id) const;
  // Acknowledges the open episode of a rule; false if nothing is paging.
  bool acknowledge(SimTime now, const std::string& id);
  void evaluate(SimTime now);
  // After copying the engine along with its world: each rule reads the
  // copy's series instead of the original's.
  void relink(const World& from, const World& to);

  const std::vector<AlertEpisode>& episodes() const { return episodes_; }
  // Episodes firing and not yet acknowledged, newest last.
  std::vector<const AlertEpisode*> paging() const;
  nlohmann::json report() const;

 private:
  struct Rule {
    AlertSpec spec;
    const Series* series = nullptr;
    SimTime holding_since = -1;
    int open_episode = -1;  // index into episodes_ while firing
  };
  std::vector<Rule> rules_;
  std::vector<AlertEpisode> episodes_;
};

}  // namespace bp
