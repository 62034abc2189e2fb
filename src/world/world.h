#pragma once
// The state of one run that the component models share: clock, pending
// events, live requests and jobs, components and run-wide measurements.
// Components get a World& and act on it. The world knows no concrete model:
// the simulation layer hands it a factory and drives its steps
// (simulation/run_state.h).
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "backpressure/histogram.h"
#include "backpressure/rng.h"
#include "backpressure/run_record.h"
#include "backpressure/scenario.h"
#include "backpressure/scheduler.h"
#include "backpressure/series.h"
#include "backpressure/time.h"
#include "engine/slot_pool.h"
#include "engine/token_bucket.h"

namespace bp {

class Component;
class World;

// Builds the model for a component spec, with the index it will have.
using ComponentFactory = std::function<std::unique_ptr<Component>(World&, const ComponentSpec&, std::uint32_t)>;

// The event kind the traffic source reads as "a user tries a failed action
// again" (data: attempt << 32 | action), so the world can schedule a retry
// without knowing the traffic model.
constexpr std::uint32_t kClientRetryEvent = 2;

using RequestId = std::uint32_t;
constexpr std::uint32_t kNone = 0xffffffffu;


struct Request {
  SimTime born = 0;
  SimTime deadline = 0;           // 0: no timeout
  std::uint32_t action = 0;
  std::uint32_t server = kNone;   // component holding its slot
  std::uint32_t instance = 0;
  std::uint32_t waiting_at = kNone;  // component whose wait list holds it
  std::uint32_t waiting_node = 0;    // which of that component's nodes
  std::uint32_t generation = 0;   // bumped on reuse, so stale handles are detectable
  std::uint16_t next_call = 0;    // next index into the action's calls
  std::uint16_t repeats_left = 0; // further repeats of the current call
  std::uint16_t client_retries = 0;  // how many times the user already retried this action
  std::uint32_t epoch = 0;        // its server instance's crash count when it was accepted
  bool answered = false;          // the user has their response (or error)
  bool timed_out = false;
};

// A background job: published by a request (or a producer), waits in a queue,
// is worked on by a worker, and may fail and be retried.
using JobId = std::uint32_t;
struct Job {
  SimTime created = 0;       // first publish: a job's age counts from here
  SimTime taken = 0;         // when a worker took its current attempt
  std::uint32_t type = 0;    // index into Scenario::jobs
  std::uint32_t queue = kNone;
  std::uint32_t worker = kNone;
  std::uint32_t instance = 0;
  std::uint32_t generation = 0;
  std::uint16_t attempts = 0;
  std::uint16_t writes_left = 0;
  bool poison = false;
};

// A request handle that survives the slot being reused.
struct RequestRef {
  RequestId id = 0;
  std::uint32_t generation = 0;
};

// The components a world owns. Copying the list clones every component
// (Component::clone); the clones still point into the original world until
// the copy's constructor relinks them.
class ComponentList : public std::vector<std::unique_ptr<Component>> {
 public:
  ComponentList() = default;
  ComponentList(const ComponentList& other);
  ComponentList(ComponentList&&) = default;
  ComponentList& operator=(const ComponentList&) = delete;
  ComponentList& operator=(ComponentList&&) = default;
  ~ComponentList();
};

class World {
 public:
  // Builds every component of the scenario and the traffic source (type
  // "traffic") with `make`, configures and wires them, and starts the
  // traffic. `make` also builds the components added while running.
  World(const Scenario& scenario, std::uint64_t seed, ComponentFactory make);
  ~World();
  // A copy of a running world that continues exactly as the original would:
  // every value copied, every component cloned and re-pointed at the copy
  // (docs/architecture.md, "Snapshots"). Both share the scenario, which
  // must outlive them.
  struct Copy {};
  World(const World& original, Copy);
  World& operator=(const World&) = delete;

  // --- time and events
  SimTime now = 0;
  std::int64_t step_index = 0;
  void schedule(SimTime at, std::uint32_t target, std::uint32_t kind, std::uint64_t data) {
    events.push(at, target, kind, data);
  }
  // Runs every event before the next step boundary, then samples. The
  // simulation starts incidents before it and evaluates alerts after it.
  void run_step();

  // --- requests
  // Budgets of one run: past them the pools would outgrow the memory (a
  // request slot and its events take ~100 bytes, a job's ~60, and a pool
  // doubles as it grows), so the run stops with an InputError naming the
  // budget instead of ending in std::bad_alloc or the OOM killer.
  static constexpr std::size_t kMaxLiveRequests = 4'000'000;
  static constexpr std::size_t kMaxLiveJobs = 8'000'000;
  RequestId new_request(std::uint32_t action);
  void free_request(RequestId id);
  Request& request(RequestId id) { return requests_[id]; }
  RequestRef ref(RequestId id) const { return {id, requests_[id].generation}; }
  bool is_current(RequestRef r) const { return requests_[r.id].generation == r.generation; }
  // The user's answer: success, or an error with the latency they saw.
  void answer_ok(RequestId id);
  void answer_error(RequestId id, ErrorReason reason, SimTime latency);

  // --- jobs
  JobId new_job(std::uint32_t type);
  void free_job(JobId id);
  Job& job(JobId id) { return jobs_[id]; }
  const Job& job(JobId id) const { return jobs_[id]; }
  std::size_t live_jobs() const { return jobs_.live(); }

