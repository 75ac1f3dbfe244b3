#include "quire/layout/paragraph.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "quire/model/overloaded.hpp"
#include "quire/text/bidi.hpp"
#include "quire/text/breaks.hpp"
#include "quire/text/case.hpp"
#include "quire/text/script.hpp"

namespace quire::layout {

namespace {

using namespace model;

constexpr double kCodeScale = 0.9;  // mono looks large next to serif text
constexpr double kSuperscriptScale = 0.65;
constexpr double kSuperscriptRise = 0.35;  // em of the surrounding text
constexpr double kSubscriptDrop = 0.15;    // em of the surrounding text
constexpr double kSmallCapsScale = 0.78;   // capitals at about the height of lowercase letters

// Penalties of breaks inside a word (TeX's \hyphenpenalty and \exhyphenpenalty are both 50).
constexpr double kHyphenPenalty = 50;         // at a hyphenation point: a hyphen is added
constexpr double kDashPenalty = 50;           // after a hyphen or dash in the text
constexpr double kPlainBreakPenalty = 100;    // after a slash, inside a URL: allowed, not sought
constexpr double kIdeographicStretch = 0.05;  // em between CJK characters, so that their lines justify

// How the characters being added look.
struct Span {
  TextStyle text;
  double rise = 0;
  int link = -1;
  bool strike = false;
  int lang = -1;  // index into ParagraphItems::langs; -1: the paragraph's language
  bool small_caps = false;
};

bool same_look(const Piece& p, int face, const Span& s) {
  return p.face == face && p.size == s.text.size && p.rise == s.rise && p.link == s.link && p.strike == s.strike &&
         p.color == s.text.color && p.lang == s.lang;
}

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool all_space(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return is_space(char32_t(static_cast<unsigned char>(c))); });
}

}  // namespace

namespace {

// The glyphs of `p` whose clusters lie in [from, to), as an index range [first, last) when the glyphs
// run in cluster order (left to right, or right to left in a rtl piece), which shaping guarantees.
std::pair<std::size_t, std::size_t> glyph_range(const Piece& p, std::size_t from, std::size_t to) {
  const auto& g = p.glyphs;
  bool reversed = g.size() > 1 && g.front().cluster > g.back().cluster;
  auto before = [&](std::size_t at) {  // the glyphs whose cluster is < at
    if (reversed)
      return std::size_t(std::partition_point(g.rbegin(), g.rend(), [&](const Glyph& x) { return x.cluster < at; }) -
                         g.rbegin());
    return std::size_t(std::partition_point(g.begin(), g.end(), [&](const Glyph& x) { return x.cluster < at; }) -
                       g.begin());
  };
  std::size_t a = before(from), b = before(to);
  if (reversed) return {g.size() - b, g.size() - a};
  return {a, b};
}

}  // namespace

bool starts_cluster(const Piece& p, std::size_t at) {
  if (at == 0 || at >= p.text.size()) return true;
  auto [first, last] = glyph_range(p, at, at + 1);
  return first != last;
}

std::vector<std::size_t> cluster_starts(const Piece& p) {
  std::vector<std::size_t> cuts;
  cuts.reserve(p.glyphs.size() + 2);
  for (const Glyph& g : p.glyphs) cuts.push_back(g.cluster);
  cuts.push_back(0);
  cuts.push_back(p.text.size());
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  return cuts;
}

Piece slice(const Piece& p, std::size_t from, std::size_t to) {
  if (from == 0 && to >= p.text.size()) return p;
  // Field by field: copying the whole piece first would make cutting a long run into many fragments
  // quadratic.
  Piece part;
  part.size = p.size;
  part.rise = p.rise;
  part.face = p.face;
  part.link = p.link;
  part.strike = p.strike;
  part.color = p.color;
  part.level = p.level;
  part.script = p.script;
  part.lang = p.lang;
  part.text.assign(p.text, from, to - from);
  auto [first, last] = glyph_range(p, from, to);
  part.glyphs.assign(p.glyphs.begin() + std::ptrdiff_t(first), p.glyphs.begin() + std::ptrdiff_t(last));
  for (Glyph& g : part.glyphs) g.cluster -= std::uint32_t(from);
  part.width = advance_of(part.glyphs);
  return part;
}

