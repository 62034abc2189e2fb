#pragma once
// The command table: one row of handlers per command kind, so a new
// command is its JSON name and shape (scenario/command.cpp) and one row
// here. The simulator checks a command when it is submitted and applies it
// at the next step boundary; the grading and the game describe and invert
// it through backpressure/command_handlers.h, which reads the same rows.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/command.h"
#include "backpressure/scenario.h"

namespace bp {

class RunState;

struct CommandHandlers {
  CommandKind kind;
  // Why the command would be refused now, or "" when it is valid. Checks
  // read the run and never change it. `pending` holds the commands
  // accepted for the next boundary, in order: design changes are checked on
  // the design they will leave, so a component added can be connected at
  // once, and so is a `set` on a component only a pending add creates.
  std::string (*check)(const RunState& run, const Command& c, const std::vector<Command>& pending);
  // Applies a command that passed its check, at this boundary.
  void (*apply)(RunState& run, const Command& c);
  // What a checked command will do to a design on paper: a design saved
  // while the player's changes still wait for the boundary includes them.
  // Kinds that do not change a design (ack_alert, flush_cache, ...) leave it.
  void (*project)(const Command& c, std::vector<ComponentSpec>& design, std::vector<JobSpec>& jobs);
  // What it did, in the words of the report's talking points.
  std::string (*describe)(const Command& c);
  // The command that takes back an applied one (`previous`: the value a
  // set replaced), or nullopt and why there is none. nullptr for kinds the
  // player's undo does not track (acknowledging an alert, flushing a cache).
  std::optional<Command> (*invert)(const Command& c, const nlohmann::json& previous, std::string* why);
  // Changes the design (components and their wiring): checked against the
  // design the pending design changes leave.
  bool design_change;
  // Acts on the system, as opposed to the alerts or the incidents: the
  // talking points count it as part of the player's fix.
  bool changes_system;
};

const CommandHandlers& handlers_for(CommandKind kind);

inline std::string check_command(const RunState& run, const Command& c, const std::vector<Command>& pending = {}) {
  return handlers_for(c.kind).check(run, c, pending);
}
inline void apply_command(RunState& run, const Command& c) { handlers_for(c.kind).apply(run, c); }
inline void project_command(const Command& c, std::vector<ComponentSpec>& design, std::vector<JobSpec>& jobs) {
  handlers_for(c.kind).project(c, design, jobs);
}

}  // namespace bp
