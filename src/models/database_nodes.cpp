#include "models/database_nodes.h"

#include <algorithm>

namespace bp {

namespace {
constexpr std::uint32_t kQueryDone = 1;
}

DatabaseNodes::DatabaseNodes(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month)
    : Component(world, spec, index, cost_per_month), rng_(world.stream(spec.id)) {}

std::uint64_t DatabaseNodes::pack(std::size_t node, std::uint32_t id, QueryKind kind, bool job) {
  return (static_cast<std::uint64_t>(kind == QueryKind::Write) << 63) | (static_cast<std::uint64_t>(job) << 62) |
         (static_cast<std::uint64_t>(node) << 32) | id;
}

std::int64_t DatabaseNodes::reserve_connections(std::int64_t wanted) {
  if (nodes_.empty()) return 0;
  std::int64_t free = wanted;
  if (max_connections_ > 0) free = std::max<std::int64_t>(0, max_connections_ - reserved_ - nodes_[0].connections);
  const std::int64_t granted = std::min(wanted, free);
  reserved_ += granted;
  return granted;
}

void DatabaseNodes::set_limits(World& world, std::int64_t max_connections, std::int64_t cores) {
  max_connections_ = max_connections;
  cores_ = cores;
  for (std::size_t n = 0; n < nodes_.size(); ++n) {
    Node& node = nodes_[n];
    while (!node.core_wait.empty() && node.cores_busy < cores_) {
      const Waiter w = node.core_wait.front();
      node.core_wait.pop_front();
      start_or_queue(world, n, w.ref.id, w.kind, w.job);
    }
    admit_connection_waiters(world, n);
  }
}

void DatabaseNodes::release_connections(World& world, std::int64_t count) {
  reserved_ -= count;
  if (!nodes_.empty()) admit_connection_waiters(world, 0);
}

void DatabaseNodes::job_query(World& world, JobId job, QueryKind kind) {
  count_arrival();
  in_system.change(world.now, +1);
  start_or_queue(world, 0, job, kind, true);
}

std::int64_t DatabaseNodes::capacity() const { return units() * cores_; }

std::int64_t DatabaseNodes::queued() const {
  std::int64_t q = 0;
  for (const auto& n : nodes_) q += n.live_connection_waiters + static_cast<std::int64_t>(n.core_wait.size());
  return q;
}

std::int64_t DatabaseNodes::connections_in_use() const {
  std::int64_t c = reserved_;
  for (const auto& n : nodes_) c += n.connections;
  return c;
}

void DatabaseNodes::submit(World& world, std::size_t n, RequestId id, QueryKind kind) {
  count_arrival();
  in_system.change(world.now, +1);
  Node& node = nodes_[n];
  const std::int64_t reserved_here = n == 0 ? reserved_ : 0;
  if (max_connections_ == 0 || node.connections + reserved_here < max_connections_) {
    take_connection(world, n, id, kind);
    return;
  }
  ++connection_waits_;
  ++node.live_connection_waiters;
  node.connection_wait.push_back({world.ref(id), kind});
  Request& r = world.request(id);
  r.waiting_at = index();
  r.waiting_node = static_cast<std::uint32_t>(n);
}

void DatabaseNodes::take_connection(World& world, std::size_t n, RequestId id, QueryKind kind) {
  ++nodes_[n].connections;
  start_or_queue(world, n, id, kind, false);
}

void DatabaseNodes::start_or_queue(World& world, std::size_t n, std::uint32_t id, QueryKind kind, bool job) {
  Node& node = nodes_[n];
  if (node.cores_busy < cores_) {
    ++node.cores_busy;
    busy.change(world.now, +1);
    SimTime service = (kind == QueryKind::Write ? write_ : read_).sample(rng_);
    if (slowdown_ != 1.0) service = static_cast<SimTime>(static_cast<double>(service) * slowdown_);
    world.schedule(world.now + service, index(), kQueryDone, pack(n, id, kind, job));
  } else if (job) {
    node.core_wait.push_back({RequestRef{id, 0}, kind, true});
  } else {
    node.core_wait.push_back({world.ref(id), kind, false});
  }
}

void DatabaseNodes::on_event(World& world, const Event& event) {
  const auto id = static_cast<RequestId>(event.data & 0xffffffffu);
  const auto n = static_cast<std::size_t>((event.data >> 32) & 0x3fffffffu);
  const QueryKind kind = (event.data >> 63) ? QueryKind::Write : QueryKind::Read;
  const bool job = (event.data >> 62) & 1u;
  Node& node = nodes_[n];
  --node.cores_busy;
  busy.change(world.now, -1);
  in_system.change(world.now, -1);
  count_completion();
  (kind == QueryKind::Write ? writes_ : reads_)++;
  if (job) {
    world.schedule(world.now, world.job(id).worker, kCallDone, id);  // its pool keeps the connection
  } else {
    --node.connections;
    world.schedule(world.now, world.request(id).server, kCallDone, id);
  }

  // Queries holding a connection go first: the freed core is theirs.
  if (!node.core_wait.empty()) {
    const Waiter w = node.core_wait.front();
    node.core_wait.pop_front();
    start_or_queue(world, n, w.ref.id, w.kind, w.job);
  }
  if (!job) admit_connection_waiters(world, n);
}

void DatabaseNodes::admit_connection_waiters(World& world, std::size_t n) {
  Node& node = nodes_[n];
  const std::int64_t reserved_here = n == 0 ? reserved_ : 0;
  while (!node.connection_wait.empty() &&
         (max_connections_ == 0 || node.connections + reserved_here < max_connections_)) {
    const Waiter w = node.connection_wait.front();
    node.connection_wait.pop_front();
    if (!world.is_current(w.ref) || world.request(w.ref.id).waiting_at != index()) continue;  // gave up
    --node.live_connection_waiters;
    world.request(w.ref.id).waiting_at = kNone;
    take_connection(world, n, w.ref.id, w.kind);
  }
}

void DatabaseNodes::on_abandoned(World& world, RequestId id) {
  // The caller gave up while waiting for a connection: it no longer waits
  // here, and its handler learns of it straight away.
  Request& r = world.request(id);
  --nodes_[r.waiting_node].live_connection_waiters;
  r.waiting_at = kNone;
  in_system.change(world.now, -1);
  count_error();
  world.schedule(world.now, r.server, kCallDone, id);
}

void DatabaseNodes::report(nlohmann::json& out) const {
  out["reads"] = reads_;
  out["writes"] = writes_;
  out["connection_waits"] = connection_waits_;
}

}  // namespace bp
