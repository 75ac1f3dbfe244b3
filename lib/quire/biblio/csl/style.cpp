#include "quire/biblio/csl/style.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <pugixml.hpp>

#include "quire/diag/edit_distance.hpp"
#include "quire/io/file.hpp"

namespace quire::csl {

namespace fs = std::filesystem;

const std::string* Node::attr(std::string_view name) const {
  for (const auto& [k, v] : attrs)
    if (k == name) return &v;
  return nullptr;
}

std::string_view Node::get(std::string_view name, std::string_view fallback) const {
  const std::string* v = attr(name);
  return v ? std::string_view(*v) : fallback;
}

const Node* Style::macro(std::string_view name) const {
  auto it = macros.find(name);
  return it == macros.end() ? nullptr : &it->second;
}

std::string_view Style::option(std::string_view name, std::string_view fallback) const {
  for (const auto& [k, v] : options)
    if (k == name) return v;
  return fallback;
}

namespace {

El element_kind(std::string_view name) {
  static const std::pair<std::string_view, El> table[] = {
      {"style", El::Style},
      {"info", El::Info},
      {"locale", El::Locale},
      {"macro", El::Macro},
      {"citation", El::Citation},
      {"bibliography", El::Bibliography},
      {"layout", El::Layout},
      {"sort", El::Sort},
      {"key", El::Key},
      {"text", El::Text},
      {"number", El::Number},
      {"label", El::Label},
      {"group", El::Group},
      {"choose", El::Choose},
      {"if", El::If},
      {"else-if", El::ElseIf},
      {"else", El::Else},
      {"names", El::Names},
      {"name", El::Name},
      {"name-part", El::NamePart},
      {"et-al", El::EtAl},
      {"substitute", El::Substitute},
      {"date", El::Date},
      {"date-part", El::DatePart},
      {"terms", El::Terms},
      {"term", El::Term},
      {"single", El::Single},
      {"multiple", El::Multiple},
      {"style-options", El::StyleOptions},
      {"link", El::Link},
      {"id", El::Id},
      {"title", El::Title},
  };
  if (auto colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
  for (const auto& [n, el] : table)
    if (n == name) return el;
  return El::Unknown;
}

// Line and column (1-based, columns in bytes) of byte offsets in one text.
class Lines {
 public:
  explicit Lines(std::string_view text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }
  std::pair<int, int> at(std::ptrdiff_t offset) const {
    if (offset < 0) return {0, 0};
    auto it = std::upper_bound(starts_.begin(), starts_.end(), std::size_t(offset));
    std::size_t line = std::size_t(it - starts_.begin());
    return {int(line), int(std::size_t(offset) - starts_[line - 1] + 1)};
  }

 private:
  std::vector<std::size_t> starts_;
};

struct Reader {
  const std::string& file;
  Diagnostics& diags;
  Lines lines;
  std::size_t elements = 0;
  bool failed = false;

  // pugixml gives an element's offset at its name: the '<' is one before.
  SourcePos pos_of(const pugi::xml_node& n) const {
    auto [line, col] = lines.at(n.offset_debug() - (n.type() == pugi::node_element ? 1 : 0));
    return {file, line, col};
  }
  void fail(const SourcePos& pos, std::string message, std::string hint = {}) {
    if (!failed) diags.error(pos, std::move(message), std::move(hint));
    failed = true;
  }

  // The element and everything inside it, refusing depth past kMaxDepth and more than kMaxElements.
  // Recursion is bounded by kMaxDepth: a deeper element is reported, not entered.
  Node convert(const pugi::xml_node& x, int depth) {
    Node n;
    n.el = element_kind(x.name());
    SourcePos at = pos_of(x);
    n.line = at.line;
    n.col = at.col;
    if (++elements > kMaxElements) {
      fail(pos_of(x), "the style has more than " + std::to_string(kMaxElements) + " elements");
      return n;
    }
    static const std::string_view decoration[] = {"prefix",        "suffix",         "font-style", "font-weight",
                                                  "font-variant",  "vertical-align", "quotes",     "text-case",
                                                  "strip-periods", "text-decoration"};
    for (auto a : x.attributes()) {
      n.attrs.emplace_back(a.name(), a.value());
      for (auto d : decoration)
        if (d == a.name()) n.decorated = true;
    }
    for (auto c : x.children()) {
      if (failed) break;
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        n.text += c.value();
      } else if (c.type() == pugi::node_element) {
        if (depth + 1 > kMaxDepth) {
          fail(pos_of(c), "CSL elements nested more than " + std::to_string(kMaxDepth) + " deep",
               "no real style needs this; is the file generated?");
          break;
        }
        n.children.push_back(convert(c, depth + 1));
      }
    }
    return n;
  }
};

// Parses XML, refusing a DOCTYPE: pugixml never expands entities a DTD declares (nor fetches external
// ones), but a style that declares any is not a CSL style, and saying so beats printing "&lol9;".
bool parse_xml(std::string_view xml, const std::string& file, Diagnostics& diags, pugi::xml_document& doc,
               const char* what) {
  if (xml.size() > kMaxStyleBytes) {
    diags.error({file, 1, 1},
                std::string("the ") + what + " is larger than " + std::to_string(kMaxStyleBytes >> 20) + " MiB");
    return false;
  }
  auto result = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_doctype, pugi::encoding_utf8);
  Lines lines(xml);
  if (!result) {
    auto [line, col] = lines.at(result.offset);
    diags.error({file, line, col}, std::string("not well-formed XML: ") + result.description());
    return false;
  }
  for (auto c : doc.children()) {
    if (c.type() == pugi::node_doctype) {
      // The offset is that of the declaration's text: go back to its "<!DOCTYPE".
      auto at = std::string_view(xml.substr(0, std::size_t(std::max<std::ptrdiff_t>(c.offset_debug(), 0)))).rfind("<!");
      auto [line, col] = lines.at(at == std::string_view::npos ? c.offset_debug() : std::ptrdiff_t(at));
      diags.error({file, line, col},
                  std::string("a DOCTYPE is not allowed in a CSL ") + what +
                      ": entities it declares are never expanded and external ones never fetched",
                  "remove the <!DOCTYPE …> declaration");
      return false;
    }
  }
  return true;
}

// Every `macro="…"` an element (and those inside it) calls, with where; and how many elements it has.
void macro_calls(const Node& n, std::vector<std::pair<std::string, const Node*>>& calls, std::size_t& count) {
  ++count;
  if (const std::string* m = n.attr("macro"); m && (n.el == El::Text || n.el == El::Key)) calls.emplace_back(*m, &n);
  for (const auto& c : n.children) macro_calls(c, calls, count);
}

// Undefined and recursive macros, and layouts whose expansion is too large. Iterative depth-first
// search: a chain of thousands of macros calling one another must not exhaust the stack.
bool check_macros(const Style& s, Diagnostics& diags) {
  struct Info {
    std::vector<std::pair<std::string, const Node*>> calls;
    std::size_t own = 0;
    std::size_t expanded = 0;
    int state = 0;  // 0 unvisited, 1 on the stack, 2 done
  };
  std::map<std::string, Info, std::less<>> info;
  for (const auto& [name, m] : s.macros) {
    Info i;
    for (const auto& c : m.children) macro_calls(c, i.calls, i.own);
    info.emplace(name, std::move(i));
  }
  auto at = [&](const Node* n) { return SourcePos{s.file, n->line, n->col}; };
  bool ok = true;
  for (auto& [name, i] : info) {
    for (const auto& [callee, where] : i.calls)
      if (!info.count(callee)) {
        diags.error(at(where), "unknown macro \"" + callee + "\"");
        ok = false;
      }
  }
  if (!ok) return false;
  for (auto& [start, unused] : info) {
    if (info[start].state == 2) continue;
    std::vector<std::pair<std::string, std::size_t>> stack{{start, 0}};  // macro, next call to follow
    info[start].state = 1;
    while (!stack.empty()) {
      auto& [name, next] = stack.back();
      Info& cur = info.find(name)->second;
      if (next < cur.calls.size()) {
        const auto& [callee, where] = cur.calls[next++];
        Info& c = info.find(callee)->second;
        if (c.state == 1) {
          std::string chain;
          bool in = false;
          for (const auto& [n, k] : stack) {
            if (n == callee) in = true;
            if (in) chain += n + " → ";
          }
          diags.error(at(where), "macro \"" + callee + "\" calls itself (" + chain + callee + ")",
                      "a CSL macro may not call itself, directly or through others");
          return false;
        }
        if (c.state == 0) {
          c.state = 1;
          stack.emplace_back(callee, 0);
        }
        continue;
      }
      std::size_t total = cur.own;
      for (const auto& call : cur.calls)
        total = std::min(kMaxExpansion + 1, total + info.find(call.first)->second.expanded);
      cur.expanded = total;
      cur.state = 2;
      stack.pop_back();
    }
  }
  auto check_layout = [&](const std::optional<Node>& part, const char* what) {
    if (!part) return true;
    std::vector<std::pair<std::string, const Node*>> calls;
    std::size_t total = 0;
    macro_calls(*part, calls, total);
    for (const auto& call : calls) total = std::min(kMaxExpansion + 1, total + info.find(call.first)->second.expanded);
    if (total > kMaxExpansion) {
      diags.error(at(&*part),
                  std::string("the ") + what + " expands to more than " + std::to_string(kMaxExpansion) +
                      " elements through its macros",
                  "macros that each call the next several times grow exponentially");
      return false;
    }
    return true;
  };
  return check_layout(s.citation, "citation") && check_layout(s.bibliography, "bibliography");
}

}  // namespace

