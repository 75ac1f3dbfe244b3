#include "quire/compose/format.hpp"
#include "quire/model/utf8.hpp"

#include <array>
#include <cstdint>

namespace quire::compose {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return out;
}

// ---- Case mapping: ASCII, Latin-1, Greek and Cyrillic basic letters (the scripts with case that
// letters in this project's languages use); everything else is kept as it is.

char32_t to_upper(char32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;     // à…þ except ÷
  if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;  // Greek α…ω except final ς
  if (c >= 0x430 && c <= 0x44F) return c - 32;                // Cyrillic а…я
  if (c >= 0x450 && c <= 0x45F) return c - 80;                // ѐ…џ
  return c;
}

char32_t to_lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;  // À…Þ except ×
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

enum class Case { Upper, Lower, Title };

std::string change_case(std::string_view s, Case mode) {
  std::string out;
  bool word_start = true;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = next_char(s, i);
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '-';
    char32_t mapped = mode == Case::Upper   ? to_upper(c)
                      : mode == Case::Lower ? to_lower(c)
                      : word_start          ? to_upper(c)
                                            : to_lower(c);
    append_utf8(out, mapped);
    word_start = space;
  }
  return out;
}

// ---- Dates

const std::array<const char*, 12> kMonthsEn = {"January", "February", "March",     "April",   "May",      "June",
                                               "July",    "August",   "September", "October", "November", "December"};
const std::array<const char*, 12> kMonthsDe = {"Januar", "Februar", "März",      "April",   "Mai",      "Juni",
                                               "Juli",   "August",  "September", "Oktober", "November", "Dezember"};
const std::array<const char*, 12> kMonthsFr = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                               "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
const std::array<const char*, 12> kMonthsEs = {"enero", "febrero", "marzo",      "abril",   "mayo",      "junio",
                                               "julio", "agosto",  "septiembre", "octubre", "noviembre", "diciembre"};

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

std::string two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

// ---- Numbers

struct Decimal {
  bool negative = false;
  std::string whole;     // digits, no leading zeros except "0"
  std::string fraction;  // digits
};

std::optional<Decimal> parse_decimal(std::string_view s) {
  Decimal d;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) d.negative = s[i++] == '-';
  while (i < s.size() && is_digit(s[i])) d.whole += s[i++];
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) d.fraction += s[i++];
    if (d.fraction.empty()) return std::nullopt;
  }
  if (i != s.size() || d.whole.empty() || d.whole.size() > 30) return std::nullopt;
  auto nz = d.whole.find_first_not_of('0');
  d.whole = nz == std::string::npos ? "0" : d.whole.substr(nz);
  return d;
}

// Rounds to `decimals` places, half away from zero, on the digit strings (no binary floating point).
void round_to(Decimal& d, int decimals) {
  if (int(d.fraction.size()) <= decimals) {
    d.fraction.append(decimals - d.fraction.size(), '0');
    return;
  }
  bool up = d.fraction[decimals] >= '5';
  std::string digits = d.whole + d.fraction.substr(0, decimals);
  if (up) {
    int i = int(digits.size()) - 1;
    while (i >= 0 && digits[i] == '9') digits[i--] = '0';
    if (i < 0)
      digits.insert(digits.begin(), '1');
    else
      ++digits[i];
  }
  d.whole = digits.substr(0, digits.size() - decimals);
  d.fraction = digits.substr(digits.size() - decimals);
}

// German and Spanish group thousands with a point, French with a narrow no-break space (U+202F, as the
// Imprimerie nationale sets it); all three write a decimal comma.
std::string grouped(const Decimal& d, Locale locale) {
  bool comma = locale == Locale::De || locale == Locale::Fr || locale == Locale::Es;
  const char* sep = locale == Locale::Fr ? "\u202F" : comma ? "." : ",";
  const char* point = comma ? "," : ".";
  std::string out;
  int n = int(d.whole.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += sep;
    out += d.whole[i];
  }
  if (!d.fraction.empty()) out += point + d.fraction;
  return out;
}

bool all_zero(const Decimal& d) {
  return d.whole.find_first_not_of('0') == std::string::npos && d.fraction.find_first_not_of('0') == std::string::npos;
}

struct Currency {
  const char* code;
  const char* symbol;
  int decimals;
};
const Currency kCurrencies[] = {{"USD", "$", 2}, {"GBP", "£", 2}, {"EUR", "€", 2},
                                {"KRW", "₩", 0}, {"JPY", "¥", 0}, {"CHF", "CHF ", 2}};

const Currency* find_currency(std::string_view code) {
  for (const auto& c : kCurrencies)
    if (code == c.code) return &c;
  return nullptr;
}

const char* default_currency(Locale locale) {
  switch (locale) {
    case Locale::EnGB:
      return "GBP";
    case Locale::Ko:
      return "KRW";
    case Locale::De:
    case Locale::Fr:
    case Locale::Es:
      return "EUR";
    default:
      return "USD";
  }
}

Formatted fail(std::string message) { return {{}, std::move(message)}; }

Formatted money(const std::vector<std::string>& args, const std::string& value, Locale locale,
                const std::string& currency) {
  std::string code = !args.empty() ? args[0] : !currency.empty() ? currency : default_currency(locale);
  const Currency* cur = find_currency(code);
  if (!cur) return fail("unknown currency '" + code + "' (known: USD, GBP, EUR, KRW, JPY, CHF)");
  auto d = parse_decimal(value);
  if (!d) return fail("'" + value + "' is not a number (digits with an optional sign and decimal point)");
  round_to(*d, cur->decimals);
  std::string sign = d->negative && !all_zero(*d) ? "-" : "";
  std::string amount = grouped(*d, locale);
  if (locale == Locale::De || locale == Locale::Fr || locale == Locale::Es)  // the symbol after the amount
    return {sign + amount + " " + (cur->code == std::string("CHF") ? "CHF" : cur->symbol), {}};
  return {sign + cur->symbol + amount, {}};
}

}  // namespace

