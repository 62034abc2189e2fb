#pragma once
// Player actions as data. Every change to a running simulation is a Command:
// validated when submitted, applied at the next step boundary, and recorded
// with the step it applied at. A run is therefore scenario + seed + command
// log, and replaying the log reproduces the run exactly.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/scenario.h"

namespace bp {

// What a command does. Only the JSON boundary (command scripts, saved logs,
// reports) spells a kind as a string; everything behind it switches on the
// enum, so a misspelt kind is a compile error, not a silent no-op.
enum class CommandKind : std::uint8_t {
  // set: change one setting of a component (target, key, value). Two
  //   targets are not in the catalogue: "traffic", whose keys are
  //   "<action>.rate_limit" and "<action>.rate_burst", and a batch upload
  //   (target = incident id), whose keys are "rate_limit" and "rate_burst".
  Set,
  // set_job: change one field of a job type (target = job name, key, value):
  //   max_attempts, backoff, backoff_base, backoff_cap, jitter, lane.
  SetJob,
  FlushCache,       // flush_cache: empty a Redis cache (target).
  TriggerIncident,  // trigger_incident: start an incident now (value = incident, without "at").
  PauseProducer,    // pause_producer: a batch upload (target = incident id).
  ResumeProducer,   // resume_producer: likewise.
  MoveToDlq,        // move_to_dlq: dead-letter every waiting job of a type (target = queue, key = job).
  ReplayDlq,        // replay_dlq: re-publish dead letters at value jobs/s (target = queue; 0 stops).
  AckAlert,         // ack_alert: stop an alert paging (target = alert id).
  SetAlert,         // set_alert: add or replace an alert rule (value = rule, as in scenarios).
  DeleteAlert,      // delete_alert: remove an alert rule (target = alert id).
  // Design changes (docs/scenario-format.md, "Design changes"):
  AddComponent,     // add_component: value = a component object as in a scenario's list.
  RemoveComponent,  // remove_component: target = component id.
  Connect,          // connect: an edge from target to key (component ids).
  Disconnect,       // disconnect: the same edge taken away.
};
inline constexpr std::size_t kCommandKinds = static_cast<std::size_t>(CommandKind::Disconnect) + 1;

// The kind's name in JSON: "set", "add_component".
const char* command_name(CommandKind kind);
// The kind a JSON name stands for; nullopt for a name no command has.
std::optional<CommandKind> command_kind(std::string_view name);

struct Command {
  CommandKind kind = CommandKind::Set;
  std::string target;
  std::string key;
  nlohmann::json value;
  std::int64_t step = -1;  // step boundary it applied at; -1 while pending

  nlohmann::json to_json() const;
};

// A command to submit once the run reaches `step`.
struct ScriptedCommand {
  std::int64_t step = 0;
  Command command;
};

// Parses one command object (type, target, key, value); errors name the path.
Command parse_command(const nlohmann::json& v, const std::string& file, const std::string& path);

// A command script: {"format_version": 1, "commands": [{"at": "2h", "type": ...}, ...]}.
// Each entry gives either "at" (a duration, rounded up to a step) or "step".
// A command log written by a run has the same shape, so it replays as is.
std::vector<ScriptedCommand> load_command_script(const std::string& path, const Scenario& scenario);
std::vector<ScriptedCommand> parse_command_script(const nlohmann::json& doc, const std::string& file,
                                                  const Scenario& scenario);
nlohmann::json command_log_json(const std::vector<Command>& log);

}  // namespace bp
