#include "quire/compose/assemble.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "quire/compose/fields.hpp"
#include "quire/compose/format.hpp"
#include "quire/compose/templates.hpp"
#include "quire/diag/edit_distance.hpp"
#include "quire/io/confine.hpp"
#include "quire/io/file.hpp"
#include "quire/markdown/captions.hpp"
#include "quire/markdown/citations.hpp"
#include "quire/markdown/reader.hpp"
#include "quire/model/overloaded.hpp"
#include "quire/text/terms.hpp"
#include "quire/yaml/document_yaml.hpp"

namespace quire::compose {

using namespace quire::model;
namespace fs = std::filesystem;

namespace {

constexpr int kMaxIncludeDepth = 16;
constexpr std::size_t kMaxIncludeBytes = 64u << 20;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// The single text of a paragraph, or nullptr.
const std::string* only_text(const Block& b) {
  const auto* p = std::get_if<Paragraph>(&b.node);
  if (!p || p->content.size() != 1) return nullptr;
  const auto* t = std::get_if<Text>(&p->content[0].node);
  return t ? &t->text : nullptr;
}

// ---- Files

// The folder of a file named in a position ("." for standard input or a bare name).
fs::path folder_of(const SourcePos& pos) {
  if (!pos.known() || pos.file.empty() || pos.file.starts_with("<")) return fs::path(".");
  fs::path dir = fs::path(pos.file).parent_path();
  return dir.empty() ? fs::path(".") : dir;
}

fs::path top_folder(const Document& doc) { return folder_of(SourcePos{source_file(doc), 1, 1}); }

fs::path absolute_of(const fs::path& p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? fs::absolute(p).lexically_normal() : c;
}

// Resolves `name` against the folder of `from` and checks it against the project root (the one
// check every stage uses, io::Confinement); reports and returns empty on a problem.
std::optional<fs::path> locate(const std::string& what, const std::string& name, const SourcePos& from,
                               const io::Confinement& confine, Diagnostics& diags,
                               const SourcePos* report_at = nullptr) {
  fs::path base = folder_of(from);
  fs::path path = (fs::path(name).is_relative() ? base / name : fs::path(name)).lexically_normal();
  if (auto why = confine.violation(path.string(), name)) {
    diags.error(report_at ? *report_at : from, what + " " + *why);
    return std::nullopt;
  }
  return path;
}

void add_missing_meta(Document& doc, const MetaValue& meta) {
  if (meta.kind != MetaValue::Kind::Map) return;
  if (doc.meta.kind != MetaValue::Kind::Map) doc.meta.kind = MetaValue::Kind::Map;
  for (const auto& [key, value] : meta.map)
    if (!doc.meta.find(key)) doc.meta.set(key, value);
}

class Includer {
 public:
  Includer(Document& doc, const FileAccess& access, Diagnostics& diags)
      : doc_(doc), diags_(diags), confine_(project_confinement(doc, access)) {}

  void run() {
    // The top file is on the stack too: a file that includes it back is a cycle.
    for (const auto& b : doc_.blocks)
      if (b.pos.known() && !b.pos.file.starts_with("<")) {
        stack_.push_back(absolute_of(b.pos.file).string());
        break;
      }
    doc_.blocks = expand(std::move(doc_.blocks), 0);
  }

 private:
  Blocks expand(Blocks blocks, int depth) {
    Blocks out;
    for (auto& b : blocks) {
      const std::string* text = only_text(b);
      auto s = text ? trim(*text) : std::string_view{};
      if (!s.starts_with("{{>") || !s.ends_with("}}")) {
        nested(b, depth);
        out.push_back(std::move(b));
        continue;
      }
      std::string name(trim(s.substr(3, s.size() - 5)));
      for (auto& inc : include(name, where(b), depth)) out.push_back(std::move(inc));
    }
    return out;
  }

  void nested(Block& b, int depth) {
    std::visit(overloaded{[&](BlockQuote& q) { q.blocks = expand(std::move(q.blocks), depth); },
                          [&](Div& d) { d.blocks = expand(std::move(d.blocks), depth); },
                          [&](BulletList& l) {
                            for (auto& i : l.items) i.blocks = expand(std::move(i.blocks), depth);
                          },
                          [&](OrderedList& l) {
                            for (auto& i : l.items) i.blocks = expand(std::move(i.blocks), depth);
                          },
                          [&](auto&) {}},
               b.node);
  }

