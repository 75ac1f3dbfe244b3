// BibTeX and BibLaTeX files: entries, @string macros, # joins, crossref; fields mapped to CSL variables
// as pandoc maps them (docs/citations.md, "BibTeX"). A small reader of our own: Debian packages none
// for C++ that reports positions.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <optional>

#include "quire/biblio/readers.hpp"

namespace quire::biblio {

namespace {

// A field's value after @string expansion may not grow past this: a chain of macros doubling each
// other would otherwise take memory exponential in the file's size.
constexpr std::size_t kMaxValueBytes = std::size_t(1) << 20;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Characters of entry types, field names and macro names; keys take more (anything but , } ) and space).
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || (c != '\0' && std::strchr("_-:.+/'!?*&$^", c) != nullptr);
}

struct RawEntry {
  std::string type;  // lower case
  std::string key;
  std::map<std::string, std::string> fields;  // lower-case name → LaTeX value
  model::SourcePos pos;
};

struct Stop {};  // the rest of the file cannot be read; reported already

class Parser {
 public:
  Parser(std::string_view text, std::string file, Diagnostics& diags)
      : s_(text), file_(std::move(file)), diags_(diags) {
    for (const char* m : {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                          "october", "november", "december"})
      macros_[std::string(m, 3)] = m;
  }

  std::vector<RawEntry> entries() {
    std::vector<RawEntry> out;
    try {
      for (std::size_t at = s_.find('@'); at != std::string_view::npos; at = s_.find('@', i_)) {
        i_ = at + 1;
        if (auto e = entry(at)) out.push_back(std::move(*e));
      }
    } catch (const Stop&) {
    }
    return out;
  }

 private:
  std::string_view s_;
  std::string file_;
  Diagnostics& diags_;
  std::size_t i_ = 0;
  std::vector<std::size_t> lines_;  // offsets of line starts, built when first needed
  std::map<std::string, std::string> macros_;

  model::SourcePos pos_at(std::size_t offset) {
    if (lines_.empty()) {
      lines_.push_back(0);
      for (std::size_t k = 0; k < s_.size(); ++k)
        if (s_[k] == '\n') lines_.push_back(k + 1);
    }
    auto line = static_cast<std::size_t>(std::upper_bound(lines_.begin(), lines_.end(), offset) - lines_.begin());
    return {file_, static_cast<int>(line), static_cast<int>(offset - lines_[line - 1]) + 1};
  }

  void error(std::size_t offset, const std::string& message, const std::string& hint = {}) {
    diags_.error(pos_at(offset), message, hint);
  }

  void skip_space() {
    while (i_ < s_.size()) {
      if (is_space(s_[i_])) {
        ++i_;
      } else if (s_[i_] == '%') {  // a comment to the end of the line (biber's reading)
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else {
        return;
      }
    }
  }

  std::string name() {
    std::size_t start = i_;
    while (i_ < s_.size() && is_name_char(s_[i_])) ++i_;
    return std::string(s_.substr(start, i_ - start));
  }

  // The offset of the brace closing the one at `open`; a missing one stops the file.
  std::size_t matching_brace(std::size_t open) {
    int depth = 0;
    for (std::size_t k = open; k < s_.size(); ++k) {
      if (s_[k] == '\\' && k + 1 < s_.size()) {
        ++k;  // \{ and \} do not count
      } else if (s_[k] == '{') {
        ++depth;
      } else if (s_[k] == '}' && --depth == 0) {
        return k;
      }
    }
    error(open, "'{' is not closed", "every '{' in a .bib file needs its '}'");
    throw Stop{};
  }

  // Skips an entry's body after a failure: to its closing delimiter when the braces balance.
  void skip_entry(std::size_t open) {
    if (open < s_.size() && s_[open] == '{') i_ = matching_brace(open) + 1;
  }

  std::optional<RawEntry> entry(std::size_t at) {
    std::string type = lower(name());
    if (type.empty()) return std::nullopt;  // an "@" in the text between entries is comment
    skip_space();
    if (i_ >= s_.size() || (s_[i_] != '{' && s_[i_] != '(')) {
      if (type == "comment") return std::nullopt;
      error(i_, "expected '{' after @" + type);
      return std::nullopt;
    }
    std::size_t open = i_;
    char close = s_[i_] == '{' ? '}' : ')';
    if (type == "comment" || type == "preamble") {
      if (close == '}') {
        skip_entry(open);
      } else {
        std::size_t end = s_.find(')', open);
        i_ = end == std::string_view::npos ? s_.size() : end + 1;
      }
      return std::nullopt;
    }
    ++i_;
    if (type == "string") {
      string_macro(open, close);
      return std::nullopt;
    }
    RawEntry e;
    e.type = type;
    e.pos = pos_at(at);
    skip_space();
    std::size_t key_start = i_;
    while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != close && !is_space(s_[i_])) ++i_;
    e.key = std::string(s_.substr(key_start, i_ - key_start));
    if (e.key.empty()) {
      error(key_start, "@" + type + " entry has no key");
      skip_entry(open);
      return std::nullopt;
    }
    if (!fields(e, close)) {
      skip_entry(open);
      return std::nullopt;
    }
    return e;
  }

