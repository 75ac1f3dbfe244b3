// pandoc's JSON AST → quire's model. The JSON arrives as events (quire/json); a small tree is built
// for one top-level block at a time, converted, and dropped.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <functional>
#include <set>
#include <type_traits>
#include <utility>

#include "quire/json/json.hpp"
#include "quire/markdown/citations.hpp"
#include "quire/pandoc/pandoc.hpp"
#include "quire/yaml/document_yaml.hpp"

namespace quire::pandoc {

namespace {

using model::Block;
using model::Blocks;
using model::Inline;
using model::Inlines;
using model::MetaValue;

// One JSON value with where it starts.
struct Node {
  enum class Kind : std::uint8_t { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  int line = 0, col = 0;
  std::string text;               // String; Number as written; Bool "true"/"false"
  std::vector<Node> items;        // Array items, Object values
  std::vector<std::string> keys;  // Object keys, one per item

  const Node* get(std::string_view key) const {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == key) return &items[i];
    return nullptr;
  }
};

// Builds Nodes from the reader's events; hands over each top-level block of "blocks" and each other
// top-level member as soon as it is complete.
class TreeBuilder : public json::Handler {
 public:
  explicit TreeBuilder(std::string name) : name_(std::move(name)) {}
  std::function<void(Node&)> on_block;
  std::function<void(const std::string&, Node&)> on_member;
  bool saw_root_object = false;

  void null(const SourcePos& at) override { add(scalar(Node::Kind::Null, {}, at)); }
  void boolean(bool b, const SourcePos& at) override { add(scalar(Node::Kind::Bool, b ? "true" : "false", at)); }
  void number(std::string_view t, const SourcePos& at) override { add(scalar(Node::Kind::Number, std::string(t), at)); }
  void string(std::string_view s, const SourcePos& at) override { add(scalar(Node::Kind::String, std::string(s), at)); }
  void key(std::string_view k, const SourcePos&) override { key_ = k; }
  void start_object(const SourcePos& at) override { open(Node::Kind::Object, at); }
  void start_array(const SourcePos& at) override { open(Node::Kind::Array, at); }
  void end_object() override { close(); }
  void end_array() override { close(); }

 private:
  static Node scalar(Node::Kind kind, std::string text, const SourcePos& at) {
    Node n;
    n.kind = kind;
    n.text = std::move(text);
    n.line = at.line;
    n.col = at.col;
    return n;
  }
  void open(Node::Kind kind, const SourcePos& at) {
    Node n;
    n.kind = kind;
    n.line = at.line;
    n.col = at.col;
    if (open_.empty()) {
      if (kind != Node::Kind::Object)
        throw Error(ErrorKind::Input, at,
                    "expected pandoc's JSON document (an object with \"blocks\") but found an array");
      saw_root_object = true;
      root_ = std::move(n);
      open_.push_back(&root_);
      return;
    }
    open_.push_back(place(std::move(n)));
  }
  void close() {
    open_.pop_back();
    delivered();
  }
  void add(Node n) {
    if (open_.empty())
      throw Error(ErrorKind::Input, SourcePos{name_, n.line, n.col},
                  "expected pandoc's JSON document (an object with \"blocks\") but found a single value");
    place(std::move(n));
    delivered();
  }
  Node* place(Node n) {
    Node& parent = *open_.back();
    if (parent.kind == Node::Kind::Object) parent.keys.push_back(std::move(key_));
    parent.items.push_back(std::move(n));
    Node* placed = &parent.items.back();
    if (open_.size() == 1 && parent.keys.back() == "blocks" && placed->kind == Node::Kind::Array) blocks_ = placed;
    return placed;
  }
  // A value just finished: a block of "blocks" or a top-level member goes to its callback.
  void delivered() {
    if (open_.size() == 2 && open_[1] == blocks_ && !blocks_->items.empty()) {
      on_block(blocks_->items.back());
      blocks_->items.pop_back();
    } else if (open_.size() == 1 && !root_.items.empty()) {
      // Each member is handed over and dropped, so the root never holds more than the one being read.
      on_member(root_.keys.back(), root_.items.back());
      if (&root_.items.back() == blocks_) blocks_ = nullptr;
      root_.items.pop_back();
      root_.keys.pop_back();
    }
  }

  std::string name_;
  Node root_;
  std::vector<Node*> open_;
  Node* blocks_ = nullptr;
  std::string key_;
};

// ---- conversion ----------------------------------------------------------------------------------

struct Attr {
  std::string id;
  std::vector<std::string> classes;
  std::vector<std::pair<std::string, std::string>> attributes;
  SourcePos pos;                 // from data-pos
  std::string note;              // from data-note (quire's footnote label)
  std::string number;            // from data-number (a figure\'s or table\'s number, as compose set it)
  std::vector<SourcePos> cites;  // from data-cite-pos (quire's citation positions, one a line)
  bool only_quire() const { return id.empty() && classes.empty() && attributes.empty() && number.empty(); }
};

class Converter {
 public:
  Converter(std::string name, Diagnostics& diags) : name_(std::move(name)), diags_(diags) {}

