#include "quire/validate/check.hpp"

#include <map>
#include <set>

#include "quire/model/overloaded.hpp"

namespace quire::validate {

using namespace quire::model;

namespace {

class Checker {
 public:
  Checker(Diagnostics& diags, const CheckLimits& limits) : diags_(diags), limits_(limits) {}

  void run(const Document& doc) {
    blocks(doc.blocks, 1);
    for (const auto& [label, pos] : references_)
      if (!definitions_.count(label)) report(pos, "footnote reference '" + label + "' has no definition");
    for (const auto& [label, pos] : definitions_)
      if (!references_.count(label)) diags_.warning(pos, "footnote '" + label + "' is defined but never referenced");
  }

 private:
  // The block whose contents are being checked: inline problems are reported at its position.
  const Block* current_ = nullptr;

  SourcePos position() const {
    return current_ ? current_->read_at.known() ? current_->read_at : current_->pos : SourcePos{};
  }

  void report(const SourcePos& pos, std::string message) {
    std::string hint;
    if (current_ && current_->pos.known() && current_->read_at.known())
      hint = "the block comes from " + to_string(current_->pos);
    diags_.error(pos, std::move(message), std::move(hint));
  }
  void report(std::string message) { report(position(), std::move(message)); }

  void blocks(const Blocks& list, int depth) {
    for (const auto& b : list) block(b, depth);
  }

  void items(const std::vector<ListItem>& list, int depth) {
    for (const auto& item : list) blocks(item.blocks, depth + 1);
  }

  void block(const Block& b, int depth) {
    const Block* outer = current_;
    current_ = &b;
    if (depth > limits_.max_depth) {
      report("blocks are nested more than " + std::to_string(limits_.max_depth) + " levels deep");
      current_ = outer;
      return;
    }
    std::visit(overloaded{
                   [&](const Paragraph& p) { inlines(p.content, 1); },
                   [&](const Heading& h) {
                     if (h.level < 1 || h.level > 6)
                       report("heading level " + std::to_string(h.level) + " is outside 1–6");
                     inlines(h.content, 1);
                   },
                   [&](const BulletList& l) { items(l.items, depth); },
                   [&](const OrderedList& l) {
                     if (l.start < 0) report("ordered list starts at a negative number");
                     items(l.items, depth);
                   },
                   [&](const BlockQuote& q) { blocks(q.blocks, depth + 1); },
                   [&](const Table& t) { table(t); },
                   [&](const Image& i) {
                     if (i.url.empty()) report("image has no url");
                     inlines(i.caption, 1);
                   },
                   [&](const FootnoteDef& f) {
                     if (definitions_.count(f.label))
                       report("footnote '" + f.label + "' is defined twice");
                     else
                       definitions_.emplace(f.label, position());
                     blocks(f.blocks, depth + 1);
                   },
                   [&](const auto&) {},
               },
               b.node);
    current_ = outer;
  }

  void table(const Table& t) {
    const auto width = t.header.size();
    if (width == 0) report("table has no header row");
    if (t.aligns.size() != width)
      report("table has " + std::to_string(t.aligns.size()) + " alignments for " + std::to_string(width) + " columns");
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      if (t.rows[r].size() != width)
        report("table row " + std::to_string(r + 1) + " has " + std::to_string(t.rows[r].size()) +
               " cells; the header has " + std::to_string(width));
      for (const auto& cell : t.rows[r]) inlines(cell, 1);
    }
    for (const auto& cell : t.header) inlines(cell, 1);
  }

  void inlines(const Inlines& list, int depth) {
    if (depth > limits_.max_depth) {
      report("inline markup is nested more than " + std::to_string(limits_.max_depth) + " levels deep");
      return;
    }
    for (const auto& in : list) {
      std::visit(overloaded{
                     [&](const Link& l) {
                       if (l.url.empty()) report("link has no url");
                       inlines(l.content, depth + 1);
                     },
                     [&](const InlineImage& i) {
                       if (i.url.empty()) report("image has no url");
                       inlines(i.alt, depth + 1);
                     },
                     [&](const FootnoteRef& f) { references_.emplace(f.label, position()); },
                     [&](const Emph& e) { inlines(e.content, depth + 1); },
                     [&](const Strong& s) { inlines(s.content, depth + 1); },
                     [&](const Strike& s) { inlines(s.content, depth + 1); },
                     [&](const auto&) {},
                 },
                 in.node);
    }
  }

  Diagnostics& diags_;
  const CheckLimits& limits_;
  std::map<std::string, SourcePos> references_;  // first reference of each label
  std::map<std::string, SourcePos> definitions_;
};

}  // namespace

void check_document(const Document& doc, Diagnostics& diags, const CheckLimits& limits) {
  Checker(diags, limits).run(doc);
}

}  // namespace quire::validate