namespace {

// Walks runs (begin/end/value) alongside a position that only moves forwards.
template <class Run>
class RunCursor {
 public:
  explicit RunCursor(const std::vector<Run>& runs) : runs_(runs) {}
  const Run* at(std::size_t pos) {
    while (i_ < runs_.size() && runs_[i_].end <= pos) ++i_;
    return i_ < runs_.size() ? &runs_[i_] : nullptr;
  }

 private:
  const std::vector<Run>& runs_;
  std::size_t i_ = 0;
};

// The grapheme clusters of a paragraph, found a word at a time (between spaces, which are clusters of
// their own) so that a long paragraph costs no more memory than its longest word.
class Clusters {
 public:
  explicit Clusters(std::string_view text) : text_(text) {}

  // Where the cluster that starts at byte `at` ends.
  std::size_t end_of(std::size_t at) {
    if (at >= word_end_) find_word(at);
    if (ascii_) return at + 1;
    while (next_ < bounds_.size() && word_begin_ + bounds_[next_] <= at) ++next_;
    return next_ < bounds_.size() ? word_begin_ + bounds_[next_] : word_end_;
  }

 private:
  void find_word(std::size_t at) {
    word_begin_ = at;
    word_end_ = at + 1;
    ascii_ = true;
    if (text_[at] != ' ')
      while (word_end_ < text_.size() && text_[word_end_] != ' ') ++word_end_;
    for (std::size_t i = word_begin_; i < word_end_ && ascii_; ++i)
      ascii_ = static_cast<unsigned char>(text_[i]) < 0x80 && text_[i] != '\r';
    if (ascii_) return;
    bounds_ = text::grapheme_boundaries(text_.substr(word_begin_, word_end_ - word_begin_));
    next_ = 0;
  }

  std::string_view text_;
  std::size_t word_begin_ = 0, word_end_ = 0, next_ = 0;
  bool ascii_ = true;  // every byte of the word is a cluster
  std::vector<std::size_t> bounds_;
};

// Collects a paragraph's text as it is walked, then analyses it whole (bidi levels, scripts, grapheme
// clusters) and turns it into pieces and nodes: a piece is one face, look, level and script.
class Builder {
 public:
  Builder(const Fonts& fonts, BreakRules rules, text::Direction direction)
      : fonts_(fonts), rules_(std::move(rules)), direction_(direction) {}

  void text(std::string_view s, const Span& span) { add(Chunk::Text, s, span); }
  // Text that must not break (a footnote mark): appended to the current word.
  void attach(std::string_view s, const Span& span) { add(Chunk::Attach, s, span); }
  void space(const Span& span) { add(Chunk::Space, " ", span); }
  void line_break() { add(Chunk::Break, "\n", Span{}); }

  int link(const std::string& url) {
    items_.links.push_back(url);
    return int(items_.links.size()) - 1;
  }
  int lang(const std::string& tag) {
    auto& langs = items_.langs;
    auto it = std::find(langs.begin(), langs.end(), tag);
    if (it != langs.end()) return int(it - langs.begin());
    langs.push_back(tag);
    return int(langs.size()) - 1;
  }

  ParagraphItems finish() {
    replay();
    close_box();
    drop_trailing_glue();
    while (!items_.nodes.empty() && items_.nodes.back().is_forced()) {
      items_.nodes.pop_back();
      drop_trailing_glue();
    }
    items_.nodes.push_back(Node::forced_break());
    return std::move(items_);
  }

