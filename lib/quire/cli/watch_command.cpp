// quire watch: quire build again whenever a file the last build read changes (inotify).
#include <poll.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

#include "quire/cli/command_helpers.hpp"
#include "quire/cli/tool.hpp"

namespace quire::cli {

namespace {

// A quiet moment after the first change before building: an editor saving writes, renames and
// touches a file in several steps, and a build in the middle would read half of them.
constexpr int kSettleMs = 150;

std::string clock_time() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &local);
  return buf;
}

// The directories of the files a build read, watched with inotify: a directory rather than the file,
// because editors save by writing a new file and renaming it over the old one (a watch on the old
// file would see nothing more).
class Watcher {
 public:
  Watcher() : fd_(inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) {
    if (fd_ < 0) throw Error(ErrorKind::Io, std::string("cannot watch files (inotify): ") + std::strerror(errno));
  }
  ~Watcher() { ::close(fd_); }
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  int fd() const { return fd_; }

  // Watches `files` from now on, instead of the previous set.
  void watch(const std::vector<std::string>& files) {
    for (const auto& [wd, dir] : dirs_) inotify_rm_watch(fd_, wd);
    dirs_.clear();
    names_.clear();
    for (const auto& file : files) {
      std::error_code ec;
      auto path = std::filesystem::absolute(file, ec).lexically_normal();
      if (ec || !path.has_filename()) continue;
      names_[path.parent_path().string()].insert(path.filename().string());
    }
    for (const auto& [dir, names] : names_) {
      int wd = inotify_add_watch(fd_, dir.c_str(),
                                 IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_ATTRIB | IN_MODIFY);
      if (wd >= 0) dirs_[wd] = dir;
    }
  }

  // Reads the events waiting: true when one of them concerns a watched file.
  bool changed() {
    alignas(inotify_event) char buf[16384];
    bool hit = false;
    while (true) {
      ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      for (char* p = buf; p < buf + n;) {
        const auto* event = reinterpret_cast<const inotify_event*>(p);
        p += sizeof(inotify_event) + event->len;
        if (event->mask & IN_Q_OVERFLOW) hit = true;  // events were lost: build to be sure
        auto dir = dirs_.find(event->wd);
        if (dir == dirs_.end() || event->len == 0) continue;
        if (names_[dir->second].count(event->name)) hit = true;
      }
    }
    return hit;
  }

 private:
  int fd_;
  std::map<int, std::string> dirs_;                     // watch descriptor → directory
  std::map<std::string, std::set<std::string>> names_;  // directory → the watched files' names
};

// SIGINT, SIGTERM and SIGHUP held back and read from a descriptor: a build that has started finishes
// (or fails) whole, then the loop ends.
class Signals {
 public:
  Signals() {
    sigemptyset(&set_);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set_, sig);
    ::sigprocmask(SIG_BLOCK, &set_, &old_);
    fd_ = signalfd(-1, &set_, SFD_CLOEXEC | SFD_NONBLOCK);
    if (fd_ < 0) {
      ::sigprocmask(SIG_SETMASK, &old_, nullptr);
      throw Error(ErrorKind::Io, std::string("cannot wait for signals: ") + std::strerror(errno));
    }
  }
  ~Signals() {
    ::close(fd_);
    ::sigprocmask(SIG_SETMASK, &old_, nullptr);
  }
  Signals(const Signals&) = delete;
  Signals& operator=(const Signals&) = delete;
  int fd() const { return fd_; }
  // The signal received, or 0.
  int received() {
    signalfd_siginfo info{};
    return ::read(fd_, &info, sizeof info) == ssize_t(sizeof info) ? int(info.ssi_signo) : 0;
  }

 private:
  sigset_t set_{}, old_{};
  int fd_ = -1;
};

}  // namespace

int run_watch(const BuildOptions& options, Diagnostics& diags) {
  if (options.render.output.empty() || options.render.output == "-")
    throw Error(ErrorKind::Usage, "quire watch writes a file: name it with -o FILE");
  for (const auto& input : options.inputs)
    if (input == "-") throw Error(ErrorKind::Usage, "quire watch cannot watch standard input: name the files");
  Signals signals;
  Watcher watcher;
  FormatStyle style;
  style.colour = stderr_wants_colour();
  const std::string& out = options.render.output;
  std::string last_good;  // when the last build that went through ended
  io::record_files();
  while (true) {
    io::clear_noted_files();
    auto start = std::chrono::steady_clock::now();
    Diagnostics run_diags;
    run_diags.set_strict(diags.strict());
    run_diags.set_max_errors(diags.max_errors());
    int status = kExitOk;
    try {
      status = run_build(options, run_diags);
      if (status == kExitOk && run_diags.has_errors()) status = kExitInvalid;
    } catch (const InvalidInput&) {
      status = kExitInvalid;
    } catch (const Error& e) {
      run_diags.add(Diagnostic{Severity::Error, e.pos(), e.what(), {}, {}, {}});
      status = exit_code(e.kind());
    } catch (const std::bad_alloc&) {
      run_diags.add(Diagnostic{Severity::Error, {}, "out of memory", {}, {}, {}});
      status = kExitUsage;
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string now = clock_time();
    if (status == kExitOk) {
      last_good = now;
      std::fprintf(stderr, "quire watch: %s built %s in %.2f s", now.c_str(), out.c_str(), seconds);
      if (run_diags.warning_count() > 0) std::fprintf(stderr, " (%d warnings)", run_diags.warning_count());
      std::fputc('\n', stderr);
    } else {
      int errors = std::max(1, run_diags.error_count());
      std::fprintf(stderr, "quire watch: %s failed (%d error%s); %s\n", now.c_str(), errors, errors == 1 ? "" : "s",
                   last_good.empty() ? "nothing written yet" : (out + " kept from " + last_good).c_str());
    }
    print_diagnostics(run_diags, style);
    std::fflush(stderr);

    // What to watch: every file this build read, and the named inputs whatever happened to them.
    auto inputs = io::noted_files().inputs;
    for (const auto& input : options.inputs)
      if (input != "-") inputs.push_back(input);
    watcher.watch(inputs);

    // Wait for a change (then for the files to settle) or a signal.
    bool change = false;
    while (true) {
      pollfd fds[2] = {{signals.fd(), POLLIN, 0}, {watcher.fd(), POLLIN, 0}};
      int ready = ::poll(fds, 2, change ? kSettleMs : -1);
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0) throw Error(ErrorKind::Io, std::string("cannot wait for changes: ") + std::strerror(errno));
      if (fds[0].revents & POLLIN) {
        if (int sig = signals.received()) {
          std::fprintf(stderr, "quire watch: %s stopped (%s)\n", clock_time().c_str(), strsignal(sig));
          return kExitOk;
        }
      }
      if (ready == 0) break;  // settled
      if ((fds[1].revents & POLLIN) && watcher.changed()) change = true;
    }
  }
}

}  // namespace quire::cli
