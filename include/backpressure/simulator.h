#pragma once
// The simulation facade: the one object the CLI, the desktop game and the
// tests drive. Time moves only through advance() and run_until(), in whole
// fixed steps; within a step, events run in exact time order.
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/alerts.h"
#include "backpressure/command.h"
#include "backpressure/histogram.h"
#include "backpressure/scenario.h"
#include "backpressure/series.h"
#include "backpressure/time.h"

namespace bp {

class World;

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
};

struct RequestTotals {
  std::uint64_t ok = 0, failed = 0;
  std::uint64_t timeouts = 0, server_busy = 0, no_server = 0, queue_full = 0, rate_limited = 0;
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
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  void advance(std::int64_t steps = 1);
  // Advances whole steps until now() >= t (or the run ends).
  void run_until(SimTime t);
  void run_to_end() { run_until(duration()); }
  bool finished() const { return now() >= duration(); }

  // --- commands: the only way to change a running simulation
  // Checks a command against the current design; returns why it would be
  // refused, or "" when it is valid.
  std::string check(const Command& command) const;
  // Validates now and applies at the next step boundary. Returns "" when
  // accepted, otherwise the reason; a refused command changes nothing.
  std::string submit(Command command);
  // Commands to submit as the run reaches their steps (a script or a log).
  // A command refused when its step comes throws an InputError naming
  // `source` and the command's index.
  void set_script(std::vector<ScriptedCommand> script, std::string source = "command script");
  const std::vector<Command>& command_log() const { return log_; }

  SimTime now() const;
  std::int64_t step_index() const;
  SimTime step() const { return scenario_.step; }
  SimTime duration() const { return scenario_.duration; }
  std::uint64_t seed() const { return seed_; }
  const Scenario& scenario() const { return scenario_; }

  std::vector<ComponentStatus> components() const;
  RequestTotals totals() const;
  const std::deque<Series>& series() const;
  const Series* find_series(const std::string& component, const std::string& name) const;
  std::uint64_t events_processed() const;
  std::size_t live_requests() const;
  // Every alert episode so far, in firing order; paging() ones await an
  // "ack_alert" command.
  const std::vector<AlertEpisode>& alerts() const;

  // The run's report (schema in docs/report-format.md).
  nlohmann::json report() const;

 private:
  Scenario scenario_;
  std::uint64_t seed_;
  std::unique_ptr<World> world_;
  void apply_due_commands();
  std::vector<Command> pending_;
  std::vector<ScriptedCommand> script_;
  std::size_t script_next_ = 0;
  std::string script_source_;
  std::vector<Command> log_;
};

}  // namespace bp
