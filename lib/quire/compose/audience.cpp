// Disclosure levels: one source, several editions (docs/templates.md, "Audiences").
#include <algorithm>
#include <map>
#include <set>

#include "quire/compose/assemble.hpp"
#include "quire/compose/fields.hpp"
#include "quire/model/overloaded.hpp"

namespace quire::compose {

using namespace quire::model;

namespace {

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while ((at = s.find_first_not_of(" \t,", at)) != std::string_view::npos) {
    std::size_t end = s.find_first_of(" \t,", at);
    out.emplace_back(s.substr(at, end == std::string_view::npos ? end : end - at));
    at = end;
  }
  return out;
}

// The audiences a class may name: public, internal and those the document lists under `audiences:`.
std::set<std::string> declared_audiences(const MetaValue& meta, Diagnostics& diags) {
  std::set<std::string> out{"public", "internal"};
  const MetaValue* list = meta.find("audiences");
  if (!list) return out;
  if (list->kind != MetaValue::Kind::List) {
    diags.error(list->pos, "'audiences' must be a list of names");
    return out;
  }
  for (const auto& v : list->list) {
    if (v.kind == MetaValue::Kind::String && !v.scalar.empty())
      out.insert(v.scalar);
    else
      diags.error(v.pos.known() ? v.pos : list->pos, "'audiences' must be a list of names");
  }
  return out;
}

// The trailing "{#label}" of a heading's text, as resolve_references reads it.
std::string heading_label(const Inlines& content) {
  if (content.empty()) return {};
  const auto* t = std::get_if<Text>(&content.back().node);
  if (!t) return {};
  std::string_view s = t->text;
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  auto open = s.rfind("{#");
  if (!s.ends_with("}") || open == std::string_view::npos) return {};
  return std::string(s.substr(open + 2, s.size() - open - 3));
}

class AudienceFilter {
 public:
  AudienceFilter(std::string audience, std::set<std::string> declared, RemovedParts& removed, Diagnostics& diags)
      : audience_(std::move(audience)), declared_(std::move(declared)), removed_(removed), diags_(diags) {}

  void run(Document& doc) {
    blocks(doc.blocks);
    drop_orphan_notes(doc.blocks);
    if (!removed_defs_.empty()) dangling_notes(doc.blocks);
  }

 private:
  // The audiences a div is marked for: its `audience` attribute (names separated by spaces or
  // commas) and its classes that name a declared audience. Empty: for everyone.
  std::vector<std::string> marked(const Div& d) const {
    std::vector<std::string> out;
    if (const std::string* a = d.attribute("audience")) out = words(*a);
    for (const auto& c : d.classes)
      if (declared_.count(c)) out.push_back(c);
    return out;
  }

  void blocks(Blocks& list) {
    Blocks kept;
    for (auto& b : list) {
      if (auto* d = std::get_if<Div>(&b.node)) {
        auto for_whom = marked(*d);
        if (!for_whom.empty() && std::find(for_whom.begin(), for_whom.end(), audience_) == for_whom.end()) {
          remember(b, where(b));
          continue;
        }
      }
      nested(b);
      kept.push_back(std::move(b));
    }
    list = std::move(kept);
  }

  void nested(Block& b) {
    std::visit(overloaded{[&](BlockQuote& q) { blocks(q.blocks); }, [&](Div& d) { blocks(d.blocks); },
                          [&](FootnoteDef& f) { blocks(f.blocks); },
                          [&](BulletList& l) {
                            for (auto& i : l.items) blocks(i.blocks);
                          },
                          [&](OrderedList& l) {
                            for (auto& i : l.items) blocks(i.blocks);
                          },
                          [&](auto&) {}},
               b.node);
  }