std::optional<Style> read_style(std::string_view xml, const std::string& file, Diagnostics& diags) {
  pugi::xml_document doc;
  if (!parse_xml(xml, file, diags, doc, "style")) return std::nullopt;
  Reader reader{file, diags, Lines(xml)};
  pugi::xml_node root = doc.document_element();
  if (!root || element_kind(root.name()) != El::Style) {
    diags.error(root ? reader.pos_of(root) : SourcePos{file, 1, 1}, "not a CSL style: the root element is not <style>");
    return std::nullopt;
  }
  Node top = reader.convert(root, 1);
  if (reader.failed) return std::nullopt;

  Style s;
  s.file = file;
  s.options = top.attrs;
  s.note = top.get("class") == "note";
  s.default_locale = std::string(top.get("default-locale"));
  for (auto& c : top.children) {
    switch (c.el) {
      case El::Info:
        for (const auto& i : c.children) {
          if (i.el == El::Id) s.id = i.text;
          if (i.el == El::Title) s.title = i.text;
          if (i.el == El::Link && i.get("rel") == "independent-parent") s.parent = std::string(i.get("href"));
        }
        break;
      case El::Macro: {
        std::string name(c.get("name"));
        if (name.empty()) {
          diags.error({file, c.line, c.col}, "a <macro> without a name");
          return std::nullopt;
        }
        if (s.macros.count(name)) {
          diags.error({file, c.line, c.col}, "macro \"" + name + "\" is defined twice");
          return std::nullopt;
        }
        s.macros.emplace(std::move(name), std::move(c));
        break;
      }
      case El::Citation:
        s.citation = std::move(c);
        break;
      case El::Bibliography:
        s.bibliography = std::move(c);
        break;
      case El::Locale:
        s.locales.push_back(std::move(c));
        break;
      default:
        break;
    }
  }
  if (s.parent.empty() && !s.citation) {
    diags.error({file, top.line, top.col}, "the style has no <citation> (and is not a dependent style)");
    return std::nullopt;
  }
  if (!check_macros(s, diags)) return std::nullopt;
  return s;
}

