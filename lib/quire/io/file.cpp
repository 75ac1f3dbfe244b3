#include "quire/io/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>

#include "quire/diag/diagnostic.hpp"

namespace quire::io {

namespace {
[[noreturn]] void io_error(const std::string& path, const std::string& what, int err) {
  throw Error(ErrorKind::Io, display_name(path) + ": " + what + ": " + std::strerror(err));
}

void check_readable_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) io_error(path, "cannot open", errno);
  if (S_ISDIR(st.st_mode)) throw Error(ErrorKind::Io, display_name(path) + ": is a directory, not a file");
}
}  // namespace

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

std::string read_file(const std::string& path, std::size_t limit) {
  std::FILE* f = stdin;
  if (path != "-") {
    check_readable_file(path);
    f = std::fopen(path.c_str(), "rb");
    if (!f) io_error(path, "cannot open", errno);
  }
  std::string text;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (text.size() + n > limit) {
      if (f != stdin) std::fclose(f);
      throw Error(ErrorKind::Input, SourcePos{display_name(path), 0, 0},
                  "input is larger than the limit of " + std::to_string(limit) + " bytes");
    }
    text.append(buf, n);
  }
  bool failed = std::ferror(f);
  int err = errno;
  if (f != stdin) std::fclose(f);
  if (failed) io_error(path, "cannot read", err);
  return text;
}

InputStream::InputStream(const std::string& path) : name_(display_name(path)) {
  if (path == "-") {
    stream_ = &std::cin;
    return;
  }
  check_readable_file(path);
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) io_error(path, "cannot open", errno);
  stream_ = file.get();
  owned_ = std::move(file);
}

InputStream::~InputStream() = default;

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  if (path_ == "-") {
    temp_ = "-";
    file_ = stdout;
    return;
  }
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) throw Error(ErrorKind::Io, path_ + ": is a directory");
  auto slash = path_.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path_.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? path_ : path_.substr(slash + 1);
  std::string pattern = (slash == std::string::npos ? std::string() : dir) + "." + base + ".tmp-XXXXXX";
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) io_error(path_, "cannot create output", errno);
  ::fchmod(
      fd, 0644 & ~[] {
        mode_t m = ::umask(0);
        ::umask(m);
        return m;
      }());
  temp_ = pattern;
  file_ = ::fdopen(fd, "wb");
  if (!file_) {
    int err = errno;
    ::close(fd);
    ::unlink(temp_.c_str());
    io_error(path_, "cannot create output", err);
  }
}

OutputFile::~OutputFile() {
  if (path_ == "-" || committed_) return;
  if (file_) std::fclose(file_);
  ::unlink(temp_.c_str());
}

void OutputFile::write(std::string_view bytes) {
  if (bytes.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    if (path_ == "-" && errno == EPIPE) throw BrokenPipe{};
    io_error(path_ == "-" ? std::string("<stdout>") : path_, "cannot write", errno);
  }
}

void OutputFile::commit() {
  if (path_ == "-") {
    if (std::fflush(stdout) != 0) {
      if (errno == EPIPE) throw BrokenPipe{};
      io_error("<stdout>", "cannot write", errno);
    }
    committed_ = true;
    return;
  }
  if (std::fflush(file_) != 0) io_error(path_, "cannot write", errno);
  int rc = std::fclose(file_);
  file_ = nullptr;
  if (rc != 0) io_error(path_, "cannot write", errno);
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) io_error(path_, "cannot replace", errno);
  committed_ = true;
}

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) == 1; }

void ignore_sigpipe() { std::signal(SIGPIPE, SIG_IGN); }

}  // namespace quire::io
