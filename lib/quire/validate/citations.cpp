#include "quire/validate/citations.hpp"

#include <set>

#include "quire/biblio/bibliography.hpp"
#include "quire/biblio/csl/style.hpp"
#include "quire/diag/edit_distance.hpp"

namespace quire::validate::detail {

namespace {

void add(Diagnostics& diags, Severity severity, SourcePos pos, std::string message, std::string hint) {
  diags.add(Diagnostic{severity, std::move(pos), std::move(message), std::move(hint), {}, "citation"});
}

// The keys `nocite:` names ("@key", or "@*" for every entry), as pandoc reads it.
std::set<std::string> nocite_keys(const model::MetaValue& meta) {
  std::set<std::string> out;
  const model::MetaValue* nocite = meta.find("nocite");
  if (!nocite) return out;
  auto add_text = [&](std::string text) {
    for (std::size_t at = text.find('@'); at != std::string::npos; at = text.find('@', at + 1)) {
      std::size_t end = text.find_first_of(" ,;]", at + 1);
      out.insert(text.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1));
    }
  };
  if (nocite->kind == model::MetaValue::Kind::List)
    for (const auto& v : nocite->list) add_text(v.as_text());
  else
    add_text(nocite->as_text());
  return out;
}

}  // namespace

void check_citations(const model::Document& doc, const std::vector<CitedKey>& cited, bool uncited, Diagnostics& diags) {
  auto where = [](const CitedKey& c) { return c.citation->pos.known() ? c.citation->pos : c.block; };
  // The CSL style the document names (csl: a file or a style id), read as rendering will read it.
  if (const model::MetaValue* csl = doc.meta.find("csl")) {
    std::size_t first = diags.all().size();
    if (!csl->is_scalar() || csl->scalar.empty()) {
      diags.error(csl->pos, "\"csl\" must name a CSL style: a .csl file or a style id such as apa");
    } else {
      const model::MetaValue* lang = doc.meta.find("lang");
      csl::load_style(csl->scalar, lang && lang->is_scalar() ? lang->scalar : std::string(), model::source_file(doc),
                      io::Confinement(), csl->pos, diags);
    }
    diags.set_rule_from(first, "csl");
  }
  if (!doc.meta.find("bibliography") && !doc.meta.find("references")) {
    if (!cited.empty())
      add(diags, Severity::Warning, where(cited.front()),
          "the document cites \"" + cited.front().citation->key + "\" but names no bibliography",
          "name one in the front matter: bibliography: refs.json (or .bib, .yaml), or write references:");
    return;
  }
  int errors_before = diags.error_count();
  std::size_t first = diags.all().size();
  // quire-validate has no project root: files are read where the document names them, as images are.
  biblio::Bibliography bib = biblio::load_bibliography(doc, io::Confinement(), diags);
  diags.set_rule_from(first, "bibliography");
  bool complete = diags.error_count() == errors_before;  // else unknown keys may be in what failed
  std::vector<std::string_view> ids;
  for (const auto& item : bib.items) ids.push_back(item.id);
  std::set<std::string> used = nocite_keys(doc.meta);
  for (const auto& c : cited) {
    const std::string& key = c.citation->key;
    used.insert(key);
    if (!complete || bib.find(key)) continue;
    std::string guess = closest_name(key, ids);
    add(diags, Severity::Error, where(c), "unknown citation key \"" + key + "\"",
        guess.empty() ? "no entry of the bibliography has this id" : "did you mean \"" + guess + "\"?");
  }
  if (!uncited || used.count("*")) return;
  for (const auto& item : bib.items)
    if (!used.count(item.id))
      add(diags, Severity::Warning, item.pos, "the entry \"" + item.id + "\" is never cited",
          "cite it, or list it under nocite: in the front matter");
}

}  // namespace quire::validate::detail
