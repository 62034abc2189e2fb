#include "components/worker.h"

#include "components/postgres.h"
#include "components/queue.h"

namespace bp {

Worker::Worker(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month)
    : Component(world, spec, index, cost_per_month),
      rng_(world.stream(spec.id)),
      pool_series_(&world.add_series(spec.id, "pooled_connections", "connections")) {}

void Worker::configure(World& world, const Settings& settings) {
  concurrency_ = settings.integer("concurrency");
  job_time_ = settings.dist("job_time");
  failure_rate_ = settings.number("failure_rate");
  db_pool_ = settings.integer("db_pool");
  db_writes_ = settings.integer("db_writes");
  pool_timeout_ = settings.duration("pool_timeout");
  const auto wanted = settings.integer("instances");
  for (auto i = static_cast<std::int64_t>(instances_.size()); i < wanted; ++i) instances_.emplace_back();
  for (std::size_t i = 0; i < instances_.size(); ++i) {
    Instance& inst = instances_[i];
    inst.retired = static_cast<std::int64_t>(i) >= wanted;
    if (inst.retired && primary_) {
      // Idle pooled connections go back to the database now, busy ones as
      // their jobs finish (return_connection).
      primary_->release_connections(world, inst.pool - inst.pool_busy);
      inst.pool = inst.pool_busy;
    }
  }
  active_ = wanted;
  fill_pools();
  if (queue_) queue_->dispatch(world);
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
  if (!inst.running() || inst.pool > db_pool_) {
    --inst.pool;
    primary_->release_connections(world, 1);
  }
}

void Worker::wire(World& world, const ComponentSpec& spec) {
  for (const auto& target : spec.targets)
    if (auto* pg = dynamic_cast<Postgres*>(&world.component(world.index_of(target)))) primary_ = pg;
  for (std::uint32_t i = 0; i < world.component_count(); ++i)
    if (auto* q = dynamic_cast<Queue*>(&world.component(i)))
      for (const auto& t : world.scenario.components[i].targets)
        if (t == id()) queue_ = q;
  fill_pools();
}

std::int64_t Worker::capacity() const {
  std::int64_t running = 0;
  for (const auto& inst : instances_) running += inst.running();
  return running * concurrency_;
}

bool Worker::has_capacity() const {
  for (const auto& inst : instances_)
    if (inst.running() && inst.busy < concurrency_) return true;
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
    if (instances_[i].running() && instances_[i].busy < concurrency_) {
      chosen = i;
      next_instance_ = i + 1;
      break;
    }
  }
  Job& job = world.job(id);
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
    if (--job.writes_left > 0) {
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
  if (queue_) queue_->redeliver(world, id);
  else world.free_job(id);
}

void Worker::crash(World& world, std::int64_t count) {
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
  busy.change(world.now, -1);
  in_system.change(world.now, -1);
  if (outcome == JobOutcome::Done) {
    ++processed_;
    count_completion();
  } else {
    ++failed_;
    count_error();
  }
  if (queue_) {
    queue_->job_finished(world, id, outcome);
    queue_->dispatch(world);
  } else {
    world.free_job(id);
  }
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
  pool_series_->push(static_cast<double>(pooled_connections()));
}

void Worker::report(nlohmann::json& out) const {
  out["processed"] = processed_;
  out["failed"] = failed_;
  out["pool_timeouts"] = pool_timeouts_;
  out["pooled_connections"] = pooled_connections();
  out["concurrency"] = concurrency_;
}

}  // namespace bp