  void block(const Node& n, Blocks& out);
  MetaValue meta(const Node& n);
  void check_version(const Node& n);
  Blocks take_notes() { return std::move(notes_); }

 private:
  [[noreturn]] void bad(const Node& n, const std::string& what) const {
    throw Error(ErrorKind::Input, at(n), "malformed pandoc JSON: " + what);
  }
  SourcePos at(const Node& n) const { return {name_, n.line, n.col}; }
  const Node& array(const Node& n, std::size_t size, const char* what) const {
    if (n.kind != Node::Kind::Array || (size && n.items.size() != size)) bad(n, std::string("expected ") + what);
    return n;
  }
  const std::string& str(const Node& n) const {
    if (n.kind != Node::Kind::String) bad(n, "expected a string");
    return n.text;
  }
  int integer(const Node& n) const {
    int v = 0;
    if (n.kind != Node::Kind::Number ||
        std::from_chars(n.text.data(), n.text.data() + n.text.size(), v).ec != std::errc{})
      bad(n, "expected a whole number");
    return v;
  }
  // "t" of {"t": …, "c": …}, and its "c" (a Null node when there is none).
  const std::string& tag(const Node& n) const {
    if (n.kind != Node::Kind::Object) bad(n, "expected an object with \"t\"");
    const Node* t = n.get("t");
    if (!t) bad(n, "an object without \"t\"");
    return str(*t);
  }
  // "c" of {"t": …, "c": …}; when there is none, a null at the object's position (for messages).
  const Node& content(const Node& n) const {
    if (const Node* c = n.get("c")) return *c;
    missing_.line = n.line;
    missing_.col = n.col;
    return missing_;
  }
  // The first block inside `n` once quire's and pandoc's position wrappers are looked through.
  const Node& unwrapped(const Node& n) {
    const Node* b = &n;
    while (tag(*b) == "Div") {
      const Node& d = content(*b);
      if (d.kind != Node::Kind::Array || d.items.size() != 2 || d.items[1].kind != Node::Kind::Array ||
          d.items[1].items.empty() || !attr(d.items[0]).only_quire())
        break;
      b = &d.items[1].items.front();
    }
    return *b;
  }

  Attr attr(const Node& n);
  SourcePos data_pos(const std::string& value) const;
  void warn(const Node& n, const std::string& kind, const std::string& what);
  SourcePos where(const Node& n) const { return current_.known() ? current_ : at(n); }

  void blocks(const Node& list, Blocks& out);
  void add(Blocks& out, model::Block b, const SourcePos& pos);
  Inlines inlines(const Node& list);
  void inline_(const Node& n, Inlines& out);
  Inlines cell_inlines(const Node& blocks);
  void table(const Node& c, Blocks& out, const SourcePos& pos);
  void list_items(const Node& items, std::vector<model::ListItem>& out, bool& tight);
  std::string meta_text(const Node& inlines_or_blocks, bool blocks);
  void citations(const Node& list, model::Cite& cite);

