#include "backpressure/scenario_loader.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "backpressure/alerts.h"
#include "backpressure/incident.h"
#include "scenario/design_rules.h"
#include "scenario/rate_limit.h"
#include "backpressure/json_input.h"
#include "scenario/json_reader.h"
#include "scenario/scenario_metadata.h"

namespace bp {

namespace {

// The busiest traffic a scenario may ask for (docs/reliability.md): the
// shipped scenarios peak at 320 arrivals a second.
constexpr double kMaxArrivalsPerSecond = 100000;

double peak_users_of(const TrafficSpec& t) {
  double peak = 0;
  for (const auto& k : t.users) peak = std::max(peak, k.users);
  return peak;
}

std::vector<UsersKeyframe> parse_users(const nlohmann::json& v, const std::string& file, const std::string& path) {
  if (!v.is_array() || v.empty())
    throw InputError(file, path, "expected a non-empty list of {\"at\": \"0h\", \"users\": N} keyframes, got " + describe_json(v));
  std::vector<UsersKeyframe> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    ObjectReader r(v[i], file, fmt::format("{}/{}", path, i));
    UsersKeyframe k;
    // Keyframes past the end are allowed, so a shorter --set /duration still loads.
    k.at = expect_duration(r.required("at"), 0, 365 * kDay, file, r.path_of("at"));
    k.users = expect_number(r.required("users"), 0, 1e7, file, r.path_of("users"));
    r.finish();
    if (!out.empty() && k.at < out.back().at)
      r.fail_at("at", fmt::format("keyframes must be in time order, but {} comes after {}", format_duration(k.at),
                                  format_duration(out.back().at)));
    out.push_back(k);
  }
  return out;
}

CallSpec parse_call(const nlohmann::json& v, const std::string& file, const std::string& path,
                    const std::vector<JobSpec>& jobs) {
  ObjectReader r(v, file, path);
  CallSpec c;
  const int kinds = r.has("read") + r.has("write") + r.has("enqueue");
  if (kinds != 1) r.fail("a call is one of {\"read\": N}, {\"write\": N} or {\"enqueue\": \"job name\"}");
  if (r.has("enqueue")) {
    c.kind = CallSpec::Kind::Enqueue;
    const std::string name = r.required_string("enqueue");
    bool found = false;
    for (std::size_t j = 0; j < jobs.size() && !found; ++j)
      if (jobs[j].name == name) {
        c.job = static_cast<std::uint32_t>(j);
        found = true;
      }
    if (!found) r.fail_at("enqueue", "no job type named " + quote_text(name) + " in /jobs");
    c.count = static_cast<int>(r.integer("count", 1, 1, 1000));
  } else if (r.has("read")) {
    c.kind = CallSpec::Kind::Read;
    c.count = static_cast<int>(r.integer("read", 1, 1, 1000));
    c.cacheable = r.flag("cacheable", true);
  } else {
    c.kind = CallSpec::Kind::Write;
    c.count = static_cast<int>(r.integer("write", 1, 1, 1000));
  }
  r.finish();
  return c;
}

std::vector<JobSpec> parse_jobs(const nlohmann::json& v, const std::string& file) {
  std::vector<JobSpec> out;
  if (v.is_null()) return out;
  if (!v.is_array()) throw InputError(file, "/jobs", "expected a list of job types, got " + describe_json(v));
  for (std::size_t i = 0; i < v.size(); ++i) {
    ObjectReader r(v[i], file, fmt::format("/jobs/{}", i));
    JobSpec j;
    j.name = r.required_string("name");
    for (const auto& other : out)
      if (other.name == j.name) r.fail_at("name", "job type " + quote_text(j.name) + " is defined twice");
    const std::string lane = r.string("lane", "live");
    if (lane == "live") j.lane = JobSpec::Lane::Live;
    else if (lane == "batch") j.lane = JobSpec::Lane::Batch;
    else r.fail_at("lane", "expected \"live\" or \"batch\", got " + quote_text(lane));
    j.max_attempts = static_cast<int>(r.integer("max_attempts", 5, 0, 1000));
    const std::string backoff = r.string("backoff", "exponential");
    if (backoff == "fixed") j.backoff = JobSpec::Backoff::Fixed;
    else if (backoff == "exponential") j.backoff = JobSpec::Backoff::Exponential;
    else r.fail_at("backoff", "expected \"fixed\" or \"exponential\", got " + quote_text(backoff));
    j.backoff_base = r.duration("backoff_base", kSecond, 0, kDay);
    j.backoff_cap = r.duration("backoff_cap", 5 * kMinute, 0, 30 * kDay);
    if (j.backoff_cap < j.backoff_base) r.fail_at("backoff_cap", "must not be shorter than backoff_base");
    j.jitter = r.number("jitter", 0.2, 0, 1);
    j.poison_share = r.number("poison_share", 0, 0, 1);
    j.sheddable = r.flag("sheddable", false);
    r.finish();
    out.push_back(std::move(j));
  }
  return out;
}

TrafficSpec parse_traffic(const nlohmann::json& v, const std::string& file, const std::vector<JobSpec>& jobs) {
  ObjectReader r(v, file, "/traffic");
  TrafficSpec t;
  t.entry = r.required_string("entry");
  t.users = parse_users(r.required("users"), file, r.path_of("users"));
  t.actions_per_user_per_minute = r.number("actions_per_user_per_minute", 1.0, 1e-6, 10000);
  const auto& actions = r.required("actions");
  if (!actions.is_array() || actions.empty())
    r.fail_at("actions", "expected a non-empty list of actions, got " + describe_json(actions));
  double total_weight = 0;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const std::string path = fmt::format("/traffic/actions/{}", i);
    ObjectReader a(actions[i], file, path);
    ActionSpec spec;
    spec.name = a.required_string("name");
    spec.weight = a.number("weight", 1.0, 0, 1e9);
    const auto& calls = a.field("calls");
    if (!calls.is_null()) {
      if (!calls.is_array()) a.fail_at("calls", "expected a list of calls, got " + describe_json(calls));
      for (std::size_t k = 0; k < calls.size(); ++k)
        spec.calls.push_back(parse_call(calls[k], file, fmt::format("{}/calls/{}", path, k), jobs));
    }
    spec.telemetry = static_cast<int>(a.integer("telemetry", 0, 0, 1000));
    spec.rate_limit.per_second = a.number("rate_limit", 0, 0, kMaxRateLimit);
    spec.rate_limit.burst = a.number("rate_burst", 0, 0, kMaxRateBurst);
    if (a.has("rate_burst") && spec.rate_limit.per_second == 0)
      a.fail_at("rate_burst", "a burst needs a rate_limit above 0 to apply to");
    a.finish();
    for (const auto& other : t.actions)
      if (other.name == spec.name) a.fail_at("name", "action " + quote_text(spec.name) + " is defined twice");
    total_weight += spec.weight;
    t.actions.push_back(std::move(spec));
  }
  if (total_weight <= 0) r.fail_at("actions", "at least one action needs a positive weight");
  // Users and actions each have a generous range, but their product is what
  // the simulator must work through, event by event: 10^7 users at 10^4
  // actions a minute would be 1.7e9 arrivals a second, a run that never ends.
  const double peak_users = peak_users_of(t);
  const double peak_rate = peak_users * t.actions_per_user_per_minute / 60.0;
  if (peak_rate > kMaxArrivalsPerSecond)
    r.fail_at("actions_per_user_per_minute",
              fmt::format("{:g} users at {:g} actions a minute make {:.3g} arrivals a second; a run simulates at most {:g}",
                          peak_users, t.actions_per_user_per_minute, peak_rate, kMaxArrivalsPerSecond));
  r.finish();
  return t;
}

