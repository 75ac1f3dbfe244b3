#pragma once
// Levenshtein distance, and the one rule for "did you mean …?" hints wherever a name was mistyped.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace quire {

std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest of `names` (strings or string views) to `word` when it is close enough to be a likely
// typo, else "": at most a third of the word's letters wrong, and at least 2 allowed (a swap of two
// letters costs 2). Words over 64 letters get no guess (the distance is quadratic).
template <class Names>
std::string closest_name(std::string_view word, const Names& names) {
  if (word.size() > 64) return {};
  std::string_view best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (std::string_view name : names) {
    std::size_t d = edit_distance(word, name);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  return std::string(best);
}

}  // namespace quire
