#include "quire/markdown/citations.hpp"

#include <cstring>
#include <optional>

#include "quire/model/locator.hpp"
#include "quire/model/utf8.hpp"
#include "quire/text/script.hpp"

namespace quire::markdown {

namespace {

using model::Inline;
using model::Inlines;
using model::Text;

// A braced key (@{…}) or locator ({…}) longer than this is text: it bounds the search for "}".
constexpr std::size_t kMaxBraced = 256;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_ascii_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The character at s[i] is a key character (a letter, digit, mark or "_"); `length` gets its length.
bool key_char_at(std::string_view s, std::size_t i, std::size_t& length) {
  if (i >= s.size()) return false;
  char32_t c = 0;
  int n = decode_utf8(s, i, c);
  if (n <= 0) return false;
  length = static_cast<std::size_t>(n);
  return c == '_' || text::is_word_character(c);
}

// The character before s[at] is a word character, or one that joins words ("me@x.org", "a-@b").
bool joined_before(std::string_view s, std::size_t at) {
  if (at == 0) return false;
  if (s[at - 1] != '\0' && std::strchr("@-_./:&+#\\`", s[at - 1])) return true;
  std::size_t start = at - 1;
  while (start > 0 && at - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  char32_t c = 0;
  if (decode_utf8(s, start, c) <= 0) return false;
  return text::is_word_character(c);
}

struct Key {
  std::string key;
  std::size_t length = 0;  // bytes taken after "@"; 0 when there is no key
};

// The key after an "@" at s[at]: pandoc's, letters and digits with single inner punctuation
// (":.#$%&-+?<>~/"), so that "@smith04." ends before the full stop; or anything in braces, @{…}.
Key key_at(std::string_view s, std::size_t at) {
  if (at < s.size() && s[at] == '{') {
    std::size_t close = s.substr(at + 1, kMaxBraced).find('}');
    if (close == std::string_view::npos || close == 0) return {};
    return {std::string(s.substr(at + 1, close)), close + 2};
  }
  std::size_t i = at, n = 0;
  if (!key_char_at(s, i, n)) return {};
  i += n;
  while (i < s.size()) {
    if (key_char_at(s, i, n)) {
      i += n;
    } else if (std::strchr(":.#$%&-+?<>~/", s[i]) && s[i] != '\0' && key_char_at(s, i + 1, n)) {
      i += 1 + n;
    } else {
      break;
    }
  }
  return {std::string(s.substr(at, i - at)), i - at};
}

// One item of a locator: "33", "iv", "2:14", "3.2a" (something with a digit, or a roman numeral), or
// anything in braces. Returns the end of the item, or `at` when there is none.
std::size_t locator_item(std::string_view s, std::size_t at) {
  if (at < s.size() && s[at] == '{') {
    std::size_t close = s.substr(at + 1, kMaxBraced).find('}');
    return close == std::string_view::npos ? at : at + close + 2;
  }
  bool digit = false, roman = true;
  std::size_t i = at;
  while (i < s.size()) {
    char c = s[i];
    if (is_ascii_alnum(c)) {
      digit = digit || is_digit(c);
      roman = roman && std::strchr("ivxlcdmIVXLCDM", c) != nullptr;
      ++i;
    } else if ((c == '.' || c == ':') && i > at && i + 1 < s.size() && is_ascii_alnum(s[i + 1])) {
      ++i;
    } else {
      break;
    }
  }
  return i > at && (digit || roman) ? i : at;
}

// A range or list separator at s[at] ("-", "–", "—", ",", "&", with spaces around): its end, or `at`.
std::size_t locator_separator(std::string_view s, std::size_t at) {
  std::size_t i = at;
  while (i < s.size() && s[i] == ' ') ++i;
  std::size_t mark = 0;
  for (std::string_view m : {"-", "\u2013", "\u2014", ",", "&"})
    if (s.substr(i, m.size()) == m) mark = m.size();
  if (mark == 0) return at;
  i += mark;
  while (i < s.size() && s[i] == ' ') ++i;
  return i;
}

// The locator's value at s[at]: items joined by separators; after "," or "&" only a number goes on
// (", and elsewhere" ends it). Returns its end, or `at` when there is none.
std::size_t locator_value(std::string_view s, std::size_t at) {
  std::size_t end = locator_item(s, at);
  if (end == at) return at;
  for (;;) {
    std::size_t next = locator_separator(s, end);
    if (next == end || next >= s.size()) break;
    bool list = s.substr(end, next - end).find_first_of(",&") != std::string_view::npos;
    if (list && !is_digit(s[next]) && s[next] != '{') break;
    std::size_t item_end = locator_item(s, next);
    if (item_end == next) break;
    end = item_end;
  }
  return end;
}

// The locator as it will be printed: braces dropped.
std::string locator_value_text(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '{' && c != '}') out += c;
  return out;
}

void trim_right(Inlines& list) {
  while (!list.empty()) {
    auto* t = std::get_if<Text>(&list.back().node);
    if (!t) return;
    while (!t->text.empty() && is_space(t->text.back())) t->text.pop_back();
    if (!t->text.empty()) return;
    list.pop_back();
  }
}

void trim_left(Inlines& list) {
  while (!list.empty()) {
    auto* t = std::get_if<Text>(&list.front().node);
    if (!t) return;
    std::size_t first = 0;
    while (first < t->text.size() && is_space(t->text[first])) ++first;
    t->text.erase(0, first);
    if (!t->text.empty()) return;
    list.erase(list.begin());
  }
}

// Appends `in` to `out`, joining it to a Text before it; empty texts are dropped.
void append(Inlines& out, Inline in) {
  auto* text = std::get_if<Text>(&in.node);
  if (text && text->text.empty()) return;
  if (text && !out.empty())
    if (auto* last = std::get_if<Text>(&out.back().node)) {
      last->text += text->text;
      return;
    }
  out.push_back(std::move(in));
}

void append_text(Inlines& out, std::string_view s) { append(out, {Text{std::string(s)}}); }

// The key and what follows it in `rest` (the text after the key) and `after` (the inlines after that):
// the locator and the suffix of a citation.
void locator_and_suffix(model::Citation& c, std::string_view rest, Inlines after) {
  std::size_t taken = take_locator(rest, c.label, c.locator);
  append_text(c.suffix, rest.substr(taken));
  for (auto& in : after) append(c.suffix, std::move(in));
  trim_right(c.suffix);
}

enum class PartResult { Citation, NoKey, CrossReference };

// One part of a bracketed group, "see @key, p. 33", as a citation.
PartResult citation_of_part(Inlines part, model::Citation& out) {
  trim_left(part);
  for (std::size_t k = 0; k < part.size(); ++k) {
    const auto* t = std::get_if<Text>(&part[k].node);
    if (!t) continue;
    const std::string& s = t->text;
    for (std::size_t at = s.find('@'); at != std::string::npos; at = s.find('@', at + 1)) {
      bool dash = at > 0 && s[at - 1] == '-';
      std::size_t start = dash ? at - 1 : at;
      bool starts_word = start == 0 ? k == 0 : is_space(s[start - 1]);
      if (!starts_word) continue;
      Key key = key_at(s, at + 1);
      if (key.length == 0) continue;
      out.key = key.key;
      out.mode = dash ? model::CiteMode::SuppressAuthor : model::CiteMode::Normal;
      for (std::size_t p = 0; p < k; ++p) append(out.prefix, std::move(part[p]));
      append_text(out.prefix, std::string_view(s).substr(0, start));
      trim_right(out.prefix);
      std::string rest = s.substr(at + 1 + key.length);
      locator_and_suffix(out, rest,
                         Inlines(std::make_move_iterator(part.begin() + static_cast<long>(k) + 1),
                                 std::make_move_iterator(part.end())));
      return is_cross_reference(out.key) ? PartResult::CrossReference : PartResult::Citation;
    }
  }
  return PartResult::NoKey;
}

// The citation group inside brackets, or nullopt when the brackets hold anything else. `mixed` is set
// for a group of both cross-references and citation keys.
std::optional<model::Cite> bracketed_group(Inlines& content, bool& mixed) {
  std::vector<Inlines> parts(1);
  for (auto& in : content) {
    auto* t = std::get_if<Text>(&in.node);
    if (!t) {
      parts.back().push_back(std::move(in));
      continue;
    }
    std::size_t from = 0;
    for (std::size_t semi = t->text.find(';'); semi != std::string::npos; semi = t->text.find(';', from)) {
      append_text(parts.back(), std::string_view(t->text).substr(from, semi - from));
      parts.emplace_back();
      from = semi + 1;
    }
    append_text(parts.back(), std::string_view(t->text).substr(from));
  }
  model::Cite cite;
  bool cross_reference = false, citation = false, plain = false;
  for (auto& part : parts) {
    model::Citation c;
    switch (citation_of_part(std::move(part), c)) {
      case PartResult::Citation:
        citation = true;
        cite.items.push_back(std::move(c));
        break;
      case PartResult::CrossReference:
        cross_reference = true;
        cite.items.push_back(std::move(c));
        break;
      case PartResult::NoKey:
        plain = true;
        break;
    }
  }
  mixed = cross_reference && citation && !plain;
  if (mixed || plain) return std::nullopt;
  return cite;
}

// Bracketed groups at one level: a "[" is tried against the next "]" when no other bracket stands
// between them (a citation group holds none), so each inline is looked at once.
bool bracketed_citations(Inlines& inlines) {
  Inlines out;
  // The index in `out` of a Text "[" with no bracket after it, else kNone (a plain index, not an
  // optional: GCC 12 takes an optional's value here for uninitialised).
  constexpr std::size_t kNone = std::size_t(-1);
  std::size_t open = kNone;
  bool mixed = false;
  auto add_text = [&](std::string_view s) {
    if (s.empty()) return;
    if (open != kNone && open + 1 == out.size())
      out.push_back({Text{std::string(s)}});  // never joined to the open bracket
    else
      append_text(out, s);
  };
  for (auto& in : inlines) {
    auto* t = std::get_if<Text>(&in.node);
    if (!t) {
      out.push_back(std::move(in));
      continue;
    }
    std::string_view s = t->text;
    std::size_t from = 0;
    for (std::size_t i = s.find_first_of("[]"); i != std::string_view::npos; i = s.find_first_of("[]", i + 1)) {
      add_text(s.substr(from, i - from));
      from = i + 1;
      if (s[i] == '[') {
        out.push_back({Text{"["}});
        open = out.size() - 1;
        continue;
      }
      std::optional<model::Cite> cite;
      if (open != kNone) {
        Inlines content(std::make_move_iterator(out.begin() + static_cast<long>(open) + 1),
                        std::make_move_iterator(out.end()));
        bool group_mixed = false;
        Inlines copy = content;
        cite = bracketed_group(copy, group_mixed);
        mixed = mixed || group_mixed;
        out.resize(open + 1);
        if (cite) {
          out.back() = {std::move(*cite)};
        } else {
          for (auto& c : content) out.push_back(std::move(c));
        }
      }
      if (!cite) add_text("]");
      open = kNone;
    }
    add_text(s.substr(from));
  }
  Inlines joined;
  for (auto& in : out) append(joined, std::move(in));
  inlines = std::move(joined);
  return mixed;
}

// "@key" in running text, and "@key [p. 33]" with its locator and suffix in brackets.
void in_text_citations(Inlines& inlines) {
  Inlines out;
  for (std::size_t k = 0; k < inlines.size(); ++k) {
    auto* t = std::get_if<Text>(&inlines[k].node);
    if (!t || t->text.find('@') == std::string::npos) {
      out.push_back(std::move(inlines[k]));
      continue;
    }
    std::string_view s = t->text;
    bool after_break = k == 0 || std::holds_alternative<model::SoftBreak>(inlines[k - 1].node) ||
                       std::holds_alternative<model::LineBreak>(inlines[k - 1].node);
    std::size_t from = 0;
    for (std::size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
      if (at == 0 ? !after_break : joined_before(s, at)) continue;
      Key key = key_at(s, at + 1);
      if (key.length == 0) continue;
      model::Citation c;
      c.key = key.key;
      c.mode = model::CiteMode::AuthorInText;
      std::size_t end = at + 1 + key.length;
      // "@key [p. 33]": brackets right after the key (a space between) hold its locator and suffix.
      std::size_t open = end < s.size() && s[end] == ' ' ? end + 1 : end;
      if (open < s.size() && s[open] == '[' && !is_cross_reference(c.key)) {
        std::size_t close = s.substr(open + 1, kMaxBraced).find_first_of("[]@");
        if (close != std::string_view::npos && s[open + 1 + close] == ']') {
          locator_and_suffix(c, " " + std::string(s.substr(open + 1, close)), {});
          trim_left(c.suffix);
          end = open + close + 2;
        }
      }
      append_text(out, s.substr(from, at - from));
      out.push_back({model::Cite{{std::move(c)}}});
      from = end;
      at = end - 1;
    }
    append_text(out, s.substr(from));
  }
  inlines = std::move(out);
}

}  // namespace

std::size_t take_locator(std::string_view suffix, std::string& label, std::string& locator) {
  std::size_t i = 0;
  if (i < suffix.size() && suffix[i] == ',') ++i;
  while (i < suffix.size() && suffix[i] == ' ') ++i;
  if (i == 0) return 0;  // a comma or a space ends the key first: "@a, 33", "@a p. 3"
  std::size_t word = 0;
  const model::LocatorTerm* term = model::locator_term_at_start(suffix.substr(i), word);
  std::size_t value = i + word;
  while (term && value < suffix.size() && suffix[value] == ' ') ++value;
  if (!term && (value >= suffix.size() || !is_digit(suffix[value]))) return 0;  // no label: a page number
  std::size_t end = locator_value(suffix, value);
  if (end == value) return 0;
  label = term ? std::string(term->name) : "page";
  locator = locator_value_text(suffix.substr(value, end - value));
  return end;
}

bool read_citations(Inlines& inlines, CitationSyntax syntax) {
  bool mixed = false;
  for (auto& in : inlines)
    if (auto* span = std::get_if<model::Span>(&in.node)) mixed = read_citations(span->content, syntax) || mixed;
  bool any = false;
  for (const auto& in : inlines)
    if (const auto* t = std::get_if<Text>(&in.node); t && t->text.find('@') != std::string::npos) any = true;
  if (!any) return mixed;
  if (syntax.bracketed) mixed = bracketed_citations(inlines) || mixed;
  if (syntax.in_text) in_text_citations(inlines);
  return mixed;
}

}  // namespace quire::markdown
