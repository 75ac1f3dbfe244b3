#include "quire/markdown/reader.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
// Internal, but installed by libcmark-gfm-dev: the only way to read footnote labels as written
// (cmark replaces a reference's literal by its number). Checked against 0.29.0.gfm.6.
#include <cmark-gfm/node.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include "quire/markdown/captions.hpp"
#include "quire/markdown/citations.hpp"
#include "quire/markdown/fenced_div.hpp"
#include "quire/markdown/front_matter.hpp"
#include "quire/markdown/heading_id.hpp"
#include "quire/markdown/input_check.hpp"
#include "quire/model/overloaded.hpp"
#include "quire/text/quotes.hpp"
#include "quire/yaml/document_yaml.hpp"

namespace quire::markdown {

namespace {

using model::Block;
using model::Inline;
using model::Inlines;

// pandoc's default `columns` (its --columns): the width of a source line, in characters, past which a
// pipe table's separator line gives its column widths.
constexpr std::size_t kDefaultColumns = 72;

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// `columns:` in the front matter: a whole number from 1 (to 100,000), or nullopt.
std::optional<std::size_t> front_matter_columns(const model::MetaValue& v) {
  if (v.kind != model::MetaValue::Kind::Number || v.scalar.empty() || v.scalar.size() > 6 ||
      v.scalar.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  std::size_t n = std::stoul(v.scalar);
  if (n < 1 || n > 100'000) return std::nullopt;
  return n;
}

// ---- cmark-gfm access ------------------------------------------------------------------------

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterDeleter {
  void operator()(cmark_iter* it) const { cmark_iter_free(it); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

NodePtr parse_with_cmark(std::string_view body) {
  cmark_gfm_core_extensions_ensure_registered();
  // SMART: curly quotes, en/em dashes and ellipses, as pandoc's default `smart` extension does.
  int options = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART;
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(options));
  // No tagfilter: raw HTML is dropped by the walk, never passed on.
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"}) {
    if (auto* ext = cmark_find_syntax_extension(name)) cmark_parser_attach_syntax_extension(parser.get(), ext);
  }
  cmark_parser_feed(parser.get(), body.data(), body.size());
  return NodePtr(cmark_parser_finish(parser.get()));
}

std::string_view type_name(cmark_node* n) { return cmark_node_get_type_string(n); }

std::string literal(cmark_node* n) {
  const char* s = cmark_node_get_literal(n);
  return s ? s : "";
}

std::string chunk_text(const cmark_chunk& c) {
  return c.data ? std::string(reinterpret_cast<const char*>(c.data), static_cast<std::size_t>(c.len)) : "";
}

std::string footnote_definition_label(cmark_node* def) { return chunk_text(def->as.literal); }

// A reference's label is its definition's, so that the two always match even when the reference was
// written in another case ([^NOTE] for [^Note]).
std::string footnote_reference_label(cmark_node* ref) {
  return ref->parent_footnote_def ? footnote_definition_label(ref->parent_footnote_def) : literal(ref);
}

// ---- building the model ----------------------------------------------------------------------

// Block has a field (read_at) the reader never sets; this keeps -Wmissing-field-initializers quiet.
template <class T>
Block make_block(T node, model::SourcePos pos) {
  Block b;
  b.node = std::move(node);
  b.pos = std::move(pos);
  return b;
}

enum class Kind {
  Document,
  Quote,
  List,
  Item,
  Footnote,
  Div,
  Paragraph,
  Heading,
  Table,
  Row,
  Cell,
  Emph,
  Strong,
  Strike,
  Link,
  Image
};

bool is_inline_container(Kind k) { return k >= Kind::Emph; }

// One open container while walking cmark's tree: the quire value being built for it.
struct Frame {
  Kind kind;
  cmark_node* node;
  model::SourcePos pos;
  model::Blocks blocks;                    // Document, Quote, Item, Footnote
  Inlines inlines;                         // Paragraph, Heading, Cell and inline containers
  std::vector<model::ListItem> items;      // List
  std::vector<Inlines> cells;              // Row
  std::vector<std::vector<Inlines>> rows;  // Table: the header row first
  model::Div div;                          // Div: its attributes (its blocks are `blocks`)
  std::vector<int> row_lines;              // Table: the line each row starts on
};

struct Fatal {};  // a limit was hit; already reported

void bracketed_spans(Inlines& inlines);

class Builder {
 public:
  Builder(std::string_view body, std::string file, int line_offset, const ReadLimits& limits, Diagnostics& diags)
      : body_(body), file_(std::move(file)), line_offset_(line_offset), limits_(limits), diags_(diags) {}

  model::Blocks build(cmark_node* root);
  // The fence lines of the body (see fenced_div.hpp), in order; each must be met as an HTML block.
  void expect_fences(std::vector<DivFence> fences) {
    fences_ = std::move(fences);
    met_.assign(fences_.size(), false);
  }
  void report_unmet_fences();
  // The document's language (`lang:`), whose quotation marks typed quotes become.
  void set_lang(std::string lang) { lang_ = std::move(lang); }
  // pandoc's `columns`: a pipe table with a source line longer than this gets relative column widths.
  void set_columns(std::size_t columns) { columns_ = columns; }

 private:
  void localise_quotes(Inlines& inlines, cmark_node* n);
  bool typed_quote_marks(cmark_node* n);
  bool source_has(cmark_node* n, std::initializer_list<const char*> needles);
  void start_block(cmark_node* n);
  void inline_syntax(Inlines& inlines, bool citations = true);
  void place_citations(Inlines& inlines, cmark_node* n);
  model::SourcePos pos_at(std::size_t offset) const;
  const text::QuotationMarks& marks();
  void enter(cmark_node* n);
  void leaf(cmark_node* n);
  void exit();
  void push(Kind kind, cmark_node* n);
  void check_depth(Kind kind, cmark_node* n);

  void add_block(model::Block block);
  void add_inline(Inline in);
  void add_html(cmark_node* n);
  const DivFence* fence_at(cmark_node* n);
  void fence(const DivFence& fence, cmark_node* n);
  void close_unclosed_div();
  struct DivLines {
    int first = 0, last = 0, depth = 0;
    model::Div* div = nullptr;
  };
  void place_notes(model::Blocks& blocks);
  bool caption_row(Frame& f, model::Table& table);
  void collect_divs(model::Blocks& blocks, int depth, std::vector<DivLines>& out);
  std::string where_text(const model::SourcePos& p) const;

  Block finish_paragraph(Frame& f);
  Block finish_table(Frame& f);
  std::vector<double> pipe_widths(cmark_node* table, std::size_t columns, bool captioned);
  model::Block finish_list(Frame& f);
  Inline finish_inline(Frame& f);

  model::SourcePos pos_of(cmark_node* n) const;
  Frame& top() { return stack_.back(); }
  std::optional<bool> take_task_marker(cmark_node* item, model::Blocks& blocks);
  std::string_view source_at(int line, int col, std::size_t length);

  std::string_view body_;
  std::vector<std::size_t> line_starts_;  // of body_, built when first needed
  std::string file_;
  int line_offset_;
  const ReadLimits& limits_;
  Diagnostics& diags_;
  std::vector<Frame> stack_;
  int block_depth_ = 0;
  int inline_depth_ = 0;
  HeadingIds ids_;
  std::string lang_;
  std::size_t columns_ = kDefaultColumns;
  std::map<std::string, text::QuotationMarks> marks_;  // by language
  bool spans_allowed_ = true;                          // in the block being read: no escaped bracket
  CitationSyntax citations_;                           // in the block being read
  bool mixed_citations_ = false;                       // a group of cross-references and citations
  std::vector<DivFence> fences_;
  std::vector<bool> met_;
  std::map<int, int> div_ends_;  // a closed div's first line → its closing fence's line
};

model::SourcePos Builder::pos_of(cmark_node* n) const {
  // Some inlines (bare-URL autolinks, hard breaks) have no position: use the nearest ancestor's.
  while (n && cmark_node_get_start_line(n) <= 0) n = cmark_node_parent(n);
  if (!n) return {file_, 0, 0};
  int col = cmark_node_get_start_column(n);
  // cmark places a footnote definition where its text starts, after "[^label]: ".
  if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION && n->internal_offset < col) col -= n->internal_offset;
  return {file_, cmark_node_get_start_line(n) + line_offset_, col};
}

model::Blocks Builder::build(cmark_node* root) {
  std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(root));
  for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(it.get());
    if (ev == CMARK_EVENT_EXIT) {
      // A div is open only among its container's children: the container's end closes it.
      while (top().kind == Kind::Div) close_unclosed_div();
      // Nodes without a frame (footnote references, unknown types) get an exit event too.
      if (top().node == n) exit();
    } else {
      enter(n);
    }
  }
  model::Blocks blocks = std::move(stack_.front().blocks);
  place_notes(blocks);
  attach_table_captions(blocks);
  return blocks;
}

// cmark moves every footnote definition to the end of the document. One written inside a div goes
// back into it, so that an edition which leaves the div out leaves its notes out too.
void Builder::place_notes(model::Blocks& blocks) {
  if (div_ends_.empty()) return;
  model::Blocks kept;
  std::vector<model::Block> notes;
  for (auto& b : blocks) (std::holds_alternative<model::FootnoteDef>(b.node) ? notes : kept).push_back(std::move(b));
  std::vector<DivLines> divs;
  collect_divs(kept, 0, divs);
  // One sweep over divs (in document order, nested properly) and notes (by line) finds each note's
  // innermost div.
  std::vector<std::size_t> order(notes.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return notes[x].pos.line < notes[y].pos.line; });
  std::vector<const DivLines*> open;
  std::vector<std::pair<const DivLines*, std::size_t>> homes;  // (div, note)
  std::size_t next = 0;
  for (std::size_t i : order) {
    int line = notes[i].pos.line;
    for (; next < divs.size() && divs[next].first <= line; ++next) {
      while (!open.empty() && open.back()->last < divs[next].first) open.pop_back();
      open.push_back(&divs[next]);
    }
    while (!open.empty() && open.back()->last < line) open.pop_back();
    if (!open.empty()) homes.emplace_back(open.back(), i);
  }
  // Deepest divs first: appending to a div moves the divs inside it.
  std::stable_sort(homes.begin(), homes.end(),
                   [](const auto& x, const auto& y) { return x.first->depth > y.first->depth; });
  std::vector<bool> placed(notes.size(), false);
  for (auto [div, i] : homes) {
    div->div->blocks.push_back(std::move(notes[i]));
    placed[i] = true;
  }
  for (std::size_t i = 0; i < notes.size(); ++i)
    if (!placed[i]) kept.push_back(std::move(notes[i]));
  blocks = std::move(kept);
}