 private:
  struct Chunk {
    enum Kind : std::uint8_t { Text, Attach, Space, Break } kind;
    std::size_t begin, end;  // in text_
    Span span;
  };

  void add(Chunk::Kind kind, std::string_view s, const Span& span) {
    if (s.empty()) return;
    chunks_.push_back({kind, text_.size(), text_.size() + s.size(), span});
    text_ += s;
  }

  // The paragraph as a whole: its direction and levels, its scripts, its clusters; then each cluster
  // into the piece of its face and look.
  void replay() {
    auto bidi = text::bidi_runs(text_, direction_);
    items_.rtl = bidi.base_level % 2 == 1;
    auto scripts = text::script_runs(text_);
    RunCursor<text::LevelRun> levels(bidi.runs);
    RunCursor<text::ScriptRun> script(scripts);
    Clusters clusters(text_);
    for (const Chunk& chunk : chunks_) {
      if (chunk.kind == Chunk::Break) {
        force_break();
        continue;
      }
      for (std::size_t i = chunk.begin; i < chunk.end;) {
        std::size_t end = std::min(chunk.end, clusters.end_of(i));
        std::string_view cluster(text_.data() + i, end - i);
        const auto* level = levels.at(i);
        std::uint8_t lv = level ? level->level : 0;
        if (chunk.kind != Chunk::Attach && all_space(cluster)) {
          glue(chunk.span);
        } else {
          const auto* sc = script.at(i);
          add_cluster(cluster, chunk.span, lv, sc ? sc->script : 0);
        }
        i = end;
      }
    }
  }

  void glue(const Span& span) {
    close_box();
    if (items_.nodes.empty() || items_.nodes.back().kind != Node::Kind::Box) return;
    int face = fonts_.face_for(primary(span), U' ');
    double w = fonts_.metrics.advance(face, U' ') * span.text.size;
    items_.nodes.push_back(Node::glue(w, w / 2, w / 3));
  }

  void force_break() {
    close_box();
    drop_trailing_glue();
    items_.nodes.push_back(Node::forced_break());
  }

  std::string_view lang_of(int index) const {
    return index < 0 ? std::string_view(rules_.lang) : std::string_view(items_.langs[std::size_t(index)]);
  }

  int primary(const Span& s) const { return fonts_.set.face(s.text.family, s.text.bold, s.text.italic); }
  int primary(const Span& s, std::uint32_t script) const {
    return fonts_.set.face(s.text.family, s.text.bold, s.text.italic, script);
  }

  void add_cluster(std::string_view bytes, const Span& span, std::uint8_t level, std::uint32_t script) {
    int face = fonts_.face_for_cluster(primary(span, script), bytes, lang_of(span.lang));
    if (face < 0) {
      note_missing(items_.missing, bytes, script);
      face = primary(span);
    }
    if (!box_open_) {
      box_open_ = true;
      box_first_ = items_.pieces.size();
      box_width_ = 0;
    }
    Piece* last = items_.pieces.size() == box_first_ ? nullptr : &items_.pieces.back();
    if (!last || !same_look(*last, face, span) || last->level != level || last->script != script) {
      Piece p;
      p.face = face;
      p.size = span.text.size;
      p.rise = span.rise;
      p.link = span.link;
      p.strike = span.strike;
      p.color = span.text.color;
      p.level = level;
      p.script = script;
      p.lang = span.lang;
      items_.pieces.push_back(std::move(p));
    }
    items_.pieces.back().text += bytes;
  }

  void close_box() {
    if (!box_open_) return;
    box_open_ = false;
    shape_box();
    auto breaks = breaks_in_box();
    if (!breaks.empty()) {
      split_box(breaks);
      return;
    }
    auto count = static_cast<std::uint32_t>(items_.pieces.size() - box_first_);
    items_.nodes.push_back(Node::box(box_width_, static_cast<std::uint32_t>(box_first_), count));
  }