  // `name = value, …` up to the closing delimiter. False after reporting a problem.
  bool fields(RawEntry& e, char close) {
    for (;;) {
      skip_space();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        skip_space();
      }
      if (i_ >= s_.size()) {
        error(i_, "the entry '" + e.key + "' is not closed", std::string("end it with '") + close + "'");
        throw Stop{};
      }
      if (s_[i_] == close) {
        ++i_;
        return true;
      }
      std::size_t field_at = i_;
      std::string field = lower(name());
      if (field.empty()) {
        error(i_, "expected a field name in '" + e.key + "'");
        return false;
      }
      skip_space();
      if (i_ >= s_.size() || s_[i_] != '=') {
        error(i_, "expected '=' after the field name '" + field + "'");
        return false;
      }
      ++i_;
      auto v = value();
      if (!v) return false;
      if (e.fields.count(field))
        diags_.warning(pos_at(field_at),
                       "the field '" + field + "' is given twice in '" + e.key + "'; the first counts");
      else
        e.fields.emplace(field, std::move(*v));
    }
  }

  void string_macro(std::size_t open, char close) {
    skip_space();
    std::size_t at = i_;
    std::string macro = lower(name());
    skip_space();
    if (macro.empty() || i_ >= s_.size() || s_[i_] != '=') {
      error(at, "expected @string{name = value}");
      skip_entry(open);
      return;
    }
    ++i_;
    auto v = value();
    skip_space();
    if (!v || i_ >= s_.size() || s_[i_] != close) {
      if (v) error(i_, std::string("expected '") + close + "' to end the @string");
      skip_entry(open);
      return;
    }
    ++i_;
    macros_[macro] = std::move(*v);  // defined after its value: a macro cannot name itself
  }

  // Pieces joined by "#": {braced}, "quoted", numbers and macro names. nullopt after reporting.
  std::optional<std::string> value() {
    std::string out;
    for (;;) {
      skip_space();
      if (i_ >= s_.size()) {
        error(i_, "expected a value at the end of the file");
        throw Stop{};
      }
      std::size_t at = i_;
      char c = s_[i_];
      if (c == '{') {
        std::size_t end = matching_brace(i_);
        out.append(s_.substr(i_ + 1, end - i_ - 1));
        i_ = end + 1;
      } else if (c == '"') {
        std::size_t end = quoted_end(i_);
        out.append(s_.substr(i_ + 1, end - i_ - 1));
        i_ = end + 1;
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) out += s_[i_++];
      } else if (is_name_char(c)) {
        std::string macro = lower(name());
        auto it = macros_.find(macro);
        if (it == macros_.end()) {
          error(at, "unknown @string '" + macro + "'", "define it with @string{" + macro + " = {…}} before its use");
          return std::nullopt;
        }
        out += it->second;
      } else {
        error(at, std::string("expected a value ({…}, \"…\", a number or a @string name), not '") + c + "'");
        return std::nullopt;
      }
      if (out.size() > kMaxValueBytes) {
        error(at, "a field value longer than 1 MiB");
        return std::nullopt;
      }
      skip_space();
      if (i_ >= s_.size() || s_[i_] != '#') return out;
      ++i_;
    }
  }

  // The closing quote of the "…" at `open`: the first at brace depth 0.
  std::size_t quoted_end(std::size_t open) {
    int depth = 0;
    for (std::size_t k = open + 1; k < s_.size(); ++k) {
      if (s_[k] == '\\' && k + 1 < s_.size()) {
        ++k;
      } else if (s_[k] == '{') {
        ++depth;
      } else if (s_[k] == '}') {
        --depth;
      } else if (s_[k] == '"' && depth <= 0) {
        return k;
      }
    }
    error(open, "'\"' is not closed");
    throw Stop{};
  }
};

// ---- names --------------------------------------------------------------------------------------

// `s` split at `sep` (" and ", ",", " ") where no brace is open.
std::vector<std::string> split_top(std::string_view s, std::string_view sep, bool any_case) {
  std::vector<std::string> out;
  int depth = 0;
  std::size_t from = 0;
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '{') ++depth;
    if (s[k] == '}') --depth;
    if (depth != 0 || s.compare(k, sep.size(), sep) != 0) {
      if (!(any_case && depth == 0 && lower(s.substr(k, sep.size())) == sep)) continue;
    }
    out.emplace_back(s.substr(from, k - from));
    from = k + sep.size();
    k = from - 1;
  }
  out.emplace_back(s.substr(from));
  return out;
}

