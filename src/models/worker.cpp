#include "models/worker.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "models/postgres.h"
#include "models/queue.h"

namespace bp {

Worker::Worker(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month)
    : Component(world, spec, index, cost_per_month),
      rng_(world.stream(spec.id)),
      pool_series_(&world.add_series(spec.id, "pooled_connections", "connections")),
      instances_series_(&world.add_series(spec.id, "instances", "instances")),
      healthy_series_(&world.add_series(spec.id, "healthy", "instances")),
      job_time_series_(&world.add_series(spec.id, "job_time", "ms")) {}

void Worker::configure(World& world, const Settings& settings) {
  concurrency_ = settings.integer("concurrency");
  job_time_ = settings.dist("job_time");
  failure_rate_ = settings.number("failure_rate");
  db_pool_ = settings.integer("db_pool");
  db_writes_ = settings.integer("db_writes");
  pool_timeout_ = settings.duration("pool_timeout");
  cold_start_ = settings.duration("cold_start");
  autoscaler_.configure(settings, world.scenario.step);
  // Scaling down retires the newest instances; scaling up brings retired
  // ones back before adding new ones, so instance numbers stay stable.
  const auto wanted = settings.integer("instances");
  if (configured_ && wanted != active_) autoscaler_.record(world.now, active_, wanted);
  while (static_cast<std::int64_t>(instances_.size()) < wanted) {
    instances_.emplace_back();
    instances_.back().retired = true;  // launched below, like a revived one
  }
  for (std::size_t i = 0; i < instances_.size(); ++i) {
    Instance& inst = instances_[i];
    const bool keep = static_cast<std::int64_t>(i) < wanted;
    if (keep && inst.retired) launch(world, i);
    inst.retired = !keep;
    if (inst.retired) trim_retired_pool(world, inst);
  }
  active_ = wanted;
  configured_ = true;
  fill_pools();
  if (queue_) queue_->dispatch(world);
}

void Worker::launch(World& world, std::size_t i) {
  Instance& inst = instances_[i];
  inst.retired = false;
  // The design's own instances are up when the run starts. A retired one
  // still finishing jobs was never shut down, so it simply stays; one that
  // had drained was, and bringing it back is a new launch.
  if (!configured_ || cold_start_ == 0 || inst.busy > 0) {
    inst.starting = false;
    return;
  }
  inst.starting = true;
  ++inst.launches;
  world.schedule(world.now + cold_start_, index(), kReady, (std::uint64_t{inst.launches} << 32) | i);
}

void Worker::fill_pools() {
  // Each running instance tops its pool up to db_pool with whatever the
  // primary can still grant.
  if (!primary_ || db_writes_ == 0) return;
  for (auto& inst : instances_) {
    if (!inst.running() || inst.pool >= db_pool_) continue;
    inst.pool += primary_->reserve_connections(db_pool_ - inst.pool);
  }
}

void Worker::return_connection(World& world, Instance& inst) {
  if (!inst.pool_wait.empty()) {
    // Hand the connection straight to the next job waiting for one.
    const JobId next = inst.pool_wait.front().job;
    inst.pool_wait.pop_front();
    start_writes(world, next);
    return;
  }
  --inst.pool_busy;
  // A retired instance's pool shrinks as its jobs finish (finish()); a
  // crashed one gives everything back; a running one keeps db_pool.
  if (inst.down || (!inst.retired && inst.pool > db_pool_)) {
    --inst.pool;
    if (primary_) primary_->release_connections(world, 1);
  }
}

void Worker::trim_retired_pool(World& world, Instance& inst) {
  // A retired instance gives back the connections none of its remaining jobs
  // can use. It must keep one per job still running: a job between its
  // processing and its writes would otherwise wait for a connection its own
  // instance had just returned, and fail with a pool timeout.
  if (!primary_) return;
  const std::int64_t keep = std::min(inst.pool, inst.busy);
  if (inst.pool > keep) {
    primary_->release_connections(world, inst.pool - keep);
    inst.pool = keep;
  }
}

void Worker::wire(World& world, const ComponentSpec& spec) {
  Postgres* primary = nullptr;
  for (const auto& target : spec.targets)
    if (auto* pg = dynamic_cast<Postgres*>(&world.component(world.index_of(target)))) primary = pg;
  if (primary_ && primary != primary_) {
    // Disconnected from its database (allowed only once it writes nothing):
    // the idle pooled connections go back to where they came from.
    for (auto& inst : instances_) {
      primary_->release_connections(world, inst.pool - inst.pool_busy);
      inst.pool = inst.pool_busy;
    }
  }
  primary_ = primary;
  queue_ = nullptr;
  for (std::uint32_t i = 0; i < world.component_count(); ++i)
    if (auto* q = dynamic_cast<Queue*>(&world.component(i)); q && !world.removed(i))
      for (const auto& t : world.spec(i).targets)
        if (t == id()) queue_ = q;
  fill_pools();
}

Queue* Worker::home_queue(World& world, JobId id) {
  // The queue the job came from hears how it went, even if a design change
  // has since disconnected or removed it (a removed one counts it as lost).
  const std::uint32_t q = world.job(id).queue;
  return q == kNone ? nullptr : dynamic_cast<Queue*>(&world.component(q));
}

void Worker::start_mid_run(World& world, const Settings& settings) {
  // As if scaled out from nothing: billed at once, working after cold_start.
  configured_ = true;
  configure(world, settings);
}

std::string Worker::shut_down(World& world) {
  const std::int64_t held = in_system.level();
  crash(world, static_cast<std::int64_t>(instances_.size()));
  for (auto& inst : instances_) inst.retired = true;  // a recovery must not revive it
  active_ = 0;
  if (held == 0) return "";
  return queue_ ? fmt::format("{} jobs in progress go back to queue \"{}\"", held, queue_->id())
                : fmt::format("{} jobs in progress go back to the queues they came from", held);
}

std::int64_t Worker::capacity() const {
  std::int64_t accepting = 0;
  for (const auto& inst : instances_) accepting += inst.accepting();
  return accepting * concurrency_;
}

bool Worker::has_capacity() const {
  for (const auto& inst : instances_)
    if (inst.accepting() && inst.busy < concurrency_) return true;
  return false;
}

std::int64_t Worker::queued() const {
  std::int64_t q = 0;
  for (const auto& inst : instances_) q += static_cast<std::int64_t>(inst.pool_wait.size());
  return q;
}

std::int64_t Worker::pooled_connections() const {
  std::int64_t c = 0;
  for (const auto& inst : instances_) c += inst.pool;
  return c;
}

void Worker::take(World& world, JobId id) {
  // Spread jobs over instances in turn, skipping full ones.
  std::size_t chosen = 0;
  for (std::size_t k = 0; k < instances_.size(); ++k) {
    const std::size_t i = (next_instance_ + k) % instances_.size();
    if (instances_[i].accepting() && instances_[i].busy < concurrency_) {
      chosen = i;
      next_instance_ = i + 1;
      break;
    }
  }
  Job& job = world.job(id);
  job.taken = world.now;
  job.worker = index();
  job.instance = static_cast<std::uint32_t>(chosen);
  ++instances_[chosen].busy;
  busy.change(world.now, +1);
  in_system.change(world.now, +1);
  count_arrival();
  SimTime work = job_time_.sample(rng_);
  if (slowdown_ != 1.0) work = static_cast<SimTime>(static_cast<double>(work) * slowdown_);
  world.schedule(world.now + work, index(), kWorkDone, id);
}

void Worker::start_writes(World& world, JobId id) {
  Job& job = world.job(id);
  job.writes_left = static_cast<std::uint16_t>(db_writes_);
  primary_->job_query(world, id, QueryKind::Write);
}

void Worker::on_event(World& world, const Event& event) {
  if (event.kind == kReady) {
    Instance& inst = instances_[event.data & 0xffffffffu];
    if (inst.starting && inst.launches == event.data >> 32) {
      inst.starting = false;
      if (queue_) queue_->dispatch(world);
    }
    return;
  }
  const auto id = static_cast<JobId>(event.data);
  Job& job = world.job(id);
  Instance& inst = instances_[job.instance];
  if (event.kind == kWorkDone) {
    if (inst.down) {
      abandon(world, id);
      return;
    }
    // A failing attempt fails in its processing, before it writes anything.
    JobOutcome outcome = JobOutcome::Done;
    if (job.poison) outcome = JobOutcome::Poison;
    else if (world.job_effects[job.type].outages > 0) outcome = JobOutcome::Downstream;
    else if (failure_rate_ > 0 && rng_.uniform01() < failure_rate_) outcome = JobOutcome::Failed;
    if (outcome != JobOutcome::Done || db_writes_ == 0 || !primary_) {
      finish(world, id, outcome);
    } else if (inst.pool_busy < inst.pool) {
      ++inst.pool_busy;
      start_writes(world, id);
    } else {
      inst.pool_wait.push_back({id, world.now + pool_timeout_});
    }
    return;
  }
  if (event.kind == kCallDone) {
    if (--job.writes_left > 0 && primary_) {
      primary_->job_query(world, id, QueryKind::Write);
      return;
    }
    return_connection(world, inst);
    if (inst.down) {
      abandon(world, id);
      return;
    }
    finish(world, id, JobOutcome::Done);
  }
}

void Worker::abandon(World& world, JobId id) {
  // The instance died under the job: the broker never got an acknowledgement
  // and hands the job to someone else.
  Instance& inst = instances_[world.job(id).instance];
  --inst.busy;
  busy.change(world.now, -1);
  in_system.change(world.now, -1);
  if (Queue* home = home_queue(world, id)) home->redeliver(world, id);
  else world.free_job(id);
}

std::int64_t Worker::crash(World& world, std::int64_t count) {
  const std::int64_t asked = count;
  for (auto i = static_cast<std::int64_t>(instances_.size()) - 1; i >= 0 && count > 0; --i) {
    Instance& inst = instances_[static_cast<std::size_t>(i)];
    if (!inst.running()) continue;
    inst.down = true;
    --count;
    while (!inst.pool_wait.empty()) {
      const JobId id = inst.pool_wait.front().job;
      inst.pool_wait.pop_front();
      abandon(world, id);
    }
    if (primary_) {
      primary_->release_connections(world, inst.pool - inst.pool_busy);
      inst.pool = inst.pool_busy;
    }
  }
  return asked - count;
}

void Worker::recover(World& world, std::int64_t count) {
  for (auto& inst : instances_) {
    if (count == 0) break;
    if (inst.down) {
      inst.down = false;
      --count;
    }
  }
  fill_pools();
  if (queue_) queue_->dispatch(world);
}

void Worker::finish(World& world, JobId id, JobOutcome outcome) {
  const Job& job = world.job(id);
  Instance& inst = instances_[job.instance];
  --inst.busy;
  if (inst.retired) trim_retired_pool(world, inst);
  busy.change(world.now, -1);
  in_system.change(world.now, -1);
  if (outcome == JobOutcome::Done) {
    ++processed_;
    count_completion();
    step_job_time_sum_ += static_cast<double>(world.now - job.taken);
    ++step_jobs_done_;
  } else {
    ++failed_;
    count_error();
  }
  if (Queue* home = home_queue(world, id)) home->job_finished(world, id, outcome);
  else world.free_job(id);
  if (queue_) queue_->dispatch(world);
}

void Worker::on_step_end(World& world) {
  // Pool waits share one timeout, so the expired ones are always at the front.
  for (auto& inst : instances_) {
    while (!inst.pool_wait.empty() && inst.pool_wait.front().deadline <= world.now) {
      const JobId id = inst.pool_wait.front().job;
      inst.pool_wait.pop_front();
      ++pool_timeouts_;
      finish(world, id, JobOutcome::DbTimeout);
    }
  }
  fill_pools();  // like a real pool, keep trying to reconnect what is missing
  if (autoscaler_.on()) evaluate_scaling(world);
  pool_series_->push(static_cast<double>(pooled_connections()));
  instances_series_->push(static_cast<double>(active_));
  std::int64_t up = 0;
  for (const auto& inst : instances_) up += inst.running();
  healthy_series_->push(static_cast<double>(up));
  job_time_series_->push(step_jobs_done_ ? step_job_time_sum_ / static_cast<double>(step_jobs_done_) / kMillisecond
                                         : std::nan(""));
  step_job_time_sum_ = 0;
  step_jobs_done_ = 0;
}

void Worker::evaluate_scaling(World& world) {
  // Nothing runs after the last boundary, so a decision there would only
  // bill an instance that never works.
  if (world.now >= world.scenario.duration) return;
  double value = 0;
  switch (autoscaler_.metric()) {
    case Autoscaler::Metric::QueueDepth: value = queue_ ? static_cast<double>(queue_->depth()) : 0.0; break;
    case Autoscaler::Metric::OldestAge: value = queue_ ? to_seconds(queue_->oldest_age(world.now)) : 0.0; break;
    case Autoscaler::Metric::Utilization:
      value = autoscaler_.average_utilization(step_busy_share(world.now, world.scenario.step));
      break;
    case Autoscaler::Metric::Off: return;
  }
  scale_to_ = autoscaler_.decide(world.now, active_, value);
  if (scale_to_ != active_) world.defer_scaling(index());
}

void Worker::apply_scaling(World& world) {
  // Exactly what a player's `set instances` does: pools are reserved from the
  // primary's budget, cold starts begin, retired instances drain.
  change_settings(world, {{"instances", scale_to_}});
}

void Worker::report(nlohmann::json& out) const {
  out["processed"] = processed_;
  out["failed"] = failed_;
  out["pool_timeouts"] = pool_timeouts_;
  out["pooled_connections"] = pooled_connections();
  out["concurrency"] = concurrency_;
  autoscaler_.report(out, active_);
}

void Worker::relink(const Relink& r) {
  Component::relink(r);
  r(primary_);
  r(queue_);
  for (Series** s : {&pool_series_, &instances_series_, &healthy_series_, &job_time_series_}) r(*s);
}

}  // namespace bp