  // Records what a removed block held that the rest may point to: labels, ids and footnotes.
  void remember(const Block& b, const SourcePos& part) {
    std::visit(overloaded{[&](const Heading& h) {
                            if (!h.id.empty()) removed_.labels.emplace(h.id, part);
                            if (auto l = heading_label(h.content); !l.empty()) removed_.labels.emplace(l, part);
                            notes(h.content);
                          },
                          [&](const Paragraph& p) { notes(p.content); },

                          [&](const Div& d) {
                            if (!d.id.empty()) removed_.labels.emplace(d.id, part);
                            for (const auto& c : d.blocks) remember(c, part);
                          },
                          [&](const BlockQuote& q) {
                            for (const auto& c : q.blocks) remember(c, part);
                          },
                          [&](const FootnoteDef& f) {
                            removed_defs_.emplace(f.label, part);
                            for (const auto& c : f.blocks) remember(c, part);
                          },
                          [&](const BulletList& l) {
                            for (const auto& i : l.items)
                              for (const auto& c : i.blocks) remember(c, part);
                          },
                          [&](const OrderedList& l) {
                            for (const auto& i : l.items)
                              for (const auto& c : i.blocks) remember(c, part);
                          },
                          [&](const Table& t) {
                            if (!t.id.empty()) removed_.labels.emplace(t.id, part);
                            notes(t.caption);
                            for (const auto& cell : t.header) notes(cell);
                            for (const auto& row : t.rows)
                              for (const auto& cell : row) notes(cell);
                          },
                          [&](const Image& i) {
                            if (!i.id.empty()) removed_.labels.emplace(i.id, part);
                            notes(i.caption);
                          },
                          [&](const auto&) {}},
               b.node);
  }

  void notes(const Inlines& list) { references(list, removed_notes_); }

  static void references(const Inlines& list, std::set<std::string>& out) {
    for (const auto& in : list)
      std::visit(
          overloaded{
              [&](const FootnoteRef& r) { out.insert(r.label); }, [&](const InlineImage& i) { references(i.alt, out); },
              [&](const Text&) {}, [&](const Code&) {}, [&](const SoftBreak&) {}, [&](const LineBreak&) {},
              [&](const Cite& c) { model::for_each_part(c, [&](const Inlines& part) { references(part, out); }); },
              [&](const auto& wrapper) { references(wrapper.content, out); }},
          in.node);
  }

  static void references(const Blocks& list, std::set<std::string>& out) {
    for (const auto& b : list)
      std::visit(overloaded{[&](const Paragraph& p) { references(p.content, out); },
                            [&](const Heading& h) { references(h.content, out); },
                            [&](const Image& i) { references(i.caption, out); },
                            [&](const BlockQuote& q) { references(q.blocks, out); },
                            [&](const Div& d) { references(d.blocks, out); },
                            [&](const FootnoteDef& f) { references(f.blocks, out); },
                            [&](const BulletList& l) {
                              for (const auto& i : l.items) references(i.blocks, out);
                            },
                            [&](const OrderedList& l) {
                              for (const auto& i : l.items) references(i.blocks, out);
                            },
                            [&](const Table& t) {
                              references(t.caption, out);
                              for (const auto& cell : t.header) references(cell, out);
                              for (const auto& row : t.rows)
                                for (const auto& cell : row) references(cell, out);
                            },
                            [&](const auto&) {}},
                 b.node);
  }

  // A footnote referenced only from removed parts goes too (and, in turn, the notes only it refers to).
  void drop_orphan_notes(Blocks& top) {
    while (!removed_notes_.empty()) {
      std::set<std::string> used;
      references(top, used);
      std::set<std::string> orphans;
      for (const auto& label : removed_notes_)
        if (!used.count(label)) orphans.insert(label);
      removed_notes_.clear();
      if (orphans.empty()) return;
      drop_notes(top, orphans);
    }
  }

  void drop_notes(Blocks& list, const std::set<std::string>& orphans) {
    Blocks kept;
    for (auto& b : list) {
      if (auto* f = std::get_if<FootnoteDef>(&b.node); f && orphans.count(f->label)) {
        remember(b, where(b));
        continue;
      }
      std::visit(overloaded{[&](BlockQuote& q) { drop_notes(q.blocks, orphans); },
                            [&](Div& d) { drop_notes(d.blocks, orphans); }, [&](auto&) {}},
                 b.node);
      kept.push_back(std::move(b));
    }
    list = std::move(kept);
  }

