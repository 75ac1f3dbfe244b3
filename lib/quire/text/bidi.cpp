#include "quire/text/bidi.hpp"

#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <numeric>
#include <string>

#include "quire/model/utf8.hpp"

namespace quire::text {

namespace {

// The text as UTF-16 (what ubidi reads), with the byte offset each code unit came from.
struct Utf16 {
  std::u16string units;
  std::vector<std::size_t> byte_at;
};

Utf16 to_utf16(std::string_view s) {
  Utf16 out;
  out.units.reserve(s.size());
  out.byte_at.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t at = i;
    char32_t c = next_char(s, i);  // a malformed byte reads as U+FFFD
    if (c >= 0x10000) {
      out.units.push_back(static_cast<char16_t>(0xD7C0 + (c >> 10)));
      out.units.push_back(static_cast<char16_t>(0xDC00 | (c & 0x3FF)));
      out.byte_at.push_back(at);
    } else {
      out.units.push_back(static_cast<char16_t>(c));
    }
    out.byte_at.push_back(at);
  }
  return out;
}

// Classes that can give a character a level other than 0 in a left-to-right paragraph.
bool may_raise_level(char32_t c) {
  switch (u_charDirection(static_cast<UChar32>(c))) {
    case U_RIGHT_TO_LEFT:
    case U_RIGHT_TO_LEFT_ARABIC:
    case U_ARABIC_NUMBER:
    case U_LEFT_TO_RIGHT_EMBEDDING:
    case U_LEFT_TO_RIGHT_OVERRIDE:
    case U_RIGHT_TO_LEFT_EMBEDDING:
    case U_RIGHT_TO_LEFT_OVERRIDE:
    case U_POP_DIRECTIONAL_FORMAT:
    case U_LEFT_TO_RIGHT_ISOLATE:
    case U_RIGHT_TO_LEFT_ISOLATE:
    case U_FIRST_STRONG_ISOLATE:
    case U_POP_DIRECTIONAL_ISOLATE:
      return true;
    default:
      return false;
  }
}

// ASCII has none of those classes, so most text is decided byte by byte.
bool all_left_to_right(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    if (may_raise_level(next_char(s, i))) return false;
  }
  return true;
}

struct BidiCloser {
  void operator()(UBiDi* b) const { ubidi_close(b); }
};

// One UBiDi object per thread, reused: ubidi_setPara keeps its buffers between paragraphs.
UBiDi* thread_bidi() {
  thread_local std::unique_ptr<UBiDi, BidiCloser> bidi(ubidi_open());
  return bidi.get();
}

std::uint8_t base_level_of(Direction base) { return base == Direction::Rtl ? 1 : 0; }

BidiParagraph one_run(std::size_t size, std::uint8_t level) {
  BidiParagraph p;
  p.base_level = level;
  if (size > 0) p.runs.push_back(LevelRun{0, size, level});
  return p;
}

}  // namespace

BidiParagraph bidi_runs(std::string_view utf8, Direction base) {
  if (utf8.empty() || (base != Direction::Rtl && all_left_to_right(utf8))) return one_run(utf8.size(), 0);
  Utf16 text = to_utf16(utf8);
  UBiDi* bidi = thread_bidi();
  if (bidi == nullptr || text.units.size() > std::size_t(INT32_MAX)) return one_run(utf8.size(), base_level_of(base));
  UBiDiLevel para = base == Direction::Ltr ? 0 : base == Direction::Rtl ? 1 : UBIDI_DEFAULT_LTR;
  UErrorCode err = U_ZERO_ERROR;
  auto length = static_cast<int32_t>(text.units.size());
  ubidi_setPara(bidi, text.units.data(), length, para, nullptr, &err);
  const UBiDiLevel* levels = U_SUCCESS(err) ? ubidi_getLevels(bidi, &err) : nullptr;
  if (U_FAILURE(err) || levels == nullptr) return one_run(utf8.size(), base_level_of(base));
  BidiParagraph p;
  p.base_level = ubidi_getParaLevel(bidi) & 1;
  for (int32_t k = 0; k < length; ++k) {
    std::size_t at = text.byte_at[std::size_t(k)];
    if (p.runs.empty() || p.runs.back().level != levels[k]) {
      if (!p.runs.empty()) p.runs.back().end = at;
      p.runs.push_back(LevelRun{at, utf8.size(), levels[k]});
    }
  }
  return p;
}

std::vector<std::size_t> visual_order(const std::vector<std::uint8_t>& levels) {
  std::vector<std::size_t> order(levels.size());
  std::iota(order.begin(), order.end(), std::size_t(0));
  if (levels.empty()) return order;
  auto [lo_it, hi_it] = std::minmax_element(levels.begin(), levels.end());
  int lowest_odd = *lo_it | 1, highest = *hi_it;
  std::vector<std::uint8_t> level = levels;  // permuted along with `order`
  // From the highest level down to the lowest odd one, reverse every run at that level or higher.
  for (int at_least = highest; at_least >= lowest_odd; --at_least) {
    for (std::size_t i = 0; i < level.size();) {
      if (level[i] < at_least) {
        ++i;
        continue;
      }
      std::size_t end = i;
      while (end < level.size() && level[end] >= at_least) ++end;
      std::reverse(order.begin() + std::ptrdiff_t(i), order.begin() + std::ptrdiff_t(end));
      std::reverse(level.begin() + std::ptrdiff_t(i), level.begin() + std::ptrdiff_t(end));
      i = end;
    }
  }
  return order;
}

Direction first_strong_direction(std::string_view utf8) {
  std::size_t isolates = 0;  // open isolates: what is inside them does not count
  for (std::size_t i = 0; i < utf8.size();) {
    switch (u_charDirection(static_cast<UChar32>(next_char(utf8, i)))) {
      case U_LEFT_TO_RIGHT:
        if (isolates == 0) return Direction::Ltr;
        break;
      case U_RIGHT_TO_LEFT:
      case U_RIGHT_TO_LEFT_ARABIC:
        if (isolates == 0) return Direction::Rtl;
        break;
      case U_LEFT_TO_RIGHT_ISOLATE:
      case U_RIGHT_TO_LEFT_ISOLATE:
      case U_FIRST_STRONG_ISOLATE:
        ++isolates;
        break;
      case U_POP_DIRECTIONAL_ISOLATE:
        if (isolates > 0) --isolates;
        break;
      default:
        break;
    }
  }
  return Direction::Auto;
}

Direction language_direction(std::string_view bcp47) {
  if (bcp47.empty() || bcp47.size() > ULOC_FULLNAME_CAPACITY) return Direction::Auto;
  std::string tag(bcp47);
  std::replace(tag.begin(), tag.end(), '_', '-');  // "fa_IR" as well as "fa-IR"
  char locale[ULOC_FULLNAME_CAPACITY + 1] = {};
  int32_t parsed = 0;
  UErrorCode err = U_ZERO_ERROR;
  uloc_forLanguageTag(tag.c_str(), locale, ULOC_FULLNAME_CAPACITY, &parsed, &err);
  if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING || parsed <= 0) return Direction::Auto;
  // ICU decides by the tag's script, or the language's likely script ("ar" → Arab).
  return uloc_isRightToLeft(locale) ? Direction::Rtl : Direction::Auto;
}

}  // namespace quire::text
