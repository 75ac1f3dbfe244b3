#pragma once
// Hyphenation with Liang's patterns through libhyphen (the dictionaries of Debian's hyphen-* packages).
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct _HyphenDict;

namespace quire::layout {

class Hyphenator {
 public:
  // The patterns for a BCP 47 language tag ("en", "en-US", "en-GB", "de-CH", …), loaded from
  // /usr/share/hyphen on first use and kept for the life of the process; null when none is installed
  // (English variants without their own file use en_US; Korean is never hyphenated).
  static const Hyphenator* for_language(std::string_view lang);

  // Where a hyphen may go in `word` (letters only): byte offsets, each the start of the part that
  // moves to the next line, at least 2 characters from the start and 3 from the end. The word is
  // lower-cased first (the patterns are lower case). Results are cached per word.
  std::vector<std::size_t> points(std::string_view word) const;

  explicit Hyphenator(_HyphenDict* dict) : dict_(dict) {}
  ~Hyphenator();
  Hyphenator(const Hyphenator&) = delete;
  Hyphenator& operator=(const Hyphenator&) = delete;

 private:
  _HyphenDict* dict_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, std::vector<std::size_t>> cache_;
};

inline constexpr int kLeftHyphenMin = 2, kRightHyphenMin = 3;

}  // namespace quire::layout