  // Shapes each piece of the word just closed: pairs across a change of face or size are not kerned,
  // as in TeX.
  void shape_box() {
    for (std::size_t k = box_first_; k < items_.pieces.size(); ++k) {
      Piece& p = items_.pieces[k];
      p.glyphs = fonts_.shape(p.face, p.size, p.text, p.script, p.level % 2 == 1, lang_of(p.lang));
      p.width = advance_of(p.glyphs);
      box_width_ += p.width;
    }
  }

  // Where the open word may break (breaks.hpp), as byte offsets into its pieces' text.
  std::vector<WordBreak> breaks_in_box() const {
    if (items_.pieces.size() == box_first_ + 1 && items_.pieces.back().rise == 0)
      return word_breaks(items_.pieces.back().text, {}, rules_);
    std::string word;
    std::vector<bool> raised;
    for (std::size_t k = box_first_; k < items_.pieces.size(); ++k) {
      const Piece& p = items_.pieces[k];
      word += p.text;
      raised.insert(raised.end(), p.text.size(), p.rise != 0);
    }
    return word_breaks(word, raised, rules_);
  }

  // Replaces the open word's pieces by boxes between its breaks, with a penalty or glue at each.
  void split_box(const std::vector<WordBreak>& breaks) {
    std::vector<Piece> word(std::make_move_iterator(items_.pieces.begin() + std::ptrdiff_t(box_first_)),
                            std::make_move_iterator(items_.pieces.end()));
    items_.pieces.resize(box_first_);
    std::size_t first = box_first_, next = 0, offset = 0;
    double width = 0;
    auto fragment = [&](const Piece& p, std::size_t from, std::size_t to) {
      if (from == to) return;
      Piece part = slice(p, from, to);
      width += part.width;
      items_.pieces.push_back(std::move(part));
    };
    auto close = [&] {
      auto count = static_cast<std::uint32_t>(items_.pieces.size() - first);
      if (count > 0) items_.nodes.push_back(Node::box(width, static_cast<std::uint32_t>(first), count));
      width = 0;
    };
    for (const Piece& p : word) {
      std::size_t from = 0;
      for (; next < breaks.size() && breaks[next].offset < offset + p.text.size(); ++next) {
        std::size_t cut = breaks[next].offset - offset;
        if (!starts_cluster(p, cut)) continue;  // inside a ligature or a base with its marks
        fragment(p, from, cut);
        from = cut;
        close();
        add_break(breaks[next].kind);
        first = items_.pieces.size();
      }
      fragment(p, from, p.text.size());
      offset += p.text.size();
    }
    close();
  }

  void add_break(WordBreak::Kind kind) {
    const Piece& before = items_.pieces.back();
    switch (kind) {
      case WordBreak::Kind::Plain:
        items_.nodes.push_back(Node::optional_break(kPlainBreakPenalty));
        break;
      case WordBreak::Kind::AfterDash:
        items_.nodes.push_back(Node::optional_break(kDashPenalty, 0, true));
        break;
      case WordBreak::Kind::Ideographic:
        items_.nodes.push_back(Node::glue(0, kIdeographicStretch * before.size, 0));
        break;
      case WordBreak::Kind::Hyphen: {
        Piece hyphen = before;
        hyphen.face = fonts_.face_for(before.face, U'-');
        hyphen.text = "-";
        hyphen.glyphs = fonts_.shape(hyphen.face, before.size, hyphen.text);
        hyphen.width = advance_of(hyphen.glyphs);
        Node n = Node::optional_break(kHyphenPenalty, hyphen.width, true);
        n.hyphenation = true;
        n.first = static_cast<std::uint32_t>(items_.pieces.size());
        n.count = 1;
        items_.pieces.push_back(std::move(hyphen));
        items_.nodes.push_back(n);
        break;
      }
    }
  }

  void drop_trailing_glue() {
    while (!items_.nodes.empty() && items_.nodes.back().kind == Node::Kind::Glue) items_.nodes.pop_back();
  }

