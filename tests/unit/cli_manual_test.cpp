// The command-line descriptions behind the man pages and shell completions (lib/quire/cli/describe,
// manual, completion): an option defined on a tool shows up in each without another list.
#include <doctest/doctest.h>

#include <string>

#include "quire/cli/completion.hpp"
#include "quire/cli/describe.hpp"
#include "quire/cli/manual.hpp"
#include "quire/cli/tool.hpp"
#include "quire/diag/diagnostic.hpp"

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A tool shaped like the real ones, plus an option none of them has.
struct Sample {
  quire::cli::Tool tool{"quire-sample", "do a thing", "quire-sample a.md"};
  std::vector<std::string> inputs;
  std::string output, emit, depfile, secret;
  bool quiet = false;
  Sample() {
    tool.add_inputs(inputs, "Markdown files")->check(quire::cli::files_hint("md"));
    tool.add_output(output, "PDF file")->check(quire::cli::files_hint("pdf"));
    tool.app.add_option("--emit", emit, "what to write")->check(CLI::IsMember({"pdf", "layout"}));
    tool.app.add_option("-M,--depfile", depfile, "write a make rule")->type_name("FILE");
    tool.app.add_option("--password", secret, "a password")->envname("QUIRE_SAMPLE_PASSWORD");
    tool.app.add_flag("-q,--quiet", quiet, "say nothing");
    tool.app.add_option("--hidden", secret)->group("");
    tool.add_diagnostic_options();
  }
};

const quire::cli::OptionInfo* find(const quire::cli::CommandInfo& c, const std::string& name) {
  for (const auto& o : c.options)
    for (const auto& n : o.names)
      if (n == name) return &o;
  return nullptr;
}

const char* const kPage =
    "% quire-sample(1) -- do a thing\n"
    "\n"
    "# DESCRIPTION\n"
    "\n"
    "Reads `--emit` and *files* \xe2\x80\x94 a dash.\n"
    ".starts with a dot\n"
    "\n"
    "# EXAMPLES\n"
    "\n"
    "    quire-sample a.md -o a.pdf\n"
    "\n"
    "    \\backslash\n"
    "\n"
    "# ENVIRONMENT\n"
    "\n"
    "`NO_COLOR`\n"
    ": no colour\n";

}  // namespace

TEST_CASE("describe: every visible option with its names, value, choices, default and file types") {
  Sample s;
  auto c = quire::cli::describe(s.tool.app);
  CHECK(c.name == "quire-sample");
  REQUIRE(find(c, "--depfile"));
  CHECK(find(c, "--depfile")->names == std::vector<std::string>{"-M", "--depfile"});
  CHECK(find(c, "--depfile")->value_name == "FILE");
  CHECK(find(c, "--depfile")->hint.kind == quire::cli::ValueHint::Kind::Files);
  CHECK(find(c, "--emit")->value_name == "pdf|layout");
  CHECK(find(c, "--emit")->hint.words == std::vector<std::string>{"pdf", "layout"});
  CHECK(find(c, "--output")->hint.extensions == std::vector<std::string>{"pdf"});
  CHECK(find(c, "--quiet")->value_name.empty());
  CHECK(find(c, "--max-errors")->default_value == "50");
  CHECK(find(c, "--password")->envname == "QUIRE_SAMPLE_PASSWORD");
  CHECK(find(c, "--help"));
  CHECK_FALSE(find(c, "--hidden"));
  // The positional comes last.
  CHECK(c.options.back().positional == "files");
  CHECK(c.options.back().repeated);
  CHECK(c.options.back().hint.extensions == std::vector<std::string>{"md"});
}

TEST_CASE("describe: a hint adds nothing to --help") {
  Sample s;
  auto help = s.tool.app.help();
  CHECK(contains(help, "-o,--output FILE "));
  CHECK_FALSE(contains(help, "quire-files"));
}

