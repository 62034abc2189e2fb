#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/catalogue.h"
#include "backpressure/design_loader.h"
#include "backpressure/simulator.h"

namespace bp {

// The design of a running simulation as it stands now: components added by
// commands included, removed ones left out, settings and job retry policies
// as commands left them (those accepted but waiting for the next step too,
// as a paused player expects), written by design_json's rules. Applying it to the
// run's scenario starts a fresh run with that design. Action rate limits
// ("set traffic") and batch upload limits belong to the scenario and are
// not written.
// The design's components as they will stand once the pending commands
// apply (the same projection live_design_json writes): what a paused player
// sees they have just done.
std::vector<ComponentSpec> planned_design(const Simulator& sim);

nlohmann::json live_design_json(const Simulator& sim, const Catalogue& catalogue = Catalogue::builtin(),
                                const std::string& title = "");

}  // namespace bp
