#pragma once
// Users: a non-homogeneous Poisson stream of actions. The rate is
// users(t) x actions per user per minute, with users(t) interpolated between
// the scenario's keyframes. Arrivals are drawn exactly by thinning, one
// keyframe segment at a time so the candidate rate stays tight.
#include <vector>

#include "world/component.h"

namespace bp {

class LoadBalancer;
class Server;

class TrafficSource : public Component {
 public:
  TrafficSource(World& world, const ComponentSpec& spec, std::uint32_t index, const TrafficSpec& traffic);
  std::unique_ptr<Component> clone() const override { return std::make_unique<TrafficSource>(*this); }
  void relink(const Relink& r) override;

  void configure(World&, const Settings&) override {}
  void wire(World& world, const ComponentSpec& spec) override;
  void begin(World& world) override;
  void on_event(World& world, const Event& event) override;
  void on_step_end(World& world) override;
  std::int64_t capacity() const override { return 0; }
  bool has_load_series() const override { return false; }
  void report(nlohmann::json& out) const override;

  // Arrival rate at time t, per microsecond.
  double rate_at(SimTime t) const;
  // Multiplies the arrival rate (traffic_spike); 1 is normal. Arrivals are
  // memoryless, so redrawing the next one from now is exact.
  void set_rate_multiplier(World& world, double multiplier);
  double rate_multiplier() const { return multiplier_; }

 private:
  // Next arrival strictly after `from`, or a negative value if none is due
  // before the run ends.
  double next_arrival(double from);
  std::uint32_t pick_action();

  const TrafficSpec& traffic_;
  double per_user_per_us_;
  std::vector<double> cumulative_weights_;
  RngStream arrivals_rng_, mix_rng_;
  void schedule_next(World& world, double from);
  void admit(World& world, RequestId id);

  double clock_ = 0;  // exact time of the pending arrival, in microseconds
  double multiplier_ = 1;
  std::size_t segment_ = 0;  // first keyframe after the arrival clock
  // users(x) = base_users + slope * (x - base_t) on `segment` (ending at `end`)
  struct Line {
    std::size_t segment = static_cast<std::size_t>(-1);
    double end = 0, base_t = 0, base_users = 0, slope = 0;
  } line_;
  std::uint32_t epoch_ = 0;  // bumped when the pending arrival is redrawn
  std::uint64_t retries_ = 0;
  LoadBalancer* lb_ = nullptr;
  Server* server_ = nullptr;
  Series* users_series_;
  Series* retries_series_;
  std::uint64_t step_retries_ = 0;
  std::size_t step_key_ = 1;  // first keyframe after the last step boundary
};

}  // namespace bp
