#pragma once
// Queue: a durable job buffer between producers and workers.
//
// Jobs wait in two lanes (live and batch) and are handed to the workers this
// queue points at as soon as one has a free slot. At max_depth the full-queue
// policy decides what a publisher gets: `block` makes it wait (a request keeps
// its server slot meanwhile, which is how a backlog reaches the front door),
// `reject` fails it at once, `drop_oldest` makes room by losing the oldest job.
// Failed jobs are retried with their job type's backoff, then dead-lettered
// (when enabled) or lost.
#include <deque>
#include <map>
#include <vector>

#include "backpressure/histogram.h"
#include "backpressure/run_record.h"
#include "models/query_target.h"
#include "world/component.h"

namespace bp {

class Worker;

constexpr std::uint32_t kCallFailed = 102;  // reply kind: the call was refused
constexpr std::uint32_t kProducerAdmitted = 103;  // a producer's blocked publish got in
constexpr std::uint32_t kProducerRefused = 104;   // ... or was refused after a policy change

enum class JobOutcome : std::uint8_t { Done, Failed, Poison, DbTimeout, Downstream };
constexpr int kJobOutcomes = 5;
enum class OfferResult : std::uint8_t { Accepted, Blocked, Refused };

class Queue : public Component {
 public:
  Queue(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month);
  std::unique_ptr<Component> clone() const override { return std::make_unique<Queue>(*this); }
  void relink(const Relink& r) override;

  void configure(World& world, const Settings& settings) override;
  void wire(World& world, const ComponentSpec& spec) override;
  // A request publishes one job of `type`; its server gets kCallDone once
  // it is accepted, or kCallFailed when the queue refuses it.
  void publish(World& world, RequestId id, std::uint32_t type, std::uint32_t reply_to);
  // A background producer publishes one job. Under `block` a full queue
  // makes the producer wait and try again; under `reject` the job is refused.
  // A batch producer publishes one job. Under "block" a full queue puts the
  // publish in the same line as blocked requests (Blocked), and `producer`
  // later gets kProducerAdmitted or kProducerRefused.
  // `offered` is when the producer first offered the job (earlier than now
  // when it was told to slow down): the job's age counts from there.
  OfferResult offer(World& world, std::uint32_t type, std::uint32_t producer, SimTime offered);
  // A job whose worker crashed goes back to the front of its lane, its
  // attempt not counted, as a broker redelivers an unacknowledged message.
  void redeliver(World& world, JobId id);

  // Workers report how a job went; the queue retries, dead-letters or drops.
  void job_finished(World& world, JobId id, JobOutcome outcome);
  // Runbook moves: dead-letter every waiting job of a type, in a lane or in
  // its retry delay (returns how many), and re-publish dead letters at
  // `per_second` (0 stops the replay).
  std::int64_t move_to_dead_letter(World& world, std::uint32_t type);
  void replay_dead_letters(World& world, double per_second);

  // Hands waiting jobs to workers with free slots.
  void dispatch(World& world);

  void on_event(World& world, const Event& event) override;
  void on_step_end(World& world) override;
  void on_abandoned(World& world, RequestId id) override;
  // Removed: the jobs it holds (waiting, backing off, dead letters) are lost
  // and requests blocked publishing fail (not_connected). Jobs still being
  // worked finish at their worker and are then lost too.
  std::string shut_down(World& world) override;
  std::int64_t capacity() const override { return 0; }
  std::int64_t queued() const override { return depth(); }
  void report(nlohmann::json& out) const override;

  std::int64_t depth() const {
    return static_cast<std::int64_t>(lanes_[0].size() + lanes_[1].size() + delayed_.size());
  }
  std::int64_t dead_letters() const { return static_cast<std::int64_t>(dead_letter_.size()); }
  SimTime oldest_age(SimTime now) const;
  SimTime oldest_age(SimTime now, JobSpec::Lane lane) const;  // one lane's oldest waiting job
  bool full() const { return max_depth_ > 0 && depth() >= max_depth_; }

