#include "quire/biblio/csl/citeproc.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "quire/biblio/bibliography.hpp"
#include "quire/biblio/csl/processor.hpp"
#include "quire/biblio/csl/rich.hpp"
#include "quire/diag/edit_distance.hpp"
#include "quire/model/overloaded.hpp"

namespace quire::csl {

using namespace model;

namespace {

std::string closest_id(const biblio::Bibliography& bib, std::string_view key) {
  std::vector<std::string_view> ids;
  ids.reserve(bib.items.size());
  for (const auto& item : bib.items) ids.push_back(item.id);
  return closest_name(key, ids);
}

struct Found {
  Inline* inline_;
  Inlines* parent;      // the list it is in
  std::size_t index;    // its place there
  std::string in_note;  // the footnote's label when the citation is inside one
  int order = 0;        // note number (note styles) for ordering
};

// Every cite inline in document order, footnote definitions visited where they stand; and the footnote
// references of the body, in the order layout numbers them.
struct Collector {
  std::vector<Found> cites;
  std::vector<std::pair<bool, std::string>> body_order;  // (is a cite, label or "")
  std::string note;                                      // the definition being walked

  void inlines(Inlines& in) {
    for (std::size_t k = 0; k < in.size(); ++k) {
      Inline& i = in[k];
      std::visit(overloaded{[&](Cite&) {
                              if (note.empty()) body_order.emplace_back(true, std::to_string(cites.size()));
                              cites.push_back({&i, &in, k, note, 0});
                            },
                            [&](FootnoteRef& r) {
                              if (note.empty()) body_order.emplace_back(false, r.label);
                            },
                            [&](InlineImage& img) { inlines(img.alt); }, [&](Text&) {}, [&](Code&) {},
                            [&](SoftBreak&) {}, [&](LineBreak&) {}, [&](auto& wrapper) { inlines(wrapper.content); }},
                 i.node);
    }
  }
  void blocks(Blocks& bs) {
    for (auto& b : bs) {
      std::visit(overloaded{[&](Paragraph& p) { inlines(p.content); }, [&](Heading& h) { inlines(h.content); },
                            [&](BulletList& l) {
                              for (auto& item : l.items) blocks(item.blocks);
                            },
                            [&](OrderedList& l) {
                              for (auto& item : l.items) blocks(item.blocks);
                            },
                            [&](BlockQuote& q) { blocks(q.blocks); }, [&](Div& d) { blocks(d.blocks); },
                            [&](Table& t) {
                              inlines(t.caption);
                              for (auto& cell : t.header) inlines(cell);
                              for (auto& row : t.rows)
                                for (auto& cell : row) inlines(cell);
                            },
                            [&](Image& img) { inlines(img.caption); },
                            [&](FootnoteDef& d) {
                              std::string outer = note;
                              note = d.label;
                              blocks(d.blocks);
                              note = outer;
                            },
                            [&](auto&) {}},
                 b.node);
    }
  }
};

Div* find_refs(Blocks& bs) {
  for (auto& b : bs) {
    if (auto* d = std::get_if<Div>(&b.node)) {
      if (d->id == "refs") return d;
      if (Div* inner = find_refs(d->blocks)) return inner;
    }
  }
  return nullptr;
}

// Capitalizes the first letter of inlines that start with text (inside emphasis too).
void capitalize_start(Inlines& in) {
  if (in.empty()) return;
  std::visit(overloaded{[&](Text& t) { t.text = detail::capitalize_first(t.text); },
                        [&](Emph& e) { capitalize_start(e.content); }, [&](Strong& e) { capitalize_start(e.content); },
                        [&](Link& l) { capitalize_start(l.content); }, [&](Span& s) { capitalize_start(s.content); },
                        [&](auto&) {}},
             in.front().node);
}

bool meta_true(const MetaValue& meta, std::string_view key) {
  const MetaValue* v = meta.find(key);
  return v && v->is_scalar() && (v->scalar == "true" || v->scalar == "yes");
}

}  // namespace

void process_citations(Document& doc, const io::Confinement& confine, Diagnostics& diags) {
  if (!doc.meta.find("bibliography") && !doc.meta.find("references")) return;
  int errors = diags.error_count();
  biblio::Bibliography bib = biblio::load_bibliography(doc, confine, diags);
  if (diags.error_count() > errors) return;

  std::string csl = kDefaultStyle;
  SourcePos at{source_file(doc), 1, 1};
  if (const MetaValue* v = doc.meta.find("csl")) {
    if (!v->is_scalar() || v->scalar.empty()) {
      diags.error(v->pos, "\"csl\" must name a CSL style: a .csl file or a style id such as apa");
      return;
    }
    csl = v->scalar;
    at = v->pos;
  }
  std::string lang;
  if (const MetaValue* v = doc.meta.find("lang"); v && v->is_scalar()) lang = v->scalar;
  auto style = load_style(csl, lang, source_file(doc), confine, at, diags);
  if (!style) return;

  Collector found;
  found.blocks(doc.blocks);

  // Which citations can be rendered: all their keys known.
  std::vector<const biblio::Item*> order;
  std::set<const biblio::Item*> in_order;
  std::vector<bool> renderable(found.cites.size(), true);
  int guesses = 20;  // did-you-mean hints for the first unknown keys: each compares with every id
  for (std::size_t i = 0; i < found.cites.size(); ++i) {
    const auto& cite = std::get<Cite>(found.cites[i].inline_->node);
    for (const auto& c : cite.items) {
      const biblio::Item* item = bib.find(c.key);
      if (!item) {
        std::string guess = guesses-- > 0 ? closest_id(bib, c.key) : std::string();
        diags.warning(c.pos, "no bibliography entry has the id \"" + c.key + "\"; the citation prints its key",
                      guess.empty() ? std::string() : "did you mean \"" + guess + "\"?");
        renderable[i] = false;
        continue;
      }
      if (in_order.insert(item).second) order.push_back(item);
    }
  }
  if (const MetaValue* nocite = doc.meta.find("nocite")) {
    std::vector<std::string> keys;
    auto add_text = [&](const std::string& text) {
      for (std::size_t i = 0; (i = text.find('@', i)) != std::string::npos;) {
        std::size_t j = i + 1;
        while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '*' ||
                                   std::string_view("_-:.#$%&+?<>~/").find(text[j]) != std::string_view::npos))
          ++j;
        while (j > i + 1 && std::string_view(":.").find(text[j - 1]) != std::string_view::npos) --j;
        keys.push_back(text.substr(i + 1, j - i - 1));
        i = j;
      }
    };
    if (nocite->kind == MetaValue::Kind::List)
      for (const auto& v : nocite->list) add_text(v.as_text());
    else
      add_text(nocite->as_text());
    for (const auto& k : keys) {
      if (k == "*") {
        for (const auto& item : bib.items)
          if (in_order.insert(&item).second) order.push_back(&item);
      } else if (const biblio::Item* item = bib.find(k)) {
        if (in_order.insert(item).second) order.push_back(item);
      } else {
        diags.warning(nocite->pos, "nocite: no bibliography entry has the id \"" + k + "\"");
      }
    }
  }

  Processor proc(*style, order);
  bool note_style = style->note;
  bool suppress = meta_true(doc.meta, "suppress-bibliography");
  bool link = meta_true(doc.meta, "link-citations") && !suppress && style->bibliography;

  // Note numbers: the body's footnote references and (note styles) its citations, in order.
  std::unordered_map<std::string, int> note_of_label;
  std::vector<int> note_of_cite(found.cites.size(), 0);
  int notes = 0;
  for (const auto& [is_cite, what] : found.body_order) {
    if (is_cite) {
      std::size_t i = std::stoul(what);
      if (note_style) note_of_cite[i] = ++notes;
    } else if (!note_of_label.count(what)) {
      note_of_label[what] = ++notes;
    }
  }
  for (std::size_t i = 0; i < found.cites.size(); ++i)
    if (!found.cites[i].in_note.empty()) {
      auto it = note_of_label.find(found.cites[i].in_note);
      note_of_cite[i] = it == note_of_label.end() ? ++notes : it->second;
    }
  // Citations in the order they are read: by note for note styles, else as written.
  std::vector<std::size_t> sequence;
  for (std::size_t i = 0; i < found.cites.size(); ++i)
    if (renderable[i]) sequence.push_back(i);
  if (note_style)
    std::stable_sort(sequence.begin(), sequence.end(),
                     [&](std::size_t a, std::size_t b) { return note_of_cite[a] < note_of_cite[b]; });
  std::vector<Cluster> clusters;
  for (std::size_t i : sequence) {
    const auto& cite = std::get<Cite>(found.cites[i].inline_->node);
    Cluster cl;
    cl.note = note_of_cite[i];
    for (const auto& c : cite.items) {
      CiteInput in;
      in.item = bib.find(c.key);
      in.locator = c.locator;
      in.label = c.label;
      in.mode = c.mode;
      in.prefix = c.prefix;
      in.suffix = c.suffix;
      cl.cites.push_back(std::move(in));
    }
    clusters.push_back(std::move(cl));
  }
  std::vector<Rendered> rendered = proc.cite(clusters, link);

  Blocks notes_added;
  for (std::size_t k = 0; k < sequence.size(); ++k) {
    std::size_t i = sequence[k];
    Inline& target = *found.cites[i].inline_;
    const Cite& cite = std::get<Cite>(target.node);
    Span span;
    span.classes.push_back("citation");
    std::string keys;
    for (const auto& c : cite.items) keys += (keys.empty() ? "" : " ") + c.key;
    span.attributes.emplace_back("data-cites", keys);
    if (note_style && found.cites[i].in_note.empty()) {
      // The citation becomes a footnote; an author-in-text citation keeps the author in the text.
      std::string label = "cite-note-" + std::to_string(note_of_cite[i]);
      FootnoteDef def;
      def.label = label;
      // A note is a sentence: it starts with a capital ("See …", "Ibid."), as pandoc writes it.
      Inlines note = std::move(rendered[k].note);
      capitalize_start(note);
      def.blocks.push_back(Block{Paragraph{std::move(note)}, {}, {}});
      notes_added.push_back(Block{std::move(def), {}, {}});
      span.content = std::move(rendered[k].text);
      span.content.push_back(Inline{FootnoteRef{label}});
    } else if (note_style) {
      // Already in a footnote: the citation stays in its sentence.
      if (!rendered[k].text.empty()) {
        span.content = std::move(rendered[k].text);
        span.content.push_back(Inline{Text{" "}});
      }
      for (auto& in : rendered[k].note) span.content.push_back(std::move(in));
    } else {
      span.content = std::move(rendered[k].text);
    }
    target.node = std::move(span);
  }
  // A note's mark follows the word before it and any punctuation after it, as in pandoc: "water.²"
  // for "water [@a]." Lists are edited from their last citation backwards, so indexes stay valid.
  if (note_style) {
    std::vector<std::size_t> marks;
    for (std::size_t i : sequence)
      if (found.cites[i].in_note.empty()) marks.push_back(i);
    std::sort(marks.begin(), marks.end(), [&](std::size_t a, std::size_t b) {
      return found.cites[a].parent != found.cites[b].parent ? found.cites[a].parent < found.cites[b].parent
                                                            : found.cites[a].index > found.cites[b].index;
    });
    for (std::size_t i : marks) {
      Inlines& list = *found.cites[i].parent;
      std::size_t k = found.cites[i].index;
      if (std::get<Span>(list[k].node).content.size() != 1) continue;  // author in the text: keep the space
      if (k + 1 < list.size())
        if (auto* next = std::get_if<Text>(&list[k + 1].node);
            next && !next->text.empty() && std::string_view(".,;:!?").find(next->text[0]) != std::string_view::npos) {
          std::string p(1, next->text[0]);
          next->text.erase(0, 1);
          if (next->text.empty()) list.erase(list.begin() + std::ptrdiff_t(k + 1));
          list.insert(list.begin() + std::ptrdiff_t(k), Inline{Text{p}});
        }
      for (std::size_t j = found.cites[i].index; j > 0; --j) {
        auto* before = std::get_if<Text>(&list[j - 1].node);
        if (!before) break;
        while (!before->text.empty() && before->text.back() == ' ') before->text.pop_back();
        if (!before->text.empty()) break;
      }
    }
  }
  for (auto& b : notes_added) doc.blocks.push_back(std::move(b));

  if (suppress || !style->bibliography) return;
  std::vector<Entry> entries = proc.bibliography();
  Blocks list;
  for (auto& e : entries) {
    Div entry;
    entry.id = "ref-" + e.id;
    entry.classes.push_back("csl-entry");
    entry.blocks.push_back(Block{Paragraph{std::move(e.content)}, {}, {}});
    list.push_back(Block{std::move(entry), {}, {}});
  }
  std::vector<std::string> classes{"references", "csl-bib-body"};
  if (proc.hanging_indent()) classes.push_back("hanging-indent");
  if (Div* refs = find_refs(doc.blocks)) {
    refs->blocks = std::move(list);
    for (const auto& c : classes)
      if (!refs->has_class(c)) refs->classes.push_back(c);
    return;
  }
  if (entries.empty()) return;
  if (const MetaValue* title = doc.meta.find("reference-section-title");
      title && title->is_scalar() && !title->scalar.empty()) {
    Heading h;
    h.level = 1;
    h.id = "bibliography";
    h.content.push_back(Inline{Text{title->scalar}});
    doc.blocks.push_back(Block{std::move(h), {}, {}});
  }
  Div refs;
  refs.id = "refs";
  refs.classes = classes;
  refs.blocks = std::move(list);
  doc.blocks.push_back(Block{std::move(refs), {}, {}});
}

}  // namespace quire::csl
