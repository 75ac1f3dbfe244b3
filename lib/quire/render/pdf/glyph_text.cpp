#include "quire/render/pdf/glyph_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <optional>

#include "quire/model/utf8.hpp"

namespace quire::render::detail {

double FaceUse::width(std::uint32_t glyph) const {
  if (glyph >= info.glyph_count()) return 0;
  if (widths_.empty()) widths_.assign(info.glyph_count(), -1);
  double& w = widths_[glyph];
  if (w < 0) w = std::round(info.advance_units(glyph) * 1e6 / info.units_per_em()) / 1000;
  return w;
}

std::uint32_t FaceUse::glyph_of(char32_t c) {
  auto [it, fresh] = glyphs_.try_emplace(c, 0);
  if (fresh) it->second = info.glyph_of(c);
  return it->second;
}

int FontRegistry::index(const layout::FontFace& face) {
  for (std::size_t i = 0; i < faces_.size(); ++i)
    if (faces_[i]->info.face() == face) return static_cast<int>(i);
  faces_.push_back(std::make_unique<FaceUse>(face));
  return static_cast<int>(faces_.size() - 1);
}

namespace {

// pdf_number's text in `buf` (64 bytes), without a heap allocation: the hot path writes one per glyph.
std::string_view format_number(char* buf, double v, int decimals) {
  if (!std::isfinite(v)) return "0";
  auto [end, ec] = std::to_chars(buf, buf + 64, v, std::chars_format::fixed, decimals);
  if (ec != std::errc()) return "0";
  std::string_view s(buf, static_cast<std::size_t>(end - buf));
  if (s.find('.') != std::string_view::npos) {
    while (s.back() == '0') s.remove_suffix(1);
    if (s.back() == '.') s.remove_suffix(1);
  }
  if (s == "-0") return "0";
  return s;
}

}  // namespace

std::string pdf_number(double v, int decimals) {
  char buf[64];
  return std::string(format_number(buf, v, decimals));
}

std::string utf16_hex(std::string_view utf8, bool bom) {
  std::string out = bom ? "FEFF" : "";
  char buf[8];
  auto unit = [&](unsigned u) {
    std::snprintf(buf, sizeof buf, "%04X", u);
    out += buf;
  };
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t c = next_char(utf8, i);
    if (c > 0xFFFF) {
      unit(0xD800 + ((c - 0x10000) >> 10));
      unit(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      unit(static_cast<unsigned>(c));
    }
  }
  return out;
}

std::vector<layout::Glyph> nominal_glyphs(const layout::GlyphRun& run, FaceUse& use) {
  std::vector<layout::Glyph> glyphs;
  for (std::size_t i = 0; i < run.text.size();) {
    auto at = static_cast<std::uint32_t>(i);
    char32_t c = next_char(run.text, i);
    layout::Glyph g;
    g.id = use.glyph_of(c);
    g.cluster = at;
    g.advance = float(use.width(g.id) * run.size / 1000);
    glyphs.push_back(g);
  }
  return glyphs;
}

void Shower::glyph(std::uint32_t id) {
  char buf[64];
  std::string_view n = format_number(buf, pending_, 2);
  pending_ = 0;
  if (n != "0") {
    close_hex();
    if (!items_.empty()) items_ += ' ';
    items_ += n;
    numbers_ = true;
  }
  if (!in_hex_) {
    items_ += items_.empty() ? "<" : " <";
    in_hex_ = true;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  char hex[4] = {kHex[(id >> 12) & 15], kHex[(id >> 8) & 15], kHex[(id >> 4) & 15], kHex[id & 15]};
  items_.append(hex, 4);
  ++glyphs_;
}

void Shower::flush(std::string& out) {
  if (glyphs_ == 0) return;
  close_hex();
  out += glyphs_ == 1 && !numbers_ ? items_ + " Tj\n" : "[" + items_ + "] TJ\n";
  items_.clear();
  glyphs_ = 0;
  numbers_ = false;
}

void Shower::close_hex() {
  if (in_hex_) items_ += '>';
  in_hex_ = false;
}

void close_show(std::string& out, TextState& state) { state.shower.flush(out); }

namespace {

// `v` as pdf_number writes it with 3 decimals.
double as_written(double v) {
  std::string text = pdf_number(v, 3);
  double out = 0;
  std::from_chars(text.data(), text.data() + text.size(), out);
  return out;
}

// Consecutive glyphs drawn together: `actual` is set when they need an /ActualText span.
struct Piece {
  std::size_t begin = 0, end = 0;
  std::optional<std::string> actual;
};

// The text each cluster stands for: from its start to the next cluster's start (a ligature spans
// several characters), the last to the end of the text.
class Clusters {
 public:
  Clusters(const std::vector<layout::Glyph>& glyphs, const std::string& text) : text_(text) {
    for (const auto& g : glyphs) starts_.push_back(std::min<std::size_t>(g.cluster, text.size()));
    std::sort(starts_.begin(), starts_.end());
    starts_.erase(std::unique(starts_.begin(), starts_.end()), starts_.end());
  }

  std::string text(std::uint32_t cluster) const {
    std::size_t from = std::min<std::size_t>(cluster, text_.size());
    auto next = std::upper_bound(starts_.begin(), starts_.end(), from);
    return text_.substr(from, (next == starts_.end() ? text_.size() : *next) - from);
  }

 private:
  const std::string& text_;
  std::vector<std::size_t> starts_;
};

// `text` with its characters in reverse order.
std::string reversed(const std::string& text) {
  std::vector<char32_t> chars;
  for (std::size_t i = 0; i < text.size();) chars.push_back(next_char(text, i));
  std::string out;
  for (auto c = chars.rbegin(); c != chars.rend(); ++c) append_utf8(out, *c);
  return out;
}

// Records first uses and splits the glyphs into pieces that read as their text (no span) and pieces
// that do not (a span each). Left to right, neighbouring clusters that need a span share one. Right to
// left, glyphs come in visual order and extractors (poppler) put characters in reading order by their
// positions: single characters are left to their ToUnicode entries at their own places, and a cluster
// that needs a span gets its own, so the clusters' order stays visual. A right-to-left glyph standing
// for several characters (lam-alef) maps to them in visual order, as the glyph shows them: the
// extractor turns the line around and so reads them in reading order (the model of PDF's
// /ReversedChars, whose show strings are reversed text). A left-to-right run whose
// clusters go back (reordered by the shaper) is one span over its whole text.
std::vector<Piece> plan(const layout::GlyphRun& run, const std::vector<layout::Glyph>& glyphs, FaceUse& use,
                        bool every_glyph) {
  Clusters clusters(glyphs, run.text);
  bool in_order = true;
  for (std::size_t i = 1; i < glyphs.size(); ++i)
    if (run.rtl ? glyphs[i].cluster > glyphs[i - 1].cluster : glyphs[i].cluster < glyphs[i - 1].cluster)
      in_order = false;
  std::vector<Piece> pieces;
  for (std::size_t i = 0; i < glyphs.size();) {
    std::size_t j = i + 1;
    while (j < glyphs.size() && glyphs[j].cluster == glyphs[i].cluster) ++j;
    std::string text = clusters.text(glyphs[i].cluster);
    if (run.rtl && j - i == 1) text = reversed(text);
    // The first glyph of a cluster stands for all of its text; the others (marks, parts) for nothing,
    // or with `every_glyph` (the cluster has its /ActualText anyway) for a character each: one per glyph
    // when the counts agree, else the cluster's last.
    std::vector<std::string> chars;
    if (every_glyph && j - i > 1)
      for (std::size_t at = 0; at < text.size();) {
        std::string one;
        append_utf8(one, next_char(text, at));
        chars.push_back(std::move(one));
      }
    for (std::size_t k = i; k < j; ++k) {
      std::string mapped = k == i ? text : std::string();
      if (!chars.empty()) mapped = chars.size() == j - i ? chars[k - i] : k == i ? text : chars.back();
      use.text.try_emplace(glyphs[k].id, std::move(mapped));
    }
    bool plain = j - i == 1 && use.text.at(glyphs[i].id) == text;
    bool merge = !pieces.empty() && pieces.back().actual.has_value() == !plain && (plain || !run.rtl);
    if (merge) {
      pieces.back().end = j;
      if (!plain) *pieces.back().actual += text;
    } else {
      pieces.push_back({i, j, plain ? std::nullopt : std::optional<std::string>(text)});
    }
    i = j;
  }
  if (!in_order) return {{0, glyphs.size(), run.text}};
  return pieces;
}

}  // namespace

void append_run(std::string& out, const layout::GlyphRun& run, double x, double y, int font, FaceUse& use,
                TextState& state) {
  if (!(run.size > 0) || !std::isfinite(run.size)) return;  // nothing to see, and no em to divide by
  std::vector<layout::Glyph> nominal;
  if (run.glyphs.empty()) nominal = nominal_glyphs(run, use);
  const auto& source = run.glyphs.empty() ? nominal : run.glyphs;
  if (source.empty()) return;
  // A glyph id the face does not have would address nothing in the embedded font: draw .notdef.
  std::vector<layout::Glyph> glyphs = source;
  for (auto& g : glyphs)
    if (g.id >= use.info.glyph_count()) g.id = 0;

  double per_point = 1000 / run.size;  // thousandths of an em in a point
  Shower& shower = state.shower;
  bool upright = run.angle == 0;
  bool same_line = upright && state.line && y == state.pen_y;
  // A word space: a gap of a tenth of an em or more on the line; or a new line not after a hyphen.
  std::uint32_t space = 0;
  if (state.spaces && state.words && (same_line ? x - state.pen_x > 0.1 * run.size : !state.hyphen)) {
    space = use.glyph_of(U' ');
    if (space != 0) use.text.try_emplace(space, " ");
    if (space != 0 && use.text.at(space) != " ") space = 0;
  }
  if (same_line && font == state.font && run.size == state.size) {
    if (space != 0) {  // in the gap, the rest of the gap after it
      shower.glyph(space);
      shower.move(use.width(space));
    }
    shower.move(-(x - state.pen_x) * per_point);  // the gap from the run before, on its baseline
    space = 0;
  } else {
    shower.flush(out);
    shower.forget_move();  // the last run's final adjustment is relative to its own line
    if (font != state.font || run.size != state.size) {
      out += "/F" + std::to_string(font) + ' ' + pdf_number(run.size, 3) + " Tf\n";
      state.font = font;
      state.size = run.size;
    }
    double radians = run.angle * std::numbers::pi / 180;
    double c = upright ? 1 : std::cos(radians), s = upright ? 0 : std::sin(radians);
    // The position as written: later gaps on this line are measured from it, not from `x`.
    double tx = as_written(x), ty = as_written(y);
    out += pdf_number(c, 5) + ' ' + pdf_number(s, 5) + ' ' + pdf_number(-s, 5) + ' ' + pdf_number(c, 5) + ' ' +
           pdf_number(tx, 3) + ' ' + pdf_number(ty, 3) + " Tm\n";
    x = tx;
  }
  if (space != 0) {  // at the run's start, the pen moved back over it
    shower.glyph(space);
    shower.move(use.width(space));
  }
  state.words = true;
  state.hyphen =
      !run.text.empty() && (run.text.back() == '-' || run.text.ends_with("\u00AD") || run.text.ends_with("\u2010"));
  state.line = upright;
  state.pen_y = y;
  state.pen_x = x;
  for (const auto& g : glyphs) state.pen_x += g.advance;

  for (const Piece& piece : plan(run, glyphs, use, state.every_glyph)) {
    if (piece.actual) {
      shower.flush(out);
      out += "/Span <</ActualText <" + utf16_hex(*piece.actual, true) + ">>> BDC\n";
    }
    for (std::size_t i = piece.begin; i < piece.end; ++i) {
      const layout::Glyph& g = glyphs[i];
      shower.move(-g.dx * per_point);
      if (g.dy != 0) {
        shower.flush(out);
        out += pdf_number(g.dy, 3) + " Ts\n";
      }
      shower.glyph(g.id);
      if (g.dy != 0) {
        shower.flush(out);
        out += "0 Ts\n";
      }
      shower.move(use.width(g.id) - (g.advance - g.dx) * per_point);
    }
    if (piece.actual) {
      shower.flush(out);
      out += "EMC\n";
    }
  }
}

}  // namespace quire::render::detail
