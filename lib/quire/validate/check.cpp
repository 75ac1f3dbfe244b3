#include "quire/validate/check.hpp"

#include <map>
#include <set>

#include "quire/diag/edit_distance.hpp"
#include "quire/model/overloaded.hpp"
#include "quire/text/script.hpp"
#include "quire/validate/citations.hpp"
#include "quire/validate/resources.hpp"

namespace quire::validate {

using namespace quire::model;

namespace {

std::string quoted(std::string_view s) { return "\"" + std::string(s.substr(0, 80)) + "\""; }

class Checker {
 public:
  Checker(Diagnostics& diags, const CheckOptions& options, const CheckLimits& limits)
      : diags_(diags), options_(options), limits_(limits) {}

  void run(const Document& doc) {
    doc_ = &doc;
    if (options_.resources) {
      fonts(doc.meta);
      meta_images(doc);
    }
    blocks(doc.blocks, 1);
    for (const auto& [label, pos] : references_)
      if (!definitions_.count(label))
        add(Severity::Error, pos.where, "footnote reference '" + label + "' has no definition", {}, "footnote");
    for (const auto& [label, pos] : definitions_)
      if (!references_.count(label))
        add(Severity::Warning, pos.where, "footnote '" + label + "' is defined but never referenced", {}, "footnote");
    if (options_.citations) detail::check_citations(doc, cited_, options_.uncited, diags_);
    std::vector<std::string> ids(heading_ids_.begin(), heading_ids_.end());
    for (const auto& link : empty_links_) empty_link(link, ids);
    for (const auto& link : internal_links_) {
      if (heading_ids_.count(link.target)) continue;
      std::string guess = closest_name(link.target, ids);
      // A warning (an error under --strict): the link goes nowhere, but the document still reads.
      add(Severity::Warning, link.at.where,
          "link to \"#" + link.target + "\" matches no heading, div, span, figure or table id",
          guess.empty() ? link.at.hint : "did you mean \"#" + guess + "\"?", "cross-reference");
    }
  }

 private:
  struct At {
    SourcePos where;
    std::string hint;
  };
  struct InternalLink {
    std::string target;  // the id after "#"; for an empty link, its text
    At at;
  };

  std::vector<detail::CitedKey> cited_;  // in the order written

  // The block whose contents are being checked: inline problems are reported at its position.
  const Block* current_ = nullptr;

  At here() const {
    At at;
    if (current_) at.where = current_->read_at.known() ? current_->read_at : current_->pos;
    if (current_ && current_->pos.known() && current_->read_at.known())
      at.hint = "the block comes from " + to_string(current_->pos);
    return at;
  }

  void add(Severity severity, SourcePos pos, std::string message, std::string hint, std::string rule) {
    diags_.add(Diagnostic{severity, std::move(pos), std::move(message), std::move(hint), {}, std::move(rule)});
  }
  void report(std::string message, const char* rule = "model") {
    At at = here();
    add(Severity::Error, at.where, std::move(message), at.hint, rule);
  }
  void warn(std::string message, const char* rule) {
    At at = here();
    add(Severity::Warning, at.where, std::move(message), at.hint, rule);
  }

  // The file relative paths in the current block are relative to: the user's source, else the YAML.
  std::string source_file() const {
    if (!current_) return {};
    return !current_->pos.file.empty() ? current_->pos.file : current_->read_at.file;
  }

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
      report("blocks are nested more than " + std::to_string(limits_.max_depth) + " levels deep", "depth");
      current_ = outer;
      return;
    }
    std::visit(overloaded{
                   [&](const Paragraph& p) { inlines(p.content, 1); },
                   [&](const Heading& h) { heading(h); },
                   [&](const BulletList& l) { items(l.items, depth); },
                   [&](const OrderedList& l) {
                     if (l.start < 0) report("ordered list starts at a negative number");
                     items(l.items, depth);
                   },
                   [&](const BlockQuote& q) { blocks(q.blocks, depth + 1); },
                   [&](const Table& t) {
                     if (!t.id.empty()) anchor(t.id, true);
                     table(t);
                   },
                   [&](const Image& i) {
                     if (!i.id.empty()) anchor(i.id, true);
                     if (i.url.empty()) report("image has no url");
                     image(i.url);
                     inlines(i.caption, 1);
                   },
                   [&](const FootnoteDef& f) {
                     if (definitions_.count(f.label))
                       report("footnote '" + f.label + "' is defined twice", "footnote");
                     else
                       definitions_.emplace(f.label, here());
                     blocks(f.blocks, depth + 1);
                   },
                   [&](const Div& d) {
                     if (!d.id.empty()) anchor(d.id, true);
                     blocks(d.blocks, depth + 1);
                   },
                   [&](const auto&) {},
               },
               b.node);
    current_ = outer;
  }

