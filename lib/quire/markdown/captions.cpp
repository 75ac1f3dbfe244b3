#include "quire/markdown/captions.hpp"

#include <algorithm>

#include "quire/markdown/fenced_div.hpp"
#include "quire/model/overloaded.hpp"

namespace quire::markdown {

namespace {

using model::Inlines;

// Takes a trailing attribute block, " {#tbl:x}", off the last text of `content`; returns its id.
std::string take_trailing_id(Inlines& content) {
  if (content.empty()) return {};
  auto* t = std::get_if<model::Text>(&content.back().node);
  if (!t) return {};
  std::string_view s = t->text;
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (!s.ends_with("}")) return {};
  auto open = s.rfind('{');
  if (open == std::string_view::npos) return {};
  model::Div attributes;
  if (!read_attribute_block(s.substr(open), attributes) || attributes.id.empty()) return {};
  t->text.erase(open);
  while (!t->text.empty() && (t->text.back() == ' ' || t->text.back() == '\t')) t->text.pop_back();
  if (t->text.empty()) content.pop_back();
  return attributes.id;
}

}  // namespace

bool read_attribute_block(std::string_view s, model::Div& out) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.size() < 2 || s.front() != '{' || s.back() != '}') return false;
  std::string problem;
  std::size_t at = 0;
  model::Div attributes;
  if (!parse_div_attributes(s, attributes, problem, at)) return false;
  out = std::move(attributes);
  return true;
}

std::size_t caption_mark(std::string_view s) {
  if (s.starts_with("Table:") || s.starts_with("table:")) return 6;
  if (s == ":" || s.starts_with(": ")) return 1;
  return 0;
}

std::optional<std::pair<Inlines, std::string>> table_caption_of(const model::Block& b) {
  const auto* p = std::get_if<model::Paragraph>(&b.node);
  if (!p || p->content.empty()) return std::nullopt;
  const auto* first = std::get_if<model::Text>(&p->content.front().node);
  std::size_t mark = first ? caption_mark(first->text) : 0;
  if (mark == 0) return std::nullopt;
  Inlines caption = p->content;
  auto& text = std::get<model::Text>(caption.front().node).text;
  auto rest = text.find_first_not_of(" \t", mark);
  text.erase(0, rest == std::string::npos ? text.size() : rest);
  if (text.empty()) caption.erase(caption.begin());
  std::string id = take_trailing_id(caption);
  return std::make_pair(std::move(caption), std::move(id));
}

void attach_table_captions(model::Blocks& blocks) {
  std::vector<bool> taken(blocks.size(), false);
  bool any = false;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    auto* table = std::get_if<model::Table>(&blocks[i].node);
    if (!table) {
      std::visit(overloaded{[&](model::Div& d) { attach_table_captions(d.blocks); },
                            [&](model::BlockQuote& q) { attach_table_captions(q.blocks); },
                            [&](model::FootnoteDef& n) { attach_table_captions(n.blocks); },
                            [&](model::BulletList& l) {
                              for (auto& item : l.items) attach_table_captions(item.blocks);
                            },
                            [&](model::OrderedList& l) {
                              for (auto& item : l.items) attach_table_captions(item.blocks);
                            },
                            [](auto&) {}},
                 blocks[i].node);
      continue;
    }
    if (!table->caption.empty() || !table->id.empty()) continue;
    for (std::size_t k : {i - 1, i + 1}) {  // i - 1 wraps round for the first block: past the end
      if (k >= blocks.size() || taken[k]) continue;
      if (auto caption = table_caption_of(blocks[k])) {
        table->caption = std::move(caption->first);
        table->id = std::move(caption->second);
        taken[k] = any = true;
        break;
      }
    }
  }
  if (!any) return;
  model::Blocks kept;
  for (std::size_t i = 0; i < blocks.size(); ++i)
    if (!taken[i]) kept.push_back(std::move(blocks[i]));
  blocks = std::move(kept);
}

}  // namespace quire::markdown
