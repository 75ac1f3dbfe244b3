// A YAML stream → models (and each model back to YAML, and through the model checks); also the same
// bytes as front matter. Any bytes must give documents or diagnostics, never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "quire/validate/check.hpp"
#include "quire/yaml/document_yaml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  quire::Diagnostics diags;
  try {
    std::istringstream in(text);
    quire::yaml::StreamReader reader(in, "fuzz.yaml");
    for (int n = 0; n < 100; ++n) {
      auto doc = reader.next(diags);
      if (!doc) break;
      quire::validate::check_document(*doc, diags);
      (void)quire::yaml::to_yaml(*doc);
    }
    quire::Diagnostics meta_diags;
    (void)quire::yaml::read_meta(text, "fuzz.md", 2, meta_diags);
  } catch (const quire::Error&) {
  }
  return 0;
}