// ---- Locales ---------------------------------------------------------------------------------

const Locale::Term* Locale::term(std::string_view name, std::string_view form) const {
  std::string key;
  for (std::string_view f = form;;) {
    key.assign(name).append("/").append(f);
    if (auto it = terms.find(key); it != terms.end()) return &it->second;
    if (f == "verb-short")
      f = "verb";
    else if (f == "symbol")
      f = "short";
    else if (f == "verb" || f == "short")
      f = "long";
    else
      return nullptr;
  }
}

void Locale::apply(const Node& locale) {
  for (const auto& c : locale.children) {
    if (c.el == El::Terms) {
      for (const auto& t : c.children) {
        if (t.el != El::Term) continue;
        Term term;
        term.single = t.text;
        for (const auto& sm : t.children) {
          if (sm.el == El::Single) term.single = sm.text;
          if (sm.el == El::Multiple) term.multiple = sm.text;
        }
        if (term.multiple.empty() && t.children.empty()) term.multiple = term.single;
        term.match = std::string(t.get("match"));
        term.gender = std::string(t.get("gender"));
        std::string key = std::string(t.get("name")) + "/" + std::string(t.get("form", "long"));
        // A gendered ordinal ("ordinal-01" for feminine nouns) is kept under its own key.
        if (auto g = t.get("gender-form"); !g.empty()) key += "/" + std::string(g);
        terms[key] = std::move(term);
      }
    } else if (c.el == El::Date) {
      if (c.get("form") == "text") date_text = c;
      if (c.get("form") == "numeric") date_numeric = c;
    } else if (c.el == El::StyleOptions) {
      if (auto v = c.attr("punctuation-in-quote")) punctuation_in_quote = *v == "true";
      if (auto v = c.attr("limit-day-ordinals-to-day-1")) limit_day_ordinals_to_day_1 = *v == "true";
    }
  }
}

