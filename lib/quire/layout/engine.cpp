#include "quire/layout/engine.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <tuple>

#include "quire/layout/blocks.hpp"
#include "quire/layout/mailing.hpp"
#include "quire/model/overloaded.hpp"
#include "quire/text/bidi.hpp"

namespace quire::layout {

namespace {

using namespace model;

constexpr double kHeadingLeading = 1.2;
constexpr double kListIndent = 2.0;      // em of the body size
constexpr double kLabelGap = 0.5;        // em between a list label and the item text
constexpr double kQuoteIndent = 1.5;     // em
constexpr double kQuoteBar = 2.0;        // pt
constexpr double kMinMeasure = 1.0 / 3;  // of the text width: nesting indents no further (indent_by)
constexpr double kCaptionScale = 0.9;
constexpr double kFootnoteScale = 0.85;
constexpr double kMaxImageHeight = 0.6;  // of the text height
constexpr double kLogoHeight = 85;       // points (3 cm): a title page's logo
constexpr double kSignatureHeight = 15 * 72 / 25.4;
const Color kQuoteText{0.3, 0.3, 0.3};
const Color kQuoteBarColor{0.75, 0.75, 0.75};
const Color kRuleColor{0.5, 0.5, 0.5};

// Metadata as display text: a list of authors joined, a map's `name`.
std::string meta_text(const MetaValue* v) {
  if (!v) return {};
  if (v->kind == MetaValue::Kind::Map) return meta_text(v->find("name"));
  if (v->kind != MetaValue::Kind::List) return v->scalar;
  std::string out;
  for (const auto& item : v->list) {
    std::string text = meta_text(&item);
    if (text.empty()) continue;
    if (!out.empty()) out += ", ";
    out += text;
  }
  return out;
}

DocumentInfo info_from_meta(const MetaValue& meta) {
  DocumentInfo info;
  info.title = meta_text(meta.find("title"));
  info.author = meta_text(meta.find("author"));
  info.subject = meta_text(meta.find("subject"));
  info.keywords = meta_text(meta.find("keywords"));
  info.date = meta_text(meta.find("date"));
  return info;
}

constexpr Symbol kBullets[] = {{U'\u2022', "\u2022", "*"}, {U'\u2013', "\u2013", "-"}, {U'\u25E6', "\u25E6", "o"}};
constexpr Symbol kChecked{U'\u2611', "\u2611", "[x]"}, kUnchecked{U'\u2610', "\u2610", "[ ]"};

}  // namespace

namespace {

// `dir` (rtl, ltr) when set, else right to left for a language written so, else each paragraph's own.
text::Direction direction_of(const std::string& dir, const std::string& lang) {
  if (dir == "rtl") return text::Direction::Rtl;
  if (dir == "ltr") return text::Direction::Ltr;
  return text::language_direction(lang);
}

}  // namespace

Engine::Engine(const Document& doc, const Style& style, const FontSet& fonts, const FontMetrics& metrics,
               const ImageProbe& images, Diagnostics& diags, const Letter* letter)
    : doc_(doc),
      style_(style),
      fonts_{fonts, metrics, style.kerning},
      images_(images),
      diags_(diags),
      notes_(doc),
      lang_(style.lang),
      direction_(direction_of(style.dir, style.lang)),
      letter_(letter) {}

LaidOutDocument Engine::run() {
  Frame f;
  f.left = style_.margin_left;
  f.width = style_.measure();
  f.size = style_.font_size;
  f.color = style_.text_color;
  body_height_ = style_.text_height();
  structure_.push_back(StructElem{"Document", -1, {}, {}});
  current_ = 0;
  LetterTags letter_tags;
  // A letter's text starts below its address field: an empty box holds the room on page 1.
  if (letter_) {
    letter_tags = letter_elements();
    VBox room;
    room.height = letter_text_top(*letter_, style_) - style_.margin_top;
    list_.items.push_back(std::move(room));
  }
  title_block(f);
  std::size_t toc_at = list_.items.size();
  if (style_.toc) toc_element_ = add_element("TOC", 0);  // here, so that it comes before the text
  if (style_.lof) lof_element_ = add_element("TOC", 0);
  if (style_.lot) lot_element_ = add_element("TOC", 0);
  blocks(doc_.blocks, f);
  footnotes(f);
  mark_note_references();
  Plan plan = contents(f, toc_at);
  LaidOutDocument out;
  out.pages = make_pages(list_, plan, style_);
  furniture(out.pages);
  if (letter_) draw_letter(out.pages.front(), *letter_, style_, fonts_, images_, letter_tags);
  out.outline = outline(out.pages);
  out.info = info_from_meta(doc_.meta);
  // A list not made (no headings, figures or tables) leaves no element.
  if (toc_element_ >= 0 && (toc_entries_from_ == 0 || headings_.empty())) structure_[toc_element_].role.clear();
  if (lof_element_ >= 0 && figure_entries_.empty()) structure_[lof_element_].role.clear();
  if (lot_element_ >= 0 && table_entries_.empty()) structure_[lot_element_].role.clear();
  out.structure = std::move(structure_);
  if (doc_.meta.find("lang")) out.lang = style_.lang;  // else a tagged PDF warns, and says en-US
  out.fonts = fonts_.faces();                          // last: the furniture may have found fallback faces too
  return out;
}

Engine::Open Engine::open_element(std::string role) {
  Open e{add_element(std::move(role), current_), current_, list_.items.size()};
  current_ = e.index;
  return e;
}

void Engine::close_element(const Open& e) {
  InlineState state;
  for (std::size_t i = e.first; i < list_.items.size(); ++i) {
    if (auto* box = std::get_if<VBox>(&list_.items[i]); box && box->tag < 0) {
      box->tag = e.index;
      inline_elements(box->items, 0, e.index, state);
    }
  }
  current_ = e.outer;
}

int Engine::add_element(std::string role, int parent) {
  structure_.push_back(StructElem{std::move(role), parent, {}, {}});
  return int(structure_.size()) - 1;
}

namespace {

// The footnote number when items[i] is a footnote's mark (the run a "#fn-N" link covers), else 0.
int note_mark(const std::vector<Item>& items, std::size_t i) {
  const auto& run = std::get<GlyphRun>(items[i]);
  for (std::size_t k = i + 1; k < items.size() && k <= i + 2; ++k) {
    if (std::holds_alternative<GlyphRun>(items[k])) return 0;
    const auto* link = std::get_if<LinkArea>(&items[k]);
    if (link && link->url.rfind("#fn-", 0) == 0 && std::abs(link->x - run.x) < 1e-6)
      return std::atoi(link->url.c_str() + 4);
  }
  return 0;
}

}  // namespace

void Engine::inline_elements(std::vector<Item>& items, std::size_t from, int element, InlineState& state) {
  for (std::size_t i = from; i < items.size(); ++i) {
    auto* run = std::get_if<GlyphRun>(&items[i]);
    if (!run || run->tag != -1) continue;
    if (int n = note_mark(items, i); n > 0) {
      int reference = add_element("Reference", element);
      structure_[std::size_t(reference)].in_line = true;
      note_refs_.emplace(n, reference);  // the first mark: its note is read there
      run->tag = reference;
      for (std::size_t k = i + 1; k < items.size() && k <= i + 2; ++k)
        if (auto* link = std::get_if<LinkArea>(&items[k]); link && link->tag == -1) link->tag = reference;
      state.span = -1;
      continue;
    }
    if (run->lang.empty() || run->lang == lang_) {
      state.span = -1;
      continue;
    }
    if (state.span < 0 || state.lang != run->lang) {
      state.span = add_element("Span", element);
      structure_[std::size_t(state.span)].lang = run->lang;
      structure_[std::size_t(state.span)].in_line = true;
      state.lang = run->lang;
    }
    run->tag = state.span;
  }
}

void Engine::tag_items(std::vector<Item>& items, std::size_t from, int tag) {
  InlineState state;
  inline_elements(items, from, tag, state);
  for (std::size_t i = from; i < items.size(); ++i)
    std::visit(overloaded{[&](GlyphRun& r) { r.tag = r.tag == -1 ? tag : r.tag; },
                          [&](PlacedImage& p) { p.tag = p.tag == -1 ? tag : p.tag; },
                          [&](LinkArea& l) { l.tag = l.tag == -1 ? tag : l.tag; }, [](auto&) {}},
               items[i]);
}

void Engine::blocks(const Blocks& bs, const Frame& f) {
  for (const auto& b : bs) block(b, f);
}

void Engine::block(const Block& b, const Frame& f) {
  if (!std::holds_alternative<Paragraph>(b.node) && !std::holds_alternative<FootnoteDef>(b.node) &&
      !std::holds_alternative<Div>(b.node))
    after_paragraph_ = false;
  std::visit(
      overloaded{[&](const Paragraph& p) { paragraph(p.content, b, f); }, [&](const Heading& h) { heading(h, b, f); },
                 [&](const BulletList& l) { list(l.items, false, 1, l.tight, f); },
                 [&](const OrderedList& l) { list(l.items, true, l.start, l.tight, f); },
                 [&](const BlockQuote& q) { quote(q, f); }, [&](const CodeBlock& c) { code(c, b, f); },
                 [&](const Table& t) { captioned_table(t, b, f); }, [&](const ThematicBreak&) { thematic_break(f); },
                 [&](const Image& img) { image(img, b, f); },
                 [&](const PageBreak&) { list_.items.push_back(VPageBreak{}); },
                 [&](const FootnoteDef&) {},  // set at the end, see footnotes()
                 [&](const Div& d) { div(d, f); }},
      b.node);
}

// ---- Lines ------------------------------------------------------------------------------------

TextStyle Engine::body(const Frame& f) const { return TextStyle{Family::Serif, false, false, f.size, f.color}; }

// The line box is size × leading high; the glyphs' ascent + descent sit centred in it.
LineLook Engine::look_for(const TextStyle& ts, double leading, const Frame& f) const {
  int face = fonts_.set.face(ts.family, ts.bold, ts.italic);
  double ascent = fonts_.metrics.ascent(face) * ts.size, descent = fonts_.metrics.descent(face) * ts.size;
  LineLook look;
  look.x = f.left;
  look.width = f.width;
  look.height = ts.size * leading;
  look.baseline = (look.height - ascent - descent) / 2 + ascent;
  look.justify = style_.justify;
  return look;
}

void Engine::warn_missing(const std::vector<MissingChar>& missing, const Block* where) {
  for (const MissingChar& m : missing) {
    Diagnostic d;
    d.severity = Severity::Warning;
    d.pos = where ? model::where(*where) : SourcePos{};
    std::uint32_t script = m.script ? m.script : 0x5A797979;  // Zyyy: no script of its own
    char code[64];
    std::snprintf(code, sizeof code, "U+%04X (script %c%c%c%c)", unsigned(m.c), char(script >> 24), char(script >> 16),
                  char(script >> 8), char(script));
    d.message = std::string("no font has ") + code + "; drawn as an empty box";
    d.rule = "missing-glyph";
    diags_.add(std::move(d));
  }
}

void Engine::fit_words(ParagraphItems& items, double width, const Block* where) {
  warn_missing(items.missing, where);
  items.missing.clear();  // said once, however often the items are set
  if (split_wide_boxes(items, width) > 0) {
    Diagnostic d;
    d.severity = Severity::Warning;
    d.pos = where ? model::where(*where) : SourcePos{};
    d.message = "word wider than the line; broken";
    d.rule = "word-too-wide";  // a wide table gives one per cell: collapsed by rule when printed
    diags_.add(std::move(d));
  }
}

// Justified text is set with the optimal (Knuth–Plass) breaker, ragged text by first fit, as Typst does.
Linebreaks Engine::strategy(const LineLook& look) const {
  return look.justify && style_.optimal_breaks ? Linebreaks::Optimized : Linebreaks::Simple;
}

int Engine::set_lines(const ParagraphItems& items, const LineLook& look, double top, std::vector<Item>& out) const {
  auto breaks = break_lines(items.nodes, LineWidths{{look.width}}, strategy(look));
  std::size_t from = line_start(items.nodes, kLineStart);
  int line = 0;
  for (std::size_t brk : breaks) {
    bool last = brk >= items.nodes.size() || items.nodes[brk].is_forced();
    LineSetting setting{look.x, look.width, top + line * look.height + look.baseline, look.align, look.justify};
    set_line(items, from, std::min(brk, items.nodes.size()), last, setting, fonts_, out);
    from = line_start(items.nodes, brk);
    ++line;
  }
  return line;
}

std::size_t Engine::add_lines(ParagraphItems& items, const LineLook& look, const Frame& f, const Block* where,
                              bool keep, double indent) {
  std::size_t first = list_.items.size();
  if (items.nodes.size() <= 1) return first;  // nothing but the final break: an empty paragraph takes no room
  fit_words(items, look.width, where);
  auto breaks = break_lines(items.nodes, LineWidths{{look.width - indent, look.width}}, strategy(look));
  std::size_t from = line_start(items.nodes, kLineStart);
  for (std::size_t brk : breaks) {
    VBox box;
    box.height = look.height;
    box.baseline = look.baseline;
    box.group = f.group;
    box.keep_with_next = keep;
    bool last = brk >= items.nodes.size() || items.nodes[brk].is_forced();
    box.hyphenated = !last && items.nodes[brk].hyphenation;
    bool first_line = list_.items.size() == first;
    LineSetting setting{look.x + (first_line ? indent : 0), look.width - (first_line ? indent : 0), look.baseline,
                        look.align, look.justify};
    set_line(items, from, std::min(brk, items.nodes.size()), last, setting, fonts_, box.items);
    list_.items.push_back(std::move(box));
    from = line_start(items.nodes, brk);
  }
  // Widow and orphan control needs each line's place in its paragraph.
  int lines = int(list_.items.size() - first);
  for (int k = 0; k < lines; ++k) {
    auto& box = std::get<VBox>(list_.items[first + k]);
    box.line = k;
    box.lines = lines;
  }
  return first;
}

void Engine::space(double amount) { list_.items.push_back(VSpace{amount}); }

void Engine::keep_last_box() {
  for (auto it = list_.items.rbegin(); it != list_.items.rend(); ++it) {
    if (auto* box = std::get_if<VBox>(&*it)) {
      box->keep_with_next = true;
      return;
    }
  }
}

void Engine::keep_together(std::size_t first) {
  VBox* last = nullptr;
  for (std::size_t i = first; i < list_.items.size(); ++i) {
    if (auto* box = std::get_if<VBox>(&list_.items[i])) {
      if (last) last->keep_with_next = true;
      last = box;
    }
  }
}

// ---- Text blocks ------------------------------------------------------------------------------

void Engine::paragraph(const Inlines& in, const Block& b, const Frame& f) {
  // With `indent`, a paragraph that follows another at the top level starts with a first-line indent,
  // and paragraphs have no space between them (LaTeX's default).
  bool indent = style_.indent && after_paragraph_ && f.group < 0 && f.list_depth == 0;
  auto items = build_paragraph(in, body(f), inline_context());
  auto element = open_element("P");
  // In a hanging-indent div the frame is already indented: the first line starts that much earlier.
  double first_indent = hanging_ > 0 ? -hanging_ : indent ? style_.indent_width * f.size : 0;
  add_lines(items, look_for(body(f), style_.leading, f), f, &b, false, first_indent);
  close_element(element);
  if (!f.tight) space((style_.indent && f.list_depth == 0 ? 0 : style_.paragraph_space) * line_height(f));
  after_paragraph_ = true;
}

void Engine::heading(const Heading& h, const Block& b, const Frame& f) {
  int level = std::clamp(h.level, 1, 6);
  TextStyle ts{Family::Sans, true, false, style_.heading_sizes[level - 1], style_.heading_color};
  space(ts.size * style_.heading_space_before);
  HeadingEntry entry;
  entry.level = level;
  entry.id = heading_id(h);
  std::string number = heading_number(level);
  Inlines content = h.content;
  if (!number.empty()) content.insert(content.begin(), Inline{Text{number + " "}});
  auto items = build_paragraph(content, ts, inline_context());
  auto look = look_for(ts, kHeadingLeading, f);
  look.justify = false;
  auto element = open_element("H" + std::to_string(level));
  entry.item = add_lines(items, look, f, &b, true);
  close_element(element);
  if (entry.item < list_.items.size()) {
    auto& first = std::get<VBox>(list_.items[entry.item]).items;
    first.insert(first.begin(), Anchor{f.left, 0, entry.id});
    entry.title = model::plain_text(content);
    entry.content = std::move(content);
    headings_.push_back(std::move(entry));
  }
  space(ts.size * style_.heading_space_after);
}

void Engine::list(const std::vector<ListItem>& items, bool ordered, int start, bool tight, const Frame& f) {
  double indent = indent_by(f, kListIndent * f.size), gap = kLabelGap * f.size;
  auto element = open_element("L");
  for (std::size_t k = 0; k < items.size(); ++k) {
    Frame inner = f;
    if (!right_to_left()) inner.left += indent;  // right to left: the text keeps its right edge free
    inner.width -= indent;
    inner.tight = tight;
    inner.list_depth = f.list_depth + 1;
    std::size_t first = list_.items.size();
    auto item = open_element("LI");
    int lbl = add_element("Lbl", item.index);
    auto body = open_element("LBody");
    blocks(items[k].blocks, inner);
    close_element(body);
    std::string text = ordered ? std::to_string(start + int(k)) + "." : symbol(kBullets[f.list_depth % 3]);
    if (items[k].checked) text = symbol(*items[k].checked ? kChecked : kUnchecked);
    label(first, text, inner, gap, lbl);
    close_element(item);
  }
  close_element(element);
  if (!f.tight) space(style_.paragraph_space * line_height(f));
}

// Nested quotes and lists indent while at least a third of the text width is left for their text;
// deeper levels stay where the last one that fitted put them, so text never leaves the text area.
double Engine::indent_by(const Frame& f, double indent) const {
  return f.width - indent >= style_.measure() * kMinMeasure ? indent : 0;
}

std::string Engine::symbol(const Symbol& s) const {
  return fonts_.covers(fonts_.set.face(Family::Serif, false, false), s.c) ? s.utf8 : s.ascii;
}

// Hangs `text` before the item's first line (the first box added since `first_item`): at its left, or
// at its right in right-to-left text.
void Engine::label(std::size_t first_item, const std::string& text, const Frame& item_frame, double gap, int tag) {
  VBox* target = nullptr;
  for (std::size_t i = first_item; i < list_.items.size() && !target; ++i) target = std::get_if<VBox>(&list_.items[i]);
  if (!target) {  // an empty item still shows its label
    auto look = look_for(body(item_frame), style_.leading, item_frame);
    list_.items.push_back(VBox{look.height, look.baseline, {}, false, -1, item_frame.group, -1, 0, false, {}, 0});
    target = &std::get<VBox>(list_.items.back());
  }
  auto items = build_text(text, body(item_frame), fonts_);
  double width = natural_width(items);
  double x = right_to_left() ? item_frame.left + item_frame.width + gap : item_frame.left - gap - width;
  LineSetting setting{x, width, target->baseline, Align::Left, false};
  std::size_t from = target->items.size();
  set_line(items, 0, items.nodes.size() - 1, true, setting, fonts_, target->items);
  tag_items(target->items, from, tag);
}

void Engine::quote(const BlockQuote& q, const Frame& f) {
  Frame inner = f;
  double indent = indent_by(f, kQuoteIndent * f.size);
  if (indent > 0) {  // a quote that cannot indent draws no bar of its own: it would cross its text
    // The bar on the side the lines start from: the right in right-to-left text.
    double bar = right_to_left() ? f.left + f.width - kQuoteBar : f.left;
    list_.groups.push_back(Group{bar, kQuoteBar, kQuoteBarColor, f.group});
    inner.group = int(list_.groups.size()) - 1;
    if (!right_to_left()) inner.left += indent;
    inner.width -= indent;
  }
  inner.color = kQuoteText;
  inner.tight = false;
  auto element = open_element("BlockQuote");
  blocks(q.blocks, inner);
  close_element(element);
}

// A div is transparent: its blocks are set as if written in its place. Its id, when it has one not
// taken yet, anchors its first line so that "#id" links reach it.
// `::: landscape`, as LaTeX's lscape package: its blocks go on pages of their own whose body is turned a
// quarter turn (TurnedBody), as wide as the portrait text area is high; layout sets them upright in that
// frame and the backend turns it. Running headers and footers stay as on portrait pages. One inside
// another, or inside a list or a quote, is set as at the top level.
void Engine::landscape(const Div& d, const Frame& f) {
  list_.items.push_back(VPageBreak{VPageBreak::Turn::Landscape});
  landscape_ = true;
  double outer_height = body_height_;
  body_height_ = style_.measure();
  Frame turned = f;
  turned.left = 0;
  turned.width = style_.text_height();
  turned.group = -1;
  turned.list_depth = 0;
  div(d, turned);  // landscape_ is set: the div's other classes and attributes, as any div's
  body_height_ = outer_height;
  landscape_ = false;
  list_.items.push_back(VPageBreak{VPageBreak::Turn::Portrait});
}

void Engine::div(const Div& d, const Frame& f) {
  if (d.has_class("landscape") && !landscape_) return landscape(d, f);
  // `::: keep` (a letter's closing and signature): its blocks on one page, with the line before them.
  bool keep = d.has_class("keep");
  if (keep) keep_last_box();
  bool outer_decorative = decorative_;
  decorative_ = decorative_ || d.has_class("decorative");
  std::size_t first = list_.items.size();
  std::string outer_lang = lang_;
  auto outer_direction = direction_;
  const std::string* lang = d.attribute("lang");
  const std::string* dir = d.attribute("dir");
  if (lang) lang_ = *lang;
  if (lang || dir) direction_ = direction_of(dir ? *dir : std::string(), lang_);
  // A div only in another language than the document's is an element: its /Lang tells a reader.
  Open element;
  if (lang && *lang != style_.lang) {
    element = open_element("Div");
    structure_[element.index].lang = *lang;
  }
  // `.hanging-indent` (a bibliography, docs/citations.md): each paragraph's lines after the first are
  // indented by 1.5 em, as pandoc's LaTeX does.
  double outer_hanging = hanging_;
  Frame inner = f;
  if (d.has_class("hanging-indent") && hanging_ == 0 && !right_to_left()) {
    double h = indent_by(f, 1.5 * f.size);
    hanging_ = h;
    inner.left += h;
    inner.width -= h;
  }
  blocks(d.blocks, hanging_ != outer_hanging ? inner : f);
  hanging_ = outer_hanging;
  if (element.index >= 0) close_element(element);
  if (keep) keep_together(first);
  decorative_ = outer_decorative;
  lang_ = outer_lang;
  direction_ = outer_direction;
  if (d.id.empty() || !ids_.insert(d.id).second) return;
  for (std::size_t i = first; i < list_.items.size(); ++i) {
    if (auto* box = std::get_if<VBox>(&list_.items[i])) {
      box->items.insert(box->items.begin(), Anchor{f.left, 0, d.id});
      return;
    }
  }
}

void Engine::thematic_break(const Frame& f) {
  double line = line_height(f), width = f.width / 3, thickness = 0.5;
  VBox box;
  box.height = line;
  box.group = f.group;
  box.items.push_back(Rule{f.left + (f.width - width) / 2, (line - thickness) / 2, width, thickness, kRuleColor});
  space(style_.paragraph_space * line);
  list_.items.push_back(std::move(box));
  space(style_.paragraph_space * line);
}

// A figure's size from its attributes (pandoc's): `width`/`height` as a percentage of the measure (and
// of the text height) or a length, `.wide` the full measure. Given a size, a figure may grow; without,
// it keeps its natural size, shrunk to the measure and 60 % of the text height. Never larger than the
// measure or the text height.
std::pair<double, double> Engine::figure_size(const model::Image& img, double w, double h, const Block& b,
                                              const Frame& f) {
  auto length = [&](const char* key, double whole) -> std::optional<double> {
    const std::string* v = img.attribute(key);
    if (!v) return std::nullopt;
    std::string_view s = *v;
    if (s.ends_with("%")) {
      char* end = nullptr;
      std::string number(s.substr(0, s.size() - 1));
      double p = std::strtod(number.c_str(), &end);
      if (!number.empty() && end == number.c_str() + number.size() && p > 0 && p <= 100) return whole * p / 100;
    } else if (auto l = parse_length(s)) {
      return *l;
    }
    diags_.warning(where(b), "image \"" + img.url + "\": " + key + "=\"" + *v + "\" is not a size; ignored",
                   std::string("write a percentage of the ") + (key[0] == 'w' ? "text width" : "text height") +
                       " (80%) or a length (6cm, 2.5in, 100pt)");
    return std::nullopt;
  };
  auto width = img.has_class("wide") ? std::optional<double>(f.width) : length("width", f.width);
  auto height = length("height", body_height_);
  double scale_w = 1, scale_h = 1;
  if (width && height) {
    scale_w = *width / w, scale_h = *height / h;
  } else if (width || height) {
    scale_w = scale_h = width ? *width / w : *height / h;
  } else {
    scale_w = scale_h = std::min({1.0, f.width / w, kMaxImageHeight * body_height_ / h});
  }
  // Never wider than the measure nor higher than the text (each side kept in proportion).
  double fit = std::min({1.0, f.width / (w * scale_w), body_height_ / (h * scale_h)});
  return {w * scale_w * fit, h * scale_h * fit};
}

// A caption's lines, smaller and in italics, centred, tagged as a Caption.
void Engine::caption(const model::Inlines& text, const Block& b, const Frame& f) {
  TextStyle ts{Family::Serif, false, true, f.size * kCaptionScale, f.color};
  auto items = build_paragraph(text, ts, inline_context());
  auto look = look_for(ts, style_.leading, f);
  look.align = Align::Center;
  look.justify = false;
  auto element = open_element("Caption");
  add_lines(items, look, f, &b);
  close_element(element);
}

// The anchor of a numbered figure or table: its own id, else one made for the lists of figures and
// tables ("quire-fig-3"); empty when it has neither (or the id is taken).
std::string Engine::anchor_for(const std::string& id, const char* kind, const std::string& number) {
  std::string anchor = !id.empty() ? id : number.empty() ? std::string() : std::string("quire-") + kind + "-" + number;
  if (anchor.empty() || !ids_.insert(anchor).second) return {};
  return anchor;
}

// Puts an anchor at the top of the first box from `first` on; returns that box's index (or `first`).
std::size_t Engine::anchor_at(std::size_t first, const std::string& anchor, const Frame& f) {
  for (std::size_t i = first; i < list_.items.size(); ++i)
    if (auto* box = std::get_if<VBox>(&list_.items[i])) {
      if (!anchor.empty()) box->items.insert(box->items.begin(), Anchor{f.left, 0, anchor});
      return i;
    }
  return first;
}

void Engine::image(const model::Image& img, const Block& b, const Frame& f) {
  // A letter's signature sits at the left, a signature's height; its path, like the logo's, is relative
  // to the letter's own file.
  bool signature = letter_ && !letter_->signature.empty() && img.url == letter_->signature;
  auto size = images_.probe(img.url, signature ? letter_->source_file : b.pos.file, where(b));
  if (signature) keep_last_box();  // the closing line stays with the signature
  double line = line_height(f);
  space(style_.paragraph_space * line);
  std::size_t first = list_.items.size();
  // A signature without alt text is an artifact: the signer's name is set under it; so is a
  // decorative image. Any other image needs its alternative text for a screen reader.
  bool decorative = decorative_ || (signature && img.caption.empty());
  if (!decorative && img.caption.empty()) {
    std::string message = "image \"" + img.url + "\" has no alternative text for screen readers";
    std::string hint =
        "describe it between the brackets, ![what it shows](" + img.url + "), or put it in a '::: decorative' div";
    if (style_.alt_required)
      diags_.add({Severity::Error, where(b), message + " (--pdf-standard ua-1 needs it)", hint, {}, "image-alt"});
    else
      diags_.add({Severity::Warning, where(b), message, hint, {}, "image-alt"});
  }
  Open element;
  if (!decorative) {
    element = open_element("Figure");
    structure_[element.index].alt = model::plain_text(img.caption);
  }
  if (size && size->width > 0 && size->height > 0) {
    double w = size->width_pt(), h = size->height_pt();
    if (signature) {
      double scale = std::min(kSignatureHeight / h, f.width / 2 / w);
      w *= scale;
      h *= scale;
    } else {
      std::tie(w, h) = figure_size(img, w, h, b, f);
    }
    VBox box;
    box.height = h;
    box.group = f.group;
    box.keep_with_next = !img.caption.empty() || signature;
    box.items.push_back(
        PlacedImage{signature ? f.left : f.left + (f.width - w) / 2, 0, w, h, size->path, -1, size->page});
    list_.items.push_back(std::move(box));
    space(0.4 * line);
  }
  if (!img.caption.empty()) caption(img.caption, b, f);
  if (element.index >= 0) close_element(element);
  std::string anchor = anchor_for(img.id, "fig", img.number);
  std::size_t top = anchor_at(first, anchor, f);
  if (!img.number.empty() && top < list_.items.size()) figure_entries_.push_back({anchor, img.caption, top});
  // A signature stays where it is, kept with the name under it; other images are figures, floating
  // unless `placement=here` pins them.
  const std::string* placement = img.attribute("placement");
  if (placement && *placement != "here" && *placement != "float")
    diags_.warning(where(b), "image \"" + img.url + "\": placement=\"" + *placement + "\" is not known; it floats",
                   "placement=here keeps a figure where it is written; figures float by default");
  bool here = placement && *placement == "here";
  if (!signature && first < list_.items.size() && std::holds_alternative<VBox>(list_.items[first]))
    figure(first, f, !here);
  space(style_.paragraph_space * line);
}

// A table under its caption (set above it, as tables are captioned), with the anchor of its label.
void Engine::captioned_table(const model::Table& t, const Block& b, const Frame& f) {
  if (t.caption.empty() && t.id.empty() && t.number.empty()) return table(t, b, f);
  std::size_t first = list_.items.size();
  if (!t.caption.empty()) {
    space(style_.paragraph_space * line_height(f));
    caption(t.caption, b, f);
    for (std::size_t i = first; i < list_.items.size(); ++i)  // the caption stays with the table's head
      if (auto* box = std::get_if<VBox>(&list_.items[i])) box->keep_with_next = true;
  }
  table(t, b, f);
  std::string anchor = anchor_for(t.id, "tbl", t.number);
  std::size_t top = anchor_at(first, anchor, f);
  if (!t.number.empty() && top < list_.items.size()) table_entries_.push_back({anchor, t.caption, top});
}

// Makes the boxes from `first` on (an image and its caption) one figure: kept together, and floating
// when it stands in the main text (inside quotes, lists and notes it stays in place).
void Engine::figure(std::size_t first, const Frame& f, bool floats) {
  std::size_t end = first;
  for (std::size_t i = first; i < list_.items.size(); ++i) {
    if (auto* box = std::get_if<VBox>(&list_.items[i])) {
      if (end > first) std::get<VBox>(list_.items[end - 1]).keep_with_next = true;
      end = i + 1;
      box->keep_with_next = false;
    }
  }
  if (floats && f.group < 0 && f.list_depth == 0) std::get<VBox>(list_.items[first]).figure = int(end - first);
}

// ---- Document parts -----------------------------------------------------------------------------

LetterTags Engine::letter_elements() {
  LetterTags tags;
  if (!letter_->head_name.empty() || !letter_->head_lines.empty()) tags.head = add_element("P", 0);
  if (letter_->window) {
    if (!letter_->recipient.empty()) tags.address = add_element("P", 0);
    for (std::size_t k = 0; k < letter_->info.size(); ++k) tags.info.push_back(add_element("P", 0));
  }
  return tags;
}

// pandoc's LaTeX title: title, subtitle, author, organisation and date centred at the top of page 1.
// With `titlepage: true` they stand alone on page 1, a third of the way down, under the `logo`, with
// the `notice` (a confidentiality notice, say) at the foot of the block.
void Engine::title_block(const Frame& f) {
  const MetaValue& meta = doc_.meta;
  if (!style_.title_block || meta_text(meta.find("title")).empty()) return;
  title_shown_ = true;
  if (style_.title_page) {
    VBox drop;  // a box, not space: space at the top of a page is discarded
    drop.height = style_.text_height() / 5;
    drop.keep_with_next = true;
    list_.items.push_back(std::move(drop));
    title_logo(meta.find("logo"), f);
  }
  struct Part {
    const char* key;
    TextStyle look;
    double space_after;
  };
  const Part parts[] = {
      {"title", {Family::Sans, true, false, style_.heading_sizes[0] * 1.2, style_.heading_color}, 0.5},
      {"subtitle", {Family::Sans, false, false, style_.heading_sizes[2], style_.heading_color}, 0.8},
      {"author", {Family::Serif, false, false, f.size * 1.1, f.color}, 0.3},
      {"organisation", {Family::Serif, true, false, f.size * 1.1, f.color}, 0.3},
      {"date", {Family::Serif, false, false, f.size * 1.1, f.color}, 0.3},
  };
  for (const auto& part : parts) {
    std::string text = meta_text(meta.find(part.key));
    if (text.empty()) continue;
    auto items = build_text(text, part.look, fonts_);
    auto look = look_for(part.look, kHeadingLeading, f);
    look.align = Align::Center;
    look.justify = false;
    // The title is the document's first heading; a screen reader's heading list starts with it.
    auto element = open_element(std::string(part.key) == "title" ? "H1" : "P");
    add_lines(items, look, f, nullptr, true);
    close_element(element);
    space(part.space_after * line_height(f));
  }
  space(2 * line_height(f));
  list_.items.push_back(VBox{});  // ends the keep chain: the title may stand alone on its page
  if (!style_.title_page) return;
  if (std::string notice = meta_text(meta.find("notice")); !notice.empty()) {
    space(2 * line_height(f));
    TextStyle ts{Family::Sans, true, false, f.size * 0.9, style_.heading_color};
    auto look = look_for(ts, style_.leading, f);
    look.align = Align::Center;
    look.justify = false;
    Frame narrow = f;  // a notice reads better in a measure narrower than the text's
    narrow.left += f.width / 8;
    narrow.width -= f.width / 4;
    auto items = build_text(notice, ts, fonts_);
    auto element = open_element("P");
    add_lines(items, look, narrow, nullptr, true);
    close_element(element);
  }
  list_.items.push_back(VPageBreak{});
}

// The title page's logo: centred above the title, at most 3 cm high and half the measure wide.
void Engine::title_logo(const MetaValue* logo, const Frame& f) {
  if (!logo || !logo->is_scalar() || logo->as_text().empty()) return;
  auto size = images_.probe(logo->as_text(), model::source_file(doc_), logo->pos);
  if (!size || size->width <= 0 || size->height <= 0) return;
  double w = size->width_pt(), h = size->height_pt();
  double scale = std::min({1.0, f.width / 2 / w, kLogoHeight / h});
  w *= scale;
  h *= scale;
  VBox box;
  box.height = h;
  box.keep_with_next = true;
  box.items.push_back(PlacedImage{f.left + (f.width - w) / 2, 0, w, h, size->path, -1, size->page});
  list_.items.push_back(std::move(box));
  space(2 * line_height(f));
}

// Each footnote is set once, at the note size as "1. text", and kept aside: the paginator puts it at
// the bottom of the page of its first reference. The note carries the anchor "fn-N" and its number
// links back to the reference ("#fnref-N").
void Engine::footnotes(const Frame& f) {
  Frame small = f;
  small.size = f.size * kFootnoteScale;
  small.tight = true;
  double indent = kListIndent * small.size, gap = kLabelGap * small.size;
  small.left += indent;
  small.width -= indent;
  for (const Block* def : notes_.definitions()) {
    const auto& d = std::get<FootnoteDef>(def->node);
    int n = notes_.number(d.label);
    std::size_t first = list_.items.size();
    after_paragraph_ = false;
    auto element = open_element("Note");
    // Read right after its first mark, inside the mark's paragraph; a note never referenced stays at the end.
    if (auto ref = note_refs_.find(n); ref != note_refs_.end()) {
      structure_[std::size_t(element.index)].parent = structure_[std::size_t(ref->second)].parent;
      structure_[std::size_t(element.index)].follows = ref->second;
    }
    blocks(d.blocks, small);
    label(first, std::to_string(n) + ".", small, gap, element.index);
    close_element(element);
    std::vector<NoteLine> lines;
    double space = 0;
    for (std::size_t i = first; i < list_.items.size(); ++i) {
      if (auto* s = std::get_if<VSpace>(&list_.items[i])) space = std::max(space, s->amount);
      if (auto* b = std::get_if<VBox>(&list_.items[i])) {
        lines.push_back({std::move(*b), lines.empty() ? 0 : space});
        space = 0;
      }
    }
    list_.items.resize(first);
    if (lines.empty()) continue;
    auto& top = lines.front().box;
    top.items.insert(top.items.begin(), Anchor{f.left, 0, "fn-" + std::to_string(n)});
    top.items.push_back(LinkArea{f.left, 0, indent - gap / 2, top.height, "#fnref-" + std::to_string(n)});
    list_.notes[n] = std::move(lines);
  }
}

namespace {

// The footnote numbers a box's links point to ("#fn-N"), in order.
std::vector<int> note_links(VBox& box) {
  std::vector<int> out;
  for (const auto& item : box.items) {
    auto* link = std::get_if<LinkArea>(&item);
    if (link && link->url.rfind("#fn-", 0) == 0) out.push_back(std::atoi(link->url.c_str() + 4));
  }
  return out;
}

}  // namespace

// Every box that first references a note learns the note's number (it goes to the box's page) and
// gains the anchor "fnref-N" the note links back to. A note referenced only from another note travels
// with the box that references the outer note.
void Engine::mark_note_references() {
  std::set<int> seen;
  std::map<int, VBox*> owner;
  auto visit = [&](VBox& box, VBox& carrier) {
    for (int n : note_links(box)) {
      if (!seen.insert(n).second) continue;
      carrier.notes.push_back(n);
      owner[n] = &carrier;
      for (const auto& item : box.items) {
        auto* link = std::get_if<LinkArea>(&item);
        if (link && link->url == "#fn-" + std::to_string(n)) {
          box.items.push_back(Anchor{link->x, link->y, "fnref-" + std::to_string(n)});
          break;
        }
      }
    }
  };
  for (auto& item : list_.items)
    if (auto* box = std::get_if<VBox>(&item)) visit(*box, *box);
  for (auto& [n, lines] : list_.notes) {
    auto it = owner.find(n);
    if (it == owner.end()) continue;
    for (auto& line : lines) visit(line.box, *it->second);
  }
}

// "2.1" for the first level-2 heading of chapter 2 when sections are numbered, else empty.
std::string Engine::heading_number(int level) {
  counters_[level - 1]++;
  for (int k = level; k < 6; ++k) counters_[k] = 0;
  if (!style_.number_sections || level > style_.secnumdepth) return {};
  std::string out;
  for (int k = 0; k < level; ++k) out += (k ? "." : "") + std::to_string(counters_[k]);
  return out;
}

// The model's id when it has one, else one made from the heading's text as pandoc does ("sec-" when the
// text gives nothing); "-1", "-2" … keep ids unique.
std::string Engine::heading_id(const Heading& h) {
  std::string base = h.id;
  if (base.empty()) {
    bool dash = false;
    for (unsigned char c : model::plain_text(h.content)) {
      if (std::isalnum(c) || c >= 0x80) {
        if (dash && !base.empty()) base += '-';
        base += char(std::tolower(c));
        dash = false;
      } else if (c == ' ' || c == '-' || c == '_') {
        dash = true;
      }
    }
    if (base.empty()) base = "sec";
  }
  std::string id = base;
  for (int n = 1; !ids_.insert(id).second; ++n) id = base + "-" + std::to_string(n);
  return id;
}

LaidOutDocument layout_document(const Document& doc, const Style& style, const FontSet& fonts,
                                const FontMetrics& metrics, const ImageProbe& images, Diagnostics& diags) {
  if (auto mailing = layout_mailing(doc, style, fonts, metrics, diags)) return std::move(*mailing);
  auto letter = letter_from_meta(doc, style, diags);
  if (!letter) return Engine(doc, style, fonts, metrics, images, diags).run();
  Style with_header = style;
  set_letter_header(with_header, *letter);
  return Engine(doc, with_header, fonts, metrics, images, diags, &*letter).run();
}

}  // namespace quire::layout