// The closed divs among `blocks` and the containers in them, in document order.
void Builder::collect_divs(model::Blocks& blocks, int depth, std::vector<DivLines>& out) {
  for (auto& b : blocks) {
    std::visit(overloaded{[&](model::Div& d) {
                            if (auto end = div_ends_.find(b.pos.line); end != div_ends_.end())
                              out.push_back({b.pos.line, end->second, depth, &d});
                            collect_divs(d.blocks, depth + 1, out);
                          },
                          [&](model::BlockQuote& q) { collect_divs(q.blocks, depth + 1, out); },
                          [&](model::BulletList& l) {
                            for (auto& i : l.items) collect_divs(i.blocks, depth + 1, out);
                          },
                          [&](model::OrderedList& l) {
                            for (auto& i : l.items) collect_divs(i.blocks, depth + 1, out);
                          },
                          [](auto&) {}},
               b.node);
  }
}

void Builder::check_depth(Kind kind, cmark_node* n) {
  bool nests = kind == Kind::Quote || kind == Kind::List || kind == Kind::Div;
  int& depth = nests ? block_depth_ : inline_depth_;
  if (!nests && !is_inline_container(kind)) return;
  if (++depth <= limits_.max_nesting) return;
  const char* what = kind == Kind::Div ? "divs, block quotes and lists"
                     : nests           ? "block quotes and lists"
                                       : "inline markup";
  diags_.error(pos_of(n),
               std::string(what) + " nested more than " + std::to_string(limits_.max_nesting) + " levels deep");
  throw Fatal{};
}

