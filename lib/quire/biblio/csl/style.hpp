#pragma once
// CSL 1.0.2 styles and locales, read from their XML (the only includer of pugixml is style.cpp).
// A style is kept as a tree of elements (Node) that the processor (processor.hpp) interprets; reading
// checks what would make interpreting it unbounded: nesting deeper than kMaxDepth, macros that call
// themselves, macros that expand to more than kMaxExpansion elements, DOCTYPEs (entities are never
// expanded, and a style that declares them is refused). docs/citations.md, "Styles".
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/io/confine.hpp"

namespace quire::csl {

inline constexpr int kMaxDepth = 64;                     // elements inside elements
inline constexpr std::size_t kMaxStyleBytes = 4u << 20;  // the largest real styles are ~200 KB
inline constexpr std::size_t kMaxElements = 200'000;     // elements in one file
inline constexpr std::size_t kMaxExpansion = 1'000'000;  // elements a layout visits with its macros expanded

// The CSL elements quire interprets; anything else is Unknown (and ignored where CSL allows it).
enum class El : std::uint8_t {
  Unknown,
  Style,
  Info,
  Locale,
  Macro,
  Citation,
  Bibliography,
  Layout,
  Sort,
  Key,
  Text,
  Number,
  Label,
  Group,
  Choose,
  If,
  ElseIf,
  Else,
  Names,
  Name,
  NamePart,
  EtAl,
  Substitute,
  Date,
  DatePart,
  Terms,
  Term,
  Single,
  Multiple,
  StyleOptions,
  Link,
  Id,
  Title,
};

struct Node {
  El el = El::Unknown;
  std::vector<std::pair<std::string, std::string>> attrs;
  std::vector<Node> children;
  std::string text;  // character content (a term's text, an info element's)
  int line = 0, col = 0;
  bool decorated = false;  // has affixes, formatting, quotes, text-case or strip-periods (set by the reader)

  // An attribute's value, or nullptr.
  const std::string* attr(std::string_view name) const;
  // An attribute's value, or `fallback` when absent.
  std::string_view get(std::string_view name, std::string_view fallback = {}) const;
  bool is(std::string_view name, std::string_view value) const { return get(name) == value; }
};

// A locale's terms, date formats and options, merged from the locale files and the style's own
// <locale> elements (the style's win).
struct Locale {
  std::string lang;  // "en-US"
  struct Term {
    std::string single, multiple;
    std::string match;   // ordinals: "last-digit", "last-two-digits", "whole-number"
    std::string gender;  // "masculine", "feminine" (nouns), or empty
  };
  std::map<std::string, Term, std::less<>> terms;  // key: "name/form" (form: long, short, verb, verb-short, symbol)
  std::optional<Node> date_text, date_numeric;
  bool punctuation_in_quote = false;
  bool limit_day_ordinals_to_day_1 = false;

  // The term in `form`, falling back as CSL says (verb-short → verb → long, symbol → short → long,
  // short → long); nullptr when the locale lacks it.
  const Term* term(std::string_view name, std::string_view form = "long") const;
  // Adds (or replaces) the terms, dates and options of a <locale> element.
  void apply(const Node& locale);
};

struct Style {
  std::string file;    // where it was read from
  std::string id;      // <info><id>
  std::string title;   // <info><title>
  std::string parent;  // a dependent style's independent parent (its id); empty for an independent style
  bool note = false;   // class="note"
  std::string default_locale;
  std::vector<std::pair<std::string, std::string>> options;  // the <style> element's attributes
  std::map<std::string, Node, std::less<>> macros;
  std::optional<Node> citation, bibliography;
  std::vector<Node> locales;  // the style's own <locale> elements
  Locale locale;              // filled by load_style

  const Node* macro(std::string_view name) const;
  std::string_view option(std::string_view name, std::string_view fallback = {}) const;
};

// Reads a style's XML. Problems are errors at FILE:LINE:COL in `diags`; nullopt when it cannot be used.
std::optional<Style> read_style(std::string_view xml, const std::string& file, Diagnostics& diags);

// Reads a locale file's XML (<locale xml:lang="…">) into `into` (applied on top of what it holds).
bool read_locale(std::string_view xml, const std::string& file, Locale& into, Diagnostics& diags);

// Where Debian's citation-style-language-styles and -locales live ($QUIRE_CSL_DIR overrides it for tests).
std::string csl_data_dir();

// The style `csl` names: a path to a .csl file (written with a '/' or ending in ".csl"; relative to
// `naming_file`, inside `confine`), else a style id ("apa", "chicago-note-bibliography") looked up among
// the installed styles. A dependent style is followed to its parent (its default-locale kept). The locale
// is `lang` ("de-DE", "fr"), else the style's default-locale, else en-US, with the style's own <locale>
// overrides. Errors go to `diags` at `at`; nullopt then.
std::optional<Style> load_style(const std::string& csl, const std::string& lang, const std::string& naming_file,
                                const io::Confinement& confine, const SourcePos& at, Diagnostics& diags);

// The default style when a document names none: Chicago author-date, as in pandoc.
inline constexpr const char* kDefaultStyle = "chicago-author-date";

}  // namespace quire::csl
