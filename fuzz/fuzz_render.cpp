// A model → layout → PDF written to a temporary file (never committed, so it is removed again).
// The input is a YAML document when it starts with "quire:", else Markdown with front matter.
// Fonts are the real default faces (loaded once); images are never looked up (the probe refuses all),
// and metadata naming font files is dropped so the fuzzer cannot make the target read other files.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>

#include "quire/fonts/fonts.hpp"
#include "quire/io/file.hpp"
#include "quire/layout/engine.hpp"
#include "quire/markdown/reader.hpp"
#include "quire/render/pdf/pdf_writer.hpp"
#include "quire/yaml/document_yaml.hpp"

namespace {

struct NoImages : quire::layout::ImageProbe {
  std::optional<quire::layout::ImageSize> probe(const std::string&, const std::string&,
                                                const quire::model::SourcePos&) const override {
    return std::nullopt;
  }
};

struct Setup {
  quire::layout::FontSet fonts = quire::fonts::default_font_set({});
  std::unique_ptr<quire::layout::FontMetrics> metrics = quire::fonts::load_metrics(fonts);
  std::string out = "/tmp/quire-fuzz-render-" + std::to_string(::getpid()) + ".pdf";
};

std::optional<quire::model::Document> read(const std::string& text, quire::Diagnostics& diags) {
  if (text.starts_with("quire:")) {
    std::istringstream in(text);
    quire::yaml::StreamReader reader(in, "fuzz.yaml");
    return reader.next(diags);
  }
  return quire::markdown::read_markdown(text, "fuzz.md", diags);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Setup setup;
  if (size > 64 * 1024) return 0;  // layout is linear; big inputs only slow the search
  std::string text(reinterpret_cast<const char*>(data), size);
  quire::Diagnostics diags;
  try {
    auto doc = read(text, diags);
    if (!doc || diags.has_errors()) return 0;
    std::erase_if(doc->meta.map, [](const auto& kv) {
      return kv.first == "mainfont" || kv.first == "sansfont" || kv.first == "monofont";
    });
    auto style = quire::layout::style_from_meta(doc->meta, diags);
    if (diags.has_errors()) return 0;
    NoImages images;
    auto pages = quire::layout::layout_document(*doc, style, setup.fonts, *setup.metrics, images, diags);
    quire::io::OutputFile out(setup.out);
    quire::render::write_pdf(pages, {}, out);
  } catch (const quire::Error&) {
  } catch (const quire::InvalidInput&) {
  }
  return 0;
}
