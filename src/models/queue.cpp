#include "models/queue.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "models/producer.h"
#include "models/worker.h"

namespace bp {

namespace {
// Rates are smoothed over about a minute so growth and drain estimates do not
// flicker with every step.
constexpr double kSmoothingSeconds = 60.0;
}  // namespace

const char* job_outcome_name(JobOutcome o) {
  switch (o) {
    case JobOutcome::Done: return "done";
    case JobOutcome::Failed: return "failed";
    case JobOutcome::Poison: return "poison";
    case JobOutcome::DbTimeout: return "db_timeout";
    case JobOutcome::Downstream: return "downstream";
  }
  return "unknown";
}

Queue::Queue(World& world, const ComponentSpec& spec, std::uint32_t index, double cost_per_month)
    : Component(world, spec, index, cost_per_month),
      rng_(world.stream(spec.id)),
      smoothing_alpha_(1.0 - std::exp(-to_seconds(world.scenario.step) / kSmoothingSeconds)),
      age_series_(&world.add_series(spec.id, "oldest_age", "s")),
      dlq_series_(&world.add_series(spec.id, "dead_letters", "jobs")),
      blocked_series_(&world.add_series(spec.id, "blocked_publishers", "requests")),
      drain_series_(&world.add_series(spec.id, "time_to_drain", "s")),
      growth_series_(&world.add_series(spec.id, "growth", "jobs per min")) {
  static const char* const kFailureSeries[kJobOutcomes] = {"", "processing_failures", "poison_failures",
                                                            "db_timeout_failures", "downstream_failures"};
  for (int i = 1; i < kJobOutcomes; ++i) failure_series_[i] = &world.add_series(spec.id, kFailureSeries[i], "per s");
  retry_series_ = &world.add_series(spec.id, "retries", "per s");
  gave_up_series_ = &world.add_series(spec.id, "gave_up", "per s");
}

void Queue::configure(World& world, const Settings& settings) {
  max_depth_ = settings.integer("max_depth");
  const std::string& policy = settings.choice("full_policy");
  policy_ = policy == "reject" ? FullPolicy::Reject : policy == "drop_oldest" ? FullPolicy::DropOldest : FullPolicy::Block;
  publish_time_ = settings.duration("publish_time");
  dead_letter_enabled_ = settings.flag("dead_letter");
  weighted_ = settings.choice("lane_policy") == "weighted";
  batch_share_ = settings.number("batch_share");
  settle_blocked(world);
}

void Queue::settle_blocked(World& world) {
  // A higher limit admits waiting publishers; a policy that no longer blocks
  // answers all of them the way it would answer a new one.
  admit_blocked(world);
  if (policy_ == FullPolicy::Block) return;
  while (!blocked_.empty()) {
    const Blocked b = blocked_.front();
    blocked_.pop_front();
    if (!still_waiting(world, b)) continue;
    --live_blocked_;
    if (!b.producer) world.request(b.ref.id).waiting_at = kNone;
    if (policy_ == FullPolicy::Reject && full()) {
      ++refused_;
      ++tally(b.type).refused;
      if (b.producer) world.schedule(world.now, b.reply_to, kProducerRefused, 0);
      else world.schedule(world.now + publish_time_, b.reply_to, kCallFailed, b.ref.id);
      continue;
    }
    if (full()) drop_oldest(world);
    accept(world, b.type, b.created);
    if (b.producer) world.schedule(world.now, b.reply_to, kProducerAdmitted, 0);
    else world.schedule(world.now + publish_time_, b.reply_to, kCallDone, b.ref.id);
  }
  dispatch(world);
}

void Queue::drop_oldest(World& world) {
  // Batch work is sacrificed before live work.
  auto& lane = !lanes_[1].empty() ? lanes_[1] : lanes_[0];
  if (lane.empty()) return;
  ++tally(world.job(lane.front()).type).dropped;
  world.free_job(lane.front());
  lane.pop_front();
  in_system.change(world.now, -1);
  ++dropped_;
}

void Queue::wire(World& world, const ComponentSpec& spec) {
  consumers_.clear();
  next_consumer_ = 0;
  for (const auto& target : spec.targets)
    if (auto* w = dynamic_cast<Worker*>(&world.component(world.index_of(target)))) consumers_.push_back(w);
}

SimTime Queue::oldest_age(SimTime now) const {
  SimTime oldest = 0;
  for (const auto& lane : lanes_)
    if (!lane.empty()) oldest = std::max(oldest, now - world_->job(lane.front()).created);
  return oldest;
}

SimTime Queue::oldest_age(SimTime now, JobSpec::Lane lane) const {
  const auto& jobs = lanes_[lane == JobSpec::Lane::Batch ? 1 : 0];
  return jobs.empty() ? 0 : now - world_->job(jobs.front()).created;
}

void Queue::accept(World& world, std::uint32_t type, SimTime created) {
  const JobSpec& spec = world.jobs[type];
  const JobId id = world.new_job(type);
  Job& job = world.job(id);
  if (created >= 0) job.created = created;
  job.queue = index();
  const double poison = world.poison_share(type);
  job.poison = poison > 0 && rng_.uniform01() < poison;
  lanes_[spec.lane == JobSpec::Lane::Batch ? 1 : 0].push_back(id);
  in_system.change(world.now, +1);
  count_arrival();
  ++published_;
  ++tally(type).published;
  ++step_in_;
}

void Queue::publish(World& world, RequestId id, std::uint32_t type, std::uint32_t reply_to) {
  if (removed_) {  // unreachable once unwired; kept safe all the same
    world.schedule(world.now, reply_to, kCallFailed, id);
    return;
  }
  if (full()) {
    switch (policy_) {
      case FullPolicy::Reject:
        ++refused_;
        ++tally(type).refused;
        world.schedule(world.now + publish_time_, reply_to, kCallFailed, id);
        return;
      case FullPolicy::Block:
        blocked_.push_back({world.ref(id), type, reply_to});
        ++live_blocked_;
        world.request(id).waiting_at = index();
        return;
      case FullPolicy::DropOldest: drop_oldest(world); break;
    }
  }
  accept(world, type);
  world.schedule(world.now + publish_time_, reply_to, kCallDone, id);
  dispatch(world);
}

OfferResult Queue::offer(World& world, std::uint32_t type, std::uint32_t producer, SimTime offered) {
  // A publish the broker makes wait has always counted from its admission;
  // only a job the producer held back after a "slow down" carries its offer time.
  const SimTime created = offered < world.now ? offered : -1;
  if (removed_) return OfferResult::Refused;
  if (full() && policy_ == FullPolicy::Block) {
    // The producer's publish waits in the same line as the portal's: a
    // flood of bulk publishes ahead of a user's request is what makes the
    // user's request time out.
    blocked_.push_back({RequestRef{}, type, producer, true, created});
    ++live_blocked_;
    return OfferResult::Blocked;
  }
  if (full() && policy_ == FullPolicy::Reject) {
    ++refused_;
    ++tally(type).refused;
    return OfferResult::Refused;
  }
  if (full()) drop_oldest(world);
  accept(world, type, created);
  dispatch(world);
  return OfferResult::Accepted;
}

void Queue::redeliver(World& world, JobId id) {
  if (removed_) return lose_on_removal(world, id);
  ++redelivered_;
  lanes_[world.jobs[world.job(id).type].lane == JobSpec::Lane::Batch ? 1 : 0].push_front(id);
  dispatch(world);
}

void Queue::on_abandoned(World& world, RequestId id) {
  // A blocked publisher's request timed out: its handler stops waiting.
  --live_blocked_;
  world.request(id).waiting_at = kNone;
  world.schedule(world.now, world.request(id).server, kCallDone, id);
}

bool Queue::still_waiting(World& world, const Blocked& b) const {
  if (b.producer) return true;  // producers never give up
  return world.is_current(b.ref) && world.request(b.ref.id).waiting_at == index();  // else its request timed out
}

void Queue::admit_blocked(World& world) {
  while (!blocked_.empty() && !full()) {
    const Blocked b = blocked_.front();
    blocked_.pop_front();
    if (!still_waiting(world, b)) continue;
    --live_blocked_;
    accept(world, b.type, b.created);
    if (b.producer) {
      world.schedule(world.now, b.reply_to, kProducerAdmitted, 0);
      continue;
    }
    world.request(b.ref.id).waiting_at = kNone;
    world.schedule(world.now + publish_time_, b.reply_to, kCallDone, b.ref.id);
  }
}

bool Queue::take_next(World&, JobId& out) {
  int lane = -1;
  const bool live = !lanes_[0].empty(), batch = !lanes_[1].empty();
  if (live && batch) lane = (weighted_ && rng_.uniform01() < batch_share_) ? 1 : 0;
  else if (live) lane = 0;
  else if (batch) lane = 1;
  if (lane < 0) return false;
  out = lanes_[lane].front();
  lanes_[lane].pop_front();
  return true;
}

void Queue::dispatch(World& world) {
  while (!consumers_.empty() && (!lanes_[0].empty() || !lanes_[1].empty())) {
    Worker* free_worker = nullptr;
    for (std::size_t k = 0; k < consumers_.size(); ++k) {
      Worker* w = consumers_[(next_consumer_ + k) % consumers_.size()];
      if (w->has_capacity()) {
        free_worker = w;
        next_consumer_ = (next_consumer_ + k + 1) % consumers_.size();
        break;
      }
    }
    if (!free_worker) break;
    JobId id = 0;
    take_next(world, id);
    free_worker->take(world, id);
    if (!blocked_.empty()) admit_blocked(world);
  }
}

void Queue::job_finished(World& world, JobId id, JobOutcome outcome) {
  if (removed_) return lose_on_removal(world, id);
  Job& job = world.job(id);
  ++job.attempts;
  if (outcome == JobOutcome::Done) {
    count_completion();
    ++done_;
    ++step_out_;
    job_age_.record(world.now - job.created);
    tally(job.type).age.record(world.now - job.created);
    in_system.change(world.now, -1);
    world.free_job(id);
    return;
  }
  count_error();
  ++failures_[static_cast<int>(outcome)];
  ++step_failures_[static_cast<int>(outcome)];
  const JobSpec& spec = world.jobs[job.type];
  if (spec.max_attempts == 0 || job.attempts < spec.max_attempts) {
    // Exponential backoff doubles per attempt up to the cap; jitter spreads
    // retries so they do not arrive in lockstep.
    double delay = static_cast<double>(spec.backoff_base);
    if (spec.backoff == JobSpec::Backoff::Exponential) delay *= std::pow(2.0, std::min(job.attempts - 1, 60));
    delay *= 1.0 + spec.jitter * (2.0 * rng_.uniform01() - 1.0);
    delay = std::min(static_cast<double>(spec.backoff_cap), delay);
    ++retried_;
    ++step_retries_;
    const std::uint32_t ticket = ++next_ticket_;
    delayed_[id] = ticket;
    world.schedule(world.now + static_cast<SimTime>(std::max(0.0, delay)), index(), kRetryDue,
                   (std::uint64_t{ticket} << 32) | id);
    return;
  }
  in_system.change(world.now, -1);
  ++step_gave_up_;
  if (dead_letter_enabled_) {
    dead_letter_.push_back(id);
  } else {
    ++lost_;
    ++tally(job.type).gave_up;
    world.free_job(id);
  }
}

std::int64_t Queue::move_to_dead_letter(World& world, std::uint32_t type) {
  std::int64_t moved = 0;
  for (auto& lane : lanes_) {
    std::deque<JobId> keep;
    for (const JobId id : lane) {
      if (world.job(id).type == type) {
        dead_letter_.push_back(id);
        in_system.change(world.now, -1);
        ++moved;
      } else {
        keep.push_back(id);
      }
    }
    lane.swap(keep);
  }
  // Jobs waiting out a retry delay are waiting jobs too; they go in the
  // order they were first published, after the ones from the lanes.
  std::vector<JobId> backing_off;
  for (auto it = delayed_.begin(); it != delayed_.end();) {
    if (world.job(it->first).type == type) {
      backing_off.push_back(it->first);
      it = delayed_.erase(it);
    } else {
      ++it;
    }
  }
  std::stable_sort(backing_off.begin(), backing_off.end(),
                   [&](JobId a, JobId b) { return world.job(a).created < world.job(b).created; });
  for (const JobId id : backing_off) {
    dead_letter_.push_back(id);
    in_system.change(world.now, -1);
    ++moved;
  }
  moved_to_dlq_ += static_cast<std::uint64_t>(moved);
  admit_blocked(world);
  return moved;
}

void Queue::replay_dead_letters(World& world, double per_second) {
  ++replay_epoch_;
  replay_interval_ = per_second > 0 ? std::max<SimTime>(1, static_cast<SimTime>(kSecond / per_second)) : 0;
  if (replay_interval_ > 0) world.schedule(world.now + replay_interval_, index(), kReplay, replay_epoch_);
}

void Queue::on_event(World& world, const Event& event) {
  if (event.kind == kReplay) {
    if (removed_ || event.data != replay_epoch_ || dead_letter_.empty()) return;
    if (full()) {  // replaying must not push the queue over its limit
      world.schedule(world.now + replay_interval_, index(), kReplay, replay_epoch_);
      return;
    }
    const JobId id = dead_letter_.front();
    dead_letter_.pop_front();
    Job& job = world.job(id);
    job.attempts = 0;  // a replayed job gets a fresh set of attempts
    job.poison = job.poison && world.poison_share(job.type) > 0;  // a fixed bug no longer poisons it
    in_system.change(world.now, +1);
    ++replayed_;
    lanes_[world.jobs[job.type].lane == JobSpec::Lane::Batch ? 1 : 0].push_back(id);
    dispatch(world);
    if (!dead_letter_.empty()) world.schedule(world.now + replay_interval_, index(), kReplay, replay_epoch_);
    return;
  }
  if (event.kind != kRetryDue) return;
  const auto id = static_cast<JobId>(event.data & 0xffffffffu);
  const auto entry = delayed_.find(id);
  if (entry == delayed_.end() || entry->second != event.data >> 32) return;  // moved away meanwhile
  delayed_.erase(entry);
  lanes_[world.jobs[world.job(id).type].lane == JobSpec::Lane::Batch ? 1 : 0].push_back(id);
  dispatch(world);
}

void Queue::on_step_end(World& world) {
  const double step_s = to_seconds(world.scenario.step);
  const double alpha = smoothing_alpha_;
  smoothed_in_ += alpha * (static_cast<double>(step_in_) / step_s - smoothed_in_);
  smoothed_out_ += alpha * (static_cast<double>(step_out_) / step_s - smoothed_out_);
  step_in_ = step_out_ = 0;
  const SimTime age = oldest_age(world.now);
  max_oldest_age_ = std::max(max_oldest_age_, age);
  age_series_->push(to_seconds(age));
  dlq_series_->push(static_cast<double>(dead_letter_.size()));
  blocked_series_->push(static_cast<double>(live_blocked_));
  const double net_drain = smoothed_out_ - smoothed_in_;
  drain_series_->push(depth() == 0 ? 0.0 : net_drain > 1e-9 ? static_cast<double>(depth()) / net_drain : std::nan(""));
  growth_series_->push(-net_drain * 60.0);
  for (int i = 1; i < kJobOutcomes; ++i) {
    failure_series_[i]->push(static_cast<double>(step_failures_[i]) / step_s);
    step_failures_[i] = 0;
  }
  retry_series_->push(static_cast<double>(step_retries_) / step_s);
  gave_up_series_->push(static_cast<double>(step_gave_up_) / step_s);
  step_retries_ = step_gave_up_ = 0;
}

void Queue::lose_on_removal(World& world, JobId id) {
  ++lost_on_removal_;
  ++tally(world.job(id).type).removed;
  world.free_job(id);
}

std::string Queue::shut_down(World& world) {
  const std::int64_t waiting = static_cast<std::int64_t>(lanes_[0].size() + lanes_[1].size());
  const auto backing_off = static_cast<std::int64_t>(delayed_.size());
  const auto dead = static_cast<std::int64_t>(dead_letter_.size());
  for (auto& lane : lanes_) {
    for (const JobId id : lane) lose_on_removal(world, id);
    lane.clear();
  }
  for (const JobId id : dead_letter_) lose_on_removal(world, id);
  dead_letter_.clear();
  // Jobs backing off are lost now; their retry tickets then find nothing.
  for (const auto& [id, ticket] : delayed_) lose_on_removal(world, id);
  delayed_.clear();
  std::int64_t failed = 0;
  for (const Blocked& b : blocked_) {
    if (b.producer) {  // a batch producer's waiting publish is refused
      world.schedule(world.now, b.reply_to, kProducerRefused, 0);
      continue;
    }
    if (!still_waiting(world, b)) continue;
    Request& r = world.request(b.ref.id);
    r.waiting_at = kNone;
    if (!r.answered) {
      world.answer_error(b.ref.id, ErrorReason::NotConnected, world.now - r.born);
      ++failed;
    }
    r.timed_out = true;  // its server releases the slot without answering again
    world.schedule(world.now, b.reply_to, kCallFailed, b.ref.id);
  }
  blocked_.clear();
  live_blocked_ = 0;
  in_system.change(world.now, -in_system.level());
  removed_ = true;
  std::string out;
  const auto add = [&](std::int64_t n, const char* what) {
    if (n > 0) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, what);
  };
  add(waiting, "waiting jobs lost");
  add(backing_off, "jobs backing off lost");
  add(dead, "dead letters lost");
  add(failed, "blocked requests fail (not_connected)");
  return out;
}