  Blocks include(const std::string& name, const SourcePos& from, int depth) {
    if (name.empty()) {
      diags_.error(from, "include names no file: write {{> chapter.md}}");
      return {};
    }
    if (depth >= kMaxIncludeDepth) {
      diags_.error(from, "includes nested more than " + std::to_string(kMaxIncludeDepth) + " deep");
      return {};
    }
    auto path = locate("include", name, from, confine_, diags_);
    if (!path) return {};
    std::string key = absolute_of(*path).string();
    if (std::find(stack_.begin(), stack_.end(), key) != stack_.end()) {
      diags_.error(from, "'" + name + "' includes itself (an include cycle)");
      return {};
    }
    std::string text;
    try {
      text = io::read_file(path->string(), kMaxIncludeBytes);
    } catch (const Error& e) {
      diags_.error(from, "cannot include '" + name + "': " + e.what());
      return {};
    }
    Document inc;
    std::string ext = path->extension().string();
    if (ext == ".yaml" || ext == ".yml") {
      std::istringstream in(text);
      yaml::StreamReader reader(in, path->string());
      if (auto d = reader.next(diags_)) inc = std::move(*d);
    } else {
      inc = markdown::read_markdown(text, path->string(), diags_);
    }
    add_missing_meta(doc_, inc.meta);
    stack_.push_back(key);
    Blocks out = expand(std::move(inc.blocks), depth + 1);
    stack_.pop_back();
    return out;
  }