  // A note written inside a removed part but referred to from kept text: an error at the reference
  // (keeping the note would print the part's words).
  void dangling_notes(const Blocks& top) {
    std::set<std::string> defined;
    definitions(top, defined);
    std::set<std::string> reported;
    each_block(top, [&](const Block& b) {
      std::set<std::string> refs;
      if (const auto* p = std::get_if<Paragraph>(&b.node)) references(p->content, refs);
      if (const auto* h = std::get_if<Heading>(&b.node)) references(h->content, refs);
      if (const auto* i = std::get_if<Image>(&b.node)) references(i->caption, refs);
      if (const auto* t = std::get_if<Table>(&b.node)) {
        references(t->caption, refs);
        for (const auto& cell : t->header) references(cell, refs);
        for (const auto& row : t->rows)
          for (const auto& cell : row) references(cell, refs);
      }
      for (const auto& label : refs) {
        auto it = removed_defs_.find(label);
        if (it == removed_defs_.end() || defined.count(label) || !reported.insert(label).second) continue;
        diags_.error(where(b),
                     "footnote '" + label + "' is defined in a part left out of the '" + audience_ + "' edition",
                     "the part is at " + to_string(it->second) + "; define the note outside it");
      }
    });
  }

  static void definitions(const Blocks& list, std::set<std::string>& out) {
    each_block(list, [&](const Block& b) {
      if (const auto* f = std::get_if<FootnoteDef>(&b.node)) out.insert(f->label);
    });
  }

  // Calls f on every block, nested ones too.
  template <class F>
  static void each_block(const Blocks& list, const F& f) {
    for (const auto& b : list) {
      f(b);
      std::visit(overloaded{[&](const BlockQuote& q) { each_block(q.blocks, f); },
                            [&](const Div& d) { each_block(d.blocks, f); },
                            [&](const FootnoteDef& d) { each_block(d.blocks, f); },
                            [&](const BulletList& l) {
                              for (const auto& i : l.items) each_block(i.blocks, f);
                            },
                            [&](const OrderedList& l) {
                              for (const auto& i : l.items) each_block(i.blocks, f);
                            },
                            [](const auto&) {}},
                 b.node);
    }
  }

  std::string audience_;
  std::set<std::string> declared_;
  RemovedParts& removed_;
  Diagnostics& diags_;
  std::map<std::string, SourcePos> removed_defs_;  // notes removed with their part → the part
  std::set<std::string> removed_notes_;            // referenced from removed parts
};

}  // namespace

RemovedParts filter_audience(Document& doc, const std::string& audience, Diagnostics& diags) {
  std::string chosen = audience;
  if (chosen.empty())
    if (const MetaValue* a = doc.meta.find("audience"); a && a->kind == MetaValue::Kind::String) chosen = a->scalar;
  if (chosen.empty()) chosen = "public";
  MetaValue yes;
  yes.kind = MetaValue::Kind::Bool;
  yes.scalar = "true";
  MetaValue who;
  who.set(chosen, yes);
  MetaValue scope;
  scope.set("audience", who);
  FieldSettings settings;
  settings.only_prefix = "audience.";
  expand_fields(doc, {&scope}, settings, diags);

  auto declared = declared_audiences(doc.meta, diags);
  if (doc.meta.find("audiences") && !declared.count(chosen))
    diags.warning(doc.meta.find("audiences")->pos, "audience '" + chosen + "' is not in 'audiences'");
  RemovedParts removed;
  removed.audience = chosen;
  AudienceFilter(chosen, std::move(declared), removed, diags).run(doc);
  doc.meta.set("audience", MetaValue::string(chosen));
  return removed;
}

}  // namespace quire::compose
