#pragma once
// Users: a non-homogeneous Poisson stream of actions. The rate is
// users(t) x actions per user per minute, with users(t) interpolated between
// the scenario's keyframes. Arrivals are drawn exactly by thinning, one
// keyframe segment at a time so the candidate rate stays tight.
#include <vector>

#include "core/component.h"

namespace bp {

class LoadBalancer;
class Server;

class TrafficSource : public Component {
 public:
  TrafficSource(World& world, const ComponentSpec& spec, std::uint32_t index, const TrafficSpec& traffic);

  void configure(World&, const Settings&) override {}
  void wire(World& world, const ComponentSpec& spec) override;
  void start(World& world);
  void on_event(World& world, const Event& event) override;
  void on_step_end(World& world) override;
  std::int64_t capacity() const override { return 0; }

  // Arrival rate at time t, per microsecond.
  double rate_at(SimTime t) const;

 private:
  // Next arrival strictly after `from`, or a negative value if none is due
  // before the run ends.
  double next_arrival(double from);
  std::uint32_t pick_action();

  const TrafficSpec& traffic_;
  double per_user_per_us_;
  std::vector<double> cumulative_weights_;
  RngStream arrivals_rng_, mix_rng_;
  double clock_ = 0;  // exact time of the pending arrival, in microseconds
  LoadBalancer* lb_ = nullptr;
  Server* server_ = nullptr;
  Series* users_series_;
};

}  // namespace bp
