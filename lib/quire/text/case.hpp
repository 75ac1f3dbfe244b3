#pragma once
// Case mapping of UTF-8 text with ICU's full mappings (ß → SS, ŉ → ʼN), root locale.
#include <string>
#include <string_view>
#include <vector>

namespace quire::text {

std::string to_upper(std::string_view s);
std::string to_lower(std::string_view s);

// Text in small capitals drawn from capitals: runs of lowercase letters are shown uppercased and set
// smaller (`lowered`), everything else as written. Fonts rarely carry real small capitals (`smcp`),
// so this is how small caps look in every face.
struct CaseRun {
  std::string shown;
  bool lowered = false;
};
std::vector<CaseRun> small_caps_runs(std::string_view s);

}  // namespace quire::text
