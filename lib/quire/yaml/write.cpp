// The canonical writer. It writes the YAML text itself (no YAML::Emitter): that keeps quoting under
// our control (dependency-notes §2.7) and deep documents off yaml-cpp's unguarded emitter.
#include <charconv>
#include <ostream>

#include "quire/diag/diagnostic.hpp"
#include "quire/model/overloaded.hpp"
#include "quire/yaml/document_yaml.hpp"
#include "quire/yaml/scalars.hpp"

namespace quire::yaml {

using namespace model;
using detail::Context;
using detail::quote_string;

namespace {

// Far beyond what any reader accepts; stops runaway recursion on a model built in code.
constexpr int kMaxWriteDepth = 2'000;

const char* align_name(Align a) {
  switch (a) {
    case Align::Left:
      return "left";
    case Align::Center:
      return "center";
    case Align::Right:
      return "right";
    default:
      return "default";
  }
}

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void document(const Document& doc) {
    out_ += "quire: " + std::to_string(kFormatVersion) + "\n";
    if (doc.meta.kind != MetaValue::Kind::Null) {
      out_ += "meta:";
      meta_value(doc.meta, 0);
    }
    out_ += "blocks:";
    block_list_value(doc.blocks, 0);
  }

 private:
  std::string& out_;
  int depth_ = 0;

  struct Deeper {
    explicit Deeper(int& d) : depth(d) {
      if (++depth > kMaxWriteDepth)
        throw Error(ErrorKind::Input,
                    "document is nested too deeply to write (more than " + std::to_string(kMaxWriteDepth) + " levels)");
    }
    ~Deeper() { --depth; }
    int& depth;
  };

  // Starts each key of a block-style map; the first one may continue a "-" line.
  struct MapOut {
    std::string& out;
    int indent;
    bool continues;
    void key(std::string_view k) {
      if (continues)
        out += ' ';
      else
        out.append(static_cast<std::size_t>(indent), ' ');
      continues = false;
      out += k;
      out += ':';
    }
  };

  void item_start(int indent, bool& continues) {
    if (continues)
      out_ += ' ';
    else
      out_.append(static_cast<std::size_t>(indent), ' ');
    continues = false;
    out_ += '-';
  }

  // A string as the value after "key:" or "-": a literal block when readable and safe.
  void string_value(std::string_view s, int indent, bool allow_literal) {
    if (!allow_literal || !detail::literal_safe(s)) {
      out_ += ' ' + quote_string(s, Context::Block) + '\n';
      return;
    }
    out_ += " |\n";
    std::size_t start = 0;
    while (start < s.size()) {
      auto end = s.find('\n', start);
      if (end > start) out_.append(static_cast<std::size_t>(indent) + 2, ' ');
      out_.append(s.substr(start, end - start));
      out_ += '\n';
      start = end + 1;
    }
  }

  // ---- Inlines (flow style) ----
  void inlines(const Inlines& in, Context context) {
    if (in.empty()) {
      out_ += "\"\"";
      return;
    }
    if (in.size() == 1) {
      if (auto* t = std::get_if<Text>(&in.front().node); t && !t->text.empty()) {
        out_ += quote_string(t->text, context);
        return;
      }
    }
    Deeper guard(depth_);
    out_ += '[';
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (i > 0) out_ += ", ";
      inline_item(in[i]);
    }
    out_ += ']';
  }

  void wrapper(const char* kind, const Inlines& content) {
    out_ += '{';
    out_ += kind;
    out_ += ": ";
    inlines(content, Context::Flow);
    out_ += '}';
  }

  void target(const char* kind, const Inlines& content, const std::string& url, const std::string& title) {
    out_ += '{';
    out_ += kind;
    out_ += ": ";
    inlines(content, Context::Flow);
    out_ += ", url: " + quote_string(url, Context::Flow);
    if (!title.empty()) out_ += ", title: " + quote_string(title, Context::Flow);
    out_ += '}';
  }

