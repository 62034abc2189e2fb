#include <catch2/catch.hpp>

#include "backpressure/scheduler.h"

TEST_CASE("events at equal times leave in the order they were scheduled") {
  bp::Scheduler s;
  s.push(10, 0, 0, 1);
  s.push(5, 0, 0, 2);
  s.push(10, 0, 0, 3);
  s.push(5, 0, 0, 4);
  std::vector<std::uint64_t> order;
  while (!s.empty()) order.push_back(s.pop().data);
  CHECK(order == std::vector<std::uint64_t>{2, 4, 1, 3});
}
