#pragma once
// Levenshtein distance, for "did you mean …?" hints wherever a name was mistyped.
#include <cstddef>
#include <string_view>

namespace quire {

std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace quire
