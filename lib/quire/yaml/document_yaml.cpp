#include "quire/yaml/document_yaml.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "quire/diag/edit_distance.hpp"
#include "quire/model/locator.hpp"
#include "quire/yaml/scalars.hpp"
#include "quire/yaml/tree.hpp"

namespace quire::yaml {

using namespace model;
using detail::Node;
using detail::Reporter;
using Kind = MetaValue::Kind;

namespace {

constexpr std::array<std::string_view, 12> kBlockKinds = {"paragraph", "heading",    "bullet-list", "ordered-list",
                                                          "quote",     "code",       "table",       "thematic-break",
                                                          "image",     "page-break", "footnote",    "div"};
constexpr std::array<std::string_view, 11> kInlineKinds = {
    "emph", "strong", "strike", "code", "link", "image", "footnote", "soft-break", "line-break", "span", "cite"};
constexpr std::array<std::string_view, 7> kCitationKeys = {"key",    "prefix", "locator", "label",
                                                           "suffix", "mode",   "pos"};
constexpr std::array<std::string_view, 3> kCiteModes = {"normal", "author-in-text", "suppress-author"};

template <class Names>
std::string did_you_mean(std::string_view word, const Names& names) {
  std::string best = closest_name(word, names);
  return best.empty() ? best : "did you mean \"" + best + "\"?";
}

template <class Names>
int index_of(std::string_view word, const Names& names) {
  auto it = std::find(names.begin(), names.end(), word);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

const char* type_name(const Node& n) {
  switch (n.type) {
    case Node::Type::Null:
      return "nothing";
    case Node::Type::Scalar:
      return "a scalar";
    case Node::Type::Seq:
      return "a list";
    default:
      return "a map";
  }
}

std::string quoted(std::string_view s) { return "\"" + std::string(s.substr(0, 80)) + "\""; }

std::optional<long long> plain_integer(const Node& n) {
  if (!n.is_scalar() || (!n.plain && n.tag != "tag:yaml.org,2002:int")) return std::nullopt;
  std::string_view s = n.value;
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  long long v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<bool> plain_bool(const Node& n) {
  if (!n.is_scalar() || (!n.plain && n.tag != "tag:yaml.org,2002:bool")) return std::nullopt;
  const auto& s = n.value;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

// Converts the YAML tree of one document into the model, reporting every problem it meets.
class Converter {
 public:
  explicit Converter(Reporter& report) : report_(report) {}

  Document document(const Node& root) {
    Document doc;
    doc.pos = root.pos;
    if (!root.is_map()) {
      report_.error(root.pos, std::string("a quire document must be a map, not ") + type_name(root));
      return doc;
    }
    if (!version_ok(root)) return doc;
    for (std::size_t i = 1; i < root.map_size(); ++i) {
      const Node& k = root.key_at(i);
      const Node& v = root.value_at(i);
      if (k.value == "meta" && k.is_scalar()) {
        if (v.is_map())
          doc.meta = meta(v);
        else if (!v.is_null())
          report_.error(v.pos, std::string("\"meta\" must be a map, not ") + type_name(v));
      } else if (k.value == "blocks" && k.is_scalar()) {
        doc.blocks = blocks(v, "blocks");
      } else if (!(k.value == "quire" && k.is_scalar())) {
        unknown_key(k, "document", std::array<std::string_view, 3>{"quire", "meta", "blocks"});
      }
    }
    if (!root.find("blocks")) report_.error(root.pos, "missing \"blocks\"");
    return doc;
  }

  MetaValue meta(const Node& n) {
    MetaValue v;
    v.pos = n.pos;
    switch (n.type) {
      case Node::Type::Null:
        break;
      case Node::Type::Scalar:
        meta_scalar(n, v);
        break;
      case Node::Type::Seq:
        v.kind = Kind::List;
        for (const auto& item : n.items) v.list.push_back(meta(item));
        break;
      case Node::Type::Map:
        v.kind = Kind::Map;
        for (std::size_t i = 0; i < n.map_size(); ++i) {
          if (!n.key_at(i).is_scalar()) {
            report_.error(n.key_at(i).pos, "metadata keys must be strings");
            continue;
          }
          v.map.emplace_back(n.key_at(i).value, meta(n.value_at(i)));
        }
        break;
    }
    return v;
  }

 private:
  Reporter& report_;

  bool version_ok(const Node& root) {
    const Node* version = root.find("quire");
    if (!version) {
      report_.error(root.pos, "missing format version 'quire: 1'");
      return false;
    }
    auto number = plain_integer(*version);
    if (!number || *number != kFormatVersion) {
      std::string shown = number                 ? std::to_string(*number)
                          : version->is_scalar() ? quoted(version->value)
                                                 : std::string(type_name(*version));
      report_.error(version->pos, "format version " + shown + " is not supported (this build reads " +
                                      std::to_string(kFormatVersion) + ")");
      return false;
    }
    if (!(root.key_at(0).is_scalar() && root.key_at(0).value == "quire"))
      report_.error(root.key_at(0).pos, "'quire: 1' must be the first key of a document");
    return true;
  }

  void meta_scalar(const Node& n, MetaValue& v) {
    static const std::string core = "tag:yaml.org,2002:";
    v.scalar = n.value;
    if (n.tag.empty())
      v.kind = n.plain ? detail::resolve_plain(n.value) : Kind::String;
    else if (n.tag == core + "int" || n.tag == core + "float")
      v.kind = Kind::Number;
    else if (n.tag == core + "bool")
      v.kind = Kind::Bool;
    else if (n.tag == core + "null")
      v.kind = Kind::Null;
    else
      v.kind = Kind::String;
    if (v.kind == Kind::Number && detail::resolve_plain(n.value) != Kind::Number)
      report_.error(n.pos, quoted(n.value) + " is not a number");
    if (v.kind == Kind::Bool) {
      auto b = plain_bool(n);
      if (!b) report_.error(n.pos, quoted(n.value) + " is not true or false");
      v.scalar = b.value_or(false) ? "true" : "false";
    }
    if (v.kind == Kind::Null) v.scalar.clear();
  }

  template <class Names>
  void unknown_key(const Node& key, std::string_view where, const Names& names) {
    if (!key.is_scalar()) {
      report_.error(key.pos, "keys must be strings");
      return;
    }
    report_.error(key.pos, "unknown key " + quoted(key.value) + " in " + std::string(where),
                  did_you_mean(key.value, names));
  }

  std::string text(const Node& n, std::string_view what) {
    if (n.is_scalar()) return n.value;
    if (!n.is_null()) report_.error(n.pos, quoted(what) + " must be a string, not " + type_name(n));
    return {};
  }

  int integer(const Node& n, std::string_view what, long long lo, long long hi) {
    auto v = plain_integer(n);
    if (v && *v >= lo && *v <= hi) return static_cast<int>(*v);
    report_.error(n.pos, quoted(what) + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
    return static_cast<int>(lo);
  }

  bool boolean(const Node& n, std::string_view what) {
    auto v = plain_bool(n);
    if (!v) report_.error(n.pos, quoted(what) + " must be true or false");
    return v.value_or(false);
  }

  // ---- Blocks ----
  Blocks blocks(const Node& n, std::string_view what) {
    Blocks out;
    if (!n.is_seq()) {
      report_.error(n.pos, quoted(what) + " must be a list of blocks, not " + type_name(n));
      return out;
    }
    out.reserve(n.items.size());
    for (const auto& item : n.items) out.push_back(block(item));
    return out;
  }

  // Attribute keys per block kind (indexed like kBlockKinds), besides "pos".
  static std::vector<std::string_view> block_attributes(int kind) {
    switch (kind) {
      case 1:
        return {"level", "id"};
      case 2:
        return {"tight"};
      case 3:
        return {"start", "tight"};
      case 5:
        return {"lang"};
      case 8:
        return {"url", "title", "id", "classes", "attributes", "number"};
      case 10:
        return {"label"};
      case 11:
        return {"id", "classes", "attributes"};
      default:
        return {};
    }
  }

  void unknown_block(const Node& key) {
    report_.error(key.pos, "unknown block " + quoted(key.value), did_you_mean(key.value, kBlockKinds));
  }

  // The index of the one kind key of a block or inline map (-1 after reporting why there is none).
  template <class Names>
  int kind_of(const Node& n, const Names& kinds, std::string_view what) {
    int kind = -1;
    for (std::size_t i = 0; i < n.map_size(); ++i) {
      int k = n.key_at(i).is_scalar() ? index_of(n.key_at(i).value, kinds) : -1;
      if (k < 0) continue;
      if (kind >= 0) {
        report_.error(n.key_at(i).pos,
                      std::string(what) + " has two kinds " + quoted(kinds[kind]) + " and " + quoted(kinds[k]));
        return -1;
      }
      kind = k;
    }
    if (kind >= 0) return kind;
    static constexpr std::array<std::string_view, 9> attributes = {"pos",  "level", "id",      "tight",     "start",
                                                                   "lang", "label", "classes", "attributes"};
    for (std::size_t i = 0; i < n.map_size(); ++i) {
      const Node& k = n.key_at(i);
      bool attribute = k.is_scalar() && (index_of(k.value, attributes) >= 0 || k.value == "url" || k.value == "title");
      if (!attribute && k.is_scalar()) {
        report_.error(k.pos, "unknown " + std::string(what) + " " + quoted(k.value), did_you_mean(k.value, kinds));
        return -1;
      }
    }
    report_.error(n.pos, std::string(what) + " has no kind key");
    return -1;
  }

  Block block(const Node& n) {
    Block b;
    b.read_at = n.pos;
    if (n.is_scalar()) {
      if (n.value == "thematic-break")
        b.node = ThematicBreak{};
      else if (n.value == "page-break")
        b.node = PageBreak{};
      else if (index_of(n.value, kBlockKinds) >= 0)
        report_.error(n.pos, "block " + quoted(n.value) + " needs content: write it as a map");
      else
        unknown_block(n);
      return b;
    }
    if (!n.is_map()) {
      report_.error(n.pos, std::string("a block must be a map, not ") + type_name(n));
      return b;
    }
    int kind = kind_of(n, kBlockKinds, "block");
    if (kind < 0) return b;
    auto allowed = block_attributes(kind);
    allowed.push_back("pos");
    for (std::size_t i = 0; i < n.map_size(); ++i) {
      const Node& k = n.key_at(i);
      if (k.is_scalar() && (k.value == kBlockKinds[kind] || index_of(k.value, allowed) >= 0)) continue;
      unknown_key(k, "block " + quoted(kBlockKinds[kind]), allowed);
    }
    if (const Node* pos = n.find("pos")) read_pos(*pos, b.pos);
    block_content(kind, *n.find(kBlockKinds[kind]), n, b);
    return b;
  }

  void read_pos(const Node& n, SourcePos& out) {
    auto s = text(n, "pos");
    if (!parse_pos(s, out)) {
      report_.error(n.pos, "malformed \"pos\" " + quoted(s), "expected FILE:LINE:COL");
      return;
    }
    if (out.file == "<unknown>") out.file.clear();  // what to_string() writes for an empty file name
  }

  std::string optional_text(const Node& map, std::string_view key) {
    const Node* v = map.find(key);
    return v ? text(*v, key) : std::string();
  }

  std::string required_text(const Node& map, std::string_view key, std::string_view where) {
    const Node* v = map.find(key);
    if (!v) report_.error(map.pos, "missing " + quoted(key) + " in " + std::string(where));
    return v ? text(*v, key) : std::string();
  }

  void block_content(int kind, const Node& v, const Node& map, Block& b) {
    switch (kind) {
      case 0:
        b.node = Paragraph{inlines(v)};
        break;
      case 1: {
        Heading h;
        h.content = inlines(v);
        if (const Node* level = map.find("level")) h.level = integer(*level, "level", 1, 6);
        h.id = optional_text(map, "id");
        b.node = std::move(h);
        break;
      }
      case 2: {
        BulletList l;
        l.items = items(v);
        if (const Node* tight = map.find("tight")) l.tight = boolean(*tight, "tight");
        b.node = std::move(l);
        break;
      }
      case 3: {
        OrderedList l;
        l.items = items(v);
        if (const Node* start = map.find("start")) l.start = integer(*start, "start", 0, 999'999'999);
        if (const Node* tight = map.find("tight")) l.tight = boolean(*tight, "tight");
        b.node = std::move(l);
        break;
      }
      case 4:
        b.node = BlockQuote{blocks(v, "quote")};
        break;
      case 5:
        b.node = CodeBlock{text(v, "code"), optional_text(map, "lang")};
        break;
      case 6:
        b.node = table(v);
        break;
      case 7:
        no_value(v, "thematic-break"), b.node = ThematicBreak{};
        break;
      case 8: {
        Image image;
        image.caption = inlines(v);
        image.url = required_text(map, "url", "image");
        image.title = optional_text(map, "title");
        attributes(map, image);
        image.number = optional_text(map, "number");
        b.node = std::move(image);
        break;
      }
      case 9:
        no_value(v, "page-break"), b.node = PageBreak{};
        break;
      case 10: {
        FootnoteDef f;
        f.blocks = blocks(v, "footnote");
        f.label = required_text(map, "label", "footnote");
        b.node = std::move(f);
        break;
      }
      default:
        b.node = div(v, map);
    }
  }

  Div div(const Node& v, const Node& map) {
    Div d;
    d.blocks = blocks(v, "div");
    attributes(map, d);
    return d;
  }

  // `id`, `classes` and `attributes` of a div or span.
  template <class Target>
  void attributes(const Node& map, Target& d) {
    d.id = optional_text(map, "id");
    if (const Node* classes = map.find("classes")) {
      if (!classes->is_seq())
        report_.error(classes->pos, std::string("\"classes\" must be a list of strings, not ") + type_name(*classes));
      else
        for (const auto& c : classes->items) d.classes.push_back(text(c, "classes"));
    }
    if (const Node* attributes = map.find("attributes")) {
      if (!attributes->is_map())
        report_.error(attributes->pos, std::string("\"attributes\" must be a map, not ") + type_name(*attributes));
      else
        for (std::size_t i = 0; i < attributes->map_size(); ++i) {
          const Node& k = attributes->key_at(i);
          if (!k.is_scalar()) {
            report_.error(k.pos, "keys must be strings");
            continue;
          }
          d.attributes.emplace_back(k.value, text(attributes->value_at(i), k.value));
        }
    }
  }

  void no_value(const Node& v, std::string_view kind) {
    if (!v.is_null()) report_.error(v.pos, quoted(kind) + " takes no value (write ~)");
  }

  std::vector<ListItem> items(const Node& n) {
    std::vector<ListItem> out;
    if (!n.is_seq()) {
      report_.error(n.pos, std::string("list items must be a list, not ") + type_name(n));
      return out;
    }
    for (const auto& item : n.items) {
      ListItem li;
      if (item.is_seq()) {
        li.blocks = blocks(item, "item");
      } else if (item.is_map()) {
        task_item(item, li);
      } else {
        report_.error(item.pos, "a list item must be a list of blocks or a map with \"checked\" and \"blocks\"");
      }
      out.push_back(std::move(li));
    }
    return out;
  }

  void task_item(const Node& item, ListItem& li) {
    static constexpr std::array<std::string_view, 2> keys = {"checked", "blocks"};
    for (std::size_t i = 0; i < item.map_size(); ++i)
      if (!(item.key_at(i).is_scalar() && index_of(item.key_at(i).value, keys) >= 0))
        unknown_key(item.key_at(i), "list item", keys);
    if (const Node* checked = item.find("checked"))
      li.checked = boolean(*checked, "checked");
    else
      report_.error(item.pos, "missing \"checked\" in list item");
    if (const Node* b = item.find("blocks"))
      li.blocks = blocks(*b, "blocks");
    else
      report_.error(item.pos, "missing \"blocks\" in list item");
  }

  Table table(const Node& n) {
    Table t;
    if (!n.is_map()) {
      report_.error(
          n.pos, std::string("\"table\" must be a map with \"align\", \"header\" and \"rows\", not ") + type_name(n));
      return t;
    }
    static constexpr std::array<std::string_view, 7> keys = {"align",   "widths", "header", "rows",
                                                             "caption", "id",     "number"};
    for (std::size_t i = 0; i < n.map_size(); ++i)
      if (!(n.key_at(i).is_scalar() && index_of(n.key_at(i).value, keys) >= 0)) unknown_key(n.key_at(i), "table", keys);
    for (auto key : {"align", "header", "rows"})
      if (!n.find(key)) report_.error(n.pos, "missing " + quoted(key) + " in table");
    if (const Node* caption = n.find("caption")) t.caption = inlines(*caption);
    t.id = optional_text(n, "id");
    t.number = optional_text(n, "number");
    if (const Node* align = n.find("align")) t.aligns = aligns(*align);
    if (const Node* widths = n.find("widths")) t.widths = column_widths(*widths);
    if (const Node* header = n.find("header")) t.header = cells(*header);
    if (const Node* rows = n.find("rows")) {
      if (!rows->is_seq())
        report_.error(rows->pos, std::string("\"rows\" must be a list, not ") + type_name(*rows));
      else
        for (const auto& row : rows->items) t.rows.push_back(cells(row));
    }
    return t;
  }

  std::vector<Align> aligns(const Node& n) {
    static constexpr std::array<std::string_view, 4> names = {"default", "left", "center", "right"};
    std::vector<Align> out;
    if (!n.is_seq()) {
      report_.error(n.pos, std::string("\"align\" must be a list, not ") + type_name(n));
      return out;
    }
    for (const auto& item : n.items) {
      int i = item.is_scalar() ? index_of(item.value, names) : -1;
      if (i < 0)
        report_.error(item.pos, "alignment must be left, right, center or default",
                      item.is_scalar() ? did_you_mean(item.value, names) : std::string());
      out.push_back(static_cast<Align>(std::max(i, 0)));
    }
    return out;
  }

  // Each a share of the text width: a number greater than 0, at most 1.
  std::vector<double> column_widths(const Node& n) {
    std::vector<double> out;
    if (!n.is_seq()) {
      report_.error(n.pos, std::string("\"widths\" must be a list, not ") + type_name(n));
      return out;
    }
    for (const auto& item : n.items) {
      double w = 0;
      const char* end = item.is_scalar() ? item.value.data() + item.value.size() : nullptr;
      auto [at, ec] = end ? std::from_chars(item.value.data(), end, w) : std::from_chars_result{nullptr, {}};
      if (!end || ec != std::errc() || at != end || !(w > 0 && w <= 1)) {
        report_.error(item.pos,
                      "a column width must be a number greater than 0 and at most 1 (a share of the "
                      "text width)");
        w = 0;
      }
      out.push_back(w);
    }
    return out;
  }

  std::vector<Inlines> cells(const Node& n) {
    std::vector<Inlines> out;
    if (!n.is_seq()) {
      report_.error(n.pos, std::string("a table row must be a list of cells, not ") + type_name(n));
      return out;
    }
    for (const auto& cell : n.items) out.push_back(inlines(cell));
    return out;
  }

  // ---- Inlines ----
  Inlines inlines(const Node& n) {
    Inlines out;
    if (n.is_null()) return out;
    if (n.is_scalar()) {
      if (!n.value.empty()) out.push_back({Text{n.value}});
      return out;
    }
    if (!n.is_seq()) {
      report_.error(n.pos, std::string("inlines must be a string or a list, not ") + type_name(n));
      return out;
    }
    out.reserve(n.items.size());
    for (const auto& item : n.items) out.push_back(inline_item(item));
    return out;
  }

  Inline inline_item(const Node& n) {
    if (n.is_scalar()) return {Text{n.value}};
    if (!n.is_map()) {
      report_.error(n.pos, std::string("an inline must be a string or a map, not ") + type_name(n));
      return {Text{}};
    }
    int kind = kind_of(n, kInlineKinds, "inline");
    if (kind < 0) return {Text{}};
    std::vector<std::string_view> allowed{kInlineKinds[kind]};
    if (kind == 4 || kind == 5) allowed.insert(allowed.end(), {"url", "title"});
    if (kind == 9) allowed.insert(allowed.end(), {"id", "classes", "attributes"});
    for (std::size_t i = 0; i < n.map_size(); ++i)
      if (!(n.key_at(i).is_scalar() && index_of(n.key_at(i).value, allowed) >= 0))
        unknown_key(n.key_at(i), "inline " + quoted(kInlineKinds[kind]), allowed);
    const Node& v = *n.find(kInlineKinds[kind]);
    switch (kind) {
      case 0:
        return {Emph{inlines(v)}};
      case 1:
        return {Strong{inlines(v)}};
      case 2:
        return {Strike{inlines(v)}};
      case 3:
        return {Code{text(v, "code")}};
      case 4:
        return {Link{inlines(v), required_text(n, "url", "link"), optional_text(n, "title")}};
      case 5:
        return {InlineImage{inlines(v), required_text(n, "url", "image"), optional_text(n, "title")}};
      case 6:
        return {FootnoteRef{text(v, "footnote")}};
      case 7:
        no_value(v, "soft-break");
        return {SoftBreak{}};
      case 8:
        no_value(v, "line-break");
        return {LineBreak{}};
      case 9: {
        model::Span span;
        span.content = inlines(v);
        attributes(n, span);
        return {std::move(span)};
      }
      default:
        return {cite(v)};
    }
  }

  // {cite: [{key: a, prefix: …, locator: "33", label: page, suffix: …, mode: …, pos: …}, …]}
  model::Cite cite(const Node& v) {
    model::Cite c;
    if (!v.is_seq() || v.items.empty()) {
      report_.error(v.pos, "\"cite\" must be a list of citations ({key: …}), not " + std::string(type_name(v)));
      return c;
    }
    for (const auto& item : v.items) c.items.push_back(citation(item));
    return c;
  }

  model::Citation citation(const Node& n) {
    model::Citation c;
    if (!n.is_map()) {
      report_.error(n.pos, std::string("a citation must be a map with a \"key\", not ") + type_name(n));
      return c;
    }
    for (std::size_t i = 0; i < n.map_size(); ++i)
      if (!(n.key_at(i).is_scalar() && index_of(n.key_at(i).value, kCitationKeys) >= 0))
        unknown_key(n.key_at(i), "citation", kCitationKeys);
    c.key = required_text(n, "key", "citation");
    if (const Node* p = n.find("prefix")) c.prefix = inlines(*p);
    if (const Node* s = n.find("suffix")) c.suffix = inlines(*s);
    c.locator = optional_text(n, "locator");
    if (const Node* label = n.find("label")) {
      c.label = text(*label, "label");
      if (!model::locator_term(c.label))
        report_.error(label->pos, "unknown locator label " + quoted(c.label),
                      did_you_mean(c.label, model::locator_term_names()));
      else if (c.locator.empty())
        report_.error(label->pos, "a locator label needs a \"locator\"");
    }
    if (!c.locator.empty() && c.label.empty()) c.label = "page";
    if (const Node* mode = n.find("mode")) {
      int m = mode->is_scalar() ? index_of(mode->value, kCiteModes) : -1;
      if (m < 0)
        report_.error(mode->pos, "citation mode must be normal, author-in-text or suppress-author",
                      mode->is_scalar() ? did_you_mean(mode->value, kCiteModes) : std::string());
      c.mode = static_cast<model::CiteMode>(std::max(m, 0));
    }
    if (const Node* pos = n.find("pos")) read_pos(*pos, c.pos);
    return c;
  }
};

// A line that is a document marker at column 0: "---" or "..." alone or followed by blanks or a comment.
// For "--- content" the content stays, so it is returned through `rest` (with the marker blanked).
enum class Marker { None, Start, End };

Marker marker(std::string_view line, std::string* rest) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  bool start = line.substr(0, 3) == "---";
  if (!start && line.substr(0, 3) != "...") return Marker::None;
  if (line.size() > 3 && line[3] != ' ' && line[3] != '\t') return Marker::None;
  auto after = line.substr(3);
  auto first = after.find_first_not_of(" \t");
  if (start && first != std::string_view::npos && after[first] != '#') *rest = "   " + std::string(after);
  return start ? Marker::Start : Marker::End;
}

bool has_content(std::string_view line) {
  auto first = line.find_first_not_of(" \t\r");
  return first != std::string_view::npos && line[first] != '#';
}

}  // namespace

// ---- StreamReader ------------------------------------------------------------------------------

struct StreamReader::Impl {
  std::istream& in;
  std::string file;
  ReadLimits limits;
  std::string text;  // the current document
  Node root;         // its YAML tree, kept for last_value()
  int line_no = 0;   // lines read so far
  std::size_t documents = 0;
  bool at_end = false;
  std::optional<std::string> pending;  // the first line of the next document ("--- content")

  Impl(std::istream& i, std::string f, ReadLimits l) : in(i), file(std::move(f)), limits(l) {}

  // Reads a line without its '\n', keeping at most `cap` bytes of it; false at the end of input.
  bool read_line(std::string& out, std::size_t cap, bool& truncated) {
    out.clear();
    truncated = false;
    auto* buf = in.rdbuf();
    bool any = false;
    for (;;) {
      int c = buf->sbumpc();
      if (c == std::char_traits<char>::eof()) return any;
      any = true;
      if (c == '\n') return true;
      if (out.size() < cap)
        out.push_back(static_cast<char>(c));
      else
        truncated = true;
    }
  }

  // Collects the next document's lines into `text`; false when the stream holds no more documents.
  bool next_chunk(int& first_line, bool& too_big) {
    text.clear();
    too_big = false;
    bool content = false;
    std::string line;
    std::size_t cap = limits.max_document_bytes;
    while (true) {
      bool truncated = false;
      if (pending) {
        line = std::move(*pending);
        pending.reset();
      } else {
        if (at_end || !read_line(line, cap + 1, truncated)) {
          at_end = true;
          return content;
        }
        ++line_no;
        if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a BOM
        std::string rest;
        if (Marker m = marker(line, &rest); m != Marker::None) {
          if (!rest.empty()) pending = std::move(rest);
          if (content) return true;
          text.clear();
          too_big = false;
          continue;
        }
      }
      if (text.empty() && !too_big) first_line = line_no;
      content = content || has_content(line);
      if (too_big || truncated || text.size() + line.size() + 1 > cap) {
        if (!too_big) text = std::string();  // give the memory back; the rest is skipped
        too_big = true;
        continue;
      }
      text += line;
      text += '\n';
    }
  }
};

StreamReader::StreamReader(std::istream& in, std::string file_name, ReadLimits limits)
    : impl_(new Impl(in, std::move(file_name), limits)) {}

StreamReader::~StreamReader() { delete impl_; }

const std::string& StreamReader::last_text() const { return impl_->text; }

MetaValue StreamReader::last_value(Diagnostics& diags) const {
  Reporter report(diags);
  return Converter(report).meta(impl_->root);
}

std::optional<Document> StreamReader::next(Diagnostics& diags) {
  auto& s = *impl_;
  while (true) {
    int first_line = s.line_no + 1;
    bool too_big = false;
    if (!s.next_chunk(first_line, too_big)) return std::nullopt;
    Reporter report(diags);
    SourcePos start{s.file, first_line, 1};
    if (++s.documents > s.limits.max_documents) {
      report.error(start, "more than " + std::to_string(s.limits.max_documents) + " documents in one stream");
      s.at_end = true;
      s.pending.reset();
      return std::nullopt;
    }
    if (too_big) {
      report.error(start,
                   "document is larger than the limit of " + std::to_string(s.limits.max_document_bytes) + " bytes");
      Document doc;
      doc.pos = start;
      return doc;
    }
    s.root = detail::parse({s.text, s.file, first_line, s.limits.max_depth}, report);
    const Node& root = s.root;
    if (root.is_null() && report.count() == 0) continue;  // only a directive or `~`: nothing to read
    if (root.is_null()) {
      Document doc;
      doc.pos = start;
      return doc;
    }
    if (const Node* reason = root.is_map() ? root.find("quire-abort") : nullptr) {
      report.error(reason->pos, "the stream ends early: the stage that wrote it failed (" +
                                    (reason->is_scalar() ? reason->value : std::string("no reason given")) + ")");
      s.at_end = true;
      s.pending.reset();
      return std::nullopt;
    }
    return Converter(report).document(root);
  }
}

// ---- Metadata ----------------------------------------------------------------------------------

namespace {

MetaValue meta_from(const Node& root, const std::string& file, int first_line, Reporter& report) {
  MetaValue empty;
  empty.kind = Kind::Map;
  empty.pos = {file, first_line, 1};
  if (root.is_null()) return empty;
  if (!root.is_map()) {
    report.error(root.pos, std::string("metadata must be a map, not ") + type_name(root));
    return empty;
  }
  return Converter(report).meta(root);
}

}  // namespace

MetaValue read_meta(const std::string& text, const std::string& file, int first_line, Diagnostics& diags) {
  Reporter report(diags);
  Node root = detail::parse({text, file, first_line, ReadLimits{}.max_depth}, report);
  return meta_from(root, file, first_line, report);
}

std::optional<MetaValue> read_front_matter(const std::string& text, const std::string& file, int first_line,
                                           Diagnostics& diags) {
  Diagnostics found;
  Reporter quiet(found);
  Node root = detail::parse({text, file, first_line, ReadLimits{}.max_depth}, quiet);
  if (found.all().empty() && !root.is_null() && !root.is_map()) return std::nullopt;
  for (const auto& d : found.all()) diags.add(d);
  Reporter report(diags);
  return meta_from(root, file, first_line, report);
}

MetaValue read_value(const std::string& text, const std::string& file, int first_line, Diagnostics& diags) {
  Reporter report(diags);
  Node root = detail::parse({text, file, first_line, ReadLimits{}.max_depth}, report);
  MetaValue v = Converter(report).meta(root);
  if (root.is_null() && !root.pos.known()) v.pos = {file, first_line, 1};
  return v;
}

MetaValue typed_scalar(const std::string& text) {
  MetaValue v;
  v.kind = text.empty() ? Kind::String : detail::resolve_plain(text);
  v.scalar = text;
  if (v.kind == Kind::Bool) v.scalar = text[0] == 't' || text[0] == 'T' ? "true" : "false";
  if (v.kind == Kind::Null) v.scalar.clear();
  return v;
}

}  // namespace quire::yaml
