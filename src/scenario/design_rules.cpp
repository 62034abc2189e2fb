#include "scenario/design_rules.h"

#include <map>

#include <fmt/format.h>

#include "backpressure/input_error.h"
#include "backpressure/json_input.h"
#include "scenario/json_reader.h"

namespace bp {

bool valid_component_id(const std::string& id) {
  if (id.empty() || id.size() > 40) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  return true;
}

ComponentSpec parse_component(const nlohmann::json& v, const std::string& file, const std::string& path,
                              const Catalogue& catalogue) {
  ObjectReader r(v, file, path);
  ComponentSpec c;
  c.json_path = path;
  c.id = r.required_string("id");
  if (!valid_component_id(c.id))
    r.fail_at("id", "ids use lowercase letters, digits, '-' and '_' (at most 40), got " + quote_text(c.id));
  if (c.id == "traffic" || c.id == "run") r.fail_at("id", quote_text(c.id) + " is reserved for the simulator's own figures");
  c.type = r.required_string("type");
  const ComponentType* type = catalogue.find(c.type);
  if (!type) r.fail_at("type", fmt::format("unknown component type {} (known: {})", quote_text(c.type), catalogue.type_names()));
  const auto& targets = r.field("targets");
  if (!targets.is_null()) {
    if (!targets.is_array()) r.fail_at("targets", "expected a list of component ids, got " + describe_json(targets));
    for (std::size_t i = 0; i < targets.size(); ++i) {
      if (!targets[i].is_string())
        throw InputError(file, fmt::format("{}/targets/{}", path, i), "expected a component id, got " + describe_json(targets[i]));
      c.targets.push_back(targets[i].get<std::string>());
    }
  }
  for (const auto& schema : type->settings) {
    const bool given = r.present(schema.key);  // a null setting is refused by its schema
    const auto& field = r.field(schema.key);  // marks it known, so typos list every setting
    const auto& value = given ? field : schema.default_value;
    c.settings.set(schema.key, catalogue.parse_setting(schema, value, file, r.path_of(schema.key)));
  }
  r.finish();
  std::string key;
  const std::string problem = check_setting_rules(c.type, c.settings, [&](const std::string& k) { return r.has(k); }, key);
  if (!problem.empty()) r.fail_at(key, problem);
  return c;
}

bool may_send_work(const std::string& from, const std::string& to) {
  // The shape of a request's path.
  if (from == "lb") return to == "server";
  if (from == "server")
    return to == "postgres" || to == "replica" || to == "redis" || to == "queue" || to == "stream" || to == "analytics";
  if (from == "queue") return to == "worker";
  if (from == "stream") return to == "analytics";
  if (from == "worker") return to == "postgres";
  return false;
}

void check_design_rules(const std::vector<ComponentSpec>& components, const std::string& file) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < components.size(); ++i) {
    const auto& c = components[i];
    if (!index.emplace(c.id, i).second)
      throw InputError(file, c.json_path + "/id", "component id " + quote_text(c.id) + " is used twice");
  }
  auto type_of = [&](const std::string& id) { return components[index.at(id)].type; };
  std::size_t primaries = 0;
  for (const auto& c : components) primaries += c.type == "postgres";
  for (const auto& c : components) {
    std::map<std::string, int> per_type;
    for (std::size_t t = 0; t < c.targets.size(); ++t) {
      const std::string tpath = fmt::format("{}/targets/{}", c.json_path, t);
      const std::string& target = c.targets[t];
      if (!index.count(target)) throw InputError(file, tpath, "no component has the id " + quote_text(target));
      if (target == c.id) throw InputError(file, tpath, "a component cannot point at itself");
      const std::string tt = type_of(target);
      if (!may_send_work(c.type, tt))
        throw InputError(file, tpath, fmt::format("a {} cannot send work to a {} ({})", c.type, tt, quote_text(target)));
      if ((c.type == "server" || c.type == "worker") && ++per_type[tt] > 1)
        throw InputError(file, tpath, fmt::format("a {} talks to at most one {}", c.type, tt));
      if (c.type == "server" && per_type["stream"] + per_type["analytics"] > 1)
        throw InputError(file, tpath, "a server sends its telemetry to one sink: a stream or an analytics, not both");
      if (c.type == "stream" && ++per_type[tt] > 1)
        throw InputError(file, tpath, fmt::format("\"{}\" is already a consumer group of this stream", target));
    }
  }
  for (const auto& c : components) {
    if (c.type != "worker" || c.settings.integer("db_writes") == 0) continue;
    bool has_primary = false;
    for (const auto& t : c.targets) has_primary = has_primary || type_of(t) == "postgres";
    if (!has_primary)
      throw InputError(file, c.json_path + "/targets",
                       "worker " + quote_text(c.id) + " writes to the database (db_writes), but points at no postgres");
  }
  std::map<std::string, std::string> feeding_queue;
  for (const auto& c : components)
    for (std::size_t t = 0; t < c.targets.size(); ++t)
      if (c.type == "queue" && !feeding_queue.emplace(c.targets[t], c.id).second)
        throw InputError(file, fmt::format("{}/targets/{}", c.json_path, t),
                         fmt::format("worker \"{}\" already takes jobs from queue \"{}\"; a worker drains one queue",
                                     c.targets[t], feeding_queue[c.targets[t]]));
  for (const auto& c : components) {
    if (c.type != "worker" || feeding_queue.count(c.id)) continue;
    const std::string& metric = c.settings.choice("autoscale");
    if (metric == "queue_depth" || metric == "oldest_age")
      throw InputError(file, c.json_path + "/autoscale",
                       fmt::format("worker \"{}\" scales on the {} of the queue that feeds it, but no queue points at it",
                                   c.id, metric));
  }
  for (const auto& c : components)
    if (c.type == "replica" && primaries != 1)
      throw InputError(file, c.json_path, "a replica copies the primary, so the design needs exactly one postgres");
}

