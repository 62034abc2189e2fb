#include "grading/root_causes.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "backpressure/run_record.h"
#include "grading/run_metrics.h"
#include "grading/thresholds.h"

namespace bp {

namespace {

using namespace thresholds;  // docs/grading.md explains each

struct WorkerView {
  std::string id, db;
  std::vector<double> instances, healthy, util, job_time, pool_wait, pooled;
  double db_pool = 0;
};

struct DbView {
  std::string id;
  std::vector<double> connections, waits, util;
  double max_connections = 0;
};

struct QueueView {
  std::string id;
  std::vector<double> in, out, depth, age, retries, gave_up, dlq;
  std::vector<double> processing, poison, db_timeout, downstream;
  std::vector<WorkerView> workers;
};

double at(const std::vector<double>& v, std::size_t i) { return i < v.size() && known(v[i]) ? v[i] : 0.0; }
double or0(double v) { return known(v) ? v : 0.0; }
double ratio(double a, double b) { return known(a) && known(b) && b > 0 ? a / b : std::nan(""); }

class Analysis {
 public:
  explicit Analysis(const RunRecord& run) : run_(run), grid_(run), min_windows_(grid_.windows_for(kSustained)) {
    const Scenario& s = run.scenario;
    for (std::size_t i = 0; i < s.components.size(); ++i) {
      const ComponentSpec& c = s.components[i];
      if (c.type == "postgres") dbs_.push_back(db_view(c));
    }
    for (std::size_t i = 0; i < s.components.size(); ++i)
      if (s.components[i].type == "queue") queues_.push_back(queue_view(s.components[i]));
    requests_ = grid_.values("run", "requests");
  }

  std::vector<RootCause> run() {
    for (const auto& q : queues_) analyse_queue(q);
    for (const auto& db : dbs_) analyse_database(db);
    analyse_client_retries();
    std::stable_sort(causes_.begin(), causes_.end(), [](const RootCause& a, const RootCause& b) { return a.from < b.from; });
    return causes_;
  }

 private:
  // --- gathering the signals
  WorkerView worker_view(const ComponentSpec& spec) {
    WorkerView w;
    w.id = spec.id;
    w.instances = grid_.values(spec.id, "instances");
    w.healthy = grid_.values(spec.id, "healthy");
    w.util = grid_.values(spec.id, "utilization");
    w.job_time = grid_.values(spec.id, "job_time");
    w.pool_wait = grid_.values(spec.id, "queue");
    w.pooled = grid_.values(spec.id, "pooled_connections");
    if (const ComponentSpec* now = run_.find(spec.id)) w.db_pool = static_cast<double>(now->settings.integer("db_pool"));
    for (const auto& t : spec.targets)
      if (const ComponentSpec* c = run_.scenario.find(t); c && c->type == "postgres") w.db = t;
    return w;
  }

  DbView db_view(const ComponentSpec& spec) {
    DbView d;
    d.id = spec.id;
    d.connections = grid_.values(spec.id, "connections");
    d.waits = grid_.values(spec.id, "connection_waits");
    d.util = grid_.values(spec.id, "utilization");
    const ComponentSpec* now = run_.find(spec.id);
    d.max_connections = static_cast<double>((now ? now : &spec)->settings.integer("max_connections"));
    return d;
  }

  QueueView queue_view(const ComponentSpec& spec) {
    QueueView q;
    q.id = spec.id;
    q.in = grid_.values(spec.id, "arrivals");
    q.out = grid_.values(spec.id, "completions");
    q.depth = grid_.values(spec.id, "queue");
    q.age = grid_.values(spec.id, "oldest_age");
    q.retries = grid_.values(spec.id, "retries");
    q.gave_up = grid_.values(spec.id, "gave_up");
    q.dlq = grid_.values(spec.id, "dead_letters");
    q.processing = grid_.values(spec.id, "processing_failures");
    q.poison = grid_.values(spec.id, "poison_failures");
    q.db_timeout = grid_.values(spec.id, "db_timeout_failures");
    q.downstream = grid_.values(spec.id, "downstream_failures");
    for (const auto& t : spec.targets)
      if (const ComponentSpec* c = run_.scenario.find(t); c && c->type == "worker") q.workers.push_back(worker_view(*c));
    return q;
  }