  // How jobs fared against an age target, for grading.
  struct Freshness {
    std::uint64_t on_time = 0, late = 0, lost = 0, dead_letters = 0, stale_waiting = 0;
  };
  Freshness freshness(SimTime now, SimTime target) const;
  // One account per job type offered here, with what the producers aimed at
  // this queue refused to themselves or never sent; `target` is the job age
  // (0: no promise, every done job is on time).
  std::vector<JobAccount> job_accounts(SimTime now, SimTime target) const;

  static constexpr std::uint32_t kRetryDue = 1;
  static constexpr std::uint32_t kReplay = 2;

 private:
  enum class FullPolicy { Block, Reject, DropOldest };
  void accept(World& world, std::uint32_t type, SimTime created = -1);
  void admit_blocked(World& world);
  void settle_blocked(World& world);
  void drop_oldest(World& world);
  bool take_next(World& world, JobId& out);
  void lose_on_removal(World& world, JobId id);

  // Per job type (index into World::jobs), for job_accounts().
  struct TypeTally {
    std::uint64_t published = 0, refused = 0, dropped = 0, gave_up = 0, removed = 0;
    LogHistogram age;
  };
  TypeTally& tally(std::uint32_t type);
  std::vector<TypeTally> tallies_;

  std::vector<Worker*> consumers_;
  std::size_t next_consumer_ = 0;
  std::deque<JobId> lanes_[2];  // live, batch
  // Failed jobs waiting out their backoff, each with the ticket its retry
  // event carries. A job moved to the dead-letter queue meanwhile loses its
  // entry, so the event finds nothing and the job stays where it was put.
  std::map<JobId, std::uint32_t> delayed_;
  std::uint32_t next_ticket_ = 0;
  std::deque<JobId> dead_letter_;
  struct Blocked {
    RequestRef ref;
    std::uint32_t type;
    std::uint32_t reply_to;
    bool producer = false;  // a batch producer's publish: no request, reply_to is the producer
    SimTime created = -1;   // a late producer publish: when it was first offered (-1: on admission)
  };
  // Admits or answers the head of the line once it may publish.
  bool still_waiting(World& world, const Blocked& b) const;
  std::deque<Blocked> blocked_;
  std::int64_t live_blocked_ = 0;

  std::int64_t max_depth_ = 0;
  FullPolicy policy_ = FullPolicy::Block;
  SimTime publish_time_ = 0;
  bool dead_letter_enabled_ = false;
  bool weighted_ = false;
  double batch_share_ = 0;
  RngStream rng_;
  double smoothing_alpha_;  // per-step weight of an exponential average over a minute

  std::uint64_t published_ = 0, done_ = 0, retried_ = 0, lost_ = 0, dropped_ = 0, refused_ = 0;
  std::uint64_t failures_[kJobOutcomes] = {};
  std::uint64_t redelivered_ = 0, moved_to_dlq_ = 0, replayed_ = 0;
  bool removed_ = false;
  std::uint64_t lost_on_removal_ = 0;
  SimTime replay_interval_ = 0;  // 0: no replay running
  std::uint32_t replay_epoch_ = 0;
  LogHistogram job_age_;  // enqueue to completion, microseconds
  double smoothed_in_ = 0, smoothed_out_ = 0;  // jobs per second
  std::uint64_t step_in_ = 0, step_out_ = 0;
  SimTime max_oldest_age_ = 0;
  Series *age_series_, *dlq_series_, *blocked_series_, *drain_series_, *growth_series_;
  // For root-cause analysis, per step: failed attempts by outcome, attempts
  // sent back for a retry, and jobs that used up their attempts.
  Series* failure_series_[kJobOutcomes] = {};
  Series *retry_series_, *gave_up_series_;
  std::uint64_t step_failures_[kJobOutcomes] = {};
  std::uint64_t step_retries_ = 0, step_gave_up_ = 0;
};

const char* job_outcome_name(JobOutcome o);

}  // namespace bp