Locale locale_from_tag(std::string_view tag) {
  std::string t = lower_ascii(tag);
  for (auto& c : t)
    if (c == '_') c = '-';
  if (t.starts_with("ko")) return Locale::Ko;
  if (t.starts_with("de")) return Locale::De;
  if (t.starts_with("fr")) return Locale::Fr;
  if (t.starts_with("es")) return Locale::Es;
  if (t == "en-us" || t == "en") return Locale::EnUS;
  if (t.starts_with("en-")) return Locale::EnGB;  // en-GB, en-AU, en-NZ, en-IE, en-IN… write day month year
  return Locale::EnUS;
}

std::optional<Date> parse_date(std::string_view s) {
  // YYYY-MM-DD, optionally followed by a time ("2020-06-02T10:00") which is ignored.
  if (s.size() > 10 && (s[10] == 'T' || s[10] == ' ')) s = s.substr(0, 10);
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!is_digit(s[i])) return std::nullopt;
  Date d;
  d.year = std::stoi(std::string(s.substr(0, 4)));
  d.month = std::stoi(std::string(s.substr(5, 2)));
  d.day = std::stoi(std::string(s.substr(8, 2)));
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in(d.year, d.month)) return std::nullopt;
  return d;
}

std::string format_date(const Date& d, const std::string& style, Locale locale) {
  std::string y = std::to_string(d.year), m = std::to_string(d.month), day = std::to_string(d.day);
  if (style == "iso") return y + "-" + two(d.month) + "-" + two(d.day);
  if (style == "numeric") {
    switch (locale) {
      case Locale::EnUS:
        return two(d.month) + "/" + two(d.day) + "/" + y;
      case Locale::EnGB:
      case Locale::Fr:
      case Locale::Es:
        return two(d.day) + "/" + two(d.month) + "/" + y;
      case Locale::Ko:
        return y + ". " + m + ". " + day + ".";
      case Locale::De:
        return two(d.day) + "." + two(d.month) + "." + y;
    }
  }
  switch (locale) {
    case Locale::EnUS:
      return std::string(kMonthsEn[d.month - 1]) + " " + day + ", " + y;
    case Locale::EnGB:
      return day + " " + kMonthsEn[d.month - 1] + " " + y;
    case Locale::Ko:
      return y + "년 " + m + "월 " + day + "일";
    case Locale::De:
      return day + ". " + kMonthsDe[d.month - 1] + " " + y;
    case Locale::Fr:  // the first of the month is "1er"
      return (d.day == 1 ? std::string("1er") : day) + " " + kMonthsFr[d.month - 1] + " " + y;
    case Locale::Es:
      return day + " de " + kMonthsEs[d.month - 1] + " de " + y;
  }
  return y;
}

int decimals_of(std::string_view text) {
  auto d = parse_decimal(text);
  return d ? int(d->fraction.size()) : -1;
}

std::optional<std::string> format_number(std::string_view text, int decimals, Locale locale) {
  auto d = parse_decimal(text);
  if (!d) return std::nullopt;
  round_to(*d, decimals);
  return (d->negative && !all_zero(*d) ? "-" : "") + grouped(*d, locale);
}

Formatted apply_formatter(const std::string& name, const std::vector<std::string>& args, const std::string& value,
                          bool missing, Locale locale, const std::string& currency) {
  if (name == "default") {
    if (args.size() != 1) return fail("'default' takes one value: default \"text\"");
    return {missing || value.empty() ? args[0] : value, {}};
  }
  if (missing) return {{}, {}};  // reported by the caller
  if (name == "upper") return {change_case(value, Case::Upper), {}};
  if (name == "lower") return {change_case(value, Case::Lower), {}};
  if (name == "title") return {change_case(value, Case::Title), {}};
  if (name == "date") {
    std::string style = "long";
    for (const auto& a : args) {
      if (a == "long" || a == "numeric" || a == "iso")
        style = a;
      else if (a.size() >= 2 && a.size() <= 10 && std::isalpha(static_cast<unsigned char>(a[0])))
        locale = locale_from_tag(a);
      else
        return fail("unknown date style '" + a + "' (long, numeric, iso or a language such as en-GB)");
    }
    auto d = parse_date(value);
    if (!d) return fail("'" + value + "' is not a date (YYYY-MM-DD)");
    return {format_date(*d, style, locale), {}};
  }
  if (name == "money") return money(args, value, locale, currency);
  if (name == "number") {
    int decimals = decimals_of(value);
    if (!args.empty()) {
      const auto& a = args[0];
      if (a.empty() || a.size() > 2 || !is_digit(a[0]) || (a.size() == 2 && !is_digit(a[1])))
        return fail("'number' takes a count of decimals (0–99), got '" + a + "'");
      decimals = std::stoi(a);
    }
    auto out = decimals < 0 ? std::nullopt : format_number(value, decimals, locale);
    if (!out) return fail("'" + value + "' is not a number (digits with an optional sign and decimal point)");
    return {*out, {}};
  }
  return fail("unknown formatter '" + name + "' (date, money, number, upper, lower, title, default)");
}

}  // namespace quire::compose