  std::string name_;
  Diagnostics& diags_;
  SourcePos current_;      // the position of the block being read, or of the nearest one around it
  SourcePos wrapper_pos_;  // a position wrapper's, for the block inside it
  Blocks notes_;
  int note_count_ = 0;
  std::set<std::string> warned_;
  mutable Node missing_;
  Attr last_image_;  // the attributes of the image read last
};

void append(Inlines& out, Inline in) {
  if (auto* t = std::get_if<model::Text>(&in.node); t && !out.empty())
    if (auto* last = std::get_if<model::Text>(&out.back().node)) {
      last->text += t->text;
      return;
    }
  out.push_back(std::move(in));
}

SourcePos Converter::data_pos(const std::string& value) const {
  // "file.md@3:1-4:22" (pandoc), or "file.md@3:1" (quire): the start is the position.
  std::size_t at = value.rfind('@');
  std::string file = at == std::string::npos ? std::string() : value.substr(0, at);
  std::string_view rest = std::string_view(value).substr(at == std::string::npos ? 0 : at + 1);
  int line = 0, col = 0;
  auto r = std::from_chars(rest.data(), rest.data() + rest.size(), line);
  if (r.ec != std::errc{} || r.ptr == rest.data() + rest.size() || *r.ptr != ':') return {};
  auto c = std::from_chars(r.ptr + 1, rest.data() + rest.size(), col);
  if (c.ec != std::errc{} || line < 1 || col < 1) return {};
  return {file, line, col};
}

Attr Converter::attr(const Node& n) {
  const Node& a = array(n, 3, "an attribute triple [id, classes, key-value pairs]");
  Attr out;
  out.id = str(a.items[0]);
  for (const auto& c : array(a.items[1], 0, "a list of classes").items) out.classes.push_back(str(c));
  for (const auto& kv : array(a.items[2], 0, "a list of attributes").items) {
    const Node& pair = array(kv, 2, "a key-value pair");
    const std::string& k = str(pair.items[0]);
    const std::string& v = str(pair.items[1]);
    if (k == "data-pos")
      out.pos = data_pos(v);
    else if (k == "data-note")
      out.note = v;
    else if (k == "data-number")
      out.number = v;
    else if (k == "data-cite-pos")
      for (std::size_t from = 0; from <= v.size();) {
        std::size_t end = std::min(v.find('\n', from), v.size());
        out.cites.push_back(data_pos(v.substr(from, end - from)));
        from = end + 1;
      }
    else
      out.attributes.emplace_back(k, v);
  }
  return out;
}

void Converter::warn(const Node& n, const std::string& kind, const std::string& what) {
  if (!warned_.insert(kind).second) return;
  diags_.warning(where(n), what + " (only the first is reported)");
}

void Converter::check_version(const Node& n) {
  const Node& v = array(n, 0, "pandoc-api-version, a list of numbers");
  if (v.items.size() < 2) bad(n, "pandoc-api-version has fewer than two numbers");
  int major = integer(v.items[0]), minor = integer(v.items[1]);
  std::string text = std::to_string(major) + "." + std::to_string(minor);
  if (major != 1 || minor < 22)
    throw Error(
        ErrorKind::Input, at(n),
        "pandoc API version " + text + " is not supported (this build reads 1.22 and 1.23: pandoc 2.17 and later)");
  if (minor > 23)
    diags_.warning(at(n), "pandoc API version " + text + " is newer than this build knows (1.23); read as 1.23");
}

void Converter::add(Blocks& out, model::Block b, const SourcePos& pos) {
  b.pos = pos;
  out.push_back(std::move(b));
}

template <class T>
model::Block make(T node) {
  model::Block b;
  b.node = std::move(node);
  return b;
}

void Converter::blocks(const Node& list, Blocks& out) {
  for (const auto& b : array(list, 0, "a list of blocks").items) block(b, out);
}

Inlines Converter::inlines(const Node& list) {
  Inlines out;
  for (const auto& i : array(list, 0, "a list of inlines").items) inline_(i, out);
  return out;
}

// The inlines of a block and of the blocks inside it, each block's after a line break.
void flatten(const model::Block& b, Inlines& out) {
  auto line = [&] {
    if (!out.empty() && !std::holds_alternative<model::LineBreak>(out.back().node)) out.push_back({model::LineBreak{}});
  };
  auto each = [&](const Blocks& bs) {
    for (const auto& inner : bs) flatten(inner, out);
  };
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, model::Paragraph> || std::is_same_v<T, model::Heading>) {
          line();
          for (const auto& in : v.content) append(out, in);
        } else if constexpr (std::is_same_v<T, model::CodeBlock>) {
          line();
          out.push_back({model::Code{v.text}});
        } else if constexpr (std::is_same_v<T, model::BulletList> || std::is_same_v<T, model::OrderedList>) {
          for (const auto& item : v.items) each(item.blocks);
        } else if constexpr (requires { v.blocks; }) {
          each(v.blocks);
        }
      },
      b.node);
}

// A cell's blocks as inlines: paragraphs joined by line breaks.
Inlines Converter::cell_inlines(const Node& list) {
  Blocks bs;
  blocks(list, bs);
  Inlines out;
  for (auto& b : bs) {
    if (!out.empty()) out.push_back({model::LineBreak{}});
    if (auto* p = std::get_if<model::Paragraph>(&b.node)) {
      for (auto& in : p->content) append(out, std::move(in));
    } else if (auto* h = std::get_if<model::Heading>(&b.node)) {
      for (auto& in : h->content) append(out, std::move(in));
    } else if (auto* c = std::get_if<model::CodeBlock>(&b.node)) {
      out.push_back({model::Code{c->text}});
    } else {
      warn(list, "cell-blocks",
           std::string("a table cell holds a ") + model::kind_name(b) +
               ", which a quire table cell cannot: kept as its text");
      flatten(b, out);
    }
  }
  return out;
}

void Converter::list_items(const Node& items, std::vector<model::ListItem>& out, bool& tight) {
  tight = true;
  for (const auto& item : array(items, 0, "a list of list items").items) {
    model::ListItem li;
    const Node& bs = array(item, 0, "a list item (a list of blocks)");
    if (!bs.items.empty() && tag(unwrapped(bs.items.front())) == "Para") tight = false;
    blocks(bs, li.blocks);
    // pandoc's task lists: "☐ " or "☒ " at the start of the item.
    if (!li.blocks.empty())
      if (auto* p = std::get_if<model::Paragraph>(&li.blocks.front().node); p && !p->content.empty())
        if (auto* t = std::get_if<model::Text>(&p->content.front().node)) {
          for (auto [mark, checked] : {std::pair{"\u2610 ", false}, std::pair{"\u2612 ", true}})
            if (t->text.starts_with(mark)) {
              li.checked = checked;
              t->text.erase(0, std::string_view(mark).size());
              if (t->text.empty()) p->content.erase(p->content.begin());
              break;
            }
        }
    out.push_back(std::move(li));
  }
}

