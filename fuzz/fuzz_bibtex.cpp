// The BibTeX/BibLaTeX reader: any bytes give items or diagnostics, never a crash, a hang or memory
// beyond the field limit (1 MiB per value, however @string macros are joined).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "quire/biblio/readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  quire::Diagnostics diags;
  auto items =
      quire::biblio::read_bibtex(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.bib", diags);
  (void)items;
  return 0;
}
