#pragma once
// The handlers of the commands that change the design of a running system:
// add_component, remove_component, connect and disconnect, rows of the
// command table in commands.cpp like every other kind. They are held to the
// loader's rules (scenario/design_rules.h) on the design they would leave,
// except the shape of the users' path, which a design being rebuilt may
// break for a while: the requests that cannot be served then fail
// (not_connected, no_server). Semantics in docs/scenario-format.md,
// "Design changes".
#include <string>
#include <vector>

#include "backpressure/command.h"
#include "backpressure/scenario.h"

namespace bp {

class RunState;

// Why the command would be refused, or "" when it is valid on the design as
// it will stand once `pending` (commands accepted for the next boundary, in
// order) has applied.
std::string check_add_component(const RunState& run, const Command& c, const std::vector<Command>& pending);
std::string check_remove_component(const RunState& run, const Command& c, const std::vector<Command>& pending);
std::string check_edge(const RunState& run, const Command& c, const std::vector<Command>& pending);  // connect, disconnect

// Apply a command that passed its check, and note in World::design_notes
// what it cost (work lost, requests that will now fail).
void apply_add_component(RunState& run, const Command& c);
void apply_remove_component(RunState& run, const Command& c);
void apply_edge(RunState& run, const Command& c);

// The same change made to a design on paper (a command already checked).
void project_add_component(const Command& c, std::vector<ComponentSpec>& design, std::vector<JobSpec>& jobs);
void project_remove_component(const Command& c, std::vector<ComponentSpec>& design, std::vector<JobSpec>& jobs);
void project_edge(const Command& c, std::vector<ComponentSpec>& design, std::vector<JobSpec>& jobs);

}  // namespace bp