bool is_comment(std::string_view html) {
  while (!html.empty() && (html.front() == ' ' || html.front() == '\n')) html.remove_prefix(1);
  while (!html.empty() && (html.back() == ' ' || html.back() == '\n')) html.remove_suffix(1);
  return html.starts_with("<!--") && html.ends_with("-->") && html.size() >= 7 &&
         html.substr(4, html.size() - 7).find("-->") == std::string_view::npos;
}

// Figures' and tables' identifiers, attributes, numbers and tables' captions, where the model has them
// (they came with cross-references: docs/figures.md).
template <class T>
void set_figure_attributes(T& figure, const Attr& a) {
  if constexpr (requires {
                  figure.id;
                  figure.classes;
                  figure.attributes;
                  figure.number;
                }) {
    figure.id = a.id;
    figure.classes = a.classes;
    figure.attributes = a.attributes;
    figure.number = a.number;
  }
}
template <class T>
void set_figure_id(T& figure, const std::string& id) {
  if constexpr (requires { figure.id; })
    if (figure.id.empty()) figure.id = id;
}
template <class T>
void set_table_attributes(T& table, const Attr& a) {
  if constexpr (requires {
                  table.id;
                  table.number;
                }) {
    table.id = a.id;
    table.number = a.number;
  }
}
template <class T>
bool set_caption(T& table, Inlines& caption) {
  if constexpr (requires { table.caption; }) {
    table.caption = std::move(caption);
    return true;
  } else {
    return false;
  }
}

model::Align alignment(const std::string& t) {
  if (t == "AlignLeft") return model::Align::Left;
  if (t == "AlignCenter") return model::Align::Center;
  if (t == "AlignRight") return model::Align::Right;
  return model::Align::Default;
}

void Converter::table(const Node& c, Blocks& out, const SourcePos& pos) {
  // Table Attr Caption [ColSpec] TableHead [TableBody] TableFoot
  const Node& t = array(c, 6, "a table: [attr, caption, column specs, head, bodies, foot]");
  Attr a = attr(t.items[0]);
  SourcePos p = a.pos.known() ? a.pos : pos;
  model::Table table;
  set_table_attributes(table, a);
  std::vector<double> widths;  // pandoc's ColWidth: kept when every column has one
  for (const auto& spec : array(t.items[2], 0, "column specs").items) {
    const Node& s = array(spec, 2, "a column spec");
    table.aligns.push_back(alignment(tag(s.items[0])));
    const Node* width = tag(s.items[1]) == "ColWidth" ? s.items[1].get("c") : nullptr;
    double w = 0;
    if (width && width->kind == Node::Kind::Number)
      std::from_chars(width->text.data(), width->text.data() + width->text.size(), w);
    if (w > 0 && w <= 1) widths.push_back(w);
  }
  if (widths.size() == table.aligns.size()) table.widths = std::move(widths);
  std::size_t columns = table.aligns.size();
  std::vector<std::vector<Inlines>> rows;
  bool spans = false;
  auto read_rows = [&](const Node& list) {
    for (const auto& row : array(list, 0, "a list of rows").items) {
      const Node& r = array(row, 2, "a row: [attr, cells]");
      std::vector<Inlines> cells;
      for (const auto& cell : array(r.items[1], 0, "a list of cells").items) {
        const Node& k = array(cell, 5, "a cell: [attr, alignment, row span, column span, blocks]");
        int rowspan = integer(k.items[2]), colspan = integer(k.items[3]);
        if (rowspan != 1 || colspan != 1) spans = true;
        cells.push_back(cell_inlines(k.items[4]));
        for (int i = 1; i < colspan && cells.size() < columns; ++i) cells.emplace_back();
      }
      cells.resize(columns);
      rows.push_back(std::move(cells));
    }
  };
  const Node& head = array(t.items[3], 2, "a table head: [attr, rows]");
  read_rows(head.items[1]);
  std::size_t head_rows = rows.size();
  for (const auto& body : array(t.items[4], 0, "table bodies").items) {
    const Node& b = array(body, 4, "a table body: [attr, row head columns, head rows, rows]");
    read_rows(b.items[2]);
    read_rows(b.items[3]);
  }
  read_rows(array(t.items[5], 2, "a table foot: [attr, rows]").items[1]);
  if (spans)
    warn(c, "table-spans",
         "a table cell spans rows or columns, which quire tables cannot: the cell is kept, the span is not");
  if (head_rows > 1)
    warn(c, "table-head-rows",
         "a table has " + std::to_string(head_rows) + " header rows: quire tables have one, the others are body rows");
  if (head_rows == 0) {
    table.header.assign(columns, Inlines{});
  } else {
    table.header = std::move(rows.front());
    rows.erase(rows.begin());
  }
  table.rows = std::move(rows);
  // Caption [ShortCaption] [Block]
  const Node& caption = array(t.items[1], 2, "a caption: [short caption, blocks]");
  Blocks caption_blocks;
  blocks(caption.items[1], caption_blocks);
  if (caption_blocks.size() == 1)
    if (auto* para = std::get_if<model::Paragraph>(&caption_blocks.front().node);
        para && set_caption(table, para->content))
      caption_blocks.clear();
  add(out, make(std::move(table)), p);
  if (!caption_blocks.empty()) {
    warn(c, "table-caption", "a table caption quire's table cannot hold: its blocks are kept after the table");
    for (auto& b : caption_blocks) out.push_back(std::move(b));
  }
}

