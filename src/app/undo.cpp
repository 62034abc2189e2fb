#include "undo.h"

#include <algorithm>

#include <backpressure/command_handlers.h>

namespace app {

bool same_command(const bp::Command& a, const bp::Command& b) {
  return a.kind == b.kind && a.target == b.target && a.key == b.key && a.value == b.value;
}

std::optional<bp::Command> inverse_of(const Edit& e, std::string* why) {
  return bp::inverse_command(e.command, e.previous, why);
}

void UndoHistory::settle(const std::vector<bp::Command>& logged) {
  auto next = logged.begin();
  std::vector<Edit> kept;
  for (Edit& e : edits_) {
    if (!e.applied) {
      // The core applies pending commands in the order they were accepted,
      // before anything a script adds, so a walk in order finds them.
      auto hit = std::find_if(next, logged.end(), [&](const bp::Command& c) { return same_command(c, e.command); });
      if (hit == logged.end()) continue;  // refused at the boundary: it never happened
      e.applied = true;
      next = hit + 1;
    }
    kept.push_back(std::move(e));
  }
  edits_ = std::move(kept);
}

Edit UndoHistory::take_last() {
  Edit e = std::move(edits_.back());
  edits_.pop_back();
  return e;
}

Edit UndoHistory::take_redo() {
  Edit e = std::move(redo_.back());
  redo_.pop_back();
  return e;
}

}  // namespace app
