#pragma once
// Postgres, the primary: one node with a connection limit and a few cores.
// Takes reads and writes; replicas watch its write rate to know their lag.
#include "models/database_nodes.h"

namespace bp {

class Postgres : public DatabaseNodes {
 public:
  Postgres(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month);
  std::unique_ptr<Component> clone() const override { return std::make_unique<Postgres>(*this); }
  void relink(const Relink& r) override;

  void configure(World& world, const Settings& settings) override;
  void query(World& world, RequestId id, QueryKind kind, std::uint32_t reply_to) override;
  // Writes finished since the start of the run.
  std::uint64_t writes_done() const { return writes_; }
  void on_step_end(World& world) override;

 private:
  Series* connections_series_;
  Series* waits_series_;
  std::uint64_t waits_seen_ = 0;
};

}  // namespace bp
