// Markdown → model → YAML, then numbering and cross-references (captions, labels, [@fig:a; @tbl:b]):
// any bytes must give a document or diagnostics, never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <string>

#include "quire/compose/assemble.hpp"
#include "quire/markdown/reader.hpp"
#include "quire/yaml/document_yaml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  quire::Diagnostics diags;
  try {
    auto doc = quire::markdown::read_markdown(text, "fuzz.md", diags);
    (void)quire::yaml::to_yaml(doc);
    quire::compose::resolve_references(doc, diags);
  } catch (const quire::Error&) {
    // a limit or an input error: reported, fine
  }
  return 0;
}