bool read_locale(std::string_view xml, const std::string& file, Locale& into, Diagnostics& diags) {
  pugi::xml_document doc;
  if (!parse_xml(xml, file, diags, doc, "locale")) return false;
  Reader reader{file, diags, Lines(xml)};
  pugi::xml_node root = doc.document_element();
  if (!root || element_kind(root.name()) != El::Locale) {
    diags.error({file, 1, 1}, "not a CSL locale: the root element is not <locale>");
    return false;
  }
  Node top = reader.convert(root, 1);
  if (reader.failed) return false;
  into.apply(top);
  if (auto lang = top.get("xml:lang"); !lang.empty()) into.lang = std::string(lang);
  return true;
}

std::string csl_data_dir() {
  if (const char* d = std::getenv("QUIRE_CSL_DIR"); d && *d) return d;
  return "/usr/share/citation-style-language";
}

namespace {

bool plain_id(std::string_view id) {
  if (id.empty() || id.front() == '.' || id.front() == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
  });
}

// The language's usual locale when a document says only "de" or "pt" (CSL's primary dialects).
std::string primary_dialect(std::string_view lang) {
  static const std::pair<std::string_view, std::string_view> table[] = {
      {"af", "af-ZA"}, {"ar", "ar"},    {"bg", "bg-BG"}, {"ca", "ca-AD"}, {"cs", "cs-CZ"}, {"cy", "cy-GB"},
      {"da", "da-DK"}, {"de", "de-DE"}, {"el", "el-GR"}, {"en", "en-US"}, {"es", "es-ES"}, {"et", "et-EE"},
      {"eu", "eu"},    {"fa", "fa-IR"}, {"fi", "fi-FI"}, {"fr", "fr-FR"}, {"he", "he-IL"}, {"hr", "hr-HR"},
      {"hu", "hu-HU"}, {"id", "id-ID"}, {"is", "is-IS"}, {"it", "it-IT"}, {"ja", "ja-JP"}, {"km", "km-KH"},
      {"ko", "ko-KR"}, {"la", "la"},    {"lt", "lt-LT"}, {"lv", "lv-LV"}, {"mn", "mn-MN"}, {"nb", "nb-NO"},
      {"nl", "nl-NL"}, {"nn", "nn-NO"}, {"pl", "pl-PL"}, {"pt", "pt-PT"}, {"ro", "ro-RO"}, {"ru", "ru-RU"},
      {"sk", "sk-SK"}, {"sl", "sl-SI"}, {"sr", "sr-RS"}, {"sv", "sv-SE"}, {"th", "th-TH"}, {"tr", "tr-TR"},
      {"uk", "uk-UA"}, {"vi", "vi-VN"}, {"zh", "zh-CN"},
  };
  for (const auto& [l, d] : table)
    if (l == lang) return std::string(d);
  return {};
}

std::optional<Style> read_style_file(const std::string& path, Diagnostics& diags, const SourcePos& at) {
  try {
    std::string text = io::read_file(path, kMaxStyleBytes + 1);
    return read_style(text, path, diags);
  } catch (const Error& e) {
    std::string message = e.what();
    if (message.find(path) == std::string::npos) message = path + ": " + message;
    diags.error(e.pos().known() ? e.pos() : at, "CSL style " + message);
    return std::nullopt;
  }
}

// Applies the locale file for `lang` if there is one; false when none exists.
bool apply_locale_file(const std::string& lang, Locale& locale, Diagnostics& diags) {
  if (lang.empty() || !plain_id(lang)) return false;
  std::string path = csl_data_dir() + "/locales/locales-" + lang + ".xml";
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  try {
    return read_locale(io::read_file(path, kMaxStyleBytes + 1), path, locale, diags);
  } catch (const Error& e) {
    diags.error({path, 0, 0}, e.what());
    return false;
  }
}

}  // namespace

