#include "scenario/json_reader.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>
#include <fmt/format.h>

#include "backpressure/json_input.h"
#include "backpressure/scenario_loader.h"

namespace bp {

namespace {

// The start of value.dump(), at most `limit` bytes of it and more only by
// the last token: walked with an explicit stack and stopped early, so a
// value nested 100,000 deep or a string of 200 MB costs what it prints.
std::string bounded_dump(const nlohmann::json& root, std::size_t limit) {
  std::string out;
  std::vector<std::pair<const nlohmann::json*, nlohmann::json::const_iterator>> open;
  auto emit = [&](const nlohmann::json& v) {
    if (v.is_object() || v.is_array()) {
      out += v.is_object() ? '{' : '[';
      open.emplace_back(&v, v.cbegin());
    } else if (v.is_string()) {
      out += quote_text(v.get_ref<const std::string&>(), limit + 1 - std::min(limit, out.size()));
    } else {
      out += v.dump();  // a number, true, false or null: short
    }
  };
  emit(root);
  while (!open.empty() && out.size() <= limit) {
    auto& [container, it] = open.back();
    if (it == container->cend()) {
      out += container->is_object() ? '}' : ']';
      open.pop_back();
      continue;
    }
    if (it != container->cbegin()) out += ',';
    if (container->is_object()) out += quote_text(it.key(), limit + 1 - std::min(limit, out.size())) + ":";
    const nlohmann::json& child = *it;
    ++it;
    emit(child);
  }
  return out;
}

}  // namespace

std::string describe_json(const nlohmann::json& value) {
  if (value.is_null()) return "null";
  std::string text = bounded_dump(value, 60);
  if (text.size() > 60) {
    std::size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut) + "...";
  }
  if (value.is_object()) return "an object " + text;
  if (value.is_array()) return "a list " + text;
  return text;
}

std::string document_kind(const nlohmann::json& doc) {
  if (!doc.is_object()) return "";
  if (doc.contains("traffic")) return "scenario";
  if (doc.contains("commands")) return "command script";
  if (doc.contains("scenario") && doc.contains("components")) return "design";
  return "";
}

void check_document_kind(const nlohmann::json& doc, const std::string& expected, const std::string& file) {
  const std::string kind = document_kind(doc);
  if (kind.empty() || kind == expected) return;
  const char* where = kind == "scenario" ? "give it as the scenario" : kind == "design" ? "give it with --design" : "give it with --commands";
  throw InputError(file, "", fmt::format("this is a {} file, not a {} ({})", kind, expected, where));
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

// null stands for "absent" (docs/scenario-format.md), so a field that is
// null is not there: {"read": null} is not a read call with a default count.
bool ObjectReader::has(const std::string& key) const {
  const auto it = object_.find(key);
  return it != object_.end() && !it->is_null();
}

const nlohmann::json& ObjectReader::field(const std::string& key) {
  known_.insert(key);
  static const nlohmann::json null_value;
  auto it = object_.find(key);
  return it == object_.end() ? null_value : *it;
}

const nlohmann::json& ObjectReader::required(const std::string& key) {
  if (!object_.contains(key)) fail(fmt::format("missing required field \"{}\"", key));
  return field(key);
}

std::string ObjectReader::string(const std::string& key, const std::string& fallback) {
  const auto& v = field(key);
  if (v.is_null()) return fallback;
  if (!v.is_string()) fail_at(key, "expected a string, got " + describe_json(v));
  return v.get<std::string>();
}

std::string ObjectReader::required_string(const std::string& key) {
  if (required(key).is_null()) fail_at(key, "expected a string, got null");
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
    fail_at(it.key(), fmt::format("unknown field {} (known fields here: {})", quote_text(it.key()), known));
  }
}

}  // namespace bp
