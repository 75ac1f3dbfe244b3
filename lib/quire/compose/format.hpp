#pragma once
// Formatters for fields: {{ date | date "long" }}, {{ amount | money "KRW" }}, {{ name | upper }}.
// The set and its output per locale are documented in docs/fields.md.
#include <optional>
#include <string>
#include <vector>

namespace quire::compose {

// The locales formatters know; anything else falls back to en-US with its language part checked first
// ("en-AU" → en-GB, "ko-KR" → ko, "de-AT" → de, "fr-CA" → fr, "es-MX" → es).
enum class Locale { EnUS, EnGB, Ko, De, Fr, Es };
Locale locale_from_tag(std::string_view tag);

struct Formatted {
  std::string text;
  std::string error;  // non-empty: the value or an argument is invalid (the message, without position)
};

// Applies one formatter by name to `value` (a scalar as text). `missing` is true when the field had
// no value (only `default` accepts that). Unknown names are an error.
Formatted apply_formatter(const std::string& name, const std::vector<std::string>& args, const std::string& value,
                          bool missing, Locale locale, const std::string& currency);

// "2020-06-02" → {2020, 6, 2}; nullopt when not a real calendar date.
struct Date {
  int year = 0, month = 0, day = 0;
};
std::optional<Date> parse_date(std::string_view text);
std::string format_date(const Date& d, const std::string& style, Locale locale);

// A decimal number written as digits with an optional sign and decimal point, rounded half away from
// zero to `decimals` places and grouped by thousands; nullopt when `text` is not such a number.
std::optional<std::string> format_number(std::string_view text, int decimals, Locale locale);
// Decimals as written ("12.50" → 2); -1 when not a number.
int decimals_of(std::string_view text);

}  // namespace quire::compose
