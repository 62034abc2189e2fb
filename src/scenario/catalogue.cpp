#include "backpressure/catalogue.h"

#include <cmath>
#include <fmt/format.h>

#include "backpressure/input_error.h"
#include "backpressure/json_input.h"
#include "scenario/json_reader.h"

namespace bp {

extern const char* const kBuiltinCatalogueJson;  // generated from assets/catalogue.json

namespace {

constexpr SimTime kMaxDuration = 365 * kDay;

Distribution parse_distribution(const nlohmann::json& v, const std::string& file, const std::string& path) {
  if (v.is_string()) return Distribution::constant(static_cast<double>(expect_duration(v, 0, kMaxDuration, file, path)));
  if (!v.is_object())
    throw InputError(file, path,
                     "expected a duration such as \"6ms\" or a distribution such as {\"dist\": \"exponential\", \"mean\": \"6ms\"}, got " +
                         describe_json(v));
  ObjectReader r(v, file, path);
  const std::string kind = r.required_string("dist");
  auto positive = [&](const char* key) {
    const SimTime t = expect_duration(r.required(key), 1, kMaxDuration, file, r.path_of(key));
    return static_cast<double>(t);
  };
  Distribution d;
  if (kind == "constant") {
    d = Distribution::constant(static_cast<double>(expect_duration(r.required("value"), 0, kMaxDuration, file, r.path_of("value"))));
  } else if (kind == "exponential") {
    d = Distribution::exponential(positive("mean"));
  } else if (kind == "lognormal") {
    const double mean = positive("mean");
    if (r.has("sigma") == r.has("p99")) r.fail("a lognormal needs exactly one of \"sigma\" or \"p99\"");
    if (r.has("sigma")) {
      d = Distribution::lognormal_sigma(mean, r.number("sigma", 0, 0.01, 3.0));
    } else {
      const double p99 = positive("p99");
      // p99 must sit above the median, and the fit has a solution only while
      // ln(p99/mean) < z^2/2.
      const double ratio = p99 / mean;
      if (ratio <= 1.0 || ratio > 14.0)
        r.fail_at("p99", fmt::format("must be between 1x and 14x the mean for a lognormal fit, got {:.3g}x", ratio));
      d = Distribution::lognormal_p99(mean, p99);
    }
  } else if (kind == "uniform") {
    const double lo = static_cast<double>(expect_duration(r.required("min"), 0, kMaxDuration, file, r.path_of("min")));
    const double hi = static_cast<double>(expect_duration(r.required("max"), 0, kMaxDuration, file, r.path_of("max")));
    if (hi < lo) r.fail_at("max", "must not be smaller than \"min\"");
    d = Distribution::uniform(lo, hi);
  } else {
    r.fail_at("dist", fmt::format("expected one of constant, exponential, lognormal, uniform, got {}", quote_text(kind)));
  }
  r.finish();
  return d;
}

SettingKind parse_kind(const std::string& s, const ObjectReader& r) {
  if (s == "integer") return SettingKind::Integer;
  if (s == "number") return SettingKind::Number;
  if (s == "ratio") return SettingKind::Ratio;
  if (s == "flag") return SettingKind::Flag;
  if (s == "duration") return SettingKind::Duration;
  if (s == "distribution") return SettingKind::Distribution;
  if (s == "choice") return SettingKind::Choice;
  r.fail_at("kind", "unknown setting kind " + quote_text(s));
}

}  // namespace

const SettingValue& Settings::get(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) throw std::logic_error("setting " + quote_text(key) + " is not in the catalogue");
  return it->second;
}

const SettingSchema* ComponentType::find(const std::string& key) const {
  for (const auto& s : settings)
    if (s.key == key) return &s;
  return nullptr;
}

const ComponentType* Catalogue::find(const std::string& type) const {
  for (const auto& t : types_)
    if (t.type == type) return &t;
  return nullptr;
}

std::string Catalogue::type_names() const {
  std::string out;
  for (const auto& t : types_) out += (out.empty() ? "" : ", ") + t.type;
  return out;
}

