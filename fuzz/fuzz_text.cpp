// The Unicode text stage on arbitrary bytes: the first byte picks the paragraph direction and the
// language, the rest is the text. Besides never crashing or hanging, every answer must keep its
// contract: runs cover the text in order, offsets lie inside it and increase, the visual order is a
// permutation.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "quire/text/bidi.hpp"
#include "quire/text/breaks.hpp"
#include "quire/text/script.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

template <typename Run>
void check_cover(const std::vector<Run>& runs, std::size_t size) {
  std::size_t at = 0;
  for (const Run& r : runs) {
    require(r.begin == at && r.end > r.begin);
    at = r.end;
  }
  require(at == size);
}

void check_increasing(const std::vector<std::size_t>& offsets, std::size_t lo, std::size_t hi) {
  for (std::size_t k = 0; k < offsets.size(); ++k) {
    require(offsets[k] >= lo && offsets[k] <= hi);
    if (k > 0) require(offsets[k] > offsets[k - 1]);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  using quire::text::Direction;
  const Direction directions[] = {Direction::Auto, Direction::Ltr, Direction::Rtl};
  const char* languages[] = {"", "en", "th", "km", "ko", "ja", "ar", "my"};
  Direction base = directions[data[0] % 3];
  const char* lang = languages[(data[0] / 3) % 8];
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  check_cover(quire::text::script_runs(text), text.size());
  auto para = quire::text::bidi_runs(text, base);
  check_cover(para.runs, text.size());
  std::vector<std::uint8_t> levels;
  for (const auto& r : para.runs) levels.push_back(r.level);
  auto order = quire::text::visual_order(levels);
  std::sort(order.begin(), order.end());
  for (std::size_t k = 0; k < order.size(); ++k) require(order[k] == k);
  if (!text.empty()) check_increasing(quire::text::line_break_opportunities(text, lang), 1, text.size() - 1);
  auto clusters = quire::text::grapheme_boundaries(text);
  check_increasing(clusters, 0, text.size());
  require(clusters.front() == 0 && clusters.back() == text.size());
  (void)quire::text::first_strong_direction(text);
  (void)quire::text::language_direction(text.substr(0, 100));
  return 0;
}
