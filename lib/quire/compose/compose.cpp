#include "quire/compose/compose.hpp"

#include <map>
#include <set>

#include "quire/model/overloaded.hpp"

namespace quire::compose {

using namespace quire::model;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Fills the fields of one string; reports missing ones at `pos`.
class FieldFiller {
 public:
  FieldFiller(const MetaValue& values, bool allow_missing, Diagnostics& diags)
      : values_(values), allow_missing_(allow_missing), diags_(diags) {}

  void fill(std::string& text, const SourcePos& pos) const {
    if (text.find("{{") == std::string::npos) return;
    std::string out;
    std::size_t at = 0;
    while (true) {
      auto open = text.find("{{", at);
      auto close = open == std::string::npos ? open : text.find("}}", open + 2);
      if (close == std::string::npos) break;
      out.append(text, at, open - at);
      out += value(trim(std::string_view(text).substr(open + 2, close - open - 2)), pos);
      at = close + 2;
    }
    out.append(text, at);
    text = std::move(out);
  }

 private:
  std::string value(std::string_view name, const SourcePos& pos) const {
    std::string_view path = name.starts_with("meta.") ? name.substr(5) : name;
    const MetaValue* v = path.empty() ? nullptr : values_.find_path(path);
    if (!v || v->kind == MetaValue::Kind::Null) {
      if (!allow_missing_)
        diags_.error(pos, "field '" + std::string(name) + "' has no value",
                     "set it in the front matter or with --set " + std::string(path) + "=…");
      return {};
    }
    if (v->kind == MetaValue::Kind::Map) {
      diags_.error(pos, "field '" + std::string(name) + "' is a map, not a value");
      return {};
    }
    return v->as_text();
  }

  const MetaValue& values_;
  bool allow_missing_;
  Diagnostics& diags_;
};

void fill_inlines(Inlines& list, const FieldFiller& filler, const SourcePos& pos) {
  for (auto& in : list) {
    std::visit(overloaded{
                   [&](Text& t) { filler.fill(t.text, pos); },
                   [&](Link& l) {
                     filler.fill(l.url, pos);
                     fill_inlines(l.content, filler, pos);
                   },
                   [&](InlineImage& i) {
                     filler.fill(i.url, pos);
                     fill_inlines(i.alt, filler, pos);
                   },
                   [&](Emph& e) { fill_inlines(e.content, filler, pos); },
                   [&](Strong& s) { fill_inlines(s.content, filler, pos); },
                   [&](Strike& s) { fill_inlines(s.content, filler, pos); },
                   [&](auto&) {},
               },
               in.node);
  }
}

void fill_blocks(Blocks& list, const FieldFiller& filler);

void fill_items(std::vector<ListItem>& items, const FieldFiller& filler) {
  for (auto& item : items) fill_blocks(item.blocks, filler);
}

void fill_blocks(Blocks& list, const FieldFiller& filler) {
  for (auto& b : list) {
    const SourcePos& pos = where(b);
    std::visit(overloaded{
                   [&](Paragraph& p) { fill_inlines(p.content, filler, pos); },
                   [&](Heading& h) { fill_inlines(h.content, filler, pos); },
                   [&](BulletList& l) { fill_items(l.items, filler); },
                   [&](OrderedList& l) { fill_items(l.items, filler); },
                   [&](BlockQuote& q) { fill_blocks(q.blocks, filler); },
                   [&](FootnoteDef& f) { fill_blocks(f.blocks, filler); },
                   [&](Image& i) {
                     filler.fill(i.url, pos);
                     fill_inlines(i.caption, filler, pos);
                   },
                   [&](Table& t) {
                     for (auto& cell : t.header) fill_inlines(cell, filler, pos);
                     for (auto& row : t.rows)
                       for (auto& cell : row) fill_inlines(cell, filler, pos);
                   },
                   [&](auto&) {},
               },
               b.node);
  }
}

void fill_meta(MetaValue& value, const FieldFiller& filler) {
  if (value.kind == MetaValue::Kind::String) filler.fill(value.scalar, value.pos);
  for (auto& item : value.list) fill_meta(item, filler);
  for (auto& [key, item] : value.map) fill_meta(item, filler);
}

// Collects footnote labels used by definitions in `blocks` (top level and nested).
void footnote_labels(const Blocks& blocks, std::set<std::string>& out) {
  for (const auto& b : blocks)
    if (const auto* f = std::get_if<FootnoteDef>(&b.node)) out.insert(f->label);
}

void rename_footnotes(Inlines& list, const std::map<std::string, std::string>& renames);

void rename_in_blocks(Blocks& list, const std::map<std::string, std::string>& renames) {
  for (auto& b : list) {
    std::visit(overloaded{
                   [&](Paragraph& p) { rename_footnotes(p.content, renames); },
                   [&](Heading& h) { rename_footnotes(h.content, renames); },
                   [&](BulletList& l) {
                     for (auto& i : l.items) rename_in_blocks(i.blocks, renames);
                   },
                   [&](OrderedList& l) {
                     for (auto& i : l.items) rename_in_blocks(i.blocks, renames);
                   },
                   [&](BlockQuote& q) { rename_in_blocks(q.blocks, renames); },
                   [&](FootnoteDef& f) {
                     if (auto it = renames.find(f.label); it != renames.end()) f.label = it->second;
                     rename_in_blocks(f.blocks, renames);
                   },
                   [&](Table& t) {
                     for (auto& cell : t.header) rename_footnotes(cell, renames);
                     for (auto& row : t.rows)
                       for (auto& cell : row) rename_footnotes(cell, renames);
                   },
                   [&](auto&) {},
               },
               b.node);
  }
}

void rename_footnotes(Inlines& list, const std::map<std::string, std::string>& renames) {
  for (auto& in : list) {
    std::visit(overloaded{
                   [&](FootnoteRef& f) {
                     if (auto it = renames.find(f.label); it != renames.end()) f.label = it->second;
                   },
                   [&](Link& l) { rename_footnotes(l.content, renames); },
                   [&](Emph& e) { rename_footnotes(e.content, renames); },
                   [&](Strong& s) { rename_footnotes(s.content, renames); },
                   [&](Strike& s) { rename_footnotes(s.content, renames); },
                   [&](auto&) {},
               },
               in.node);
  }
}

}  // namespace