  void heading(const Heading& h) {
    if (h.level < 1 || h.level > 6) report("heading level " + std::to_string(h.level) + " is outside 1–6");
    // The first heading may be at any level (a letter starts at ##); after it, a level may go
    // down by any amount but up by one only.
    if (last_level_ > 0 && h.level > last_level_ + 1)
      warn("heading level jumps from " + std::to_string(last_level_) + " to " + std::to_string(h.level),
           "heading-jump");
    last_level_ = h.level;
    if (!h.id.empty()) anchor(h.id, false);
    inlines(h.content, 1);
  }

  // Headings may share an automatic id (links go to the first); a div's id is written by hand and must
  // name one place.
  void anchor(const std::string& id, bool from_div) {
    bool fresh = heading_ids_.insert(id).second;
    if (from_div && !fresh) report("id " + quoted(id) + " is used twice", "id");
    if (from_div)
      div_ids_.insert(id);
    else if (!fresh && div_ids_.count(id))
      report("id " + quoted(id) + " is used twice", "id");
  }

  void table(const Table& t) {
    const auto width = t.header.size();
    if (width == 0) report("table has no header row");
    if (t.aligns.size() != width)
      report("table has " + std::to_string(t.aligns.size()) + " alignments for " + std::to_string(width) + " columns");
    if (!t.widths.empty() && t.widths.size() != width)
      report("table has " + std::to_string(t.widths.size()) + " column widths for " + std::to_string(width) +
             " columns");
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      if (t.rows[r].size() != width)
        report("table row " + std::to_string(r + 1) + " has " + std::to_string(t.rows[r].size()) +
               " cells; the header has " + std::to_string(width));
      for (const auto& cell : t.rows[r]) inlines(cell, 1);
    }
    inlines(t.caption, 1);
    for (const auto& cell : t.header) inlines(cell, 1);
  }

  void inlines(const Inlines& list, int depth) {
    if (depth > limits_.max_depth) {
      report("inline markup is nested more than " + std::to_string(limits_.max_depth) + " levels deep", "depth");
      return;
    }
    for (const auto& in : list) {
      std::visit(overloaded{
                     [&](const Text& t) { fields(t.text); },
                     [&](const Link& l) {
                       if (l.url.empty()) empty_links_.push_back({plain_text(l.content), here()});
                       if (l.url.size() > 1 && l.url[0] == '#') internal_links_.push_back({l.url.substr(1), here()});
                       fields(l.url);
                       inlines(l.content, depth + 1);
                     },
                     [&](const InlineImage& i) {
                       if (i.url.empty()) report("image has no url");
                       image(i.url);
                       inlines(i.alt, depth + 1);
                     },
                     [&](const FootnoteRef& f) { references_.emplace(f.label, here()); },
                     [&](const Emph& e) { inlines(e.content, depth + 1); },
                     [&](const Strong& s) { inlines(s.content, depth + 1); },
                     [&](const Strike& s) { inlines(s.content, depth + 1); },
                     [&](const model::Span& s) {
                       if (!s.id.empty()) heading_ids_.insert(s.id);
                       inlines(s.content, depth + 1);
                     },
                     [&](const model::Cite& c) {
                       for (const auto& item : c.items)
                         if (!model::is_cross_reference(item.key)) cited_.push_back({&item, here().where});
                       model::for_each_part(c, [&](const Inlines& part) { inlines(part, depth + 1); });
                     },
                     [&](const auto&) {},
                 },
                 in.node);
    }
  }

  // `[text]()` is valid CommonMark and goes nowhere: a warning naming the id it may have meant.
  void empty_link(const InternalLink& link, const std::vector<std::string>& ids) {
    std::string guess = closest_name(automatic_id(link.target), ids);
    add(Severity::Warning, link.at.where, "link " + quoted("[" + link.target + "]()") + " has an empty destination",
        guess.empty() ? "write its target in the parentheses: [text](#id) or [text](https://…)"
                      : "did you mean \"#" + guess + "\"?",
        "link");
  }

  // About the id a heading with this text gets (lower case, spaces as hyphens): what to compare ids with.
  static std::string automatic_id(const std::string& text) {
    std::string out;
    for (char c : text) out += c == ' ' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }

  // ---- resources -------------------------------------------------------------------------------

  void image(const std::string& url) {
    if (!options_.resources || url.empty() || url.find("{{") != std::string::npos) return;
    auto problem = detail::image_problem(url, source_file());
    if (!problem) return;
    if (problem->remote)
      warn("image " + quoted(url) + ": " + problem->why, "image");
    else
      report("image " + quoted(url) + ": " + problem->why, "image");
  }

  // Images the layout places from metadata: the title page's logo, a letter's letterhead logo and
  // signature. Paths are relative to the document's source file (model::source_file), as layout
  // resolves them.
  void meta_images(const Document& doc) {
    const MetaValue& meta = doc.meta;
    for (const char* path : {"logo", "letterhead.logo", "signature.image"}) {
      const MetaValue* v = meta.find_path(path);
      if (!v || v->kind != MetaValue::Kind::String || v->scalar.empty()) continue;
      if (v->scalar.find("{{") != std::string::npos) continue;  // a field, filled in by compose
      auto problem = detail::image_problem(v->scalar, model::source_file(doc));
      if (problem && !problem->remote)
        add(Severity::Error, v->pos, std::string(path) + ": image " + quoted(v->scalar) + ": " + problem->why, {},
            "image");
    }
  }

  void fonts(const MetaValue& meta) {
    for (const char* key : {"mainfont", "sansfont", "monofont"})
      if (const MetaValue* v = meta.find(key)) font(key, *v);
    if (const MetaValue* named = meta.find("fonts"); named && named->kind == MetaValue::Kind::Map)
      for (const auto& [script, value] : named->map) script_font(script, value);
  }

  // `fonts: {arabic: NAME}` or `{arabic: {main: NAME, sans: NAME, mono: NAME}}`.
  void script_font(const std::string& script, const MetaValue& value) {
    if (text::script_by_name(script) == 0) {
      add(Severity::Error, value.pos,
          "fonts: \"" + script + "\" is not the name of a script (Arabic, Devanagari, Han, Hebrew, …)", {}, "font");
      return;
    }
    if (value.is_scalar()) font("fonts." + script, value);
    for (const auto& [family, v] : value.map) {
      if (family != "main" && family != "sans" && family != "mono")
        add(Severity::Error, v.pos, "fonts." + script + ": \"" + family + "\" is not main, sans or mono", {}, "font");
      else
        font("fonts." + script + "." + family, v);
    }
  }

  // A font named by `key` (a family or a file) must be an installed TrueType font.
  void font(const std::string& key, const MetaValue& v) {
    if (v.kind != MetaValue::Kind::String || v.scalar.empty()) return;
    std::string problem = detail::font_problem(v.scalar, v.pos.file);
    if (!problem.empty()) add(Severity::Error, v.pos, key + ": " + problem, {}, "font");
  }

  // ---- template fields -------------------------------------------------------------------------

  void fields(const std::string& text) {
    if (!options_.fields) return;
    for (std::size_t open = text.find("{{"); open != std::string::npos; open = text.find("{{", open + 2)) {
      std::size_t close = text.find("}}", open + 2);
      if (close == std::string::npos) return;
      field(text.substr(open + 2, close - open - 2));
    }
  }

  void field(std::string tag) {
    auto trim = [](std::string s) {
      std::size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
      return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
    };
    tag = trim(tag);
    if (tag.empty() || tag[0] == '!') return;
    // Inside a section names are looked up in the section's items first: not checkable here.
    if (tag[0] == '#' || tag[0] == '^') {
      ++section_depth_;
      return;
    }
    if (tag[0] == '/') {
      if (section_depth_ > 0) --section_depth_;
      return;
    }
    if (section_depth_ > 0) return;
    if (tag[0] == '{' || tag[0] == '&') tag = trim(tag.substr(1, tag[0] == '{' ? tag.size() - 2 : std::string::npos));
    std::string name = trim(tag.substr(0, tag.find('|')));
    if (name.empty() || name == "." || name == "n") return;
    std::string key = name.starts_with("meta.") ? name.substr(5) : name;
    if (doc_->meta.find_path(key)) return;
    if (!options_.records) {
      warn("field " + quoted(name) + " has no value in the metadata", "field");
      return;
    }
    if (name.starts_with("meta.")) {
      report("field " + quoted(name) + " has no value in the metadata", "field");
      return;
    }
    for (std::size_t i = 0; i < options_.records->size(); ++i) {
      const MetaValue& record = (*options_.records)[i];
      if (record.find_path(key)) continue;
      std::string where = record.pos.known() ? to_string(record.pos) : options_.records_file;
      report("field " + quoted(name) + " has no value in the metadata or in record " + std::to_string(i + 1) + " (" +
                 where + ")",
             "field");
      return;
    }
  }

  Diagnostics& diags_;
  const CheckOptions& options_;
  const CheckLimits& limits_;
  const Document* doc_ = nullptr;
  int last_level_ = 0;
  int section_depth_ = 0;
  std::map<std::string, At> references_;  // first reference of each label
  std::map<std::string, At> definitions_;
  std::set<std::string> heading_ids_;  // headings' and divs' ids: the targets of "#id" links
  std::set<std::string> div_ids_;
  std::vector<InternalLink> internal_links_;
  std::vector<InternalLink> empty_links_;  // [text]()
};

}  // namespace

void check_document(const Document& doc, Diagnostics& diags, const CheckLimits& limits) {
  check_document(doc, CheckOptions{}, diags, limits);
}

void check_document(const Document& doc, const CheckOptions& options, Diagnostics& diags, const CheckLimits& limits) {
  Checker(diags, options, limits).run(doc);
}

}  // namespace quire::validate
