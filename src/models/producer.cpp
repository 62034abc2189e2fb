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
      to_offer_(incident.count),
      gives_up_(incident.gives_up_when_limited),
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
  if (!running_ || paused_ || remaining_ == 0) return;
  // Once everything is offered, ticks go on only to send what is held.
  const SimTime next = to_offer_ > 0 ? world.now + interval_ : std::max(retry_at_, world.now + interval_);
  world.schedule(next, index(), kPublish, epoch_);
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
  if (to_offer_ > 0) {
    --to_offer_;
    held_.push_back(world.now);
    count_arrival();
  }
  send_held(world);
  finish_if_done(world);
  schedule_next(world);
}

void Producer::send_held(World& world) {
  while (!held_.empty() && world.now >= retry_at_ && waiting_ < kMaxWaiting) {
    if (!bucket_.take(world.now)) {
      ++rate_limited_;
      if (gives_up_) {
        held_.pop_front();
        --remaining_;
        ++gave_up_;
        count_error();
        continue;
      }
      retry_at_ = world.now + backoff_;
      backoff_ = std::min(2 * backoff_, kBackoffCap);
      return;
    }
    backoff_ = kBackoffBase;
    const SimTime offered = held_.front();
    held_.pop_front();
    send(world, offered);
  }
}

void Producer::send(World& world, SimTime offered) {
  switch (queue_->offer(world, job_type_, index(), offered)) {
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
}

const std::string& Producer::target_queue() const { return queue_->id(); }

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
  out["gave_up"] = gave_up_;
  out["held_at_end"] = held_.size();
  out["rate_limit_per_s"] = limit_.per_second;
}

void Producer::relink(const Relink& r) {
  Component::relink(r);
  r(queue_);
}

}  // namespace bp
