#pragma once
// Load balancer: forwards each request to one healthy server instance, by
// round robin or least connections, adding its own small delay.
#include <vector>

#include "world/component.h"

namespace bp {

class Server;

class LoadBalancer : public Component {
 public:
  LoadBalancer(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month);
  std::unique_ptr<Component> clone() const override { return std::make_unique<LoadBalancer>(*this); }
  void relink(const Relink& r) override;

  void configure(World& world, const Settings& settings) override;
  void wire(World& world, const ComponentSpec& spec) override;
  void route(World& world, RequestId id);
  void on_event(World&, const Event&) override {}
  std::int64_t capacity() const override { return 0; }
  bool has_load_series() const override { return false; }

 private:
  std::vector<Server*> servers_;
  bool least_connections_ = false;
  SimTime latency_ = 0;
  std::size_t cursor_ = 0;
};

}  // namespace bp