void Builder::push(Kind kind, cmark_node* n) {
  check_depth(kind, n);
  stack_.push_back(Frame{kind, n, pos_of(n), {}, {}, {}, {}, {}, {}, {}});
}

void Builder::enter(cmark_node* n) {
  switch (cmark_node_get_type(n)) {
    case CMARK_NODE_DOCUMENT:
      return push(Kind::Document, n);
    case CMARK_NODE_BLOCK_QUOTE:
      return push(Kind::Quote, n);
    case CMARK_NODE_LIST:
      return push(Kind::List, n);
    case CMARK_NODE_ITEM:
      return push(Kind::Item, n);
    case CMARK_NODE_FOOTNOTE_DEFINITION:
      return push(Kind::Footnote, n);
    case CMARK_NODE_PARAGRAPH:
      start_block(n);
      return push(Kind::Paragraph, n);
    case CMARK_NODE_HEADING:
      start_block(n);
      return push(Kind::Heading, n);
    case CMARK_NODE_EMPH:
      return push(Kind::Emph, n);
    case CMARK_NODE_STRONG:
      return push(Kind::Strong, n);
    case CMARK_NODE_LINK:
      return push(Kind::Link, n);
    case CMARK_NODE_IMAGE:
      return push(Kind::Image, n);
    default:
      break;
  }
  std::string_view type = type_name(n);
  if (type == "table") return push(Kind::Table, n);
  if (type == "table_row" || type == "table_header") return push(Kind::Row, n);
  if (type == "table_cell") {
    start_block(n);
    return push(Kind::Cell, n);
  }
  if (type == "strikethrough") return push(Kind::Strike, n);
  leaf(n);
}

void Builder::leaf(cmark_node* n) {
  switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
      return add_inline({model::Text{literal(n)}});
    case CMARK_NODE_CODE:
      return add_inline({model::Code{literal(n)}});
    case CMARK_NODE_SOFTBREAK:
      return add_inline({model::SoftBreak{}});
    case CMARK_NODE_LINEBREAK:
      return add_inline({model::LineBreak{}});
    case CMARK_NODE_FOOTNOTE_REFERENCE:
      return add_inline({model::FootnoteRef{footnote_reference_label(n)}});
    case CMARK_NODE_HTML_BLOCK:
      if (const DivFence* f = fence_at(n)) return fence(*f, n);
      return add_html(n);
    case CMARK_NODE_HTML_INLINE:
      return add_html(n);
    case CMARK_NODE_THEMATIC_BREAK:
      return add_block(make_block(model::ThematicBreak{}, pos_of(n)));
    case CMARK_NODE_CODE_BLOCK: {
      std::string info = cmark_node_get_fence_info(n) ? cmark_node_get_fence_info(n) : "";
      std::string lang = info.substr(0, info.find_first_of(" \t"));
      return add_block(make_block(model::CodeBlock{literal(n), lang}, pos_of(n)));
    }
    default:
      // Containers that cmark can only produce through its API (custom blocks/inlines): their text
      // still arrives through their children.
      return;
  }
}

void Builder::add_block(model::Block block) { top().blocks.push_back(std::move(block)); }

// The quotation marks of the language in force: the innermost div's `lang=`, else the document's.
const text::QuotationMarks& Builder::marks() {
  const std::string* lang = &lang_;
  for (auto f = stack_.rbegin(); f != stack_.rend(); ++f)
    if (const std::string* l = f->kind == Kind::Div ? f->div.attribute("lang") : nullptr) {
      lang = l;
      break;
    }
  auto it = marks_.find(*lang);
  if (it == marks_.end()) it = marks_.emplace(*lang, text::quotation_marks(*lang)).first;
  return it->second;
}