Queue::Freshness Queue::freshness(SimTime now, SimTime target) const {
  Freshness f;
  f.on_time = job_age_.count_at_most(target);
  f.late = job_age_.count() - f.on_time;
  f.lost = lost_ + dropped_ + lost_on_removal_;
  f.dead_letters = dead_letter_.size();
  // Jobs still waiting are only held against the run once they are too old.
  for (const auto& lane : lanes_)
    for (const JobId id : lane)
      if (now - world_->job(id).created > target) ++f.stale_waiting;
  return f;
}

Queue::TypeTally& Queue::tally(std::uint32_t type) {
  if (type >= tallies_.size()) tallies_.resize(type + 1);
  return tallies_[type];
}

std::vector<JobAccount> Queue::job_accounts(SimTime now, SimTime target) const {
  const World& w = *world_;
  std::vector<JobAccount> out(std::max(tallies_.size(), w.jobs.size()));
  for (std::size_t t = 0; t < out.size(); ++t) {
    JobAccount& a = out[t];
    a.queue = id();
    a.job = t < w.jobs.size() ? w.jobs[t].name : std::to_string(t);
    a.sheddable = t < w.jobs.size() && w.jobs[t].sheddable;
    if (t >= tallies_.size()) continue;
    const TypeTally& y = tallies_[t];
    a.age = y.age;
    a.on_time = target > 0 ? y.age.count_at_most(target) : y.age.count();
    a.late = y.age.count() - a.on_time;
    a.refused = y.refused;
    a.dropped = y.dropped;
    a.gave_up = y.gave_up;
    a.removed = y.removed;
  }
  for (const JobId id : dead_letter_) ++out[w.job(id).type].dead_letters;
  if (target > 0)
    for (const auto& lane : lanes_)
      for (const JobId id : lane)
        if (now - w.job(id).created > target) ++out[w.job(id).type].stale_waiting;
  for (std::uint32_t i = 0; i < w.component_count(); ++i) {
    const auto* p = dynamic_cast<const Producer*>(&w.component(i));
    if (!p || p->target_queue() != id() || p->job_type() >= out.size()) continue;
    JobAccount& a = out[p->job_type()];
    a.rate_limited += p->gave_up();
    a.never_sent += static_cast<std::uint64_t>(p->never_sent());
  }
  for (std::size_t t = 0; t < out.size(); ++t) {
    JobAccount& a = out[t];
    const std::uint64_t published = t < tallies_.size() ? tallies_[t].published : 0;
    a.offered = published + a.refused + a.rate_limited + a.never_sent;
  }
  // Job types this queue never saw are left out.
  std::vector<JobAccount> seen;
  for (auto& a : out)
    if (a.offered > 0) seen.push_back(std::move(a));
  return seen;
}

