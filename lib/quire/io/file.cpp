#include "quire/io/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <unordered_set>

#include "quire/diag/diagnostic.hpp"

namespace quire::io {

namespace {
[[noreturn]] void io_error(const std::string& path, const std::string& what, int err) {
  throw Error(ErrorKind::Io, display_name(path) + ": " + what + ": " + std::strerror(err));
}

// Returns whether it is a regular file (not a FIFO or a device): only those are noted as inputs, as
// make cannot track the others.
bool check_readable_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) io_error(path, "cannot open", errno);
  if (S_ISDIR(st.st_mode)) throw Error(ErrorKind::Io, display_name(path) + ": is a directory, not a file");
  return S_ISREG(st.st_mode);
}

std::string size_text(std::size_t bytes) {
  if (bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}
}  // namespace

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

// ---- the files a run reads and writes ------------------------------------------------------------

namespace {

struct Recorder {
  std::atomic<bool> on{false};
  std::mutex mutex;
  std::vector<std::string> inputs, outputs;
  std::unordered_set<std::string> seen_inputs, seen_outputs;
  std::unordered_set<std::string> own;  // outputs and temporary files: never inputs
};

Recorder& recorder() {
  static Recorder r;
  return r;
}

std::string normalised(const std::string& path) { return std::filesystem::path(path).lexically_normal().string(); }

// A temporary output file: digests and checks may read it back, and it is not an input.
void note_own(const std::string& path) {
  auto& r = recorder();
  if (!r.on) return;
  std::lock_guard lock(r.mutex);
  r.own.insert(normalised(path));
}

}  // namespace

void record_files() { recorder().on = true; }

bool recording_files() { return recorder().on; }

void note_input(const std::string& path) {
  auto& r = recorder();
  if (!r.on || path.empty() || path == "-") return;
  std::string p = normalised(path);
  std::lock_guard lock(r.mutex);
  if (r.seen_inputs.insert(p).second) r.inputs.push_back(std::move(p));
}

void note_output(const std::string& path) {
  auto& r = recorder();
  if (!r.on || path.empty() || path == "-") return;
  std::string p = normalised(path);
  std::lock_guard lock(r.mutex);
  r.own.insert(p);
  if (r.seen_outputs.insert(p).second) r.outputs.push_back(std::move(p));
}

NotedFiles noted_files() {
  auto& r = recorder();
  std::lock_guard lock(r.mutex);
  NotedFiles files;
  for (const auto& p : r.inputs)
    if (!r.own.count(p)) files.inputs.push_back(p);
  files.outputs = r.outputs;
  return files;
}

void clear_noted_files() {
  auto& r = recorder();
  std::lock_guard lock(r.mutex);
  r.inputs.clear();
  r.outputs.clear();
  r.seen_inputs.clear();
  r.seen_outputs.clear();
  r.own.clear();
}

std::FILE* open_c_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  struct stat st {};
  if (f && ::fstat(::fileno(f), &st) == 0 && S_ISREG(st.st_mode)) note_input(path);
  return f;
}

std::string read_file(const std::string& path, std::size_t limit) {
  std::FILE* f = stdin;
  if (path != "-") {
    bool regular = check_readable_file(path);
    f = std::fopen(path.c_str(), "rb");
    if (!f) io_error(path, "cannot open", errno);
    if (regular) note_input(path);
  }
  std::string text;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (text.size() + n > limit) {
      if (f != stdin) std::fclose(f);
      throw Error(ErrorKind::Input, SourcePos{display_name(path), 0, 0},
                  "input is larger than the limit of " + size_text(limit) + " for one file");
    }
    text.append(buf, n);
  }
  bool failed = std::ferror(f);
  int err = errno;
  if (f != stdin) std::fclose(f);
  if (failed) io_error(path, "cannot read", err);
  return text;
}

// ---- inputs --------------------------------------------------------------------------------------

