#include <doctest/doctest.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "quire/diag/edit_distance.hpp"

using quire::closest_name;
using quire::edit_distance;

TEST_CASE("edit distance counts insertions, deletions and substitutions") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("heading", "haeding") == 2);
  CHECK(edit_distance("abc", "") == 3);
}

TEST_CASE("closest_name: one did-you-mean rule for every stage") {
  std::vector<std::string> names{"paragraph", "heading", "bullet-list", "methods", "introduction"};
  CHECK(closest_name("paragrap", names) == "paragraph");
  CHECK(closest_name("haeding", names) == "heading");  // a swap costs 2, allowed for any word
  CHECK(closest_name("mehtod", names).empty());        // 3 edits: too many for 6 letters
  CHECK(closest_name("introdcution", names) == "introduction");
  CHECK(closest_name("table", names).empty());
  CHECK(closest_name(std::string(80, 'a'), names).empty());
  std::array<std::string_view, 2> views{"strong", "strike"};
  CHECK(closest_name("strnog", views) == "strong");
}
