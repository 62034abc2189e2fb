#pragma once
// The mechanics Postgres and its replicas share: nodes with a connection
// limit and a number of cores. A query first needs a connection (waiting in
// FIFO order when all are taken), then a core (again FIFO), and holds both
// for its service time.
#include <deque>
#include <vector>

#include "models/query_target.h"
#include "world/component.h"

namespace bp {

class DatabaseNodes : public Component, public QueryTarget {
 public:
  DatabaseNodes(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month);

  void on_event(World& world, const Event& event) override;
  void on_abandoned(World& world, RequestId id) override;
  std::int64_t capacity() const override;
  std::int64_t queued() const override;
  void report(nlohmann::json& out) const override;

  std::int64_t connections_in_use() const;
  // Multiplies every query's service time (slow_database); 1 is normal.
  void set_service_factor(double factor) { slowdown_ = factor; }
  double service_factor() const { return slowdown_; }

  // Long-lived connections a worker instance keeps in its pool. Returns how
  // many of the `wanted` the database could grant.
  std::int64_t reserve_connections(std::int64_t wanted);
  void release_connections(World& world, std::int64_t count);
  std::int64_t reserved_connections() const { return reserved_; }
  // A job's query on a connection its worker already holds; the answer goes
  // to the job's worker.
  void job_query(World& world, JobId job, QueryKind kind);

 protected:
  struct Waiter {
    RequestRef ref;
    QueryKind kind;
    bool job = false;
  };
  struct Node {
    std::int64_t connections = 0, cores_busy = 0;
    std::int64_t live_connection_waiters = 0;
    std::deque<Waiter> connection_wait, core_wait;
  };

  // Sends one query to node `n`.
  void submit(World& world, std::size_t n, RequestId id, QueryKind kind);
  void resize(std::size_t nodes) { nodes_.resize(nodes); }
  // New limits take effect at once: extra cores start queued queries, extra
  // connections admit waiting ones. Fewer of either just stops admitting.
  void set_limits(World& world, std::int64_t max_connections, std::int64_t cores);

  std::vector<Node> nodes_;
  std::int64_t max_connections_ = 0;  // per node; 0 means no limit
  std::int64_t cores_ = 1;            // per node
  Distribution read_, write_;
  RngStream rng_;
  std::uint64_t reads_ = 0, writes_ = 0, connection_waits_ = 0;

 private:
  void take_connection(World& world, std::size_t n, RequestId id, QueryKind kind);
  void admit_connection_waiters(World& world, std::size_t n);
  void start_or_queue(World& world, std::size_t n, std::uint32_t id, QueryKind kind, bool job);
  static std::uint64_t pack(std::size_t node, std::uint32_t id, QueryKind kind, bool job);
  std::int64_t reserved_ = 0;  // on node 0, the primary
  double slowdown_ = 1;
};

}  // namespace bp
