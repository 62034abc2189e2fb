#pragma once
// Runs incidents: starts each at its time, ends it after its duration, and
// turns it into effects on the components it names. Incidents of one kind may
// overlap: a shared effect (a slow-down factor, a poison share, the users'
// retry policy) is recomputed from the incidents still running whenever one
// starts or ends, so ending one never cancels another and the last to end
// restores the normal value exactly. A crash brings back only the instances it
// took down.
#include <vector>

#include <nlohmann/json.hpp>

#include "backpressure/scenario.h"

namespace bp {

class World;

class IncidentRunner {
 public:
  // Registers an incident; it starts at the first step boundary at or after
  // spec.at. Batch uploads get their producer component now.
  void add(World& world, const IncidentSpec& spec);
  // Starts and ends incidents due at the current step boundary.
  void on_boundary(World& world);
  // Pauses or resumes a batch producer; false if no such producer.
  bool set_paused(World& world, const std::string& incident_id, bool paused);
  bool has(const std::string& incident_id) const;
  nlohmann::json report(const World& world) const;

 private:
  struct Running {
    IncidentSpec spec;
    std::uint32_t producer = 0xffffffffu;  // component index of a batch upload's producer
    SimTime started = -1, ended = -1;
    std::int64_t crashed = 0;  // instances a crash really took down
    bool active() const { return started >= 0 && ended < 0; }
  };
  // When a batch upload ended by itself (its producer sent its last job),
  // or -1: the producer keeps the moment, the runner reads it.
  SimTime ended_at(const World& world, const Running& r) const;
  void begin(World& world, Running& r);
  void end(World& world, Running& r);
  // Sets the effect shared by the running incidents of `changed`'s kind.
  void reapply(World& world, const IncidentSpec& changed);
  std::vector<Running> incidents_;
};

}  // namespace bp