namespace {

// A read buffer over a file descriptor. Unlike std::filebuf (which throws an ios_base::failure with a
// library message on EIO) a read error becomes Error(Io) naming the file.
class FdBuffer : public std::streambuf {
 public:
  FdBuffer(int fd, std::string name, bool owned) : fd_(fd), name_(std::move(name)), owned_(owned) {}
  ~FdBuffer() override {
    if (owned_) ::close(fd_);
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    ssize_t n;
    do n = ::read(fd_, buf_, sizeof buf_);
    while (n < 0 && errno == EINTR);
    if (n < 0) throw Error(ErrorKind::Io, name_ + ": cannot read: " + std::strerror(errno));
    if (n == 0) return traits_type::eof();
    setg(buf_, buf_, buf_ + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  int fd_;
  std::string name_;
  bool owned_;
  char buf_[65536];
};

}  // namespace

InputStream::InputStream(const std::string& path) : name_(display_name(path)) {
  int fd = STDIN_FILENO;
  if (path != "-") {
    bool regular = check_readable_file(path);
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) io_error(path, "cannot open", errno);
    if (regular) note_input(path);
  }
  buf_ = std::make_unique<FdBuffer>(fd, name_, path != "-");
  stream_ = std::make_unique<std::istream>(buf_.get());
}

InputStream::~InputStream() = default;

// ---- temporary files and signals -----------------------------------------------------------------
// The temporary files of outputs not yet committed, for the signal handler to remove: fixed slots of
// plain characters, so that the handler only reads memory and calls unlink() (async-signal-safe).
// A slot is filled before it is marked used and marked free before it is reused.

namespace {

constexpr int kSlots = 32;
constexpr std::size_t kPathMax = 4096;
char pending_path[kSlots][kPathMax];
volatile std::sig_atomic_t pending_used[kSlots];
const int kCleanupSignals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void remove_pending_and_reraise(int sig) {
  int saved = errno;
  for (int i = 0; i < kSlots; ++i)
    if (pending_used[i]) ::unlink(pending_path[i]);
  errno = saved;
  ::signal(sig, SIG_DFL);  // then die of the same signal, so the parent sees why
  ::raise(sig);
}

void install_cleanup_handlers() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  for (int sig : kCleanupSignals) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;  // nohup: keep ignoring
    struct sigaction act {};
    act.sa_handler = remove_pending_and_reraise;
    sigemptyset(&act.sa_mask);
    for (int other : kCleanupSignals) sigaddset(&act.sa_mask, other);
    ::sigaction(sig, &act, nullptr);
  }
}

// Blocks the cleanup signals while a slot changes, so the handler never sees it half-written.
class SignalBlock {
 public:
  SignalBlock() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : kCleanupSignals) sigaddset(&set, sig);
    ::sigprocmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalBlock() { ::sigprocmask(SIG_SETMASK, &old_, nullptr); }

 private:
  sigset_t old_;
};

// Outputs are made on several threads (-j N): one at a time takes a slot. The handler takes no lock.
std::mutex slots_mutex;

int register_pending(const std::string& path) {
  std::lock_guard lock(slots_mutex);
  install_cleanup_handlers();
  if (path.size() >= kPathMax) return -1;
  SignalBlock block;
  for (int i = 0; i < kSlots; ++i) {
    if (pending_used[i]) continue;
    std::memcpy(pending_path[i], path.c_str(), path.size() + 1);
    pending_used[i] = 1;
    return i;
  }
  return -1;  // all slots busy: the destructor still removes the file on a normal exit
}

void release_pending(int slot) {
  if (slot < 0) return;
  std::lock_guard lock(slots_mutex);
  SignalBlock block;
  pending_used[slot] = 0;
}

}  // namespace

// ---- outputs -------------------------------------------------------------------------------------

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  if (path_ == "-") {
    temp_ = "-";
    file_ = stdout;
    direct_ = true;
    return;
  }
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw Error(ErrorKind::Io, path_ + ": is a directory");
    if (!S_ISREG(st.st_mode)) {
      // /dev/null, a FIFO, a terminal: write to it; a temporary file renamed over it would replace it.
      file_ = std::fopen(path_.c_str(), "wb");
      if (!file_) io_error(path_, "cannot open", errno);
      temp_ = path_;
      direct_ = true;
      return;
    }
  }
  auto slash = path_.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path_.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? path_ : path_.substr(slash + 1);
  std::string pattern = (slash == std::string::npos ? std::string() : dir) + "." + base + ".tmp-XXXXXX";
  int fd;
  {
    SignalBlock block;  // a signal between mkstemp and registering would leave the file behind
    fd = ::mkstemp(pattern.data());
    if (fd >= 0) slot_ = register_pending(pattern);
  }
  if (fd < 0) io_error(path_, "cannot create output", errno);
  ::fchmod(
      fd, 0644 & ~[] {
        mode_t m = ::umask(0);
        ::umask(m);
        return m;
      }());
  temp_ = pattern;
  note_own(temp_);
  file_ = ::fdopen(fd, "wb");
  if (!file_) {
    int err = errno;
    ::close(fd);
    ::unlink(temp_.c_str());
    release_pending(slot_);
    io_error(path_, "cannot create output", err);
  }
}

OutputFile::~OutputFile() {
  if (path_ == "-" || committed_) return;
  if (file_) std::fclose(file_);
  if (direct_) return;
  ::unlink(temp_.c_str());
  release_pending(slot_);
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
  if (direct_) {
    committed_ = true;
    return;
  }
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) io_error(path_, "cannot replace", errno);
  release_pending(slot_);
  committed_ = true;
  note_output(path_);
}

bool write_if_changed(const std::string& path, std::string_view bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && std::uint64_t(st.st_size) == bytes.size()) {
    std::string old;
    try {
      old = read_file(path, bytes.size());
    } catch (const Error&) {
      old.clear();  // unreadable: write it again
    }
    if (old == bytes) {
      note_output(path);
      return false;
    }
  }
  OutputFile out(path);
  out.write(bytes);
  out.commit();
  return true;
}

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) == 1; }

void ignore_sigpipe() { std::signal(SIGPIPE, SIG_IGN); }

}  // namespace quire::io
