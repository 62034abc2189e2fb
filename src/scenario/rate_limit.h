#pragma once
// The two fields every rate limit has, read the same way from a scenario
// file and from a `set` command: rate_limit (per second, 0: no limit) and
// rate_burst (how many at once, 0: one second's worth).
#include <string>

#include <nlohmann/json.hpp>

#include "backpressure/scenario.h"

namespace bp {

constexpr double kMaxRateLimit = 1e7;   // per second
constexpr double kMaxRateBurst = 1e9;

// Sets `key` ("rate_limit" or "rate_burst") of `limit`; returns why not, or "".
std::string set_rate_limit_field(RateLimit& limit, const std::string& key, const nlohmann::json& value);

}  // namespace bp