  // --- job types, as the run has them now (commands and incidents change them)
  std::vector<JobSpec> jobs;
  struct JobEffects {
    double poison_share = 0;  // raised by poison_jobs incidents
    int outages = 0;          // active downstream outages
  };
  std::vector<JobEffects> job_effects;
  double poison_share(std::uint32_t type) const {
    return std::max(jobs[type].poison_share, job_effects[type].poison_share);
  }

  // --- rate limits on action types, one bucket each (a shared limiter in
  // front of every server, as a gateway or a Redis-backed limiter would be)
  struct ActionLimit {
    RateLimit spec;
    TokenBucket bucket;
    std::uint64_t rejected = 0;
  };
  std::vector<ActionLimit> action_limits;
  // Takes a token for one request of `action`; false when it is over its limit.
  bool admit_action(std::uint32_t action) {
    ActionLimit& l = action_limits[action];
    if (l.bucket.take(now)) return true;
    ++l.rejected;
    return false;
  }
  void set_action_limit(std::uint32_t action, const RateLimit& limit) {
    action_limits[action].spec = limit;
    action_limits[action].bucket.configure(limit.per_second, limit.effective_burst(), now);
  }

  // --- users retrying failed requests (retry_storm)
  struct ClientRetries {
    int retries = 0;
    SimTime delay = 0;
  } client_retries;

  // --- components added while running
  // Adds a component built with index component_count() (a batch upload's
  // producer, or a component a design command adds). Its series are padded
  // with "no value" for the steps before it existed.
  std::uint32_t add_component(std::unique_ptr<Component> component, ComponentSpec spec);
  std::uint32_t traffic_index() const { return traffic_index_; }

  // --- the design as it is now (docs/scenario-format.md, "Design changes").
  // Every component keeps its spec; connect and disconnect change targets.
  // A removed component stays in the list (its history is in the report) but
  // takes no part in the run: no edges, no steps, no bill.
  const ComponentSpec& spec(std::uint32_t index) const { return specs_[index]; }
  bool removed(std::uint32_t index) const { return removed_at_[index] >= 0; }
  std::int64_t added_at(std::uint32_t index) const { return added_at_[index]; }      // -1: from the scenario
  std::int64_t removed_at(std::uint32_t index) const { return removed_at_[index]; }  // -1: still there
  // A designed component is one of the catalogue's types (not the traffic
  // source or a producer).
  bool designed(std::uint32_t index) const;
  // The specs of the designed components that are still there, in order.
  std::vector<ComponentSpec> live_design() const;
  std::uint32_t add_designed(const ComponentSpec& spec);
  // Returns what the removal threw away, in words ("" when nothing).
  std::string remove_designed(std::uint32_t index);
  void set_targets(std::uint32_t index, std::vector<std::string> targets);
  // What each design change did beyond the obvious, in words, by step (the
  // report's design_changes).
  struct DesignNote {
    std::int64_t step;
    std::string change;  // "remove_component web"
    std::string note;    // "12 requests in flight fail (no_server)", or ""
  };
  std::vector<DesignNote> design_notes;

  // --- components and streams
  Component& component(std::uint32_t index) { return *components_[index]; }
  const Component& component(std::uint32_t index) const { return *components_[index]; }
  std::size_t component_count() const { return components_.size(); }
  std::uint32_t index_of(const std::string& id) const;  // kNone if absent (removed ones are found)
  RngStream stream(const std::string& name) const { return RngStream(seed_, name); }
  Series& add_series(const std::string& component, const std::string& name, const std::string& unit);

  const Scenario& scenario;
  Scheduler events;
  std::uint64_t events_processed = 0;

  // --- run-wide measurements
  RunTotals totals;
  // The current hour's latencies, folded into hourly_p95_ms when it ends.
  LogHistogram hour_latency;
  std::deque<Series>& series() { return series_; }
  const std::deque<Series>& series() const { return series_; }
  std::size_t live_requests() const { return requests_.live(); }
  // The ids of every request in progress (a rare, whole-table walk: for
  // removing a server).
  std::vector<RequestId> live_request_ids() const;

  // A component whose autoscaler decided at this boundary to change its
  // instance count. The change is applied after the boundary is sampled, the
  // point where a player's commands apply, so every step is measured and
  // billed with one design.
  void defer_scaling(std::uint32_t component) { scaling_.push_back(component); }

 private:
  // Member-wise, so a member added later is copied too; only the copy
  // above (which relinks) may use it.
  World(const World&);
  void end_step();
  void watch_contract();
  // Re-resolves every live component's targets from the specs.
  void rewire();

  std::uint64_t seed_;
  ComponentFactory make_;
  std::uint32_t traffic_index_ = 0;
  ComponentList components_;
  std::vector<ComponentSpec> specs_;  // parallel to components_
  std::vector<std::int64_t> added_at_, removed_at_;
  std::vector<std::size_t> removed_series_;  // series of removed components: "no value" each step
  [[noreturn]] void over_budget(const char* what, std::size_t budget) const;
  SlotPool<Request> requests_;
  SlotPool<Job> jobs_;
  std::deque<Series> series_;  // deque: components keep references
  std::vector<std::uint32_t> scaling_;  // components with a scaling decision to apply
  std::vector<SimTime> step_latencies_;
  std::uint64_t step_ok_ = 0, step_failed_ = 0;
  struct RunSeries {
    Series *requests, *errors, *p50, *p95, *p99, *cost;
  } run_series_{};
};

}  // namespace bp
