#include "backpressure/command.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "backpressure/input_error.h"
#include "scenario/json_reader.h"

namespace bp {

constexpr int kCommandScriptVersion = 1;

namespace {
// Each kind's JSON name and the fields it takes besides "type", in the
// enum's order.
struct CommandShape {
  CommandKind kind;
  const char* name;
  bool target, key, value;
};
constexpr CommandShape kShapes[] = {
    {CommandKind::Set, "set", true, true, true},
    {CommandKind::SetJob, "set_job", true, true, true},
    {CommandKind::FlushCache, "flush_cache", true, false, false},
    {CommandKind::TriggerIncident, "trigger_incident", false, false, true},
    {CommandKind::PauseProducer, "pause_producer", true, false, false},
    {CommandKind::ResumeProducer, "resume_producer", true, false, false},
    {CommandKind::MoveToDlq, "move_to_dlq", true, true, false},
    {CommandKind::ReplayDlq, "replay_dlq", true, false, true},
    {CommandKind::AckAlert, "ack_alert", true, false, false},
    {CommandKind::SetAlert, "set_alert", false, false, true},
    {CommandKind::DeleteAlert, "delete_alert", true, false, false},
    {CommandKind::AddComponent, "add_component", false, false, true},
    {CommandKind::RemoveComponent, "remove_component", true, false, false},
    {CommandKind::Connect, "connect", true, true, false},
    {CommandKind::Disconnect, "disconnect", true, true, false},
};
static_assert(std::size(kShapes) == kCommandKinds, "every command kind needs its JSON name and shape");
constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < std::size(kShapes); ++i)
    if (static_cast<std::size_t>(kShapes[i].kind) != i) return false;
  return true;
}
static_assert(in_enum_order(), "kShapes is indexed by CommandKind");

const CommandShape& shape_of(CommandKind kind) { return kShapes[static_cast<std::size_t>(kind)]; }

Command read_command(ObjectReader& r) {
  Command c;
  const std::string type = r.required_string("type");
  const std::optional<CommandKind> kind = command_kind(type);
  if (!kind) {
    std::string known;
    for (const auto& s : kShapes) {
      if (!known.empty()) known += ", ";  // appended piecewise: "literal" + std::string trips GCC 12 warnings
      known += s.name;
    }
    r.fail_at("type", fmt::format("unknown command \"{}\" (known: {})", type, known));
  }
  c.kind = *kind;
  const CommandShape& shape = shape_of(c.kind);
  if (shape.target) c.target = r.required_string("target");
  if (shape.key) c.key = r.required_string("key");
  if (shape.value) c.value = r.required("value");
  return c;
}
}  // namespace

const char* command_name(CommandKind kind) { return shape_of(kind).name; }

std::optional<CommandKind> command_kind(std::string_view name) {
  for (const auto& s : kShapes)
    if (name == s.name) return s.kind;
  return std::nullopt;
}

nlohmann::json Command::to_json() const {
  nlohmann::json j{{"type", command_name(kind)}};
  if (!target.empty()) j["target"] = target;
  if (!key.empty()) j["key"] = key;
  if (!value.is_null()) j["value"] = value;
  if (step >= 0) j["step"] = step;
  return j;
}

Command parse_command(const nlohmann::json& v, const std::string& file, const std::string& path) {
  ObjectReader r(v, file, path);
  Command c = read_command(r);
  r.finish();
  return c;
}

std::vector<ScriptedCommand> parse_command_script(const nlohmann::json& doc, const std::string& file,
                                                  const Scenario& scenario) {
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
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot open the file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const nlohmann::json doc = nlohmann::json::parse(buffer.str(), nullptr, false);
  if (doc.is_discarded()) throw InputError(path, "", "not valid JSON");
  return parse_command_script(doc, path, scenario);
}

nlohmann::json command_log_json(const std::vector<Command>& log) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : log) list.push_back(c.to_json());
  return {{"format_version", kCommandScriptVersion}, {"commands", list}};
}

}  // namespace bp
