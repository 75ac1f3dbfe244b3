#include "quire/layout/breaks.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "quire/layout/hyphenate.hpp"
#include "quire/layout/text.hpp"
#include "quire/text/breaks.hpp"

namespace quire::layout {

namespace {

constexpr std::size_t kMinHyphenWord = 5;  // characters: shorter words are never hyphenated

struct Char {
  std::size_t offset;
  char32_t c;
};

bool in(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }

// Chinese and Japanese characters, between which UAX #14 allows a break.
bool is_ideographic(char32_t c) {
  return in(c, 0x2E80, 0x2FDF) || in(c, 0x3000, 0x30FF) || in(c, 0x31F0, 0x31FF) || in(c, 0x3400, 0x4DBF) ||
         in(c, 0x4E00, 0x9FFF) || in(c, 0xF900, 0xFAFF) || in(c, 0xFF00, 0xFFEF) || in(c, 0x20000, 0x3FFFF);
}

bool is_latin_letter(char32_t c) {
  return (c < 0x80 && std::isalpha(int(c))) || (in(c, 0xC0, 0x24F) && c != 0xD7 && c != 0xF7);
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

bool is_dash(char32_t c) { return c == '-' || in(c, 0x2010, 0x2015) || c == 0x2E3A || c == 0x2E3B; }

// Text in which UAX #14 finds no break: ASCII letters, digits and the punctuation that never
// allows one inside a word. Most words are like this; they skip ICU.
bool plain_ascii(std::string_view word) {
  return std::all_of(word.begin(), word.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c < 0x80 && (std::isalnum(c) || c == '.' || c == ',' || c == ';' || c == ':' || c == '\'' || c == '"');
  });
}

std::vector<Char> decode(std::string_view word) {
  std::vector<Char> chars;
  for (std::size_t i = 0; i < word.size();) {
    std::size_t at = i;
    chars.push_back(Char{at, next_char(word, i)});
  }
  return chars;
}

// Every UAX #14 opportunity inside the word (text/breaks.hpp), with the kind that decides its cost:
// after a dash, a flagged penalty; between ideographs, and between two words of a script written
// without spaces (Thai, Lao, Khmer, Myanmar: found by ICU's dictionaries), zero-width glue; else a
// penalty (after a slash, inside a URL).
void unicode_breaks(std::string_view word, const std::vector<Char>& chars, const std::string& lang,
                    std::vector<WordBreak>& out) {
  for (std::size_t at : text::line_break_opportunities(word, lang)) {
    auto k =
        std::lower_bound(chars.begin(), chars.end(), at, [](const Char& ch, std::size_t o) { return ch.offset < o; });
    if (k == chars.begin() || k == chars.end() || k->offset != at) continue;
    char32_t before = std::prev(k)->c, after = k->c;
    bool between_words = text::breaks_by_dictionary(before) && text::breaks_by_dictionary(after);
    auto kind = is_dash(before)                                                    ? WordBreak::Kind::AfterDash
                : is_ideographic(before) || is_ideographic(after) || between_words ? WordBreak::Kind::Ideographic
                                                                                   : WordBreak::Kind::Plain;
    out.push_back(WordBreak{at, kind});
  }
}

bool raised_at(const std::vector<bool>& raised, std::size_t offset) { return offset < raised.size() && raised[offset]; }

// Words that must keep their letters together: with digits, URLs and addresses, all capitals (acronyms).
bool never_hyphenated(std::string_view word, const std::vector<Char>& chars, const std::vector<bool>& raised) {
  if (word.find("://") != std::string_view::npos || word.find("www.") != std::string_view::npos ||
      word.find('@') != std::string_view::npos)
    return true;
  bool lower = false;
  for (const auto& ch : chars) {
    if (raised_at(raised, ch.offset)) continue;
    if (is_digit(ch.c)) return true;
    if (ch.c < 0x80 && std::islower(int(ch.c))) lower = true;
    if (ch.c >= 0xC0 && is_latin_letter(ch.c)) lower = true;  // no case test beyond ASCII: assume lower
  }
  return !lower;
}

// Hyphenation points of every run of at least five letters.
void hyphen_breaks(std::string_view word, const std::vector<Char>& chars, const std::vector<bool>& raised,
                   const Hyphenator& hyphenator, std::vector<WordBreak>& out) {
  if (never_hyphenated(word, chars, raised)) return;
  for (std::size_t k = 0; k < chars.size();) {
    auto letter = [&](std::size_t j) { return is_latin_letter(chars[j].c) && !raised_at(raised, chars[j].offset); };
    if (!letter(k)) {
      ++k;
      continue;
    }
    std::size_t end = k;
    while (end < chars.size() && letter(end)) ++end;
    if (end - k >= kMinHyphenWord) {
      std::size_t from = chars[k].offset, to = end < chars.size() ? chars[end].offset : word.size();
      for (std::size_t p : hyphenator.points(word.substr(from, to - from)))
        out.push_back(WordBreak{from + p, WordBreak::Kind::Hyphen});
    }
    k = end;
  }
}

}  // namespace

std::vector<WordBreak> word_breaks(std::string_view word, const std::vector<bool>& raised, const BreakRules& rules) {
  std::vector<WordBreak> out;
  if (word.size() < 2) return out;
  bool plain = plain_ascii(word);
  const Hyphenator* hyphenator = rules.hyphenate ? Hyphenator::for_language(rules.lang) : nullptr;
  if (plain && (!hyphenator || word.size() < kMinHyphenWord)) return out;
  std::vector<Char> chars = decode(word);
  if (!plain) unicode_breaks(word, chars, rules.lang, out);
  if (hyphenator) hyphen_breaks(word, chars, raised, *hyphenator, out);
  // In offset order; where UAX #14 and the patterns agree, the UAX #14 break (no added hyphen) wins.
  std::stable_sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.offset < b.offset; });
  out.erase(std::unique(out.begin(), out.end(), [](auto& a, auto& b) { return a.offset == b.offset; }), out.end());
  // A footnote mark never starts a line.
  out.erase(std::remove_if(out.begin(), out.end(), [&](auto& b) { return raised_at(raised, b.offset); }), out.end());
  return out;
}

}  // namespace quire::layout
