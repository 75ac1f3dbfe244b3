#pragma once
// The quire document model: the one contract between every stage and tool.
// Plain values, no pointers, comparable with ==; the YAML form is specified in docs/format.md.
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "quire/model/source_pos.hpp"

namespace quire::model {

// The major version of the YAML form (`quire: 1`); a reader refuses any other major.
inline constexpr int kFormatVersion = 1;

// ---- Inlines ---------------------------------------------------------------------------------
struct Inline;
using Inlines = std::vector<Inline>;

struct Text {
  std::string text;
  bool operator==(const Text&) const = default;
};  // plain text
struct Emph {
  Inlines content;
  bool operator==(const Emph&) const = default;
};  // emphasis (italic)
struct Strong {
  Inlines content;
  bool operator==(const Strong&) const = default;
};  // strong (bold)
struct Strike {
  Inlines content;
  bool operator==(const Strike&) const = default;
};  // strikethrough
struct Code {
  std::string text;
  bool operator==(const Code&) const = default;
};             // inline code
struct Link {  // hyperlink
  Inlines content;
  std::string url;
  std::string title;
  bool operator==(const Link&) const = default;
};
struct InlineImage {  // image inside text
  Inlines alt;
  std::string url;
  std::string title;
  bool operator==(const InlineImage&) const = default;
};
struct FootnoteRef {
  std::string label;
  bool operator==(const FootnoteRef&) const = default;
};  // [^label]
struct SoftBreak {
  bool operator==(const SoftBreak&) const = default;
};  // newline in source
struct LineBreak {
  bool operator==(const LineBreak&) const = default;
};             // hard line break
struct Span {  // pandoc's bracketed span, [text]{#id .class key=value}: `lang=` sets its language
  Inlines content;
  std::string id;
  std::vector<std::string> classes;
  std::vector<std::pair<std::string, std::string>> attributes;
  // The value of attribute `key`, or nullptr.
  const std::string* attribute(std::string_view key) const;
  bool operator==(const Span&) const = default;
};

// How a citation names its source's author (pandoc's citation modes).
enum class CiteMode {
  Normal,          // [@key]: (Author 2020)
  AuthorInText,    // @key: Author (2020)
  SuppressAuthor,  // [-@key]: (2020)
};
struct Citation {  // one source of a citation: "see @key, p. 33"
  std::string key;
  Inlines prefix;       // before the key ("see"), without the space before it
  std::string locator;  // "33", "33–35"; empty when none
  std::string label;    // the locator's CSL term ("page", "chapter", …); set exactly when locator is
  Inlines suffix;       // after the key and locator, as written (", and elsewhere")
  CiteMode mode = CiteMode::Normal;
  SourcePos pos;  // where "@key" is written
  bool operator==(const Citation&) const = default;
};
struct Cite {  // [see @a, p. 33; @b] or @a: sources cited together, rendered from a bibliography
  std::vector<Citation> items;
  bool operator==(const Cite&) const = default;
};

// Keys with these prefixes (fig:, tbl:, sec:, eq:) are cross-references, never citation keys: a Cite of
// them is resolved by compose into "Figure 3" (pandoc-crossref's rule), never by a bibliography.
bool is_cross_reference(std::string_view key);

struct Inline {
  std::variant<Text, Emph, Strong, Strike, Code, Link, InlineImage, FootnoteRef, SoftBreak, LineBreak, Span, Cite> node;
  bool operator==(const Inline&) const = default;
};

// Calls `f` on each list of inlines a citation holds (its items' prefixes and suffixes): for visitors
// that look into every inline.
template <class C, class F>
requires std::is_same_v<std::remove_const_t<C>, Cite>
void for_each_part(C& cite, F&& f) {
  for (auto& item : cite.items) {
    f(item.prefix);
    f(item.suffix);
  }
}

// ---- Metadata --------------------------------------------------------------------------------
// A YAML-like value tree. Scalars keep their YAML type so that a round trip keeps `draft: true`
// a boolean and `code: "007"` a string. Maps keep their key order.
struct MetaValue {
  // Declared here and defaulted below the class: clang (14) with libstdc++ 12 in C++20 mode cannot
  // instantiate vector<pair<string, MetaValue>> while MetaValue is incomplete (the fuzz build uses clang).
  MetaValue();
  MetaValue(const MetaValue&);
  MetaValue(MetaValue&&) noexcept;
  MetaValue& operator=(const MetaValue&);
  MetaValue& operator=(MetaValue&&) noexcept;
  ~MetaValue();

  enum class Kind { Null, Bool, Number, String, List, Map };
  Kind kind = Kind::Null;
  std::string scalar;  // Bool: "true"/"false"; Number: its text as written; String: the string
  std::vector<MetaValue> list;
  std::vector<std::pair<std::string, MetaValue>> map;
  SourcePos pos;

  static MetaValue string(std::string s) {
    MetaValue v;
    v.kind = Kind::String;
    v.scalar = std::move(s);
    return v;
  }
  bool is_scalar() const { return kind != Kind::List && kind != Kind::Map; }
  // Map lookup by key; nullptr when absent or when this is not a map.
  const MetaValue* find(std::string_view key) const;
  MetaValue* find(std::string_view key);
  // Sets (or replaces) a key of a map; turns a Null into a Map.
  void set(const std::string& key, MetaValue value);
  // Follows a dotted path ("recipient.address") through maps.
  const MetaValue* find_path(std::string_view dotted) const;
  // Scalars as text; lists joined with ", "; maps empty.
  std::string as_text() const;