SettingValue Catalogue::parse_setting(const SettingSchema& s, const nlohmann::json& v, const std::string& file,
                                      const std::string& path) const {
  SettingValue out;
  out.source = v;
  switch (s.kind) {
    case SettingKind::Integer:
      out.number = static_cast<double>(expect_integer(v, static_cast<std::int64_t>(s.min), static_cast<std::int64_t>(s.max), file, path));
      break;
    case SettingKind::Number: out.number = expect_number(v, s.min, s.max, file, path); break;
    case SettingKind::Ratio: out.number = expect_number(v, 0.0, 1.0, file, path); break;
    case SettingKind::Flag:
      if (!v.is_boolean()) throw InputError(file, path, "expected true or false, got " + describe_json(v));
      out.number = v.get<bool>() ? 1 : 0;
      break;
    case SettingKind::Duration:
      out.number = static_cast<double>(expect_duration(v, static_cast<SimTime>(s.min), static_cast<SimTime>(s.max), file, path));
      break;
    case SettingKind::Distribution: out.dist = parse_distribution(v, file, path); break;
    case SettingKind::Choice: {
      std::string options;
      for (const auto& c : s.choices) options += (options.empty() ? "" : ", ") + c;
      if (!v.is_string()) throw InputError(file, path, fmt::format("expected one of {}, got {}", options, describe_json(v)));
      out.choice = v.get<std::string>();
      bool found = false;
      for (const auto& c : s.choices) found = found || c == out.choice;
      if (!found) throw InputError(file, path, fmt::format("expected one of {}, got {}", options, quote_text(out.choice)));
      break;
    }
  }
  return out;
}

Catalogue Catalogue::parse(const nlohmann::json& doc, const std::string& file) {
  Catalogue cat;
  ObjectReader top(doc, file, "");
  const auto version = top.integer("format_version", 0, 1, 1);
  (void)version;
  const auto& types = top.required("components");
  if (!types.is_array()) throw InputError(file, "/components", "expected a list of component types");
  for (std::size_t i = 0; i < types.size(); ++i) {
    const std::string path = fmt::format("/components/{}", i);
    ObjectReader r(types[i], file, path);
    ComponentType t;
    t.type = r.required_string("type");
    if (cat.find(t.type)) r.fail_at("type", "component type " + quote_text(t.type) + " is listed twice");
    t.label = r.required_string("label");
    t.summary = r.string("summary", "");
    t.cost_per_month = r.number("cost_per_month", 0, 0, 1e7);
    const auto& settings = r.required("settings");
    if (!settings.is_array()) r.fail_at("settings", "expected a list of settings");
    for (std::size_t k = 0; k < settings.size(); ++k) {
      const std::string spath = fmt::format("{}/settings/{}", path, k);
      ObjectReader sr(settings[k], file, spath);
      SettingSchema schema;
      schema.key = sr.required_string("key");
      schema.kind = parse_kind(sr.required_string("kind"), sr);
      schema.default_value = sr.required("default");
      schema.unit = sr.string("unit", "");
      schema.help = sr.string("help", "");
      if (schema.kind == SettingKind::Duration) {
        schema.min = static_cast<double>(sr.duration("min", 0, 0, kMaxDuration));
        schema.max = static_cast<double>(sr.duration("max", kMaxDuration, 0, kMaxDuration));
      } else {
        schema.min = sr.number("min", 0, -1e15, 1e15);
        schema.max = sr.number("max", 1e9, -1e15, 1e15);
      }
      const auto& choices = sr.field("choices");
      if (schema.kind == SettingKind::Choice) {
        if (!choices.is_array() || choices.empty()) sr.fail_at("choices", "a choice needs a non-empty list of options");
        for (std::size_t c = 0; c < choices.size(); ++c) {
          if (!choices[c].is_string())
            throw InputError(file, fmt::format("{}/choices/{}", spath, c), "expected a string (an option name), got " + describe_json(choices[c]));
          schema.choices.push_back(choices[c].get<std::string>());
        }
      }
      sr.finish();
      // The default must pass its own schema.
      cat.parse_setting(schema, schema.default_value, file, spath + "/default");
      t.settings.push_back(std::move(schema));
    }
    r.finish();
    cat.types_.push_back(std::move(t));
  }
  top.finish();
  return cat;
}

const Catalogue& Catalogue::builtin() {
  static const Catalogue cat = parse(parse_json_text(kBuiltinCatalogueJson, "assets/catalogue.json"), "assets/catalogue.json");
  return cat;
}

}  // namespace bp
