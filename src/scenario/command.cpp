#include "backpressure/command.h"

#include <fmt/format.h>

#include "backpressure/input_error.h"
#include "backpressure/json_input.h"
#include "scenario/json_reader.h"

namespace bp {

constexpr int kCommandScriptVersion = 1;

nlohmann::json Command::to_json() const {
  nlohmann::json j{{"type", type}};
  if (!target.empty()) j["target"] = target;
  if (!key.empty()) j["key"] = key;
  if (!value.is_null()) j["value"] = value;
  if (step >= 0) j["step"] = step;
  return j;
}

namespace {
// Which fields each command takes besides "type".
struct CommandShape {
  const char* type;
  bool target, key, value;
};
constexpr CommandShape kShapes[] = {
    {"set", true, true, true},          {"set_job", true, true, true},
    {"flush_cache", true, false, false}, {"trigger_incident", false, false, true},
    {"pause_producer", true, false, false}, {"resume_producer", true, false, false},
    {"move_to_dlq", true, true, false},  {"replay_dlq", true, false, true},
    {"ack_alert", true, false, false},   {"set_alert", false, false, true},
    {"delete_alert", true, false, false},
    {"add_component", false, false, true}, {"remove_component", true, false, false},
    {"connect", true, true, false},      {"disconnect", true, true, false},
};

Command read_command(ObjectReader& r) {
  Command c;
  c.type = r.required_string("type");
  const CommandShape* shape = nullptr;
  std::string known;
  for (const auto& s : kShapes) {
    if (c.type == s.type) shape = &s;
    if (!known.empty()) known += ", ";  // appended piecewise: "literal" + std::string trips GCC 12 warnings
    known += s.type;
  }
  if (!shape) r.fail_at("type", fmt::format("unknown command {} (known: {})", quote_text(c.type), known));
  if (shape->target) c.target = r.required_string("target");
  if (shape->key) c.key = r.required_string("key");
  if (shape->value) c.value = r.required("value");
  return c;
}
}  // namespace

Command parse_command(const nlohmann::json& v, const std::string& file, const std::string& path) {
  ObjectReader r(v, file, path);
  Command c = read_command(r);
  r.finish();
  return c;
}

std::vector<ScriptedCommand> parse_command_script(const nlohmann::json& doc, const std::string& file,
                                                  const Scenario& scenario) {
  check_document_kind(doc, "command script", file);
  ObjectReader top(doc, file, "");
  const auto version = top.integer("format_version", kCommandScriptVersion, 1, 1000000);
  if (version > kCommandScriptVersion)
    top.fail_at("format_version", fmt::format("this script needs a newer Backpressure (format {}, this build reads up to {})",
                                              version, kCommandScriptVersion));
  const auto& list = top.required("commands");
  if (!list.is_array()) top.fail_at("commands", "expected a list of commands, got " + describe_json(list));
  std::vector<ScriptedCommand> out;
  // A command applies at the start of a step, so the last useful one is the
  // start of the final step.
  const std::int64_t last_step = scenario.duration / scenario.step - 1;
  for (std::size_t i = 0; i < list.size(); ++i) {
    ObjectReader r(list[i], file, fmt::format("/commands/{}", i));
    ScriptedCommand sc;
    if (r.has("at") == r.has("step")) r.fail("give exactly one of \"at\" (a time) or \"step\" (a step number)");
    if (r.has("at")) {
      const SimTime at = r.duration("at", 0, 0, last_step * scenario.step);
      sc.step = (at + scenario.step - 1) / scenario.step;
    } else {
      sc.step = r.integer("step", 0, 0, last_step);
    }
    sc.command = read_command(r);
    r.finish();
    if (!out.empty() && sc.step < out.back().step)
      r.fail("commands must be in time order");
    out.push_back(std::move(sc));
  }
  top.finish();
  return out;
}

std::vector<ScriptedCommand> load_command_script(const std::string& path, const Scenario& scenario) {
  return parse_command_script(read_json_file(path), path, scenario);
}

nlohmann::json command_log_json(const std::vector<Command>& log) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : log) list.push_back(c.to_json());
  return {{"format_version", kCommandScriptVersion}, {"commands", list}};
}

}  // namespace bp