  // --- words
  std::string when(std::size_t w) const { return clock_text(grid_.start(w), run_.now); }
  std::string when_end(std::size_t w) const { return clock_text(grid_.end(w - 1), run_.now); }
  std::string during(const Span& s) const {
    if (s.to >= grid_.size()) return "from " + when(s.from);
    return "from " + when(s.from) + " to " + when_end(s.to);
  }

  RootCause& add(const std::string& category, const std::string& component, const Span& s, std::string summary) {
    RootCause c;
    c.category = category;
    c.component = component;
    c.from = grid_.start(s.from);
    c.until = s.to >= grid_.size() ? -1 : grid_.end(s.to - 1);
    c.summary = std::move(summary);
    causes_.push_back(std::move(c));
    return causes_.back();
  }

  // "worker: 3 of 3 instances up, busy 97%, job time 250 ms"
  std::string consumers_text(const QueueView& q, const Span& s) const {
    std::string out;
    for (const auto& w : q.workers) {
      if (!out.empty()) out += "; ";
      // Instance counts are window means; a window holding a scale-up averages
      // to a fraction ("1 of 2.6 up"), so whole instances are reported, and a
      // count the player changed is shown as a range rather than as instances
      // that were down.
      const double fewest = std::round(min_over(w.instances, s.from, s.to));
      const double most = std::round(max_over(w.instances, s.from, s.to));
      const double fewest_up = std::round(min_over(w.healthy, s.from, s.to));
      const double most_up = std::round(max_over(w.healthy, s.from, s.to));
      std::string up;
      if (fewest_up == fewest && most_up == most && fewest != most)
        up = fmt::format("{} to {} instances, all up", count_text(fewest), count_text(most));
      else
        up = fmt::format("{} of {} instances up", count_text(fewest_up), count_text(most));
      out += fmt::format("{}: {}, busy {:.0f}%", w.id, up, 100 * or0(mean_over(w.util, s.from, s.to)));
      const double jt = mean_over(w.job_time, s.from, s.to);
      if (known(jt)) out += fmt::format(", job time {} ms", count_text(jt));
    }
    return out;
  }

  bool overlaps(const Span& s, const std::vector<Span>& others) const {
    for (const auto& o : others)
      if (o.from < s.to && s.from < o.to) return true;
    return false;
  }