// Whether the source lines of block `n` hold one of `needles` (true when they cannot be found).
bool Builder::source_has(cmark_node* n, std::initializer_list<const char*> needles) {
  int first = cmark_node_get_start_line(n), last = cmark_node_get_end_line(n);
  std::string_view from = source_at(first, 1, 0), to = source_at(last + 1, 1, 0);
  if (from.data() == nullptr) return true;
  const char* end = to.data() ? to.data() : body_.data() + body_.size();
  std::string_view lines(from.data(), static_cast<std::size_t>(end - from.data()));
  for (const char* needle : needles)
    if (lines.find(needle) != std::string_view::npos) return true;
  return false;
}

// A quotation mark typed as it is (or as an entity): then the block's curly quotes are not all
// cmark's work, and are left as they are.
bool Builder::typed_quote_marks(cmark_node* n) {
  return source_has(n, {"\u201C", "\u201D", "\u2018", "\u2019", "quo;", "&#82", "&#x201", "&#X201"});
}

namespace {

void collect_texts(Inlines& inlines, std::vector<std::string*>& out) {
  for (auto& in : inlines)
    std::visit(overloaded{[&](model::Text& t) { out.push_back(&t.text); },
                          [&](auto& other) {
                            if constexpr (requires { other.content; }) collect_texts(other.content, out);
                          }},
               in.node);
}

bool starts_with_letter(const std::vector<std::string*>& texts, std::size_t k, std::size_t at) {
  for (; k < texts.size(); ++k, at = 0)
    if (at < texts[k]->size()) {
      auto c = static_cast<unsigned char>((*texts[k])[at]);
      return std::isalnum(c) || c >= 0x80;
    }
  return false;
}

}  // namespace

// Bracketed spans are looked for in a block whose source escapes no bracket: cmark hands `\[` over as
// a plain "[", which must not open a span.
void Builder::start_block(cmark_node* n) {
  spans_allowed_ = !source_has(n, {"\\[", "\\]", "\\{"});
  citations_ = {!source_has(n, {"\\[", "\\]"}), !source_has(n, {"\\@"})};
  mixed_citations_ = false;
}

// Spans, then citations (also inside the spans just made), at one level of inlines.
void Builder::inline_syntax(Inlines& inlines, bool citations) {
  if (spans_allowed_) bracketed_spans(inlines);
  if (citations && read_citations(inlines, citations_)) mixed_citations_ = true;
}

model::SourcePos Builder::pos_at(std::size_t offset) const {
  auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::size_t>(after - line_starts_.begin());
  return {file_, static_cast<int>(line) + line_offset_, static_cast<int>(offset - line_starts_[line - 1]) + 1};
}

// Each citation of finished block `n` gets the position of its "@key" in the block's source, found in
// the order the citations are written.
void Builder::place_citations(Inlines& inlines, cmark_node* n) {
  if (mixed_citations_)
    diags_.warning(pos_of(n), "a citation group mixes cross-references and citation keys; it is read as text",
                   "write cross-references and citations in separate brackets");
  std::string_view from = source_at(cmark_node_get_start_line(n), 1, 0);
  std::string_view to = source_at(cmark_node_get_end_line(n) + 1, 1, 0);
  std::size_t cursor = from.data() ? static_cast<std::size_t>(from.data() - body_.data()) : body_.size();
  std::size_t end = to.data() ? static_cast<std::size_t>(to.data() - body_.data()) : body_.size();
  auto place = [&](model::Citation& c) {
    std::string_view block = body_.substr(0, end);
    std::string braced = "{" + c.key + "}";
    std::size_t at = block.find('@', cursor);
    for (; at != std::string_view::npos; at = block.find('@', at + 1)) {
      std::string_view after = block.substr(at + 1);
      if (after.substr(0, c.key.size()) == c.key || after.substr(0, braced.size()) == braced) break;
    }
    if (at == std::string_view::npos) {  // written through an entity (&#64;): the rest take the block's place
      c.pos = pos_of(n);
      cursor = end;
      return;
    }
    c.pos = pos_at(at);
    cursor = at + 1;
  };
  auto walk = [&](auto& self, Inlines& list) -> void {
    for (auto& in : list)
      std::visit(
          [&](auto& v) {
            if constexpr (std::is_same_v<std::decay_t<decltype(v)>, model::Cite>)
              for (auto& c : v.items) place(c);
            else if constexpr (std::is_same_v<std::decay_t<decltype(v)>, model::InlineImage>)
              self(self, v.alt);
            else if constexpr (requires { v.content; })
              self(self, v.content);
          },
          in.node);
  };
  walk(walk, inlines);
}

namespace {

// Appends `in` to `out`, joining it to a Text before it.
void append_inline(Inlines& out, Inline in) {
  auto* text = std::get_if<model::Text>(&in.node);
  if (text && !out.empty())
    if (auto* last = std::get_if<model::Text>(&out.back().node)) {
      last->text += text->text;
      return;
    }
  out.push_back(std::move(in));
}

// Inlines with each "[" of their Text on its own, so that a span can start there.
struct OpenBracket {
  std::size_t at;  // index in the output of the Text "[" that opened it
};

}  // namespace

