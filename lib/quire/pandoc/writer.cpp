// quire's model → pandoc's JSON AST (API 1.22), written as it goes.
#include <map>
#include <set>

#include "quire/json/json.hpp"
#include "quire/model/locator.hpp"
#include "quire/model/overloaded.hpp"
#include "quire/pandoc/pandoc.hpp"

namespace quire::pandoc {

namespace {

using model::Block;
using model::Blocks;
using model::Inline;
using model::Inlines;
using model::MetaValue;

class Writer {
 public:
  Writer(const model::Document& doc, std::ostream& out) : w_(out) { collect_notes(doc.blocks); }

  void document(const model::Document& doc) {
    w_.start_object();
    w_.key("pandoc-api-version");
    w_.start_array();
    for (int v : {1, 22, 2, 1}) w_.integer(v);
    w_.end_array();
    w_.key("meta");
    w_.start_object();
    if (doc.meta.kind == MetaValue::Kind::Map)
      for (const auto& [k, v] : doc.meta.map) {
        w_.key(k);
        meta(v);
      }
    w_.end_object();
    w_.key("blocks");
    w_.start_array();
    blocks(doc.blocks);
    w_.end_array();
    w_.end_object();
    w_.flush();
  }

 private:
  // Footnote definitions go into their references (pandoc's Note), wherever they are written.
  void collect_notes(const Blocks& bs) {
    for (const auto& b : bs) {
      std::visit(overloaded{[&](const model::FootnoteDef& d) {
                              notes_.emplace(d.label, &b);
                              collect_notes(d.blocks);
                            },
                            [&](const model::BlockQuote& q) { collect_notes(q.blocks); },
                            [&](const model::Div& d) { collect_notes(d.blocks); },
                            [&](const model::BulletList& l) {
                              for (const auto& i : l.items) collect_notes(i.blocks);
                            },
                            [&](const model::OrderedList& l) {
                              for (const auto& i : l.items) collect_notes(i.blocks);
                            },
                            [](const auto&) {}},
                 b.node);
    }
  }

  void tagged(const char* t) {
    w_.start_object();
    w_.key("t");
    w_.string(t);
  }
  void content() { w_.key("c"); }
  void plain(const char* t) {
    tagged(t);
    w_.end_object();
  }

  static std::string pos_text(const SourcePos& p) {
    return p.file + "@" + std::to_string(p.line) + ":" + std::to_string(p.col);
  }

  void attr(const std::string& id, const std::vector<std::string>& classes,
            const std::vector<std::pair<std::string, std::string>>& attributes, const SourcePos& pos = {},
            const std::string& note = {}) {
    w_.start_array();
    w_.string(id);
    w_.start_array();
    for (const auto& c : classes) w_.string(c);
    w_.end_array();
    w_.start_array();
    for (const auto& [k, v] : attributes) pair(k, v);
    if (pos.known()) pair("data-pos", pos_text(pos));
    if (!note.empty()) pair("data-note", note);
    w_.end_array();
    w_.end_array();
  }
  void pair(const std::string& k, const std::string& v) {
    w_.start_array();
    w_.string(k);
    w_.string(v);
    w_.end_array();
  }
  void empty_attr() { attr({}, {}, {}); }

  // Text as pandoc's Str, Space and SoftBreak.
  void text(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
      if (s[i] == ' ') {
        plain("Space");
        ++i;
        continue;
      }
      if (s[i] == '\n') {
        plain("SoftBreak");
        ++i;
        continue;
      }
      std::size_t end = s.find_first_of(" \n", i);
      if (end == std::string_view::npos) end = s.size();
      tagged("Str");
      content();
      w_.string(s.substr(i, end - i));
      w_.end_object();
      i = end;
    }
  }

  // Adjacent texts are written as one run of words (pandoc has no word boundary between them).
  void inlines(const Inlines& ins) {
    w_.start_array();
    for (std::size_t i = 0; i < ins.size(); ++i) {
      const auto* t = std::get_if<model::Text>(&ins[i].node);
      if (!t) {
        inline_(ins[i]);
        continue;
      }
      std::string run = t->text;
      for (; i + 1 < ins.size() && std::holds_alternative<model::Text>(ins[i + 1].node); ++i)
        run += std::get<model::Text>(ins[i + 1].node).text;
      text(run);
    }
    w_.end_array();
  }

  void wrapped(const char* t, const Inlines& content_inlines) {
    tagged(t);
    content();
    inlines(content_inlines);
    w_.end_object();
  }

