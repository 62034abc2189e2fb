#pragma once
// The simulation facade: the one object the CLI, the desktop game and the
// tests drive. Time moves only through advance() and run_until(), in whole
// fixed steps; within a step, events run in exact time order.
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/alerts.h"
#include "backpressure/command.h"
#include "backpressure/histogram.h"
#include "backpressure/run_record.h"
#include "backpressure/scenario.h"
#include "backpressure/series.h"
#include "backpressure/time.h"

namespace bp {

class RunState;

// A read-only view of one component for displays.
struct ComponentStatus {
  std::string id;
  std::string type;
  std::int64_t units = 0;         // billable instances
  std::int64_t capacity = 0;      // slots or cores
  std::int64_t in_system = 0;     // waiting + being served
  std::int64_t queued = 0;        // waiting
  std::uint64_t arrivals = 0, completions = 0, errors = 0;  // since the start
  double cost = 0;                // dollars so far
  bool removed = false;           // taken out by remove_component (history only)
};

// One component of the design as it stands now, for drawing it: the
// scenario's components, then those added by commands, in order.
struct DesignComponent {
  std::string id;
  std::string type;
  std::vector<std::string> targets;   // where it sends work now
  Settings settings;                  // every setting, as commands left them
  std::int64_t added_at_step = -1;    // -1: part of the scenario
  std::int64_t removed_at_step = -1;  // -1: still there
  bool added() const { return added_at_step >= 0; }
  bool removed() const { return removed_at_step >= 0; }
};

// What a design command did beyond the obvious (work lost, requests that
// will now fail), as the report's design_changes lists it.
struct DesignChange {
  std::int64_t step = 0;
  std::string change;  // "remove_component web", "connect lb -> web2"
  std::string note;    // "" when there is nothing to add
};

struct RequestTotals {
  std::uint64_t ok = 0, failed = 0;
  std::uint64_t timeouts = 0, server_busy = 0, no_server = 0, queue_full = 0, rate_limited = 0;
  std::uint64_t not_connected = 0;  // needed a component a design change took away
  // Every answered request, in microseconds. A copy, so totals outlive the
  // simulator that produced them.
  LogHistogram latency;
  double cost = 0;
};

class Simulator {
 public:
  // The seed comes from the scenario unless given.
  explicit Simulator(Scenario scenario);
  Simulator(Scenario scenario, std::uint64_t seed);
  ~Simulator();
  // A simulator is a value: a copy is a snapshot of the run (design,
  // events, random streams, series, alerts, pending commands, script
  // position and command log) that continues byte for byte as the original
  // would, and assigning a copy back restores it. Copies share the scenario
  // and the script, which never change (docs/architecture.md, "Snapshots").
  Simulator(const Simulator& other);
  Simulator& operator=(const Simulator& other);
  Simulator(Simulator&&) noexcept;
  Simulator& operator=(Simulator&&) noexcept;

  void advance(std::int64_t steps = 1);
  // Advances whole steps until now() >= t (or the run ends).
  void run_until(SimTime t);
  void run_to_end() { run_until(duration()); }
  bool finished() const { return now() >= duration(); }

  // --- commands: the only way to change a running simulation
  // Checks a command against the current design; returns why it would be
  // refused, or "" when it is valid. Design commands are checked against
  // the design as it will stand once the commands already accepted for the
  // next boundary apply, so a paused player can add a component and connect
  // it at once; so is a `set` on a component only a pending add creates,
  // which then applies right after the add.
  std::string check(const Command& command) const;
  // Validates now and applies at the next step boundary. Returns "" when
  // accepted, otherwise the reason; a refused command changes nothing.
  std::string submit(Command command);
  // Accepted, not yet applied, in the order they will apply.
  const std::vector<Command>& pending() const { return pending_; }
  // Takes back the most recently accepted command that has not applied yet
  // (a paused player's undo). It never ran, so the command log does not
  // mention it and a replay is as if it was never made. nullopt when
  // nothing is pending.
  std::optional<Command> withdraw_last();
  // Takes back pending command `index` (0 = the oldest), but only if every
  // command accepted after it still passes its check without it (a connect
  // needs the add before it); returns "" or why not, changing nothing then.
  std::string withdraw(std::size_t index);
  // Commands to submit as the run reaches their steps (a script or a log).
  // A command refused when its step comes throws an InputError naming
  // `source` and the command's index.
  void set_script(std::vector<ScriptedCommand> script, std::string source = "command script");
  const std::vector<Command>& command_log() const { return log_; }

  SimTime now() const;
  std::int64_t step_index() const;
  SimTime step() const { return scenario_->step; }
  SimTime duration() const { return scenario_->duration; }
  std::uint64_t seed() const { return seed_; }
  const Scenario& scenario() const { return *scenario_; }

  std::vector<ComponentStatus> components() const;
  // The design as it stands (components added and removed by commands
  // included, marked), and what each design change did.
  std::vector<DesignComponent> design() const;
  std::vector<DesignChange> design_changes() const;
  // Every job type with its retry policy as set_job commands left it.
  const std::vector<JobSpec>& jobs() const;
  RequestTotals totals() const;
  const std::deque<Series>& series() const;
  const Series* find_series(const std::string& component, const std::string& name) const;
  std::uint64_t events_processed() const;
  std::size_t live_requests() const;
  // Every alert episode so far, in firing order; paging() ones await an
  // "ack_alert" command.
  const std::vector<AlertEpisode>& alerts() const;

  // What the run measured so far, as the report's JSON without its verdicts
  // (docs/report-format.md); the whole report is make_report() in
  // backpressure/report.h.
  nlohmann::json measurements() const;
  // The same run as the analyses after it read it.
  RunRecord record() const;

 private:
  // A member added here must be added to the copy constructor and the move
  // assignment too (simulator.cpp), or snapshots lose it.
  std::shared_ptr<const Scenario> scenario_;
  std::uint64_t seed_;
  std::unique_ptr<RunState> state_;
  void apply_due_commands();
  void apply_now(Command command);
  std::vector<Command> pending_;
  std::shared_ptr<const std::vector<ScriptedCommand>> script_;
  std::size_t script_next_ = 0;
  std::string script_source_;
  std::vector<Command> log_;
};

}  // namespace bp