  // --- the rules
  void analyse_queue(const QueueView& q) {
    const std::size_t n = grid_.size();
    std::vector<Span> outages, slow, exhausted, retry_storms;

    // Instances of every pool the queue feeds: a pool left at zero on
    // purpose (a reserve) is no outage while another pool consumes.
    std::vector<double> consumers(n, 0.0);
    for (const auto& w : q.workers)
      for (std::size_t i = 0; i < n; ++i) consumers[i] += at(w.instances, i);
    for (const auto& w : q.workers) {
      // Consumer outage: instances crashed, or no consumer at all while jobs arrive.
      std::vector<bool> down(n);
      for (std::size_t i = 0; i < n; ++i)
        down[i] = at(w.healthy, i) < at(w.instances, i) - 0.5 ||
                  (consumers[i] < 0.5 && at(q.in, i) > kMinRate && at(q.depth, i) >= 1);
      for (const Span& s : spans(down, min_windows_)) {
        outages.push_back(s);
        const double before = s.from > 0 ? mean_over(q.out, s.from >= min_windows_ ? s.from - min_windows_ : 0, s.from)
                                         : std::nan("");
        const double most = max_over(w.instances, s.from, s.to);
        auto& c = add("consumer_outage", w.id, s,
                      most < 0.5 ? fmt::format("No consumer was running: {} had no instances {} while jobs arrived.",
                                               w.id, during(s))
                                 : fmt::format("Consumers went down: {} of {} {} instances were out {}.",
                                               count_text(most - min_over(w.healthy, s.from, s.to)), count_text(most),
                                               w.id, during(s)));
        c.evidence.push_back(fmt::format("{}: as few as {} of {} instances up {}", w.id,
                                         count_text(min_over(w.healthy, s.from, s.to)),
                                         count_text(max_over(w.instances, s.from, s.to)), during(s)));
        c.evidence.push_back(fmt::format("{} completed {} (vs {} before) while {} arrived", q.id,
                                         per_minute(mean_over(q.out, s.from, s.to)),
                                         known(before) ? per_minute(before) : std::string("n/a"),
                                         per_minute(mean_over(q.in, s.from, s.to))));
        c.evidence.push_back(fmt::format("{} backlog reached {} jobs", q.id, count_text(max_over(q.depth, s.from, s.to))));
      }

      // Slow processing: jobs take much longer than usual while consumers are up.
      const double usual = quantile_of(w.job_time, 0.25);
      if (known(usual) && usual > 0) {
        std::vector<bool> slow_now(n);
        for (std::size_t i = 0; i < n; ++i) slow_now[i] = known(w.job_time[i]) && w.job_time[i] >= kSlowFactor * usual;
        for (const Span& s : spans(slow_now, min_windows_)) {
          if (db_exhausted_during(w, q, s)) continue;  // waits for connections are not slow work
          slow.push_back(s);
          const double jt = mean_over(w.job_time, s.from, s.to);
          auto& c = add("slow_processing", w.id, s,
                        fmt::format("Jobs on {} took {:.1f}x their usual time {}.", w.id, jt / usual, during(s)));
          c.evidence.push_back(fmt::format("job time {} ms {} against {} ms usually ({:.1f}x)", count_text(jt), during(s),
                                           count_text(usual), jt / usual));
          c.evidence.push_back("consumers healthy: " + consumers_text(q, s));
          c.evidence.push_back(fmt::format("{} completed {} while {} arrived", q.id, per_minute(mean_over(q.out, s.from, s.to)),
                                           per_minute(mean_over(q.in, s.from, s.to))));
          if (const DbView* db = find_db(w.db)) {
            const double u = mean_over(db->util, s.from, s.to);
            if (known(u) && u >= kBusy)
              c.evidence.push_back(fmt::format("database {} busy {:.0f}% of its cores: slow queries hold the jobs up", db->id, 100 * u));
          }
        }
      }
      for (const Span& s : spans(db_windows(w, q), min_windows_)) exhausted.push_back(s);
    }

    // Retry storm: failed jobs come back faster than new ones arrive.
    std::vector<bool> storming(n);
    for (std::size_t i = 0; i < n; ++i)
      storming[i] = at(q.retries, i) >= kMinRate && at(q.retries, i) >= kRetriesPerNewJob * std::max(at(q.in, i), kMinRate);
    for (const Span& s : spans(storming, min_windows_)) {
      retry_storms.push_back(s);
      const double r = mean_over(q.retries, s.from, s.to), fresh = mean_over(q.in, s.from, s.to);
      auto& c = add("retry_storm", q.id, s,
                    fmt::format("Failed jobs flooded the {} queue with retries, {:.1f} for every new job, {}.", q.id, fresh > 0 ? r / fresh : r, during(s)));
      c.evidence.push_back(fmt::format("retries {} against {} new jobs {}", per_minute(r), per_minute(fresh), during(s)));
      c.evidence.push_back(failure_mix(q, s));
      c.evidence.push_back(fmt::format("{} completed {}, backlog up to {} jobs", q.id, per_minute(mean_over(q.out, s.from, s.to)),
                                       count_text(max_over(q.depth, s.from, s.to))));
    }

    // Downstream outage: a large share of attempts fail on the service jobs call.
    std::vector<bool> downstream(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double attempts = attempts_at(q, i);
      downstream[i] = at(q.downstream, i) >= kMinRate && at(q.downstream, i) >= kDownstreamShare * attempts;
    }
    for (const Span& s : spans(downstream, min_windows_)) {
      const double d = mean_over(q.downstream, s.from, s.to);
      double attempts = 0;
      for (std::size_t i = s.from; i < s.to; ++i) attempts += attempts_at(q, i);
      attempts /= static_cast<double>(s.length());
      auto& c = add("downstream_outage", q.id, s,
                    fmt::format("Jobs from the {} queue failed calling a downstream service {}.", q.id, during(s)));
      c.evidence.push_back(fmt::format("{:.0f}% of attempts failed on the downstream call ({}) {}",
                                       attempts > 0 ? 100 * d / attempts : 100.0, per_minute(d), during(s)));
      c.evidence.push_back(fmt::format("{} retries {} and {} gave up", q.id, per_minute(mean_over(q.retries, s.from, s.to)),
                                       per_minute(mean_over(q.gave_up, s.from, s.to))));
    }

    // Poison messages: some jobs fail the same way on every attempt while the rest succeed.
    std::vector<bool> poisoned(n);
    for (std::size_t i = 0; i < n; ++i) poisoned[i] = at(q.poison, i) > 0;
    double poison_total = 0;
    for (std::size_t i = 0; i < n; ++i) poison_total += at(q.poison, i) * to_seconds(grid_.end(i) - grid_.start(i));
    if (poison_total >= kPoisonAttempts) {
      const auto found = spans(poisoned, 1);
      if (!found.empty()) {
        const Span s{found.front().from, found.back().to};
        double gave_up = 0, ok = 0;
        for (std::size_t i = s.from; i < s.to; ++i) {
          const double secs = to_seconds(grid_.end(i) - grid_.start(i));
          gave_up += at(q.gave_up, i) * secs;
          ok += at(q.out, i) * secs;
        }
        auto& c = add("poison_messages", q.id, s,
                      fmt::format("Malformed jobs in the {} queue failed every attempt {}.", q.id, during(s)));
        c.evidence.push_back(fmt::format("{} attempts failed on malformed jobs {}", count_text(poison_total), during(s)));
        c.evidence.push_back(fmt::format("{} jobs used up their attempts; dead-letter queue held up to {}", count_text(gave_up),
                                         count_text(max_over(q.dlq, 0, n))));
        c.evidence.push_back(fmt::format("other jobs went through: {} completed in that time", count_text(ok)));
      }
    }

    // Backlogs the consumer-side causes above do not explain.
    std::vector<bool> backed_up(n);
    for (std::size_t i = 0; i < n; ++i) backed_up[i] = at(q.depth, i) >= kBacklogJobs && at(q.age, i) >= kBacklogAgeS;
    for (Span s : spans(backed_up, min_windows_)) {
      // The growth began before the queue crossed the line: walk back to it.
      while (s.from > 0 && at(q.depth, s.from - 1) < at(q.depth, s.from) && at(q.depth, s.from - 1) >= kBacklogJobs / 10) --s.from;
      std::size_t peak = s.from;
      for (std::size_t i = s.from; i < s.to; ++i)
        if (at(q.depth, i) > at(q.depth, peak)) peak = i;
      const Span growth{s.from, std::max(peak + 1, s.from + 1)};
      const double in = mean_over(q.in, growth.from, growth.to), out = mean_over(q.out, growth.from, growth.to);
      // A storm is sudden (intake doubles within minutes), or out of step
      // with the users (jobs per request double): a morning ramp is neither.
      const std::size_t look = grid_.windows_for(kStormLookback, 1);
      const std::size_t base_from = s.from >= look ? s.from - look : 0;
      const double before = s.from > 0 ? quantile_of(q.in, 0.5, base_from, s.from) : std::nan("");
      const double after = mean_over(q.in, s.from, std::min(s.to, s.from + look));
      const double per_request_before = ratio(quantile_of(q.in, 0.5, base_from, s.from), quantile_of(requests_, 0.5, base_from, s.from));
      const double per_request_after = ratio(in, mean_over(requests_, growth.from, growth.to));
      const bool sudden = known(before) && after >= kStormJump * std::max(before, kMinRate);
      const bool out_of_step = known(per_request_before) && known(per_request_after) && per_request_after >= kStormJump * per_request_before;
      const std::string backlog_line =
          fmt::format("{} backlog peaked at {} jobs at {}, oldest waiting {}", q.id, count_text(at(q.depth, peak)), when(peak),
                      span_text(static_cast<SimTime>(max_over(q.age, s.from, s.to) * kSecond)));
      if (s.from > 0 && (sudden || out_of_step)) {
        auto& c = add("producer_storm", q.id, s,
                      fmt::format("Publishers flooded the {} queue: enqueues jumped {:.1f}x {}.", q.id, in / std::max(before, kMinRate),
                                  during(s)));
        c.evidence.push_back(fmt::format("enqueue rate {} vs completion {} from {}, up from {} before", per_minute(in),
                                         per_minute(out), when(s.from), per_minute(before)));
        if (out_of_step)
          c.evidence.push_back(fmt::format("{:.2f} jobs per user request, up from {:.2f}: the extra jobs did not come from users",
                                           per_request_after, per_request_before));
        if (!q.workers.empty()) c.evidence.push_back("consumers healthy: " + consumers_text(q, growth));
        c.evidence.push_back(backlog_line);
        continue;
      }
      if (overlaps(growth, outages) || overlaps(growth, slow) || overlaps(growth, exhausted) || overlaps(growth, retry_storms))
        continue;
      double busy = 0;
      for (const auto& w : q.workers) busy = std::max(busy, or0(mean_over(w.util, growth.from, growth.to)));
      if (q.workers.empty() || busy < kBusy) continue;  // not at capacity: something else holds it up
      auto& c = add("too_few_consumers", q.id, s,
                    fmt::format("The {} queue could not keep up: jobs arrived faster than its consumers finished them {}.", q.id,
                                during(s)));
      c.evidence.push_back(fmt::format("enqueue rate {} vs completion {} from {}", per_minute(in), per_minute(out), when(s.from)));
      c.evidence.push_back("consumers healthy but saturated: " + consumers_text(q, growth));
      c.evidence.push_back(backlog_line);
    }
  }