  Document& doc_;
  Diagnostics& diags_;
  io::Confinement confine_;
  std::vector<std::string> stack_;
};

// ---- Data tables

int compare_values(const std::string& a, const std::string& b) {
  int da = decimals_of(a), db = decimals_of(b);
  if (da >= 0 && db >= 0) {
    double x = std::stod(a), y = std::stod(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a.compare(b);
}

std::vector<std::string> string_list(const MetaValue* v) {
  std::vector<std::string> out;
  if (!v) return out;
  if (v->kind == MetaValue::Kind::List)
    for (const auto& i : v->list) out.push_back(i.as_text());
  else if (v->is_scalar())
    out.push_back(v->scalar);
  return out;
}

std::optional<Block> data_table(const CodeBlock& code, const SourcePos& pos, const Document& doc, Diagnostics& diags) {
  MetaValue spec = yaml::read_meta(code.text, pos.file, pos.line + 1, diags);
  if (spec.kind != MetaValue::Kind::Map) return std::nullopt;
  for (const auto& [key, value] : spec.map)
    if (key != "rows" && key != "columns" && key != "headers" && key != "sort" && key != "format" && key != "align") {
      diags.error(value.pos, "unknown table key '" + key + "'", "known: rows, columns, headers, sort, format, align");
      return std::nullopt;
    }
  const MetaValue* rows_key = spec.find("rows");
  if (!rows_key || rows_key->kind != MetaValue::Kind::String) {
    diags.error(pos, "a quire-table needs 'rows:', the metadata key of a list");
    return std::nullopt;
  }
  const MetaValue* rows = doc.meta.find_path(rows_key->scalar);
  if (!rows || rows->kind != MetaValue::Kind::List) {
    diags.error(rows_key->pos, "'" + rows_key->scalar + "' is not a list in the metadata");
    return std::nullopt;
  }
  auto columns = string_list(spec.find("columns"));
  if (columns.empty() && !rows->list.empty())
    for (const auto& [key, v] : rows->list.front().map) columns.push_back(key);
  auto headers = string_list(spec.find("headers"));
  if (headers.empty()) headers = columns;
  if (headers.size() != columns.size()) {
    diags.error(pos, "a quire-table needs as many headers as columns");
    return std::nullopt;
  }
  const MetaValue* lang = doc.meta.find("lang");
  Locale locale = locale_from_tag(lang && lang->is_scalar() ? lang->scalar : "en-US");
  const MetaValue* currency = doc.meta.find("currency");
  std::string cur = currency && currency->is_scalar() ? currency->scalar : "";
  const MetaValue* formats = spec.find("format");
  const MetaValue* aligns = spec.find("align");

  Table t;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    t.header.push_back({Inline{Text{headers[c]}}});
    Align a = Align::Default;
    const MetaValue* f = formats ? formats->find(columns[c]) : nullptr;
    if (f && (f->scalar.starts_with("money") || f->scalar.starts_with("number"))) a = Align::Right;
    if (const MetaValue* al = aligns ? aligns->find(columns[c]) : nullptr) {
      a = al->scalar == "right" ? Align::Right : al->scalar == "center" ? Align::Center : Align::Left;
    }
    t.aligns.push_back(a);
  }
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> sort_values;
  std::string sort_key;
  bool descending = false;
  if (const MetaValue* s = spec.find("sort"); s && s->is_scalar()) {
    sort_key = s->scalar;
    if (sort_key.starts_with("-")) {
      descending = true;
      sort_key.erase(0, 1);
    }
  }
  for (const auto& row : rows->list) {
    std::vector<std::string> line;
    for (const auto& col : columns) {
      const MetaValue* v = row.find_path(col);
      std::string text = v ? v->as_text() : "";
      const MetaValue* f = formats ? formats->find(col) : nullptr;
      if (f && f->is_scalar() && v && !text.empty()) {
        std::istringstream words(f->scalar);
        std::string name, arg;
        words >> name;
        std::vector<std::string> args;
        while (words >> arg) args.push_back(arg);
        auto r = apply_formatter(name, args, text, false, locale, cur);
        if (!r.error.empty()) {
          diags.error(v->pos.known() ? v->pos : pos, "column '" + col + "': " + r.error);
          return std::nullopt;
        }
        text = r.text;
      }
      line.push_back(text);
    }
    const MetaValue* sv = sort_key.empty() ? nullptr : row.find_path(sort_key);
    sort_values.push_back(sv ? sv->as_text() : "");
    cells.push_back(std::move(line));
  }
  std::vector<std::size_t> order(cells.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (!sort_key.empty())
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      int c = compare_values(sort_values[a], sort_values[b]);
      return descending ? c > 0 : c < 0;
    });
  for (auto i : order) {
    std::vector<Inlines> row;
    for (auto& text : cells[i]) row.push_back(text.empty() ? Inlines{} : Inlines{Inline{Text{text}}});
    t.rows.push_back(std::move(row));
  }
  Block out;
  out.node = std::move(t);
  out.pos = pos;
  return out;
}

void tables_in(Blocks& blocks, const Document& doc, Diagnostics& diags) {
  for (auto& b : blocks) {
    if (const auto* code = std::get_if<CodeBlock>(&b.node); code && code->lang == "quire-table") {
      if (auto t = data_table(*code, where(b), doc, diags)) b = std::move(*t);
      continue;
    }
    std::visit(overloaded{[&](BlockQuote& q) { tables_in(q.blocks, doc, diags); },
                          [&](Div& d) { tables_in(d.blocks, doc, diags); },
                          [&](BulletList& l) {
                            for (auto& i : l.items) tables_in(i.blocks, doc, diags);
                          },
                          [&](OrderedList& l) {
                            for (auto& i : l.items) tables_in(i.blocks, doc, diags);
                          },
                          [&](auto&) {}},
               b.node);
  }
}

// ---- References

enum class RefKind { Figure, Table, Section, Other };

struct Target {
  std::string text;    // as a reference alone renders it: "Section 2.1", "Figure 3", a heading's text
  std::string anchor;  // "#id"
  RefKind kind = RefKind::Other;
  std::string number;  // "3", "2.1"; empty when the target has no number
};

// Strips a trailing "{#label}" from the last text of `content`; returns the label or "".
std::string take_label(Inlines& content) {
  if (content.empty()) return {};
  auto* t = std::get_if<Text>(&content.back().node);
  if (!t) return {};
  std::string_view s = t->text;
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (!s.ends_with("}")) return {};
  auto open = s.rfind("{#");
  if (open == std::string_view::npos) return {};
  std::string label(s.substr(open + 2, s.size() - open - 3));
  if (label.empty() || label.find_first_of(" {}") != std::string::npos) return {};
  t->text.erase(open);
  while (!t->text.empty() && t->text.back() == ' ') t->text.pop_back();
  if (t->text.empty()) content.pop_back();
  return label;
}

bool label_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':' || c == '.';
}

// The words of numbering and references: the language's (text::terms_for) unless the metadata says
// otherwise, with pandoc-crossref's camelCase names accepted too. docs/figures.md, "Numbering".
struct Naming {
  bool by_chapter = false;     // figure-numbering: chapter → "3.2"
  bool labelled_only = false;  // letters number only the figures and tables they label
  std::string figure_title, table_title, separator;
  std::string prefix[3][2];  // by Kind (figure, table, section): singular, plural
  const text::Terms* terms = nullptr;
};

const MetaValue* either_key(const MetaValue& meta, const char* key, const char* camel, std::string& name) {
  name = key;
  if (const MetaValue* v = meta.find(key)) return v;
  name = camel;
  return meta.find(camel);
}

void read_word(const MetaValue& meta, const char* key, const char* camel, std::string& out, Diagnostics& diags) {
  std::string name;
  const MetaValue* v = either_key(meta, key, camel, name);
  if (!v) return;
  if (v->kind == MetaValue::Kind::String || v->kind == MetaValue::Kind::Number)
    out = v->scalar;
  else
    diags.error(v->pos, "'" + name + "' must be a string", std::string("for example ") + key + ": Fig.");
}

// A reference prefix: "Fig." (singular and plural alike) or [Fig., Figs.].
void read_prefix(const MetaValue& meta, const char* key, const char* camel, std::string (&out)[2], Diagnostics& diags) {
  std::string name;
  const MetaValue* v = either_key(meta, key, camel, name);
  if (!v) return;
  if (v->kind == MetaValue::Kind::String || v->kind == MetaValue::Kind::Number) {
    out[0] = out[1] = v->scalar;
  } else if (v->kind == MetaValue::Kind::List && v->list.size() == 2 && v->list[0].is_scalar() &&
             v->list[1].is_scalar()) {
    out[0] = v->list[0].scalar;
    out[1] = v->list[1].scalar;
  } else {
    diags.error(v->pos, "'" + name + "' must be a string or a list of two: singular and plural",
                std::string("for example ") + key + ": [Fig., Figs.]");
  }
}

Naming naming_from_meta(const MetaValue& meta, Diagnostics& diags) {
  Naming n;
  const MetaValue* lang = meta.find("lang");
  n.terms = &text::terms_for(lang && lang->is_scalar() ? lang->scalar : "");
  n.figure_title = n.terms->figure;
  n.table_title = n.terms->table;
  n.separator = n.terms->caption_separator;
  n.prefix[0][0] = n.terms->figure, n.prefix[0][1] = n.terms->figures;
  n.prefix[1][0] = n.terms->table, n.prefix[1][1] = n.terms->tables;
  n.prefix[2][0] = n.terms->section, n.prefix[2][1] = n.terms->sections;
  read_word(meta, "figure-title", "figureTitle", n.figure_title, diags);
  read_word(meta, "table-title", "tableTitle", n.table_title, diags);
  read_prefix(meta, "fig-prefix", "figPrefix", n.prefix[0], diags);
  read_prefix(meta, "tbl-prefix", "tblPrefix", n.prefix[1], diags);
  read_prefix(meta, "sec-prefix", "secPrefix", n.prefix[2], diags);
  if (const MetaValue* v = meta.find("figure-numbering")) {
    if (v->is_scalar() && (v->scalar == "chapter" || v->scalar == "document"))
      n.by_chapter = v->scalar == "chapter";
    else
      diags.error(v->pos, "'figure-numbering' must be document or chapter",
                  "chapter numbers figures and tables 3.1, 3.2 … under each level-1 heading");
  }
  const MetaValue* cls = meta.find("documentclass");
  n.labelled_only = cls && cls->is_scalar() && (cls->scalar == "letter" || cls->scalar == "Letter");
  return n;
}

// "Figure 2" or just "2": the word and the number with a space between, when there is a word.
std::string with_word(const std::string& word, const std::string& number) {
  return word.empty() ? number : word + " " + number;
}

class References {
 public:
  References(Document& doc, Diagnostics& diags, const RemovedParts& removed)
      : doc_(doc), diags_(diags), removed_(removed), naming_(naming_from_meta(doc.meta, diags)) {
    const MetaValue* n = doc.meta.find("numbersections");
    numbered_ = n && n->scalar == "true";
    if (const MetaValue* d = doc.meta.find("secnumdepth"); d && d->kind == MetaValue::Kind::Number)
      depth_ = std::stoi(d->scalar);
  }

