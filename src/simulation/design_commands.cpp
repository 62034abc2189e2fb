#include "simulation/design_commands.h"

#include <algorithm>

#include <fmt/format.h>

#include "backpressure/catalogue.h"
#include "backpressure/input_error.h"
#include "simulation/commands.h"
#include "simulation/run_state.h"
#include "world/world.h"
#include "scenario/design_rules.h"

namespace bp {

namespace {

// The design as it stands, with paths blanked: a rule broken by a component
// already in the design is named by its ids, not by a scenario line.
std::vector<ComponentSpec> current_design(const World& world) {
  std::vector<ComponentSpec> design = world.live_design();
  for (auto& spec : design) spec.json_path.clear();
  return design;
}

ComponentSpec* find_spec(std::vector<ComponentSpec>& design, const std::string& id) {
  for (auto& spec : design)
    if (spec.id == id) return &spec;
  return nullptr;
}

// Why the design would break the loader's rules, or "".
std::string rules_problem(const std::vector<ComponentSpec>& design) {
  try {
    check_design_rules(design, "command");
  } catch (const InputError& e) {
    return e.path().rfind("/value", 0) == 0 ? e.path() + ": " + e.problem() : e.problem();
  }
  return "";
}

// The design as it will be once the commands already accepted for the next
// boundary apply: a player can add a component and connect it while paused.
struct Projection {
  std::vector<ComponentSpec> design;
  std::vector<std::string> leaving;  // ids a pending command removes
};

ComponentSpec parse_added(const Command& c) {
  ComponentSpec spec = parse_component(c.value, "command", "/value", Catalogue::builtin());
  spec.json_path = "/value";
  return spec;
}

void strip_component(std::vector<ComponentSpec>& design, const std::string& id) {
  design.erase(std::remove_if(design.begin(), design.end(), [&](const ComponentSpec& s) { return s.id == id; }),
               design.end());
  for (auto& spec : design) spec.targets.erase(std::remove(spec.targets.begin(), spec.targets.end(), id), spec.targets.end());
}

Projection project(const World& world, const std::vector<Command>& pending) {
  Projection p{current_design(world), {}};
  std::vector<JobSpec> jobs;  // design changes leave job types alone
  // Each was valid on the projection before it when it was accepted. Only
  // the design changes count: the rules are the design's.
  for (const Command& c : pending) {
    const CommandHandlers& h = handlers_for(c.kind);
    if (!h.design_change) continue;
    h.project(c, p.design, jobs);
    if (c.kind == CommandKind::RemoveComponent) p.leaving.push_back(c.target);
  }
  return p;
}

// Why `id` names no component a design command can act on, or "".
std::string not_live(const World& world, const Projection& p, const std::string& id) {
  for (const auto& spec : p.design)
    if (spec.id == id) return "";
  if (std::find(p.leaving.begin(), p.leaving.end(), id) != p.leaving.end())
    return "\"" + id + "\" is already being removed";
  const std::uint32_t i = world.index_of(id);
  if (i != kNone && world.designed(i) && world.removed(i))
    return fmt::format("\"{}\" was removed at step {}", id, world.removed_at(i));
  return "no component has the id \"" + id + "\"";
}

bool sends_to(const ComponentSpec& from, const std::string& to) {
  return std::find(from.targets.begin(), from.targets.end(), to) != from.targets.end();
}

// How the users' path stands: "" when every request can be served, else
// what will fail.
std::string users_path_problem(const World& world) {
  const std::uint32_t entry = world.index_of(world.scenario.traffic.entry);
  if (entry != kNone && world.removed(entry))
    return "users arrive at \"" + world.scenario.traffic.entry + "\", which is gone: every request fails (no_server)";
  try {
    check_traffic_path(world.scenario.traffic, current_design(world), "design");
  } catch (const InputError& e) {
    return "some requests will fail (not_connected or no_server): " + e.problem();
  }
  return "";
}

// Makes a design change (`change` returns what it was and what it cost)
// and notes it, with what it did to the users' path, in World::design_notes.
template <typename Change>
void change_design(World& world, Change change) {
  const std::string path_before = users_path_problem(world);
  auto [what, note] = change();
  const std::string path_after = users_path_problem(world);
  std::string path_note;
  if (path_after != path_before) path_note = path_after.empty() ? "every request can be served again" : path_after;
  if (!path_note.empty()) note += (note.empty() ? "" : "; ") + path_note;
  world.design_notes.push_back({world.step_index, what, note});
}

}  // namespace

std::string check_add_component(const RunState& run, const Command& c, const std::vector<Command>& pending) {
  const World& world = run.world;
  Projection p = project(world, pending);
  ComponentSpec spec;
  try {
    spec = parse_added(c);
  } catch (const InputError& e) {
    return e.path() + ": " + e.problem();
  }
  const std::uint32_t existing = world.index_of(spec.id);
  if (existing != kNone && world.designed(existing) && world.removed(existing))
    return fmt::format("/value/id: \"{}\" belonged to a component removed at step {}; give the new one an id of its own",
                       spec.id, world.removed_at(existing));
  if (existing != kNone || run.incidents.has(spec.id) || find_spec(p.design, spec.id) ||
      std::find(p.leaving.begin(), p.leaving.end(), spec.id) != p.leaving.end())
    return "/value/id: something is already called \"" + spec.id + "\"";
  p.design.push_back(std::move(spec));
  return rules_problem(p.design);
}

std::string check_remove_component(const RunState& run, const Command& c, const std::vector<Command>& pending) {
  Projection p = project(run.world, pending);
  if (std::string problem = not_live(run.world, p, c.target); !problem.empty()) return problem;
  strip_component(p.design, c.target);
  const std::string problem = rules_problem(p.design);
  return problem.empty() ? "" : "cannot remove \"" + c.target + "\": without it, " + problem;
}

std::string check_edge(const RunState& run, const Command& c, const std::vector<Command>& pending) {
  Projection p = project(run.world, pending);
  if (std::string problem = not_live(run.world, p, c.target); !problem.empty()) return problem;
  if (std::string problem = not_live(run.world, p, c.key); !problem.empty()) return problem;
  ComponentSpec& from = *find_spec(p.design, c.target);
  if (c.kind == CommandKind::Connect) {
    if (sends_to(from, c.key)) return "\"" + c.target + "\" already sends work to \"" + c.key + "\"";
    from.targets.push_back(c.key);
    return rules_problem(p.design);
  }
  if (!sends_to(from, c.key)) return "\"" + c.target + "\" does not send work to \"" + c.key + "\"";
  from.targets.erase(std::find(from.targets.begin(), from.targets.end(), c.key));
  const std::string problem = rules_problem(p.design);
  return problem.empty() ? "" : "cannot disconnect: without the link, " + problem;
}

void apply_add_component(RunState& run, const Command& c) {
  change_design(run.world, [&] {
    const ComponentSpec spec = parse_added(c);
    run.world.add_designed(spec);
    return std::pair<std::string, std::string>{"add_component " + spec.id, ""};
  });
}

void apply_remove_component(RunState& run, const Command& c) {
  change_design(run.world, [&] {
    return std::pair<std::string, std::string>{"remove_component " + c.target,
                                               run.world.remove_designed(run.world.index_of(c.target))};
  });
}

void apply_edge(RunState& run, const Command& c) {
  change_design(run.world, [&] {
    World& world = run.world;
    const std::uint32_t from = world.index_of(c.target);
    std::vector<std::string> targets = world.spec(from).targets;
    if (c.kind == CommandKind::Connect) targets.push_back(c.key);
    else targets.erase(std::find(targets.begin(), targets.end(), c.key));
    world.set_targets(from, std::move(targets));
    return std::pair<std::string, std::string>{fmt::format("{} {} -> {}", command_name(c.kind), c.target, c.key), ""};
  });
}

void project_add_component(const Command& c, std::vector<ComponentSpec>& design, std::vector<JobSpec>&) {
  ComponentSpec spec = parse_added(c);
  spec.json_path.clear();
  design.push_back(std::move(spec));
}

void project_remove_component(const Command& c, std::vector<ComponentSpec>& design, std::vector<JobSpec>&) {
  strip_component(design, c.target);
}

void project_edge(const Command& c, std::vector<ComponentSpec>& design, std::vector<JobSpec>&) {
  ComponentSpec* from = find_spec(design, c.target);
  if (!from) return;
  auto& t = from->targets;
  if (c.kind == CommandKind::Connect) t.push_back(c.key);
  else t.erase(std::remove(t.begin(), t.end(), c.key), t.end());
}

}  // namespace bp
