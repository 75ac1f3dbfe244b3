#include "quire/model/locator.hpp"

#include <array>

namespace quire::model {

namespace {

// CSL 1.0.2's locator terms with the words of the en-US locale (locales-en-US.xml); a term the locale
// leaves without a short form uses its long one.
constexpr std::array<LocatorTerm, 29> kTerms = {{
    {"act", "act", "acts", "act", "acts", ""},
    {"appendix", "appendix", "appendices", "app.", "apps.", ""},
    {"article-locator", "article", "articles", "art.", "arts.", ""},
    {"book", "book", "books", "bk.", "bks.", ""},
    {"canon", "canon", "canons", "canon", "canons", ""},
    {"chapter", "chapter", "chapters", "chap.", "chaps.", ""},
    {"column", "column", "columns", "col.", "cols.", ""},
    {"elocation", "location", "locations", "loc.", "locs.", ""},
    {"equation", "equation", "equations", "eq.", "eqs.", ""},
    {"figure", "figure", "figures", "fig.", "figs.", ""},
    {"folio", "folio", "folios", "fol.", "fols.", ""},
    {"issue", "number", "numbers", "no.", "nos.", ""},
    {"line", "line", "lines", "l.", "ll.", ""},
    {"note", "note", "notes", "n.", "nn.", ""},
    {"opus", "opus", "opera", "op.", "opp.", ""},
    {"page", "page", "pages", "p.", "pp.", ""},
    {"paragraph", "paragraph", "paragraphs", "para.", "paras.", "\u00B6"},
    {"part", "part", "parts", "pt.", "pts.", ""},
    {"rule", "rule", "rules", "r.", "rr.", ""},
    {"scene", "scene", "scenes", "sc.", "scs.", ""},
    {"section", "section", "sections", "sec.", "secs.", "\u00A7"},
    {"sub-verbo", "sub verbo", "sub verbis", "s.v.", "s.vv.", ""},
    {"supplement", "supplement", "supplements", "supp.", "supps.", ""},
    {"table", "table", "tables", "tbl.", "tbls.", ""},
    {"timestamp", "timestamp", "timestamps", "timestamp", "timestamps", ""},
    {"title-locator", "title", "titles", "tit.", "tits.", ""},
    {"verse", "verse", "verses", "v.", "vv.", ""},
    {"version", "version", "versions", "version", "versions", ""},
    {"volume", "volume", "volumes", "vol.", "vols.", ""},
}};

bool same_ascii_case_blind(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// A range ("33-35", "33–35") or a list ("33, 35", "33 & 35") takes the plural.
bool plural(std::string_view locator) {
  for (std::string_view mark : {"-", "\u2013", "\u2014", ",", "&"})
    if (locator.find(mark) != std::string_view::npos) return true;
  return false;
}

}  // namespace

const LocatorTerm* locator_term(std::string_view name) {
  for (const auto& t : kTerms)
    if (t.name == name) return &t;
  return nullptr;
}

const LocatorTerm* locator_term_for_word(std::string_view word) {
  if (word.empty()) return nullptr;
  for (const auto& t : kTerms) {
    for (std::string_view w : {t.long_single, t.long_plural, t.short_single, t.short_plural})
      if (same_ascii_case_blind(word, w)) return &t;
    if (!t.symbol.empty() && (word == t.symbol || word == std::string(t.symbol) + std::string(t.symbol))) return &t;
  }
  return nullptr;
}

const LocatorTerm* locator_term_at_start(std::string_view text, std::size_t& length) {
  const LocatorTerm* best = nullptr;
  length = 0;
  auto consider = [&](const LocatorTerm& t, std::string_view word, bool symbol) {
    if (word.empty() || word.size() <= length || text.size() < word.size()) return;
    if (!same_ascii_case_blind(text.substr(0, word.size()), word)) return;
    bool open_end = symbol || word.back() == '.';
    bool ends = word.size() == text.size() || text[word.size()] == ' ';
    if (!open_end && !ends) return;
    best = &t;
    length = word.size();
  };
  for (const auto& t : kTerms) {
    for (std::string_view w : {t.long_single, t.long_plural, t.short_single, t.short_plural}) consider(t, w, false);
    if (!t.symbol.empty()) {
      consider(t, t.symbol, true);
      std::string twice = std::string(t.symbol) + std::string(t.symbol);
      if (text.substr(0, twice.size()) == twice) consider(t, text.substr(0, twice.size()), true);
    }
  }
  return best;
}

const std::vector<std::string_view>& locator_term_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const auto& t : kTerms) out.push_back(t.name);
    return out;
  }();
  return names;
}

std::string locator_text(std::string_view label, std::string_view locator) {
  const LocatorTerm* term = locator_term(label);
  if (!term) return std::string(locator);
  return std::string(plural(locator) ? term->short_plural : term->short_single) + " " + std::string(locator);
}

}  // namespace quire::model
