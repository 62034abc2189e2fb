#include "models/stream.h"

#include <algorithm>
#include <cmath>

#include "models/analytics.h"

namespace bp {

namespace {
// Below this an amount of fluid events counts as nothing.
constexpr double kTiny = 1e-9;
// Marks are kept per second (or per step, if longer): time behind is exact to
// that, and a long lag costs one mark per second per partition.
constexpr SimTime kMarkSpan = kSecond;
}  // namespace

Stream::Stream(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month)
    : Component(world, spec, index, cost_per_month),
      in_series_(&world.add_series(spec.id, "in", "events per s")),
      backlog_series_(&world.add_series(spec.id, "write_backlog", "events")) {}

void Stream::add_partition(World& world) {
  Partition p;
  p.lag_series = &world.add_series(id(), "partition" + std::to_string(partitions_.size()) + ".lag", "events");
  // A partition added mid-run has no values for the steps before it existed
  // (World::add_series pads them).
  for (auto& g : groups_) g.offset.push_back(0);
  partitions_.push_back(std::move(p));
}

void Stream::configure(World& world, const Settings& settings) {
  // Fewer partitions stop taking new events; the ones dropped keep what they
  // hold until every group has read it, so nothing is lost by shrinking.
  active_partitions_ = settings.integer("partitions");
  while (static_cast<std::int64_t>(partitions_.size()) < active_partitions_) add_partition(world);
  throughput_ = settings.number("partition_throughput");
  hot_share_ = settings.number("hot_key_share");
  retention_ = settings.duration("retention");
}

void Stream::wire(World& world, const ComponentSpec& spec) {
  // Called again after every design change: a group, once made, stays (a
  // disconnect does not yet stop a consumer group; see scenario-format.md).
  for (const auto& target : spec.targets) {
    auto* consumer = dynamic_cast<Analytics*>(&world.component(world.index_of(target)));
    if (!consumer) continue;
    bool known = false;
    for (const auto& g : groups_) known = known || g.consumer == consumer;
    if (known) continue;
    Group g;
    g.consumer = consumer;
    g.id = target;
    g.offset.assign(partitions_.size(), 0.0);
    g.lag_series = &world.add_series(id(), target + ".lag", "events");
    g.behind_series = &world.add_series(id(), target + ".behind", "s");
    g.out_series = &world.add_series(id(), target + ".out", "events per s");
    groups_.push_back(std::move(g));
  }
}

void Stream::emit(World&, std::int64_t events) {
  step_counts.arrivals += static_cast<std::uint64_t>(events);
  total_counts.arrivals += static_cast<std::uint64_t>(events);
  step_offered_ += static_cast<double>(events);
}

std::int64_t Stream::queued() const {
  double worst = 0;
  for (std::size_t g = 0; g < groups_.size(); ++g) worst = std::max(worst, lag(g));
  return std::llround(worst + write_backlog());
}

double Stream::written() const {
  double w = 0;
  for (const auto& p : partitions_) w += p.written;
  return w;
}

double Stream::write_backlog() const {
  double b = 0;
  for (const auto& p : partitions_) b += p.emitted - p.written;
  return b;
}

double Stream::partition_lag(std::size_t group, std::size_t p) const {
  return std::max(0.0, partitions_[p].written - groups_[group].offset[p]);
}

double Stream::lag(std::size_t group) const {
  double l = 0;
  for (std::size_t p = 0; p < partitions_.size(); ++p) l += partition_lag(group, p);
  return l;
}

SimTime Stream::emitted_at(const Partition& p, double offset) const {
  // The first mark past the offset covers the event at that offset.
  const auto it = std::upper_bound(p.marks.begin(), p.marks.end(), offset + kTiny,
                                   [](double o, const Mark& m) { return o < m.emitted; });
  return it == p.marks.end() ? world_->now : it->at;
}

SimTime Stream::time_behind(std::size_t group, SimTime now) const {
  // Unread events include those still waiting to be written: from the
  // reader's side they are late all the same.
  SimTime worst = 0;
  for (std::size_t i = 0; i < partitions_.size(); ++i) {
    const Partition& p = partitions_[i];
    const double offset = groups_[group].offset[i];
    if (p.emitted - offset > kTiny) worst = std::max(worst, now - emitted_at(p, offset));
  }
  return worst;
}

void Stream::read_for(World& world, Group& g, double dt) {
  // Water-filling: the budget is shared evenly among partitions with
  // something to read; what a partition cannot use goes to the others.
  double budget = g.consumer->budget(world);
  std::vector<double> room(partitions_.size());
  for (std::size_t i = 0; i < partitions_.size(); ++i)
    room[i] = std::min(partitions_[i].written - g.offset[i], throughput_ * dt);
  double total = 0;
  while (budget > kTiny) {
    std::size_t open = 0;
    for (const double r : room) open += r > kTiny;
    if (open == 0) break;
    const double share = budget / static_cast<double>(open);
    for (std::size_t i = 0; i < partitions_.size(); ++i) {
      if (room[i] <= kTiny) continue;
      const double take = std::min(room[i], share);
      room[i] -= take;
      g.offset[i] += take;
      budget -= take;
      total += take;
    }
  }
  g.read += total;
  g.step_read = total;
  if (total > 0) g.consumer->ingest_from_stream(world, total);
}

void Stream::apply_retention(SimTime now) {
  // Marks older than the retention window delete the events they cover, as
  // far as those were written; a group still behind them skips ahead.
  const SimTime cutoff = now - retention_;
  for (std::size_t i = 0; i < partitions_.size(); ++i) {
    Partition& p = partitions_[i];
    double deleted_to = 0;
    while (!p.marks.empty() && p.marks.front().at <= cutoff) {
      deleted_to = std::min(p.marks.front().emitted, p.written);
      if (deleted_to < p.marks.front().emitted) break;  // part of that span still waits to be written
      p.marks.pop_front();
    }
    for (auto& g : groups_)
      if (g.offset[i] < deleted_to) {
        g.expired += deleted_to - g.offset[i];
        g.offset[i] = deleted_to;
      }
  }
}

void Stream::trim_marks() {
  // A mark is needed while some group has not read past it.
  for (std::size_t i = 0; i < partitions_.size(); ++i) {
    Partition& p = partitions_[i];
    double lowest = p.emitted;
    for (const auto& g : groups_) lowest = std::min(lowest, g.offset[i]);
    while (!p.marks.empty() && p.marks.front().emitted <= lowest + kTiny) p.marks.pop_front();
  }
}

void Stream::on_step_end(World& world) {
  const double dt = to_seconds(world.scenario.step);
  const SimTime span = std::max(kMarkSpan, world.scenario.step);
  if (step_offered_ > 0) {
    const auto n = static_cast<std::size_t>(active_partitions_);
    const double even = step_offered_ * (1.0 - hot_share_) / static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i) {
      Partition& p = partitions_[i];
      p.emitted += even + (i == 0 ? step_offered_ * hot_share_ : 0.0);
      // Events of this step are stamped with the start of the mark's span.
      if (!p.marks.empty() && world.now - p.marks.back().at < span) p.marks.back().emitted = p.emitted;
      else p.marks.push_back({p.emitted, world.now});
    }
    step_offered_ = 0;
  }
  double written_now = 0;
  for (auto& p : partitions_) {
    const double w = std::min(p.emitted - p.written, throughput_ * dt);
    if (w <= 0) continue;
    p.written += w;
    written_now += w;
  }
  step_written_ = written_now;
  const auto whole = static_cast<std::uint64_t>(written() + 1e-6);
  step_counts.completions += whole - total_counts.completions;
  total_counts.completions = whole;