void check_wiring(const Scenario& s, const std::string& file) {
  check_design_rules(s.components, file);
  check_traffic_path(s.traffic, s.components, file);
}

}  // namespace

double TrafficSpec::users_at(SimTime t) const {
  if (users.empty()) return 0;
  if (t <= users.front().at) return users.front().users;
  // Called every step and for every arrival's rate: a binary search, so a
  // list of 100,000 keyframes costs 17 comparisons, not 100,000.
  const auto b = std::upper_bound(users.begin() + 1, users.end(), t,
                                  [](SimTime x, const UsersKeyframe& k) { return x < k.at; });
  if (b == users.end()) return users.back().users;
  const auto& a = *(b - 1);
  const double f = static_cast<double>(t - a.at) / static_cast<double>(b->at - a.at);
  return a.users + f * (b->users - a.users);
}

const ComponentSpec* Scenario::find(const std::string& id) const {
  for (const auto& c : components)
    if (c.id == id) return &c;
  return nullptr;
}

bool parse_duration(const std::string& text, SimTime& out) {
  // One or more number+unit parts: "250ms", "1.5h", "10h30m".
  double total = 0;
  std::size_t i = 0;
  if (text.empty()) return false;
  while (i < text.size()) {
    const std::size_t number_start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    const std::string number = text.substr(number_start, i - number_start);
    const std::size_t unit_start = i;
    while (i < text.size() && text[i] >= 'a' && text[i] <= 'z') ++i;
    const std::string unit = text.substr(unit_start, i - unit_start);
    if (number.empty() || number == "." || number.find('.') != number.rfind('.') || unit.empty()) return false;
    double scale = 0;
    if (unit == "us") scale = 1;
    else if (unit == "ms") scale = kMillisecond;
    else if (unit == "s") scale = kSecond;
    else if (unit == "m" || unit == "min") scale = kMinute;
    else if (unit == "h") scale = kHour;
    else if (unit == "d") scale = kDay;
    else return false;
    // Digits only, so the one way strtod can fail is overflow (HUGE_VAL).
    total += std::strtod(number.c_str(), nullptr) * scale;
  }
  if (!std::isfinite(total) || total > 9.0e18) return false;
  out = static_cast<SimTime>(std::llround(total));
  return true;
}