  const Fonts& fonts_;
  BreakRules rules_;
  text::Direction direction_;
  std::string text_;  // the whole paragraph, as the analyses see it
  std::vector<Chunk> chunks_;
  ParagraphItems items_;
  bool box_open_ = false;
  std::size_t box_first_ = 0;
  double box_width_ = 0;
};

struct InlineWalker {
  Builder& b;
  const InlineContext& ctx;

  void walk(const Inlines& inlines, const Span& span) {
    for (const auto& in : inlines) one(in, span);
  }

  void one(const Inline& in, const Span& span) {
    std::visit(
        overloaded{[&](const Text& t) { text(t.text, span); },
                   [&](const Emph& e) { walk(e.content, with(span, [](Span& s) { s.text.italic = !s.text.italic; })); },
                   [&](const Strong& s) { walk(s.content, with(span, [](Span& x) { x.text.bold = true; })); },
                   [&](const Strike& s) { walk(s.content, with(span, [](Span& x) { x.strike = true; })); },
                   [&](const Code& c) { b.text(c.text, code_span(span)); },
                   [&](const Link& l) { walk(l.content, link_span(span, l.url)); },
                   [&](const InlineImage& img) { walk(img.alt, span); },
                   [&](const FootnoteRef& r) { footnote(r, span); }, [&](const SoftBreak&) { b.space(span); },
                   [&](const LineBreak&) { b.line_break(); },
                   [&](const model::Span& s) { walk(s.content, span_look(s, span)); },
                   // Compose renders citations from the bibliography; one left here is shown as its keys.
                   [&](const model::Cite& c) { walk(model::cite_fallback(c), span); }},
        in.node);
  }

  void text(const std::string& s, const Span& span) {
    if (!span.small_caps) return b.text(s, span);
    Span smaller = span;
    smaller.text.size *= kSmallCapsScale;
    for (const auto& run : text::small_caps_runs(s)) b.text(run.shown, run.lowered ? smaller : span);
  }

  // A span's language and the looks pandoc's classes name (CSL's output uses them too).
  Span span_look(const model::Span& s, Span span) {
    if (const std::string* lang = s.attribute("lang")) span.lang = b.lang(*lang);
    for (const auto& c : s.classes) {
      if (c == "smallcaps") {
        span.small_caps = true;
      } else if (c == "superscript") {
        span.rise += span.text.size * kSuperscriptRise;
        span.text.size *= kSuperscriptScale;
      } else if (c == "subscript") {
        span.rise -= span.text.size * kSubscriptDrop;
        span.text.size *= kSuperscriptScale;
      }
    }
    return span;
  }

  template <class F>
  static Span with(Span s, F change) {
    change(s);
    return s;
  }

  static Span code_span(Span s) {
    s.text.family = Family::Mono;
    s.text.bold = s.text.italic = false;
    s.text.size *= kCodeScale;
    return s;
  }

  Span link_span(Span s, const std::string& url) const {
    s.link = b.link(url);
    s.text.color = ctx.link_color;
    return s;
  }

  void footnote(const FootnoteRef& r, Span s) {
    int n = ctx.notes.number(r.label);
    s.rise += s.text.size * kSuperscriptRise;
    s.text.size *= kSuperscriptScale;
    s.text.bold = s.text.italic = false;
    s.link = b.link("#fn-" + std::to_string(n));  // to the note; layout places the note by this link
    b.attach(std::to_string(n), s);
  }
};

}  // namespace

void note_missing(std::vector<MissingChar>& missing, std::string_view cluster, std::uint32_t script) {
  constexpr std::size_t kMaxMissing = 64;  // bounded on hostile text: the first ones tell the story
  for (std::size_t i = 0; i < cluster.size();) {
    char32_t c = next_char(cluster, i);
    if (missing.size() < kMaxMissing &&
        std::none_of(missing.begin(), missing.end(), [&](const MissingChar& m) { return m.c == c; }))
      missing.push_back({c, script});
  }
}

