#include "quire/biblio/csl/processor.hpp"

#include <unicode/coll.h>
#include <unicode/locid.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "quire/biblio/csl/rich.hpp"

namespace quire::csl {

using namespace detail;
using biblio::Item;
using biblio::Name;

std::string plain(const model::Inlines& inlines) { return model::plain_text(inlines); }

namespace {

enum Position { kFirst = 0, kSubsequent = 1, kIbidWithLocator = 2, kIbid = 3 };

struct ItemState {
  const Item* item = nullptr;
  int first_index = 0;  // order of first citation
  int number = 0;       // citation-number
  std::string year_suffix;
  int add_names = 0;  // et-al-use-first raised by disambiguation (0: the style's)
  int givenname = 0;  // 1: initials, 2: full given names, for every name (disambiguation)
  bool disambiguate = false;
};

enum class NamesMode { Normal, Only, Suppress };

struct Ctx {
  const ItemState* st = nullptr;
  const Node* part = nullptr;  // <citation> or <bibliography>
  bool bib = false;
  const CiteInput* cite = nullptr;
  int position = kFirst;
  bool near_note = false;
  int first_note = 0;
  bool sorting = false;
  NamesMode names_mode = NamesMode::Normal;
  bool names_done = false;
  Rich first_names;
  std::size_t called = 0, nonempty = 0;
  std::set<std::string> suppressed;
  bool year_suffix_done = false;
  std::vector<std::string>* rendered = nullptr;  // records the variables that print (substitute)
};

void note_rendered(Ctx& c, const std::string& name) {
  if (c.rendered) c.rendered->push_back(name);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// CSL's "numeric": numbers (with letters attached, "2a", "L2") separated by , & - – and spaces.
bool is_numeric(std::string_view v) {
  if (v.empty()) return false;
  bool any_digit = false;
  std::size_t i = 0;
  while (i < v.size()) {
    std::size_t b = i;
    bool digits = false;
    while (i < v.size() && v[i] != ',' && v[i] != '&' && v[i] != '-' && v[i] != ' ' && !v.substr(i).starts_with("–")) {
      if (is_digit(v[i]))
        digits = true;
      else if (!std::isalpha(static_cast<unsigned char>(v[i])))
        return false;
      ++i;
    }
    if (b != i && !digits) return false;
    any_digit = any_digit || digits;
    if (i < v.size()) i += v.substr(i).starts_with("–") ? 3 : 1;
  }
  return any_digit;
}

// Hyphens between numbers become en dashes ("12-14" → "12–14").
std::string dash_ranges(std::string v) {
  for (std::size_t i = 1; i + 1 < v.size(); ++i)
    if (v[i] == '-' && (is_digit(v[i - 1]) || std::isalpha((unsigned char)v[i - 1])) &&
        (is_digit(v[i + 1]) || std::isalpha((unsigned char)v[i + 1]))) {
      v.replace(i, 1, "–");
      i += 2;
    }
  return v;
}

bool is_plural_value(std::string_view v) {
  return v.find('-') != std::string_view::npos || v.find("–") != std::string_view::npos ||
         v.find(',') != std::string_view::npos || v.find('&') != std::string_view::npos;
}

std::string roman(int n) {
  static const std::pair<int, const char*> table[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
                                                      {90, "xc"},  {50, "l"},   {40, "xl"}, {10, "x"},   {9, "ix"},
                                                      {5, "v"},    {4, "iv"},   {1, "i"}};
  std::string out;
  if (n <= 0 || n >= 4000) return std::to_string(n);
  for (const auto& [v, s] : table)
    while (n >= v) {
      out += s;
      n -= v;
    }
  return out;
}

// ---- page ranges -----------------------------------------------------------------------------

std::string format_page_range(std::string_view first, std::string_view last, std::string_view format) {
  auto all_digits = [](std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); };
  std::string a(first), b(last);
  if (!all_digits(a) || !all_digits(b)) return a + "–" + b;
  if (b.size() < a.size()) b = a.substr(0, a.size() - b.size()) + b;  // expand "321-8" to 321–328
  if (format == "expanded" || format.empty() || a.size() != b.size()) return a + "–" + b;
  auto minimal = [&](std::size_t keep) {
    std::size_t i = 0;
    while (i < a.size() && a[i] == b[i]) ++i;
    std::size_t start = std::min(i, b.size() > keep ? b.size() - keep : 0);
    if (i >= a.size()) start = b.size() - std::min(b.size(), keep);
    return a + "–" + b.substr(std::min(start, i));
  };
  if (format == "minimal") return minimal(1);
  if (format == "minimal-two") return minimal(2);
  if (format == "chicago" || format == "chicago-15" || format == "chicago-16") {
    long x = std::atol(a.c_str());
    if (x < 100 || x % 100 == 0) return a + "–" + b;
    if (x % 100 < 10) return minimal(1);
    if (format == "chicago-15" && a.size() == 4 && a.substr(0, 2) != b.substr(0, 2)) return a + "–" + b;
    return minimal(2);
  }
  return a + "–" + b;
}

std::string format_pages(std::string_view value, std::string_view format, std::string_view delimiter) {
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    std::size_t comma = value.find_first_of(",&", i);
    std::string_view part = value.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i);
    std::size_t dash = part.find('-');
    std::size_t endash = part.find("–");
    if (dash != std::string_view::npos || endash != std::string_view::npos) {
      std::size_t at = dash != std::string_view::npos ? dash : endash;
      std::size_t skip = dash != std::string_view::npos ? 1 : 3;
      while (at + skip < part.size() && part[at + skip] == '-') ++skip;
      auto trim = [](std::string_view s) {
        while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
        while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
        return s;
      };
      std::string r = format_page_range(trim(part.substr(0, at)), trim(part.substr(at + skip)), format);
      if (delimiter != "–")
        if (auto p = r.find("–"); p != std::string::npos) r.replace(p, 3, delimiter);
      out += r;
    } else {
      out += part;
    }
    if (comma == std::string_view::npos) break;
    out += value[comma];
    i = comma + 1;
  }
  return out;
}

}  // namespace

// ---- the engine ------------------------------------------------------------------------------

struct Processor::Impl {
  const Style& style;
  const Locale& locale;
  std::vector<ItemState> items;              // in the order of first citation
  std::map<const Item*, std::size_t> index;  // item → its state
  std::vector<std::size_t> bib_order;        // items' indexes in bibliography order
  bool english;
  bool explicit_year_suffix = false;  // the style renders year-suffix itself
  std::unique_ptr<icu::Collator> collator;
  std::map<std::string, int> name_expansion;  // "family\x1fgiven" → 1 initials, 2 full (global givenname)

  Impl(const Style& s, std::vector<const Item*> list) : style(s), locale(s.locale) {
    english = locale.lang.rfind("en", 0) == 0;
    UErrorCode err = U_ZERO_ERROR;
    collator.reset(icu::Collator::createInstance(icu::Locale(locale.lang.c_str()), err));
    if (U_FAILURE(err))
      collator.reset();
    else
      collator->setStrength(icu::Collator::SECONDARY);
    for (const Item* it : list) {
      if (index.count(it)) continue;
      index[it] = items.size();
      ItemState st;
      st.item = it;
      st.first_index = int(items.size());
      st.number = int(items.size()) + 1;
      items.push_back(st);
    }
    explicit_year_suffix = uses_year_suffix();
    sort_bibliography();
    if (style.citation) disambiguate();
  }

  // ---- options -------------------------------------------------------------------------------
  // An inheritable option: on the element itself, else on <citation>/<bibliography>, else on <style>.
  std::string_view inherited(const Node* own, const Ctx& c, std::string_view name,
                             std::string_view fallback = {}) const {
    if (own)
      if (const std::string* v = own->attr(name)) return *v;
    if (c.part)
      if (const std::string* v = c.part->attr(name)) return *v;
    return style.option(name, fallback);
  }

