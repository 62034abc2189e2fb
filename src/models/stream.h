#pragma once
// Stream: a partitioned, durable log for high-volume events (telemetry),
// read by consumer groups.
//
// Each step the events servers emitted are spread over the partitions: an
// even share each, plus `hot_key_share` of all events on partition 0 (one
// busy key). A partition writes at most `partition_throughput` events/s; the
// rest wait at the producers (the write backlog) and are written in later
// steps. Every analytics sink the stream points at is a consumer group with
// its own offset per partition. A group reads what its ingest budget allows,
// spread fairly over the partitions that have something to read, and at
// most `partition_throughput` events/s from any one partition (one reader
// per partition per group). So:
// - lag (events written but not yet read by a group) grows while the group
//   is slower than its input and drains at (capacity - input) once faster;
// - a hot partition caps the stream at one partition's throughput however
//   many partitions there are.
// Time behind is the age, since it was emitted, of the oldest event a group
// has not read. With `retention` set, written events older than that are
// deleted, read or not; a group behind them loses them (counted as expired).
//
// Events are a fluid (fractions allowed): per-step arithmetic, no per-event
// simulation, so a stream costs O(partitions x groups) per step.
#include <deque>
#include <string>
#include <vector>

#include "models/telemetry_sink.h"
#include "world/component.h"

namespace bp {

class Analytics;

class Stream : public Component, public TelemetrySink {
 public:
  Stream(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month);
  std::unique_ptr<Component> clone() const override { return std::make_unique<Stream>(*this); }
  void relink(const Relink& r) override;

  void configure(World& world, const Settings& settings) override;
  void wire(World& world, const ComponentSpec& spec) override;
  void emit(World&, std::int64_t events) override;
  void on_event(World&, const Event&) override {}
  void on_step_end(World& world) override;
  std::int64_t units() const override { return active_partitions_; }
  std::int64_t capacity() const override { return 0; }
  bool has_load_series() const override { return false; }
  std::int64_t queued() const override;
  void report(nlohmann::json& out) const override;

  // Views for displays and tests. Groups are numbered in `targets` order.
  std::size_t group_count() const { return groups_.size(); }
  double lag(std::size_t group) const;                      // events
  double partition_lag(std::size_t group, std::size_t p) const;
  SimTime time_behind(std::size_t group, SimTime now) const;
  double written() const;
  double write_backlog() const;

 private:
  // After a step that emitted something: the partition's emitted count and
  // the time, so the age of an unread event can be looked up by its offset.
  struct Mark {
    double emitted;
    SimTime at;
  };
  struct Partition {
    double emitted = 0;   // offered by producers since the start
    double written = 0;   // in the log (<= emitted); the rest is the write backlog
    double retained_from = 0;  // offsets below this were deleted by retention
    std::deque<Mark> marks;
    Series* lag_series = nullptr;
  };
  struct Group {
    Analytics* consumer = nullptr;
    std::string id;
    std::vector<double> offset;  // next event to read, per partition
    double read = 0, expired = 0, step_read = 0;
    double lag_peak = 0;
    SimTime behind_peak = 0;
    Series *lag_series, *behind_series, *out_series;
  };
  void add_partition(World& world);
  void read_for(World& world, Group& g, double dt);
  void apply_retention(SimTime now);
  void trim_marks();
  SimTime emitted_at(const Partition& p, double offset) const;

  std::vector<Partition> partitions_;
  std::int64_t active_partitions_ = 1;
  double throughput_ = 0;  // events/s per partition, each way
  double hot_share_ = 0;
  SimTime retention_ = 0;  // 0: keep everything
  std::vector<Group> groups_;
  double step_offered_ = 0, step_written_ = 0;
  double backlog_peak_ = 0;
  Series *in_series_, *backlog_series_;
};

}  // namespace bp