void Converter::block(const Node& n, Blocks& out) {
  const std::string& t = tag(n);
  const Node& c = content(n);
  struct Restore {
    SourcePos& target;
    SourcePos value;
    ~Restore() { target = value; }
  } restore{current_, current_};
  // The block's own position: from the position wrapper around it, or its own data-pos below. Blocks
  // inside it do not inherit it (warnings do: current_).
  SourcePos own = std::exchange(wrapper_pos_, SourcePos{});
  if (own.known()) current_ = own;

  if (t == "Para" || t == "Plain") {
    Inlines in = inlines(c);
    if (in.size() == 1)
      if (auto* image = std::get_if<model::InlineImage>(&in.front().node)) {
        model::Image figure;
        figure.url = std::move(image->url);
        figure.caption = std::move(image->alt);
        figure.title = image->title.starts_with("fig:") ? image->title.substr(4) : image->title;
        set_figure_attributes(figure, last_image_);
        return add(out, make(std::move(figure)), own);
      }
    if (in.size() == 1)
      if (auto* text = std::get_if<model::Text>(&in.front().node))
        if (text->text == "\\newpage" || text->text == "\\pagebreak")  // as quire's Markdown reader reads it
          return add(out, make(model::PageBreak{}), own);
    if (!in.empty()) add(out, make(model::Paragraph{std::move(in)}), own);
    return;
  }
  if (t == "Header") {
    const Node& h = array(c, 3, "a header: [level, attr, inlines]");
    Attr a = attr(h.items[1]);
    if (a.pos.known()) own = current_ = a.pos;
    int level = integer(h.items[0]);
    if (level < 1 || level > 6) {
      warn(n, "header-level", "a heading of level " + std::to_string(level) + ": quire headings go from 1 to 6");
      level = std::clamp(level, 1, 6);
    }
    if (!a.classes.empty() || !a.attributes.empty())
      warn(n, "header-attributes", "a heading's classes and attributes have no place in quire's model: dropped");
    return add(out, make(model::Heading{level, inlines(h.items[2]), a.id}), own);
  }
  if (t == "CodeBlock") {
    const Node& k = array(c, 2, "a code block: [attr, text]");
    Attr a = attr(k.items[0]);
    if (a.pos.known()) own = current_ = a.pos;
    std::string text = str(k.items[1]);
    if (!text.empty() && text.back() != '\n') text += '\n';
    return add(out, make(model::CodeBlock{std::move(text), a.classes.empty() ? "" : a.classes.front()}), own);
  }
  if (t == "Div") {
    const Node& d = array(c, 2, "a div: [attr, blocks]");
    Attr a = attr(d.items[0]);
    if (a.only_quire()) {
      // pandoc's sourcepos wrapper (or quire's): its block stands in its place, at its position.
      if (a.pos.known()) current_ = a.pos;
      wrapper_pos_ = a.pos.known() ? a.pos : own;
      blocks(d.items[1], out);
      wrapper_pos_ = {};
      return;
    }
    if (a.pos.known()) own = current_ = a.pos;
    model::Div div;
    div.id = a.id;
    div.classes = a.classes;
    div.attributes = a.attributes;
    blocks(d.items[1], div.blocks);
    return add(out, make(std::move(div)), own);
  }
  if (t == "BlockQuote") {
    model::BlockQuote q;
    blocks(c, q.blocks);
    return add(out, make(std::move(q)), own);
  }
  if (t == "BulletList") {
    model::BulletList l;
    list_items(c, l.items, l.tight);
    return add(out, make(std::move(l)), own);
  }
  if (t == "OrderedList") {
    const Node& o = array(c, 2, "an ordered list: [list attributes, items]");
    model::OrderedList l;
    l.start = integer(array(o.items[0], 3, "list attributes: [start, style, delimiter]").items[0]);
    list_items(o.items[1], l.items, l.tight);
    return add(out, make(std::move(l)), own);
  }
  if (t == "HorizontalRule") return add(out, make(model::ThematicBreak{}), own);
  if (t == "Table") return table(c, out, own);
  if (t == "Figure") {  // API 1.23: Figure Attr Caption [Block]
    const Node& f = array(c, 3, "a figure: [attr, caption, blocks]");
    Attr a = attr(f.items[0]);
    if (a.pos.known()) own = current_ = a.pos;
    Blocks caption, body;
    blocks(array(f.items[1], 2, "a caption").items[1], caption);
    blocks(f.items[2], body);
    if (body.size() == 1)
      if (auto* image = std::get_if<model::Image>(&body.front().node)) {
        if (caption.size() == 1)
          if (auto* p = std::get_if<model::Paragraph>(&caption.front().node)) image->caption = std::move(p->content);
        set_figure_id(*image, a.id);
        return add(out, std::move(body.front()), own);
      }
    warn(n, "figure", "a figure that is not one image: its blocks are kept in a div, its caption after them");
    model::Div div;
    div.id = a.id;
    div.classes = a.classes;
    div.classes.insert(div.classes.begin(), "figure");
    div.attributes = a.attributes;
    div.blocks = std::move(body);
    for (auto& b : caption) div.blocks.push_back(std::move(b));
    return add(out, make(std::move(div)), own);
  }
  if (t == "LineBlock") {
    Inlines in;
    for (const auto& line : array(c, 0, "a line block").items) {
      if (!in.empty()) in.push_back({model::LineBreak{}});
      for (auto& i : inlines(line)) append(in, std::move(i));
    }
    return add(out, make(model::Paragraph{std::move(in)}), own);
  }
  if (t == "DefinitionList") {
    warn(n, "definition-list",
         "pandoc's DefinitionList has no quire equivalent: each term is a bold paragraph, its definitions a block "
         "quote");
    for (const auto& item : array(c, 0, "a definition list").items) {
      const Node& d = array(item, 2, "a definition: [term, definitions]");
      add(out, make(model::Paragraph{{Inline{model::Strong{inlines(d.items[0])}}}}), own);
      model::BlockQuote q;
      for (const auto& def : array(d.items[1], 0, "definitions").items) blocks(def, q.blocks);
      add(out, make(std::move(q)), own);
    }
    return;
  }
  if (t == "RawBlock") {
    const Node& r = array(c, 2, "a raw block: [format, text]");
    const std::string& format = str(r.items[0]);
    std::string text = str(r.items[1]);
    std::string_view trimmed = text;
    while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == ' ')) trimmed.remove_suffix(1);
    if (((format == "latex" || format == "tex") &&
         (trimmed == "\\newpage" || trimmed == "\\pagebreak" || trimmed == "\\clearpage")) ||
        (format == "html" && trimmed == "<!-- pagebreak -->") ||
        (format == "openxml" && text.find("w:type=\"page\"") != std::string::npos))
      return add(out, make(model::PageBreak{}), own);
    if (format == "html" && is_comment(trimmed)) return;  // dropped, as quire's Markdown reader drops them
    warn(n, "raw-block-" + format,
         "a raw " + format + " block has no quire equivalent: kept as a code block of its source");
    if (!text.empty() && text.back() != '\n') text += '\n';
    return add(out, make(model::CodeBlock{std::move(text), format}), own);
  }
  if (t == "Null") return;
  warn(n, "block-" + t, "unknown pandoc block '" + t + "': dropped");
}

