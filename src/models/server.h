#pragma once
// Server: instances, each with a fixed number of request slots. A request
// waits (FIFO) for a slot, then keeps it while the handler runs: CPU time
// first, then the action's calls in order (cache, reads, writes).
//
// Timeouts: a request unanswered `timeout` after it was born fails with a
// timeout at exactly that latency. Its handler is abandoned at its next
// checkpoint: a waiter leaves its wait list, an in-flight call is allowed to
// finish (the database does not know the client gave up) and the slot is
// then released.
//
// An action over its rate limit is refused on arrival, before it takes a
// slot. An action's telemetry goes to the stream or analytics sink the server
// points at; without one it becomes writes to the primary (see next_call).
//
// The instance count is the `instances` setting, changed by a player's
// command or by the autoscaler (on utilization) through the same settings
// change. A launched instance is billed at once but takes requests only
// after `cold_start`.
#include <deque>
#include <vector>

#include "models/instance_fleet.h"
#include "models/query_target.h"
#include "world/component.h"

namespace bp {

class Queue;
class Redis;
class TelemetrySink;

class Server : public Component {
 public:
  Server(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month);
  std::unique_ptr<Component> clone() const override { return std::make_unique<Server>(*this); }
  void relink(const Relink& r) override;

  void configure(World& world, const Settings& settings) override;
  void wire(World& world, const ComponentSpec& spec) override;
  // A request arrives at instance `instance` (after the LB's hop, if any).
  void accept(World& world, RequestId id, std::uint32_t instance);

  void on_event(World& world, const Event& event) override;
  void on_step_end(World& world) override;
  void on_abandoned(World& world, RequestId id) override;
  void apply_scaling(World& world) override;
  // Added mid-run: its instances launch through their cold start.
  void start_mid_run(World& world, const Settings& settings) override;
  // Removed: every instance goes at once, as in a crash, and every request
  // it holds fails now (no_server); handlers let go of their slots as their
  // current calls return.
  std::string shut_down(World& world) override;
  std::int64_t units() const override { return fleet_.active(); }
  // Slots of the instances that take requests (crashed ones included, as
  // they will again): a cold-starting instance adds none yet.
  std::int64_t capacity() const override;
  std::int64_t queued() const override;
  void report(nlohmann::json& out) const override;

  std::size_t instance_count() const { return fleet_.size(); }
  // Incidents: `count` healthy instances crash. Their waiting requests fail
  // at once, the ones being handled at their next checkpoint.
  // Returns how many crashed (fewer than asked when fewer are healthy).
  std::int64_t crash(World& world, std::int64_t count);
  void recover(World& world, std::int64_t count);
  // Takes new requests: running, not crashed, not retired by a scale-down,
  // past its cold start.
  bool healthy(std::size_t i) const { return fleet_[i].accepting(); }
  std::int64_t in_flight(std::size_t i) const { return fleet_[i].busy + fleet_[i].live_waiters; }
  bool starting(std::size_t i) const { return fleet_[i].starting; }

  // Event kinds this component handles.
  static constexpr std::uint32_t kArrive = 1;
  static constexpr std::uint32_t kCpuDone = 2;
  static constexpr std::uint32_t kReady = 3;  // a launched instance finished its cold start

 private:
  // What one instance holds.
  struct Slots {
    std::int64_t busy = 0;
    std::int64_t live_waiters = 0;
    std::deque<RequestRef> waiting;
    std::uint32_t epoch = 0;  // crash count: requests from an older epoch died with it
  };
  using Instance = InstanceFleet<Slots>::Instance;

  void start(World& world, RequestId id);
  void next_call(World& world, RequestId id);
  // Ends the handler if its request has timed out; true when it did.
  bool check_deadline(World& world, RequestId id);
  void release(World& world, RequestId id);
  void pull_waiters(World& world, Instance& inst);
  void sweep_timeouts(World& world);
  // The call needs a component this server no longer points at.
  void fail_not_connected(World& world, RequestId id);

  InstanceFleet<Slots> fleet_;
  std::int64_t slots_ = 1;
  Distribution cpu_;
  SimTime timeout_ = 0;
  std::int64_t queue_limit_ = 0;
  RngStream rng_;
  Redis* cache_ = nullptr;
  Queue* queue_ = nullptr;
  QueryTarget* primary_ = nullptr;
  QueryTarget* reader_ = nullptr;  // replicas when wired, else the primary
  TelemetrySink* telemetry_sink_ = nullptr;  // a stream or analytics; without one telemetry is written to the primary
  std::deque<RequestRef> by_deadline_;  // requests in arrival order, for timeouts
  std::uint64_t timeouts_ = 0, rejected_ = 0, rate_limited_ = 0;
  std::uint64_t telemetry_events_ = 0, telemetry_db_writes_ = 0;
  Series* instances_series_;
};

}  // namespace bp