  void run() {
    collect(doc_.blocks, false);
    replace_blocks(doc_.blocks);
  }

 private:
  // An explicit label defined twice is an error; an automatic heading id (two headings with the same
  // text, or headings repeated by a section) refers to the first.
  void define(const std::string& label, Target t, const SourcePos& pos, bool explicit_label = true) {
    auto [it, fresh] = targets_.emplace(label, std::move(t));
    if (fresh) {
      defined_at_.emplace(label, pos);
    } else if (explicit_label) {
      auto first = defined_at_.find(label);
      diags_.error(
          pos, "label '" + label + "' is defined twice",
          first != defined_at_.end() && first->second.known() ? "first at " + to_string(first->second) : std::string());
    }
  }

  // Numbers headings as layout does (every heading counts; numbers shown up to secnumdepth), figures
  // with a caption or a label, and tables with a caption or a label; each number goes first in its
  // caption. Figures in a decorative div are not numbered.
  void collect(Blocks& blocks, bool decorative) {
    for (auto& b : blocks) {
      std::visit(overloaded{[&](Heading& h) { heading(h, b); }, [&](Image& img) { figure(img, b, decorative); },
                            [&](Table& t) { table(t, b); },
                            [&](Div& d) { collect(d.blocks, decorative || d.has_class("decorative")); },
                            [&](BlockQuote& q) { collect(q.blocks, decorative); },
                            [&](BulletList& l) {
                              for (auto& i : l.items) collect(i.blocks, decorative);
                            },
                            [&](OrderedList& l) {
                              for (auto& i : l.items) collect(i.blocks, decorative);
                            },
                            [](auto&) {}},
                 b.node);
    }
  }

