#include "undo.h"

#include <algorithm>

#include "format.h"

namespace app {

bool is_undoable(const bp::Command& c) {
  return c.kind == bp::CommandKind::Set || c.kind == bp::CommandKind::AddComponent || c.kind == bp::CommandKind::RemoveComponent || c.kind == bp::CommandKind::Connect ||
         c.kind == bp::CommandKind::Disconnect;
}

bool same_command(const bp::Command& a, const bp::Command& b) {
  return a.kind == b.kind && a.target == b.target && a.key == b.key && a.value == b.value;
}

std::string describe_edit(const bp::Command& c) {
  if (c.kind == bp::CommandKind::Set) {
    std::string key = c.key;
    std::replace(key.begin(), key.end(), '_', ' ');
    return "set " + c.target + " " + key + " to " + json_brief(c.value);
  }
  if (c.kind == bp::CommandKind::AddComponent) return "added " + (c.value.is_object() ? c.value.value("id", std::string()) : "");
  if (c.kind == bp::CommandKind::RemoveComponent) return "removed " + c.target;
  if (c.kind == bp::CommandKind::Connect) return "connected " + c.target + " -> " + c.key;
  if (c.kind == bp::CommandKind::Disconnect) return "disconnected " + c.target + " -> " + c.key;
  return humanize(bp::command_name(c.kind)) + " " + c.target;
}

std::optional<bp::Command> inverse_of(const Edit& e, std::string* why) {
  const bp::Command& c = e.command;
  if (c.kind == bp::CommandKind::Set && !e.previous.is_null()) return bp::Command{bp::CommandKind::Set, c.target, c.key, e.previous};
  if (c.kind == bp::CommandKind::Connect) return bp::Command{bp::CommandKind::Disconnect, c.target, c.key, nullptr};
  if (c.kind == bp::CommandKind::Disconnect) return bp::Command{bp::CommandKind::Connect, c.target, c.key, nullptr};
  if (c.kind == bp::CommandKind::AddComponent && c.value.is_object())
    return bp::Command{bp::CommandKind::RemoveComponent, c.value.value("id", std::string()), "", nullptr};
  if (why) {
    if (c.kind == bp::CommandKind::RemoveComponent)
      *why = c.target + " has already left the run and ids are never reused, so it cannot come back. "
             "Add a new one from the palette instead.";
    else
      *why = "there is no way back from " + describe_edit(c) + ".";
  }
  return std::nullopt;
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
