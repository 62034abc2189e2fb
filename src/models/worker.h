#pragma once
// Worker: instances, each running up to `concurrency` jobs at once, fed by
// the queue that points at it. A job takes its processing time, then makes
// its database writes on a connection from the instance's own pool.
//
// Each instance asks the primary for `db_pool` long-lived connections when it
// starts. Past the primary's connection limit it gets fewer, or none: its
// jobs then wait for a pooled connection and fail after `pool_timeout`. The
// runbook's safe-scaling rule is a consequence of this, not a special case.
//
// The instance count is the `instances` setting, changed by a player's
// command or by the autoscaler through the same settings change. A launched
// instance is billed and fills its pool at once, but takes jobs only after
// `cold_start`.
#include <deque>
#include <vector>

#include "models/instance_fleet.h"
#include "models/query_target.h"
#include "models/queue.h"
#include "world/component.h"

namespace bp {

class Postgres;
class Queue;

class Worker : public Component {
 public:
  Worker(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month);
  std::unique_ptr<Component> clone() const override { return std::make_unique<Worker>(*this); }
  void relink(const Relink& r) override;

  void configure(World& world, const Settings& settings) override;
  void wire(World& world, const ComponentSpec& spec) override;
  bool has_capacity() const;
  // The queue hands over a job; has_capacity() must be true.
  void take(World& world, JobId id);

  void on_event(World& world, const Event& event) override;
  void on_step_end(World& world) override;
  void apply_scaling(World& world) override;
  // Added mid-run: its instances launch through their cold start.
  void start_mid_run(World& world, const Settings& settings) override;
  // Removed: every instance goes at once, as in a crash, so its jobs go back
  // to its queue and its connections back to the database.
  std::string shut_down(World& world) override;
  std::int64_t units() const override { return fleet_.active(); }
  std::int64_t capacity() const override;
  std::int64_t queued() const override;
  void report(nlohmann::json& out) const override;

  std::int64_t pooled_connections() const;
  // Per-instance views for displays and tests.
  std::size_t instance_count() const { return fleet_.size(); }
  bool starting(std::size_t i) const { return fleet_[i].starting; }
  bool retired(std::size_t i) const { return fleet_[i].retired; }
  std::int64_t jobs_on(std::size_t i) const { return fleet_[i].busy; }
  std::int64_t pool_of(std::size_t i) const { return fleet_[i].pool; }

  // Incidents. A crash takes up to `count` running instances down (returns
  // how many): their jobs go back to the queue and their pooled connections
  // back to the database.
  std::int64_t crash(World& world, std::int64_t count);
  void recover(World& world, std::int64_t count);
  // Multiplies every attempt's processing time (slow_processing); 1 is normal.
  void set_job_time_factor(double factor) { slowdown_ = factor; }
  double job_time_factor() const { return slowdown_; }

  static constexpr std::uint32_t kWorkDone = 1;
  static constexpr std::uint32_t kReady = 2;  // a launched instance finished its cold start

 private:
  struct PoolWaiter {
    JobId job;
    SimTime deadline;
  };
  // What one instance holds. A retired instance finishes its jobs, then
  // gives back its pool; one in its cold start holds its pool, takes no jobs.
  struct Work {
    std::int64_t busy = 0;
    std::int64_t pool = 0, pool_busy = 0;
    std::deque<PoolWaiter> pool_wait;
  };
  using Instance = InstanceFleet<Work>::Instance;
  void abandon(World& world, JobId id);
  static Queue* home_queue(World& world, JobId id);
  void evaluate_scaling(World& world);

  void start_writes(World& world, JobId id);
  void fill_pools();
  void return_connection(World& world, Instance& inst);
  void trim_retired_pool(World& world, Instance& inst);
  void finish(World& world, JobId id, JobOutcome outcome);

  InstanceFleet<Work> fleet_;
  std::int64_t concurrency_ = 1;
  double slowdown_ = 1;
  Distribution job_time_;
  double failure_rate_ = 0;
  std::int64_t db_pool_ = 0;
  std::int64_t db_writes_ = 0;
  SimTime pool_timeout_ = kSecond;
  RngStream rng_;
  Postgres* primary_ = nullptr;
  Queue* queue_ = nullptr;
  std::size_t next_instance_ = 0;
  std::uint64_t processed_ = 0, failed_ = 0, pool_timeouts_ = 0;
  Series* pool_series_;
  Series* instances_series_;
  // For root-cause analysis: instances up (not crashed), and the mean time
  // from taking a job to finishing it, over the jobs done in the step.
  Series* healthy_series_;
  Series* job_time_series_;
  double step_job_time_sum_ = 0;
  std::uint64_t step_jobs_done_ = 0;
};

}  // namespace bp