  void heading(Heading& h, const Block& b) {
    counters_[h.level - 1]++;
    for (int k = h.level; k < 6; ++k) counters_[k] = 0;
    if (h.level == 1 && naming_.by_chapter) figures_ = tables_ = 0;
    std::string label = take_label(h.content);
    if (!label.empty()) h.id = label;
    if (h.id.empty()) return;
    std::string number;
    for (int k = 0; k < h.level; ++k) number += (k ? "." : "") + std::to_string(counters_[k]);
    bool shown = numbered_ && h.level <= depth_;
    Target t{shown ? with_word(naming_.prefix[2][0], number) : plain_text(h.content), "#" + h.id,
             shown ? RefKind::Section : RefKind::Other, shown ? number : ""};
    define(h.id, std::move(t), where(b), !label.empty());
  }

  // The next number of a figure (counter `n`): "3", or "2.3" when numbered by chapter.
  std::string next_number(int& n) const {
    ++n;
    return naming_.by_chapter ? std::to_string(counters_[0]) + "." + std::to_string(n) : std::to_string(n);
  }

  // "Figure 3: " + caption ("Figure 3" alone when there is no caption).
  Inlines numbered_caption(const std::string& word, const std::string& number, Inlines caption) const {
    Inlines out{Inline{Text{with_word(word, number) + (caption.empty() ? "" : naming_.separator)}}};
    for (auto& in : caption) out.push_back(std::move(in));
    return out;
  }

  bool numbers(const std::string& id, const Inlines& caption, bool unnumbered) const {
    if (unnumbered) return false;
    return naming_.labelled_only ? !id.empty() : !id.empty() || !caption.empty();
  }

  void figure(Image& img, const Block& b, bool decorative) {
    if (!img.number.empty()) {  // numbered already (a document composed twice): counted, kept
      ++figures_;
    } else if (numbers(img.id, img.caption, decorative || img.has_class("unnumbered"))) {
      img.number = next_number(figures_);
      img.caption = numbered_caption(naming_.figure_title, img.number, std::move(img.caption));
    }
    if (img.id.empty()) return;
    if (img.number.empty())
      define(img.id, {plain_text(img.caption), "#" + img.id, RefKind::Other, ""}, where(b));
    else
      define(img.id, {with_word(naming_.prefix[0][0], img.number), "#" + img.id, RefKind::Figure, img.number},
             where(b));
  }

