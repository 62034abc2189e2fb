#pragma once
// Redis: a cache in front of reads. The hit ratio follows the cache's warmth:
// a cold cache misses everything and warms up as misses fill it.
#include "models/query_target.h"
#include "world/component.h"

namespace bp {

class Redis : public Component {
 public:
  Redis(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month);
  std::unique_ptr<Component> clone() const override { return std::make_unique<Redis>(*this); }
  void relink(const Relink& r) override;

  void configure(World& world, const Settings& settings) override;
  // Answers kCallDone on a hit, kCacheMiss on a miss, after the lookup time.
  void lookup(World& world, RequestId id, std::uint32_t reply_to);
  void flush() { warmth_ = 0; }
  double warmth() const { return warmth_; }

  void on_event(World&, const Event&) override {}
  void on_step_end(World& world) override;
  std::int64_t capacity() const override { return 0; }
  bool has_load_series() const override { return false; }
  void report(nlohmann::json& out) const override;

 private:
  Distribution latency_;
  double hit_ratio_ = 0;
  double fill_per_miss_ = 1;
  double warmth_;
  RngStream rng_;
  std::uint64_t step_lookups_ = 0, step_hits_ = 0, total_lookups_ = 0, total_hits_ = 0;
  Series* hit_series_;
};

}  // namespace bp
