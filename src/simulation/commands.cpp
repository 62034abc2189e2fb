#include "simulation/commands.h"

#include <iterator>

#include <fmt/format.h>

#include "backpressure/alerts.h"
#include "backpressure/catalogue.h"
#include "backpressure/command_handlers.h"
#include "backpressure/incident.h"
#include "backpressure/input_error.h"
#include "backpressure/scenario_loader.h"
#include "models/producer.h"
#include "models/queue.h"
#include "models/redis.h"
#include "world/component.h"
#include "simulation/design_commands.h"
#include "scenario/rate_limit.h"
#include "simulation/run_state.h"
#include "world/world.h"
#include "scenario/design_rules.h"
#include "scenario/json_reader.h"

namespace bp {

namespace {

int job_index(const World& world, const std::string& name) {
  for (std::size_t j = 0; j < world.jobs.size(); ++j)
    if (world.jobs[j].name == name) return static_cast<int>(j);
  return -1;
}

// Sets one field of a job type; returns why not, or "".
std::string set_job_field(JobSpec& job, const std::string& key, const nlohmann::json& v) {
  try {
    if (key == "max_attempts") {
      job.max_attempts = static_cast<int>(expect_integer(v, 0, 1000, "command", "/value"));
    } else if (key == "jitter") {
      job.jitter = expect_number(v, 0, 1, "command", "/value");
    } else if (key == "backoff_base" || key == "backoff_cap") {
      const SimTime t = expect_duration(v, 0, key == "backoff_base" ? kDay : 30 * kDay, "command", "/value");
      (key == "backoff_base" ? job.backoff_base : job.backoff_cap) = t;
    } else if (key == "backoff") {
      if (v == "fixed") job.backoff = JobSpec::Backoff::Fixed;
      else if (v == "exponential") job.backoff = JobSpec::Backoff::Exponential;
      else return "backoff: expected \"fixed\" or \"exponential\", got " + describe_json(v);
    } else if (key == "lane") {
      if (v == "live") job.lane = JobSpec::Lane::Live;
      else if (v == "batch") job.lane = JobSpec::Lane::Batch;
      else return "lane: expected \"live\" or \"batch\", got " + describe_json(v);
    } else {
      return "a job type has no field \"" + key + "\" (known: max_attempts, backoff, backoff_base, backoff_cap, jitter, lane)";
    }
  } catch (const InputError& e) {
    return key + ": " + e.problem();
  }
  if (job.backoff_cap < job.backoff_base) return "backoff_cap must not be shorter than backoff_base";
  return "";
}

const Component* component_named(const World& world, const std::string& id) {
  const std::uint32_t index = world.index_of(id);
  if (index == kNone || id == "traffic" || world.removed(index)) return nullptr;
  return &world.component(index);
}

// The component a checked command acts on.
template <typename T = Component>
T& checked_target(World& world, const std::string& id) {
  return static_cast<T&>(world.component(world.index_of(id)));
}

// What a `set` command changes. A player who sets the instance count of a
// component that autoscales takes the count over: autoscale goes off in the
// same change, so the autoscaler never undoes a deliberate move.
std::vector<std::pair<std::string, nlohmann::json>> set_changes(const Settings& current, const Command& c) {
  std::vector<std::pair<std::string, nlohmann::json>> changes{{c.key, c.value}};
  if (c.key == "instances" && current.has("autoscale") && current.choice("autoscale") != "off")
    changes.emplace_back("autoscale", "off");
  return changes;
}

bool fed_by_queue(const std::vector<ComponentSpec>& design, const std::string& worker) {
  for (const auto& spec : design)
    if (spec.type == "queue")
      for (const auto& t : spec.targets)
        if (t == worker) return true;
  return false;
}

// A `set` on the traffic changes an action type's rate limit: the key is
// "<action>.rate_limit" or "<action>.rate_burst".
struct ActionField {
  int action = -1;
  std::string field;
};
ActionField action_field(const World& world, const std::string& key) {
  ActionField out;
  const auto dot = key.rfind('.');
  if (dot == std::string::npos) return out;
  out.field = key.substr(dot + 1);
  const std::string name = key.substr(0, dot);
  const auto& actions = world.scenario.traffic.actions;
  for (std::size_t a = 0; a < actions.size(); ++a)
    if (actions[a].name == name) out.action = static_cast<int>(a);
  return out;
}

std::string check_action_limit(const World& world, const Command& c) {
  const ActionField f = action_field(world, c.key);
  if (f.action < 0)
    return "the traffic's settings are \"<action>.rate_limit\" and \"<action>.rate_burst\" for one of its actions, got \"" +
           c.key + "\"";
  RateLimit copy = world.action_limits[static_cast<std::size_t>(f.action)].spec;
  return set_rate_limit_field(copy, f.field, c.value);
}

IncidentSpec incident_now(const World& world, const Command& c) {
  IncidentSpec spec = parse_incident(c.value, "command", "/value", world.scenario, false);
  spec.at = world.now;
  return spec;
}

// The loader's rules between components, on the design a `set` would leave
// (a worker that starts writing needs a postgres).
std::string design_rules_after_set(std::vector<ComponentSpec> design, const std::string& id, const Settings& next) {
  for (auto& spec : design) {
    spec.json_path.clear();
    if (spec.id == id) spec.settings = next;
  }
  try {
    check_design_rules(design, "command");
  } catch (const InputError& e) {
    return e.problem();
  }
  return "";
}

// Why a `set` of one catalogue setting is refused, or "". `current` is the
// component's settings and `design` the design the command lands on: the
// live one, or for a component a pending add creates, the design on paper
// once the pending commands apply.
std::string check_setting_change(const std::string& type_name, const Settings& current,
                                 const std::vector<ComponentSpec>& design, const Command& c) {
  const ComponentType* type = Catalogue::builtin().find(type_name);
  const SettingSchema* schema = type ? type->find(c.key) : nullptr;
  if (!schema) return "a " + type_name + " has no setting \"" + c.key + "\"";
  Settings next = current;
  for (const auto& [key, value] : set_changes(current, c)) {
    try {
      next.set(key, Catalogue::builtin().parse_setting(*type->find(key), value, "command", "/value"));
    } catch (const InputError& e) {
      return key + ": " + e.problem();
    }
  }
  // The same rules between settings as in a scenario file, on the design the
  // command would leave.
  std::string key;
  const std::string problem =
      check_setting_rules(type_name, next, [&](const std::string& k) { return k == c.key; }, key);
  if (!problem.empty()) return key + ": " + problem;
  if (c.key == "autoscale" && (c.value == "queue_depth" || c.value == "oldest_age") && !fed_by_queue(design, c.target))
    return "autoscale: no queue points at \"" + c.target + "\", so it has no " + c.value.get<std::string>() + " to scale on";
  if (const std::string rule = design_rules_after_set(design, c.target, next); !rule.empty()) return c.key + ": " + rule;
  return "";
}

// A `set` on a component that a pending add_component creates: checked on
// the design as the pending commands leave it, so the settings it starts
// with (and earlier pending sets) count. The set applies after the add at
// the same boundary, because pending commands apply in order.
std::string check_set_on_pending(const World& world, const Command& c, const std::vector<Command>& pending) {
  std::vector<ComponentSpec> design = world.live_design();
  std::vector<JobSpec> jobs = world.jobs;
  for (const Command& p : pending) project_command(p, design, jobs);
  for (auto& spec : design) spec.json_path.clear();
  for (const auto& spec : design)
    if (spec.id == c.target) return check_setting_change(spec.type, spec.settings, design, c);
  // Added, then removed again before the clock moved.
  return "\"" + c.target + "\" is already being removed";
}

bool added_by(const std::vector<Command>& pending, const std::string& id) {
  for (const Command& p : pending)
    if (p.kind == CommandKind::AddComponent && p.value.is_object() && p.value.value("id", "") == id) return true;
  return false;
}

std::string removed_note(const World& world, const std::string& id) {
  const std::uint32_t index = world.index_of(id);
  if (index != kNone && world.removed(index))
    return "\"" + id + "\" was removed at step " + std::to_string(world.removed_at(index));
  return "no component has the id \"" + id + "\"";
}

std::string value_text(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// --- set: a component's setting, an action's rate limit or a batch upload's

std::string check_set(const RunState& run, const Command& c, const std::vector<Command>& pending) {
  const World& world = run.world;
  if (c.target == "traffic") return check_action_limit(world, c);
  const Component* target = component_named(world, c.target);
  if (!target && added_by(pending, c.target)) return check_set_on_pending(world, c, pending);
  if (!target) return removed_note(world, c.target);
  if (target->type() == "producer") {
    // A batch upload's only settings are its rate limit.
    RateLimit copy = static_cast<const Producer&>(*target).rate_limit();
    return set_rate_limit_field(copy, c.key, c.value);
  }
  return check_setting_change(target->type(), target->settings(), world.live_design(), c);
}

void apply_set(RunState& run, const Command& c) {
  World& world = run.world;
  if (c.target == "traffic") {
    const ActionField f = action_field(world, c.key);
    RateLimit limit = world.action_limits[static_cast<std::size_t>(f.action)].spec;
    set_rate_limit_field(limit, f.field, c.value);
    world.set_action_limit(static_cast<std::uint32_t>(f.action), limit);
    return;
  }
  Component& target = checked_target(world, c.target);
  if (target.type() == "producer") {
    auto& producer = static_cast<Producer&>(target);
    RateLimit limit = producer.rate_limit();
    set_rate_limit_field(limit, c.key, c.value);
    producer.set_rate_limit(world, limit);
    return;
  }
  target.change_settings(world, set_changes(target.settings(), c));
}

void project_set(const Command& c, std::vector<ComponentSpec>& design, std::vector<JobSpec>&) {
  for (auto& spec : design) {
    if (spec.id != c.target) continue;
    // Keys outside the catalogue (the traffic's and a batch upload's rate
    // limits) belong to the scenario, not to a design.
    const ComponentType* type = Catalogue::builtin().find(spec.type);
    if (!type || !type->find(c.key)) return;
    for (const auto& [key, value] : set_changes(spec.settings, c))
      spec.settings.set(key, Catalogue::builtin().parse_setting(*type->find(key), value, "command", "/value"));
  }
}

std::string describe_set(const Command& c) { return fmt::format("set {}.{} to {}", c.target, c.key, value_text(c.value)); }

std::optional<Command> no_way_back(const Command& c, std::string* why) {
  if (why) *why = "there is no way back from " + describe_command(c) + ".";
  return std::nullopt;
}

std::optional<Command> invert_set(const Command& c, const nlohmann::json& previous, std::string* why) {
  if (previous.is_null()) return no_way_back(c, why);
  return Command{CommandKind::Set, c.target, c.key, previous};
}

// --- set_job

std::string check_set_job(const RunState& run, const Command& c, const std::vector<Command>&) {
  const int j = job_index(run.world, c.target);
  if (j < 0) return "no job type is called \"" + c.target + "\"";
  JobSpec copy = run.world.jobs[static_cast<std::size_t>(j)];
  return set_job_field(copy, c.key, c.value);
}

void apply_set_job(RunState& run, const Command& c) {
  set_job_field(run.world.jobs[static_cast<std::size_t>(job_index(run.world, c.target))], c.key, c.value);
}

void project_set_job(const Command& c, std::vector<ComponentSpec>&, std::vector<JobSpec>& jobs) {
  for (auto& job : jobs)
    if (job.name == c.target) set_job_field(job, c.key, c.value);
}

std::string describe_set_job(const Command& c) {
  return fmt::format("set job {}'s {} to {}", c.target, c.key, value_text(c.value));
}

// --- flush_cache

std::string check_flush_cache(const RunState& run, const Command& c, const std::vector<Command>&) {
  const Component* target = component_named(run.world, c.target);
  if (!target) return removed_note(run.world, c.target);
  return target->type() == "redis" ? "" : "\"" + c.target + "\" is a " + target->type() + ", not a cache";
}

void apply_flush_cache(RunState& run, const Command& c) { checked_target<Redis>(run.world, c.target).flush(); }

std::string describe_flush_cache(const Command& c) { return fmt::format("flushed the {} cache", c.target); }

// --- trigger_incident

std::string check_trigger_incident(const RunState& run, const Command& c, const std::vector<Command>&) {
  try {
    const IncidentSpec spec = incident_now(run.world, c);
    if (run.incidents.has(spec.id))
      return "an incident called \"" + spec.id + "\" already exists; give this one its own \"id\"";
  } catch (const InputError& e) {
    return e.path() + ": " + e.problem();
  }
  return "";
}

void apply_trigger_incident(RunState& run, const Command& c) { run.incidents.add(run.world, incident_now(run.world, c)); }

std::string describe_trigger_incident(const Command&) { return "triggered an incident"; }

// --- pause_producer, resume_producer

std::string check_producer(const RunState& run, const Command& c, const std::vector<Command>&) {
  const Component* p = component_named(run.world, c.target);
  return p && p->type() == "producer" ? "" : "no batch upload is called \"" + c.target + "\"";
}

void apply_pause_producer(RunState& run, const Command& c) { run.incidents.set_paused(run.world, c.target, true); }
void apply_resume_producer(RunState& run, const Command& c) { run.incidents.set_paused(run.world, c.target, false); }

std::string describe_pause_producer(const Command& c) { return fmt::format("paused the {} producer", c.target); }
std::string describe_resume_producer(const Command& c) { return fmt::format("resumed the {} producer", c.target); }

// --- move_to_dlq, replay_dlq

// Why the target has no dead letters to handle, or "".
std::string check_dead_letters(const World& world, const Command& c) {
  const Component* target = component_named(world, c.target);
  if (!target) return removed_note(world, c.target);
  if (target->type() != "queue") return "\"" + c.target + "\" is a " + target->type() + ", not a queue";
  if (!target->settings().flag("dead_letter"))
    return "the queue \"" + c.target + "\" has no dead-letter queue; turn on dead_letter first";
  return "";
}

std::string check_move_to_dlq(const RunState& run, const Command& c, const std::vector<Command>&) {
  if (std::string problem = check_dead_letters(run.world, c); !problem.empty()) return problem;
  return job_index(run.world, c.key) < 0 ? "no job type is called \"" + c.key + "\"" : "";
}

void apply_move_to_dlq(RunState& run, const Command& c) {
  checked_target<Queue>(run.world, c.target)
      .move_to_dead_letter(run.world, static_cast<std::uint32_t>(job_index(run.world, c.key)));
}

std::string describe_move_to_dlq(const Command& c) {
  return fmt::format("moved the waiting {} jobs in {} to the dead-letter queue", c.key, c.target);
}

std::string check_replay_dlq(const RunState& run, const Command& c, const std::vector<Command>&) {
  if (std::string problem = check_dead_letters(run.world, c); !problem.empty()) return problem;
  try {
    expect_number(c.value, 0, 100000, "command", "/value");
  } catch (const InputError& e) {
    return "rate: " + e.problem();
  }
  return "";
}

void apply_replay_dlq(RunState& run, const Command& c) {
  checked_target<Queue>(run.world, c.target).replay_dead_letters(run.world, c.value.get<double>());
}

std::string describe_replay_dlq(const Command& c) {
  return fmt::format("replayed {}'s dead letters at {}/s", c.target, value_text(c.value));
}

// --- ack_alert, set_alert, delete_alert

std::string check_ack_alert(const RunState& run, const Command& c, const std::vector<Command>&) {
  for (const auto* e : run.alerts.paging())
    if (e->id == c.target) return "";
  return "no alert called \"" + c.target + "\" is paging";
}

void apply_ack_alert(RunState& run, const Command& c) { run.alerts.acknowledge(run.world.now, c.target); }

std::string describe_ack_alert(const Command& c) { return fmt::format("acknowledged the {} alert", c.target); }

std::string check_set_alert(const RunState& run, const Command& c, const std::vector<Command>&) {
  try {
    const AlertSpec spec = parse_alert(c.value, "command", "/value", run.world.scenario);
    AlertEngine probe;  // the series must exist; checked without touching the live rules
    const std::string problem = probe.set_rule(run.world, spec);
    return problem.empty() ? "" : "metric: " + problem;
  } catch (const InputError& e) {
    return e.path() + ": " + e.problem();
  }
}

void apply_set_alert(RunState& run, const Command& c) {
  run.alerts.set_rule(run.world, parse_alert(c.value, "command", "/value", run.world.scenario));
}

std::string describe_set_alert(const Command&) { return "changed an alert rule"; }

std::string check_delete_alert(const RunState& run, const Command& c, const std::vector<Command>&) {
  return run.alerts.has_rule(c.target) ? "" : "no alert rule is called \"" + c.target + "\"";
}

void apply_delete_alert(RunState& run, const Command& c) { run.alerts.remove_rule(run.world.now, c.target); }

std::string describe_delete_alert(const Command& c) { return fmt::format("deleted the {} alert", c.target); }

// --- the design changes: checked and applied in design_commands.cpp

std::string describe_add_component(const Command& c) {
  const nlohmann::json v = c.value.is_object() ? c.value : nlohmann::json::object();
  std::string s = fmt::format("added {} {}", v.value("type", "a component"), v.value("id", ""));
  if (const auto t = v.find("targets"); t != v.end() && t->is_array() && !t->empty()) {
    std::string to;
    for (const auto& id : *t) to += (to.empty() ? "" : ", ") + value_text(id);
    s += " pointing at " + to;
  }
  return s;
}

std::optional<Command> invert_add_component(const Command& c, const nlohmann::json&, std::string* why) {
  if (!c.value.is_object()) return no_way_back(c, why);
  return Command{CommandKind::RemoveComponent, c.value.value("id", std::string()), "", nullptr};
}

std::string describe_remove_component(const Command& c) { return fmt::format("removed {}", c.target); }

std::optional<Command> invert_remove_component(const Command& c, const nlohmann::json&, std::string* why) {
  if (why)
    *why = c.target + " has already left the run and ids are never reused, so it cannot come back. "
                      "Add a new one from the palette instead.";
  return std::nullopt;
}

std::string describe_connect(const Command& c) { return fmt::format("connected {} to {}", c.target, c.key); }
std::string describe_disconnect(const Command& c) { return fmt::format("disconnected {} from {}", c.target, c.key); }

std::optional<Command> invert_connect(const Command& c, const nlohmann::json&, std::string*) {
  return Command{CommandKind::Disconnect, c.target, c.key, nullptr};
}
std::optional<Command> invert_disconnect(const Command& c, const nlohmann::json&, std::string*) {
  return Command{CommandKind::Connect, c.target, c.key, nullptr};
}

void leaves_design(const Command&, std::vector<ComponentSpec>&, std::vector<JobSpec>&) {}

using K = CommandKind;
// In the enum's order. A kind whose `invert` is nullptr is not undone.
constexpr CommandHandlers kHandlers[] = {
    // kind, check, apply, project, describe, invert, design_change, changes_system
    {K::Set, check_set, apply_set, project_set, describe_set, invert_set, false, true},
    {K::SetJob, check_set_job, apply_set_job, project_set_job, describe_set_job, nullptr, false, true},
    {K::FlushCache, check_flush_cache, apply_flush_cache, leaves_design, describe_flush_cache, nullptr, false, true},
    {K::TriggerIncident, check_trigger_incident, apply_trigger_incident, leaves_design, describe_trigger_incident,
     nullptr, false, false},
    {K::PauseProducer, check_producer, apply_pause_producer, leaves_design, describe_pause_producer, nullptr, false,
     true},
    {K::ResumeProducer, check_producer, apply_resume_producer, leaves_design, describe_resume_producer, nullptr, false,
     true},
    {K::MoveToDlq, check_move_to_dlq, apply_move_to_dlq, leaves_design, describe_move_to_dlq, nullptr, false, true},
    {K::ReplayDlq, check_replay_dlq, apply_replay_dlq, leaves_design, describe_replay_dlq, nullptr, false, true},
    {K::AckAlert, check_ack_alert, apply_ack_alert, leaves_design, describe_ack_alert, nullptr, false, false},
    {K::SetAlert, check_set_alert, apply_set_alert, leaves_design, describe_set_alert, nullptr, false, false},
    {K::DeleteAlert, check_delete_alert, apply_delete_alert, leaves_design, describe_delete_alert, nullptr, false, false},
    {K::AddComponent, check_add_component, apply_add_component, project_add_component, describe_add_component,
     invert_add_component, true, true},
    {K::RemoveComponent, check_remove_component, apply_remove_component, project_remove_component,
     describe_remove_component, invert_remove_component, true, true},
    {K::Connect, check_edge, apply_edge, project_edge, describe_connect, invert_connect, true, true},
    {K::Disconnect, check_edge, apply_edge, project_edge, describe_disconnect, invert_disconnect, true, true},
};
static_assert(std::size(kHandlers) == kCommandKinds, "every command kind needs its row of handlers");
constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < std::size(kHandlers); ++i)
    if (static_cast<std::size_t>(kHandlers[i].kind) != i) return false;
  return true;
}
static_assert(in_enum_order(), "kHandlers is indexed by CommandKind");

}  // namespace

const CommandHandlers& handlers_for(CommandKind kind) { return kHandlers[static_cast<std::size_t>(kind)]; }

std::string describe_command(const Command& c) { return handlers_for(c.kind).describe(c); }

bool is_undoable(CommandKind kind) { return handlers_for(kind).invert != nullptr; }

std::optional<Command> inverse_command(const Command& c, const nlohmann::json& previous, std::string* why) {
  const auto invert = handlers_for(c.kind).invert;
  return invert ? invert(c, previous, why) : no_way_back(c, why);
}

bool changes_system(CommandKind kind) { return handlers_for(kind).changes_system; }

}  // namespace bp