  double attempts_at(const QueueView& q, std::size_t i) const {
    return at(q.out, i) + at(q.processing, i) + at(q.poison, i) + at(q.db_timeout, i) + at(q.downstream, i);
  }

  std::string failure_mix(const QueueView& q, const Span& s) const {
    const std::pair<const char*, const std::vector<double>*> kinds[] = {
        {"downstream errors", &q.downstream}, {"malformed jobs", &q.poison}, {"database timeouts", &q.db_timeout},
        {"processing errors", &q.processing}};
    double total = 0;
    for (const auto& k : kinds) total += or0(mean_over(*k.second, s.from, s.to));
    std::string out;
    for (const auto& k : kinds) {
      const double v = or0(mean_over(*k.second, s.from, s.to));
      if (total <= 0 || v < 0.05 * total) continue;
      out += fmt::format("{}{:.0f}% {}", out.empty() ? "" : ", ", 100 * v / total, k.first);
    }
    return "failed attempts: " + (out.empty() ? std::string("none") : out);
  }

  const DbView* find_db(const std::string& id) const {
    for (const auto& d : dbs_)
      if (d.id == id) return &d;
    return nullptr;
  }

  // Windows where the worker is starved of database connections: jobs wait
  // for or time out on a connection while the database is at its limit.
  std::vector<bool> db_windows(const WorkerView& w, const QueueView& q) const {
    std::vector<bool> out(grid_.size());
    const DbView* db = find_db(w.db);
    if (!db || db->max_connections <= 0) return out;
    for (std::size_t i = 0; i < out.size(); ++i) {
      const bool starved = at(q.db_timeout, i) > 0 || at(w.pool_wait, i) >= 1;
      out[i] = starved && at(db->connections, i) >= kNearLimit * db->max_connections;
    }
    return out;
  }
  bool db_exhausted_during(const WorkerView& w, const QueueView& q, const Span& s) const {
    const auto windows = db_windows(w, q);
    std::size_t hits = 0;
    for (std::size_t i = s.from; i < s.to; ++i) hits += windows[i];
    return hits * 2 >= s.length();
  }