void Converter::citations(const Node& list, model::Cite& cite) {
  for (const auto& c : array(list, 0, "a list of citations").items) {
    if (c.kind != Node::Kind::Object) bad(c, "expected a citation object");
    model::Citation out;
    const Node* id = c.get("citationId");
    if (!id) bad(c, "a citation without citationId");
    out.key = str(*id);
    if (const Node* p = c.get("citationPrefix")) out.prefix = inlines(*p);
    if (const Node* s = c.get("citationSuffix")) {
      Inlines suffix = inlines(*s);
      // pandoc keeps the locator in the suffix (", p. 33"); quire holds it apart, as its reader does.
      if (!suffix.empty())
        if (auto* text = std::get_if<model::Text>(&suffix.front().node)) {
          std::string s0 = text->text;
          if (!s0.starts_with(",") && !s0.starts_with(" ")) s0.insert(0, " ");
          std::size_t taken = markdown::take_locator(s0, out.label, out.locator);
          if (taken > 0) {
            text->text = s0.substr(taken);
            if (text->text.empty()) suffix.erase(suffix.begin());
          }
        }
      out.suffix = std::move(suffix);
    }
    if (const Node* m = c.get("citationMode")) {
      const std::string& mode = tag(*m);
      out.mode = mode == "AuthorInText"     ? model::CiteMode::AuthorInText
                 : mode == "SuppressAuthor" ? model::CiteMode::SuppressAuthor
                                            : model::CiteMode::Normal;
    }
    cite.items.push_back(std::move(out));
  }
}

