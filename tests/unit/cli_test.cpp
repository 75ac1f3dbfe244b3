// quire_cli: depfiles (make rules from what a run wrote to what it read).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "quire/cli/depfile.hpp"
#include "quire/diag/diagnostic.hpp"

using namespace quire;

TEST_CASE("depfile: paths escaped for make") {
  CHECK(cli::make_escape("chapters/01 intro.md", false) == "chapters/01\\ intro.md");
  CHECK(cli::make_escape("notes#1.md", false) == "notes\\#1.md");
  CHECK(cli::make_escape("price$.md", false) == "price$$.md");
  CHECK(cli::make_escape("c:d.png", false) == "c\\:d.png");
  CHECK(cli::make_escape("a|b=c*d?[e].md", false) == "a\\|b\\=c\\*d\\?\\[e\\].md");
  // '%' makes a pattern rule of a target; in a prerequisite it is plain.
  CHECK(cli::make_escape("50%.pdf", true) == "50\\%.pdf");
  CHECK(cli::make_escape("50%.md", false) == "50%.md");
  CHECK(cli::make_escape("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", false) ==
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf");
  for (const char* bad : {"a;b.md", "a\nb.md", "a\tb.md", "a\rb.md"})
    CHECK_THROWS_AS(cli::make_escape(bad, false), Error);
}

TEST_CASE("depfile: one rule for every target, and an empty rule per input") {
  CHECK(cli::make_rule({"letters/1.pdf", "letters/2.pdf"}, {"a b.md", "logo.png"}) ==
        "letters/1.pdf letters/2.pdf: a\\ b.md \\\n  logo.png\na\\ b.md:\nlogo.png:\n");
  CHECK(cli::make_rule({"out.yaml"}, {}) == "out.yaml:\n");
}

TEST_CASE("depfile: the targets are the named one, else the files written, else the output asked for") {
  using V = std::vector<std::string>;
  CHECK(cli::depfile_targets("doc.yaml", {"x.pdf"}, "-") == V{"doc.yaml"});
  CHECK(cli::depfile_targets("", {"l/1.pdf", "l/2.pdf"}, "l/{{n}}.pdf") == V{"l/1.pdf", "l/2.pdf"});
  CHECK(cli::depfile_targets("", {}, "report.pdf") == V{"report.pdf"});  // the run failed
  CHECK(cli::depfile_targets("", {}, "-").empty());
}