  // {span: […], id: x, classes: [a], attributes: {lang: ar}}
  void span(const model::Span& s) {
    out_ += "{span: ";
    inlines(s.content, Context::Flow);
    if (!s.id.empty()) out_ += ", id: " + quote_string(s.id, Context::Flow);
    if (!s.classes.empty()) {
      out_ += ", classes: [";
      for (std::size_t i = 0; i < s.classes.size(); ++i)
        out_ += (i ? ", " : "") + quote_string(s.classes[i], Context::Flow);
      out_ += ']';
    }
    if (!s.attributes.empty()) {
      out_ += ", attributes: {";
      for (std::size_t i = 0; i < s.attributes.size(); ++i)
        out_ += (i ? ", " : "") + quote_string(s.attributes[i].first, Context::Flow) + ": " +
                quote_string(s.attributes[i].second, Context::Flow);
      out_ += '}';
    }
    out_ += '}';
  }

  // {cite: [{key: a, prefix: see, locator: "33", label: page, suffix: …, mode: …, pos: "a.md:3:5"}]}
  void cite(const model::Cite& c) {
    out_ += "{cite: [";
    for (std::size_t i = 0; i < c.items.size(); ++i) {
      const model::Citation& item = c.items[i];
      out_ += (i ? ", {key: " : "{key: ") + quote_string(item.key, Context::Flow);
      if (!item.prefix.empty()) {
        out_ += ", prefix: ";
        inlines(item.prefix, Context::Flow);
      }
      if (!item.locator.empty())
        out_ += ", locator: " + quote_string(item.locator, Context::Flow) +
                ", label: " + quote_string(item.label, Context::Flow);
      if (!item.suffix.empty()) {
        out_ += ", suffix: ";
        inlines(item.suffix, Context::Flow);
      }
      if (item.mode != model::CiteMode::Normal)
        out_ += item.mode == model::CiteMode::AuthorInText ? ", mode: author-in-text" : ", mode: suppress-author";
      if (item.pos.known()) out_ += ", pos: " + quote_string(to_string(item.pos), Context::Flow);
      out_ += '}';
    }
    out_ += "]}";
  }

  void inline_item(const Inline& in) {
    std::visit(overloaded{
                   [&](const Text& t) { out_ += quote_string(t.text, Context::Flow); },
                   [&](const Emph& e) { wrapper("emph", e.content); },
                   [&](const Strong& s) { wrapper("strong", s.content); },
                   [&](const Strike& s) { wrapper("strike", s.content); },
                   [&](const Code& c) { out_ += "{code: " + quote_string(c.text, Context::Flow) + '}'; },
                   [&](const Link& l) { target("link", l.content, l.url, l.title); },
                   [&](const InlineImage& i) { target("image", i.alt, i.url, i.title); },
                   [&](const FootnoteRef& f) { out_ += "{footnote: " + quote_string(f.label, Context::Flow) + '}'; },
                   [&](const SoftBreak&) { out_ += "{soft-break: ~}"; },
                   [&](const LineBreak&) { out_ += "{line-break: ~}"; },
                   [&](const model::Span& s) { span(s); },
                   [&](const model::Cite& c) { cite(c); },
               },
               in.node);
  }

  void inline_value(const Inlines& in) {
    out_ += ' ';
    inlines(in, Context::Block);
    out_ += '\n';
  }

  // ---- Blocks (block style) ----
  // The value after "key:" whose keys sit at `indent`.
  void block_list_value(const Blocks& blocks, int indent) {
    if (blocks.empty()) {
      out_ += " []\n";
      return;
    }
    out_ += '\n';
    block_list(blocks, indent + 2, false);
  }

  void block_list(const Blocks& blocks, int indent, bool continues) {
    Deeper guard(depth_);
    for (const auto& b : blocks) {
      item_start(indent, continues);
      block(b, indent + 2);
    }
  }

