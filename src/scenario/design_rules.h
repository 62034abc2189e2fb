#pragma once
// Rules a design must keep, shared by the scenario loader and the commands
// that change a design mid-run (add_component, connect, ...), so a component
// written in a file and one added while playing are held to the same rules.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/catalogue.h"
#include "backpressure/scenario.h"

namespace bp {

// Lowercase letters, digits, '-' and '_', at most 40 characters.
bool valid_component_id(const std::string& id);

// One component object (id, type, settings, targets) checked against the
// catalogue; errors name `file` and the JSON path under `path`.
ComponentSpec parse_component(const nlohmann::json& v, const std::string& file, const std::string& path,
                              const Catalogue& catalogue);

// Whether a component of type `from` may send work to one of type `to`.
bool may_send_work(const std::string& from, const std::string& to);

// The rules between components: unique ids, targets that exist and may be
// called, one target of each kind for servers and workers, one queue per
// worker, a postgres for a worker that writes, a queue for a worker that
// scales on one, exactly one postgres when there are replicas. Throws an
// InputError at the offending component's json_path.
void check_design_rules(const std::vector<ComponentSpec>& components, const std::string& file);

// The shape of the users' path: the entry exists and is a balancer with a
// server or a server, and every server users can reach points at what its
// actions touch (a queue, a postgres, something to read from). The loader
// requires it; mid-run, a design may break it and the requests that cannot
// be served fail (not_connected, no_server).
void check_traffic_path(const TrafficSpec& traffic, const std::vector<ComponentSpec>& components, const std::string& file);

}  // namespace bp
