#pragma once
// The component catalogue: what each component type costs, which settings it
// has and their defaults. It is data (assets/catalogue.json, built into the
// binary) so that figures can be tuned without touching code.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/settings.h"

namespace bp {

struct ComponentType {
  std::string type;     // "server"
  std::string label;    // "Server"
  std::string summary;  // one line for the palette
  double cost_per_month = 0;  // per instance when the type has "instances"
  std::vector<SettingSchema> settings;

  const SettingSchema* find(const std::string& key) const;
};

class Catalogue {
 public:
  // The catalogue compiled into the binary from assets/catalogue.json.
  static const Catalogue& builtin();
  // Parses a catalogue document; errors name `file` and the JSON path.
  static Catalogue parse(const nlohmann::json& doc, const std::string& file);

  const ComponentType* find(const std::string& type) const;
  const std::vector<ComponentType>& types() const { return types_; }
  std::string type_names() const;  // "server, lb, postgres, ..."

  // Validates one setting value against its schema; `path` is for errors.
  SettingValue parse_setting(const SettingSchema& schema, const nlohmann::json& value,
                             const std::string& file, const std::string& path) const;

 private:
  std::vector<ComponentType> types_;
};

// Rules between settings of one component that a single setting's range
// cannot express (min_instances <= max_instances, scale_in_at < scale_out_at,
// thresholds that are shares under utilization), checked by the loader and by
// every `set` command. `given(key)` says which settings the author wrote, so
// the problem is pinned on one of them. Returns "" when the settings agree;
// otherwise the problem, with `key` set to the setting it is about.
std::string check_setting_rules(const std::string& type, const Settings& settings,
                                const std::function<bool(const std::string&)>& given, std::string& key);

}  // namespace bp
