#include "quire/text/breaks.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "quire/model/utf8.hpp"

namespace quire::text {

namespace {

// Distinct languages whose line iterators a thread keeps; a document has one or two.
constexpr std::size_t kMaxCachedLocales = 16;

bool in(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }

bool is_hangul(char32_t c) {
  return in(c, 0xAC00, 0xD7A3) || in(c, 0x1100, 0x11FF) || in(c, 0x3130, 0x318F) || in(c, 0xA960, 0xA97F) ||
         in(c, 0xD7B0, 0xD7FF);
}

// Letters and digits of any script, and marks: what keep-all keeps together with Hangul.
bool is_letterlike(char32_t c) {
  return u_isalnum(static_cast<UChar32>(c)) || u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_ALPHABETIC);
}

// The character that ends at byte `end` (the one before a break there).
char32_t char_before(std::string_view s, std::size_t end) {
  std::size_t start = end;
  for (int back = 0; start > 0 && back < 4; ++back) {
    --start;
    if ((static_cast<unsigned char>(s[start]) & 0xC0) != 0x80) break;
  }
  char32_t c = 0xFFFD;
  return decode_utf8(s, start, c) == int(end - start) ? c : char32_t(0xFFFD);
}

bool keep_all(std::string_view s, std::size_t at) {
  std::size_t next = at;
  char32_t before = char_before(s, at), after = next_char(s, next);
  return (is_hangul(before) && is_letterlike(after)) || (is_hangul(after) && is_letterlike(before));
}

// A locale for ICU from a BCP 47 tag ("en-US", "th", "zh_Hant"); the root locale when it is not one.
icu::Locale locale_for(const std::string& lang) {
  if (lang.empty()) return icu::Locale::getRoot();
  std::string tag = lang;
  std::replace(tag.begin(), tag.end(), '_', '-');
  UErrorCode err = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(tag, err);
  return U_FAILURE(err) || locale.isBogus() ? icu::Locale::getRoot() : locale;
}

// ICU iterators are costly to make (rules and dictionaries are loaded) and not thread-safe: one per
// thread and language. A null entry records that ICU could not make one (no data): no breaks then.
icu::BreakIterator* line_iterator(std::string_view lang) {
  thread_local std::map<std::string, std::unique_ptr<icu::BreakIterator>, std::less<>> cache;
  if (auto it = cache.find(lang); it != cache.end()) return it->second.get();
  if (cache.size() >= kMaxCachedLocales) cache.clear();
  std::string key(lang);
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> iterator(icu::BreakIterator::createLineInstance(locale_for(key), err));
  if (U_FAILURE(err)) iterator.reset();
  return (cache[key] = std::move(iterator)).get();
}

icu::BreakIterator* grapheme_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode err = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> made(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), err));
    if (U_FAILURE(err)) made.reset();
    return made;
  }();
  return iterator.get();
}

// Every boundary `iterator` finds in `utf8`, read through a UText over the bytes themselves (ICU's
// native indices are then byte offsets; nothing is copied). Empty when ICU cannot read the text.
template <typename Keep>
std::vector<std::size_t> boundaries(icu::BreakIterator* iterator, std::string_view utf8, Keep keep) {
  std::vector<std::size_t> out;
  if (iterator == nullptr || utf8.size() > std::size_t(INT32_MAX)) return out;
  UErrorCode err = U_ZERO_ERROR;
  UText text = UTEXT_INITIALIZER;
  utext_openUTF8(&text, utf8.data(), static_cast<int64_t>(utf8.size()), &err);
  if (U_SUCCESS(err)) iterator->setText(&text, err);
  if (U_SUCCESS(err))
    for (int32_t at = iterator->first(); at != icu::BreakIterator::DONE; at = iterator->next())
      if (keep(std::size_t(at))) out.push_back(std::size_t(at));
  utext_close(&text);
  return out;
}

}  // namespace

std::vector<std::size_t> line_break_opportunities(std::string_view utf8, std::string_view lang) {
  if (utf8.size() < 2) return {};
  return boundaries(line_iterator(lang), utf8,
                    [&](std::size_t at) { return at > 0 && at < utf8.size() && !keep_all(utf8, at); });
}

std::vector<std::size_t> grapheme_boundaries(std::string_view utf8) {
  if (utf8.empty()) return {0};
  auto out = boundaries(grapheme_iterator(), utf8, [](std::size_t) { return true; });
  if (out.empty()) return {0, utf8.size()};  // ICU could not read it: one cluster
  return out;
}

bool breaks_by_dictionary(char32_t c) {
  return u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT;
}

}  // namespace quire::text
