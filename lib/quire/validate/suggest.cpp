#include "quire/validate/suggest.hpp"

#include <algorithm>

#include "quire/diag/edit_distance.hpp"

namespace quire::validate {

std::string did_you_mean(std::string_view word, const std::vector<std::string>& names) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;  // a swap of two letters is 2
  for (const auto& name : names) {
    std::size_t d = edit_distance(word, name);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

}  // namespace quire::validate
