#include "quire/biblio/bibliography.hpp"

#include <sstream>

#include "quire/biblio/readers.hpp"
#include "quire/io/file.hpp"

namespace quire::biblio {

using model::MetaValue;

const Item* Bibliography::find(const std::string& id) const {
  auto it = index.find(id);
  return it == index.end() ? nullptr : &items[it->second];
}

namespace {

std::vector<Item> read_source(const MetaValue& value, const model::Document& doc, const io::Confinement& confine,
                              Diagnostics& diags) {
  if (!value.is_scalar() || value.scalar.empty()) {
    diags.error(value.pos, "\"bibliography\" must be a file name or a list of them");
    return {};
  }
  const std::string& written = value.scalar;
  auto format = format_for_path(written);
  if (!format) {
    diags.error(value.pos, "bibliography \"" + written + "\" has no known format",
                "name a .json (CSL-JSON), .yaml (CSL-YAML) or .bib (BibTeX, BibLaTeX) file");
    return {};
  }
  std::string path = io::resolve_relative(written, model::source_file(doc));
  if (auto why = confine.violation(path, written)) {
    diags.error(value.pos, "bibliography " + *why);
    return {};
  }
  try {
    std::string text = io::read_file(path);
    switch (*format) {
      case Format::CslJson: {
        std::istringstream in(text);
        return read_csl_json(in, path, diags);
      }
      case Format::CslYaml:
        return read_csl_yaml(text, path, diags);
      case Format::Bibtex:
        return read_bibtex(text, path, diags);
    }
  } catch (const Error& e) {
    std::string message = e.what();
    if (message.find(path) == std::string::npos) message = path + ": " + message;  // say which file
    diags.error(e.pos().known() ? e.pos() : value.pos, message);
  }
  return {};
}

}  // namespace

Bibliography load_bibliography(const model::Document& doc, const io::Confinement& confine, Diagnostics& diags) {
  Bibliography bib;
  auto add = [&](std::vector<Item> items) {
    for (auto& item : items) {
      if (item.id.empty()) continue;
      if (auto [it, fresh] = bib.index.emplace(item.id, bib.items.size()); !fresh) {
        diags.warning(item.pos, "the reference id \"" + item.id + "\" is given twice; the first counts");
        continue;
      }
      bib.items.push_back(std::move(item));
    }
  };
  if (const MetaValue* files = doc.meta.find("bibliography")) {
    if (files->kind == MetaValue::Kind::List)
      for (const auto& f : files->list) add(read_source(f, doc, confine, diags));
    else
      add(read_source(*files, doc, confine, diags));
  }
  if (const MetaValue* refs = doc.meta.find("references")) add(items_from_meta(*refs, diags));
  return bib;
}

}  // namespace quire::biblio
