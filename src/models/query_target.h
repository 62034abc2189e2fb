#pragma once
// Components a server can send a synchronous call to. The callee answers by
// scheduling an event of kind kCallDone (or kCacheMiss) at the caller.
#include <cstdint>

#include "world/world.h"

namespace bp {

enum class QueryKind : std::uint8_t { Read, Write };

// Reply kinds understood by every caller.
constexpr std::uint32_t kCallDone = 100;
constexpr std::uint32_t kCacheMiss = 101;

class QueryTarget {
 public:
  virtual ~QueryTarget() = default;
  virtual void query(World& world, RequestId id, QueryKind kind, std::uint32_t reply_to) = 0;
};

}  // namespace bp
