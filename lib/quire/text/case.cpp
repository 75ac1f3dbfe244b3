#include "quire/text/case.hpp"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace quire::text {

namespace {

icu::UnicodeString unicode(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

}  // namespace

std::string to_upper(std::string_view s) {
  std::string out;
  unicode(s).toUpper(icu::Locale::getRoot()).toUTF8String(out);
  return out;
}

std::string to_lower(std::string_view s) {
  std::string out;
  unicode(s).toLower(icu::Locale::getRoot()).toUTF8String(out);
  return out;
}

std::vector<CaseRun> small_caps_runs(std::string_view s) {
  std::vector<CaseRun> runs;
  std::size_t start = 0;
  bool lowered = false;
  auto close = [&](std::size_t end) {
    if (end == start) return;
    std::string_view part = s.substr(start, end - start);
    runs.push_back({lowered ? to_upper(part) : std::string(part), lowered});
    start = end;
  };
  for (int32_t i = 0, n = static_cast<int32_t>(s.size()); i < n;) {
    int32_t at = i;
    UChar32 c = 0;
    U8_NEXT(s.data(), i, n, c);
    // Combining marks stay with the letter before them.
    bool lower = c >= 0 && (u_isULowercase(c) || (lowered && u_getCombiningClass(c) != 0));
    if (lower != lowered) {
      close(static_cast<std::size_t>(at));
      lowered = lower;
    }
  }
  close(s.size());
  return runs;
}

}  // namespace quire::text
