// The letter rule (docs/grading.md, "Letter"): points set the letter, but a
// broken promise caps it at C, so a B always means every promise was kept.
#include <catch2/catch.hpp>

#include "grading/grade.h"

TEST_CASE("the letter follows the score while every promise is kept", "[grade]") {
  CHECK(bp::letter_for(95, true) == "A");
  CHECK(bp::letter_for(90, true) == "A");
  CHECK(bp::letter_for(89.9, true) == "B");
  CHECK(bp::letter_for(80, true) == "B");
  CHECK(bp::letter_for(75, true) == "C");
  CHECK(bp::letter_for(65, true) == "D");
  CHECK(bp::letter_for(10, true) == "F");
}

TEST_CASE("a broken promise caps the letter at C and never lifts a lower one", "[grade]") {
  CHECK(bp::letter_for(99, false) == "C");
  CHECK(bp::letter_for(94.1, false) == "C");
  CHECK(bp::letter_for(80, false) == "C");
  CHECK(bp::letter_for(70, false) == "C");
  CHECK(bp::letter_for(65, false) == "D");
  CHECK(bp::letter_for(20, false) == "F");
}
