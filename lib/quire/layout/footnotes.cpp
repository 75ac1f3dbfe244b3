#include "quire/layout/footnotes.hpp"

#include "quire/model/overloaded.hpp"

namespace quire::layout {

namespace {

using namespace model;

struct Numberer {
  std::unordered_map<std::string, int>& numbers;
  std::vector<std::string> order;  // labels by number

  void reference(const std::string& label) {
    if (numbers.try_emplace(label, int(numbers.size()) + 1).second) order.push_back(label);
  }

  void inlines(const Inlines& in) {
    for (const auto& i : in) {
      std::visit(overloaded{[&](const FootnoteRef& r) { reference(r.label); },
                            [&](const InlineImage& img) { inlines(img.alt); }, [&](const Text&) {}, [&](const Code&) {},
                            [&](const SoftBreak&) {}, [&](const LineBreak&) {},
                            [&](const Cite& c) { model::for_each_part(c, [&](const Inlines& p) { inlines(p); }); },
                            [&](const auto& wrapper) { inlines(wrapper.content); }},
                 i.node);
    }
  }
  void items(const std::vector<ListItem>& list) {
    for (const auto& item : list) blocks(item.blocks, false);
  }
  void blocks(const Blocks& bs, bool include_defs) {
    for (const auto& b : bs) {
      std::visit(
          overloaded{[&](const Paragraph& p) { inlines(p.content); }, [&](const Heading& h) { inlines(h.content); },
                     [&](const BulletList& l) { items(l.items); }, [&](const OrderedList& l) { items(l.items); },
                     [&](const BlockQuote& q) { blocks(q.blocks, false); },
                     [&](const Div& d) { blocks(d.blocks, include_defs); },
                     [&](const Table& t) {
                       inlines(t.caption);  // set above the table
                       for (const auto& cell : t.header) inlines(cell);
                       for (const auto& row : t.rows)
                         for (const auto& cell : row) inlines(cell);
                     },
                     [&](const Image& img) { inlines(img.caption); },
                     [&](const FootnoteDef& d) {
                       if (include_defs) blocks(d.blocks, false);
                     },
                     [&](const auto&) {}},
          b.node);
    }
  }
};

void collect_defs(const Blocks& bs, std::unordered_map<std::string, const Block*>& out) {
  for (const auto& b : bs) {
    if (auto* d = std::get_if<FootnoteDef>(&b.node)) out.try_emplace(d->label, &b);
    if (auto* q = std::get_if<BlockQuote>(&b.node)) collect_defs(q->blocks, out);
    if (auto* d = std::get_if<Div>(&b.node)) collect_defs(d->blocks, out);
  }
}

}  // namespace

FootnoteNumbers::FootnoteNumbers(const model::Document& doc) {
  Numberer numberer{numbers_, {}};
  numberer.blocks(doc.blocks, false);
  std::unordered_map<std::string, const Block*> defs;
  collect_defs(doc.blocks, defs);
  // References inside definitions number after the body's, in the order the definitions appear.
  for (std::size_t n = 0; n < numberer.order.size(); ++n) {
    auto it = defs.find(numberer.order[n]);
    if (it == defs.end()) continue;
    defs_.push_back(it->second);
    numberer.blocks(std::get<FootnoteDef>(it->second->node).blocks, false);
  }
}

int FootnoteNumbers::number(const std::string& label) const {
  auto it = numbers_.find(label);
  return it == numbers_.end() ? 0 : it->second;
}

}  // namespace quire::layout