void check_traffic_path(const TrafficSpec& traffic, const std::vector<ComponentSpec>& components, const std::string& file) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < components.size(); ++i) index.emplace(components[i].id, i);
  auto type_of = [&](const std::string& id) { return components[index.at(id)].type; };
  if (!index.count(traffic.entry))
    throw InputError(file, "/traffic/entry", "no component has the id " + quote_text(traffic.entry));
  const std::string entry_type = type_of(traffic.entry);
  if (entry_type != "lb" && entry_type != "server")
    throw InputError(file, "/traffic/entry", "users must arrive at a load balancer or a server, not a " + entry_type);
  // Every server that can receive users must reach the data its actions touch.
  bool reads = false, writes = false, enqueues = false, telemetry = false;
  for (const auto& a : traffic.actions) {
    telemetry = telemetry || a.telemetry > 0;
    for (const auto& call : a.calls) {
      reads = reads || call.kind == CallSpec::Kind::Read;
      writes = writes || call.kind == CallSpec::Kind::Write;
      enqueues = enqueues || call.kind == CallSpec::Kind::Enqueue;
    }
  }
  std::vector<std::string> servers;
  if (entry_type == "server") servers.push_back(traffic.entry);
  else servers = components[index.at(traffic.entry)].targets;
  if (servers.empty()) throw InputError(file, "/traffic/entry", "the load balancer " + quote_text(traffic.entry) + " points at no server");
  for (const auto& id : servers) {
    const auto& srv = components[index.at(id)];
    bool has_primary = false, has_reader = false, has_queue = false, has_sink = false;
    for (const auto& t : srv.targets) {
      has_sink = has_sink || type_of(t) == "stream" || type_of(t) == "analytics";
      has_primary = has_primary || type_of(t) == "postgres";
      has_reader = has_reader || type_of(t) == "postgres" || type_of(t) == "replica";
      has_queue = has_queue || type_of(t) == "queue";
    }
    if (enqueues && !has_queue)
      throw InputError(file, srv.json_path + "/targets", "server " + quote_text(id) + " handles actions that enqueue jobs, but points at no queue");
    if (telemetry && !has_sink && !has_primary)
      throw InputError(file, srv.json_path + "/targets",
                       "server " + quote_text(id) + " handles actions that emit telemetry, but points at no stream, analytics or "
                       "postgres (without a sink telemetry is written to postgres)");
    if (writes && !has_primary)
      throw InputError(file, srv.json_path + "/targets", "server " + quote_text(id) + " handles actions that write, but points at no postgres");
    if (reads && !has_reader)
      throw InputError(file, srv.json_path + "/targets", "server " + quote_text(id) + " handles actions that read, but points at no postgres or replica");
  }
}

}  // namespace bp