void fill_fields(Document& doc, const MetaValue& values, bool allow_missing, Diagnostics& diags) {
  FieldFiller filler(values, allow_missing, diags);
  fill_meta(doc.meta, filler);
  fill_blocks(doc.blocks, filler);
}

void join_into(Document& into, Document next) {
  for (auto& [key, value] : next.meta.map)
    if (!into.meta.find(key)) into.meta.set(key, std::move(value));
  std::set<std::string> taken;
  footnote_labels(into.blocks, taken);
  std::set<std::string> incoming;
  footnote_labels(next.blocks, incoming);
  std::map<std::string, std::string> renames;
  for (const auto& label : incoming) {
    if (!taken.count(label)) continue;
    for (int n = 2;; ++n) {
      std::string candidate = label + "-" + std::to_string(n);
      if (!taken.count(candidate) && !incoming.count(candidate)) {
        renames[label] = candidate;
        taken.insert(candidate);
        break;
      }
    }
  }
  if (!renames.empty()) rename_in_blocks(next.blocks, renames);
  for (auto& b : next.blocks) into.blocks.push_back(std::move(b));
}

std::pair<std::string, MetaValue> parse_assignment(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) throw Error(ErrorKind::Usage, "--set expects KEY=VALUE, got '" + text + "'");
  std::string value = text.substr(eq + 1);
  MetaValue v = MetaValue::string(value);
  if (value == "true" || value == "false") v.kind = MetaValue::Kind::Bool;
  return {text.substr(0, eq), std::move(v)};
}

Document Composer::resolve(Document doc, Diagnostics& diags) const {
  for (const auto& [key, value] : options_.set) {
    // Dotted keys set nested maps: --set recipient.name=Kim
    MetaValue* node = &doc.meta;
    std::string_view rest = key;
    for (auto dot = rest.find('.'); dot != std::string_view::npos; dot = rest.find('.')) {
      std::string part(rest.substr(0, dot));
      if (!node->find(part) || node->find(part)->kind != MetaValue::Kind::Map) {
        MetaValue map;
        map.kind = MetaValue::Kind::Map;
        node->set(part, map);
      }
      node = node->find(part);
      rest.remove_prefix(dot + 1);
    }
    node->set(std::string(rest), value);
  }
  // With a merge to follow, merge_record fills every field once the record's columns are known.
  if (options_.merge_follows) return doc;
  MetaValue values = doc.meta;
  fill_fields(doc, values, options_.allow_missing, diags);
  return doc;
}

std::vector<Document> Composer::add(Document doc, Diagnostics& diags) {
  if (!options_.join) {
    std::vector<Document> out;
    out.push_back(resolve(std::move(doc), diags));
    return out;
  }
  if (!joined_)
    joined_ = std::move(doc);
  else
    join_into(*joined_, std::move(doc));
  return {};
}

std::vector<Document> Composer::finish(Diagnostics& diags) {
  if (!joined_) return {};
  auto doc = resolve(std::move(*joined_), diags);
  joined_.reset();
  return {std::move(doc)};
}

Document merge_record(const Document& composed, const MetaValue& record, int n, const ComposeOptions& options,
                      Diagnostics& diags) {
  Document doc = composed;
  MetaValue values = doc.meta.kind == MetaValue::Kind::Map ? doc.meta : MetaValue{};
  if (values.kind != MetaValue::Kind::Map) values.kind = MetaValue::Kind::Map;
  for (const auto& [key, value] : record.map) values.set(key, value);
  MetaValue number;
  number.kind = MetaValue::Kind::Number;
  number.scalar = std::to_string(n);
  values.set("n", number);
  fill_fields(doc, values, options.allow_missing, diags);
  return doc;
}

}  // namespace quire::compose
