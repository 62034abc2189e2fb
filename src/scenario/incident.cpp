#include "backpressure/incident.h"

#include <fmt/format.h>

#include "backpressure/input_error.h"
#include "scenario/rate_limit.h"
#include "backpressure/json_input.h"
#include "scenario/json_reader.h"

namespace bp {

const std::vector<std::string>& incident_kinds() {
  static const std::vector<std::string> kinds = {
      "batch_upload", "worker_crash", "slow_processing", "slow_database",  "poison_jobs",  "retry_storm",
      "cache_flush",  "replica_lag",  "server_crash",    "traffic_spike", "downstream_outage"};
  return kinds;
}

namespace {

// Which component type each kind acts on ("" when it acts on no component).
std::string target_type(const std::string& kind) {
  if (kind == "batch_upload") return "queue";
  if (kind == "worker_crash" || kind == "slow_processing") return "worker";
  if (kind == "slow_database") return "postgres";
  if (kind == "cache_flush") return "redis";
  if (kind == "replica_lag") return "replica";
  if (kind == "server_crash") return "server";
  return "";
}

bool needs_job(const std::string& kind) {
  return kind == "batch_upload" || kind == "poison_jobs" || kind == "downstream_outage";
}

}  // namespace

IncidentSpec parse_incident(const nlohmann::json& v, const std::string& file, const std::string& path,
                            const Scenario& scenario, bool timed) {
  ObjectReader r(v, file, path);
  IncidentSpec in;
  in.kind = r.required_string("kind");
  const auto& kinds = incident_kinds();
  if (std::find(kinds.begin(), kinds.end(), in.kind) == kinds.end()) {
    std::string known;
    for (const auto& k : kinds) known += (known.empty() ? "" : ", ") + k;
    r.fail_at("kind", fmt::format("unknown incident kind {} (known: {})", quote_text(in.kind), known));
  }
  in.id = r.string("id", in.kind);
  if (timed) {
    in.at = r.duration("at", 0, 0, scenario.duration - scenario.step);
    if (!r.has("at")) r.fail("missing required field \"at\"");
  }
  in.duration = r.duration("duration", 0, 0, 365 * kDay);

  const std::string type = target_type(in.kind);
  if (!type.empty()) {
    in.target = r.required_string("target");
    const ComponentSpec* c = scenario.find(in.target);
    if (!c) r.fail_at("target", "no component has the id " + quote_text(in.target));
    if (c->type != type)
      r.fail_at("target", fmt::format("a {} acts on a {}, but \"{}\" is a {}", in.kind, type, in.target, c->type));
  }
  if (needs_job(in.kind)) {
    const std::string name = r.required_string("job");
    bool found = false;
    for (std::size_t j = 0; j < scenario.jobs.size() && !found; ++j)
      if (scenario.jobs[j].name == name) {
        in.job = static_cast<std::uint32_t>(j);
        found = true;
      }
    if (!found) r.fail_at("job", "no job type named " + quote_text(name) + " in /jobs");
  }
  if (in.kind == "batch_upload") {
    in.count = r.integer("jobs", 0, 1, 100000000);
    if (!r.has("jobs")) r.fail("missing required field \"jobs\"");
    in.per_second = r.number("per_second", 0, 0.001, 1e6);
    if (!r.has("per_second")) r.fail("missing required field \"per_second\"");
    in.rate_limit.per_second = r.number("rate_limit", 0, 0, kMaxRateLimit);
    in.rate_limit.burst = r.number("rate_burst", 0, 0, kMaxRateBurst);
    in.gives_up_when_limited = r.flag("gives_up_when_limited", false);
  }
  if (in.kind == "worker_crash" || in.kind == "server_crash") in.count = r.integer("instances", 1, 1, 1000);
  if (in.kind == "slow_processing" || in.kind == "slow_database" || in.kind == "traffic_spike")
    in.factor = r.number("factor", 2, 0.01, 1000);
  if (in.kind == "poison_jobs") in.share = r.number("share", 0.01, 0, 1);
  if (in.kind == "retry_storm") {
    in.retries = static_cast<int>(r.integer("retries", 3, 1, 100));
    in.retry_delay = r.duration("retry_delay", kSecond, 0, kHour);
  }
  if (in.kind == "replica_lag") in.extra_lag = r.duration("extra_lag", 5 * kSecond, 0, kDay);
  r.finish();
  return in;
}

}  // namespace bp