// pandoc's bracketed spans, "[" inlines "]{#id .class key=value}", at one level of inlines (the levels
// inside were done when their containers closed). Brackets pair as in the text; a "]" not followed by
// attributes closes a plain pair. Each inline moves at most once per span around it.
void bracketed_spans(Inlines& inlines) {
  // Deeper brackets are text: spans nest at most this deep, which bounds both the moves here and the
  // depth of inlines every later stage recurses through.
  constexpr std::size_t kMaxOpenSpans = 32;
  bool any = false;
  for (const auto& in : inlines)
    if (const auto* t = std::get_if<model::Text>(&in.node); t && t->text.find("]{") != std::string::npos) any = true;
  if (!any) return;
  Inlines out;
  std::vector<OpenBracket> open;
  auto add_text = [&](std::string s) {
    if (s.empty()) return;
    if (!open.empty() && open.back().at + 1 == out.size())
      out.push_back({model::Text{std::move(s)}});  // never joined to an open bracket
    else
      append_inline(out, {model::Text{std::move(s)}});
  };
  for (auto& in : inlines) {
    auto* t = std::get_if<model::Text>(&in.node);
    if (!t) {
      out.push_back(std::move(in));
      continue;
    }
    const std::string& s = t->text;
    std::size_t from = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '[' && open.size() < kMaxOpenSpans) {
        add_text(s.substr(from, i - from));
        out.push_back({model::Text{"["}});  // alone, so that a span can take what follows it
        open.push_back({out.size() - 1});
        from = i + 1;
      } else if (s[i] == ']' && !open.empty()) {
        std::size_t close = i + 1 < s.size() && s[i + 1] == '{' ? s.find('}', i + 1) : std::string::npos;
        model::Div attributes;
        std::string problem;
        std::size_t at = 0;
        bool span = close != std::string::npos &&
                    parse_div_attributes(std::string_view(s).substr(i + 1, close - i), attributes, problem, at);
        add_text(s.substr(from, i - from));
        std::size_t start = open.back().at;
        open.pop_back();
        if (!span) {
          add_text("]");
          from = i + 1;
          continue;
        }
        model::Span made{{}, attributes.id, attributes.classes, attributes.attributes};
        for (std::size_t k = start + 1; k < out.size(); ++k) append_inline(made.content, std::move(out[k]));
        out.resize(start);
        out.push_back({std::move(made)});
        from = close + 1;
        i = close;
      }
    }
    add_text(s.substr(from));
  }
  // Brackets left open are text: join the pieces again.
  Inlines joined;
  for (auto& in : out) append_inline(joined, std::move(in));
  inlines = std::move(joined);
}

// cmark's smart punctuation made the block's “ ” ‘ ’ from typed straight quotes: they become the marks
// of the language in force. A ’ is an apostrophe ("don’t", "Peter’s") unless an inner quote is open
// and no letter follows it.
void Builder::localise_quotes(Inlines& inlines, cmark_node* n) {
  const text::QuotationMarks& q = marks();
  if (q == text::QuotationMarks{} || typed_quote_marks(n)) return;
  std::vector<std::string*> texts;
  collect_texts(inlines, texts);
  int inner_open = 0;
  for (std::size_t k = 0; k < texts.size(); ++k) {
    std::string& t = *texts[k];
    if (t.find("\xE2\x80") == std::string::npos) continue;
    std::string out;
    for (std::size_t i = 0; i < t.size();) {
      if (t.compare(i, 2, "\xE2\x80") != 0 || i + 2 >= t.size()) {
        out += t[i++];
        continue;
      }
      auto last = static_cast<unsigned char>(t[i + 2]);
      i += 3;
      if (last == 0x9C) {
        out += q.open;
      } else if (last == 0x9D) {
        out += q.close;
      } else if (last == 0x98) {
        out += q.inner_open;
        ++inner_open;
      } else if (last == 0x99 && inner_open > 0 && !starts_with_letter(texts, k, i)) {
        out += q.inner_close;
        --inner_open;
      } else {
        out.append(t, i - 3, 3);
      }
    }
    t = std::move(out);
  }
}

// cmark splits text at brackets, entities and smart punctuation: keep one Text per run.
void Builder::add_inline(Inline in) { append_inline(top().inlines, std::move(in)); }

std::string_view trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// The text inside "<!-- … -->", or nullopt when `html` is not exactly one comment.
std::optional<std::string_view> comment_text(std::string_view html) {
  html = trim(html);
  if (html.size() < 7 || html.substr(0, 4) != "<!--" || html.substr(html.size() - 3) != "-->") return std::nullopt;
  std::string_view inner = html.substr(4, html.size() - 7);
  if (inner.find("-->") != std::string_view::npos) return std::nullopt;
  return trim(inner);
}

void Builder::add_html(cmark_node* n) {
  std::string html = literal(n);
  if (auto comment = comment_text(html)) {
    // `<!-- pagebreak -->` on its own is a page break; other comments are dropped, as a browser would.
    if (*comment == "pagebreak" && cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK)
      add_block(make_block(model::PageBreak{}, pos_of(n)));
    return;
  }
  diags_.warning(pos_of(n), "raw HTML is not supported; dropped");
}

// The fence written on the line where HTML block `n` starts, if any.
const DivFence* Builder::fence_at(cmark_node* n) {
  int line = cmark_node_get_start_line(n);
  auto it = std::lower_bound(fences_.begin(), fences_.end(), line, [](const DivFence& f, int l) { return f.line < l; });
  if (it == fences_.end() || it->line != line) return nullptr;
  met_[static_cast<std::size_t>(it - fences_.begin())] = true;
  return &*it;
}