  void table(Table& t, const Block& b) {
    if (!t.number.empty()) {
      ++tables_;
    } else if (numbers(t.id, t.caption, false)) {
      t.number = next_number(tables_);
      t.caption = numbered_caption(naming_.table_title, t.number, std::move(t.caption));
    }
    if (t.id.empty()) return;
    if (t.number.empty())
      define(t.id, {plain_text(t.caption), "#" + t.id, RefKind::Other, ""}, where(b));
    else
      define(t.id, {with_word(naming_.prefix[1][0], t.number), "#" + t.id, RefKind::Table, t.number}, where(b));
  }

  void replace_blocks(Blocks& blocks) {
    for (auto& b : blocks) {
      const SourcePos& pos = where(b);
      std::visit(
          overloaded{[&](Paragraph& p) { replace(p.content, pos); }, [&](BlockQuote& q) { replace_blocks(q.blocks); },
                     [&](Heading& h) { replace(h.content, pos); }, [&](Image& i) { replace(i.caption, pos); },
                     [&](BulletList& l) {
                       for (auto& i : l.items) replace_blocks(i.blocks);
                     },
                     [&](OrderedList& l) {
                       for (auto& i : l.items) replace_blocks(i.blocks);
                     },
                     [&](FootnoteDef& f) { replace_blocks(f.blocks); }, [&](Div& d) { replace_blocks(d.blocks); },
                     [&](Table& t) {
                       replace(t.caption, pos);
                       for (auto& cell : t.header) replace(cell, pos);
                       for (auto& row : t.rows)
                         for (auto& cell : row) replace(cell, pos);
                     },
                     [&](auto&) {}},
          b.node);
    }
  }

  void replace(Inlines& list, const SourcePos& pos) {
    Inlines out;
    for (auto& in : list) {
      if (auto* t = std::get_if<Text>(&in.node); t && t->text.find('@') != std::string::npos) {
        split(t->text, out, pos);
        continue;
      }
      if (auto* c = std::get_if<model::Cite>(&in.node); c && cross_references(*c)) {
        render(*c, out);
        continue;
      }
      std::visit(
          overloaded{[&](Emph& e) { replace(e.content, pos); }, [&](Strong& s) { replace(s.content, pos); },
                     [&](Strike& s) { replace(s.content, pos); }, [&](model::Span& s) { replace(s.content, pos); },
                     [&](model::Cite& c) { model::for_each_part(c, [&](Inlines& part) { replace(part, pos); }); },
                     [&](Link& l) {
                       if (l.url.size() > 1 && l.url[0] == '#') removed(l.url.substr(1), l.url, pos);
                     },
                     [&](auto&) {}},
          in.node);
      out.push_back(std::move(in));
    }
    list = std::move(out);
  }

  static bool cross_references(const model::Cite& c) {
    return !c.items.empty() && std::all_of(c.items.begin(), c.items.end(), [](const model::Citation& i) {
      return markdown::is_cross_reference(i.key);
    });
  }

  // The target of `label`, or null after reporting it unknown (or left out of the edition).
  const Target* find(const std::string& label, const SourcePos& pos) {
    auto it = targets_.find(label);
    if (it != targets_.end()) return &it->second;
    if (removed(label, "@" + label, pos)) return nullptr;
    // A guess costs a comparison with every label: the first few unknown labels get one, so that
    // thousands of them against thousands of labels stay cheap.
    std::string guess;
    if (guesses_++ < kMaxGuesses) {
      if (known_.empty())
        for (const auto& [name, t] : targets_) known_.push_back(name);
      guess = closest_name(label, known_);
    }
    std::string hint = !guess.empty()              ? "did you mean '" + guess + "'?"
                       : label.starts_with("fig:") ? "label a figure with {#" + label + "} right after its image"
                       : label.starts_with("tbl:") ? "label a table with {#" + label + "} at the end of its caption"
                                                   : "label a heading with {#" + label + "} at its end";
    diags_.error(pos, "unknown label '" + label + "' in '@" + label + "'", hint);
    return nullptr;
  }

