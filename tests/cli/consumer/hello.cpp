// A program built against the installed quire (tests/cli/install_test.sh): Markdown in, PDF out,
// through the library's stages as a user would call them.
#include <cstdio>

#include "quire/diag/diagnostic.hpp"
#include "quire/markdown/reader.hpp"
#include "quire/render/render.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: hello OUT.pdf\n");
    return 2;
  }
  quire::Diagnostics diags;
  auto doc = quire::markdown::read_markdown("# Hello\n\nMade by a program linked with quire.\n", "hello.md", diags);
  quire::render::RenderOptions options;
  options.output = argv[1];
  quire::render::Renderer renderer(options);
  renderer.add(doc, diags);
  renderer.finish(diags);
  for (const auto& d : diags.all()) std::fprintf(stderr, "%s\n", quire::format(d).c_str());
  return diags.has_errors() ? 1 : 0;
}