void Converter::inline_(const Node& n, Inlines& out) {
  const std::string& t = tag(n);
  const Node& c = content(n);
  if (t == "Str") return append(out, {model::Text{str(c)}});
  if (t == "Space") return append(out, {model::Text{" "}});
  if (t == "SoftBreak") return out.push_back({model::SoftBreak{}});
  if (t == "LineBreak") return out.push_back({model::LineBreak{}});
  if (t == "Emph") return out.push_back({model::Emph{inlines(c)}});
  if (t == "Strong") return out.push_back({model::Strong{inlines(c)}});
  if (t == "Strikeout") return out.push_back({model::Strike{inlines(c)}});
  if (t == "Underline" || t == "SmallCaps" || t == "Superscript" || t == "Subscript") {
    // pandoc's Markdown reads [text]{.underline} and [text]{.smallcaps} as these: the same span here.
    std::string cls = t == "Underline"     ? "underline"
                      : t == "SmallCaps"   ? "smallcaps"
                      : t == "Superscript" ? "superscript"
                                           : "subscript";
    if (t == "Superscript" || t == "Subscript")
      warn(n, "inline-" + t, "pandoc's " + t + " has no quire equivalent: kept as a span of class ." + cls);
    model::Span s;
    s.content = inlines(c);
    s.classes.push_back(cls);
    return out.push_back({std::move(s)});
  }
  if (t == "Quoted") {
    const Node& q = array(c, 2, "a quotation: [quote type, inlines]");
    bool single = tag(q.items[0]) == "SingleQuote";
    append(out, {model::Text{single ? "\u2018" : "\u201C"}});
    for (auto& in : inlines(q.items[1])) append(out, std::move(in));
    return append(out, {model::Text{single ? "\u2019" : "\u201D"}});
  }
  if (t == "Cite") {
    const Node& k = array(c, 2, "a citation: [citations, inlines]");
    model::Cite cite;
    citations(k.items[0], cite);
    return out.push_back({std::move(cite)});
  }
  if (t == "Code") {
    const Node& k = array(c, 2, "code: [attr, text]");
    attr(k.items[0]);
    return out.push_back({model::Code{str(k.items[1])}});
  }
  if (t == "Math") {
    const Node& m = array(c, 2, "math: [math type, text]");
    warn(n, "math", "pandoc's Math has no quire equivalent: kept as inline code of its TeX source");
    return out.push_back({model::Code{str(m.items[1])}});
  }
  if (t == "RawInline") {
    const Node& r = array(c, 2, "raw inline: [format, text]");
    const std::string& format = str(r.items[0]);
    if (format == "html" && is_comment(str(r.items[1]))) return;
    warn(n, "raw-inline-" + format,
         "raw " + format + " inline has no quire equivalent: kept as inline code of its source");
    return out.push_back({model::Code{str(r.items[1])}});
  }
  if (t == "Link" || t == "Image") {
    const Node& l = array(c, 3, "a link or image: [attr, inlines, [url, title]]");
    const Node& target = array(l.items[2], 2, "a target: [url, title]");
    if (t == "Link") {
      attr(l.items[0]);
      return out.push_back({model::Link{inlines(l.items[1]), str(target.items[0]), str(target.items[1])}});
    }
    Inlines alt = inlines(l.items[1]);
    last_image_ = attr(l.items[0]);  // a figure's identifier and attributes, when the image stands alone
    return out.push_back({model::InlineImage{std::move(alt), str(target.items[0]), str(target.items[1])}});
  }
  if (t == "Note") {
    model::FootnoteDef def;
    SourcePos def_pos;
    const Node& bs = array(c, 0, "a note (a list of blocks)");
    // quire writes a note's blocks inside one div that carries its label and position.
    if (bs.items.size() == 1 && tag(bs.items[0]) == "Div") {
      Attr a = attr(array(content(bs.items[0]), 2, "a div").items[0]);
      if (a.only_quire() && !a.note.empty()) {
        def.label = a.note;
        def_pos = a.pos;
        SourcePos saved = current_;
        blocks(content(bs.items[0]).items[1], def.blocks);
        current_ = saved;
      }
    }
    if (def.label.empty()) {
      def.label = std::to_string(++note_count_);
      SourcePos saved = current_;
      blocks(bs, def.blocks);
      current_ = saved;
    }
    out.push_back({model::FootnoteRef{def.label}});
    model::Block b = make(std::move(def));
    b.pos = def_pos;
    notes_.push_back(std::move(b));
    return;
  }
  if (t == "Span") {
    const Node& s = array(c, 2, "a span: [attr, inlines]");
    Attr a = attr(s.items[0]);
    Inlines content_inlines = inlines(s.items[1]);
    if (a.only_quire()) {  // pandoc's sourcepos wrapper, or quire's around a citation
      if (content_inlines.size() == 1)
        if (auto* cite = std::get_if<model::Cite>(&content_inlines.front().node))
          for (std::size_t i = 0; i < cite->items.size(); ++i)
            cite->items[i].pos = i < a.cites.size() ? a.cites[i] : a.pos;
      for (auto& in : content_inlines) append(out, std::move(in));
      return;
    }
    model::Span span;
    span.content = std::move(content_inlines);
    span.id = a.id;
    span.classes = a.classes;
    span.attributes = a.attributes;
    return out.push_back({std::move(span)});
  }
  warn(n, "inline-" + t, "unknown pandoc inline '" + t + "': dropped");
}