  // One group of cross-references, [@fig:a; @fig:b; @tbl:c] or @fig:a: "Figures 1 and 2 and Table 3"
  // (consecutive targets of one kind share their word, in the plural), each number a link; [-@fig:a]
  // gives the number alone.
  void render(const model::Cite& c, Inlines& out) {
    struct Item {
      const Target* target;
      bool bare;
    };
    std::vector<Item> items;
    bool failed = false;
    for (const auto& citation : c.items) {
      const Target* t = find(citation.key, citation.pos.known() ? citation.pos : SourcePos{});
      failed = failed || !t;
      if (t) items.push_back({t, citation.mode == model::CiteMode::SuppressAuthor});
    }
    if (failed) {  // reported; the references stay as written
      std::string written;
      for (const auto& citation : c.items) written += (written.empty() ? "@" : "; @") + citation.key;
      append_text(out, c.items.size() > 1 ? "[" + written + "]" : written);
      return;
    }
    // Runs of consecutive numbered targets of one kind, each written as one.
    std::vector<std::pair<std::size_t, std::size_t>> runs;  // [first, end)
    for (std::size_t i = 0; i < items.size();) {
      std::size_t end = i + 1;
      const Target& t = *items[i].target;
      if (t.kind != RefKind::Other)
        while (end < items.size() && items[end].target->kind == t.kind && items[end].bare == items[i].bare) ++end;
      runs.emplace_back(i, end);
      i = end;
    }
    // A prefix before the first ("see [see @fig:a]") and a suffix after the last stay as written.
    for (const auto& in : c.items.front().prefix) out.push_back(in);
    if (!c.items.front().prefix.empty()) append_text(out, " ");
    for (std::size_t r = 0; r < runs.size(); ++r) {
      append_text(out, std::string(text::list_separator(r, runs.size(), *naming_.terms)));
      auto [first, end] = runs[r];
      const Target& t = *items[first].target;
      if (t.kind == RefKind::Other) {
        out.push_back(Inline{Link{{Inline{Text{t.text}}}, t.anchor, ""}});
        continue;
      }
      std::size_t count = end - first;
      const std::string& word = naming_.prefix[static_cast<int>(t.kind)][count > 1 ? 1 : 0];
      if (count == 1) {  // "Figure 3" all one link
        std::string text = items[first].bare ? t.number : with_word(word, t.number);
        out.push_back(Inline{Link{{Inline{Text{text}}}, t.anchor, ""}});
        continue;
      }
      if (!items[first].bare && !word.empty()) append_text(out, word + " ");
      for (std::size_t k = first; k < end; ++k) {
        append_text(out, std::string(text::list_separator(k - first, count, *naming_.terms)));
        const Target& each = *items[k].target;
        out.push_back(Inline{Link{{Inline{Text{each.number}}}, each.anchor, ""}});
      }
    }
    for (const auto& in : c.items.back().suffix) out.push_back(in);
  }

  static void append_text(Inlines& out, const std::string& s) {
    if (s.empty()) return;
    if (!out.empty())
      if (auto* last = std::get_if<Text>(&out.back().node)) {
        last->text += s;
        return;
      }
    out.push_back(Inline{Text{s}});
  }

  // References left as text ("@fig:x" where the Markdown reader could not read citations, or in a
  // YAML document written by hand): each alone, reported at its block.
  void split(const std::string& text, Inlines& out, const SourcePos& pos) {
    std::string pending;
    std::size_t i = 0;
    while (i < text.size()) {
      bool ref = text[i] == '@' && (i == 0 || !label_char(text[i - 1])) &&
                 (text.compare(i + 1, 4, "sec:") == 0 || text.compare(i + 1, 4, "fig:") == 0 ||
                  text.compare(i + 1, 4, "tbl:") == 0);
      if (!ref) {
        pending += text[i++];
        continue;
      }
      std::size_t end = i + 1;
      while (end < text.size() && label_char(text[end])) ++end;
      while (end > i + 5 && (text[end - 1] == '.' || text[end - 1] == ':')) --end;  // sentence punctuation
      std::string label = text.substr(i + 1, end - i - 1);
      if (!find(label, pos)) {
        pending += text.substr(i, end - i);
      } else {
        append_text(out, pending);
        pending.clear();
        model::Cite one;
        one.items.push_back(model::Citation{label, {}, {}, {}, {}, model::CiteMode::AuthorInText, pos});
        render(one, out);
      }
      i = end;
    }
    append_text(out, pending);
  }

