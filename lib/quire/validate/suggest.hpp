#pragma once
// "did you mean …?" for names the user mistyped (private to quire_validate).
#include <string>
#include <string_view>
#include <vector>

namespace quire::validate {

// The closest of `names` to `word` when it is close enough to be a likely typo, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& names);

}  // namespace quire::validate