ParagraphItems build_paragraph(const model::Inlines& inlines, const TextStyle& base, const InlineContext& ctx) {
  Builder b(ctx.fonts, ctx.breaks, ctx.direction);
  InlineWalker walker{b, ctx};
  walker.walk(inlines, Span{base});
  return b.finish();
}

ParagraphItems build_text(std::string_view text, const TextStyle& base, const Fonts& fonts) {
  Builder b(fonts, BreakRules{}, text::Direction::Auto);
  b.text(text, Span{base});
  return b.finish();
}

namespace {

// Copies box `n` into `out` cut into chunks no wider than `measure` (at least one cluster each),
// with a breakable zero-width penalty between chunks.
void split_box(const ParagraphItems& in, const Node& n, double measure, ParagraphItems& out) {
  std::size_t first = out.pieces.size();
  double width = 0;
  auto close_chunk = [&] {
    if (out.pieces.size() == first) return;
    if (out.nodes.size() && out.nodes.back().kind == Node::Kind::Box) out.nodes.push_back({Node::Kind::Penalty});
    out.nodes.push_back(Node::box(width, std::uint32_t(first), std::uint32_t(out.pieces.size() - first)));
    first = out.pieces.size();
    width = 0;
  };
  for (std::uint32_t k = n.first; k < n.first + n.count; ++k) {
    const Piece& p = in.pieces[k];
    std::size_t from = 0;  // where the piece's part in the open chunk starts
    auto cuts = cluster_starts(p);
    std::vector<double> widths(cuts.size(), 0.0);  // of the cluster starting at cuts[c]
    for (const Glyph& g : p.glyphs)
      widths[std::size_t(std::upper_bound(cuts.begin(), cuts.end(), g.cluster) - cuts.begin()) - 1] += g.advance;
    for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
      double w = widths[c];
      if (width > 0 && width + w > measure) {
        if (cuts[c] > from) out.pieces.push_back(slice(p, from, cuts[c]));
        from = cuts[c];
        close_chunk();
      }
      width += w;
    }
    if (p.text.size() > from) out.pieces.push_back(slice(p, from, p.text.size()));
  }
  close_chunk();
}

}  // namespace

int split_wide_boxes(ParagraphItems& items, double measure) {
  // A box must fit a line together with the hyphen that may follow it.
  auto room = [&](std::size_t i) {
    bool hyphen = i + 1 < items.nodes.size() && items.nodes[i + 1].hyphenation;
    return measure - (hyphen ? items.nodes[i + 1].width : 0);
  };
  auto wide = [&](std::size_t i) {
    return items.nodes[i].kind == Node::Kind::Box && items.nodes[i].width > room(i) + 1e-9;
  };
  int count = 0;
  for (std::size_t i = 0; i < items.nodes.size(); ++i) count += wide(i);
  if (count == 0) return 0;
  ParagraphItems out;
  out.links = items.links;
  out.langs = items.langs;
  out.rtl = items.rtl;
  for (std::size_t i = 0; i < items.nodes.size(); ++i) {
    const Node& n = items.nodes[i];
    if (wide(i)) {
      split_box(items, n, room(i), out);
      continue;
    }
    Node copy = n;
    if (n.count > 0) {  // a box's pieces, or the hyphen of a hyphenation point
      copy.first = std::uint32_t(out.pieces.size());
      out.pieces.insert(out.pieces.end(), items.pieces.begin() + n.first, items.pieces.begin() + n.first + n.count);
    }
    out.nodes.push_back(copy);
  }
  items = std::move(out);
  return count;
}

double natural_width(const ParagraphItems& items) {
  double widest = 0, line = 0;
  for (const Node& n : items.nodes) {
    if (n.is_forced()) {
      widest = std::max(widest, line);
      line = 0;
    } else if (n.kind != Node::Kind::Penalty) {
      line += n.width;
    }
  }
  return std::max(widest, line);
}

