#include "quire/yaml/scalars.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "quire/model/utf8.hpp"

namespace quire::yaml::detail {

using Kind = model::MetaValue::Kind;

namespace {

bool all_of(std::string_view s, int (*pred)(int)) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [&](char c) { return pred(static_cast<unsigned char>(c)) != 0; });
}

int is_octal(int c) { return c >= '0' && c <= '7'; }
int is_digit(int c) { return c >= '0' && c <= '9'; }
int is_hex(int c) { return std::isxdigit(c); }

std::string_view drop_sign(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  return s;
}

// [0-9]+ or \.[0-9]+ or [0-9]+\.[0-9]* then an optional exponent.
bool is_core_float(std::string_view s) {
  s = drop_sign(s);
  std::size_t i = 0, digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    return all_of(s.substr(i), is_digit);
  }
  return i == s.size();
}

bool is_core_number(std::string_view s) {
  if (all_of(drop_sign(s), is_digit)) return true;
  if (s.size() > 2 && s[0] == '0' && s[1] == 'o') return all_of(s.substr(2), is_octal);
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x') return all_of(s.substr(2), is_hex);
  auto unsigned_part = drop_sign(s);
  if (unsigned_part == ".inf" || unsigned_part == ".Inf" || unsigned_part == ".INF") return true;
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return true;
  return is_core_float(s);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Words some YAML reader (1.1 or 1.2) types as something other than a string.
bool is_typed_word(std::string_view s) {
  static constexpr std::array words = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~", "<<", "="};
  auto l = lower(s);
  return std::find(words.begin(), words.end(), l) != words.end();
}

// Code points that must be escaped: YAML and PyYAML refuse or reinterpret them when raw.
bool needs_escape(char32_t cp) {
  if (cp < 0x20 || cp == 0x7f) return true;
  if (cp >= 0x80 && cp <= 0x9f) return true;
  return cp == 0x2028 || cp == 0x2029 || cp == 0xfeff || cp == 0xfffe || cp == 0xffff;
}

bool plain_safe(std::string_view s, Context context) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ' || s.back() == ':') return false;
  static constexpr std::string_view indicators = "-?:,[]{}#&*!|>'\"%@`";
  unsigned char first = static_cast<unsigned char>(s.front());
  if (indicators.find(static_cast<char>(first)) != std::string_view::npos) return false;
  if (std::isdigit(first) || first == '+' || first == '.') return false;
  if (is_typed_word(s)) return false;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos) return false;
  // yaml-cpp 0.7 misreads "them?]" in a flow sequence, so "?" is quoted there too.
  if (context == Context::Flow && s.find_first_of(",[]{}:?#") != std::string_view::npos) return false;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    int n = decode_utf8(s, i, cp);
    if (n == 0 || needs_escape(cp)) return false;
    i += static_cast<std::size_t>(n);
  }
  return true;
}

void append_escape(std::string& out, char32_t cp) {
  static constexpr char hex[] = "0123456789abcdef";
  switch (cp) {
    case '\0':
      out += "\\0";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    default:
      break;
  }
  if (cp < 0x100) {
    out += "\\x";
    out += hex[cp >> 4];
    out += hex[cp & 0xf];
    return;
  }
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += hex[(cp >> shift) & 0xf];
}

std::string double_quoted(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    int n = decode_utf8(s, i, cp);
    if (n == 0) {  // not UTF-8: YAML cannot carry the byte, so it becomes U+FFFD
      cp = 0xfffd;
      n = 1;
    }
    if (cp == '"' || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (needs_escape(cp)) {
      append_escape(out, cp);
    } else {
      append_utf8(out, cp);
    }
    i += static_cast<std::size_t>(n);
  }
  return out + "\"";
}

}  // namespace

Kind resolve_plain(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Kind::Null;
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") return Kind::Bool;
  if (is_core_number(s)) return Kind::Number;
  return Kind::String;
}

std::string quote_string(std::string_view s, Context context) {
  if (plain_safe(s, context)) return std::string(s);
  return double_quoted(s);
}

bool literal_safe(std::string_view s) {
  // Clip chomping keeps exactly one final newline; a leading space would need an indentation
  // indicator, and whitespace-only lines lose their spaces.
  if (s.size() < 2 || s.back() != '\n' || s[s.size() - 2] == '\n') return false;
  if (s.front() == ' ' || s.front() == '\t' || s.front() == '\n') return false;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    int n = decode_utf8(s, i, cp);
    if (n == 0 || (cp != '\n' && cp != '\t' && needs_escape(cp))) return false;
    if (cp == '\n') {
      auto line = s.substr(line_start, i - line_start);
      if (!line.empty() && line.find_first_not_of(" \t") == std::string_view::npos) return false;
      line_start = i + 1;
    }
    i += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace quire::yaml::detail