  bool uses_year_suffix() const {
    bool found = false;
    auto scan = [&](auto& self, const Node& n) -> void {
      if (n.el == El::Text && n.get("variable") == "year-suffix") found = true;
      for (const auto& c : n.children) self(self, c);
    };
    for (const auto& [name, m] : style.macros) scan(scan, m);
    if (style.citation) scan(scan, *style.citation);
    if (style.bibliography) scan(scan, *style.bibliography);
    return found;
  }

  const Node* layout_of(const Node* part) const {
    if (!part) return nullptr;
    for (const auto& c : part->children)
      if (c.el == El::Layout) return &c;
    return nullptr;
  }
  const Node* sort_of(const Node* part) const {
    if (!part) return nullptr;
    for (const auto& c : part->children)
      if (c.el == El::Sort) return &c;
    return nullptr;
  }

  // ---- terms ---------------------------------------------------------------------------------
  std::string term(std::string_view name, std::string_view form = "long", bool plural = false) const {
    const Locale::Term* t = locale.term(name, form);
    if (!t) return {};
    return plural && !t->multiple.empty() ? t->multiple : t->single;
  }

  std::string ordinal(long n, bool long_form) const {
    if (long_form && n >= 1 && n <= 10) {
      char key[32];
      std::snprintf(key, sizeof key, "long-ordinal-%02ld", n);
      if (auto t = locale.term(key)) return t->single;
    }
    std::string suffix;
    char key[32];
    std::snprintf(key, sizeof key, "ordinal-%02ld", n % 100);
    const Locale::Term* t = n % 100 >= 10 ? locale.term(key) : nullptr;
    if (t && t->match == "last-digit") t = nullptr;
    if (!t) {
      std::snprintf(key, sizeof key, "ordinal-%02ld", n % 10);
      t = locale.term(key);
      if (t && t->match == "last-two-digits" && n % 100 >= 10) t = nullptr;
    }
    if (!t) t = locale.term("ordinal");
    return std::to_string(n) + (t ? t->single : "");
  }

  // ---- variables -----------------------------------------------------------------------------
  const std::string* var(const Item& it, std::string_view name) const {
    auto i = it.variables.find(std::string(name));
    if (i == it.variables.end() || i->second.empty()) {
      if (name == "page-first") {  // derived from page when the data has none
        const std::string* page = var(it, "page");
        if (!page) return nullptr;
        thread_local std::string first;
        first = page->substr(0, page->find_first_of(",&-\xE2"));
        while (!first.empty() && first.back() == ' ') first.pop_back();
        return first.empty() ? nullptr : &first;
      }
      return nullptr;
    }
    return &i->second;
  }

  std::string simple_value(const Ctx& c, std::string_view name) const {
    const Item& it = *c.st->item;
    if (name == "locator") return c.cite ? c.cite->locator : std::string();
    if (name == "citation-number") return std::to_string(c.st->number);
    if (name == "year-suffix") return c.st->year_suffix;
    if (name == "first-reference-note-number")
      return c.first_note > 0 && c.position != kFirst ? std::to_string(c.first_note) : "";
    if (name == "citation-label") return {};
    if (const std::string* v = var(it, name)) return *v;
    return {};
  }

  bool has_variable(const Ctx& c, std::string_view name) const {
    const Item& it = *c.st->item;
    if (c.suppressed.count(std::string(name))) return false;
    if (biblio::is_name_variable(std::string(name))) {
      auto i = it.names.find(std::string(name));
      return i != it.names.end() && !i->second.empty();
    }
    if (biblio::is_date_variable(std::string(name))) return it.dates.count(std::string(name)) > 0;
    return !simple_value(c, name).empty();
  }

  // ---- decoration ----------------------------------------------------------------------------
  void decorate(Rich& r, const Node& n, const Ctx& c, bool affixes = true) const {
    if (is_empty(r)) {
      r.clear();
      return;
    }
    if (!n.decorated) return;
    if (n.is("strip-periods", "true"))
      for (auto& run : r)
        if (run.insert < 0) run.text.erase(std::remove(run.text.begin(), run.text.end(), '.'), run.text.end());
    if (auto tc = n.get("text-case"); !tc.empty() && !c.sorting) apply_text_case(r, tc, english);
    auto set = [&](std::uint16_t f, bool on) {
      for (auto& run : r)
        if (run.insert < 0) run.fmt = on ? std::uint16_t(run.fmt | f) : std::uint16_t(run.fmt & ~f);
    };
    if (auto fs = n.get("font-style"); !fs.empty()) {
      if (fs == "italic" || fs == "oblique") {
        for (auto& run : r)
          if (run.insert < 0) run.fmt ^= kItalic;  // italics inside italics turn upright, as in citeproc-js
      } else if (fs == "normal") {
        set(kItalic, false);
      }
    }
    if (auto fw = n.get("font-weight"); !fw.empty()) set(kBold, fw == "bold");
    if (auto fv = n.get("font-variant"); !fv.empty()) set(kSmallCaps, fv == "small-caps");
    if (auto va = n.get("vertical-align"); !va.empty()) {
      set(kSup, va == "sup");
      set(kSub, va == "sub");
    }
    if (n.is("quotes", "true") && !c.sorting) {
      r.insert(r.begin(), Run{term("open-quote"), 0, {}, -1});
      r.push_back(Run{term("close-quote"), kCloseQuote, {}, -1});
    }
    if (affixes && !c.sorting) {
      if (auto p = n.get("prefix"); !p.empty()) {
        // "https://doi.org/" before a DOI is part of its link.
        std::string url = p.starts_with("http") && !r.front().url.empty() ? r.front().url : std::string();
        r.insert(r.begin(), Run{std::string(p), 0, url, -1});
      }
      if (auto s = n.get("suffix"); !s.empty()) r.push_back(Run{std::string(s), 0, {}, -1});
    }
  }

  Rich join(std::vector<Rich> parts, std::string_view delimiter) const {
    Rich out;
    bool first = true;
    for (auto& p : parts) {
      if (is_empty(p)) continue;
      if (!first && !delimiter.empty()) out.push_back(Run{std::string(delimiter), 0, {}, -1});
      append(out, std::move(p));
      first = false;
    }
    return out;
  }

  // ---- rendering -----------------------------------------------------------------------------
  Rich render(const Node& n, Ctx& c) const {
    switch (n.el) {
      case El::Text:
        return render_text(n, c);
      case El::Number:
        return render_number(n, c);
      case El::Label:
        return render_label(n, c, std::string(n.get("variable")), false);
      case El::Group:
        return render_group(n, c);
      case El::Choose:
        return render_choose(n, c);
      case El::Names:
        return render_names(n, c);
      case El::Date:
        return render_date(n, c);
      default:
        return {};
    }
  }

  Rich render_children(const Node& n, Ctx& c, std::string_view delimiter = {}) const {
    std::vector<Rich> parts;
    for (const auto& ch : n.children) parts.push_back(render(ch, c));
    return join(std::move(parts), delimiter);
  }

  Rich render_text(const Node& n, Ctx& c) const {
    Rich r;
    if (const std::string* m = n.attr("macro")) {
      if (const Node* macro = style.macro(*m)) r = render_children(*macro, c);
    } else if (const std::string* v = n.attr("variable")) {
      // year-suffix is not a variable a group waits for: APA's "(n.d.-a)" group prints "(n.d.)" without one.
      if (*v != "year-suffix") ++c.called;
      r = variable_text(n, c, *v);
      if (!is_empty(r)) {
        ++c.nonempty;
        note_rendered(c, *v);
      }
    } else if (const std::string* t = n.attr("term")) {
      r = text_run(term(*t, n.get("form", "long"), n.is("plural", "true")));
    } else if (const std::string* value = n.attr("value")) {
      r = text_run(*value);
    }
    decorate(r, n, c);
    return r;
  }

