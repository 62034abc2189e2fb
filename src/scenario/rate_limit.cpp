#include "scenario/rate_limit.h"

#include "backpressure/input_error.h"
#include "scenario/json_reader.h"

namespace bp {

std::string set_rate_limit_field(RateLimit& limit, const std::string& key, const nlohmann::json& value) {
  try {
    if (key == "rate_limit") limit.per_second = expect_number(value, 0, kMaxRateLimit, "command", "/value");
    else if (key == "rate_burst") limit.burst = expect_number(value, 0, kMaxRateBurst, "command", "/value");
    else return "a rate limit has the fields rate_limit and rate_burst, not \"" + key + "\"";
  } catch (const InputError& e) {
    return key + ": " + e.problem();
  }
  return "";
}

}  // namespace bp