  void analyse_database(const DbView& db) {
    if (db.max_connections <= 0) return;
    const std::size_t n = grid_.size();
    std::vector<bool> exhausted(n);
    for (std::size_t i = 0; i < n; ++i) {
      bool starved = at(db.waits, i) >= kMinRate;
      for (const auto& q : queues_)
        for (const auto& w : q.workers)
          if (w.db == db.id) starved = starved || at(q.db_timeout, i) > 0 || at(w.pool_wait, i) >= 1;
      exhausted[i] = starved && at(db.connections, i) >= kNearLimit * db.max_connections;
    }
    for (const Span& s : spans(exhausted, min_windows_)) {
      auto& c = add("database_exhaustion", db.id, s,
                    fmt::format("The {} database ran out of connections {}.", db.id, during(s)));
      c.evidence.push_back(fmt::format("{} of {} connections in use {}", count_text(max_over(db.connections, s.from, s.to)),
                                       count_text(db.max_connections), during(s)));
      for (const auto& q : queues_)
        for (const auto& w : q.workers) {
          if (w.db != db.id) continue;
          double timeouts = 0;
          for (std::size_t i = s.from; i < s.to; ++i) timeouts += at(q.db_timeout, i) * to_seconds(grid_.end(i) - grid_.start(i));
          const double wanted = max_over(w.instances, s.from, s.to) * w.db_pool;
          c.evidence.push_back(fmt::format("{} pools hold {} connections of the {} its {} instances want ({} each)", w.id,
                                           count_text(min_over(w.pooled, s.from, s.to)), count_text(wanted),
                                           count_text(max_over(w.instances, s.from, s.to)), count_text(w.db_pool)));
          if (timeouts > 0)
            c.evidence.push_back(fmt::format("{} jobs failed waiting for a connection ({})", count_text(timeouts),
                                             per_minute(mean_over(q.db_timeout, s.from, s.to))));
        }
      const double waits = mean_over(db.waits, s.from, s.to);
      if (known(waits) && waits >= kMinRate)
        c.evidence.push_back(fmt::format("user queries waited for a connection {}", per_minute(waits)));
    }
  }