  Rich variable_text(const Node& n, Ctx& c, const std::string& name) const {
    if (c.suppressed.count(name)) return {};
    const Item& it = *c.st->item;
    if (name == "year-suffix") {
      c.year_suffix_done = true;
      return text_run(c.st->year_suffix);
    }
    if (name == "locator") return text_run(c.cite ? dash_ranges(c.cite->locator) : std::string());
    if (name == "citation-number" || name == "first-reference-note-number" || name == "citation-label")
      return text_run(simple_value(c, name));
    std::string key = name;
    if (n.get("form") == "short") {
      std::string shortname = name + "-short";
      if (var(it, shortname))
        key = shortname;
      else if (name == "container-title" && var(it, "journalAbbreviation"))
        key = "journalAbbreviation";
    }
    const std::string* v = var(it, key);
    if (!v) return {};
    if (name == "page" || name == "locator")
      return text_run(format_pages(*v, style.option("page-range-format"),
                                   term("page-range-delimiter").empty() ? "–" : term("page-range-delimiter")));
    if (name == "URL") {
      Rich r = text_run(*v);
      if (!c.sorting) r.front().url = *v;
      return r;
    }
    if (name == "DOI") {
      Rich r = text_run(*v);
      std::string url = v->rfind("http", 0) == 0 ? *v : "https://doi.org/" + *v;
      if (!c.sorting) r.front().url = url;
      return r;
    }
    return parse_markup(*v);
  }

  Rich render_number(const Node& n, Ctx& c) const {
    std::string name(n.get("variable"));
    ++c.called;
    std::string v = c.suppressed.count(name) ? std::string() : simple_value(c, name);
    if (v.empty()) return {};
    ++c.nonempty;
    note_rendered(c, name);
    std::string_view form = n.get("form", "numeric");
    Rich r;
    bool plain_number = !v.empty() && std::all_of(v.begin(), v.end(), is_digit);
    if (plain_number && form != "numeric") {
      long x = std::atol(v.c_str());
      if (form == "ordinal")
        r = text_run(ordinal(x, false));
      else if (form == "long-ordinal")
        r = text_run(ordinal(x, true));
      else if (form == "roman")
        r = text_run(roman(int(x)));
      else
        r = text_run(v);
    } else if (is_numeric(v)) {
      r = text_run(name == "page" ? format_pages(v, style.option("page-range-format"), "–") : dash_ranges(v));
    } else {
      r = parse_markup(v);
    }
    decorate(r, n, c);
    return r;
  }

  Rich render_label(const Node& n, Ctx& c, const std::string& name, bool names_plural) const {
    std::string term_name = name, value;
    if (name == "locator") {
      if (!c.cite || c.cite->locator.empty()) return {};
      value = c.cite->locator;
      term_name = c.cite->label.empty() ? "page" : c.cite->label;
    } else {
      value = simple_value(c, name);
      if (value.empty()) return {};
      if (name == "chapter-number") term_name = "chapter";
    }
    std::string_view plural = n.get("plural", "contextual");
    bool many = plural == "always"                                         ? true
                : plural == "never"                                        ? false
                : name == "number-of-pages" || name == "number-of-volumes" ? std::atol(value.c_str()) > 1
                                                                           : is_plural_value(value);
    (void)names_plural;
    Rich r = text_run(term(term_name, n.get("form", "long"), many));
    decorate(r, n, c);
    return r;
  }

  Rich render_group(const Node& n, Ctx& c) const {
    std::size_t called = c.called, nonempty = c.nonempty;
    Rich r = render_children(n, c, n.get("delimiter"));
    if (c.called > called && c.nonempty == nonempty) return {};
    // A group that prints counts as printed for the groups around it, as in citeproc-js.
    if (!is_empty(r)) ++c.nonempty;
    decorate(r, n, c);
    return r;
  }

  bool condition(const Node& n, const Ctx& c) const {
    std::string_view match = n.get("match", "all");
    int yes = 0, no = 0;
    auto test = [&](bool v) { (v ? yes : no)++; };
    auto each = [&](std::string_view attr, auto&& f) {
      if (const std::string* v = n.attr(attr)) {
        std::string_view s = *v;
        while (!s.empty()) {
          auto sp = s.find(' ');
          std::string_view w = s.substr(0, sp);
          if (!w.empty()) f(w);
          if (sp == std::string_view::npos) break;
          s.remove_prefix(sp + 1);
        }
      }
    };
    const Item& it = *c.st->item;
    each("type", [&](std::string_view t) { test(it.type == t); });
    each("variable", [&](std::string_view v) { test(has_variable(c, v)); });
    each("is-numeric", [&](std::string_view v) {
      test(v == "locator" ? c.cite && is_numeric(c.cite->locator) : is_numeric(simple_value(c, v)));
    });
    each("is-uncertain-date", [&](std::string_view v) {
      auto d = it.dates.find(std::string(v));
      test(d != it.dates.end() && d->second.circa);
    });
    each("locator", [&](std::string_view v) {
      std::string label = c.cite && !c.cite->locator.empty() ? (c.cite->label.empty() ? "page" : c.cite->label) : "";
      test(!label.empty() && (label == v || (v == "sub-verbo" && label == "sub verbo")));
    });
    each("position", [&](std::string_view v) {
      if (c.bib || !c.cite) return test(false);
      if (v == "first")
        test(c.position == kFirst);
      else if (v == "subsequent")
        test(c.position != kFirst);
      else if (v == "ibid")
        test(c.position == kIbid || c.position == kIbidWithLocator);
      else if (v == "ibid-with-locator")
        test(c.position == kIbidWithLocator);
      else if (v == "near-note")
        test(c.position != kFirst && c.near_note);
      else
        test(false);
    });
    each("disambiguate", [&](std::string_view v) { test((v == "true") == c.st->disambiguate); });
    if (yes + no == 0) return false;
    if (match == "any") return yes > 0;
    if (match == "none") return yes == 0;
    return no == 0;
  }

  Rich render_choose(const Node& n, Ctx& c) const {
    for (const auto& branch : n.children) {
      if (branch.el == El::Else || ((branch.el == El::If || branch.el == El::ElseIf) && condition(branch, c)))
        return render_children(branch, c);
    }
    return {};
  }

  // ---- names ---------------------------------------------------------------------------------
  struct NameOptions {
    std::string and_;  // "text", "symbol" or empty
    std::string delimiter = ", ";
    std::string precedes_et_al = "contextual", precedes_last = "contextual";
    int et_al_min = 0, et_al_use_first = 0;
    bool et_al_use_last = false;
    std::string form = "long";
    bool initialize = true;
    std::string initialize_with;
    bool initialize_with_hyphen = true;
    std::string sort_order;  // "", "first", "all"
    std::string sort_separator = ", ";
    std::string demote = "display-and-sort";
    const Node* family = nullptr;
    const Node* given = nullptr;
    const Node* name_node = nullptr;
  };

  NameOptions name_options(const Node* name, const Ctx& c) const {
    NameOptions o;
    auto get = [&](std::string_view key, std::string_view fallback = {}) { return inherited(name, c, key, fallback); };
    o.and_ = std::string(get("and"));
    o.delimiter = std::string(name && name->attr("delimiter") ? name->get("delimiter") : get("name-delimiter", ", "));
    o.precedes_et_al = std::string(get("delimiter-precedes-et-al", "contextual"));
    o.precedes_last = std::string(get("delimiter-precedes-last", "contextual"));
    bool subsequent = c.cite && c.position != kFirst;
    std::string_view min = get("et-al-min"), first = get("et-al-use-first");
    if (subsequent) {
      if (auto s = get("et-al-subsequent-min"); !s.empty()) min = s;
      if (auto s = get("et-al-subsequent-use-first"); !s.empty()) first = s;
    }
    o.et_al_min = std::atoi(std::string(min).c_str());
    o.et_al_use_first = std::atoi(std::string(first).c_str());
    o.et_al_use_last = get("et-al-use-last") == "true";
    o.form = std::string(name && name->attr("form") ? name->get("form") : get("name-form", "long"));
    o.initialize = get("initialize", "true") != "false";
    o.initialize_with = std::string(get("initialize-with"));
    o.initialize_with_hyphen = style.option("initialize-with-hyphen", "true") != "false";
    o.sort_order = std::string(get("name-as-sort-order"));
    o.sort_separator = std::string(get("sort-separator", ", "));
    o.demote = std::string(style.option("demote-non-dropping-particle", "display-and-sort"));
    o.name_node = name;
    if (name)
      for (const auto& p : name->children)
        if (p.el == El::NamePart) (p.get("name") == "family" ? o.family : o.given) = &p;
    return o;
  }

