#pragma once
// The player's undo history: design edits and setting changes, newest last.
// Plain data, no UI: Game decides how each edit is taken back (withdrawn
// from the core while still pending, or undone by an inverse command once
// applied), this only remembers what was done and what undoing it needs.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <backpressure/command.h>

namespace app {

struct Edit {
  bp::Command command;
  nlohmann::json previous;  // "set": the value it replaced; null otherwise
  bool applied = false;     // false while the core holds it for the next boundary
};

// The command that takes back an applied edit, or nullopt and the reason
// when there is no faithful one. Which commands are edits, their words and
// their inverses are the core's command table's (backpressure/command_handlers.h).
std::optional<bp::Command> inverse_of(const Edit& e, std::string* why);

class UndoHistory {
 public:
  void record(Edit e) { edits_.push_back(std::move(e)); }
  // The clock moved. Pending edits either applied (so they are among
  // `logged`, the commands the core logged since the clock last moved, in
  // order) or were refused at the boundary and are forgotten.
  void settle(const std::vector<bp::Command>& logged);
  bool empty() const { return edits_.empty(); }
  const Edit& last() const { return edits_.back(); }
  Edit take_last();

  // Redo: edits taken back, newest last. A fresh edit forgets them.
  void push_redo(Edit e) { redo_.push_back(std::move(e)); }
  bool can_redo() const { return !redo_.empty(); }
  const Edit& next_redo() const { return redo_.back(); }
  Edit take_redo();
  void forget_redo() { redo_.clear(); }

  void clear() { edits_.clear(), redo_.clear(); }

 private:
  std::vector<Edit> edits_;
  std::vector<Edit> redo_;
};

bool same_command(const bp::Command& a, const bp::Command& b);

}  // namespace app