  void inline_(const Inline& in) {
    std::visit(overloaded{
                   [&](const model::Text& t) { text(t.text); },
                   [&](const model::Emph& e) { wrapped("Emph", e.content); },
                   [&](const model::Strong& s) { wrapped("Strong", s.content); },
                   [&](const model::Strike& s) { wrapped("Strikeout", s.content); },
                   [&](const model::Code& c) {
                     tagged("Code");
                     content();
                     w_.start_array();
                     empty_attr();
                     w_.string(c.text);
                     w_.end_array();
                     w_.end_object();
                   },
                   [&](const model::Link& l) { link("Link", l.content, l.url, l.title); },
                   [&](const model::InlineImage& i) { link("Image", i.alt, i.url, i.title); },
                   [&](const model::FootnoteRef& r) { note(r); },
                   [&](const model::SoftBreak&) { plain("SoftBreak"); },
                   [&](const model::LineBreak&) { plain("LineBreak"); },
                   [&](const model::Span& s) {
                     tagged("Span");
                     content();
                     w_.start_array();
                     attr(s.id, s.classes, s.attributes);
                     inlines(s.content);
                     w_.end_array();
                     w_.end_object();
                   },
                   [&](const model::Cite& c) {
                     // The citations' positions, in a span around them (pandoc's Cite has no place).
                     std::string where;
                     bool all = !c.items.empty();
                     for (const auto& item : c.items) {
                       all = all && item.pos.known();
                       where += (where.empty() ? "" : "\n") + pos_text(item.pos);
                     }
                     if (!all) return cite(c);
                     tagged("Span");
                     content();
                     w_.start_array();
                     attr({}, {}, {{"data-cite-pos", where}});
                     w_.start_array();
                     cite(c);
                     w_.end_array();
                     w_.end_array();
                     w_.end_object();
                   },
               },
               in.node);
  }

  void link(const char* t, const Inlines& content_inlines, const std::string& url, const std::string& title) {
    tagged(t);
    content();
    w_.start_array();
    empty_attr();
    inlines(content_inlines);
    w_.start_array();
    w_.string(url);
    w_.string(title);
    w_.end_array();
    w_.end_array();
    w_.end_object();
  }

  void note(const model::FootnoteRef& r) {
    auto it = notes_.find(r.label);
    if (it == notes_.end() || writing_.count(r.label)) {  // no definition (or a note inside itself)
      text("[^" + r.label + "]");
      return;
    }
    const Block& def = *it->second;
    writing_.insert(r.label);
    tagged("Note");
    content();
    w_.start_array();
    tagged("Div");
    content();
    w_.start_array();
    attr({}, {}, {}, def.pos, r.label);
    w_.start_array();
    blocks(std::get<model::FootnoteDef>(def.node).blocks);
    w_.end_array();
    w_.end_array();
    w_.end_object();
    w_.end_array();
    w_.end_object();
    writing_.erase(r.label);
  }

  void cite(const model::Cite& c) {
    tagged("Cite");
    content();
    w_.start_array();
    w_.start_array();
    for (const auto& item : c.items) {
      w_.start_object();
      w_.key("citationId");
      w_.string(item.key);
      w_.key("citationPrefix");
      inlines(item.prefix);
      w_.key("citationSuffix");
      Inlines suffix;
      // pandoc's own form: "[@key, p. 33]", but "@key [p. 33]" for an author-in-text citation
      if (!item.locator.empty())
        suffix.push_back({model::Text{(item.mode == model::CiteMode::AuthorInText ? "" : ", ") +
                                      model::locator_text(item.label, item.locator)}});
      for (const auto& in : item.suffix) {
        if (auto* t = std::get_if<model::Text>(&in.node); t && !suffix.empty())
          if (auto* last = std::get_if<model::Text>(&suffix.back().node)) {
            last->text += t->text;
            continue;
          }
        suffix.push_back(in);
      }
      inlines(suffix);
      w_.key("citationMode");
      plain(item.mode == model::CiteMode::AuthorInText     ? "AuthorInText"
            : item.mode == model::CiteMode::SuppressAuthor ? "SuppressAuthor"
                                                           : "NormalCitation");
      w_.key("citationNoteNum");
      w_.integer(0);
      w_.key("citationHash");
      w_.integer(0);
      w_.end_object();
    }
    w_.end_array();
    inlines(model::cite_fallback(c));
    w_.end_array();
    w_.end_object();
  }

  template <class T>
  void figure_attr(const T& i) {
    if constexpr (requires {
                    i.id;
                    i.classes;
                    i.attributes;
                    i.number;
                  })
      attr(i.id, i.classes, numbered(i.attributes, i.number));
    else
      empty_attr();
  }

  void blocks(const Blocks& bs) {
    for (const auto& b : bs) block(b);
  }

