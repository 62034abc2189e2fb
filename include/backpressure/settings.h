#pragma once
// Typed component settings, validated against the catalogue's schema.
//
// The catalogue (assets/catalogue.json) says, for every component type, which
// settings exist, their kind, unit, range, default and help text. The loader,
// the commands that change a running game and the desktop inspector all go
// through that one schema.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/distribution.h"
#include "backpressure/time.h"

namespace bp {

enum class SettingKind { Integer, Number, Ratio, Flag, Duration, Distribution, Choice };

struct SettingSchema {
  std::string key;
  SettingKind kind = SettingKind::Integer;
  nlohmann::json default_value;
  double min = 0, max = 0;            // Integer, Number, Duration (in microseconds)
  std::vector<std::string> choices;   // Choice
  std::string unit;
  std::string help;
};

struct SettingValue {
  double number = 0;          // Integer, Number, Ratio, Flag (0/1), Duration (us)
  Distribution dist;          // Distribution
  std::string choice;         // Choice
  nlohmann::json source;      // as written, for saving designs back out
};

class Settings {
 public:
  void set(const std::string& key, SettingValue v) { values_[key] = std::move(v); }
  bool has(const std::string& key) const { return values_.count(key) != 0; }

  std::int64_t integer(const std::string& key) const { return static_cast<std::int64_t>(get(key).number); }
  double number(const std::string& key) const { return get(key).number; }
  bool flag(const std::string& key) const { return get(key).number != 0; }
  SimTime duration(const std::string& key) const { return static_cast<SimTime>(get(key).number); }
  const Distribution& dist(const std::string& key) const { return get(key).dist; }
  const std::string& choice(const std::string& key) const { return get(key).choice; }
  const std::map<std::string, SettingValue>& all() const { return values_; }

 private:
  const SettingValue& get(const std::string& key) const;
  std::map<std::string, SettingValue> values_;
};

}  // namespace bp
