#pragma once
// A background producer: publishes a batch of jobs into a queue at a steady
// rate (a partner's bulk upload, a backfill). It is created for a
// batch_upload incident and can be paused and resumed by commands. When the
// queue blocks, its publishes wait in the broker's line with everyone
// else's, up to kMaxWaiting at once (a bulk loader's open connections); when
// the queue refuses, that job is lost to the producer.
//
// A producer may have a rate limit (a token bucket at the publisher): a job
// over the limit is refused there, counted as rate_limited, and never
// reaches the queue. A `set` command changes the limit mid-run.
#include "world/component.h"
#include "engine/token_bucket.h"

namespace bp {

class Queue;

class Producer : public Component {
 public:
  Producer(World& world, const ComponentSpec& spec, std::uint32_t index, const IncidentSpec& incident);
  std::unique_ptr<Component> clone() const override { return std::make_unique<Producer>(*this); }
  void relink(const Relink& r) override;

  void configure(World&, const Settings&) override {}
  void begin(World& world);
  void stop(World& world);
  void set_paused(World& world, bool paused);
  bool paused() const { return paused_; }
  std::int64_t remaining() const { return remaining_; }
  // When the last job was sent (or refused) and none waited in the broker's
  // line any more: the upload's own end. -1 until then.
  SimTime finished_at() const { return finished_at_; }
  const RateLimit& rate_limit() const { return limit_; }
  void set_rate_limit(World& world, const RateLimit& limit);
  std::uint64_t rate_limited() const { return rate_limited_; }

  void on_event(World& world, const Event& event) override;
  std::int64_t capacity() const override { return 0; }
  bool has_load_series() const override { return false; }
  std::int64_t queued() const override { return remaining_ + waiting_; }
  void report(nlohmann::json& out) const override;

 private:
  void schedule_next(World& world);
  void finish_if_done(World& world);

  Queue* queue_;
  std::uint32_t job_type_;
  std::int64_t remaining_;
  SimTime interval_;
  bool running_ = false, paused_ = false;
  SimTime finished_at_ = -1;
  std::uint32_t epoch_ = 0;  // bumped by pause/stop so stale ticks are ignored
  std::uint64_t sent_ = 0, refused_ = 0, blocked_ticks_ = 0, rate_limited_ = 0;
  std::int64_t waiting_ = 0;  // publishes waiting in the queue's line
  RateLimit limit_;
  TokenBucket bucket_;
 public:
  static constexpr std::int64_t kMaxWaiting = 1000;
};

}  // namespace bp
