#include "quire/compose/compose.hpp"

#include <map>
#include <set>

#include "quire/biblio/csl/citeproc.hpp"
#include "quire/compose/assemble.hpp"
#include "quire/compose/fields.hpp"
#include "quire/compose/templates.hpp"
#include "quire/model/overloaded.hpp"

namespace quire::compose {

using namespace quire::model;

namespace {

// Collects footnote labels used by definitions in `blocks` (top level and nested).
void footnote_labels(const Blocks& blocks, std::set<std::string>& out) {
  for (const auto& b : blocks) {
    if (const auto* f = std::get_if<FootnoteDef>(&b.node)) out.insert(f->label);
    if (const auto* d = std::get_if<Div>(&b.node)) footnote_labels(d->blocks, out);
  }
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
                   [&](Div& d) { rename_in_blocks(d.blocks, renames); },
                   [&](FootnoteDef& f) {
                     if (auto it = renames.find(f.label); it != renames.end()) f.label = it->second;
                     rename_in_blocks(f.blocks, renames);
                   },
                   [&](Table& t) {
                     rename_footnotes(t.caption, renames);
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
    std::visit(
        overloaded{
            [&](FootnoteRef& f) {
              if (auto it = renames.find(f.label); it != renames.end()) f.label = it->second;
            },
            [&](Link& l) { rename_footnotes(l.content, renames); },
            [&](Emph& e) { rename_footnotes(e.content, renames); },
            [&](Strong& s) { rename_footnotes(s.content, renames); },
            [&](Strike& s) { rename_footnotes(s.content, renames); },
            [&](model::Span& s) { rename_footnotes(s.content, renames); },
            [&](model::Cite& c) { model::for_each_part(c, [&](Inlines& part) { rename_footnotes(part, renames); }); },
            [&](auto&) {},
        },
        in.node);
  }
}

// Where a document's front matter is: the top of the file its text came from, else where the
// document starts in the stream it was read from (a YAML document without positions).
SourcePos front_matter_pos(const Document& doc) {
  if (std::string file = source_file(doc); !file.empty()) return {file, 1, 1};
  return doc.pos;
}

// `--template envelope` (or labels) for a letter that names its own template: the sender, the paper
// and the language come from the letter's template (its letterhead, `from:`, `papersize`), so that
// envelope's metadata goes under the envelope's.
void under_own_template(const Document& doc, Template& t, const FileAccess& access, Diagnostics& diags) {
  const MetaValue* own = doc.meta.find("template");
  if (!own || own->kind != MetaValue::Kind::String) return;
  Template base = load_template(own->scalar, diags, document_folder(doc), project_confinement(doc, access), own->pos);
  if (base.meta.kind == MetaValue::Kind::Map) t.meta = deep_merge(base.meta, t.meta);
}

}  // namespace

void fill_fields(Document& doc, const MetaValue& values, bool allow_missing, Diagnostics& diags) {
  FieldSettings settings;
  settings.allow_missing = allow_missing;
  expand_fields(doc, {&values}, settings, diags);
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
  FileAccess access{options_.root, options_.allow_outside_root};
  resolve_includes(doc, access, diags);
  load_data_files(doc, access, diags);
  // --template names a file the user chose (relative to the working directory); `template:` in the
  // metadata is a path the document names: relative to it and kept inside the project root.
  std::string name = options_.template_name;
  const MetaValue* named = nullptr;
  if (name.empty())
    if (named = doc.meta.find("template"); named && named->kind == MetaValue::Kind::String) name = named->scalar;
  if (!name.empty()) {
    int errors = diags.error_count();
    Template t = named ? load_template(name, diags, document_folder(doc), project_confinement(doc, access), named->pos)
                       : load_template(name, diags);
    if (!named && is_mailing_template(t)) under_own_template(doc, t, access, diags);
    if (diags.error_count() == errors) apply_template(doc, t, diags);
  }
  if (options_.merge_follows && letter_without_recipient(doc.meta))
    diags.warning(front_matter_pos(doc), "this letter has no 'to:': the merged letters carry no address",
                  "address each copy from its record: to: {name: \"{{name}}\", address: \"{{address}}\"}");
  RemovedParts removed = filter_audience(doc, options_.audience, diags);
  // With a merge to follow, merge_record fills every field once the record's columns are known:
  // filling them here too would parse inserted values a second time.
  if (!options_.merge_follows) {
    MetaValue values = doc.meta;
    fill_fields(doc, values, options_.allow_missing, diags);
  }
  build_data_tables(doc, diags);
  resolve_references(doc, diags, removed);
  // Citations last: their text is final once fields are filled and cross-references resolved.
  csl::process_citations(doc, project_confinement(doc, access), diags);
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
  MetaValue top = record;
  if (top.kind != MetaValue::Kind::Map) top = MetaValue{};
  MetaValue number;
  number.kind = MetaValue::Kind::Number;
  number.scalar = std::to_string(n);
  top.set("n", number);
  MetaValue meta = doc.meta;
  FieldSettings settings;
  settings.allow_missing = options.allow_missing;
  expand_fields(doc, {&meta, &top}, settings, diags);
  return doc;
}

}  // namespace quire::compose
