// libFuzzer target: the design loader, and the design applied to the
// shipped scenario it names (scripts/fuzz).
#include "backpressure/design_loader.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::run_one(data, size, [](const nlohmann::json& doc) {
    const bp::Design design = bp::parse_design(doc, "fuzz.json");
    for (const auto& s : fuzz::shipped_scenarios())
      if (s.id == design.scenario_id) bp::apply_design(s, design);
  });
}
