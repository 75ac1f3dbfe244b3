#include "quire/render/text/layout_dump.hpp"

#include <cmath>
#include <cstdio>

namespace quire::render {

namespace {

void number(std::string& out, double v) {
  double rounded = std::round(v * 100) / 100;
  if (rounded == 0) rounded = 0;  // no "-0.00"
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", rounded);
  out += buf;
}

void numbers(std::string& out, std::initializer_list<double> vs) {
  for (double v : vs) {
    out += ' ';
    number(out, v);
  }
}

// Control characters (and, inside quotes, `"` and `\`) escaped so that every item stays on one line.
void escaped(std::string& out, const std::string& s, bool quoted) {
  for (unsigned char c : s) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else if (quoted && (c == '"' || c == '\\')) {
      out += '\\';
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(c);
    }
  }
}

void item(std::string& out, const layout::Item& it) {
  if (auto* g = std::get_if<layout::GlyphRun>(&it)) {
    out += "text";
    numbers(out, {g->x, g->y});
    out += " f" + std::to_string(g->face);
    numbers(out, {g->size});
    out += " \"";
    escaped(out, g->text, true);
    out += '"';
    if (g->angle != 0) {
      out += " angle";
      numbers(out, {g->angle});
    }
    if (g->rtl) out += " rtl";
    // Shaped glyphs as id@cluster:advance, with /dx,dy when the glyph is offset (marks).
    if (!g->glyphs.empty()) out += " glyphs";
    for (const auto& glyph : g->glyphs) {
      out += ' ' + std::to_string(glyph.id) + '@' + std::to_string(glyph.cluster) + ':';
      number(out, glyph.advance);
      if (glyph.dx != 0 || glyph.dy != 0) {
        out += '/';
        number(out, glyph.dx);
        out += ',';
        number(out, glyph.dy);
      }
    }
  } else if (auto* r = std::get_if<layout::Rule>(&it)) {
    out += "rule";
    numbers(out, {r->x, r->y, r->width, r->height});
  } else if (auto* i = std::get_if<layout::PlacedImage>(&it)) {
    out += "image";
    numbers(out, {i->x, i->y, i->width, i->height});
    out += ' ';
    escaped(out, i->path, false);
    if (i->page > 1) out += " page " + std::to_string(i->page);
  } else if (auto* l = std::get_if<layout::LinkArea>(&it)) {
    out += "link";
    numbers(out, {l->x, l->y, l->width, l->height});
    out += ' ';
    escaped(out, l->url, false);
  } else if (auto* a = std::get_if<layout::Anchor>(&it)) {
    out += "anchor";
    numbers(out, {a->x, a->y});
    out += ' ';
    escaped(out, a->id, false);
  }
  out += '\n';
}

}  // namespace

std::string dump_layout(const layout::LaidOutDocument& doc) {
  std::string out;
  for (std::size_t p = 0; p < doc.pages.size(); ++p) {
    const auto& page = doc.pages[p];
    out += "page " + std::to_string(p + 1) + ' ';
    number(out, page.width);
    out += 'x';
    number(out, page.height);
    out += '\n';
    for (const auto& it : page.items) item(out, it);
    if (!page.turned) continue;
    // A landscape page's turned body: its frame's corner on the page and size, then its items in the
    // frame's coordinates.
    out += "turned";
    numbers(out, {page.turned->x, page.turned->y, page.turned->width, page.turned->height});
    out += '\n';
    for (const auto& it : page.turned->items) {
      out += "  ";
      item(out, it);
    }
  }
  for (const auto& entry : doc.outline) {
    out += "outline " + std::to_string(entry.level) + ' ' + std::to_string(entry.page + 1);
    numbers(out, {entry.y});
    out += " \"";
    escaped(out, entry.title, true);
    out += "\"\n";
  }
  return out;
}

}  // namespace quire::render
