// The render stage around the backends: the manifest (what a run made) and each document's own
// outline entry in a combined PDF.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "quire/render/manifest.hpp"
#include "quire/render/render.hpp"

using namespace quire;
namespace fs = std::filesystem;

namespace {

fs::path scratch_dir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("quire-render-test-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

render::ManifestRow row(long long n, std::optional<std::string> id, std::string file) {
  return render::ManifestRow{n, std::move(id), std::move(file), 3, 2, 1234, std::string(64, 'a')};
}

// A document as compose leaves a merged one: `merge: {n, record}` plus the letter's own metadata.
model::Document merged(const std::string& n, std::vector<std::pair<std::string, std::string>> columns) {
  model::Document doc;
  model::MetaValue record, merge, number;
  for (auto& [k, v] : columns) record.set(k, model::MetaValue::string(v));
  number.kind = model::MetaValue::Kind::Number;
  number.scalar = n;
  merge.set("n", number);
  merge.set("record", record);
  doc.meta.set("merge", merge);
  return doc;
}

}  // namespace

TEST_CASE("manifest: the format comes from the extension, any case, others are usage errors") {
  CHECK(render::manifest_format("out/made.csv") == render::ManifestFormat::Csv);
  CHECK(render::manifest_format("MADE.JSON") == render::ManifestFormat::Json);
  for (const char* bad : {"made.txt", "made", "dir.csv/made", "made.csv.bak"}) {
    CAPTURE(bad);
    try {
      render::manifest_format(bad);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Usage);
    }
  }
}

TEST_CASE("manifest: CSV is RFC 4180, quoted only where a field needs it, CRLF line ends") {
  std::vector<render::ManifestRow> rows{row(1, "D0001", "out/1.pdf"), row(2, std::nullopt, "out/a,b \"c\".pdf"),
                                        row(3, "two\nlines", "plain.pdf")};
  std::string sha(64, 'a');
  CHECK(render::manifest_text(rows, render::ManifestFormat::Csv) ==
        "n,id,file,first_page,pages,bytes,sha256\r\n"
        "1,D0001,out/1.pdf,3,2,1234," +
            sha +
            "\r\n"
            "2,,\"out/a,b \"\"c\"\".pdf\",3,2,1234," +
            sha +
            "\r\n"
            "3,\"two\nlines\",plain.pdf,3,2,1234," +
            sha + "\r\n");
  CHECK(render::manifest_text({}, render::ManifestFormat::Csv) == "n,id,file,first_page,pages,bytes,sha256\r\n");
}

TEST_CASE("manifest: JSON escapes any UTF-8 file name, an absent id is null, other bytes are refused") {
  std::vector<render::ManifestRow> rows{row(7, "D\"7", "out/\\ \x01 \xea\xb9\x80.pdf"), row(8, std::nullopt, "x.pdf")};
  std::string sha(64, 'a');
  CHECK(render::manifest_text(rows, render::ManifestFormat::Json) ==
        "[\n"
        "  {\"n\": 7, \"id\": \"D\\\"7\", \"file\": \"out/\\\\ \\u0001 \xea\xb9\x80.pdf\", \"first_page\": 3, "
        "\"pages\": 2, \"bytes\": 1234, \"sha256\": \"" +
            sha +
            "\"},\n"
            "  {\"n\": 8, \"id\": null, \"file\": \"x.pdf\", \"first_page\": 3, \"pages\": 2, \"bytes\": 1234, "
            "\"sha256\": \"" +
            sha +
            "\"}\n"
            "]\n");
  CHECK(render::manifest_text({}, render::ManifestFormat::Json) == "[]\n");
  CHECK_THROWS_AS(render::manifest_text({row(1, std::nullopt, "bad\xff.pdf")}, render::ManifestFormat::Json), Error);
  // CSV carries bytes as they are.
  CHECK(render::manifest_text({row(1, std::nullopt, "bad\xff.pdf")}, render::ManifestFormat::Csv).find("bad\xff.pdf") !=
        std::string::npos);
}

TEST_CASE("manifest: written atomically on commit, and an unwritable place fails at once") {
  auto dir = scratch_dir("manifest");
  {
    render::ManifestWriter writer((dir / "made.csv").string());
    writer.add(row(1, "A", "a.pdf"));
    CHECK(!fs::exists(dir / "made.csv"));  // nothing is there until the run has finished
  }
  CHECK(!fs::exists(dir / "made.csv"));  // dropped without commit: no file, no temporary file left
  CHECK(fs::is_empty(dir));
  {
    render::ManifestWriter writer((dir / "made.json").string());
    writer.add(row(1, "A", "a.pdf"));
    writer.commit();
  }
  CHECK(slurp(dir / "made.json").find("\"id\": \"A\"") != std::string::npos);
  try {
    render::ManifestWriter writer((dir / "missing" / "made.csv").string());
    FAIL("opened a manifest in a missing directory");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Io);
  }
  CHECK_THROWS_AS(render::ManifestWriter("-"), Error);
  fs::remove_all(dir);
}

TEST_CASE("outline: a document's own entry goes on top, its headings one level below") {
  layout::LaidOutDocument pages;
  pages.pages.resize(2);
  pages.outline = {{1, "Terms", 0, 300}, {2, "Payment", 1, 120}};
  render::add_document_entry(pages, "Grace Park");
  REQUIRE(pages.outline.size() == 3);
  CHECK(pages.outline[0].title == "Grace Park");
  CHECK(pages.outline[0].level == 1);
  CHECK(pages.outline[0].page == 0);
  CHECK(pages.outline[0].y == 0);
  CHECK(pages.outline[1].level == 2);
  CHECK(pages.outline[2].level == 3);
  layout::LaidOutDocument empty;
  render::add_document_entry(empty, "Nobody");
  CHECK(empty.outline.empty());  // no page to point at
}

TEST_CASE("outline: the title is the recipient, else the name column, else the title, or a pattern") {
  auto doc = merged("7", {{"name", "Grace Park"}, {"id", "D0007"}});
  CHECK(render::document_outline_title("", 1, doc) == "Grace Park");
  model::MetaValue to;
  to.set("name", model::MetaValue::string("Dr Grace\nPark"));
  doc.meta.set("to", to);
  CHECK(render::document_outline_title("", 1, doc) == "Dr Grace Park");  // one line
  CHECK(render::document_outline_title("{{n}}: {{id}} / {{name}}", 1, doc) == "7: D0007 / Grace Park");
  CHECK_THROWS_AS(render::document_outline_title("{{missing}}", 1, doc), Error);
  model::Document plain;
  CHECK(render::document_outline_title("", 4, plain) == "Document 4");
  plain.meta.set("title", model::MetaValue::string("Annual report"));
  CHECK(render::document_outline_title("", 4, plain) == "Annual report");
  // Output names still turn a value's `/` into `_`; titles keep it.
  CHECK(render::expand_output_pattern("out/{{name}}.pdf", 1, merged("1", {{"name", "A/B"}})) == "out/A_B.pdf");
}
