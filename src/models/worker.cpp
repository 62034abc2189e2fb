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
  fleet_.set_cold_start(settings.duration("cold_start"));
  fleet_.autoscaler.configure(settings, world.scenario.step);
  fleet_.set_wanted(
      world, index(), kReady, settings.integer("instances"), [](const Instance& inst) { return inst.busy > 0; },
      [&](Instance& inst) {
        if (inst.retired) trim_retired_pool(world, inst);
      });
  fill_pools();
  if (queue_) queue_->dispatch(world);
}

void Worker::fill_pools() {
  // Each running instance tops its pool up to db_pool with whatever the
  // primary can still grant.
  if (!primary_ || db_writes_ == 0) return;
  for (auto& inst : fleet_) {
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
    for (auto& inst : fleet_) {
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
  fleet_.start_mid_run();
  configure(world, settings);
}

std::string Worker::shut_down(World& world) {
  const std::int64_t held = in_system.level();
  crash(world, static_cast<std::int64_t>(fleet_.size()));
  fleet_.retire_all();
  if (held == 0) return "";
  return queue_ ? fmt::format("{} jobs in progress go back to queue \"{}\"", held, queue_->id())
                : fmt::format("{} jobs in progress go back to the queues they came from", held);
}

std::int64_t Worker::capacity() const {
  std::int64_t accepting = 0;
  for (const auto& inst : fleet_) accepting += inst.accepting();
  return accepting * concurrency_;
}

bool Worker::has_capacity() const {
  for (const auto& inst : fleet_)
    if (inst.accepting() && inst.busy < concurrency_) return true;
  return false;
}

std::int64_t Worker::queued() const {
  std::int64_t q = 0;
  for (const auto& inst : fleet_) q += static_cast<std::int64_t>(inst.pool_wait.size());
  return q;
}

std::int64_t Worker::pooled_connections() const {
  std::int64_t c = 0;
  for (const auto& inst : fleet_) c += inst.pool;
  return c;
}

void Worker::take(World& world, JobId id) {
  // Spread jobs over instances in turn, skipping full ones.
  std::size_t chosen = 0;
  for (std::size_t k = 0; k < fleet_.size(); ++k) {
    const std::size_t i = (next_instance_ + k) % fleet_.size();
    if (fleet_[i].accepting() && fleet_[i].busy < concurrency_) {
      chosen = i;
      next_instance_ = i + 1;
      break;
    }
  }
  Job& job = world.job(id);
  job.taken = world.now;
  job.worker = index();
  job.instance = static_cast<std::uint32_t>(chosen);
  ++fleet_[chosen].busy;
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
    if (fleet_.ready(event.data) && queue_) queue_->dispatch(world);
    return;
  }
  const auto id = static_cast<JobId>(event.data);
  Job& job = world.job(id);
  Instance& inst = fleet_[job.instance];
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
  Instance& inst = fleet_[world.job(id).instance];
  --inst.busy;
  busy.change(world.now, -1);
  in_system.change(world.now, -1);
  if (Queue* home = home_queue(world, id)) home->redeliver(world, id);
  else world.free_job(id);
}

std::int64_t Worker::crash(World& world, std::int64_t count) {
  return fleet_.crash(count, [&](Instance& inst) {
    while (!inst.pool_wait.empty()) {
      const JobId id = inst.pool_wait.front().job;
      inst.pool_wait.pop_front();
      abandon(world, id);
    }
    if (primary_) {
      primary_->release_connections(world, inst.pool - inst.pool_busy);
      inst.pool = inst.pool_busy;
    }
  });
}

void Worker::recover(World& world, std::int64_t count) {
  fleet_.recover(count);
  fill_pools();
  if (queue_) queue_->dispatch(world);
}

void Worker::finish(World& world, JobId id, JobOutcome outcome) {
  const Job& job = world.job(id);
  Instance& inst = fleet_[job.instance];
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
  for (auto& inst : fleet_) {
    while (!inst.pool_wait.empty() && inst.pool_wait.front().deadline <= world.now) {
      const JobId id = inst.pool_wait.front().job;
      inst.pool_wait.pop_front();
      ++pool_timeouts_;
      finish(world, id, JobOutcome::DbTimeout);
    }
  }
  fill_pools();  // like a real pool, keep trying to reconnect what is missing
  if (fleet_.autoscaler.on()) evaluate_scaling(world);
  pool_series_->push(static_cast<double>(pooled_connections()));
  instances_series_->push(static_cast<double>(fleet_.active()));
  std::int64_t up = 0;
  for (const auto& inst : fleet_) up += inst.running();
  healthy_series_->push(static_cast<double>(up));
  job_time_series_->push(step_jobs_done_ ? step_job_time_sum_ / static_cast<double>(step_jobs_done_) / kMillisecond
                                         : std::nan(""));
  step_job_time_sum_ = 0;
  step_jobs_done_ = 0;
}

void Worker::evaluate_scaling(World& world) {
  Autoscaler& autoscaler = fleet_.autoscaler;
  if (autoscaler.metric() == Autoscaler::Metric::Off) return;
  fleet_.consider_scaling(world, index(), [&] {
    switch (autoscaler.metric()) {
      case Autoscaler::Metric::QueueDepth: return queue_ ? static_cast<double>(queue_->depth()) : 0.0;
      case Autoscaler::Metric::OldestAge: return queue_ ? to_seconds(queue_->oldest_age(world.now)) : 0.0;
      case Autoscaler::Metric::Utilization:
        return autoscaler.average_utilization(step_busy_share(world.now, world.scenario.step));
      case Autoscaler::Metric::Off: break;
    }
    return 0.0;
  });
}

void Worker::apply_scaling(World& world) {
  // Exactly what a player's `set instances` does: pools are reserved from the
  // primary's budget, cold starts begin, retired instances drain.
  change_settings(world, {{"instances", fleet_.scale_to()}});
}

void Worker::report(nlohmann::json& out) const {
  out["processed"] = processed_;
  out["failed"] = failed_;
  out["pool_timeouts"] = pool_timeouts_;
  out["pooled_connections"] = pooled_connections();
  out["concurrency"] = concurrency_;
  fleet_.autoscaler.report(out, fleet_.active());
}

void Worker::relink(const Relink& r) {
  Component::relink(r);
  r(primary_);
  r(queue_);
  for (Series** s : {&pool_series_, &instances_series_, &healthy_series_, &job_time_series_}) r(*s);
}

}  // namespace bp