  // Equality ignores pos.
  bool operator==(const MetaValue& o) const;
};
inline MetaValue::MetaValue() = default;
inline MetaValue::MetaValue(const MetaValue&) = default;
inline MetaValue::MetaValue(MetaValue&&) noexcept = default;
inline MetaValue& MetaValue::operator=(const MetaValue&) = default;
inline MetaValue& MetaValue::operator=(MetaValue&&) noexcept = default;
inline MetaValue::~MetaValue() = default;
inline bool MetaValue::operator==(const MetaValue& o) const {
  return kind == o.kind && scalar == o.scalar && list == o.list && map == o.map;
}

// ---- Blocks ----------------------------------------------------------------------------------
struct Block;
using Blocks = std::vector<Block>;

enum class Align { Default, Left, Center, Right };

struct Paragraph {
  Inlines content;
  bool operator==(const Paragraph&) const = default;
};
struct Heading {
  int level = 1;  // 1–6
  Inlines content;
  std::string id;  // anchor for links and cross-references; may be empty
  bool operator==(const Heading&) const = default;
};
struct ListItem {
  Blocks blocks;
  std::optional<bool> checked;  // set for task-list items: [x] true, [ ] false
  bool operator==(const ListItem&) const = default;
};
struct BulletList {
  std::vector<ListItem> items;
  bool tight = true;  // tight lists have no space between items
  bool operator==(const BulletList&) const = default;
};
struct OrderedList {
  std::vector<ListItem> items;
  int start = 1;
  bool tight = true;
  bool operator==(const OrderedList&) const = default;
};
struct BlockQuote {
  Blocks blocks;
  bool operator==(const BlockQuote&) const = default;
};
struct CodeBlock {
  std::string text;  // verbatim, ends with a newline unless empty
  std::string lang;  // info string's first word
  bool operator==(const CodeBlock&) const = default;
};
struct Table {
  std::vector<Align> aligns;    // one per column
  std::vector<Inlines> header;  // one cell per column
  std::vector<std::vector<Inlines>> rows;
  Inlines caption;     // pandoc's ": Caption" or "Table: Caption" paragraph; compose puts the number first
  std::string id;      // {#tbl:x} at the caption's end: a link target and a cross-reference label
  std::string number;  // set by compose when it numbers the table ("2", "3.1"); lists of tables show these
  // Each column's share of the text width (pandoc's ColWidth), or empty: layout sizes the columns. The
  // Markdown reader sets them from a pipe table's separator line when its source is wider than `columns`.
  std::vector<double> widths;
  bool operator==(const Table&) const = default;
};
struct ThematicBreak {
  bool operator==(const ThematicBreak&) const = default;
};
struct Image {  // a figure: an image standing alone as a paragraph
  std::string url;
  Inlines caption;  // from the alt text; compose puts the number first ("Figure 2: ")
  std::string title;
  // pandoc's attributes after the image, `{#fig:x .wide width=80% placement=here}`
  std::string id;  // a link target and a cross-reference label
  std::vector<std::string> classes;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string number;  // set by compose when it numbers the figure ("2", "3.1"); lists of figures show these
  // The value of attribute `key`, or nullptr.
  const std::string* attribute(std::string_view key) const;
  bool has_class(std::string_view name) const;
  bool operator==(const Image&) const = default;
};
struct PageBreak {
  bool operator==(const PageBreak&) const = default;
};
struct FootnoteDef {
  std::string label;  // matches FootnoteRef::label
  Blocks blocks;
  bool operator==(const FootnoteDef&) const = default;
};

// A container with attributes, as pandoc's fenced div (`::: {#id .class key="value"}`): its blocks are
// laid out as if written in its place. Compose removes divs marked for another audience.
struct Div {
  Blocks blocks;
  std::string id;                                               // a link target, like a heading's; may be empty
  std::vector<std::string> classes;                             // in the order written
  std::vector<std::pair<std::string, std::string>> attributes;  // key=value, in the order written
  // The value of attribute `key`, or nullptr.
  const std::string* attribute(std::string_view key) const;
  bool has_class(std::string_view name) const;
  bool operator==(const Div&) const = default;
};

struct Block {
  std::variant<Paragraph, Heading, BulletList, OrderedList, BlockQuote, CodeBlock, Table, ThematicBreak, Image,
               PageBreak, FootnoteDef, Div>
      node;
  SourcePos pos;      // where the block starts in the file the user wrote (`pos:` in YAML); optional
  SourcePos read_at;  // where a reader found it (the YAML line); never written out, ignored by ==

  bool operator==(const Block& o) const { return node == o.node && pos == o.pos; }
};

// Where to report a problem with a block: the user's own source when known, else where it was read.
inline const SourcePos& where(const Block& b) { return b.pos.known() ? b.pos : b.read_at; }

// ---- Document --------------------------------------------------------------------------------
struct Document {
  int version = kFormatVersion;
  MetaValue meta;  // a Map (or Null when there is no metadata)
  Blocks blocks;
  SourcePos pos;  // where this document starts in the stream it was read from
  bool operator==(const Document& o) const { return version == o.version && meta == o.meta && blocks == o.blocks; }
};

// The file the document's text came from: that of its first block with a `pos` (the Markdown file,
// also when the document travels through a pipe), else that of its metadata; "" for standard input.
// Paths the metadata names (a logo, a signature) are relative to it, as paths in the text are.
std::string source_file(const Document& doc);

// The plain text of inlines (emphasis dropped, breaks as spaces): for titles, outlines, ids.
std::string plain_text(const Inlines& inlines);

// A citation as text while no bibliography renders it: "(see smith04, p. 33; doe)", or "smith04" for
// an author-in-text citation ("smith04 (p. 33)" with a locator). docs/citations.md.
Inlines cite_fallback(const Cite& cite);

// Block kind names as used in YAML ("paragraph", "bullet-list", …) and messages.
const char* kind_name(const Block& block);
const char* kind_name(const Inline& in);

}  // namespace quire::model
