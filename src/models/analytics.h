#pragma once
// Analytics: an asynchronous metrics sink that ingests telemetry at a
// limited rate (ingest_capacity events/s per instance).
//
// It takes events two ways, sharing one ingest budget per step:
// - directly from servers: events wait in an ingest buffer of at most
//   `buffer` events; a burst beyond that is dropped (and counted), since
//   nothing durable holds it;
// - from a stream that points at it: it is that stream's consumer group and
//   pulls what its budget allows, so the backlog stays in the stream as lag.
// Events are a fluid here (fractions allowed): at thousands a second, one
// simulated event at a time would cost far more than it teaches.
#include "models/telemetry_sink.h"
#include "world/component.h"

namespace bp {

class Analytics : public Component, public TelemetrySink {
 public:
  Analytics(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month);
  std::unique_ptr<Component> clone() const override { return std::make_unique<Analytics>(*this); }
  void relink(const Relink& r) override;

  void configure(World& world, const Settings& settings) override;
  void emit(World& world, std::int64_t events) override;
  void on_event(World&, const Event&) override {}
  void on_step_end(World& world) override;
  std::int64_t units() const override { return instances_; }
  std::int64_t capacity() const override { return 0; }
  bool has_load_series() const override { return false; }
  std::int64_t queued() const override { return static_cast<std::int64_t>(buffer_); }
  void report(nlohmann::json& out) const override;

  // What is left of this step's ingest budget (events); refilled once per step.
  double budget(World& world);
  // A stream hands over `events` it read for this consumer group.
  void ingest_from_stream(World& world, double events);

  double processed() const { return processed_; }
  double dropped() const { return dropped_; }
  double buffered() const { return buffer_; }

 private:
  void ingest(double events);
  void count_arrivals();

  std::int64_t instances_ = 1;
  double per_second_ = 0;     // all instances together
  double buffer_limit_ = 0;   // 0: no limit
  double buffer_ = 0;
  double budget_ = 0;
  std::int64_t budget_step_ = -1;
  double received_ = 0, processed_ = 0, from_stream_ = 0, dropped_ = 0;
  double step_processed_ = 0;
  std::uint64_t counted_processed_ = 0;  // whole events already in the completion counters
  double buffer_peak_ = 0;
  Series *buffer_series_, *processed_series_;
};

}  // namespace bp