Override parse_override(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || text[0] != '/')
    throw InputError("--set", text, "expected PATH=VALUE with PATH a JSON pointer such as /components/1/instances");
  Override o;
  o.pointer = text.substr(0, eq);
  const std::string value = text.substr(eq + 1);
  // The same limits as a file: a value nested 100,000 deep is refused here,
  // not taken as a plain string and not copied recursively later.
  bool not_json = false;
  o.value = parse_json_text(value, "--set " + o.pointer, &not_json);
  if (not_json) o.value = value;
  return o;
}

Scenario load_scenario(const nlohmann::json& doc, const std::string& file, const Catalogue& catalogue) {
  check_document_kind(doc, "scenario", file);
  ObjectReader top(doc, file, "");
  const auto version = top.integer("format_version", kScenarioFormatVersion, 1, 1000000);
  if (version > kScenarioFormatVersion)
    top.fail_at("format_version", fmt::format("this file needs a newer Backpressure (format {}, this build reads up to {})",
                                              version, kScenarioFormatVersion));
  Scenario s;
  s.file = file;
  s.source = doc;
  s.id = top.required_string("id");
  if (!valid_component_id(s.id)) top.fail_at("id", "ids use lowercase letters, digits, '-' and '_' (at most 40), got " + quote_text(s.id));
  s.title = top.string("title", s.id);
  s.summary = top.string("summary", "");
  read_scenario_metadata(top, version, s, catalogue);
  s.seed = static_cast<std::uint64_t>(top.integer("seed", 1, 0, (std::int64_t{1} << 53)));
  s.duration = top.duration("duration", kHour, kSecond, 365 * kDay);
  s.step = top.duration("step", 100 * kMillisecond, kMillisecond, 60 * kSecond);
  if (s.step > s.duration) top.fail_at("step", "the step must not be longer than the run");
  if (s.duration % s.step != 0)
    top.fail_at("duration", fmt::format("must be a whole number of steps ({}), got {}", format_duration(s.step),
                                        format_duration(s.duration)));
  s.jobs = parse_jobs(top.field("jobs"), file);
  s.traffic = parse_traffic(top.required("traffic"), file, s.jobs);
  const auto& components = top.required("components");
  if (!components.is_array() || components.empty())
    top.fail_at("components", "expected a non-empty list of components, got " + describe_json(components));
  for (std::size_t i = 0; i < components.size(); ++i)
    s.components.push_back(parse_component(components[i], file, fmt::format("/components/{}", i), catalogue));
  check_wiring(s, file);
  check_allowed_components(s);
  const auto& incidents = top.field("incidents");
  if (!incidents.is_null()) {
    if (!incidents.is_array()) top.fail_at("incidents", "expected a list of incidents, got " + describe_json(incidents));
    for (std::size_t i = 0; i < incidents.size(); ++i) {
      s.incidents.push_back(parse_incident(incidents[i], file, fmt::format("/incidents/{}", i), s, true));
      for (std::size_t k = 0; k + 1 < s.incidents.size(); ++k)
        if (s.incidents[k].id == s.incidents.back().id)
          throw InputError(file, fmt::format("/incidents/{}/id", i),
                           "incident id " + quote_text(s.incidents.back().id) + " is used twice (ids name incidents in commands)");
    }
  }
  // A traffic spike multiplies the arrivals: the budget holds during it too.
  const double peak_rate = peak_users_of(s.traffic) * s.traffic.actions_per_user_per_minute / 60.0;
  for (std::size_t i = 0; i < s.incidents.size(); ++i)
    if (s.incidents[i].kind == "traffic_spike" && peak_rate * s.incidents[i].factor > kMaxArrivalsPerSecond)
      throw InputError(file, fmt::format("/incidents/{}/factor", i),
                       fmt::format("{:g} times a peak of {:.3g} arrivals a second is {:.3g}; a run simulates at most {:g}",
                                   s.incidents[i].factor, peak_rate, peak_rate * s.incidents[i].factor,
                                   kMaxArrivalsPerSecond));
  const auto& contract = top.field("contract");
  if (!contract.is_null()) {
    ObjectReader c(contract, file, "/contract");
    s.contract.present = true;
    s.contract.uptime = c.number("uptime_percent", 99.0, 0, 100) / 100.0;
    s.contract.p95 = c.duration("p95", 500 * kMillisecond, kMillisecond, kHour);
    s.contract.budget_per_month = c.number("budget_per_month", 1000, 0, 1e9);
    s.contract.job_age = c.duration("job_age", 0, 0, 30 * kDay);
    s.contract.freshness = c.number("freshness_percent", 95.0, 0, 100) / 100.0;
    c.finish();
  }
  const auto& alerts = top.field("alerts");
  if (!alerts.is_null()) {
    if (!alerts.is_array()) top.fail_at("alerts", "expected a list of alert rules, got " + describe_json(alerts));
    for (std::size_t i = 0; i < alerts.size(); ++i) {
      AlertSpec a = parse_alert(alerts[i], file, fmt::format("/alerts/{}", i), s);
      for (const auto& other : s.alerts)
        if (other.id == a.id)
          throw InputError(file, fmt::format("/alerts/{}/id", i), "alert id " + quote_text(a.id) + " is used twice");
      s.alerts.push_back(std::move(a));
    }
  }
  top.finish();
  return s;
}

