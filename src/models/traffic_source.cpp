#include "models/traffic_source.h"

#include <algorithm>
#include <cmath>

#include "models/load_balancer.h"
#include "models/server.h"

namespace bp {

namespace {
constexpr std::uint32_t kArrival = 1;
constexpr std::uint32_t kRetry = kClientRetryEvent;

// std::ceil for the arrival clock (never negative, far below 2^53), without
// the libm call it compiles to for baseline x86-64, once per arrival.
SimTime ceil_us(double t) {
  const auto whole = static_cast<SimTime>(t);
  return static_cast<double>(whole) < t ? whole + 1 : whole;
}
}

TrafficSource::TrafficSource(World& world, const ComponentSpec& spec, std::uint32_t index, const TrafficSpec& traffic)
    : Component(world, spec, index, 0.0),
      traffic_(traffic),
      per_user_per_us_(traffic.actions_per_user_per_minute / static_cast<double>(kMinute)),
      arrivals_rng_(world.stream(spec.id + "/arrivals")),
      mix_rng_(world.stream(spec.id + "/mix")),
      users_series_(&world.add_series(spec.id, "users", "users")),
      retries_series_(&world.add_series(spec.id, "retries", "per s")) {
  double sum = 0;
  for (const auto& a : traffic.actions) cumulative_weights_.push_back(sum += a.weight);
}

void TrafficSource::wire(World& world, const ComponentSpec&) {
  // A design change may remove the entry; users then find nobody home.
  const std::uint32_t entry = world.index_of(traffic_.entry);
  const bool gone = entry == kNone || world.removed(entry);
  lb_ = gone ? nullptr : dynamic_cast<LoadBalancer*>(&world.component(entry));
  server_ = gone ? nullptr : dynamic_cast<Server*>(&world.component(entry));
}

double TrafficSource::rate_at(SimTime t) const { return traffic_.users_at(t) * per_user_per_us_ * multiplier_; }

void TrafficSource::begin(World& world) { schedule_next(world, 0.0); }

void TrafficSource::schedule_next(World& world, double from) {
  const double t = next_arrival(from);
  if (t >= 0) {
    clock_ = t;
    world.schedule(ceil_us(t), index(), kArrival, epoch_);
  }
}

void TrafficSource::set_rate_multiplier(World& world, double multiplier) {
  multiplier_ = multiplier;
  ++epoch_;  // the pending arrival was drawn at the old rate
  schedule_next(world, static_cast<double>(world.now));
}

void TrafficSource::admit(World& world, RequestId id) {
  if (lb_) {
    lb_->route(world, id);
  } else if (server_) {
    server_->accept(world, id, 0);  // without a balancer, everything lands on the first instance
  } else {
    world.answer_error(id, ErrorReason::NoServer, 0);
    world.free_request(id);
  }
}

double TrafficSource::next_arrival(double from) {
  const auto& keys = traffic_.users;
  const double end = static_cast<double>(world_->scenario.duration);
  double t = from;
  // Time only moves forward here, except when a rate change redraws from
  // "now", which lies before the pending arrival: then search from the start.
  if (segment_ > 0 && static_cast<double>(keys[segment_ - 1].at) > t) segment_ = 0;
  while (t < end) {
    // The segment holding t: before the first keyframe, between two, or after
    // the last (rate held flat). The rate is linear inside, so its maximum is
    // at one of the ends.
    while (segment_ < keys.size() && static_cast<double>(keys[segment_].at) <= t) ++segment_;
    // The segment's line is worked out once, not per arrival: its slope
    // took a division on every draw.
    if (line_.segment != segment_) {
      line_.segment = segment_;
      line_.end = segment_ < keys.size() ? std::min(end, static_cast<double>(keys[segment_].at)) : end;
      line_.base_t = 0;
      line_.slope = 0;
      if (segment_ == 0) {
        line_.base_users = keys.front().users;
      } else if (segment_ == keys.size()) {
        line_.base_users = keys.back().users;
      } else {
        const auto& a = keys[segment_ - 1];
        const auto& b = keys[segment_];
        line_.base_t = static_cast<double>(a.at);
        line_.base_users = a.users;
        line_.slope = (b.users - a.users) / static_cast<double>(b.at - a.at);
      }
    }
    const double seg_end = line_.end;
    const double base_t = line_.base_t, base_users = line_.base_users, slope = line_.slope;
    const double scale = per_user_per_us_ * multiplier_;
    auto rate = [&](double x) { return (base_users + slope * (x - base_t)) * scale; };
    const double lam_max = std::max(rate(t), rate(seg_end));
    if (lam_max <= 0) {
      t = seg_end;
      continue;
    }
    const double candidate = t + arrivals_rng_.exponential(1.0 / lam_max);
    if (candidate >= seg_end) {
      t = seg_end;  // memoryless: start afresh in the next segment
      continue;
    }
    t = candidate;
    if (arrivals_rng_.uniform01() * lam_max < rate(t)) return t;
  }
  return -1.0;
}

void TrafficSource::on_step_end(World& world) {
  // TrafficSpec::users_at's result, with the keyframe found from where the
  // last step left off rather than by a scan from the start.
  const auto& keys = traffic_.users;
  double users = 0;
  if (!keys.empty()) {
    while (step_key_ < keys.size() && world.now >= keys[step_key_].at) ++step_key_;
    if (world.now <= keys.front().at) {
      users = keys.front().users;
    } else if (step_key_ < keys.size()) {
      const auto& a = keys[step_key_ - 1];
      const auto& b = keys[step_key_];
      const double f = static_cast<double>(world.now - a.at) / static_cast<double>(b.at - a.at);
      users = a.users + f * (b.users - a.users);
    } else {
      users = keys.back().users;
    }
  }
  users_series_->push(users);
  retries_series_->push(static_cast<double>(step_retries_) / to_seconds(world.scenario.step));
  step_retries_ = 0;
}

std::uint32_t TrafficSource::pick_action() {
  if (cumulative_weights_.size() == 1) return 0;
  const double x = mix_rng_.uniform01() * cumulative_weights_.back();
  const auto it = std::upper_bound(cumulative_weights_.begin(), cumulative_weights_.end(), x);
  return static_cast<std::uint32_t>(std::min<std::size_t>(it - cumulative_weights_.begin(), cumulative_weights_.size() - 1));
}

void TrafficSource::on_event(World& world, const Event& event) {
  if (event.kind == kRetry) {
    count_arrival();
    count_completion();
    ++retries_;
    ++step_retries_;
    const RequestId id = world.new_request(static_cast<std::uint32_t>(event.data & 0xffffffffu));
    world.request(id).client_retries = static_cast<std::uint16_t>(event.data >> 32);
    admit(world, id);
    return;
  }
  if (event.data != epoch_) return;  // superseded by a redraw
  count_arrival();
  count_completion();
  admit(world, world.new_request(pick_action()));
  schedule_next(world, clock_);
}

}  // namespace bp

namespace bp {

void TrafficSource::report(nlohmann::json& out) const {
  // Requests each action lost to its rate limit (counted where the limit
  // applies, at the server; listed here per action).
  nlohmann::json limited = nlohmann::json::object();
  for (std::size_t a = 0; a < traffic_.actions.size(); ++a)
    if (world_->action_limits[a].spec.per_second > 0 || world_->action_limits[a].rejected > 0)
      limited[traffic_.actions[a].name] = world_->action_limits[a].rejected;
  out["rate_limited"] = std::move(limited);
}

void TrafficSource::relink(const Relink& r) {
  Component::relink(r);
  r(lb_);
  r(server_);
  r(users_series_);
  r(retries_series_);
}

}  // namespace bp