std::string Builder::where_text(const model::SourcePos& p) const {
  return std::to_string(p.line) + ":" + std::to_string(p.col);
}

const char* container_name(Kind k) {
  switch (k) {
    case Kind::Quote:
      return "block quote";
    case Kind::Item:
      return "list item";
    case Kind::Footnote:
      return "footnote";
    default:
      return "document";
  }
}

void Builder::fence(const DivFence& fence, cmark_node* n) {
  if (fence.opens) {
    push(Kind::Div, n);
    top().div = fence.attributes;
    if (!fence.attributes.id.empty()) ids_.reserve(fence.attributes.id);
    return;
  }
  if (top().kind == Kind::Div) {
    div_ends_[top().pos.line] = pos_of(n).line;
    return exit();
  }
  auto open = std::find_if(stack_.rbegin(), stack_.rend(), [](const Frame& f) { return f.kind == Kind::Div; });
  if (open == stack_.rend()) {
    diags_.error(pos_of(n), "':::' closes no div", "a div opens with '::: {.class}' or '::: word'");
    return;
  }
  std::string inside = container_name(top().kind);
  diags_.error(pos_of(n), "':::' inside a " + inside + " cannot close the div opened at " + where_text(open->pos),
               "close the div after the " + inside + ", or open it inside");
}

// Reports the div on top of the stack as not closed, and closes it so that reading goes on.
void Builder::close_unclosed_div() {
  Kind container = stack_[stack_.size() - 2].kind;
  std::string hint = "close it with a ':::' line";
  if (container != Kind::Document && container != Kind::Div)
    hint += std::string(" before the end of the ") + container_name(container);
  diags_.error(top().pos, "div is not closed", hint);
  exit();
}

void Builder::report_unmet_fences() {
  for (std::size_t i = 0; i < fences_.size(); ++i)
    if (!met_[i])
      diags_.error({file_, fences_[i].line + line_offset_, fences_[i].col},
                   "this ':::' line is not read as a div fence: it continues the block above",
                   "put a blank line before it");
}

void Builder::exit() {
  Frame f = std::move(top());
  stack_.pop_back();
  if (f.kind == Kind::Quote || f.kind == Kind::List || f.kind == Kind::Div) --block_depth_;
  if (is_inline_container(f.kind)) --inline_depth_;
  switch (f.kind) {
    case Kind::Document:
      stack_.push_back(std::move(f));
      return;  // the result; build() takes it
    case Kind::Quote:
      return add_block(make_block(model::BlockQuote{std::move(f.blocks)}, f.pos));
    case Kind::Div:
      f.div.blocks = std::move(f.blocks);
      return add_block(make_block(std::move(f.div), f.pos));
    case Kind::Footnote:
      return add_block(make_block(model::FootnoteDef{footnote_definition_label(f.node), std::move(f.blocks)}, f.pos));
    case Kind::List:
      return add_block(finish_list(f));
    case Kind::Item: {
      model::ListItem item{std::move(f.blocks), std::nullopt};
      item.checked = type_name(f.node) == "tasklist" ? cmark_gfm_extensions_get_tasklist_item_checked(f.node)
                                                     : take_task_marker(f.node, item.blocks);
      top().items.push_back(std::move(item));
      return;
    }
    case Kind::Paragraph:
      inline_syntax(f.inlines);
      place_citations(f.inlines, f.node);
      localise_quotes(f.inlines, f.node);
      if (!f.inlines.empty()) add_block(finish_paragraph(f));  // empty when it held only raw HTML
      return;
    case Kind::Heading: {
      inline_syntax(f.inlines);
      place_citations(f.inlines, f.node);
      localise_quotes(f.inlines, f.node);
      std::string id = ids_.next(model::plain_text(f.inlines));
      return add_block(
          make_block(model::Heading{cmark_node_get_heading_level(f.node), std::move(f.inlines), id}, f.pos));
    }
    case Kind::Table:
      return add_block(finish_table(f));
    case Kind::Row:
      top().rows.push_back(std::move(f.cells));
      top().row_lines.push_back(cmark_node_get_start_line(f.node));
      return;
    case Kind::Cell:
      inline_syntax(f.inlines);
      place_citations(f.inlines, f.node);
      localise_quotes(f.inlines, f.node);
      top().cells.push_back(std::move(f.inlines));
      return;
    default:
      // A link's text holds no citations, as in pandoc.
      inline_syntax(f.inlines, f.kind != Kind::Link && f.kind != Kind::Image);
      return add_inline(finish_inline(f));
  }
}

std::string_view Builder::source_at(int line, int col, std::size_t length) {
  if (line_starts_.empty()) {
    LineReader lines(body_);
    std::string_view ignored;
    line_starts_.push_back(0);
    while (lines.next(ignored)) line_starts_.push_back(lines.offset());
  }
  if (line < 1 || col < 1 || static_cast<std::size_t>(line) >= line_starts_.size()) return {};
  std::size_t at = line_starts_[static_cast<std::size_t>(line) - 1] + static_cast<std::size_t>(col) - 1;
  return at < body_.size() ? body_.substr(at, length) : std::string_view{};
}