std::string trimmed(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  for (auto& w : split_top(s, " ", false))
    if (!trimmed(w).empty()) out.push_back(trimmed(w));
  return out;
}

// BibTeX's "von" words start with a lower-case letter (braced words never do).
bool is_von(const std::string& word) {
  for (char c : word) {
    if (c == '{') return false;
    if (std::isalpha(static_cast<unsigned char>(c))) return std::islower(static_cast<unsigned char>(c));
  }
  return false;
}

std::string joined(const std::vector<std::string>& w, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t k = from; k < to; ++k) out += (out.empty() ? "" : " ") + w[k];
  return latex_to_text(out, false);
}

Name parse_name(const std::string& raw) {
  Name n;
  std::string name = trimmed(raw);
  if (name.size() >= 2 && name.front() == '{' && name.back() == '}' && split_top(name, " ", false).size() == 1) {
    n.literal = latex_to_text(name, false);  // {World Health Organization}
    return n;
  }
  auto parts = split_top(name, ",", false);
  auto family_part = [&](const std::vector<std::string>& w, std::size_t from) {
    std::size_t von_end = from;
    for (std::size_t k = from; k + 1 < w.size(); ++k)
      if (is_von(w[k])) von_end = k + 1;
    n.non_dropping_particle = joined(w, from, von_end);
    n.family = joined(w, von_end, w.size());
  };
  if (parts.size() == 1) {  // First von Last
    auto w = words(name);
    std::size_t von = w.size() ? w.size() - 1 : 0;
    for (std::size_t k = 0; k + 1 < w.size(); ++k)
      if (is_von(w[k])) {
        von = k;
        break;
      }
    n.given = joined(w, 0, von);
    family_part(w, von);
  } else {  // von Last, First   or   von Last, Jr, First
    family_part(words(parts[0]), 0);
    n.given = latex_to_text(trimmed(parts.back()), false);
    if (parts.size() > 2) n.suffix = latex_to_text(trimmed(parts[1]), false);
  }
  return n;
}

std::vector<Name> parse_names(const std::string& raw) {
  std::vector<Name> out;
  for (const auto& one : split_top(raw, " and ", true)) {
    std::string name = trimmed(one);
    if (name.empty() || name == "others") continue;
    out.push_back(parse_name(name));
  }
  return out;
}

// ---- the mapping to CSL -------------------------------------------------------------------------

std::string csl_type(const RawEntry& e) {
  const std::string& t = e.type;
  auto sub = e.fields.find("entrysubtype");
  if (t == "article") {
    if (sub != e.fields.end() && lower(sub->second) == "newspaper") return "article-newspaper";
    if (sub != e.fields.end() && lower(sub->second) == "magazine") return "article-magazine";
    return "article-journal";
  }
  static const std::map<std::string, std::string> types = {{"book", "book"},
                                                           {"mvbook", "book"},
                                                           {"booklet", "pamphlet"},
                                                           {"collection", "book"},
                                                           {"mvcollection", "book"},
                                                           {"proceedings", "book"},
                                                           {"mvproceedings", "book"},
                                                           {"inbook", "chapter"},
                                                           {"bookinbook", "chapter"},
                                                           {"incollection", "chapter"},
                                                           {"inproceedings", "paper-conference"},
                                                           {"conference", "paper-conference"},
                                                           {"manual", "book"},
                                                           {"mastersthesis", "thesis"},
                                                           {"phdthesis", "thesis"},
                                                           {"thesis", "thesis"},
                                                           {"techreport", "report"},
                                                           {"report", "report"},
                                                           {"unpublished", "manuscript"},
                                                           {"online", "webpage"},
                                                           {"www", "webpage"},
                                                           {"electronic", "webpage"},
                                                           {"periodical", "periodical"},
                                                           {"patent", "patent"},
                                                           {"dataset", "dataset"},
                                                           {"software", "software"},
                                                           {"misc", "document"},
                                                           {"interview", "interview"},
                                                           {"legislation", "legislation"},
                                                           {"jurisdiction", "legal_case"}};
  auto it = types.find(t);
  return it == types.end() ? "document" : it->second;
}

// Fields that hold titles: braces in them protect case.
bool is_title_field(const std::string& f) {
  return f == "title" || f == "subtitle" || f == "booktitle" || f == "booksubtitle" || f == "journal" ||
         f == "journaltitle" || f == "series" || f == "eventtitle" || f == "maintitle" || f == "shorttitle";
}

int month_number(std::string text) {
  text = lower(trimmed(text));
  static const char* names[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int m = 0; m < 12; ++m)
    if (text.compare(0, 3, names[m]) == 0) return m + 1;
  int n = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c)) || n > 12) return 0;
    n = n * 10 + (c - '0');
  }
  return n >= 1 && n <= 12 ? n : 0;
}

