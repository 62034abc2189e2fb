#include "scenario/json_reader.h"

#include <cmath>
#include <fmt/format.h>

#include "backpressure/scenario_loader.h"

namespace bp {

std::string describe_json(const nlohmann::json& value) {
  if (value.is_null()) return "null";
  std::string text = value.dump();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  if (value.is_object()) return "an object " + text;
  if (value.is_array()) return "a list " + text;
  return text;
}

std::string pointer_escape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string format_duration(SimTime t) {
  if (t != 0 && t % kHour == 0) return fmt::format("{}h", t / kHour);
  if (t != 0 && t % kMinute == 0) return fmt::format("{}m", t / kMinute);
  if (t != 0 && t % kSecond == 0) return fmt::format("{}s", t / kSecond);
  if (t % kMillisecond == 0) return fmt::format("{}ms", t / kMillisecond);
  return fmt::format("{}us", t);
}

std::int64_t expect_integer(const nlohmann::json& v, std::int64_t min, std::int64_t max,
                            const std::string& file, const std::string& path) {
  bool ok = v.is_number_integer();
  if (!ok && v.is_number_float()) {
    const double d = v.get<double>();
    ok = std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15;
  }
  if (!ok) throw InputError(file, path, fmt::format("expected a whole number from {} to {}, got {}", min, max, describe_json(v)));
  const auto n = v.is_number_float() ? static_cast<std::int64_t>(v.get<double>()) : v.get<std::int64_t>();
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
    throw InputError(file, path, fmt::format("expected a whole number from {} to {}, got {}", min, max, describe_json(v)));
  if (n < min || n > max)
    throw InputError(file, path, fmt::format("expected a whole number from {} to {}, got {}", min, max, n));
  return n;
}

double expect_number(const nlohmann::json& v, double min, double max, const std::string& file,
                     const std::string& path) {
  if (!v.is_number() || !std::isfinite(v.get<double>()))
    throw InputError(file, path, fmt::format("expected a number from {:g} to {:g}, got {}", min, max, describe_json(v)));
  const double d = v.get<double>();
  if (d < min || d > max) throw InputError(file, path, fmt::format("expected a number from {:g} to {:g}, got {:g}", min, max, d));
  return d;
}

SimTime expect_duration(const nlohmann::json& v, SimTime min, SimTime max, const std::string& file,
                        const std::string& path) {
  SimTime t = 0;
  if (!v.is_string() || !parse_duration(v.get<std::string>(), t))
    throw InputError(file, path, fmt::format("expected a duration such as \"250ms\", \"2s\" or \"36h\", got {}", describe_json(v)));
  if (t < min || t > max)
    throw InputError(file, path, fmt::format("expected a duration from {} to {}, got {}", format_duration(min),
                                             format_duration(max), v.get<std::string>()));
  return t;
}

ObjectReader::ObjectReader(const nlohmann::json& object, std::string file, std::string path)
    : object_(object), file_(std::move(file)), path_(std::move(path)) {
  if (!object_.is_object()) fail("expected an object, got " + describe_json(object_));
}

void ObjectReader::fail(const std::string& problem) const { throw InputError(file_, path_, problem); }
void ObjectReader::fail_at(const std::string& key, const std::string& problem) const {
  throw InputError(file_, path_of(key), problem);
}

bool ObjectReader::has(const std::string& key) const { return object_.contains(key); }

const nlohmann::json& ObjectReader::field(const std::string& key) {
  known_.insert(key);
  static const nlohmann::json null_value;
  auto it = object_.find(key);
  return it == object_.end() ? null_value : *it;
}

const nlohmann::json& ObjectReader::required(const std::string& key) {
  if (!has(key)) fail(fmt::format("missing required field \"{}\"", key));
  return field(key);
}

std::string ObjectReader::string(const std::string& key, const std::string& fallback) {
  const auto& v = field(key);
  if (v.is_null()) return fallback;
  if (!v.is_string()) fail_at(key, "expected a string, got " + describe_json(v));
  return v.get<std::string>();
}

std::string ObjectReader::required_string(const std::string& key) {
  required(key);
  std::string s = string(key, "");
  if (s.empty()) fail_at(key, "must not be empty");
  return s;
}

std::int64_t ObjectReader::integer(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  const auto& v = field(key);
  return v.is_null() ? fallback : expect_integer(v, min, max, file_, path_of(key));
}

double ObjectReader::number(const std::string& key, double fallback, double min, double max) {
  const auto& v = field(key);
  return v.is_null() ? fallback : expect_number(v, min, max, file_, path_of(key));
}

bool ObjectReader::flag(const std::string& key, bool fallback) {
  const auto& v = field(key);
  if (v.is_null()) return fallback;
  if (!v.is_boolean()) fail_at(key, "expected true or false, got " + describe_json(v));
  return v.get<bool>();
}

SimTime ObjectReader::duration(const std::string& key, SimTime fallback, SimTime min, SimTime max) {
  const auto& v = field(key);
  return v.is_null() ? fallback : expect_duration(v, min, max, file_, path_of(key));
}

void ObjectReader::finish() const {
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (known_.count(it.key())) continue;
    std::string known;
    for (const auto& k : known_) known += (known.empty() ? "" : ", ") + k;
    fail_at(it.key(), fmt::format("unknown field \"{}\" (known fields here: {})", it.key(), known));
  }
}

}  // namespace bp
