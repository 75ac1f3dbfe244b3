// Template expansion: the first line of the input is a YAML mapping of values (flow style, e.g.
// `{name: Kim, a: {b: 1}}`), the rest a Markdown document whose fields ({{meta.key}}) are filled
// from it, then joined with itself. Never a crash, never a hang, never output that re-expands.
#include <cstddef>
#include <cstdint>
#include <string>

#include "quire/compose/compose.hpp"
#include "quire/markdown/reader.hpp"
#include "quire/yaml/document_yaml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto newline = text.find('\n');
  std::string values_text = newline == std::string::npos ? text : text.substr(0, newline);
  std::string body = newline == std::string::npos ? std::string() : text.substr(newline + 1);
  quire::Diagnostics diags;
  try {
    auto values = quire::yaml::read_meta(values_text, "values.yaml", 1, diags);
    auto doc = quire::markdown::read_markdown(body, "fuzz.md", diags);
    auto copy = doc;
    quire::compose::fill_fields(doc, values, true, diags);
    quire::Diagnostics strict;
    quire::compose::fill_fields(copy, values, false, strict);
    quire::compose::join_into(doc, copy);
    (void)quire::yaml::to_yaml(doc);
  } catch (const quire::Error&) {
  }
  return 0;
}
