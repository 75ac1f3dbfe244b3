#include <doctest/doctest.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "quire/diag/edit_distance.hpp"
#include "quire/diag/progress.hpp"
#include "quire/diag/repeats.hpp"

using quire::closest_name;
using quire::edit_distance;

TEST_CASE("edit distance counts insertions, deletions and substitutions") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("heading", "haeding") == 2);
  CHECK(edit_distance("abc", "") == 3);
}

TEST_CASE("closest_name: one did-you-mean rule for every stage") {
  std::vector<std::string> names{"paragraph", "heading", "bullet-list", "methods", "introduction"};
  CHECK(closest_name("paragrap", names) == "paragraph");
  CHECK(closest_name("haeding", names) == "heading");  // a swap costs 2, allowed for any word
  CHECK(closest_name("mehtod", names).empty());        // 3 edits: too many for 6 letters
  CHECK(closest_name("introdcution", names) == "introduction");
  CHECK(closest_name("table", names).empty());
  CHECK(closest_name(std::string(80, 'a'), names).empty());
  std::array<std::string_view, 2> views{"strong", "strike"};
  CHECK(closest_name("strnog", views) == "strong");
}

using namespace quire;

namespace {

Diagnostic warning(int line, std::string message, std::string rule = {}) {
  return Diagnostic{Severity::Warning, SourcePos{"t.md", line, 1}, std::move(message), {}, {}, std::move(rule)};
}

Diagnostic error(int line, std::string message) {
  return Diagnostic{Severity::Error, SourcePos{"t.md", line, 1}, std::move(message), {}, {}, {}};
}

}  // namespace

TEST_CASE("1000 warnings of one rule print as three and a note counting the rest") {
  std::vector<Diagnostic> items;
  for (int i = 1; i <= 1000; ++i) items.push_back(warning(i, "word wider than the line; broken", "word-too-wide"));
  auto lines = format_lines(items, FormatStyle{});
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "t.md:1:1: warning: word wider than the line; broken");
  CHECK(lines[2] == "t.md:3:1: warning: word wider than the line; broken");
  CHECK(lines[3] == "note: 997 more warnings like this (rule word-too-wide)");
}

TEST_CASE("warnings differing only in quoted subjects and numbers are one kind, others stay apart") {
  std::vector<Diagnostic> items;
  for (int i = 0; i < 5; ++i) items.push_back(warning(i + 1, "image \"p" + std::to_string(i) + ".png\" left out"));
  items.push_back(warning(10, "heading level jumps from 1 to 3"));
  items.push_back(warning(11, "image 'x.png' left out: 12 bytes"));
  auto lines = format_lines(items, FormatStyle{});
  REQUIRE(lines.size() == 6);
  CHECK(lines[2] == "t.md:3:1: warning: image \"p2.png\" left out");
  CHECK(lines[3] == "note: 2 more warnings like this");  // placed after the last one shown
  CHECK(lines[4] == "t.md:10:1: warning: heading level jumps from 1 to 3");
  CHECK(lines[5] == "t.md:11:1: warning: image 'x.png' left out: 12 bytes");
  CHECK(warning_kind(items[0]) == warning_kind(items[4]));
  CHECK(warning_kind(items[0]) != warning_kind(items[6]));
  CHECK(warning_kind(warning(1, "image \"a\": cannot be read", "image")) !=
        warning_kind(warning(1, "image \"a\": not a PNG", "image")));
  CHECK(warning_kind(warning(1, "image \"a\": not a PNG", "image")) !=
        warning_kind(warning(1, "image \"a\": not a PNG", "other")));
}

TEST_CASE("errors are never collapsed and JSON keeps every diagnostic") {
  std::vector<Diagnostic> items;
  for (int i = 1; i <= 6; ++i) items.push_back(error(i, "unknown key \"k" + std::to_string(i) + "\""));
  for (int i = 1; i <= 6; ++i) items.push_back(warning(i, "word wider than the line; broken", "word-too-wide"));
  CHECK(format_lines(items, FormatStyle{}).size() == 6 + 3 + 1);
  FormatStyle json;
  json.json = true;
  auto lines = format_lines(items, json);
  CHECK(lines.size() == 12);
  CHECK(lines.back().find("\"rule\":\"word-too-wide\"") != std::string::npos);
  CHECK(format_lines(items, FormatStyle{}, 0).size() == 12);
}

TEST_CASE("exactly as many repeats as are shown need no note, one more gives a singular note") {
  std::vector<Diagnostic> items;
  for (int i = 1; i <= kRepeatsShown; ++i) items.push_back(warning(i, "font has no glyph", "missing-glyph"));
  CHECK(format_lines(items, FormatStyle{}).size() == std::size_t(kRepeatsShown));
  items.push_back(warning(9, "font has no glyph", "missing-glyph"));
  auto lines = format_lines(items, FormatStyle{});
  CHECK(lines.back() == "note: 1 more warning like this (rule missing-glyph)");
}

TEST_CASE("the progress line says what is done, the total, the rate and the time left") {
  quire::Progress::Counts merge;
  merge.unit = "records";
  merge.items = 412;
  merge.items_total = 1000;
  merge.laid_out = 830;
  CHECK(quire::Progress::describe(merge, 4.4, 4.0) == "412/1000 records · 830 pages · 103 records/s · ETA 0:06 · 0:04");
  merge.items_total = 0;  // standard input: no total, no ETA
  CHECK(quire::Progress::describe(merge, 4.4, 4.0) == "412 records · 830 pages · 103 records/s · 0:04");
  quire::Progress::Counts report;  // one long document
  report.laid_out = 1000;
  CHECK(quire::Progress::describe(report, 3.0, 0.0) == "laying out: 1000 pages · 0:03");
  report.drawn = 120;
  report.drawn_total = 1000;
  CHECK(quire::Progress::describe(report, 3700.0, 0.5) == "writing page 120/1000 · 240 pages/s · ETA 0:04 · 1:01:40");
}

TEST_CASE("the progress line stays off unless a terminal is there") {
  // The tests' standard error is a file or a pipe: enable() leaves it off, counting prints nothing.
  quire::Progress line;
  line.enable("test", false);
  if (!isatty(2)) CHECK_FALSE(line.active());
  line.enable("test", true);
  CHECK_FALSE(line.active());
  line.set_unit("records", 3);
  line.set_unit("documents");  // the first caller decides
  CHECK(line.has_unit());
  line.add_item();
  line.finish();
  CHECK_FALSE(line.active());
}