void apply_overrides(nlohmann::json& doc, const std::string& path, const std::vector<Override>& overrides) {
  for (const auto& o : overrides) {
    nlohmann::json::json_pointer ptr;
    try {
      ptr = nlohmann::json::json_pointer(o.pointer);
    } catch (const nlohmann::json::exception&) {
      throw InputError(path, o.pointer, "--set: not a valid JSON pointer");
    }
    // Every lookup below can meet a list index the library refuses (beyond
    // 2^64, or "01"); that is the user's pointer, not a crash.
    try {
      const auto parent = ptr.parent_pointer();
      if (!doc.contains(parent) && !ptr.parent_pointer().empty())
        throw InputError(path, o.pointer, "--set: nothing at " + parent.to_string() + " to set a field in");
      const std::string last = ptr.empty() ? std::string() : ptr.back();
      const bool index_token = !last.empty() && last.find_first_not_of("0123456789") == std::string::npos;
      if (doc[parent].is_array() && index_token && !doc.contains(ptr))
        throw InputError(path, o.pointer,
                         fmt::format("--set: the list at {} has {} entries; use {}/- to add one at the end",
                                     parent.to_string(), doc[parent].size(), parent.to_string()));
      doc[ptr] = o.value;
    } catch (const nlohmann::json::exception&) {
      throw InputError(path, o.pointer, "--set: cannot set a value here (a list index must be a position in the list, or -)");
    }
  }
}

Scenario load_scenario_file(const std::string& path, const std::vector<Override>& overrides, const Catalogue& catalogue) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path, "", "is a folder, not a scenario file");
  nlohmann::json doc = read_json_file(path);
  apply_overrides(doc, path, overrides);
  return load_scenario(doc, path, catalogue);
}

}  // namespace bp
