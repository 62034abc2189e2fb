#include "models/producer.h"

#include <algorithm>

#include "models/queue.h"

namespace bp {

namespace {
constexpr std::uint32_t kPublish = 1;
}

Producer::Producer(World& world, const ComponentSpec& spec, std::uint32_t index, const IncidentSpec& incident)
    : Component(world, spec, index, 0.0),
      queue_(dynamic_cast<Queue*>(&world.component(world.index_of(incident.target)))),
      job_type_(incident.job),
      remaining_(incident.count),
      interval_(std::max<SimTime>(1, static_cast<SimTime>(static_cast<double>(kSecond) / incident.per_second))) {
  set_rate_limit(world, incident.rate_limit);
}

void Producer::set_rate_limit(World& world, const RateLimit& limit) {
  limit_ = limit;
  bucket_.configure(limit.per_second, limit.effective_burst(), world.now);
}

void Producer::begin(World& world) {
  running_ = true;
  schedule_next(world);
}

void Producer::stop(World&) {
  running_ = false;
  ++epoch_;
}

void Producer::set_paused(World& world, bool paused) {
  if (paused == paused_) return;
  paused_ = paused;
  ++epoch_;
  if (!paused_) schedule_next(world);
}

void Producer::schedule_next(World& world) {
  if (running_ && !paused_ && remaining_ > 0) world.schedule(world.now + interval_, index(), kPublish, epoch_);
}

void Producer::on_event(World& world, const Event& event) {
  if (event.kind == kProducerAdmitted || event.kind == kProducerRefused) {
    --waiting_;
    if (event.kind == kProducerAdmitted) {
      ++sent_;
      count_completion();
    } else {
      ++refused_;
      count_error();
    }
    finish_if_done(world);
    return;
  }
  if (event.data != epoch_ || !running_ || paused_ || remaining_ == 0) return;
  if (waiting_ >= kMaxWaiting) {
    ++blocked_ticks_;  // every connection is waiting on the broker: try again next tick
    schedule_next(world);
    return;
  }
  count_arrival();
  if (!bucket_.take(world.now)) {
    ++rate_limited_;
    --remaining_;
    count_error();
    finish_if_done(world);
    schedule_next(world);
    return;
  }
  switch (queue_->offer(world, job_type_, index())) {
    case OfferResult::Accepted:
      ++sent_;
      --remaining_;
      count_completion();
      break;
    case OfferResult::Refused:
      ++refused_;
      --remaining_;
      count_error();
      break;
    case OfferResult::Blocked:
      // Handed over; it waits in the queue's line and is counted when admitted.
      --remaining_;
      ++waiting_;
      break;
  }
  finish_if_done(world);
  schedule_next(world);
}

void Producer::finish_if_done(World& world) {
  // The upload is over once no job is left to send and none waits in the
  // broker's line.
  if (finished_at_ < 0 && remaining_ == 0 && waiting_ == 0) finished_at_ = world.now;
}

void Producer::report(nlohmann::json& out) const {
  out["sent"] = sent_;
  out["refused"] = refused_;
  out["blocked_attempts"] = blocked_ticks_;
  out["unsent"] = remaining_;
  out["waiting_in_line"] = waiting_;
  out["rate_limited"] = rate_limited_;
  out["rate_limit_per_s"] = limit_.per_second;
}

void Producer::relink(const Relink& r) {
  Component::relink(r);
  r(queue_);
}

}  // namespace bp
