#pragma once
// What the command table (src/simulation/commands.h) says about a command
// beyond checking and applying it: its words for the report and the game,
// and how the game's undo takes it back.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "backpressure/command.h"

namespace bp {

// "set web.instances to 3", "added worker worker2 pointing at db": the
// talking points' words, which the game's event log and undo reuse.
std::string describe_command(const Command& c);
// Whether the player's undo tracks it: the design and its settings are
// undone; acknowledging an alert is not an edit, and taking it back would
// page the player again.
bool is_undoable(CommandKind kind);
// The command that takes back an applied, undoable command (`previous`:
// the value a set replaced), or nullopt with the reason in *why when there
// is no faithful one.
std::optional<Command> inverse_command(const Command& c, const nlohmann::json& previous, std::string* why = nullptr);
// Acts on the system rather than on the alerts or the incidents.
bool changes_system(CommandKind kind);

}  // namespace bp