double widest_box(const ParagraphItems& items) {
  double widest = 0, word = 0;
  for (const Node& n : items.nodes) {
    if (n.kind == Node::Kind::Box)
      word += n.width;
    else if (!n.hyphenation)
      word = 0;
    widest = std::max(widest, word);
  }
  return widest;
}

namespace {

void place_piece(const Piece& p, double x, double baseline, const Fonts& fonts, const ParagraphItems& items,
                 std::vector<Item>& out) {
  double y = baseline - p.rise;
  out.push_back(fonts.run(x, y, p.face, p.size, p.text, p.color, p.glyphs));
  auto& run = std::get<GlyphRun>(out.back());
  run.rtl = p.level % 2 == 1;
  if (p.lang >= 0) run.lang = items.langs[std::size_t(p.lang)];  // a tagged PDF gives it its own /Lang
  if (p.strike) {
    double thickness = std::max(0.4, p.size * 0.05);
    out.push_back(Rule{x, y - p.size * 0.25 - thickness / 2, p.width, thickness, p.color});
  }
  if (p.link >= 0) {
    double ascent = fonts.metrics.ascent(p.face) * p.size, descent = fonts.metrics.descent(p.face) * p.size;
    out.push_back(LinkArea{x, y - ascent, p.width, ascent + descent, items.links[p.link]});
  }
}

bool joins(const Piece& a, const Piece& b) {
  return a.face == b.face && a.size == b.size && a.rise == b.rise && a.link == b.link && a.strike == b.strike &&
         a.color == b.color && a.level == b.level && a.script == b.script && a.lang == b.lang;
}

// Places pieces left to right, joining each to the run before it when nothing separates them.
class RunJoiner {
 public:
  RunJoiner(double x, double baseline, const Fonts& fonts, const ParagraphItems& items, std::vector<Item>& out)
      : x_(x), baseline_(baseline), fonts_(fonts), items_(items), out_(out) {}

  void add(const Piece& p) {
    if (first_ && joins(*first_, p)) {
      if (!joining_) {
        joined_ = *first_;
        joining_ = true;
      }
      // Visual order: a right-to-left piece that comes next on the line came before in the text.
      Piece& j = joined_;
      if (p.level % 2 == 1) {
        for (Glyph& g : j.glyphs) g.cluster += std::uint32_t(p.text.size());
        j.glyphs.insert(j.glyphs.end(), p.glyphs.begin(), p.glyphs.end());
        j.text.insert(0, p.text);
      } else {
        for (Glyph g : p.glyphs) {
          g.cluster += std::uint32_t(j.text.size());
          j.glyphs.push_back(g);
        }
        j.text += p.text;
      }
      j.width += p.width;
    } else {
      flush();
      first_ = &p;
      start_ = x_;
    }
    x_ += p.width;
  }

  void skip(double advance) {
    flush();
    x_ += advance;
  }

  void flush() {
    if (first_) place_piece(joining_ ? joined_ : *first_, start_, baseline_, fonts_, items_, out_);
    first_ = nullptr;
    joining_ = false;
  }

