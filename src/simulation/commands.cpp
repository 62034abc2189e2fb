#include "simulation/commands.h"

#include <fmt/format.h>

#include "backpressure/alerts.h"
#include "backpressure/catalogue.h"
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

Component* component_named(World& world, const std::string& id) {
  const std::uint32_t index = world.index_of(id);
  if (index == kNone || id == "traffic" || world.removed(index)) return nullptr;
  return &world.component(index);
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

IncidentSpec incident_now(World& world, const Command& c) {
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

}  // namespace

std::string check_command(RunState& run, const Command& c, const std::vector<Command>& pending) {
  if (is_design_command(c.kind)) return check_design_command(run, c, pending);
  World& world = run.world;
  if (c.kind == CommandKind::TriggerIncident) {
    try {
      const IncidentSpec spec = incident_now(world, c);
      if (run.incidents.has(spec.id))
        return "an incident called \"" + spec.id + "\" already exists; give this one its own \"id\"";
    } catch (const InputError& e) {
      return e.path() + ": " + e.problem();
    }
    return "";
  }
  if (c.kind == CommandKind::AckAlert) {
    for (const auto* e : run.alerts.paging())
      if (e->id == c.target) return "";
    return "no alert called \"" + c.target + "\" is paging";
  }
  if (c.kind == CommandKind::DeleteAlert)
    return run.alerts.has_rule(c.target) ? "" : "no alert rule is called \"" + c.target + "\"";
  if (c.kind == CommandKind::SetAlert) {
    try {
      const AlertSpec spec = parse_alert(c.value, "command", "/value", world.scenario);
      AlertEngine probe;  // the series must exist; checked without touching the live rules
      const std::string problem = probe.set_rule(world, spec);
      return problem.empty() ? "" : "metric: " + problem;
    } catch (const InputError& e) {
      return e.path() + ": " + e.problem();
    }
  }
  if (c.kind == CommandKind::PauseProducer || c.kind == CommandKind::ResumeProducer) {
    Component* p = component_named(world, c.target);
    return p && p->type() == "producer" ? "" : "no batch upload is called \"" + c.target + "\"";
  }
  if (c.kind == CommandKind::SetJob) {
    const int j = job_index(world, c.target);
    if (j < 0) return "no job type is called \"" + c.target + "\"";
    JobSpec copy = world.jobs[static_cast<std::size_t>(j)];
    return set_job_field(copy, c.key, c.value);
  }
  if (c.kind == CommandKind::Set && c.target == "traffic") return check_action_limit(world, c);
  Component* target = component_named(world, c.target);
  if (!target && c.kind == CommandKind::Set && added_by(pending, c.target)) return check_set_on_pending(world, c, pending);
  if (!target) return removed_note(world, c.target);
  if (c.kind == CommandKind::FlushCache)
    return target->type() == "redis" ? "" : "\"" + c.target + "\" is a " + target->type() + ", not a cache";
  if (c.kind == CommandKind::MoveToDlq || c.kind == CommandKind::ReplayDlq) {
    if (target->type() != "queue") return "\"" + c.target + "\" is a " + target->type() + ", not a queue";
    if (!target->settings().flag("dead_letter")) return "the queue \"" + c.target + "\" has no dead-letter queue; turn on dead_letter first";
    if (c.kind == CommandKind::MoveToDlq)
      return job_index(world, c.key) < 0 ? "no job type is called \"" + c.key + "\"" : "";
    try {
      expect_number(c.value, 0, 100000, "command", "/value");
    } catch (const InputError& e) {
      return "rate: " + e.problem();
    }
    return "";
  }
  if (c.kind != CommandKind::Set) return "unknown command \"" + std::string(command_name(c.kind)) + "\"";
  if (target->type() == "producer") {
    // A batch upload's only settings are its rate limit.
    RateLimit copy = static_cast<const Producer&>(*target).rate_limit();
    return set_rate_limit_field(copy, c.key, c.value);
  }
  return check_setting_change(target->type(), target->settings(), world.live_design(), c);
}

void apply_command(RunState& run, const Command& c) {
  World& world = run.world;
  if (is_design_command(c.kind)) {
    apply_design_command(world, c);
  } else if (c.kind == CommandKind::AckAlert) {
    run.alerts.acknowledge(world.now, c.target);
  } else if (c.kind == CommandKind::SetAlert) {
    run.alerts.set_rule(world, parse_alert(c.value, "command", "/value", world.scenario));
  } else if (c.kind == CommandKind::DeleteAlert) {
    run.alerts.remove_rule(world.now, c.target);
  } else if (c.kind == CommandKind::TriggerIncident) {
    run.incidents.add(world, incident_now(world, c));
  } else if (c.kind == CommandKind::PauseProducer || c.kind == CommandKind::ResumeProducer) {
    run.incidents.set_paused(world, c.target, c.kind == CommandKind::PauseProducer);
  } else if (c.kind == CommandKind::SetJob) {
    set_job_field(world.jobs[static_cast<std::size_t>(job_index(world, c.target))], c.key, c.value);
  } else if (c.kind == CommandKind::FlushCache) {
    static_cast<Redis&>(*component_named(world, c.target)).flush();
  } else if (c.kind == CommandKind::MoveToDlq) {
    static_cast<Queue&>(*component_named(world, c.target))
        .move_to_dead_letter(world, static_cast<std::uint32_t>(job_index(world, c.key)));
  } else if (c.kind == CommandKind::ReplayDlq) {
    static_cast<Queue&>(*component_named(world, c.target)).replay_dead_letters(world, c.value.get<double>());
  } else if (c.kind == CommandKind::Set && c.target == "traffic") {
    const ActionField f = action_field(world, c.key);
    RateLimit limit = world.action_limits[static_cast<std::size_t>(f.action)].spec;
    set_rate_limit_field(limit, f.field, c.value);
    world.set_action_limit(static_cast<std::uint32_t>(f.action), limit);
  } else if (c.kind == CommandKind::Set && component_named(world, c.target)->type() == "producer") {
    auto& producer = static_cast<Producer&>(*component_named(world, c.target));
    RateLimit limit = producer.rate_limit();
    set_rate_limit_field(limit, c.key, c.value);
    producer.set_rate_limit(world, limit);
  } else if (c.kind == CommandKind::Set) {
    Component& target = *component_named(world, c.target);
    target.change_settings(world, set_changes(target.settings(), c));
  }
}

void project_command(const Command& c, std::vector<ComponentSpec>& design, std::vector<JobSpec>& jobs) {
  if (is_design_command(c.kind)) {
    project_design_command(c, design);
  } else if (c.kind == CommandKind::SetJob) {
    for (auto& job : jobs)
      if (job.name == c.target) set_job_field(job, c.key, c.value);
  } else if (c.kind == CommandKind::Set) {
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
}

}  // namespace bp
