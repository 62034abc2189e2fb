#include "backpressure/simulator.h"

#include <utility>

#include <fmt/format.h>

#include "backpressure/input_error.h"
#include "simulation/commands.h"
#include "world/component.h"
#include "simulation/run_state.h"
#include "world/world.h"

namespace bp {

Simulator::Simulator(Scenario scenario)
    : scenario_(std::make_shared<const Scenario>(std::move(scenario))), seed_(scenario_->seed),
      state_(std::make_unique<RunState>(*scenario_, seed_)), script_(std::make_shared<std::vector<ScriptedCommand>>()) {}

Simulator::Simulator(Scenario scenario, std::uint64_t seed)
    : scenario_(std::make_shared<const Scenario>(std::move(scenario))), seed_(seed),
      state_(std::make_unique<RunState>(*scenario_, seed_)), script_(std::make_shared<std::vector<ScriptedCommand>>()) {}

Simulator::~Simulator() = default;

Simulator::Simulator(const Simulator& other)
    : scenario_(other.scenario_),
      seed_(other.seed_),
      state_(std::make_unique<RunState>(*other.state_)),
      pending_(other.pending_),
      script_(other.script_),
      script_next_(other.script_next_),
      script_source_(other.script_source_),
      log_(other.log_) {}

Simulator& Simulator::operator=(const Simulator& other) {
  if (this != &other) *this = Simulator(other);
  return *this;
}

Simulator::Simulator(Simulator&&) noexcept = default;

Simulator& Simulator::operator=(Simulator&& other) noexcept {
  // The run state goes before the scenario it refers to may.
  state_ = std::move(other.state_);
  scenario_ = std::move(other.scenario_);
  seed_ = other.seed_;
  pending_ = std::move(other.pending_);
  script_ = std::move(other.script_);
  script_next_ = other.script_next_;
  script_source_ = std::move(other.script_source_);
  log_ = std::move(other.log_);
  return *this;
}

void Simulator::advance(std::int64_t steps) {
  for (std::int64_t i = 0; i < steps && !finished(); ++i) {
    apply_due_commands();
    state_->step();
  }
}

void Simulator::run_until(SimTime t) {
  while (state_->world.now < t && !finished()) {
    apply_due_commands();
    state_->step();
  }
}

// Through a const reference: a check reads the run and never changes it.
std::string Simulator::check(const Command& c) const { return check_command(std::as_const(*state_), c, pending_); }

std::string Simulator::submit(Command command) {
  std::string problem = check(command);
  if (problem.empty()) pending_.push_back(std::move(command));
  return problem;
}

std::optional<Command> Simulator::withdraw_last() {
  if (pending_.empty()) return std::nullopt;
  Command c = std::move(pending_.back());
  pending_.pop_back();
  return c;
}

std::string Simulator::withdraw(std::size_t index) {
  if (index >= pending_.size()) return "no pending command " + std::to_string(index);
  std::vector<Command> kept(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(index));
  // Each later command is checked as submit would have checked it, had the
  // withdrawn one never been made.
  for (std::size_t i = index + 1; i < pending_.size(); ++i) {
    if (std::string problem = check_command(*state_, pending_[i], kept); !problem.empty())
      return fmt::format("a later change depends on it ({} {}: {})", command_name(pending_[i].kind), pending_[i].target,
                         problem);
    kept.push_back(pending_[i]);
  }
  pending_ = std::move(kept);
  return "";
}

void Simulator::set_script(std::vector<ScriptedCommand> script, std::string source) {
  script_ = std::make_shared<const std::vector<ScriptedCommand>>(std::move(script));
  script_source_ = std::move(source);
  script_next_ = 0;
}

void Simulator::apply_due_commands() {
  for (Command& c : pending_) {
    // Commands submitted in one step can clash (two incidents with one id):
    // each is checked again against the state the earlier ones left.
    if (!check_command(*state_, c).empty()) continue;
    apply_now(std::move(c));
  }
  pending_.clear();
  // A script's commands at one step apply in order, each checked against the
  // state the ones before it left, so a script can add a component and
  // connect it at the same moment.
  while (script_next_ < script_->size() && (*script_)[script_next_].step <= state_->world.step_index) {
    const Command& c = (*script_)[script_next_].command;
    if (const std::string problem = check_command(*state_, c); !problem.empty())
      throw InputError(script_source_, "/commands/" + std::to_string(script_next_), problem);
    apply_now(c);
    ++script_next_;
  }
}

void Simulator::apply_now(Command c) {
  apply_command(*state_, c);
  c.step = state_->world.step_index;
  log_.push_back(std::move(c));
}

SimTime Simulator::now() const { return state_->world.now; }
std::int64_t Simulator::step_index() const { return state_->world.step_index; }
const std::deque<Series>& Simulator::series() const { return state_->world.series(); }
std::uint64_t Simulator::events_processed() const { return state_->world.events_processed; }
std::size_t Simulator::live_requests() const { return state_->world.live_requests(); }
const std::vector<AlertEpisode>& Simulator::alerts() const { return state_->alerts.episodes(); }

const Series* Simulator::find_series(const std::string& component, const std::string& name) const {
  for (const auto& s : state_->world.series())
    if (s.component() == component && s.name() == name) return &s;
  return nullptr;
}

std::vector<ComponentStatus> Simulator::components() const {
  std::vector<ComponentStatus> out;
  for (std::uint32_t i = 0; i < state_->world.component_count(); ++i) {
    const Component& c = state_->world.component(i);
    ComponentStatus s;
    s.id = c.id();
    s.type = c.type();
    s.units = c.units();
    s.capacity = c.capacity();
    s.in_system = c.in_system.level();
    s.queued = c.queued();
    s.arrivals = c.total_counts.arrivals;
    s.completions = c.total_counts.completions;
    s.errors = c.total_counts.errors;
    s.cost = c.cost;
    s.removed = state_->world.removed(i);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<DesignComponent> Simulator::design() const {
  std::vector<DesignComponent> out;
  for (std::uint32_t i = 0; i < state_->world.component_count(); ++i) {
    if (!state_->world.designed(i)) continue;
    const ComponentSpec& spec = state_->world.spec(i);
    out.push_back({spec.id, spec.type, spec.targets, state_->world.component(i).settings(), state_->world.added_at(i),
                   state_->world.removed_at(i)});
  }
  return out;
}

const std::vector<JobSpec>& Simulator::jobs() const { return state_->world.jobs; }

std::vector<DesignChange> Simulator::design_changes() const {
  std::vector<DesignChange> out;
  for (const auto& n : state_->world.design_notes) out.push_back({n.step, n.change, n.note});
  return out;
}

RequestTotals Simulator::totals() const {
  const auto& t = state_->world.totals;
  RequestTotals out;
  out.ok = t.ok;
  out.failed = t.failed;
  out.timeouts = t.errors[static_cast<std::size_t>(ErrorReason::Timeout)];
  out.server_busy = t.errors[static_cast<std::size_t>(ErrorReason::ServerBusy)];
  out.no_server = t.errors[static_cast<std::size_t>(ErrorReason::NoServer)];
  out.queue_full = t.errors[static_cast<std::size_t>(ErrorReason::QueueFull)];
  out.rate_limited = t.errors[static_cast<std::size_t>(ErrorReason::RateLimited)];
  out.not_connected = t.errors[static_cast<std::size_t>(ErrorReason::NotConnected)];
  out.latency = t.latency_all();
  out.cost = t.cost;
  return out;
}

}  // namespace bp