 private:
  double x_, start_ = 0, baseline_;
  const Fonts& fonts_;
  const ParagraphItems& items_;
  std::vector<Item>& out_;
  const Piece* first_ = nullptr;
  Piece joined_;  // the pieces joined so far, when joining_
  bool joining_ = false;
};

// A piece or a space of a line, with its bidi level.
struct Atom {
  const Piece* piece;  // nullptr: a space `advance` wide
  double advance;
  std::uint8_t level;
};

// The atoms' indices left to right. A space takes the lower level of the pieces on its two sides: their
// direction when they agree (Arabic words and Arabic digits, rule N1), else the paragraph's (N2); a line's
// ends take the paragraph's (L1). A hyphen goes with the piece before it.
std::vector<std::size_t> visual_order(std::vector<Atom>& atoms, std::uint8_t base) {
  std::vector<std::size_t> order(atoms.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  bool mixed = base != 0 || std::any_of(atoms.begin(), atoms.end(), [](const Atom& a) { return a.level != 0; });
  if (!mixed) return order;
  std::uint8_t prev = base;
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    if (atoms[i].piece) {
      if (i + 1 == atoms.size() && i > 0 && atoms[i].piece->text == "-") atoms[i].level = prev;
      prev = atoms[i].level;
      continue;
    }
    std::size_t j = i;
    while (j < atoms.size() && !atoms[j].piece) ++j;
    std::uint8_t next = j < atoms.size() ? atoms[j].level : base;
    if (i == 0) prev = base;
    atoms[i].level = std::min(prev, next);
  }
  std::vector<std::uint8_t> levels;
  levels.reserve(atoms.size());
  for (const Atom& a : atoms) levels.push_back(a.level);
  return text::visual_order(levels);
}

}  // namespace

void set_line(const ParagraphItems& items, std::size_t from, std::size_t to, bool last, const LineSetting& line,
              const Fonts& fonts, std::vector<Item>& out) {
  double natural = 0, stretch = 0, shrink = 0;
  for (std::size_t i = from; i < to; ++i) {
    const Node& n = items.nodes[i];
    if (n.kind == Node::Kind::Penalty) continue;
    natural += n.width;
    stretch += n.stretch;
    shrink += n.shrink;
  }
  // A line broken at a hyphenation point ends with its hyphen.
  const Node* hyphen = nullptr;
  if (to < items.nodes.size() && items.nodes[to].kind == Node::Kind::Penalty && items.nodes[to].count > 0) {
    hyphen = &items.nodes[to];
    natural += hyphen->width;
  }
  double extra = line.width - natural;
  // Glue changes by `ratio` of its stretch (or shrink): justification, or an overfull line squeezed.
  double ratio = 0;
  if (extra > 0 && line.justify && !last && stretch > 0) ratio = extra / stretch;
  if (extra < 0 && shrink > 0) ratio = std::max(extra / shrink, -1.0);
  // A right-to-left paragraph starts at the right: its "left" lines are flush right.
  Align align = items.rtl && line.align == Align::Left ? Align::Right : line.align;
  double x = line.x;
  if (ratio == 0 && extra > 0 && align == Align::Center) x += extra / 2;
  if (ratio == 0 && extra > 0 && align == Align::Right) x += extra;
  // The line's pieces and spaces in the text's order, then in the order they are seen (UAX #9, L2).
  std::vector<Atom> atoms;
  for (std::size_t i = from; i < to; ++i) {
    const Node& n = items.nodes[i];
    if (n.kind == Node::Kind::Glue) {
      atoms.push_back({nullptr, n.width + ratio * (ratio > 0 ? n.stretch : n.shrink), 0});
    } else if (n.kind == Node::Kind::Box) {
      for (std::uint32_t k = n.first; k < n.first + n.count; ++k)
        atoms.push_back({&items.pieces[k], items.pieces[k].width, items.pieces[k].level});
    }
  }
  // "hy-" as one run: text extraction sees the hyphen.
  if (hyphen) atoms.push_back({&items.pieces[hyphen->first], items.pieces[hyphen->first].width, 0});
  // Pieces that touch and look alike become one run: a word split at its hyphenation points (or
  // between CJK characters with no added space) is drawn as one run unless the line breaks inside it.
  RunJoiner runs{x, line.baseline, fonts, items, out};
  for (std::size_t i : visual_order(atoms, items.rtl ? 1 : 0)) {
    const Atom& a = atoms[i];
    if (a.piece)
      runs.add(*a.piece);
    else if (std::abs(a.advance) > 1e-9)
      runs.skip(a.advance);
  }
  runs.flush();
}

}  // namespace quire::layout
