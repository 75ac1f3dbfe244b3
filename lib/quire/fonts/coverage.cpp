#include "quire/fonts/coverage.hpp"

#include <fontconfig/fontconfig.h>

#include <cstdio>
#include <set>

#include "quire/model/overloaded.hpp"
#include "quire/model/utf8.hpp"

namespace quire::fonts {

namespace {

// The character set of every TrueType (glyf) font fontconfig lists: what fallback can reach.
FcCharSet* system_characters() {
  static FcCharSet* all = [] {
    FcCharSet* chars = FcCharSetCreate();
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FONTFORMAT, reinterpret_cast<const FcChar8*>("TrueType"));
    FcObjectSet* objects = FcObjectSetBuild(FC_CHARSET, nullptr);
    FcFontSet* fonts = FcFontList(nullptr, pattern, objects);
    for (int i = 0; fonts && i < fonts->nfont; ++i) {
      FcCharSet* has = nullptr;
      if (FcPatternGetCharSet(fonts->fonts[i], FC_CHARSET, 0, &has) == FcResultMatch)
        FcCharSetMerge(chars, has, nullptr);
    }
    if (fonts) FcFontSetDestroy(fonts);
    FcObjectSetDestroy(objects);
    FcPatternDestroy(pattern);
    return chars;
  }();
  return all;
}

bool drawn_without_glyph(char32_t c) { return c < 0x20 || is_invisible_format(c); }

class Checker {
 public:
  explicit Checker(Diagnostics& diags) : diags_(diags) {}

  void blocks(const model::Blocks& bs) {
    for (const auto& b : bs) block(b);
  }

 private:
  void block(const model::Block& b) {
    const SourcePos& pos = model::where(b);
    std::visit(overloaded{
                   [&](const model::Paragraph& p) { inlines(p.content, pos); },
                   [&](const model::Heading& h) { inlines(h.content, pos); },
                   [&](const model::BulletList& l) { items(l.items); },
                   [&](const model::OrderedList& l) { items(l.items); },
                   [&](const model::BlockQuote& q) { blocks(q.blocks); },
                   [&](const model::CodeBlock& c) { text(c.text, pos); },
                   [&](const model::Table& t) {
                     inlines(t.caption, pos);
                     for (const auto& cell : t.header) inlines(cell, pos);
                     for (const auto& row : t.rows)
                       for (const auto& cell : row) inlines(cell, pos);
                   },
                   [&](const model::Image& i) { inlines(i.caption, pos); },
                   [&](const model::FootnoteDef& f) { blocks(f.blocks); },
                   [&](const model::Div& d) { blocks(d.blocks); },
                   [&](const auto&) {},
               },
               b.node);
  }

  void items(const std::vector<model::ListItem>& list) {
    for (const auto& item : list) blocks(item.blocks);
  }

  void inlines(const model::Inlines& in, const SourcePos& pos) { text(model::plain_text(in), pos); }

  void text(std::string_view s, const SourcePos& pos) {
    for (std::size_t i = 0; i < s.size();) {
      char32_t c = next_char(s, i);
      if (drawn_without_glyph(c) || any_font_has(c) || !said_.insert(c).second) continue;
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", unsigned(c));
      Diagnostic d;
      d.severity = Severity::Warning;
      d.pos = pos;
      d.message = std::string("no installed font has ") + code + "; it would be drawn as an empty box";
      d.rule = "missing-glyph";
      diags_.add(std::move(d));
    }
  }

  Diagnostics& diags_;
  std::set<char32_t> said_;
};

}  // namespace

// Latin up to Latin Extended-B is in every default face: no need to ask fontconfig (and pay for its
// start) for a document written in it.
bool any_font_has(char32_t c) { return c < 0x250 || FcCharSetHasChar(system_characters(), c); }

void check_coverage(const model::Document& doc, Diagnostics& diags) { Checker(diags).blocks(doc.blocks); }

}  // namespace quire::fonts
