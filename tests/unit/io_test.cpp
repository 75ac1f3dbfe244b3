// quire_io: confinement of paths to the project root, atomic outputs, read errors.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "quire/io/confine.hpp"
#include "quire/io/file.hpp"

using namespace quire;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("quire-io-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void touch(const fs::path& p) { std::ofstream(p) << "x"; }

}  // namespace

TEST_CASE("io: paths resolve relative to the file that names them") {
  CHECK(io::resolve_relative("img/a.png", "docs/ch1.md") == "docs/img/a.png");
  CHECK(io::resolve_relative("/abs/a.png", "docs/ch1.md") == "/abs/a.png");
  CHECK(io::resolve_relative("a.png", "<stdin>") == "a.png");
  CHECK(io::resolve_relative("a.png", "") == "a.png");
  CHECK(io::default_root({"docs/ch1.md", "other/x.md"}) == "docs");
  CHECK(io::default_root({"ch1.md"}) == ".");
  CHECK(io::default_root({"-"}) == ".");
}

TEST_CASE("io: confinement refuses paths outside the root, symlinks resolved first") {
  auto base = fresh_dir("confine");
  fs::create_directories(base / "proj/img");
  fs::create_directories(base / "outside");
  touch(base / "proj/img/a.png");
  touch(base / "outside/secret.png");
  fs::create_symlink(base / "outside/secret.png", base / "proj/link.png");
  fs::create_symlink(base / "outside", base / "proj/outdir");

  io::Confinement confine((base / "proj").string());
  CHECK(confine.confined());
  CHECK_FALSE(confine.violation((base / "proj/img/a.png").string()));
  CHECK_FALSE(confine.violation((base / "proj/img/../img/a.png").string()));
  CHECK_FALSE(confine.violation((base / "proj/missing.png").string()));  // fails later as missing
  CHECK(confine.violation((base / "proj/../outside/secret.png").string()));
  CHECK(confine.violation((base / "outside/secret.png").string()));
  CHECK(confine.violation((base / "proj/link.png").string()));           // a link out of the root
  CHECK(confine.violation((base / "proj/outdir/secret.png").string()));  // through a linked directory
  CHECK(confine.violation("/etc/passwd"));
  CHECK(confine.violation((base / "proj-sibling/x.png").string()));  // a prefix is not a parent
  auto why = confine.violation((base / "outside/secret.png").string());
  REQUIRE(why);
  CHECK(why->find("outside the project root") != std::string::npos);
  CHECK_THROWS_AS(confine.check((base / "outside/secret.png").string(), {"doc.md", 3, 1}, "image"), Error);

  CHECK_FALSE(io::Confinement((base / "proj").string(), true).violation("/etc/passwd"));  // allowed
  CHECK_FALSE(io::Confinement().violation("/etc/passwd"));                                // unconfined
}

TEST_CASE("io: a failed output leaves the old file and no temporary file") {
  auto dir = fresh_dir("output");
  auto target = dir / "out.txt";
  std::ofstream(target) << "precious";
  {
    io::OutputFile out(target.string());
    out.write("half a result");
    CHECK(fs::exists(out.temp_path()));
  }  // not committed
  std::ifstream in(target);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  CHECK(text == "precious");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);

  io::OutputFile out(target.string());
  out.write("new");
  out.commit();
  std::ifstream again(target);
  std::string now((std::istreambuf_iterator<char>(again)), {});
  CHECK(now == "new");
}

TEST_CASE("io: an existing FIFO or device is written directly, never renamed over") {
  auto dir = fresh_dir("device");
  auto fifo = dir / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // A writer cannot open a FIFO until a reader has: hold it open for both here.
  int keep = ::open(fifo.c_str(), O_RDWR);
  REQUIRE(keep >= 0);
  {
    io::OutputFile out(fifo.string());
    CHECK(out.temp_path() == fifo.string());
    out.write("through");
    out.commit();
  }
  char buf[16] = {};
  CHECK(::read(keep, buf, sizeof buf) == 7);
  ::close(keep);
  struct stat st {};
  REQUIRE(::stat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
}

TEST_CASE("io: a read error is an Error(Io) naming the file") {
  // /proc/self/mem is a regular file whose first page is unmapped: read() fails with EIO.
  if (!fs::exists("/proc/self/mem")) return;
  io::InputStream in("/proc/self/mem");
  try {
    (void)in.stream().rdbuf()->sgetc();
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Io);
    CHECK(std::string(e.what()).find("/proc/self/mem: cannot read") != std::string::npos);
  }
  CHECK_THROWS_AS(io::read_file("/proc/self/mem"), Error);
}

namespace {
bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}
}  // namespace

TEST_CASE("io: a run's reads and committed outputs are noted, each once, outputs never as inputs") {
  auto dir = fresh_dir("noted");
  touch(dir / "a.md");
  touch(dir / "b.yaml");
  touch(dir / "c.png");
  touch(dir / "unread.md");
  fs::create_directories(dir / "sub");
  io::record_files();
  (void)io::read_file((dir / "." / "a.md").string());  // normalised: "./" dropped
  (void)io::read_file((dir / "a.md").string());
  { io::InputStream in((dir / "sub" / ".." / "b.yaml").string()); }
  std::FILE* f = io::open_c_file((dir / "c.png").string());
  REQUIRE(f);
  std::fclose(f);
  CHECK_THROWS_AS(io::read_file((dir / "missing.md").string()), Error);
  {
    io::OutputFile out((dir / "out.pdf").string());
    out.write("pdf");
    (void)io::read_file(out.temp_path());  // a digest of its own temporary file
    out.commit();
  }
  (void)io::read_file((dir / "out.pdf").string());           // and of the output itself
  { io::OutputFile failed((dir / "failed.pdf").string()); }  // never committed
  auto noted = io::noted_files();
  CHECK(std::count(noted.inputs.begin(), noted.inputs.end(), (dir / "a.md").string()) == 1);
  CHECK(has(noted.inputs, (dir / "b.yaml").string()));
  CHECK(has(noted.inputs, (dir / "c.png").string()));
  CHECK_FALSE(has(noted.inputs, (dir / "unread.md").string()));
  CHECK_FALSE(has(noted.inputs, (dir / "missing.md").string()));
  CHECK_FALSE(has(noted.inputs, (dir / "out.pdf").string()));
  for (const auto& input : noted.inputs) CHECK(input.find(".tmp-") == std::string::npos);
  CHECK(has(noted.outputs, (dir / "out.pdf").string()));
  CHECK_FALSE(has(noted.outputs, (dir / "failed.pdf").string()));
}

TEST_CASE("io: write_if_changed leaves an unchanged file alone, modification time included") {
  auto dir = fresh_dir("if-changed");
  auto path = (dir / "1.yaml").string();
  CHECK(io::write_if_changed(path, "quire: 1\n"));
  auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(1);
  fs::last_write_time(path, old_time);
  CHECK_FALSE(io::write_if_changed(path, "quire: 1\n"));
  CHECK(fs::last_write_time(path) == old_time);
  CHECK(io::write_if_changed(path, "quire: 1\nmeta: {}\n"));
  CHECK(fs::last_write_time(path) != old_time);
  CHECK(io::read_file(path) == "quire: 1\nmeta: {}\n");
  CHECK(io::write_if_changed(path, "quire: 2\nmeta: {}\n"));  // same size, other bytes
  CHECK(io::read_file(path) == "quire: 2\nmeta: {}\n");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
}
