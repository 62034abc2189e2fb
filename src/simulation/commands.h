#pragma once
// What each command checks and does. The simulator calls check_command when a
// command is submitted and apply_command at the next step boundary.
#include <string>
#include <vector>

#include "backpressure/command.h"
#include "backpressure/scenario.h"

namespace bp {

class RunState;

// Why the command would be refused, or "" when it is valid now. Design
// commands are checked on the design `pending` (commands accepted for the
// next boundary) will leave, so a component added can be connected at once,
// and so is a `set` on a component only a pending add creates.
std::string check_command(RunState& run, const Command& command, const std::vector<Command>& pending = {});
// Applies a command that passed check_command at this boundary.
void apply_command(RunState& run, const Command& command);
// What a command that passed check_command will do to a design on paper: a
// design saved while the player's changes still wait for the boundary
// includes them. Commands that do not change a design (ack_alert,
// flush_cache, ...) leave it as it is.
void project_command(const Command& command, std::vector<ComponentSpec>& design, std::vector<JobSpec>& jobs);

}  // namespace bp
