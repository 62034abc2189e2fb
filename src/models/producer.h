#pragma once
// A background producer: publishes a batch of jobs into a queue at a steady
// rate (a partner's bulk upload, a backfill). It is created for a
// batch_upload incident and can be paused and resumed by commands. When the
// queue blocks, its publishes wait in the broker's line with everyone
// else's, up to kMaxWaiting at once (a bulk loader's open connections); when
// the queue refuses, that job is lost to the producer.
//
// A producer may have a rate limit (a token bucket at the publisher). Over the
// limit the source is told to slow down (counted as rate_limited) and, as a
// real client does, keeps the job and tries again after a backoff that
// doubles from kBackoffBase to kBackoffCap and resets once a send gets
// through; new jobs queue behind it meanwhile. Each job's age counts from
// when the upload first offered it, so a slowed-down upload shows up late,
// not lost. A source marked gives_up_when_limited drops the job instead
// (gave_up). A `set` command changes the limit mid-run.
#include <deque>

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
  // Jobs dropped after a "slow down" (only a source that gives up drops any).
  std::uint64_t gave_up() const { return gave_up_; }
  // Jobs the upload meant to send that never got into the queue: not yet
  // sent, told to slow down and still held, or waiting in the broker's line.
  std::int64_t never_sent() const { return remaining_ + waiting_; }
  const std::string& target_queue() const;
  std::uint32_t job_type() const { return job_type_; }

  void on_event(World& world, const Event& event) override;
  std::int64_t capacity() const override { return 0; }
  bool has_load_series() const override { return false; }
  std::int64_t queued() const override { return remaining_ + waiting_; }
  void report(nlohmann::json& out) const override;

 private:
  void schedule_next(World& world);
  void finish_if_done(World& world);
  void send_held(World& world);
  void send(World& world, SimTime offered);

  Queue* queue_;
  std::uint32_t job_type_;
  std::int64_t remaining_;  // not sent yet: to_offer_ plus held_
  std::int64_t to_offer_;   // not offered yet
  std::deque<SimTime> held_;  // offered (at these times) and not sent yet
  SimTime retry_at_ = 0;      // told to slow down: no send before this
  SimTime backoff_ = kBackoffBase;
  bool gives_up_ = false;
  SimTime interval_;
  bool running_ = false, paused_ = false;
  SimTime finished_at_ = -1;
  std::uint32_t epoch_ = 0;  // bumped by pause/stop so stale ticks are ignored
  std::uint64_t sent_ = 0, refused_ = 0, blocked_ticks_ = 0, rate_limited_ = 0, gave_up_ = 0;
  std::int64_t waiting_ = 0;  // publishes waiting in the queue's line
  RateLimit limit_;
  TokenBucket bucket_;
 public:
  static constexpr std::int64_t kMaxWaiting = 1000;
  static constexpr SimTime kBackoffBase = kSecond, kBackoffCap = kMinute;
};

}  // namespace bp