// cmark-gfm 0.29.0.gfm.6 misses task items inside block quotes and footnotes ("> - [x] done"): the
// marker stays text. Recognise it here, checking the source so that an escaped "\[x]" stays text.
std::optional<bool> Builder::take_task_marker(cmark_node* item, model::Blocks& blocks) {
  cmark_node* para = cmark_node_first_child(item);
  cmark_node* first = para ? cmark_node_first_child(para) : nullptr;
  if (blocks.empty() || !first || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH ||
      cmark_node_get_type(first) != CMARK_NODE_TEXT)
    return std::nullopt;
  auto* paragraph = std::get_if<model::Paragraph>(&blocks.front().node);
  if (!paragraph || paragraph->content.empty()) return std::nullopt;
  auto* text = std::get_if<model::Text>(&paragraph->content.front().node);
  if (!text || text->text.size() < 4 || (text->text[3] != ' ' && text->text[3] != '\t')) return std::nullopt;
  std::string_view marker = std::string_view(text->text).substr(0, 3);
  if (marker != "[ ]" && marker != "[x]" && marker != "[X]") return std::nullopt;
  if (source_at(cmark_node_get_start_line(first), cmark_node_get_start_column(first), 3) != marker) return std::nullopt;
  bool checked = marker != "[ ]";
  text->text.erase(0, text->text.find_first_not_of(" \t", 3));
  if (text->text.empty()) paragraph->content.erase(paragraph->content.begin());
  return checked;
}

// A table's last row written as a caption (": Caption" or "Table: Caption" with no "|", right under the
// table without a blank line, which GFM reads as one more row) is the table's caption.
bool Builder::caption_row(Frame& f, model::Table& table) {
  if (f.rows.size() < 2 || f.row_lines.size() != f.rows.size() || f.rows.back().empty()) return false;
  int line = f.row_lines.back();
  std::string_view source = source_at(line, 1, std::string_view::npos);
  source = source.substr(0, source.find('\n'));
  source = trim(source);
  if (caption_mark(source) == 0 || source.find('|') != std::string_view::npos) return false;
  Block para = make_block(model::Paragraph{std::move(f.rows.back().front())}, f.pos);
  auto caption = table_caption_of(para);
  if (!caption) return false;
  table.caption = std::move(caption->first);
  table.id = std::move(caption->second);
  f.rows.pop_back();
  f.row_lines.pop_back();
  return true;
}

Block Builder::finish_paragraph(Frame& f) {
  // An image alone, or with pandoc's attributes right after it: `![…](chart.pdf){#fig:x width=80%}`.
  model::Div attributes;
  if (f.inlines.size() == 2 && std::holds_alternative<model::InlineImage>(f.inlines.front().node)) {
    auto* text = std::get_if<model::Text>(&f.inlines.back().node);
    if (text && read_attribute_block(text->text, attributes)) f.inlines.pop_back();
  }
  if (f.inlines.size() == 1) {
    if (auto* image = std::get_if<model::InlineImage>(&f.inlines.front().node)) {
      model::Image figure{std::move(image->url),
                          std::move(image->alt),
                          std::move(image->title),
                          std::move(attributes.id),
                          std::move(attributes.classes),
                          std::move(attributes.attributes),
                          {}};
      return make_block(std::move(figure), f.pos);
    }
    if (auto* text = std::get_if<model::Text>(&f.inlines.front().node)) {
      // pandoc's LaTeX convention, understood by its other writers too
      if (text->text == "\\newpage" || text->text == "\\pagebreak") return make_block(model::PageBreak{}, f.pos);
    }
  }
  return make_block(model::Paragraph{std::move(f.inlines)}, f.pos);
}

Block Builder::finish_list(Frame& f) {
  bool tight = cmark_node_get_list_tight(f.node) != 0;
  if (cmark_node_get_list_type(f.node) == CMARK_ORDERED_LIST)
    return make_block(model::OrderedList{std::move(f.items), cmark_node_get_list_start(f.node), tight}, f.pos);
  return make_block(model::BulletList{std::move(f.items), tight}, f.pos);
}

Block Builder::finish_table(Frame& f) {
  model::Table table;
  std::size_t columns = cmark_gfm_extensions_get_table_columns(f.node);
  const uint8_t* aligns = cmark_gfm_extensions_get_table_alignments(f.node);
  for (std::size_t i = 0; i < columns; ++i) {
    uint8_t a = aligns ? aligns[i] : 0;
    table.aligns.push_back(a == 'l'   ? model::Align::Left
                           : a == 'c' ? model::Align::Center
                           : a == 'r' ? model::Align::Right
                                      : model::Align::Default);
  }
  bool captioned = caption_row(f, table);        // its last line is a caption, not a row
  for (auto& row : f.rows) row.resize(columns);  // short rows are padded with empty cells
  if (!f.rows.empty()) {
    table.header = std::move(f.rows.front());
    table.rows.assign(std::make_move_iterator(f.rows.begin() + 1), std::make_move_iterator(f.rows.end()));
  }
  table.widths = pipe_widths(f.node, columns, captioned);
  return make_block(std::move(table), f.pos);
}

