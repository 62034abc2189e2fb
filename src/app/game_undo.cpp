// Game's undo and redo: how each edit in the history is taken back through
// the core's command path. The history itself is undo.h's.
#include <algorithm>

#include <backpressure/catalogue.h>
#include <backpressure/command_handlers.h>

#include "design_view.h"
#include "game.h"

namespace app {

nlohmann::json Game::setting_before(const bp::Command& set) const {
  nlohmann::json v = setting_value(set.target, set.key);
  if (!v.is_null() || !sim_) return v;
  // Never written down: the catalogue's default is what the component runs.
  for (const auto& d : sim_->design())
    if (d.id == set.target)
      if (const auto* type = bp::Catalogue::builtin().find(d.type))
        for (const auto& s : type->settings)
          if (s.key == set.key) return s.default_value;
  return v;
}

std::string Game::undo_blocker() const {
  if (!sim_) return "Nothing to undo.";
  if (speed_ > 0) return "Pause first (space), then undo.";
  if (undo_.empty()) return "Nothing to undo.";
  if (sim_->finished()) return "The shift is over: nothing can change now.";
  const Edit& e = undo_.last();
  std::string why;
  if (e.applied && !inverse_of(e, &why)) return "Can't undo (" + bp::describe_command(e.command) + "): " + why;
  return "";
}

std::string Game::redo_blocker() const {
  if (!sim_) return "Nothing to redo.";
  if (speed_ > 0) return "Pause first (space), then redo.";
  if (!undo_.can_redo()) return "Nothing to redo.";
  if (sim_->finished()) return "The shift is over: nothing can change now.";
  return "";
}

std::string Game::undo_label() const { return undo_.empty() ? "" : bp::describe_command(undo_.last().command); }
std::string Game::redo_label() const { return undo_.can_redo() ? bp::describe_command(undo_.next_redo().command) : ""; }

void Game::undo() {
  if (const std::string why = undo_blocker(); !why.empty()) {
    notify_undo(why);
    return;
  }
  Edit e = undo_.take_last();
  const std::string what = bp::describe_command(e.command);
  std::string how;
  if (!e.applied) {
    // Pending edits are the newest in the history, and nothing the player
    // can undo follows them in the core's queue: the newest equal command is it.
    const auto& pending = sim_->pending();
    auto it = std::find_if(pending.rbegin(), pending.rend(), [&](const bp::Command& c) { return same_command(c, e.command); });
    const auto index = static_cast<std::size_t>(pending.rend() - it);  // one past it; 0 when absent
    const std::string refused = index == 0 ? "the core no longer holds it" : sim_->withdraw(index - 1);
    if (!refused.empty()) {
      undo_.record(std::move(e));
      notify_undo("Can't undo (" + what + "): " + refused);
      return;
    }
    if (e.command.kind == bp::CommandKind::AddComponent)
      if (auto p = placed.find(e.command.value.value("id", std::string())); p != placed.end()) {
        undone_places_[p->first] = p->second;
        placed.erase(p);
      }
    how = "taken back before it applied";
  } else {
    const bp::Command inverse = *inverse_of(e, nullptr);  // undo_blocker saw there is one
    if (const std::string refused = send(inverse); !refused.empty()) {
      undo_.record(std::move(e));
      notify_undo("Can't undo (" + what + "): " + refused);
      return;
    }
    how = bp::describe_command(inverse) + " at the next step";
  }
  drop_stale_selection();
  log(Event::Kind::Action, "Undid: " + what + " (" + how + ")");
  notify_undo("Undid: " + what);
  // An applied component that is undone is removed for good: its id stays
  // taken, so adding it again would be refused, and the edits made after it
  // (waiting to be redone) may need it.
  if (e.applied && e.command.kind == bp::CommandKind::AddComponent) undo_.forget_redo();
  else undo_.push_redo(std::move(e));
}

void Game::redo() {
  if (const std::string why = redo_blocker(); !why.empty()) {
    notify_undo(why);
    return;
  }
  Edit e = undo_.take_redo();
  const std::string what = bp::describe_command(e.command);
  Edit again{e.command, e.command.kind == bp::CommandKind::Set ? setting_before(e.command) : nlohmann::json(), false};
  if (const std::string refused = send(e.command); !refused.empty()) {
    notify_undo("Can't redo (" + what + "): " + refused);
    return;
  }
  undo_.record(std::move(again));
  if (e.command.kind == bp::CommandKind::AddComponent)
    if (auto p = undone_places_.find(e.command.value.value("id", std::string())); p != undone_places_.end())
      placed[p->first] = p->second;
  log(Event::Kind::Action, "Redid: " + what);
  notify_undo("Redid: " + what);
}

void Game::notify_undo(std::string text) {
  if (auto it = std::find_if(notices.begin(), notices.end(), [&](const Notice& n) { return n.text == undo_notice_; });
      it != notices.end())
    notices.erase(it);
  undo_notice_ = text;
  notify(std::move(text));
}

void Game::drop_stale_selection() {
  const auto design = live_design(*this);
  auto node = [&](const std::string& id) {
    return std::find_if(design.begin(), design.end(), [&](const DesignNode& n) { return n.id == id; });
  };
  if (!selected.empty() && node(selected) == design.end()) selected.clear();
  const auto from = node(edge_from);
  if (from == design.end() || std::find(from->targets.begin(), from->targets.end(), edge_to) == from->targets.end()) {
    edge_from.clear();
    edge_to.clear();
  }
}

}  // namespace app