  // A block without attributes of its own carries its position in a div around it, as pandoc's
  // sourcepos extension does.
  template <class F>
  void positioned(const Block& b, F body) {
    if (!b.pos.known()) return body();
    tagged("Div");
    content();
    w_.start_array();
    attr({}, {}, {}, b.pos);
    w_.start_array();
    body();
    w_.end_array();
    w_.end_array();
    w_.end_object();
  }

  void items(const std::vector<model::ListItem>& list, bool tight) {
    w_.start_array();
    for (const auto& item : list) {
      w_.start_array();
      bool first = true;
      for (const auto& b : item.blocks) {
        const auto* p = std::get_if<model::Paragraph>(&b.node);
        if (p && first && item.checked) {
          Inlines marked{{model::Text{*item.checked ? "\u2612 " : "\u2610 "}}};
          for (const auto& in : p->content) marked.push_back(in);
          if (auto* t = std::get_if<model::Text>(&marked[0].node); t && marked.size() > 1)
            if (auto* next = std::get_if<model::Text>(&marked[1].node)) {
              t->text += next->text;
              marked.erase(marked.begin() + 1);
            }
          positioned(b, [&] { paragraph(marked, tight); });
        } else if (p && tight) {
          positioned(b, [&] { paragraph(p->content, true); });
        } else {
          block(b);
        }
        first = false;
      }
      if (item.blocks.empty() && item.checked) paragraph({{model::Text{*item.checked ? "\u2612" : "\u2610"}}}, tight);
      w_.end_array();
    }
    w_.end_array();
  }

  void paragraph(const Inlines& content_inlines, bool tight = false) {
    wrapped(tight ? "Plain" : "Para", content_inlines);
  }

  void alignment(model::Align a) {
    plain(a == model::Align::Left     ? "AlignLeft"
          : a == model::Align::Center ? "AlignCenter"
          : a == model::Align::Right  ? "AlignRight"
                                      : "AlignDefault");
  }

  void row(const std::vector<Inlines>& cells, const std::vector<model::Align>& aligns) {
    w_.start_array();
    empty_attr();
    w_.start_array();
    for (std::size_t i = 0; i < cells.size(); ++i) {
      w_.start_array();
      empty_attr();
      alignment(i < aligns.size() ? aligns[i] : model::Align::Default);
      w_.integer(1);
      w_.integer(1);
      w_.start_array();
      if (!cells[i].empty()) paragraph(cells[i], true);
      w_.end_array();
      w_.end_array();
    }
    w_.end_array();
    w_.end_array();
  }

  // A figure's or table's number, as compose set it, as a data- attribute (pandoc has no place for it).
  static std::vector<std::pair<std::string, std::string>> numbered(
      std::vector<std::pair<std::string, std::string>> attributes, const std::string& number) {
    if (!number.empty()) attributes.emplace_back("data-number", number);
    return attributes;
  }

  // Figures' and tables' identifiers, attributes, numbers and tables' captions, where the model has them.
  template <class T>
  void table(const T& t, const SourcePos& pos) {
    tagged("Table");
    content();
    w_.start_array();
    if constexpr (requires {
                    t.id;
                    t.number;
                  })
      attr(t.id, {}, numbered({}, t.number), pos);
    else
      attr({}, {}, {}, pos);
    w_.start_array();  // caption
    w_.null();
    w_.start_array();
    if constexpr (requires { t.caption; })
      if (!t.caption.empty()) paragraph(t.caption, true);
    w_.end_array();
    w_.end_array();
    w_.start_array();
    bool widths = t.widths.size() == t.aligns.size();  // shares of the text width, as pandoc's ColWidth
    for (std::size_t i = 0; i < t.aligns.size(); ++i) {
      w_.start_array();
      alignment(t.aligns[i]);
      if (widths) {
        tagged("ColWidth");
        content();
        w_.number(t.widths[i]);
        w_.end_object();
      } else {
        plain("ColWidthDefault");
      }
      w_.end_array();
    }
    w_.end_array();
    w_.start_array();  // head
    empty_attr();
    w_.start_array();
    row(t.header, t.aligns);
    w_.end_array();
    w_.end_array();
    w_.start_array();  // bodies
    w_.start_array();
    empty_attr();
    w_.integer(0);
    w_.start_array();
    w_.end_array();
    w_.start_array();
    for (const auto& r : t.rows) row(r, t.aligns);
    w_.end_array();
    w_.end_array();
    w_.end_array();
    w_.start_array();  // foot
    empty_attr();
    w_.start_array();
    w_.end_array();
    w_.end_array();
    w_.end_array();
    w_.end_object();
  }