// pandoc's rule for pipe tables: when a line of the table's source is longer than `columns`
// characters, each column's share of the text width is its separator cell's length (dashes and
// colons: `---|-` gives 3/4 and 1/4); else none, and layout sizes the columns. Lines are measured
// from the table's first column (inside a quote or a list item, after its marker); a caption under the
// last row (`captioned`) is not one of them.
std::vector<double> Builder::pipe_widths(cmark_node* table, std::size_t columns, bool captioned) {
  int first = cmark_node_get_start_line(table), last = cmark_node_get_end_line(table) - (captioned ? 1 : 0);
  int col = cmark_node_get_start_column(table);
  if (first <= 0 || last <= first || col <= 0 || columns == 0) return {};
  auto line_at = [&](int line) {
    std::string_view rest = source_at(line, 1, std::string_view::npos);
    rest = rest.substr(0, rest.find('\n'));
    if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);
    return rest.substr(std::min(rest.size(), std::size_t(col - 1)));
  };
  bool wide = false;
  for (int line = first; line <= last && !wide; ++line) wide = utf8_length(line_at(line)) > columns_;
  if (!wide) return {};
  // The separator line: "| :--- | ---: |", outer pipes optional.
  std::string_view sep = line_at(first + 1);
  auto trim = [](std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
  };
  sep = trim(sep);
  if (!sep.empty() && sep.front() == '|') sep.remove_prefix(1);
  if (!sep.empty() && sep.back() == '|') sep.remove_suffix(1);
  std::vector<double> lengths;
  while (true) {
    auto bar = sep.find('|');
    std::string_view cell = trim(sep.substr(0, bar));
    if (cell.empty() || cell.find_first_not_of("-:") != std::string_view::npos) return {};
    lengths.push_back(double(cell.size()));
    if (bar == std::string_view::npos) break;
    sep.remove_prefix(bar + 1);
  }
  if (lengths.size() != columns) return {};
  double total = 0;
  for (double l : lengths) total += l;
  // Rounded to four decimals: what the YAML writer keeps, so that a round trip gives the same model.
  for (double& l : lengths) l = std::round(l / total * 10'000) / 10'000;
  return lengths;
}

Inline Builder::finish_inline(Frame& f) {
  switch (f.kind) {
    case Kind::Emph:
      return {model::Emph{std::move(f.inlines)}};
    case Kind::Strong:
      return {model::Strong{std::move(f.inlines)}};
    case Kind::Strike:
      return {model::Strike{std::move(f.inlines)}};
    case Kind::Link:
      return {model::Link{std::move(f.inlines), cmark_node_get_url(f.node), cmark_node_get_title(f.node)}};
    default:
      return {model::InlineImage{std::move(f.inlines), cmark_node_get_url(f.node), cmark_node_get_title(f.node)}};
  }
}

void report(Diagnostics& diags, const std::string& file, int line_offset, const InputProblem& p) {
  diags.error({file, p.line + line_offset, p.col}, p.message);
}

// The lines of every code block: a ":::" line there is code, not a fence.
std::vector<LineRange> code_lines(cmark_node* root) {
  std::vector<LineRange> out;
  std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(root));
  for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(it.get());
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK)
      out.push_back({cmark_node_get_start_line(n), cmark_node_get_end_line(n)});
  }
  return out;
}

}  // namespace

model::Document read_markdown(const std::string& text, const std::string& file, Diagnostics& diags,
                              const ReadLimits& limits) {
  std::string_view input = text;
  if (input.substr(0, 3) == "\xEF\xBB\xBF") input.remove_prefix(3);  // a UTF-8 byte order mark
  if (auto problem = check_encoding(input)) {
    report(diags, file, 0, *problem);
    return {};
  }
  FrontMatter fm = split_front_matter(input);
  if (fm.unclosed)
    diags.warning({file, 1, 1}, "front matter is not closed; read as Markdown",
                  "end the front matter with a '---' line");
  std::optional<model::MetaValue> meta;
  if (fm.present) {
    meta = yaml::read_front_matter(fm.yaml, file, fm.yaml_first_line, diags);
    if (!meta) fm = FrontMatter{};  // not a map: the lines are Markdown, as in pandoc
  }
  std::string_view body = input.substr(fm.body_offset);
  if (auto problem = check_table_widths(body, limits.max_table_columns)) {
    report(diags, file, fm.body_line_offset, *problem);
    return {};
  }
  model::Document doc;
  doc.pos = {file, 1, 1};
  if (meta) doc.meta = std::move(*meta);
  Builder builder(body, file, fm.body_line_offset, limits, diags);
  if (const model::MetaValue* lang = doc.meta.find("lang"); lang && lang->is_scalar())
    builder.set_lang(lang->as_text());
  if (const model::MetaValue* columns = doc.meta.find("columns")) {
    auto n = front_matter_columns(*columns);
    if (n)
      builder.set_columns(*n);
    else
      diags.warning(columns->pos,
                    "\"columns\" must be a whole number from 1; " + std::to_string(kDefaultColumns) + " is used");
  }
  NodePtr root = parse_with_cmark(body);
  std::string marked;
  if (may_have_fences(body)) {
    // A second parse, of the text with each fence turned into a marker cmark keeps as a block.
    std::vector<InputProblem> problems;
    auto fences = find_fences(body, code_lines(root.get()), problems);
    for (const auto& p : problems) report(diags, file, fm.body_line_offset, p);
    if (!fences.empty()) {
      marked = mark_fences(body, fences);
      root = parse_with_cmark(marked);
      builder.expect_fences(std::move(fences));
    }
  }
  try {
    doc.blocks = builder.build(root.get());
  } catch (const Fatal&) {
    return {};
  }
  builder.report_unmet_fences();
  return doc;
}

}  // namespace quire::markdown