  void block(const Block& b, int indent) {
    bool has_pos = !b.pos.file.empty() || b.pos.known();
    bool contentless = std::holds_alternative<ThematicBreak>(b.node) || std::holds_alternative<PageBreak>(b.node);
    if (contentless && !has_pos) {
      out_ += ' ';
      out_ += kind_name(b);
      out_ += '\n';
      return;
    }
    MapOut m{out_, indent, true};
    m.key(kind_name(b));
    std::visit(overloaded{
                   [&](const Paragraph& p) { inline_value(p.content); },
                   [&](const Heading& h) {
                     inline_value(h.content);
                     m.key("level");
                     out_ += ' ' + std::to_string(h.level) + '\n';
                     if (!h.id.empty()) {
                       m.key("id");
                       string_value(h.id, indent, false);
                     }
                   },
                   [&](const BulletList& l) {
                     items(l.items, indent);
                     if (!l.tight) m.key("tight"), out_ += " false\n";
                   },
                   [&](const OrderedList& l) {
                     items(l.items, indent);
                     if (l.start != 1) m.key("start"), out_ += ' ' + std::to_string(l.start) + '\n';
                     if (!l.tight) m.key("tight"), out_ += " false\n";
                   },
                   [&](const BlockQuote& q) { block_list_value(q.blocks, indent); },
                   [&](const CodeBlock& c) {
                     string_value(c.text, indent, true);
                     if (!c.lang.empty()) m.key("lang"), string_value(c.lang, indent, false);
                   },
                   [&](const Table& t) { table(t, indent + 2); },
                   [&](const ThematicBreak&) { out_ += " ~\n"; },
                   [&](const Image& i) {
                     inline_value(i.caption);
                     m.key("url");
                     string_value(i.url, indent, false);
                     if (!i.title.empty()) m.key("title"), string_value(i.title, indent, false);
                     attributes(i, m, indent);
                     if (!i.number.empty()) m.key("number"), string_value(i.number, indent, false);
                   },
                   [&](const PageBreak&) { out_ += " ~\n"; },
                   [&](const FootnoteDef& f) {
                     block_list_value(f.blocks, indent);
                     m.key("label");
                     string_value(f.label, indent, false);
                   },
                   [&](const Div& d) { div(d, m, indent); },
               },
               b.node);
    if (has_pos) {
      m.key("pos");
      string_value(to_string(b.pos), indent, false);
    }
  }

  void div(const Div& d, MapOut& m, int indent) {
    block_list_value(d.blocks, indent);
    attributes(d, m, indent);
  }

  // `id`, `classes` and `attributes` of a div or a figure.
  template <class Node>
  void attributes(const Node& d, MapOut& m, int indent) {
    if (!d.id.empty()) m.key("id"), string_value(d.id, indent, false);
    if (!d.classes.empty()) {
      m.key("classes");
      for (std::size_t i = 0; i < d.classes.size(); ++i)
        out_ += (i ? ", " : " [") + quote_string(d.classes[i], Context::Flow);
      out_ += "]\n";
    }
    if (!d.attributes.empty()) {
      // Written as the metadata maps are, which keeps long and odd keys readable.
      MetaValue map;
      map.kind = MetaValue::Kind::Map;
      for (const auto& [key, value] : d.attributes) map.map.emplace_back(key, MetaValue::string(value));
      m.key("attributes");
      meta_value(map, indent);
    }
  }

  void items(const std::vector<ListItem>& list, int indent) {
    if (list.empty()) {
      out_ += " []\n";
      return;
    }
    out_ += '\n';
    Deeper guard(depth_);
    for (const auto& item : list) {
      bool continues = false;
      item_start(indent + 2, continues);
      if (!item.checked) {
        if (item.blocks.empty())
          out_ += " []\n";
        else
          block_list(item.blocks, indent + 4, true);
        continue;
      }
      MapOut m{out_, indent + 4, true};
      m.key("checked");
      out_ += *item.checked ? " true\n" : " false\n";
      m.key("blocks");
      block_list_value(item.blocks, indent + 4);
    }
  }

