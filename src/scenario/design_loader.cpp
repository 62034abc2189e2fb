#include "backpressure/design_loader.h"

#include <fmt/format.h>

#include "scenario/json_reader.h"

namespace bp {

namespace {

// The job fields a design may change: how a job retries and which lane it
// waits in. Names, poison shares and which actions publish them belong to
// the scenario.
const std::vector<std::string>& job_policy_fields() {
  static const std::vector<std::string> fields = {"lane", "max_attempts", "backoff", "backoff_base", "backoff_cap",
                                                  "jitter"};
  return fields;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0 &&
         (text.size() == prefix.size() || text[prefix.size()] == '/');
}

// Where a design's job entry landed in the combined document: scenario job
// index -> design job index.
using JobMap = std::vector<std::pair<std::size_t, std::size_t>>;

// Rewrites an error found in the combined document so it points into the
// design where the design is at fault.
[[noreturn]] void rethrow_for_design(const InputError& e, const Design& design, const JobMap& jobs) {
  const std::string& path = e.path();
  if (starts_with(path, "/components")) throw InputError(design.file, path, e.problem());
  if (starts_with(path, "/traffic/entry")) {
    if (design.doc.contains("entry")) throw InputError(design.file, "/entry", e.problem());
    throw InputError(design.file, "/components",
                     e.problem() + " (users arrive at the scenario's traffic entry; name another with \"entry\")");
  }
  for (const auto& [scenario_index, design_index] : jobs) {
    const std::string scenario_path = fmt::format("/jobs/{}", scenario_index);
    if (!starts_with(path, scenario_path)) continue;
    throw InputError(design.file, fmt::format("/jobs/{}{}", design_index, path.substr(scenario_path.size())),
                     e.problem());
  }
  throw InputError(design.file, "/components",
                   fmt::format("does not fit the scenario: {}: {}: {}", e.file(), path.empty() ? "/" : path,
                               e.problem()));
}

}  // namespace

bool looks_like_design(const nlohmann::json& doc) {
  return doc.is_object() && doc.contains("scenario") && doc.contains("components") && !doc.contains("traffic");
}

Design parse_design(const nlohmann::json& doc, const std::string& file) {
  ObjectReader top(doc, file, "");
  const auto version = top.integer("format_version", kDesignFormatVersion, 1, 1000000);
  if (version > kDesignFormatVersion)
    top.fail_at("format_version", fmt::format("this design needs a newer Backpressure (format {}, this build reads up to {})",
                                              version, kDesignFormatVersion));
  Design d;
  d.file = file;
  d.doc = doc;
  d.scenario_id = top.required_string("scenario");
  d.title = top.string("title", "");
  if (top.has("entry")) top.required_string("entry");
  const auto& components = top.required("components");
  if (!components.is_array() || components.empty())
    top.fail_at("components", "expected a non-empty list of components, got " + describe_json(components));
  // Each component is checked in full when the design meets its scenario.
  const auto& jobs = top.field("jobs");
  if (!jobs.is_null()) {
    if (!jobs.is_array()) top.fail_at("jobs", "expected a list of job retry policies, got " + describe_json(jobs));
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      ObjectReader r(jobs[i], file, fmt::format("/jobs/{}", i));
      const std::string name = r.required_string("name");
      for (std::size_t k = 0; k < i; ++k)
        if (jobs[k].value("name", "") == name) r.fail_at("name", "job type \"" + name + "\" is listed twice");
      for (const auto& key : job_policy_fields()) r.field(key);  // values are checked against the scenario's rules
      r.finish();
    }
  }
  const auto& layout = top.field("layout");
  if (!layout.is_null()) {
    if (!layout.is_object())
      top.fail_at("layout", "expected an object of component ids to {\"x\": ..., \"y\": ...}, got " + describe_json(layout));
    for (const auto& [id, point] : layout.items()) {
      ObjectReader r(point, file, top.path_of("layout") + "/" + pointer_escape(id));
      const double x = expect_number(r.required("x"), -1e6, 1e6, file, r.path_of("x"));
      const double y = expect_number(r.required("y"), -1e6, 1e6, file, r.path_of("y"));
      r.finish();
      d.layout[id] = {x, y};
    }
  }
  top.finish();
  return d;
}

