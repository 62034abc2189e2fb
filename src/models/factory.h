#pragma once
// The one place that knows every component model by its catalogue type.
#include <cstdint>
#include <memory>

#include "backpressure/scenario.h"

namespace bp {

class Component;
class World;

// Builds the model for `spec` (a catalogue type, or "traffic" for the users'
// source), with the index it will have in the world.
std::unique_ptr<Component> make_component(World& world, const ComponentSpec& spec, std::uint32_t index);

}  // namespace bp