  // True (after reporting) when `label` was inside a part this edition left out.
  bool removed(const std::string& label, const std::string& written, const SourcePos& pos) {
    auto it = removed_.labels.find(label);
    if (it == removed_.labels.end() || targets_.count(label)) return false;
    diags_.error(pos, "'" + written + "' refers to a part left out of the '" + removed_.audience + "' edition",
                 "the part is at " + to_string(it->second) + "; move the target out of it or mark the reference too");
    return true;
  }

  Document& doc_;
  Diagnostics& diags_;
  const RemovedParts& removed_;
  Naming naming_;
  bool numbered_ = false;
  int depth_ = 3;
  int counters_[6] = {0, 0, 0, 0, 0, 0};
  int figures_ = 0, tables_ = 0;
  std::map<std::string, Target> targets_;
  std::map<std::string, SourcePos> defined_at_;
  static constexpr int kMaxGuesses = 20;
  int guesses_ = 0;
  std::vector<std::string> known_;  // the labels, once a guess is wanted (all are defined by then)
};

// Reads a YAML (or JSON) file holding a list or a map as metadata.
MetaValue read_data(const std::string& text, const std::string& file, Diagnostics& diags) {
  // read_meta takes a mapping: the file's text is nested one level under a key, indented by two
  // spaces (which keeps block scalars and flow collections intact).
  std::string wrapped = "data:\n";
  std::size_t at = 0;
  if (text.starts_with("---\n")) at = 4;
  while (at < text.size()) {
    auto nl = text.find('\n', at);
    std::string_view line = std::string_view(text).substr(at, nl == std::string::npos ? nl : nl - at);
    if (line == "..." || line == "---") break;
    wrapped += "  ";
    wrapped += line;
    wrapped += '\n';
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  MetaValue v = yaml::read_meta(wrapped, file, 0, diags);
  const MetaValue* data = v.find("data");
  return data ? *data : MetaValue{};
}

}  // namespace

fs::path document_folder(const Document& doc) { return top_folder(doc); }

io::Confinement project_confinement(const Document& doc, const FileAccess& access) {
  return io::Confinement(access.root.empty() ? top_folder(doc).string() : access.root, access.allow_outside_root);
}

void resolve_includes(Document& doc, const FileAccess& access, Diagnostics& diags) {
  Includer(doc, access, diags).run();
}

void load_data_files(Document& doc, const FileAccess& access, Diagnostics& diags) {
  const MetaValue* files = doc.meta.find("data-files");
  if (!files) return;
  if (files->kind != MetaValue::Kind::Map) {
    diags.error(files->pos, "'data-files' must map names to files: data-files: {cases: cases.yaml}");
    return;
  }
  io::Confinement confine = project_confinement(doc, access);
  std::vector<std::pair<std::string, MetaValue>> loaded;
  for (const auto& [key, value] : files->map) {
    if (value.kind != MetaValue::Kind::String) {
      diags.error(value.pos, "'data-files." + key + "' must be a file name");
      continue;
    }
    // Relative to the document: the metadata's position names the YAML stream, not the Markdown file.
    SourcePos from = value.pos;
    from.file = (top_folder(doc) / "-").string();
    if (!from.known()) from.line = 1;
    auto path = locate("data file", value.scalar, from, confine, diags, &value.pos);
    from = value.pos;
    if (!path) continue;
    try {
      loaded.emplace_back(key, read_data(io::read_file(path->string(), kMaxIncludeBytes), path->string(), diags));
    } catch (const Error& e) {
      diags.error(from, "cannot read data file '" + value.scalar + "': " + e.what());
    }
  }
  for (auto& [key, value] : loaded) doc.meta.set(key, std::move(value));
}

void build_data_tables(Document& doc, Diagnostics& diags) {
  tables_in(doc.blocks, doc, diags);
  markdown::attach_table_captions(doc.blocks);  // a caption paragraph next to a data table
}

void resolve_references(Document& doc, Diagnostics& diags, const RemovedParts& removed) {
  References(doc, diags, removed).run();
}

}  // namespace quire::compose