// The text of MetaInlines (or of MetaBlocks' paragraphs, joined by blank lines).
std::string Converter::meta_text(const Node& list, bool is_blocks) {
  if (is_blocks) {
    Blocks bs;
    blocks(list, bs);
    std::string out;
    for (const auto& b : bs) {
      if (!out.empty()) out += "\n\n";
      if (auto* p = std::get_if<model::Paragraph>(&b.node)) {
        Inlines copy = p->content;
        out += model::plain_text(copy);
      } else if (auto* c = std::get_if<model::CodeBlock>(&b.node)) {
        out += c->text;
      }
    }
    return out;
  }
  std::string out;
  for (const auto& in : inlines(list)) {
    if (std::holds_alternative<model::SoftBreak>(in.node) || std::holds_alternative<model::LineBreak>(in.node))
      out += '\n';
    else
      out += model::plain_text(Inlines{in});
  }
  return out;
}

MetaValue Converter::meta(const Node& n) {
  const std::string& t = tag(n);
  const Node& c = content(n);
  MetaValue v;
  if (t == "MetaMap") {
    if (c.kind != Node::Kind::Object) bad(c, "MetaMap holds an object");
    v.kind = MetaValue::Kind::Map;
    for (std::size_t i = 0; i < c.items.size(); ++i) v.map.emplace_back(c.keys[i], meta(c.items[i]));
  } else if (t == "MetaList") {
    v.kind = MetaValue::Kind::List;
    for (const auto& item : array(c, 0, "MetaList holds a list").items) v.list.push_back(meta(item));
  } else if (t == "MetaBool") {
    if (c.kind != Node::Kind::Bool) bad(c, "MetaBool holds true or false");
    v.kind = MetaValue::Kind::Bool;
    v.scalar = c.text;
  } else if (t == "MetaString") {
    // quire writes numbers and null as MetaString, strings as MetaInlines (as pandoc's YAML reader does)
    v = yaml::typed_scalar(str(c));
  } else if (t == "MetaInlines" || t == "MetaBlocks") {
    v = MetaValue::string(meta_text(c, t == "MetaBlocks"));
  } else {
    bad(n, "unknown metadata value '" + t + "'");
  }
  return v;
}

}  // namespace

model::Document read_pandoc_json(std::istream& in, const std::string& name, Diagnostics& diags,
                                 const ReadLimits& limits) {
  json::Input input(in, name, json::Limits{limits.max_depth, 64u << 20});
  Converter convert(name, diags);
  model::Document doc;
  doc.pos = {name, 1, 1};
  bool version = false, saw_blocks = false, saw_meta = false;
  TreeBuilder tree(name);
  tree.on_block = [&](Node& n) {
    saw_blocks = true;
    convert.block(n, doc.blocks);
  };
  tree.on_member = [&](const std::string& key, Node& n) {
    if (key == "pandoc-api-version") {
      convert.check_version(n);
      version = true;
    } else if (key == "meta") {
      saw_meta = true;
      if (n.kind != Node::Kind::Object)
        throw Error(ErrorKind::Input, SourcePos{name, n.line, n.col}, "malformed pandoc JSON: \"meta\" is an object");
      if (!n.items.empty()) doc.meta.kind = MetaValue::Kind::Map;  // none: no metadata, as without front matter
      for (std::size_t i = 0; i < n.items.size(); ++i) doc.meta.map.emplace_back(n.keys[i], convert.meta(n.items[i]));
    } else if (key == "blocks") {
      saw_blocks = true;
      if (n.kind != Node::Kind::Array)
        throw Error(ErrorKind::Input, SourcePos{name, n.line, n.col}, "malformed pandoc JSON: \"blocks\" is a list");
    }
  };
  input.skip_space();
  if (input.peek() != '{')
    throw Error(
        ErrorKind::Input, input.here(),
        "expected pandoc's JSON AST ('{', as `pandoc -t json` writes it) but found " + json::shown(input.peek()));
  json::read_document(input, tree);
  if (!version)
    throw Error(ErrorKind::Input, SourcePos{name, 1, 1},
                saw_blocks ? "no pandoc-api-version: pandoc 1.x's JSON (before 2.0) is not supported"
                           : "not pandoc's JSON AST (no \"pandoc-api-version\" and \"blocks\")");
  (void)saw_meta;
  for (auto& note : convert.take_notes()) doc.blocks.push_back(std::move(note));
  return doc;
}

}  // namespace quire::pandoc