Item to_item(const RawEntry& e) {
  Item it;
  it.id = e.key;
  it.type = csl_type(e);
  it.pos = e.pos;
  auto text = [&](const std::string& field) {
    auto f = e.fields.find(field);
    return f == e.fields.end() ? std::string() : latex_to_text(f->second, is_title_field(field));
  };
  auto has = [&](const char* field) { return e.fields.count(field) != 0; };
  auto set = [&](const char* variable, std::string value) {
    if (!value.empty() && !it.variables.count(variable)) it.variables[variable] = std::move(value);
  };
  auto with_subtitle = [&](const char* title, const char* subtitle) {
    std::string t = text(title), s = text(subtitle);
    return s.empty() ? t : t + ": " + s;
  };
  bool part = it.type == "chapter" || it.type == "paper-conference";
  for (const char* role : {"author", "editor", "translator"})
    if (has(role)) it.names[role] = parse_names(e.fields.at(role));
  if (has("bookauthor")) it.names["container-author"] = parse_names(e.fields.at("bookauthor"));
  set("title", with_subtitle("title", "subtitle"));
  set("container-title", part ? with_subtitle("booktitle", "booksubtitle") : std::string());
  set("container-title", with_subtitle("journaltitle", "journalsubtitle"));
  set("container-title", text("journal"));
  set("container-title", part ? std::string() : with_subtitle("booktitle", "booksubtitle"));
  set("collection-title", text("series"));
  set("event-title", text("eventtitle"));
  set("event-place", text("venue"));
  set("publisher", text("publisher"));
  set("publisher", text("institution"));
  set("publisher", text("school"));
  set("publisher", text("organization"));
  set("publisher-place", text("location"));
  set("publisher-place", text("address"));
  set("volume", text("volume"));
  set(it.type == "article-journal" || it.type == "article-newspaper" || it.type == "article-magazine" ? "issue"
                                                                                                      : "number",
      text("number"));
  set("issue", text("issue"));
  set("page", text("pages"));
  set("edition", text("edition"));
  set("chapter-number", text("chapter"));
  set("DOI", text("doi"));
  set("URL", text("url"));
  set("ISBN", text("isbn"));
  set("ISSN", text("issn"));
  set("note", text("note"));
  set("note", text("addendum"));
  set("genre", text("type"));
  set("medium", text("howpublished"));
  set("language", text("langid"));
  set("language", text("language"));
  set("abstract", text("abstract"));
  set("version", text("version"));
  if (e.type == "phdthesis") set("genre", "PhD thesis");
  if (e.type == "mastersthesis") set("genre", "Master\u2019s thesis");
  if (has("date")) {
    it.dates["issued"] = parse_date_text(text("date"));
  } else if (has("year")) {
    Date d = parse_date_text(text("year"));
    if (!d.parts.empty() && d.parts.size() == 1) d.parts[0].month = month_number(text("month"));
    it.dates["issued"] = d;
  }
  if (has("urldate")) it.dates["accessed"] = parse_date_text(text("urldate"));
  if (has("eventdate")) it.dates["event-date"] = parse_date_text(text("eventdate"));
  return it;
}

// A crossref'd entry inherits the fields it lacks from its parent; the parent's title becomes the
// child's booktitle (BibLaTeX's inheritance for parts of books and proceedings). One level only.
void resolve_crossrefs(std::vector<RawEntry>& entries, Diagnostics& diags) {
  std::map<std::string, std::size_t> by_key;
  for (std::size_t k = 0; k < entries.size(); ++k) by_key.emplace(lower(entries[k].key), k);
  for (auto& e : entries) {
    auto ref = e.fields.find("crossref");
    if (ref == e.fields.end()) continue;
    auto parent = by_key.find(lower(trimmed(ref->second)));
    if (parent == by_key.end()) {
      diags.warning(e.pos, "'" + e.key + "' crossrefs '" + ref->second + "', which is not in the file");
      continue;
    }
    const RawEntry& p = entries[parent->second];
    if (&p == &e) continue;
    for (const auto& [field, value] : p.fields) {
      std::string target = field;
      if (field == "title") target = "booktitle";
      if (field == "subtitle") target = "booksubtitle";
      if (field == "author") e.fields.emplace("bookauthor", value);
      if (field != "crossref") e.fields.emplace(target, value);
    }
  }
}

}  // namespace

std::vector<Item> read_bibtex(std::string_view text, const std::string& file, Diagnostics& diags) {
  std::vector<RawEntry> entries = Parser(text, file, diags).entries();
  resolve_crossrefs(entries, diags);
  std::vector<Item> out;
  out.reserve(entries.size());
  for (const auto& e : entries) out.push_back(to_item(e));
  return out;
}

}  // namespace quire::biblio
