// The CSL style reader: any bytes give a style or diagnostics, never a crash, a hang, an expanded entity
// or unbounded memory (depth, element count and macro expansion are bounded; style.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "quire/biblio/csl/style.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  quire::Diagnostics diags;
  auto style = quire::csl::read_style(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.csl", diags);
  (void)style;
  return 0;
}