Design load_design_file(const std::string& path) { return parse_design(read_json_file(path), path); }

Scenario apply_design(const Scenario& scenario, const Design& design, const std::vector<Override>& overrides,
                      const Catalogue& catalogue) {
  if (design.scenario_id != scenario.id)
    throw InputError(design.file, "/scenario",
                     fmt::format("this design was made for scenario \"{}\", not \"{}\" ({})", design.scenario_id,
                                 scenario.id, scenario.file));
  nlohmann::json doc = scenario.source;
  doc["components"] = design.doc["components"];
  if (design.doc.contains("entry")) doc["traffic"]["entry"] = design.doc["entry"];
  JobMap job_map;
  if (design.doc.contains("jobs") && !design.doc["jobs"].is_null()) {
    const auto& jobs = design.doc["jobs"];
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      const std::string name = jobs[i]["name"].get<std::string>();
      bool found = false;
      if (doc.contains("jobs") && doc["jobs"].is_array())
        for (std::size_t k = 0; k < doc["jobs"].size() && !found; ++k) {
          auto& target = doc["jobs"][k];
          if (!target.is_object() || target.value("name", "") != name) continue;
          for (const auto& key : job_policy_fields())
            if (jobs[i].contains(key)) target[key] = jobs[i][key];
          job_map.emplace_back(k, i);
          found = true;
        }
      if (!found)
        throw InputError(design.file, fmt::format("/jobs/{}/name", i),
                         fmt::format("scenario \"{}\" has no job type named \"{}\"", scenario.id, name));
    }
  }
  try {
    apply_overrides(doc, design.file, overrides);
    return load_scenario(doc, scenario.file, catalogue);
  } catch (const InputError& e) {
    if (e.file() == design.file) throw;
    rethrow_for_design(e, design, job_map);
  }
}

nlohmann::json design_json(const Scenario& scenario, const Catalogue& catalogue, const std::string& title) {
  nlohmann::json out;
  out["format_version"] = kDesignFormatVersion;
  out["scenario"] = scenario.id;
  if (!title.empty()) out["title"] = title;
  out["entry"] = scenario.traffic.entry;
  nlohmann::json components = nlohmann::json::array();
  for (const auto& c : scenario.components) {
    nlohmann::json j;
    j["id"] = c.id;
    j["type"] = c.type;
    // Catalogue order, and only what differs from the default, so a saved
    // design reads like one written by hand.
    if (const ComponentType* type = catalogue.find(c.type))
      for (const auto& schema : type->settings) {
        if (!c.settings.has(schema.key)) continue;
        const nlohmann::json& written = c.settings.all().at(schema.key).source;
        if (!written.is_null() && written != schema.default_value) j[schema.key] = written;
      }
    if (!c.targets.empty()) j["targets"] = c.targets;
    components.push_back(std::move(j));
  }
  out["components"] = std::move(components);
  nlohmann::json jobs = nlohmann::json::array();
  for (const auto& job : scenario.jobs) {
    jobs.push_back({{"name", job.name},
                    {"lane", job.lane == JobSpec::Lane::Live ? "live" : "batch"},
                    {"max_attempts", job.max_attempts},
                    {"backoff", job.backoff == JobSpec::Backoff::Fixed ? "fixed" : "exponential"},
                    {"backoff_base", format_duration(job.backoff_base)},
                    {"backoff_cap", format_duration(job.backoff_cap)},
                    {"jitter", job.jitter}});
  }
  if (!jobs.empty()) out["jobs"] = std::move(jobs);
  return out;
}

}  // namespace bp
