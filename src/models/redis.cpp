#include "models/redis.h"

#include <cmath>

#include "engine/rounding.h"

namespace bp {

Redis::Redis(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month)
    : Component(world, spec, index, cost_per_month),
      warmth_(spec.settings.flag("start_warm") ? 1.0 : 0.0),
      rng_(world.stream(spec.id)),
      hit_series_(&world.add_series(spec.id, "hit_ratio", "share")) {}

void Redis::configure(World&, const Settings& settings) {
  // start_warm only matters at the start; a running cache keeps its warmth.
  latency_ = settings.dist("latency");
  hit_ratio_ = settings.number("hit_ratio");
  fill_per_miss_ = 1.0 / static_cast<double>(settings.integer("warmup_misses"));
}

void Redis::lookup(World& world, RequestId id, std::uint32_t reply_to) {
  count_arrival();
  count_completion();
  ++step_lookups_;
  ++total_lookups_;
  const bool hit = rng_.uniform01() < hit_ratio_ * warmth_;
  if (hit) {
    ++step_hits_;
    ++total_hits_;
  } else {
    // Each miss loads one more key: warmth approaches 1 exponentially, with
    // about 63% reached after warmup_misses misses.
    warmth_ += (1.0 - warmth_) * fill_per_miss_;
  }
  world.schedule(world.now + latency_.sample(rng_), reply_to, hit ? kCallDone : kCacheMiss, id);
}

void Redis::on_step_end(World&) {
  hit_series_->push(step_lookups_ ? static_cast<double>(step_hits_) / static_cast<double>(step_lookups_)
                                  : std::nan(""));
  step_lookups_ = step_hits_ = 0;
}

void Redis::report(nlohmann::json& out) const {
  out["lookups"] = total_lookups_;
  out["hits"] = total_hits_;
  out["hit_ratio"] = total_lookups_ ? std::round(1e6 * static_cast<double>(total_hits_) / static_cast<double>(total_lookups_)) / 1e6 : 0.0;
  out["warmth_at_end"] = round_to(warmth_, 1e-6);
}

void Redis::relink(const Relink& r) {
  Component::relink(r);
  r(hit_series_);
}

}  // namespace bp
