#include "quire/layout/paragraph.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "quire/model/overloaded.hpp"

namespace quire::layout {

namespace {

using namespace model;

constexpr double kCodeScale = 0.9;  // mono looks large next to serif text
constexpr double kSuperscriptScale = 0.65;
constexpr double kSuperscriptRise = 0.35;  // em of the surrounding text

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
};

bool same_look(const Piece& p, int face, const Span& s) {
  return p.face == face && p.size == s.text.size && p.rise == s.rise && p.link == s.link && p.strike == s.strike &&
         p.color == s.text.color;
}

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class Builder {
 public:
  Builder(const Fonts& fonts, BreakRules rules) : fonts_(fonts), rules_(std::move(rules)) {}

  void text(std::string_view s, const Span& span) {
    for (std::size_t i = 0; i < s.size();) {
      std::size_t start = i;
      char32_t c = next_char(s, i);
      if (is_space(c)) {
        space(span);
      } else {
        add_char(s.substr(start, i - start), c, span);
      }
    }
  }

  // Text that must not break (a footnote mark): appended to the current word.
  void attach(std::string_view s, const Span& span) {
    for (std::size_t i = 0; i < s.size();) {
      std::size_t start = i;
      char32_t c = next_char(s, i);
      add_char(s.substr(start, i - start), c, span);
    }
  }

  void space(const Span& span) {
    close_box();
    if (items_.nodes.empty() || items_.nodes.back().kind != Node::Kind::Box) return;
    int face = fonts_.face_for(primary(span), U' ');
    double w = fonts_.metrics.advance(face, U' ') * span.text.size;
    items_.nodes.push_back(Node::glue(w, w / 2, w / 3));
  }

  void line_break() {
    close_box();
    drop_trailing_glue();
    items_.nodes.push_back(Node::forced_break());
  }

  int link(const std::string& url) {
    items_.links.push_back(url);
    return int(items_.links.size()) - 1;
  }

  ParagraphItems finish() {
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
  int primary(const Span& s) const { return fonts_.set.face(s.text.family, s.text.bold, s.text.italic); }

  void add_char(std::string_view bytes, char32_t c, const Span& span) {
    int face = fonts_.face_for(primary(span), c);
    double w = fonts_.metrics.advance(face, c) * span.text.size;
    if (!box_open_) {
      box_open_ = true;
      box_first_ = items_.pieces.size();
      box_width_ = 0;
    }
    if (items_.pieces.size() == box_first_ || !same_look(items_.pieces.back(), face, span)) {
      Piece p;
      p.face = face;
      p.size = span.text.size;
      p.rise = span.rise;
      p.link = span.link;
      p.strike = span.strike;
      p.color = span.text.color;
      items_.pieces.push_back(std::move(p));
    }
    items_.pieces.back().text += bytes;
    items_.pieces.back().width += w;
    box_width_ += w;
  }

  void close_box() {
    if (!box_open_) return;
    box_open_ = false;
    kern_box();
    auto breaks = breaks_in_box();
    if (!breaks.empty()) {
      split_box(breaks);
      return;
    }
    auto count = static_cast<std::uint32_t>(items_.pieces.size() - box_first_);
    items_.nodes.push_back(Node::box(box_width_, static_cast<std::uint32_t>(box_first_), count));
  }

  // Kerning inside each piece of the word just closed: pairs across a change of face or size are not
  // kerned, as in TeX.
  void kern_box() {
    for (std::size_t k = box_first_; k < items_.pieces.size(); ++k) {
      Piece& p = items_.pieces[k];
      p.kerns = fonts_.kerns(p.face, p.size, p.text);
      for (const Kern& kern : p.kerns) {
        p.width += kern.dx;
        box_width_ += kern.dx;
      }
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
      Piece part = p;
      if (from > 0 || to < p.text.size()) {  // a fragment is kerned alone: no pair across a break
        part.text = p.text.substr(from, to - from);
        part.kerns = fonts_.kerns(p.face, p.size, part.text);
        part.width = fonts_.width(p.face, p.size, part.text);
      }
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
        hyphen.width = fonts_.metrics.advance(hyphen.face, U'-') * before.size;
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
        overloaded{[&](const Text& t) { b.text(t.text, span); },
                   [&](const Emph& e) { walk(e.content, with(span, [](Span& s) { s.text.italic = !s.text.italic; })); },
                   [&](const Strong& s) { walk(s.content, with(span, [](Span& x) { x.text.bold = true; })); },
                   [&](const Strike& s) { walk(s.content, with(span, [](Span& x) { x.strike = true; })); },
                   [&](const Code& c) { b.text(c.text, code_span(span)); },
                   [&](const Link& l) { walk(l.content, link_span(span, l.url)); },
                   [&](const InlineImage& img) { walk(img.alt, span); },
                   [&](const FootnoteRef& r) { footnote(r, span); }, [&](const SoftBreak&) { b.space(span); },
                   [&](const LineBreak&) { b.line_break(); }},
        in.node);
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

ParagraphItems build_paragraph(const model::Inlines& inlines, const TextStyle& base, const InlineContext& ctx) {
  Builder b(ctx.fonts, ctx.breaks);
  InlineWalker walker{b, ctx};
  walker.walk(inlines, Span{base});
  return b.finish();
}

ParagraphItems build_text(std::string_view text, const TextStyle& base, const Fonts& fonts) {
  Builder b(fonts, BreakRules{});
  b.text(text, Span{base});
  return b.finish();
}

namespace {

// Copies box `n` into `out` cut into chunks no wider than `measure` (at least one character each),
// with a breakable zero-width penalty between chunks.
void split_box(const ParagraphItems& in, const Node& n, double measure, const Fonts& fonts, ParagraphItems& out) {
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
    bool fresh = true;
    for (std::size_t i = 0; i < p.text.size();) {
      std::size_t start = i;
      double w = fonts.metrics.advance(p.face, next_char(p.text, i)) * p.size;
      if (width > 0 && width + w > measure) {
        close_chunk();
        fresh = true;
      }
      if (fresh) {
        Piece copy = p;
        copy.text.clear();
        copy.kerns.clear();  // chunks of a broken word are set unkerned
        copy.width = 0;
        out.pieces.push_back(std::move(copy));
        fresh = false;
      }
      out.pieces.back().text.append(p.text, start, i - start);
      out.pieces.back().width += w;
      width += w;
    }
  }
  close_chunk();
}

}  // namespace

int split_wide_boxes(ParagraphItems& items, double measure, const Fonts& fonts) {
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
  for (std::size_t i = 0; i < items.nodes.size(); ++i) {
    const Node& n = items.nodes[i];
    if (wide(i)) {
      split_box(items, n, room(i), fonts, out);
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
  GlyphRun run{x, y, p.face, p.size, p.text, p.color};
  run.kerns = p.kerns;
  out.push_back(std::move(run));
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
         a.color == b.color;
}

// Places pieces left to right, joining each to the run before it when nothing separates them.
class RunJoiner {
 public:
  RunJoiner(double x, double baseline, const Fonts& fonts, const ParagraphItems& items, std::vector<Item>& out)
      : x_(x), baseline_(baseline), fonts_(fonts), items_(items), out_(out) {}

  void add(const Piece& p) {
    if (first_ && joins(*first_, p)) {
      if (!joined_) joined_ = *first_;
      for (Kern k : p.kerns) {
        k.at += std::uint32_t(joined_->text.size());
        joined_->kerns.push_back(k);
      }
      joined_->text += p.text;
      joined_->width += p.width;
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
    if (first_) place_piece(joined_ ? *joined_ : *first_, start_, baseline_, fonts_, items_, out_);
    first_ = nullptr;
    joined_.reset();
  }

 private:
  double x_, start_ = 0, baseline_;
  const Fonts& fonts_;
  const ParagraphItems& items_;
  std::vector<Item>& out_;
  const Piece* first_ = nullptr;
  std::optional<Piece> joined_;
};

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
  double x = line.x;
  if (ratio == 0 && extra > 0 && line.align == Align::Center) x += extra / 2;
  if (ratio == 0 && extra > 0 && line.align == Align::Right) x += extra;
  // Pieces that touch and look alike become one run: a word split at its hyphenation points (or
  // between CJK characters with no added space) is drawn as one run unless the line breaks inside it.
  RunJoiner runs{x, line.baseline, fonts, items, out};
  for (std::size_t i = from; i < to; ++i) {
    const Node& n = items.nodes[i];
    if (n.kind == Node::Kind::Glue) {
      double advance = n.width + ratio * (ratio > 0 ? n.stretch : n.shrink);
      if (std::abs(advance) > 1e-9) runs.skip(advance);
    } else if (n.kind == Node::Kind::Box) {
      for (std::uint32_t k = n.first; k < n.first + n.count; ++k) runs.add(items.pieces[k]);
    }
  }
  if (hyphen) runs.add(items.pieces[hyphen->first]);  // "hy-" as one run: text extraction sees the hyphen
  runs.flush();
}

}  // namespace quire::layout
