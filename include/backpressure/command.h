#pragma once
// Player actions as data. Every change to a running simulation is a Command:
// validated when submitted, applied at the next step boundary, and recorded
// with the step it applied at. A run is therefore scenario + seed + command
// log, and replaying the log reproduces the run exactly.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/scenario.h"

namespace bp {

struct Command {
  // "set": change one setting of a component (target, key, value). Two
  //   targets are not in the catalogue: "traffic", whose keys are
  //   "<action>.rate_limit" and "<action>.rate_burst", and a batch upload
  //   (target = incident id), whose keys are "rate_limit" and "rate_burst".
  // "set_job": change one field of a job type (target = job name, key, value):
  //   max_attempts, backoff, backoff_base, backoff_cap, jitter, lane.
  // "flush_cache": empty a Redis cache (target).
  // "trigger_incident": start an incident now (value = incident, without "at").
  // "pause_producer" / "resume_producer": a batch upload (target = incident id).
  // "move_to_dlq": dead-letter every waiting job of a type (target = queue, key = job).
  // "replay_dlq": re-publish dead letters at value jobs/s (target = queue; 0 stops).
  // "ack_alert": stop an alert paging (target = alert id).
  // "set_alert": add or replace an alert rule (value = rule, as in scenarios).
  // "delete_alert": remove an alert rule (target = alert id).
  std::string type;
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
