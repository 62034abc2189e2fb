#pragma once
// Where a server's telemetry goes when the design has somewhere for it: a
// stream or an analytics sink. Handing events over costs the request
// nothing; what happens to them afterwards is the sink's business.
#include <cstdint>

#include "world/world.h"

namespace bp {

class TelemetrySink {
 public:
  virtual ~TelemetrySink() = default;
  virtual void emit(World& world, std::int64_t events) = 0;
};

}  // namespace bp
