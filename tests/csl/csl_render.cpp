// Test helper: renders every item of a CSL-JSON file as a bibliography entry with an installed style,
// one "ID<TAB>plain text" line per entry in bibliography order (the items cited in file order), the
// same shape tests/csl/citeproc.js prints for citeproc-js. Usage: csl_render STYLE ITEMS.json [LANG]
#include <fstream>
#include <iostream>

#include "quire/biblio/csl/processor.hpp"
#include "quire/biblio/readers.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: csl_render STYLE ITEMS.json [LANG]\n";
    return 2;
  }
  quire::Diagnostics diags;
  std::ifstream in(argv[2]);
  auto items = quire::biblio::read_csl_json(in, argv[2], diags);
  auto style = quire::csl::load_style(argv[1], argc > 3 ? argv[3] : "", "", quire::io::Confinement(), {}, diags);
  for (const auto& d : diags.all()) std::cerr << format(d) << "\n";
  if (!style || diags.has_errors()) return 1;
  std::vector<const quire::biblio::Item*> list;
  for (const auto& it : items) list.push_back(&it);
  quire::csl::Processor proc(*style, list);
  for (const auto& e : proc.bibliography()) std::cout << e.id << "\t" << quire::csl::plain(e.content) << "\n";
  return 0;
}
