#include "quire/text/quotes.hpp"

#include <unicode/uloc.h>
#include <unicode/ulocdata.h>
#include <unicode/ustring.h>

namespace quire::text {

namespace {

std::string utf8_of(const UChar* s, int32_t length) {
  char out[32];
  int32_t written = 0;
  UErrorCode err = U_ZERO_ERROR;
  u_strToUTF8(out, sizeof out, &written, s, length, &err);
  return U_FAILURE(err) ? std::string() : std::string(out, static_cast<std::size_t>(written));
}

// One delimiter of the locale, or `fallback` when ICU has none.
std::string delimiter(ULocaleData* data, ULocaleDataDelimiterType type, const std::string& fallback) {
  UChar buf[8];
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = ulocdata_getDelimiter(data, type, buf, 8, &err);
  std::string s = U_FAILURE(err) || n <= 0 ? std::string() : utf8_of(buf, n);
  return s.empty() ? fallback : s;
}

}  // namespace

QuotationMarks quotation_marks(std::string_view lang) {
  QuotationMarks marks;
  if (lang.empty() || lang.size() > 64) return marks;
  char locale[ULOC_FULLNAME_CAPACITY];
  UErrorCode err = U_ZERO_ERROR;
  std::string tag(lang);
  uloc_forLanguageTag(tag.c_str(), locale, sizeof locale, nullptr, &err);
  if (U_FAILURE(err) || locale[0] == '\0') return marks;
  err = U_ZERO_ERROR;
  ULocaleData* data = ulocdata_open(locale, &err);
  if (U_FAILURE(err) || data == nullptr) return marks;
  marks.open = delimiter(data, ULOCDATA_QUOTATION_START, marks.open);
  marks.close = delimiter(data, ULOCDATA_QUOTATION_END, marks.close);
  marks.inner_open = delimiter(data, ULOCDATA_ALT_QUOTATION_START, marks.inner_open);
  marks.inner_close = delimiter(data, ULOCDATA_ALT_QUOTATION_END, marks.inner_close);
  ulocdata_close(data);
  if (lang.substr(0, 2) == "fr" && (lang.size() == 2 || lang[2] == '-' || lang[2] == '_')) {
    const std::string thin = "\u202F";  // narrow no-break space
    if (marks.open == "\u00AB") marks.open += thin;
    if (marks.close == "\u00BB") marks.close = thin + marks.close;
  }
  return marks;
}

}  // namespace quire::text