  void cells(const std::vector<Inlines>& row) {
    out_ += '[';
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out_ += ", ";
      inlines(row[i], Context::Flow);
    }
    out_ += "]\n";
  }

  void table(const Table& t, int indent) {
    out_ += '\n';
    MapOut m{out_, indent, false};
    m.key("align");
    out_ += " [";
    for (std::size_t i = 0; i < t.aligns.size(); ++i) {
      if (i > 0) out_ += ", ";
      out_ += align_name(t.aligns[i]);
    }
    out_ += "]\n";
    if (!t.widths.empty()) {
      m.key("widths");
      out_ += " [";
      for (std::size_t i = 0; i < t.widths.size(); ++i) {
        if (i > 0) out_ += ", ";
        char buf[32];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, t.widths[i], std::chars_format::general, 6);
        out_.append(buf, ec == std::errc() ? end : buf);
      }
      out_ += "]\n";
    }
    m.key("header");
    out_ += ' ';
    cells(t.header);
    m.key("rows");
    if (t.rows.empty()) {
      out_ += " []\n";
    } else {
      out_ += '\n';
      for (const auto& row : t.rows) {
        out_.append(static_cast<std::size_t>(indent) + 2, ' ');
        out_ += "- ";
        cells(row);
      }
    }
    if (!t.caption.empty()) m.key("caption"), inline_value(t.caption);
    if (!t.id.empty()) m.key("id"), string_value(t.id, indent, false);
    if (!t.number.empty()) m.key("number"), string_value(t.number, indent, false);
  }

  // ---- Metadata (block style) ----
  void meta_scalar(const MetaValue& v, int indent) {
    using Kind = MetaValue::Kind;
    switch (v.kind) {
      case Kind::Null:
        out_ += " null\n";
        return;
      case Kind::Bool:
        out_ += v.scalar == "true" ? " true\n" : " false\n";
        return;
      case Kind::Number:
        // A Number whose text is not a YAML number cannot be written plain; it becomes a string.
        if (detail::resolve_plain(v.scalar) == Kind::Number) {
          out_ += ' ' + v.scalar + '\n';
          return;
        }
        [[fallthrough]];
      default:
        string_value(v.scalar, indent, true);
    }
  }

  // The value after "key:" or "-" whose own keys or items sit at `indent`.
  void meta_value(const MetaValue& v, int indent) {
    using Kind = MetaValue::Kind;
    if (v.is_scalar()) return meta_scalar(v, indent);
    if (v.kind == Kind::List && v.list.empty()) return void(out_ += " []\n");
    if (v.kind == Kind::Map && v.map.empty()) return void(out_ += " {}\n");
    Deeper guard(depth_);
    out_ += '\n';
    if (v.kind == Kind::List)
      meta_items(v.list, indent + 2, false);
    else
      meta_entries(v.map, indent + 2, false);
  }

  void meta_items(const std::vector<MetaValue>& list, int indent, bool continues) {
    for (const auto& item : list) {
      item_start(indent, continues);
      meta_nested(item, indent + 2);
    }
  }

  // An item or value that may continue the current line with its first key or item.
  void meta_nested(const MetaValue& v, int indent) {
    using Kind = MetaValue::Kind;
    Deeper guard(depth_);
    if (v.kind == Kind::List && !v.list.empty()) return meta_items(v.list, indent, true);
    if (v.kind == Kind::Map && !v.map.empty()) return meta_entries(v.map, indent, true);
    meta_value(v, indent - 2);
  }

  void meta_entries(const std::vector<std::pair<std::string, MetaValue>>& map, int indent, bool continues) {
    MapOut m{out_, indent, continues};
    for (const auto& [key, value] : map) {
      auto k = quote_string(key, Context::Block);
      if (k.size() > 1000) {  // simple keys are limited to 1024 characters: use an explicit key
        m.key("?");
        out_.pop_back();
        out_ += ' ' + k + '\n';
        out_.append(static_cast<std::size_t>(indent), ' ');
        out_ += ':';
      } else {
        m.key(k);
      }
      meta_value(value, indent);
    }
  }
};

}  // namespace

std::string to_yaml(const Document& doc) {
  std::string out = "---\n";
  Writer(out).document(doc);
  return out;
}

std::string abort_document(std::string_view reason) {
  return "---\nquire-abort: " + quote_string(reason, detail::Context::Block) + "\n";
}

void write_document(std::ostream& out, const Document& doc) {
  auto text = to_yaml(doc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace quire::yaml