  void block(const Block& b) {
    std::visit(overloaded{
                   [&](const model::Paragraph& p) { positioned(b, [&] { paragraph(p.content); }); },
                   [&](const model::Heading& h) {
                     tagged("Header");
                     content();
                     w_.start_array();
                     w_.integer(h.level);
                     attr(h.id, {}, {}, b.pos);
                     inlines(h.content);
                     w_.end_array();
                     w_.end_object();
                   },
                   [&](const model::BulletList& l) {
                     positioned(b, [&] {
                       tagged("BulletList");
                       content();
                       items(l.items, l.tight);
                       w_.end_object();
                     });
                   },
                   [&](const model::OrderedList& l) {
                     positioned(b, [&] {
                       tagged("OrderedList");
                       content();
                       w_.start_array();
                       w_.start_array();
                       w_.integer(l.start);
                       plain("Decimal");
                       plain("Period");
                       w_.end_array();
                       items(l.items, l.tight);
                       w_.end_array();
                       w_.end_object();
                     });
                   },
                   [&](const model::BlockQuote& q) {
                     positioned(b, [&] {
                       tagged("BlockQuote");
                       content();
                       w_.start_array();
                       blocks(q.blocks);
                       w_.end_array();
                       w_.end_object();
                     });
                   },
                   [&](const model::CodeBlock& c) {
                     tagged("CodeBlock");
                     content();
                     w_.start_array();
                     attr({}, c.lang.empty() ? std::vector<std::string>{} : std::vector<std::string>{c.lang}, {},
                          b.pos);
                     std::string_view code = c.text;
                     if (!code.empty() && code.back() == '\n') code.remove_suffix(1);
                     w_.string(code);
                     w_.end_array();
                     w_.end_object();
                   },
                   [&](const model::Table& t) { table(t, b.pos); },
                   [&](const model::ThematicBreak&) { positioned(b, [&] { plain("HorizontalRule"); }); },
                   [&](const model::Image& i) {
                     // pandoc 2's figure: an image alone in a paragraph, its title starting "fig:".
                     positioned(b, [&] {
                       tagged("Para");
                       content();
                       w_.start_array();
                       tagged("Image");
                       content();
                       w_.start_array();
                       figure_attr(i);
                       inlines(i.caption);
                       w_.start_array();
                       w_.string(i.url);
                       w_.string("fig:" + i.title);
                       w_.end_array();
                       w_.end_array();
                       w_.end_object();
                       w_.end_array();
                       w_.end_object();
                     });
                   },
                   [&](const model::PageBreak&) {
                     positioned(b, [&] {
                       tagged("RawBlock");
                       content();
                       w_.start_array();
                       w_.string("latex");
                       w_.string("\\newpage");
                       w_.end_array();
                       w_.end_object();
                     });
                   },
                   [&](const model::FootnoteDef&) {},  // written inside its reference
                   [&](const model::Div& d) {
                     tagged("Div");
                     content();
                     w_.start_array();
                     attr(d.id, d.classes, d.attributes, b.pos);
                     w_.start_array();
                     blocks(d.blocks);
                     w_.end_array();
                     w_.end_array();
                     w_.end_object();
                   },
               },
               b.node);
  }

  // Strings as MetaInlines (what pandoc's YAML reader makes of them), numbers and null as
  // MetaString (read back as YAML scalars), so that a round trip keeps the types.
  void meta(const MetaValue& v) {
    switch (v.kind) {
      case MetaValue::Kind::Map:
        tagged("MetaMap");
        content();
        w_.start_object();
        for (const auto& [k, item] : v.map) {
          w_.key(k);
          meta(item);
        }
        w_.end_object();
        break;
      case MetaValue::Kind::List:
        tagged("MetaList");
        content();
        w_.start_array();
        for (const auto& item : v.list) meta(item);
        w_.end_array();
        break;
      case MetaValue::Kind::Bool:
        tagged("MetaBool");
        content();
        w_.boolean(v.scalar == "true");
        break;
      case MetaValue::Kind::Number:
      case MetaValue::Kind::Null:
        tagged("MetaString");
        content();
        w_.string(v.kind == MetaValue::Kind::Null ? "null" : v.scalar);
        break;
      case MetaValue::Kind::String:
        tagged("MetaInlines");
        content();
        w_.start_array();
        text(v.scalar);
        w_.end_array();
        break;
    }
    w_.end_object();
  }

  json::Writer w_;
  std::map<std::string, const Block*> notes_;
  std::set<std::string> writing_;
};

}  // namespace

void write_pandoc_json(const model::Document& doc, std::ostream& out) {
  Writer writer(doc, out);
  writer.document(doc);
}

}  // namespace quire::pandoc
