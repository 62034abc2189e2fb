#include "world/world.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "backpressure/catalogue.h"
#include "backpressure/input_error.h"
#include "world/component.h"

namespace bp {

namespace {

// Index of the q-quantile in a sorted sample of n: the nearest-rank
// definition, as the histogram uses.
std::size_t quantile_rank(std::size_t n, double q) {
  // std::ceil of a non-negative product, without a libm call.
  const double x = q * static_cast<double>(n);
  auto rank = static_cast<std::size_t>(x);
  if (static_cast<double>(rank) < x) ++rank;
  return std::min(n - 1, rank == 0 ? 0 : rank - 1);
}

// Puts the step's P50, P95 and P99 latencies at their sorted ranks. A step
// usually holds a handful of answers, where one sort beats selections; an
// overload can put thousands in one step, where selecting on the shrinking
// tail keeps the step linear.
std::array<SimTime, 3> step_quantiles(std::vector<SimTime>& v) {
  // Most steps hold one to three answers; there P95 and P99 are the largest
  // and P50 the smallest or the middle one, with no sort to call.
  if (v.size() <= 3) {
    const SimTime a = v[0], b = v.size() > 1 ? v[1] : a, c = v.size() > 2 ? v[2] : b;
    const SimTime hi = std::max(a, std::max(b, c));
    const SimTime p50 = v.size() == 2 ? std::min(a, b) : std::max(std::min(a, b), std::min(std::max(a, b), c));
    return {p50, hi, hi};
  }
  const std::array<std::size_t, 3> ranks{quantile_rank(v.size(), 0.50), quantile_rank(v.size(), 0.95),
                                         quantile_rank(v.size(), 0.99)};
  constexpr std::size_t kSortBelow = 64;
  if (v.size() < kSortBelow) {
    std::sort(v.begin(), v.end());
  } else {
    auto first = v.begin();
    for (const std::size_t rank : ranks) {
      const auto nth = v.begin() + static_cast<std::ptrdiff_t>(rank);
      if (nth < first) continue;  // same rank as the previous quantile
      std::nth_element(first, nth, v.end());
      first = nth + 1;  // everything before is in place and no larger
    }
  }
  return {v[ranks[0]], v[ranks[1]], v[ranks[2]]};
}

}  // namespace

const char* error_reason_name(ErrorReason r) {
  switch (r) {
    case ErrorReason::Timeout: return "timeout";
    case ErrorReason::ServerBusy: return "server_busy";
    case ErrorReason::NoServer: return "no_server";
    case ErrorReason::QueueFull: return "queue_full";
    case ErrorReason::RateLimited: return "rate_limited";
    case ErrorReason::NotConnected: return "not_connected";
    case ErrorReason::Count: break;
  }
  return "unknown";
}

World::World(const Scenario& scenario_, std::uint64_t seed, ComponentFactory make)
    : jobs(scenario_.jobs), job_effects(scenario_.jobs.size()), scenario(scenario_), seed_(seed), make_(std::move(make)) {
  const auto add_run = [&](const char* name, const char* unit) { return &add_series("run", name, unit); };
  run_series_.requests = add_run("requests", "per s");
  run_series_.errors = add_run("errors", "per s");
  run_series_.p50 = add_run("p50", "ms");
  run_series_.p95 = add_run("p95", "ms");
  run_series_.p99 = add_run("p99", "ms");
  run_series_.cost = add_run("cost", "usd");

  action_limits.resize(scenario.traffic.actions.size());
  for (std::uint32_t a = 0; a < action_limits.size(); ++a) set_action_limit(a, scenario.traffic.actions[a].rate_limit);
  for (std::uint32_t i = 0; i < scenario.components.size(); ++i)
    components_.push_back(make_(*this, scenario.components[i], i));
  specs_ = scenario.components;
  ComponentSpec traffic_spec;
  traffic_spec.id = "traffic";
  traffic_spec.type = "traffic";
  traffic_index_ = static_cast<std::uint32_t>(components_.size());
  components_.push_back(make_(*this, traffic_spec, traffic_index_));
  Component& source = *components_.back();
  specs_.push_back(traffic_spec);
  added_at_.assign(components_.size(), -1);
  removed_at_.assign(components_.size(), -1);
  for (auto& c : components_) c->add_load_series(*this);
  for (std::uint32_t i = 0; i < scenario.components.size(); ++i) components_[i]->configure(*this, scenario.components[i].settings);
  for (std::uint32_t i = 0; i < scenario.components.size(); ++i) components_[i]->wire(*this, scenario.components[i]);
  source.wire(*this, traffic_spec);
  source.begin(*this);
}

ComponentList::ComponentList(const ComponentList& other) : std::vector<std::unique_ptr<Component>>() {
  reserve(other.size());
  for (const auto& c : other) push_back(c->clone());
}

ComponentList::~ComponentList() = default;

World::World(const World&) = default;

World::World(const World& original, Copy) : World(original) {
  const Relink relink(original, *this);
  for (auto& c : components_) c->relink(relink);
  for (Series** s : {&run_series_.requests, &run_series_.errors, &run_series_.p50, &run_series_.p95, &run_series_.p99,
                     &run_series_.cost})
    relink(*s);
}

std::uint32_t World::add_component(std::unique_ptr<Component> component, ComponentSpec spec) {
  component->add_load_series(*this);
  components_.push_back(std::move(component));
  specs_.push_back(std::move(spec));
  added_at_.push_back(step_index);
  removed_at_.push_back(-1);
  // Its series start now; the steps before it existed hold "no value", so
  // every series lines up step for step.
  const std::string& id = components_.back()->id();
  for (auto& s : series_)
    if (s.component() == id)
      while (s.steps() < step_index) s.push(std::nan(""));
  return static_cast<std::uint32_t>(components_.size() - 1);
}

bool World::designed(std::uint32_t index) const {
  return index != traffic_index_ && Catalogue::builtin().find(specs_[index].type) != nullptr;
}

std::vector<ComponentSpec> World::live_design() const {
  std::vector<ComponentSpec> out;
  for (std::uint32_t i = 0; i < components_.size(); ++i)
    if (designed(i) && !removed(i)) {
      out.push_back(specs_[i]);
      out.back().settings = components_[i]->settings();  // as commands left them
    }
  return out;
}

std::uint32_t World::add_designed(const ComponentSpec& spec) {
  const auto index = static_cast<std::uint32_t>(components_.size());
  // The component draws from its own stream, named by its id, so adding it
  // leaves every other component's random numbers as they were.
  std::unique_ptr<Component> c = make_(*this, spec, index);
  Component& added = *c;
  add_component(std::move(c), spec);
  added.start_mid_run(*this, spec.settings);
  rewire();
  return index;
}

std::string World::remove_designed(std::uint32_t index) {
  // What it holds is settled while its edges still stand (a worker hands its
  // jobs back to its queue), then every edge to and from it goes.
  const std::string lost = components_[index]->shut_down(*this);
  removed_at_[index] = step_index;
  const std::string& id = specs_[index].id;
  specs_[index].targets.clear();
  for (std::uint32_t i = 0; i < components_.size(); ++i) {
    auto& targets = specs_[i].targets;
    targets.erase(std::remove(targets.begin(), targets.end(), id), targets.end());
  }
  for (std::size_t s = 0; s < series_.size(); ++s)
    if (series_[s].component() == id) removed_series_.push_back(s);
  rewire();
  return lost;
}

void World::set_targets(std::uint32_t index, std::vector<std::string> targets) {
  specs_[index].targets = std::move(targets);
  rewire();
}

void World::rewire() {
  for (std::uint32_t i = 0; i < components_.size(); ++i)
    if (designed(i) && !removed(i)) components_[i]->wire(*this, specs_[i]);
  components_[traffic_index_]->wire(*this, specs_[traffic_index_]);
}

World::~World() = default;

std::uint32_t World::index_of(const std::string& id) const {
  for (std::uint32_t i = 0; i < components_.size(); ++i)
    if (components_[i]->id() == id) return i;
  return kNone;
}

Series& World::add_series(const std::string& component, const std::string& name, const std::string& unit) {
  series_.emplace_back(component, name, unit);
  // A component added mid-run (a triggered batch upload's producer) has no
  // values for the steps before it existed, so that every series covers the
  // same steps and their points line up in charts and the CSV.
  for (std::int64_t i = 0; i < step_index; ++i) series_.back().push(std::nan(""));
  return series_.back();
}

void World::over_budget(const char* what, std::size_t budget) const {
  throw InputError(scenario.file, "",
                   fmt::format("the run stopped at {:.1f} s: more than {} {} at once, the most one run holds in memory "
                               "(docs/reliability.md); give the design more capacity or the traffic fewer users",
                               to_seconds(now), budget, what));
}

RequestId World::new_request(std::uint32_t action) {
  static const Request kBlank{};
  const RequestId id =
      requests_.acquire(kBlank, kMaxLiveRequests, [this] { over_budget("requests in flight", kMaxLiveRequests); });
  Request& r = requests_[id];
  r.born = now;
  r.action = action;
  return id;
}

std::vector<RequestId> World::live_request_ids() const { return requests_.live_ids(); }

void World::free_request(RequestId id) { requests_.release(id); }

JobId World::new_job(std::uint32_t type) {
  static const Job kBlank{};
  const JobId id = jobs_.acquire(
      kBlank, kMaxLiveJobs, [this] { over_budget("jobs held (waiting, running or retrying)", kMaxLiveJobs); });
  Job& j = jobs_[id];
  j.created = now;
  j.type = type;
  return id;
}

void World::free_job(JobId id) { jobs_.release(id); }

void World::answer_ok(RequestId id) {
  Request& r = requests_[id];
  r.answered = true;
  const SimTime latency = now - r.born;
  ++totals.ok;
  ++step_ok_;
  totals.latency_ok.record(latency);
  hour_latency.record(latency);
  step_latencies_.push_back(latency);
}

void World::answer_error(RequestId id, ErrorReason reason, SimTime latency) {
  Request& r = requests_[id];
  r.answered = true;
  ++totals.failed;
  ++totals.errors[static_cast<std::size_t>(reason)];
  // During a retry storm users try a failed action again, adding load just
  // when the system can least take it.
  if (r.client_retries < client_retries.retries)
    if (const SimTime at = now + client_retries.delay; at < scenario.duration)
      schedule(at, traffic_index_, kClientRetryEvent,
               (static_cast<std::uint64_t>(r.client_retries + 1) << 32) | r.action);
  ++step_failed_;
  totals.latency_failed.record(latency);
  hour_latency.record(latency);
  step_latencies_.push_back(latency);
}

void World::run_step() {
  const SimTime end = (step_index + 1) * scenario.step;
  Event e;
  while (events.pop_before(end, e)) {
    now = e.time;
    components_[e.target]->on_event(*this, e);
    ++events_processed;
  }
  now = end;
  ++step_index;
  end_step();
}

void World::end_step() {
  // A removed component takes no step and pays no bill; its series record
  // "no value" from its removal on.
  for (std::uint32_t i = 0; i < components_.size(); ++i)
    if (!removed(i)) components_[i]->on_step_end(*this);
  for (std::uint32_t i = 0; i < components_.size(); ++i)
    if (!removed(i)) components_[i]->sample(*this, scenario.step);
  for (const std::size_t s : removed_series_) series_[s].push(std::nan(""));

  const double per_s = static_cast<double>(kSecond) / static_cast<double>(scenario.step);
  run_series_.requests->push(static_cast<double>(step_ok_ + step_failed_) * per_s);
  run_series_.errors->push(static_cast<double>(step_failed_) * per_s);
  if (step_latencies_.empty()) {
    const double none = std::nan("");
    run_series_.p50->push(none);
    run_series_.p95->push(none);
    run_series_.p99->push(none);
  } else {
    const auto [p50, p95, p99] = step_quantiles(step_latencies_);
    run_series_.p50->push(static_cast<double>(p50) / kMillisecond);
    run_series_.p95->push(static_cast<double>(p95) / kMillisecond);
    run_series_.p99->push(static_cast<double>(p99) / kMillisecond);
  }
  run_series_.cost->push(totals.cost);
  step_latencies_.clear();
  step_ok_ = step_failed_ = 0;
  for (const std::uint32_t c : scaling_) components_[c]->apply_scaling(*this);
  scaling_.clear();
  watch_contract();
}

void World::watch_contract() {
  if (now % kHour == 0) {
    totals.hourly_p95_ms.push_back(hour_latency.count() ? hour_latency.quantile(0.95) / kMillisecond : 0.0);
    hour_latency.clear();
  }
  const ContractSpec& c = scenario.contract;
  if (!c.present) return;
  // Early on a handful of requests would swing the ratio, so uptime is judged
  // once a hundred have been answered.
  const std::uint64_t answered = totals.ok + totals.failed;
  if (totals.uptime_breached < 0 && answered >= 100 &&
      static_cast<double>(totals.ok) < c.uptime * static_cast<double>(answered))
    totals.uptime_breached = now;
  if (totals.budget_breached < 0 && now >= kHour &&
      totals.cost / (static_cast<double>(now) / static_cast<double>(kMonth)) > c.budget_per_month)
    totals.budget_breached = now;
}

}  // namespace bp