  std::string initials(std::string_view given, const NameOptions& o) const {
    std::string out;
    std::size_t i = 0;
    bool first_word = true;
    while (i < given.size()) {
      while (i < given.size() && given[i] == ' ') ++i;
      std::size_t b = i;
      while (i < given.size() && given[i] != ' ') ++i;
      if (b == i) break;
      std::string_view word = given.substr(b, i - b);
      // "Jean-Paul" → "J.-P."
      std::string w;
      std::size_t k = 0;
      bool first_part = true;
      while (k <= word.size()) {
        std::size_t h = word.find('-', k);
        std::string_view part = word.substr(k, h == std::string_view::npos ? std::string_view::npos : h - k);
        // "Soo-jin" → "S.": a lower-case part after a hyphen is not a name of its own (citeproc-js).
        bool lower_part = !first_part && !part.empty() && std::islower(static_cast<unsigned char>(part[0]));
        if (!part.empty() && !(lower_part && o.initialize)) {
          std::size_t len = 1;
          unsigned char ch = static_cast<unsigned char>(part[0]);
          if (ch >= 0xC0) len = ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : 2;
          std::string init = to_upper(part.substr(0, std::min(len, part.size())));
          bool is_initial = part.size() <= len || (part.size() == len + 1 && part.back() == '.');
          if (!first_part) {
            std::string with = o.initialize_with;
            while (!with.empty() && with.back() == ' ') with.pop_back();
            w += with + (o.initialize_with_hyphen ? "-" : "");
          }
          if (o.initialize || is_initial)
            w += init;
          else
            w += std::string(part);
          first_part = false;
        }
        if (h == std::string_view::npos) break;
        k = h + 1;
      }
      if (!first_word) {
        // the space is part of initialize-with
      }
      out += w + o.initialize_with;
      first_word = false;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  }

  Rich name_part(std::string text, const Node* part, const Ctx& c) const {
    Rich r = parse_markup(text);
    if (part) decorate(r, *part, c);
    return r;
  }

  // One name. `inverted`: family name first. `expand`: disambiguation's given-name level (0 none).
  Rich render_name(const Name& nm, const NameOptions& o, bool inverted, int expand, const Ctx& c) const {
    if (!nm.literal.empty()) return name_part(nm.literal, o.family, c);
    std::string family = nm.family;
    std::string ndp = nm.non_dropping_particle, dp = nm.dropping_particle;
    bool short_form = o.form == "short" && expand == 0;
    if (o.form == "count") return {};
    std::string given = nm.given;
    if (expand == 1) {
      NameOptions with = o;
      if (with.initialize_with.empty()) with.initialize_with = ". ";
      with.initialize = true;
      given = initials(nm.given, with);
    } else if (expand == 0 && !o.initialize_with.empty()) {
      given = initials(nm.given, o);
    }
    auto spaced = [](std::string a, const std::string& b) {
      if (a.empty()) return b;
      if (b.empty()) return a;
      char last = a.back();
      return a + (last == '\'' || a.ends_with("’") || last == '-' ? "" : " ") + b;
    };
    if (short_form || (family.empty() && given.empty())) {
      std::string fam = spaced(ndp, family);
      return name_part(fam.empty() ? given : fam, o.family, c);
    }
    Rich out;
    if (!inverted) {
      Rich g = name_part(spaced(given, dp), o.given, c);
      Rich f = name_part(spaced(ndp, family), o.family, c);
      append(out, std::move(g));
      if (!is_empty(out) && !is_empty(f)) out.push_back(Run{" ", 0, {}, -1});
      append(out, std::move(f));
      if (!nm.suffix.empty()) out.push_back(Run{(nm.suffix.empty() ? "" : " ") + nm.suffix, 0, {}, -1});
      return out;
    }
    // Inverted: "van Gogh, Vincent" (demote never/sort-only) or "Gogh, Vincent van" (display-and-sort).
    bool demote = o.demote == "display-and-sort" || (c.sorting && o.demote == "sort-only");
    Rich f = name_part(demote ? family : spaced(ndp, family), o.family, c);
    std::string g_text = spaced(given, dp);
    if (demote) g_text = spaced(g_text, ndp);
    Rich g = name_part(g_text, o.given, c);
    append(out, std::move(f));
    if (!is_empty(g)) {
      out.push_back(Run{o.sort_separator, 0, {}, -1});
      append(out, std::move(g));
    }
    if (!nm.suffix.empty()) out.push_back(Run{o.sort_separator + nm.suffix, 0, {}, -1});
    return out;
  }

  int expansion_for(const Name& nm, std::size_t i, const Ctx& c) const {
    int level = c.st->givenname;
    if (!c.bib && !name_expansion.empty()) {
      auto it = name_expansion.find(nm.family + "\x1f" + nm.given);
      if (it != name_expansion.end() && (i == 0 || !primary_only())) level = std::max(level, it->second);
    }
    if (level && primary_only() && i > 0) level = 0;
    return level;
  }

  bool primary_only() const {
    std::string_view rule = style.citation ? style.citation->get("givenname-disambiguation-rule", "by-cite") : "";
    return rule.starts_with("primary-name");
  }

  Rich render_name_list(const std::vector<Name>& names, const NameOptions& o, const Node* et_al, const Ctx& c,
                        bool sort_key = false) const {
    std::size_t n = names.size(), shown = n;
    int min = o.et_al_min, first = o.et_al_use_first;
    if (c.st->add_names > first && !c.bib) first = c.st->add_names;
    if (min > 0 && first > 0 && n >= std::size_t(min)) shown = std::min(n, std::size_t(first));
    if (o.form == "count") return text_run(std::to_string(shown));
    bool truncated = shown < n;
    bool use_last = truncated && o.et_al_use_last && shown + 2 <= n;
    std::vector<Rich> parts;
    std::vector<bool> inverted;
    for (std::size_t i = 0; i < shown; ++i) {
      bool inv = sort_key || o.sort_order == "all" || (o.sort_order == "first" && i == 0);
      inverted.push_back(inv);
      parts.push_back(render_name(names[i], o, inv, sort_key ? 0 : expansion_for(names[i], i, c), c));
      // The name element's formatting is each name's (the delimiters between them stay plain).
      if (o.name_node) decorate(parts.back(), *o.name_node, c, false);
    }
    Rich out;
    std::string and_word = o.and_ == "text" ? term("and") : o.and_ == "symbol" ? "&" : "";
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) {
        bool last = i + 1 == parts.size() && !truncated && !and_word.empty();
        if (last) {
          bool delim = o.precedes_last == "always" || (o.precedes_last == "contextual" && shown >= 3) ||
                       (o.precedes_last == "after-inverted-name" && inverted[i - 1]);
          out.push_back(Run{(delim ? o.delimiter : std::string(" ")) + and_word + " ", 0, {}, -1});
        } else {
          out.push_back(Run{o.delimiter, 0, {}, -1});
        }
      }
      append(out, std::move(parts[i]));
    }
    if (truncated && !sort_key) {
      if (use_last) {
        out.push_back(Run{o.delimiter + "… ", 0, {}, -1});
        append(out, render_name(names.back(), o, o.sort_order == "all", 0, c));
      } else {
        std::string t = term(et_al ? et_al->get("term", "et-al") : "et-al");
        if (!t.empty()) {
          bool delim = o.precedes_et_al == "always" || (o.precedes_et_al == "contextual" && shown >= 2) ||
                       (o.precedes_et_al == "after-inverted-name" && inverted.back());
          out.push_back(Run{delim ? o.delimiter : std::string(" "), 0, {}, -1});
          Rich e = text_run(t);
          if (et_al) decorate(e, *et_al, c);
          append(out, std::move(e));
        }
      }
    }
    if (o.name_node && !is_empty(out) && !c.sorting) {
      if (auto p = o.name_node->get("prefix"); !p.empty()) out.insert(out.begin(), Run{std::string(p), 0, {}, -1});
      if (auto s = o.name_node->get("suffix"); !s.empty()) out.push_back(Run{std::string(s), 0, {}, -1});
    }
    return out;
  }

  Rich render_names(const Node& n, Ctx& c, const Node* inherit_from = nullptr) const {
    const Node* parent = inherit_from ? inherit_from : &n;
    const Node *name_el = nullptr, *et_al = nullptr, *label = nullptr, *substitute = nullptr;
    bool label_before = false;
    for (const auto& ch : parent->children) {
      if (ch.el == El::Name) name_el = &ch;
      if (ch.el == El::EtAl) et_al = &ch;
      if (ch.el == El::Label) {
        label = &ch;
        label_before = name_el == nullptr;
      }
    }
    for (const auto& ch : n.children)
      if (ch.el == El::Substitute) substitute = &ch;
    if (inherit_from) {  // a <names> inside <substitute> keeps its own children when it has them
      for (const auto& ch : n.children) {
        if (ch.el == El::Name) name_el = &ch;
        if (ch.el == El::EtAl) et_al = &ch;
        if (ch.el == El::Label) label = &ch;
      }
    }
    NameOptions o = name_options(name_el, c);
    if (c.sorting) {
      o.sort_order = "all";
      o.and_.clear();
    }
    bool first_names = !c.names_done;
    c.names_done = true;
    ++c.called;
    std::vector<Rich> parts;
    std::string vars(n.get("variable"));
    std::vector<std::string> names_vars;
    for (std::size_t i = 0; i < vars.size();) {
      std::size_t sp = vars.find(' ', i);
      std::string v = vars.substr(i, sp == std::string::npos ? std::string::npos : sp - i);
      if (!v.empty()) names_vars.push_back(v);
      if (sp == std::string::npos) break;
      i = sp + 1;
    }
    const Item& it = *c.st->item;
    // editor and translator the same people: once, with the "editortranslator" term.
    bool ed_tr = false;
    auto found = [&](const std::string& v) -> const std::vector<Name>* {
      if (c.suppressed.count(v)) return nullptr;
      auto i = it.names.find(v);
      return i == it.names.end() || i->second.empty() ? nullptr : &i->second;
    };
    if (found("editor") && found("translator") && *found("editor") == *found("translator") &&
        std::count(names_vars.begin(), names_vars.end(), "editor") &&
        std::count(names_vars.begin(), names_vars.end(), "translator"))
      ed_tr = true;
    std::size_t total = 0;
    for (const auto& v : names_vars) {
      const auto* list = found(v);
      if (!list) continue;
      note_rendered(c, v);
      if (ed_tr && v == "translator") continue;
      total += list->size();
      Rich r = render_name_list(*list, o, et_al, c);
      if (o.form == "count") {
        parts.push_back(std::move(r));
        continue;
      }
      if (label && !c.sorting) {
        std::string term_name = ed_tr && v == "editor" ? "editortranslator" : v;
        std::string_view plural = label->get("plural", "contextual");
        bool many = plural == "always" || (plural == "contextual" && list->size() > 1);
        Rich l = text_run(term(term_name, label->get("form", "long"), many));
        decorate(l, *label, c);
        if (label_before) {
          append(l, std::move(r));
          r = std::move(l);
        } else {
          append(r, std::move(l));
        }
      }
      parts.push_back(std::move(r));
    }
    Rich out;
    if (o.form == "count") {
      out = total ? text_run(std::to_string(std::min<std::size_t>(
                        total, o.et_al_min > 0 && o.et_al_use_first > 0 && total >= std::size_t(o.et_al_min)
                                   ? std::size_t(o.et_al_use_first)
                                   : total)))
                  : Rich{};
    } else {
      out = join(std::move(parts), n.get("delimiter", inherited(nullptr, c, "names-delimiter")));
    }
    if (is_empty(out) && substitute) {
      for (const auto& s : substitute->children) {
        std::vector<std::string> printed;
        auto* outer = c.rendered;
        c.rendered = &printed;
        Rich r = s.el == El::Names && s.children.empty() ? render_names(s, c, parent) : render(s, c);
        c.rendered = outer;
        if (!is_empty(r)) {
          // The variables a substitute printed are not printed again in this entry.
          for (const auto& v : printed) {
            c.suppressed.insert(v);
            note_rendered(c, v);
          }
          out = std::move(r);
          break;
        }
      }
      decorate(out, n, c);
    } else {
      if (!is_empty(out)) ++c.nonempty;
      decorate(out, n, c);
    }
    if (first_names && !c.sorting) {
      for (auto& run : out) run.fmt |= kFirstNames;
      if (c.names_mode == NamesMode::Only) c.first_names = out;
      if (c.names_mode == NamesMode::Suppress) {
        for (const auto& r : out)
          if (!r.text.empty()) {
            ++c.nonempty;  // the names are there, only not printed
            break;
          }
        return {};
      }
    }
    return out;
  }

  // ---- dates ---------------------------------------------------------------------------------
  std::string date_part_text(const biblio::DateParts& d, const biblio::Date& date, const Node& part, const Ctx& c,
                             bool add_suffix) const {
    std::string_view name = part.get("name");
    std::string_view form = part.get("form");
    if (name == "year") {
      if (d.year == 0) return {};
      std::string y = d.year < 0 ? std::to_string(-d.year) + term("bc") : std::to_string(d.year);
      if (form == "short" && d.year > 0) y = y.substr(y.size() > 2 ? y.size() - 2 : 0);
      if (d.year > 0 && d.year < 1000) y += term("ad");
      if (add_suffix) y += c.st->year_suffix;
      return y;
    }
    if (name == "month") {
      if (d.month == 0) {
        if (date.season >= 1 && date.season <= 4) {
          char key[16];
          std::snprintf(key, sizeof key, "season-%02d", date.season);
          return term(key);
        }
        return {};
      }
      if (form == "numeric") return std::to_string(d.month);
      if (form == "numeric-leading-zeros") return (d.month < 10 ? "0" : "") + std::to_string(d.month);
      char key[16];
      std::snprintf(key, sizeof key, "month-%02d", d.month);
      return term(key, form == "short" ? "short" : "long");
    }
    if (name == "day") {
      if (d.day == 0) return {};
      if (form == "numeric-leading-zeros") return (d.day < 10 ? "0" : "") + std::to_string(d.day);
      if (form == "ordinal" && (!locale.limit_day_ordinals_to_day_1 || d.day == 1)) return ordinal(d.day, false);
      return std::to_string(d.day);
    }
    return {};
  }

  // The date-parts to render: the style's own (non-localized), or the locale's form with the style's
  // date-part attributes on top.
  std::vector<Node> date_parts(const Node& n) const {
    std::vector<Node> parts;
    std::string_view form = n.get("form");
    if (form.empty()) {
      for (const auto& ch : n.children)
        if (ch.el == El::DatePart) parts.push_back(ch);
      return parts;
    }
    const std::optional<Node>& base = form == "text" ? locale.date_text : locale.date_numeric;
    if (!base) return parts;
    std::string_view which = n.get("date-parts", "year-month-day");
    for (const auto& ch : base->children) {
      if (ch.el != El::DatePart) continue;
      std::string_view name = ch.get("name");
      if (name == "day" && which != "year-month-day") continue;
      if (name == "month" && which == "year") continue;
      Node p = ch;
      for (const auto& own : n.children)
        if (own.el == El::DatePart && own.get("name") == name) {
          p.decorated = p.decorated || own.decorated;
          for (const auto& [k, v] : own.attrs) {
            if (k == "name") continue;
            bool replaced = false;
            for (auto& [pk, pv] : p.attrs)
              if (pk == k) {
                pv = v;
                replaced = true;
              }
            if (!replaced) p.attrs.emplace_back(k, v);
          }
        }
      parts.push_back(std::move(p));
    }
    return parts;
  }

  Rich render_date(const Node& n, Ctx& c) const {
    std::string name(n.get("variable"));
    ++c.called;
    const Item& it = *c.st->item;
    auto found = it.dates.find(name);
    if (found == it.dates.end() || c.suppressed.count(name)) return {};
    const biblio::Date& date = found->second;
    if (c.sorting) {
      ++c.nonempty;
      return text_run(sort_date(date));
    }
    Rich out;
    bool suffix_here = name == "issued" && !explicit_year_suffix && !c.year_suffix_done && !c.st->year_suffix.empty();
    if (!date.literal.empty() && date.parts.empty()) {
      out = parse_markup(date.literal);
    } else if (!date.parts.empty()) {
      std::vector<Node> parts = date_parts(n);
      std::string_view delimiter = n.get("form").empty() ? n.get("delimiter") : "";
      auto render_one = [&](const biblio::DateParts& d, const Node& p, bool affixes, bool add_suffix) {
        Rich r = text_run(date_part_text(d, date, p, c, add_suffix));
        decorate(r, p, c, affixes);
        return r;
      };
      if (date.parts.size() == 1 || date.parts[0] == date.parts[1]) {
        std::vector<Rich> rs;
        for (const auto& p : parts)
          rs.push_back(render_one(date.parts[0], p, true, suffix_here && p.get("name") == "year"));
        out = join(std::move(rs), delimiter);
      } else {
        const auto &a = date.parts[0], &b = date.parts[1];
        // The largest part that differs decides which parts are repeated on both sides.
        std::string_view largest = a.year != b.year ? "year" : a.month != b.month ? "month" : "day";
        auto varies = [&](std::string_view nm) {
          if (largest == "year") return true;
          if (largest == "month") return nm != "year";
          return nm == "day";
        };
        std::size_t first = parts.size(), last = 0;
        for (std::size_t i = 0; i < parts.size(); ++i)
          if (varies(parts[i].get("name"))) {
            first = std::min(first, i);
            last = i;
          }
        std::string range_delim = "–";
        for (const auto& p : parts)
          if (p.get("name") == largest) range_delim = std::string(p.get("range-delimiter", "–"));
        std::vector<Rich> rs;
        for (std::size_t i = 0; i < parts.size(); ++i) {
          bool yr = parts[i].get("name") == "year";
          if (i < first || i > last || first == parts.size()) {
            rs.push_back(render_one(a, parts[i], true, suffix_here && yr));
            continue;
          }
          if (i == first) {
            // start[first..last] + delimiter + end[first..last]
            Rich range;
            for (std::size_t k = first; k <= last; ++k) {
              Rich r = render_one(a, parts[k], true, false);
              if (k == last && !r.empty() && !parts[k].get("suffix").empty()) r.pop_back();
              if (!range.empty() && !delimiter.empty()) range.push_back(Run{std::string(delimiter), 0, {}, -1});
              append(range, std::move(r));
            }
            range.push_back(Run{range_delim, 0, {}, -1});
            for (std::size_t k = first; k <= last; ++k) {
              Rich r = render_one(b, parts[k], true, suffix_here && parts[k].get("name") == "year");
              if (k == first && !r.empty() && !parts[k].get("prefix").empty()) r.erase(r.begin());
              if (k > first && !delimiter.empty()) range.push_back(Run{std::string(delimiter), 0, {}, -1});
              append(range, std::move(r));
            }
            rs.push_back(std::move(range));
          }
        }
        // Delimiters between the parts outside the range.
        out = join(std::move(rs), delimiter);
      }
      if (suffix_here) c.year_suffix_done = true;
    }
    if (!is_empty(out)) {
      ++c.nonempty;
      note_rendered(c, name);
    }
    decorate(out, n, c);
    return out;
  }

  static std::string sort_date(const biblio::Date& d) {
    if (d.parts.empty()) return {};
    char buf[32];
    const auto& p = d.parts[0];
    std::snprintf(buf, sizeof buf, "%06d%02d%02d", p.year + 100000 - 90000, p.month, p.day);
    return buf;
  }

  // ---- whole citations and entries -----------------------------------------------------------
  Rich render_layout(const Node* part, Ctx& c) const {
    const Node* layout = layout_of(part);
    if (!layout) return {};
    c.part = part;
    bool second_field = c.bib && !part->get("second-field-align").empty();
    std::vector<Rich> parts;
    Rich out;
    bool first = true;
    for (const auto& ch : layout->children) {
      Rich r = render(ch, c);
      if (second_field && first && !is_empty(r)) {
        r.push_back(Run{" ", 0, {}, -1});
        first = false;
      }
      append(out, std::move(r));
    }
    return out;
  }

  // One source of a citation, without the layout's affixes. `mode`: names only, or without them.
  Rich render_cite(const ItemState& st, const CiteInput* cite, int position, bool near, int first_note,
                   NamesMode mode) const {
    Ctx c;
    c.st = &st;
    c.cite = cite;
    c.position = position;
    c.near_note = near;
    c.first_note = first_note;
    c.names_mode = mode;
    Rich r = render_layout(&*style.citation, c);
    if (mode == NamesMode::Only) {
      r = c.first_names;
      for (auto& run : r) run.fmt &= ~kFirstNames;
    }
    return r;
  }

  std::string disambiguation_key(const ItemState& st) const {
    return plain_text(render_cite(st, nullptr, kFirst, false, 0, NamesMode::Normal));
  }

  void disambiguate() {
    const Node& cit = *style.citation;
    bool add_names = cit.is("disambiguate-add-names", "true");
    bool add_given = cit.is("disambiguate-add-givenname", "true");
    bool add_suffix = cit.is("disambiguate-add-year-suffix", "true");
    std::string_view rule = cit.get("givenname-disambiguation-rule", "by-cite");
    if (add_given && rule != "by-cite") global_name_disambiguation(rule);
    if (!add_names && !add_given && !add_suffix) {
      // Still mark ambiguous items for `disambiguate="true"` conditions.
    }
    auto groups = [&] {
      std::map<std::string, std::vector<std::size_t>> by_key;
      for (std::size_t i = 0; i < items.size(); ++i) by_key[disambiguation_key(items[i])].push_back(i);
      std::vector<std::vector<std::size_t>> out;
      for (auto& [k, v] : by_key)
        if (v.size() > 1) out.push_back(v);
      return out;
    };
    auto ambiguous = groups();
    if (ambiguous.empty()) return;
    auto still = [&](const std::vector<std::size_t>& g) {
      std::map<std::string, int> count;
      for (auto i : g) count[disambiguation_key(items[i])]++;
      std::vector<std::size_t> out;
      for (auto i : g)
        if (count[disambiguation_key(items[i])] > 1) out.push_back(i);
      return out;
    };
    // Each step renders the group's citations again: a hostile bibliography of thousands of
    // identical entries with thousands of authors goes straight to year suffixes, and names are
    // added ten at most.
    std::vector<std::size_t> rank(items.size());
    for (std::size_t r = 0; r < bib_order.size(); ++r) rank[bib_order[r]] = r;
    for (auto& g : ambiguous) {
      bool small = g.size() <= 200;
      if (add_names && small) {
        std::size_t most = 0;
        for (auto i : g) {
          auto n = items[i].item->names.find("author");
          if (n != items[i].item->names.end()) most = std::max(most, n->second.size());
        }
        Ctx at_citation;
        at_citation.part = &cit;
        int base = std::atoi(std::string(inherited(nullptr, at_citation, "et-al-use-first", "0")).c_str());
        int limit = std::min(int(std::min<std::size_t>(most, 1000)), base + 10);
        for (int k = base + 1; k <= limit && !still(g).empty(); ++k)
          for (auto i : still(g)) items[i].add_names = k;
      }
      if (add_given && rule == "by-cite" && small) {
        for (int level = 1; level <= 2; ++level) {
          auto rest = still(g);
          if (rest.empty()) break;
          for (auto i : rest) items[i].givenname = level;
        }
      }
      auto rest = still(g);
      for (auto i : rest) items[i].disambiguate = true;
      rest = still(g);
      if (add_suffix && !rest.empty()) {
        // Year suffixes in bibliography order, per group of identical citations.
        std::map<std::string, std::vector<std::size_t>> same;
        for (auto i : rest) same[disambiguation_key(items[i])].push_back(i);
        for (auto& [k, members] : same) {
          std::sort(members.begin(), members.end(), [&](std::size_t x, std::size_t y) { return rank[x] < rank[y]; });
          int n = 0;
          for (auto i : members) items[i].year_suffix = suffix_letters(n++);
        }
      }
    }
  }

  static std::string suffix_letters(int n) {
    std::string s;
    do {
      s.insert(s.begin(), char('a' + n % 26));
      n = n / 26 - 1;
    } while (n >= 0);
    return s;
  }

  // Names that share a family name with another person are shown with initials (or given names) in
  // every citation (givenname-disambiguation-rule all-names, primary-name, …).
  void global_name_disambiguation(std::string_view rule) {
    bool primary = rule.starts_with("primary-name");
    bool initials_only = rule.ends_with("with-initials");
    std::map<std::string, std::set<std::string>> given_by_family;
    std::map<std::string, std::set<std::string>> initials_by_family;
    NameOptions o;
    o.initialize_with = ". ";
    for (const auto& st : items) {
      auto n = st.item->names.find("author");
      if (n == st.item->names.end()) continue;
      for (std::size_t i = 0; i < n->second.size() && (!primary || i == 0); ++i) {
        const Name& nm = n->second[i];
        if (!nm.literal.empty()) continue;
        given_by_family[nm.family].insert(nm.given);
        initials_by_family[nm.family].insert(initials(nm.given, o));
      }
    }
    for (const auto& [family, givens] : given_by_family) {
      if (givens.size() < 2) continue;
      int level = initials_by_family[family].size() == givens.size() || initials_only ? 1 : 2;
      for (const auto& g : givens) name_expansion[family + "\x1f" + g] = level;
    }
  }

  // ---- sorting -------------------------------------------------------------------------------
  struct Key {
    std::string text;
    bool numeric = false;
    long number = 0;
    bool empty = true;
  };

  std::vector<Key> sort_keys(const ItemState& st, const Node& sort, const Node* part) const {
    std::vector<Key> keys;
    for (const auto& k : sort.children) {
      if (k.el != El::Key) continue;
      Ctx c;
      c.st = &st;
      c.part = part;
      c.sorting = true;
      c.bib = part && part->el == El::Bibliography;
      Key key;
      if (const std::string* v = k.attr("variable")) {
        if (biblio::is_name_variable(*v)) {
          auto n = st.item->names.find(*v);
          if (n != st.item->names.end()) {
            NameOptions o = name_options(nullptr, c);
            o.et_al_min = std::atoi(std::string(k.get("names-min", "0")).c_str());
            o.et_al_use_first = std::atoi(std::string(k.get("names-use-first", "0")).c_str());
            key.text = plain_text(render_name_list(n->second, o, nullptr, c, true));
          }
        } else if (biblio::is_date_variable(*v)) {
          auto d = st.item->dates.find(*v);
          if (d != st.item->dates.end()) key.text = sort_date(d->second);
        } else if (*v == "citation-number") {
          key.numeric = true;
          key.number = st.first_index + 1;
          key.empty = false;
        } else {
          key.text = simple_value(c, *v);
          if (is_numeric(key.text) && std::isdigit(static_cast<unsigned char>(key.text[0]))) {
            key.numeric = true;
            key.number = std::atol(key.text.c_str());
          }
        }
      } else if (const std::string* m = k.attr("macro")) {
        if (const Node* macro = style.macro(*m)) key.text = plain_text(render_children(*macro, c));
      }
      if (!key.numeric) {
        // Sort by the words, not by markup or leading punctuation.
        std::string t;
        for (char ch : key.text)
          if (ch != '[' && ch != ']' && ch != '"' && ch != '\'') t += ch;
        key.text = t;
        key.empty = key.text.empty();
      }
      if (k.is("sort", "descending")) key.number = -key.number;
      keys.push_back(std::move(key));
    }
    return keys;
  }

  int compare_keys(const std::vector<Key>& a, const std::vector<Key>& b, const Node& sort) const {
    std::size_t ki = 0;
    for (const auto& k : sort.children) {
      if (k.el != El::Key) continue;
      const Key &x = a[ki], &y = b[ki];
      ++ki;
      if (x.empty != y.empty) return x.empty ? 1 : -1;  // empty keys last, whatever the direction
      if (x.empty) continue;
      int r = 0;
      if (x.numeric && y.numeric) {
        r = x.number < y.number ? -1 : x.number > y.number ? 1 : 0;
        if (r) return r;  // direction is in the sign already
        continue;
      }
      if (collator) {
        UErrorCode err = U_ZERO_ERROR;
        r = collator->compareUTF8(x.text, y.text, err);
      } else {
        r = x.text.compare(y.text);
      }
      if (k.is("sort", "descending")) r = -r;
      if (r) return r < 0 ? -1 : 1;
    }
    return 0;
  }

  void sort_bibliography() {
    bib_order.resize(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) bib_order[i] = i;
    const Node* part = style.bibliography ? &*style.bibliography : nullptr;
    const Node* sort = sort_of(part);
    if (sort) {
      std::vector<std::vector<Key>> keys;
      for (const auto& st : items) keys.push_back(sort_keys(st, *sort, part));
      std::stable_sort(bib_order.begin(), bib_order.end(),
                       [&](std::size_t a, std::size_t b) { return compare_keys(keys[a], keys[b], *sort) < 0; });
    }
    for (std::size_t r = 0; r < bib_order.size(); ++r) items[bib_order[r]].number = int(r) + 1;
  }

  // ---- clusters ------------------------------------------------------------------------------
  struct Placed {
    const ItemState* st;
    const CiteInput* in;
    int position;
    bool near;
    int first_note;
  };

  std::vector<Rendered> cite(const std::vector<Cluster>& clusters, bool link_ids) {
    std::vector<Rendered> out;
    std::map<const ItemState*, int> first_note, last_note;
    std::set<const ItemState*> seen;
    std::vector<Placed> previous;
    int near_distance = std::atoi(std::string(style.citation->get("near-note-distance", "5")).c_str());
    for (const auto& cl : clusters) {
      std::vector<Placed> placed;
      for (std::size_t i = 0; i < cl.cites.size(); ++i) {
        const CiteInput& in = cl.cites[i];
        auto idx = index.find(in.item);
        if (idx == index.end()) continue;
        const ItemState* st = &items[idx->second];
        Placed p{st, &in, kFirst, false, 0};
        if (seen.count(st)) {
          p.position = kSubsequent;
          const Placed* before = i > 0 && !placed.empty() ? &placed.back() : nullptr;
          bool same = false;
          if (before) {
            same = before->st == st;
          } else if (!previous.empty()) {
            same = std::all_of(previous.begin(), previous.end(), [&](const Placed& q) { return q.st == st; });
            before = &previous.back();
          }
          if (same) {
            const std::string& was = before->in->locator;
            if (in.locator.empty())
              p.position = was.empty() ? kIbid : kSubsequent;
            else
              p.position = in.locator == was && in.label == before->in->label ? kIbid : kIbidWithLocator;
          }
          p.first_note = first_note[st];
          p.near = cl.note > 0 && last_note.count(st) && cl.note - last_note[st] <= near_distance;
        }
        placed.push_back(p);
      }
      for (const auto& p : placed) {
        if (!seen.count(p.st)) first_note[p.st] = cl.note;
        seen.insert(p.st);
        last_note[p.st] = cl.note;
      }
      out.push_back(render_cluster(placed, link_ids));
      previous = std::move(placed);
    }
    return out;
  }

  Rendered render_cluster(std::vector<Placed> placed, bool link_ids) const {
    const Node& cit = *style.citation;
    const Node* layout = layout_of(&cit);
    if (!layout || placed.empty()) return {};
    std::vector<model::Inlines> inserts;
    // An author-in-text citation prints its names, then the rest of the citation in the layout's affixes.
    Rich head;
    bool author_in_text = placed.front().in->mode == model::CiteMode::AuthorInText;
    // In a note style the note holds the whole citation; the text only the author.
    bool in_text = author_in_text && !style.note;
    if (author_in_text) {
      const Placed& p = placed.front();
      head = render_cite(*p.st, p.in, p.position, p.near, p.first_note, NamesMode::Only);
      if (is_empty(head) && style.bibliography) {
        Ctx c;
        c.st = p.st;
        c.bib = true;
        c.names_mode = NamesMode::Only;
        render_layout(&*style.bibliography, c);
        head = c.first_names;
        for (auto& run : head) run.fmt &= ~kFirstNames;
      }
      if (link_ids)
        for (auto& run : head)
          if (run.url.empty()) run.url = "#ref-" + p.st->item->id;
    }
    if (const Node* sort = sort_of(&cit); sort && placed.size() > 1 && !in_text) {
      std::vector<std::vector<Key>> keys;
      for (const auto& p : placed) keys.push_back(sort_keys(*p.st, *sort, &cit));
      std::vector<std::size_t> order(placed.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return compare_keys(keys[a], keys[b], *sort) < 0; });
      std::vector<Placed> sorted;
      for (auto i : order) sorted.push_back(placed[i]);
      placed = std::move(sorted);
    }
    auto one = [&](const Placed& p, NamesMode mode) {
      if (p.in->mode == model::CiteMode::SuppressAuthor) mode = NamesMode::Suppress;
      Rich r = render_cite(*p.st, p.in, p.position, p.near, p.first_note, mode);
      if (link_ids && !is_empty(r))
        for (auto& run : r)
          if (run.url.empty()) run.url = "#ref-" + p.st->item->id;
      Rich withaffixes;
      if (!p.in->prefix.empty()) {
        inserts.push_back(p.in->prefix);
        withaffixes.push_back(Run{{}, 0, {}, int(inserts.size()) - 1});
        if (!is_empty(r)) withaffixes.push_back(Run{" ", 0, {}, -1});
      }
      append(withaffixes, std::move(r));
      if (!p.in->suffix.empty()) {
        inserts.push_back(p.in->suffix);
        withaffixes.push_back(Run{{}, 0, {}, int(inserts.size()) - 1});
      }
      return withaffixes;
    };
    std::string delimiter(layout->get("delimiter"));
    std::string_view collapse = cit.get("collapse");
    std::string after_collapse(cit.get("after-collapse-delimiter", delimiter));
    Rich body;
    auto add = [&](Rich r, const std::string& delim) {
      if (is_empty(r)) return;
      if (!is_empty(body)) body.push_back(Run{delim, 0, {}, -1});
      append(body, std::move(r));
    };
    auto plain_cite = [](const Placed& p) {
      return p.in->locator.empty() && p.in->prefix.empty() && p.in->suffix.empty();
    };
    if (collapse == "citation-number") {
      for (std::size_t i = 0; i < placed.size();) {
        std::size_t j = i;
        while (j + 1 < placed.size() && placed[j + 1].st->number == placed[j].st->number + 1 && plain_cite(placed[j]) &&
               plain_cite(placed[j + 1]))
          ++j;
        if (j - i >= 2) {
          Rich r = one(placed[i], NamesMode::Normal);
          r.push_back(Run{"–", 0, {}, -1});
          append(r, one(placed[j], NamesMode::Normal));
          add(std::move(r), delimiter);
          i = j + 1;
        } else {
          add(one(placed[i], in_text && i == 0 ? NamesMode::Suppress : NamesMode::Normal), delimiter);
          ++i;
        }
      }
    } else if (collapse.starts_with("year") || cit.attr("cite-group-delimiter")) {
      // Cites of the same names, grouped: "Smith 2000, 2003; Jones 1999".
      std::string group_delim(cit.get("cite-group-delimiter", ", "));
      std::vector<std::string> names;
      for (const auto& p : placed)
        names.push_back(plain_text(render_cite(*p.st, p.in, p.position, p.near, p.first_note, NamesMode::Only)));
      std::vector<bool> used(placed.size());
      std::string next_delim = delimiter;
      for (std::size_t i = 0; i < placed.size(); ++i) {
        if (used[i]) continue;
        used[i] = true;
        Rich group = one(placed[i], in_text && i == 0 ? NamesMode::Suppress : NamesMode::Normal);
        bool collapsed = false;
        // Only neighbours are grouped (citeproc-js): the order written is kept.
        for (std::size_t k = i + 1; k < placed.size(); ++k) {
          if (used[k] || names[k].empty() || names[k] != names[i]) break;
          used[k] = true;
          collapsed = true;
          group.push_back(Run{group_delim, 0, {}, -1});
          append(group, one(placed[k], NamesMode::Suppress));
        }
        add(std::move(group), next_delim);
        next_delim = collapsed ? after_collapse : delimiter;
      }
    } else {
      for (std::size_t i = 0; i < placed.size(); ++i)
        add(one(placed[i], in_text && i == 0 ? NamesMode::Suppress : NamesMode::Normal), delimiter);
    }
    Ctx c;
    c.part = &cit;
    decorate(body, *layout, c);
    Rendered result;
    if (style.note) {
      result.note = to_inlines(body, inserts, locale.punctuation_in_quote);
      if (author_in_text) result.text = to_inlines(head, {}, locale.punctuation_in_quote);
      return result;
    }
    Rich all;
    if (in_text) {
      all = std::move(head);
      bool rest = false;
      for (const auto& r : body)
        if (r.insert >= 0 || (!r.text.empty() && r.text != "(" && r.text != ")" && r.text != "[" && r.text != "]"))
          rest = true;
      if (rest) {
        all.push_back(Run{" ", 0, {}, -1});
        append(all, std::move(body));
      }
    } else {
      all = std::move(body);
    }
    result.text = to_inlines(all, inserts, locale.punctuation_in_quote);
    return result;
  }

  std::vector<Entry> bibliography() const {
    std::vector<Entry> out;
    if (!style.bibliography) return out;
    const Node& part = *style.bibliography;
    std::string substitute(part.get("subsequent-author-substitute"));
    std::string_view rule = part.get("subsequent-author-substitute-rule", "complete-all");
    std::string previous_names;
    bool have_previous = false;
    const Node* layout = layout_of(&part);
    for (std::size_t r : bib_order) {
      const ItemState& st = items[r];
      Ctx c;
      c.st = &st;
      c.bib = true;
      Rich entry = render_layout(&part, c);
      Ctx lc;
      lc.part = &part;
      if (layout) decorate(entry, *layout, lc);
      if (part.attr("subsequent-author-substitute")) {
        std::string names;
        for (const auto& run : entry)
          if (run.fmt & kFirstNames) names += run.text;
        if (!names.empty() && have_previous && names == previous_names && rule.starts_with("complete")) {
          Rich replaced;
          bool done = false;
          for (auto& run : entry) {
            if (run.fmt & kFirstNames) {
              if (!done && !substitute.empty()) replaced.push_back(Run{substitute, 0, {}, -1});
              done = true;
              continue;
            }
            replaced.push_back(std::move(run));
          }
          entry = std::move(replaced);
        }
        previous_names = names;
        have_previous = !names.empty();
      }
      for (auto& run : entry) run.fmt &= ~kFirstNames;
      out.push_back(Entry{st.item->id, to_inlines(entry, {}, locale.punctuation_in_quote)});
    }
    return out;
  }
};

Processor::Processor(const Style& style, std::vector<const biblio::Item*> items)
    : impl_(std::make_unique<Impl>(style, std::move(items))) {}
Processor::~Processor() = default;

std::vector<Rendered> Processor::cite(const std::vector<Cluster>& clusters, bool link_ids) {
  if (!impl_->style.citation) return std::vector<Rendered>(clusters.size());
  return impl_->cite(clusters, link_ids);
}

std::vector<Entry> Processor::bibliography() { return impl_->bibliography(); }

bool Processor::hanging_indent() const {
  return impl_->style.bibliography && impl_->style.bibliography->is("hanging-indent", "true");
}

const Style& Processor::style() const { return impl_->style; }

}  // namespace quire::csl
