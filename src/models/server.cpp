#include "models/server.h"

#include <fmt/format.h>

#include "models/postgres.h"
#include "models/queue.h"
#include "models/redis.h"
#include "models/replica.h"
#include "models/telemetry_sink.h"

namespace bp {

Server::Server(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month)
    : Component(world, spec, index, cost_per_month),
      rng_(world.stream(spec.id)),
      instances_series_(&world.add_series(spec.id, "instances", "instances")) {}

void Server::configure(World& world, const Settings& settings) {
  slots_ = settings.integer("slots");
  cpu_ = settings.dist("cpu");
  timeout_ = settings.duration("timeout");
  queue_limit_ = settings.integer("queue_limit");
  fleet_.set_cold_start(settings.duration("cold_start"));
  fleet_.autoscaler.configure(settings, world.scenario.step);
  fleet_.set_wanted(
      world, index(), kReady, settings.integer("instances"),
      [](const Instance& inst) { return inst.busy > 0 || inst.live_waiters > 0; }, [](Instance&) {});
  // More slots may free room for waiting requests at once.
  for (auto& inst : fleet_) pull_waiters(world, inst);
}

std::int64_t Server::capacity() const {
  std::int64_t ready = 0;
  for (const auto& inst : fleet_) ready += !inst.retired && !inst.starting;
  return ready * slots_;
}

void Server::wire(World& world, const ComponentSpec& spec) {
  cache_ = nullptr;
  primary_ = reader_ = nullptr;
  queue_ = nullptr;
  telemetry_sink_ = nullptr;
  for (const auto& target : spec.targets) {
    Component& c = world.component(world.index_of(target));
    if (auto* redis = dynamic_cast<Redis*>(&c)) cache_ = redis;
    if (auto* pg = dynamic_cast<Postgres*>(&c)) primary_ = pg;
    if (auto* replica = dynamic_cast<Replica*>(&c)) reader_ = replica;
    if (auto* queue = dynamic_cast<Queue*>(&c)) queue_ = queue;
    if (auto* sink = dynamic_cast<TelemetrySink*>(&c)) telemetry_sink_ = sink;
  }
  if (!reader_) reader_ = primary_;
}

std::int64_t Server::queued() const {
  std::int64_t q = 0;
  for (const auto& i : fleet_) q += i.live_waiters;
  return q;
}

void Server::accept(World& world, RequestId id, std::uint32_t instance) {
  count_arrival();
  Request& r = world.request(id);
  if (instance >= fleet_.size() || !healthy(instance)) {
    count_error();
    world.answer_error(id, ErrorReason::NoServer, world.now - r.born);
    world.free_request(id);
    return;
  }
  if (!world.admit_action(r.action)) {
    // Over the action's rate limit: refused before it takes a slot, the
    // "slow down" a limiter in front of the handlers gives.
    ++rate_limited_;
    count_error();
    world.answer_error(id, ErrorReason::RateLimited, world.now - r.born);
    world.free_request(id);
    return;
  }
  r.server = index();
  r.instance = instance;
  r.epoch = fleet_[instance].epoch;
  Instance& inst = fleet_[instance];
  if (inst.busy < slots_) {
    in_system.change(world.now, +1);
    if (timeout_ > 0) {
      r.deadline = r.born + timeout_;
      by_deadline_.push_back(world.ref(id));
    }
    start(world, id);
    return;
  }
  if (queue_limit_ > 0 && inst.live_waiters >= queue_limit_) {
    // Refused at the door: a fast 503 rather than a long wait.
    ++rejected_;
    count_error();
    world.answer_error(id, ErrorReason::ServerBusy, world.now - r.born);
    world.free_request(id);
    return;
  }
  in_system.change(world.now, +1);
  if (timeout_ > 0) {
    r.deadline = r.born + timeout_;
    by_deadline_.push_back(world.ref(id));
  }
  ++inst.live_waiters;
  inst.waiting.push_back(world.ref(id));
  r.waiting_at = index();
}

void Server::start(World& world, RequestId id) {
  ++fleet_[world.request(id).instance].busy;
  busy.change(world.now, +1);
  world.schedule(world.now + cpu_.sample(rng_), index(), kCpuDone, id);
}

void Server::on_event(World& world, const Event& event) {
  const auto id = static_cast<RequestId>(event.data);
  switch (event.kind) {
    case kReady:
      fleet_.ready(event.data);  // the balancer sees a healthy instance from now on
      return;
    case kArrive: accept(world, id, world.request(id).instance); return;
    case kCacheMiss:
      if (check_deadline(world, id)) return;
      if (reader_) reader_->query(world, id, QueryKind::Read, index());
      else fail_not_connected(world, id);
      return;
    case kCallFailed:
      // The queue refused the job: the action fails fast with a "slow down".
      if (!world.request(id).timed_out) {
        count_error();
        world.answer_error(id, ErrorReason::QueueFull, world.now - world.request(id).born);
      }
      release(world, id);
      return;
    case kCpuDone:
    case kCallDone:
      if (!check_deadline(world, id)) next_call(world, id);
      return;
    default: return;
  }
}

bool Server::check_deadline(World& world, RequestId id) {
  // Every checkpoint of the handler looks at the clock, so a request that
  // overran its deadline fails as a timeout even between two sweeps.
  Request& r = world.request(id);
  if (!r.timed_out && r.epoch != fleet_[r.instance].epoch) {
    // Its instance crashed while it was being handled: the connection drops.
    r.timed_out = true;
    count_error();
    world.answer_error(id, ErrorReason::NoServer, world.now - r.born);
  }
  if (!r.timed_out && r.deadline > 0 && world.now > r.deadline) {
    r.timed_out = true;
    ++timeouts_;
    count_error();
    world.answer_error(id, ErrorReason::Timeout, r.deadline - r.born);
  }
  if (!r.timed_out) return false;
  release(world, id);
  return true;
}

void Server::next_call(World& world, RequestId id) {
  Request& r = world.request(id);
  const ActionSpec& action = world.scenario.traffic.actions[r.action];
  const auto& calls = action.calls;
  if (r.repeats_left == 0) {
    if (r.next_call < calls.size()) {
      r.repeats_left = static_cast<std::uint16_t>(calls[r.next_call].count);
      ++r.next_call;
    } else if (r.next_call == calls.size() && action.telemetry > 0) {
      // After its calls the handler emits its telemetry: handed to a sink
      // when one is wired (the client buffers it, nobody waits), else
      // written row by row to the primary, in the request's own time.
      ++r.next_call;
      telemetry_events_ += static_cast<std::uint64_t>(action.telemetry);
      if (telemetry_sink_) telemetry_sink_->emit(world, action.telemetry);
      else r.repeats_left = static_cast<std::uint16_t>(action.telemetry);
    }
    if (r.repeats_left == 0) {
      count_completion();
      world.answer_ok(id);
      release(world, id);
      return;
    }
  }
  --r.repeats_left;
  if (r.next_call > calls.size()) {
    if (!primary_) return fail_not_connected(world, id);
    ++telemetry_db_writes_;
    primary_->query(world, id, QueryKind::Write, index());
    return;
  }
  const CallSpec& call = calls[r.next_call - 1];
  if (call.kind == CallSpec::Kind::Enqueue) {
    if (queue_) queue_->publish(world, id, call.job, index());
    else fail_not_connected(world, id);
  } else if (call.kind == CallSpec::Kind::Write) {
    if (primary_) primary_->query(world, id, QueryKind::Write, index());
    else fail_not_connected(world, id);
  } else if (cache_ && call.cacheable) {
    cache_->lookup(world, id, index());
  } else if (reader_) {
    reader_->query(world, id, QueryKind::Read, index());
  } else {
    fail_not_connected(world, id);
  }
}

void Server::fail_not_connected(World& world, RequestId id) {
  // Only a design change mid-run leaves a server without what its actions
  // need; the loader refuses such a design.
  count_error();
  world.answer_error(id, ErrorReason::NotConnected, world.now - world.request(id).born);
  release(world, id);
}

void Server::start_mid_run(World& world, const Settings& settings) {
  // As if scaled out from nothing: billed at once, serving after cold_start.
  fleet_.start_mid_run();
  configure(world, settings);
}

std::string Server::shut_down(World& world) {
  const std::int64_t held = in_system.level();
  for (auto& inst : fleet_) {
    inst.retired = false;  // a draining instance goes too
    inst.down = false;
  }
  crash(world, static_cast<std::int64_t>(fleet_.size()));
  // The crash failed the waiting requests; the ones being handled fail now
  // too, as a timeout would end them: the user has the error at once, and
  // the handler lets go of its slot when its current call returns.
  for (const RequestId id : world.live_request_ids()) {
    Request& r = world.request(id);
    if (r.server != index() || r.answered) continue;
    r.timed_out = true;
    count_error();
    world.answer_error(id, ErrorReason::NoServer, world.now - r.born);
    if (r.waiting_at != kNone) world.component(r.waiting_at).on_abandoned(world, id);
  }
  fleet_.retire_all();
  return held > 0 ? fmt::format("{} requests in flight fail (no_server)", held) : "";
}

void Server::release(World& world, RequestId id) {
  const std::uint32_t instance = world.request(id).instance;
  Instance& inst = fleet_[instance];
  --inst.busy;
  busy.change(world.now, -1);
  in_system.change(world.now, -1);
  world.free_request(id);
  pull_waiters(world, inst);
}

void Server::pull_waiters(World& world, Instance& inst) {
  while (!inst.waiting.empty() && inst.busy < slots_) {
    const RequestRef next = inst.waiting.front();
    inst.waiting.pop_front();
    if (!world.is_current(next)) continue;  // timed out while waiting
    --inst.live_waiters;
    world.request(next.id).waiting_at = kNone;
    start(world, next.id);
  }
}

std::int64_t Server::crash(World& world, std::int64_t count) {
  return fleet_.crash(count, [&](Instance& inst) {
    ++inst.epoch;
    while (!inst.waiting.empty()) {
      const RequestRef ref = inst.waiting.front();
      inst.waiting.pop_front();
      if (!world.is_current(ref)) continue;
      Request& r = world.request(ref.id);
      --inst.live_waiters;
      in_system.change(world.now, -1);
      count_error();
      if (!r.answered) world.answer_error(ref.id, ErrorReason::NoServer, world.now - r.born);
      world.free_request(ref.id);
    }
  });
}

void Server::recover(World&, std::int64_t count) { fleet_.recover(count); }

void Server::on_abandoned(World& world, RequestId id) {
  // Timed out before it ever got a slot: it simply leaves the line.
  --fleet_[world.request(id).instance].live_waiters;
  in_system.change(world.now, -1);
  world.free_request(id);
}

void Server::sweep_timeouts(World& world) {
  while (!by_deadline_.empty()) {
    const RequestRef ref = by_deadline_.front();
    if (!world.is_current(ref) || world.request(ref.id).answered) {
      by_deadline_.pop_front();
      continue;
    }
    Request& r = world.request(ref.id);
    if (r.deadline > world.now) break;
    by_deadline_.pop_front();
    ++timeouts_;
    count_error();
    r.timed_out = true;
    world.answer_error(ref.id, ErrorReason::Timeout, r.deadline - r.born);
    if (r.waiting_at != kNone) world.component(r.waiting_at).on_abandoned(world, ref.id);
  }
}

void Server::on_step_end(World& world) {
  sweep_timeouts(world);
  // Servers scale on utilization only (the catalogue offers nothing else).
  if (fleet_.autoscaler.on())
    fleet_.consider_scaling(world, index(), [&] {
      return fleet_.autoscaler.average_utilization(step_busy_share(world.now, world.scenario.step));
    });
  instances_series_->push(static_cast<double>(fleet_.active()));
}

void Server::apply_scaling(World& world) {
  // Exactly what a player's `set instances` does.
  change_settings(world, {{"instances", fleet_.scale_to()}});
}

void Server::report(nlohmann::json& out) const {
  out["timeouts"] = timeouts_;
  out["rejected"] = rejected_;
  out["rate_limited"] = rate_limited_;
  out["telemetry_events"] = telemetry_events_;
  out["telemetry_db_writes"] = telemetry_db_writes_;
  out["slots"] = slots_;
  fleet_.autoscaler.report(out, fleet_.active());
}

void Server::relink(const Relink& r) {
  Component::relink(r);
  r(cache_);
  r(queue_);
  r(primary_);
  r(reader_);
  r(telemetry_sink_);
  r(instances_series_);
}

}  // namespace bp
