// Man page sources (docs/man/*.md, lib/quire/cli/manual.cpp): any text gives a page or an error at
// its header, never a crash or a hang, and the page never holds a blank line (a roff paragraph break
// the source did not ask for).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "quire/cli/manual.hpp"
#include "quire/diag/diagnostic.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto page = quire::cli::man_page(text, "fuzz.1.md", nullptr, "");
    if (page.find("\n\n") != std::string::npos) std::abort();
  } catch (const quire::Error&) {
  }
  return 0;
}
