#pragma once
// Commands that change the design of a running system: add_component,
// remove_component, connect and disconnect. They are held to the loader's
// rules (scenario/design_rules.h) on the design they would leave, except the
// shape of the users' path, which a design being rebuilt may break for a
// while: the requests that cannot be served then fail (not_connected,
// no_server). Semantics in docs/scenario-format.md, "Design changes".
#include <string>
#include <vector>

#include "backpressure/command.h"
#include "backpressure/scenario.h"

namespace bp {

class RunState;
class World;

bool is_design_command(CommandKind kind);
// Why the command would be refused, or "" when it is valid on the design as
// it will stand once `pending` (commands accepted for the next boundary, in
// order) has applied.
std::string check_design_command(RunState& run, const Command& command, const std::vector<Command>& pending = {});
// Applies a command that passed check_design_command, and notes in
// World::design_notes what it cost (work lost, requests that will now fail).
void apply_design_command(World& world, const Command& command);
// The same change made to a design on paper (a command already checked).
void project_design_command(const Command& command, std::vector<ComponentSpec>& design);

}  // namespace bp