void Queue::report(nlohmann::json& out) const {
  out["published"] = published_;
  out["done"] = done_;
  out["retried"] = retried_;
  out["lost"] = lost_;
  out["dropped"] = dropped_;
  out["refused"] = refused_;
  out["dead_letters"] = dead_letter_.size();
  out["depth_at_end"] = depth();
  out["oldest_age_s_max"] = to_seconds(max_oldest_age_);
  nlohmann::json failures;
  for (int i = 1; i < kJobOutcomes; ++i) failures[job_outcome_name(static_cast<JobOutcome>(i))] = failures_[i];
  out["redelivered"] = redelivered_;
  out["moved_to_dead_letter"] = moved_to_dlq_;
  out["replayed"] = replayed_;
  out["failures"] = failures;
  if (removed_) out["lost_on_removal"] = lost_on_removal_;
  auto s = [](double us) { return std::round(us / 1000.0) / 1000.0; };
  out["job_age_s"] = {{"mean", s(job_age_.mean())}, {"p50", s(job_age_.quantile(0.5))},
                      {"p95", s(job_age_.quantile(0.95))}, {"max", s(static_cast<double>(job_age_.max()))}};
  nlohmann::json types = nlohmann::json::object();
  for (const JobAccount& a : job_accounts(world_->now, world_->scenario.contract.job_age)) {
    const LogHistogram& h = a.age;
    types[a.job] = {
        {"offered", a.offered},
        {"done_on_time", a.on_time},
        {"late", a.late},
        {"waiting_past_job_age", a.stale_waiting},
        {"shed", a.shed()},
        {"lost", a.lost()},
        {"not_processed", {{"refused", a.refused},
                           {"dropped_oldest", a.dropped},
                           {"rate_limited_gave_up", a.rate_limited},
                           {"lost_after_attempts", a.gave_up},
                           {"dead_letter_at_end", a.dead_letters},
                           {"lost_on_removal", a.removed},
                           {"never_sent", a.never_sent}}},
        {"job_age_s", {{"count", h.count()}, {"mean", s(h.mean())}, {"p50", s(h.quantile(0.5))},
                       {"p95", s(h.quantile(0.95))}, {"p99", s(h.quantile(0.99))},
                       {"max", s(static_cast<double>(h.max()))}}}};
  }
  out["job_types"] = std::move(types);
}

void Queue::relink(const Relink& r) {
  Component::relink(r);
  r(consumers_);
  for (Series** s : {&age_series_, &dlq_series_, &blocked_series_, &drain_series_, &growth_series_, &retry_series_, &gave_up_series_}) r(*s);
  for (Series*& s : failure_series_) r(s);
}

}  // namespace bp