  for (auto& g : groups_) read_for(world, g, dt);
  if (retention_ > 0) apply_retention(world.now);
  trim_marks();

  in_series_->push(step_written_ / dt);
  const double backlog = write_backlog();
  backlog_peak_ = std::max(backlog_peak_, backlog);
  backlog_series_->push(backlog);
  for (std::size_t i = 0; i < partitions_.size(); ++i) {
    double worst = 0;
    for (std::size_t g = 0; g < groups_.size(); ++g) worst = std::max(worst, partition_lag(g, i));
    partitions_[i].lag_series->push(worst);
  }
  for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
    Group& g = groups_[gi];
    const double l = lag(gi);
    const SimTime behind = time_behind(gi, world.now);
    g.lag_peak = std::max(g.lag_peak, l);
    g.behind_peak = std::max(g.behind_peak, behind);
    g.lag_series->push(l);
    g.behind_series->push(to_seconds(behind));
    g.out_series->push(g.step_read / dt);
    g.step_read = 0;
  }
}

void Stream::report(nlohmann::json& out) const {
  const auto events = [](double v) { return std::llround(v); };
  double emitted = 0;
  for (const auto& p : partitions_) emitted += p.emitted;
  out["offered"] = events(emitted + step_offered_);
  out["written"] = events(written());
  out["write_backlog_at_end"] = events(write_backlog());
  out["write_backlog_max"] = events(backlog_peak_);
  out["partitions"] = active_partitions_;
  out["partition_throughput_per_s"] = throughput_;
  nlohmann::json parts = nlohmann::json::array();
  for (const auto& p : partitions_)
    parts.push_back({{"emitted", events(p.emitted)}, {"written", events(p.written)}, {"backlog", events(p.emitted - p.written)}});
  out["partition_detail"] = std::move(parts);
  nlohmann::json groups = nlohmann::json::object();
  for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
    const Group& g = groups_[gi];
    nlohmann::json lags = nlohmann::json::array();
    for (std::size_t i = 0; i < partitions_.size(); ++i) lags.push_back(events(partition_lag(gi, i)));
    groups[g.id] = {{"read", events(g.read)},
                    {"expired", events(g.expired)},
                    {"lag_at_end", events(lag(gi))},
                    {"lag_max", events(g.lag_peak)},
                    {"behind_s_at_end", to_seconds(time_behind(gi, world_->now))},
                    {"behind_s_max", to_seconds(g.behind_peak)},
                    {"partition_lag_at_end", std::move(lags)}};
  }
  out["groups"] = std::move(groups);
}

void Stream::relink(const Relink& r) {
  Component::relink(r);
  for (Partition& p : partitions_) r(p.lag_series);
  for (Group& g : groups_) {
    r(g.consumer);
    for (Series** s : {&g.lag_series, &g.behind_series, &g.out_series}) r(*s);
  }
  r(in_series_);
  r(backlog_series_);
}

}  // namespace bp