  void analyse_client_retries() {
    const auto retries = grid_.values("traffic", "retries");
    const auto requests = grid_.values("run", "requests");
    const auto errors = grid_.values("run", "errors");
    const auto users = grid_.values("traffic", "users");
    std::vector<bool> storm(grid_.size());
    for (std::size_t i = 0; i < storm.size(); ++i)
      storm[i] = at(retries, i) >= kMinRate && at(retries, i) >= kClientRetryShare * at(requests, i);
    for (const Span& s : spans(storm, min_windows_)) {
      const double r = mean_over(retries, s.from, s.to), all = mean_over(requests, s.from, s.to);
      auto& c = add("retry_storm", "traffic", s,
                    fmt::format("Users retried failed requests {}, adding load when the system could least take it.", during(s)));
      c.evidence.push_back(fmt::format("users retried {} failed requests, {:.0f}% of all requests ({}) {}", per_minute(r),
                                       all > 0 ? 100 * r / all : 100.0, per_minute(all), during(s)));
      c.evidence.push_back(fmt::format("{} of requests failed in that time, with about {} users", per_minute(mean_over(errors, s.from, s.to)),
                                       count_text(mean_over(users, s.from, s.to))));
    }
  }

  const RunRecord& run_;
  RunGrid grid_;
  std::size_t min_windows_;
  std::vector<DbView> dbs_;
  std::vector<QueueView> queues_;
  std::vector<double> requests_;
  std::vector<RootCause> causes_;
};

}  // namespace

nlohmann::json RootCause::to_json() const {
  return {{"category", category},
          {"title", root_cause_title(category)},
          {"component", component},
          {"from_s", to_seconds(from)},
          {"until_s", until < 0 ? nlohmann::json(nullptr) : nlohmann::json(to_seconds(until))},
          {"summary", summary},
          {"evidence", evidence}};
}

const std::vector<std::string>& root_cause_categories() {
  static const std::vector<std::string> all = {"producer_storm", "consumer_outage", "too_few_consumers", "slow_processing",
                                               "retry_storm",    "poison_messages", "database_exhaustion",
                                               "downstream_outage"};
  return all;
}

std::string root_cause_title(const std::string& category) {
  if (category == "producer_storm") return "Producer storm";
  if (category == "consumer_outage") return "Consumer outage";
  if (category == "too_few_consumers") return "Too few consumers";
  if (category == "slow_processing") return "Slow processing";
  if (category == "retry_storm") return "Retry storm";
  if (category == "poison_messages") return "Poison messages";
  if (category == "database_exhaustion") return "Database connection exhaustion";
  if (category == "downstream_outage") return "Downstream outage";
  return category;
}

std::vector<RootCause> find_root_causes(const RunRecord& run) { return Analysis(run).run(); }

}  // namespace bp