TEST_CASE("man page: synopsis and options from the tool, prose from the page, escaped for roff") {
  Sample s;
  auto c = quire::cli::describe(s.tool.app);
  auto page = quire::cli::man_page(kPage, "quire-sample.1.md", &c, "quire-sample");
  CHECK(contains(page, ".TH \"QUIRE\\-SAMPLE\" \"1\""));
  CHECK(contains(page, ".SH NAME\nquire\\-sample \\- do a thing\n"));
  CHECK(contains(page, ".SH SYNOPSIS\n.B quire\\-sample\n[\\fIOPTION\\fR]... [\\fIFILE\\fR...]\n"));
  CHECK(contains(page, "\\fB\\-M\\fR, \\fB\\-\\-depfile\\fR \\fIFILE\\fR\nwrite a make rule\n"));
  CHECK(contains(page, "(environment: QUIRE_SAMPLE_PASSWORD)"));
  CHECK(contains(page, "\\fB\\-\\-emit\\fR and \\fIfiles\\fR \\[u2014] a dash.\n"));
  CHECK(contains(page, "\n\\&.starts with a dot\n"));
  CHECK(contains(page, ".nf\nquire\\-sample a.md \\-o a.pdf\n.sp\n\\ebackslash\n.fi\n"));
  CHECK(contains(page, ".TP\n\\fBNO_COLOR\\fR\nno colour\n"));
  // OPTIONS right after DESCRIPTION, before EXAMPLES.
  auto options = page.find(".SH OPTIONS");
  REQUIRE(options != std::string::npos);
  CHECK(page.find(".SH DESCRIPTION") < options);
  CHECK(options < page.find(".SH EXAMPLES"));
  CHECK_FALSE(contains(page, "hidden"));
}

TEST_CASE("man page: a page without a command line, and a malformed header") {
  auto page = quire::cli::man_page("% quire-format(5) -- the format\n# DESCRIPTION\ntext\n", "f.md", nullptr, "");
  CHECK(contains(page, ".TH \"QUIRE\\-FORMAT\" \"5\""));
  CHECK_FALSE(contains(page, "SYNOPSIS"));
  CHECK_FALSE(contains(page, "OPTIONS"));
  for (const char* bad : {"", "no header", "% x -- y", "% (1) -- y", "% a)1( -- y"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(quire::cli::man_page(bad, "f.md", nullptr, ""), quire::Error);
  }
}

TEST_CASE("man page: odd prose ends and never writes an empty or control line") {
  for (const char* body : {"#x\n", ": lone\n", "term\n: def\n  more\n", "- item\n  more\n- \n", "    \n    x\n",
                           "*unclosed `mark\n", "```\n", "## \n# \n"}) {
    CAPTURE(body);
    auto page = quire::cli::man_page(std::string("% p(1) -- s\n") + body, "f.md", nullptr, "");
    CHECK_FALSE(contains(page, "\n\n"));
  }
}

TEST_CASE("completion: bash and zsh offer every visible option and its values") {
  Sample s;
  auto c = quire::cli::describe(s.tool.app);
  auto bash = quire::cli::bash_completion(c);
  CHECK(contains(bash, "_quire_sample() {"));
  CHECK(contains(bash, "complete -F _quire_sample quire-sample\n"));
  CHECK(contains(bash, "-M|--depfile) _quire_files \"$cur\" ; return ;;"));
  CHECK(contains(bash, "--emit) COMPREPLY=($(compgen -W 'pdf layout' -- \"$cur\")); return ;;"));
  CHECK(contains(bash, "-o|--output) _quire_files \"$cur\" pdf; return ;;"));
  CHECK_FALSE(contains(bash, "--hidden"));
  auto zsh = quire::cli::zsh_completion(c);
  CHECK(contains(zsh, "#compdef quire-sample\n"));
  CHECK(contains(zsh, "'(-M --depfile)--depfile=[write a make rule]:FILE:_files'"));
  CHECK(contains(zsh, "'--emit=[what to write]:pdf|layout:(pdf layout)'"));
  CHECK(contains(zsh, "'*:FILE:_files -g \"*.md\"'"));
}
