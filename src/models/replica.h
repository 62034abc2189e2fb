#pragma once
// Read replicas: read-only copies of the primary. Reads go to the replicas in
// turn. Each replica replays the primary's writes at a limited rate; when the
// primary writes faster than that, the replay backlog and the lag grow.
#include "models/database_nodes.h"

namespace bp {

class Postgres;

class Replica : public DatabaseNodes {
 public:
  Replica(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month);
  std::unique_ptr<Component> clone() const override { return std::make_unique<Replica>(*this); }
  void relink(const Relink& r) override;

  void configure(World& world, const Settings& settings) override;
  void wire(World& world, const ComponentSpec& spec) override;
  void query(World& world, RequestId id, QueryKind kind, std::uint32_t reply_to) override;
  void on_step_end(World& world) override;
  std::int64_t units() const override { return active_; }
  void report(nlohmann::json& out) const override;

  SimTime lag() const { return lag_; }
  // Extra replay delay on top of the modelled lag (replica_lag incident).
  void add_lag(SimTime extra) { extra_lag_ += extra; }

 private:
  Postgres* primary_ = nullptr;
  std::size_t next_node_ = 0;
  std::int64_t active_ = 0;  // nodes taking reads; removed ones finish theirs
  SimTime base_lag_ = 0;
  double apply_rate_ = 1;    // writes per second
  double replay_backlog_ = 0;  // writes not yet replayed
  std::uint64_t writes_seen_ = 0;
  SimTime lag_ = 0, max_lag_ = 0, extra_lag_ = 0;
  Series* lag_series_;
};

}  // namespace bp