std::optional<Style> load_style(const std::string& csl, const std::string& lang, const std::string& naming_file,
                                const io::Confinement& confine, const SourcePos& at, Diagnostics& diags) {
  int errors = diags.error_count();
  std::optional<Style> style;
  bool is_path = csl.find('/') != std::string::npos || (csl.size() > 4 && csl.ends_with(".csl"));
  std::string styles = csl_data_dir() + "/styles";
  if (is_path) {
    std::string path = io::resolve_relative(csl, naming_file);
    if (auto why = confine.violation(path, csl)) {
      diags.error(at, "CSL style " + *why);
      return std::nullopt;
    }
    style = read_style_file(path, diags, at);
  } else {
    std::error_code ec;
    std::string path = styles + "/" + csl + ".csl";
    if (!plain_id(csl)) {
      diags.error(at, "\"" + csl + "\" is not a CSL style id", "name a style id (apa) or a .csl file");
      return std::nullopt;
    }
    if (!fs::is_regular_file(path, ec)) path = styles + "/dependent/" + csl + ".csl";
    if (!fs::is_regular_file(path, ec)) {
      std::vector<std::string> ids;
      for (const auto& e : fs::directory_iterator(styles, ec))
        if (e.path().extension() == ".csl") ids.push_back(e.path().stem().string());
      std::string guess = closest_name(csl, ids);
      diags.error(at, "no CSL style \"" + csl + "\" in " + styles,
                  guess.empty()
                      ? (ids.empty() ? "install Debian's citation-style-language-styles, or name a .csl file"
                                     : "name a style id (apa, ieee, chicago-note-bibliography) or a .csl file")
                      : "did you mean \"" + guess + "\"?");
      return std::nullopt;
    }
    style = read_style_file(path, diags, at);
  }
  if (!style || diags.error_count() > errors) return std::nullopt;

  std::string default_locale = style->default_locale;
  if (!style->parent.empty()) {
    std::string parent = style->parent.substr(style->parent.find_last_of('/') + 1);
    std::string path = styles + "/" + parent + ".csl";
    std::error_code ec;
    if (!plain_id(parent) || !fs::is_regular_file(path, ec)) {
      diags.error(at, "the dependent CSL style \"" + csl + "\" names the parent \"" + style->parent +
                          "\", which is not installed");
      return std::nullopt;
    }
    auto p = read_style_file(path, diags, at);
    if (!p) return std::nullopt;
    if (!p->parent.empty()) {
      diags.error(at, "the parent of CSL style \"" + csl + "\" is itself a dependent style");
      return std::nullopt;
    }
    if (default_locale.empty()) default_locale = p->default_locale;
    std::string own_id = style->id, own_title = style->title;
    style = std::move(p);
    style->id = own_id;
    style->title = own_title;
  }

  // Locales, lowest priority first: en-US, the language's primary dialect, the exact locale, then the
  // style's own <locale> elements (without xml:lang, for the language, for the exact locale).
  std::string want = !lang.empty() ? lang : !default_locale.empty() ? default_locale : "en-US";
  std::string language = want.substr(0, want.find('-'));
  Locale& locale = style->locale;
  if (!apply_locale_file("en-US", locale, diags)) {
    diags.error(at, "no CSL locale en-US in " + csl_data_dir() + "/locales",
                "install Debian's citation-style-language-locales");
    return std::nullopt;
  }
  if (std::string primary = primary_dialect(language); !primary.empty() && primary != "en-US" && primary != want)
    apply_locale_file(primary, locale, diags);
  if (want != "en-US" && !apply_locale_file(want, locale, diags) && primary_dialect(language).empty())
    diags.warning(at, "no CSL locale for language \"" + want + "\"; using en-US");
  for (int pass = 0; pass < 3; ++pass)
    for (const auto& l : style->locales) {
      std::string_view ll = l.get("xml:lang");
      bool use = pass == 0 ? ll.empty() : pass == 1 ? (ll == language && ll != want) : (!ll.empty() && ll == want);
      if (use) locale.apply(l);
    }
  locale.lang = want;
  if (diags.error_count() > errors) return std::nullopt;
  return style;
}

}  // namespace quire::csl
