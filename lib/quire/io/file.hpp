#pragma once
// The one way quire opens inputs and writes outputs.
// Outputs are written to a temporary file beside the target and renamed into place on commit(),
// so a failed run never leaves a partial file or clobbers an existing one; the temporary file is also
// removed when the process is stopped by SIGINT, SIGTERM or SIGHUP. An output that exists and is not a
// regular file (/dev/null, a FIFO, a terminal) is written directly: renaming over it would replace it.
// Inputs are read through a buffer that turns a read error into Error(Io) naming the file.
#include <cstdio>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quire::io {

// The name diagnostics use for a path: "<stdin>" for "-".
std::string display_name(const std::string& path);

// The default bound of read_file: 64 MiB, as for one YAML document (a Markdown file becomes one, and
// parsing takes about 40 bytes of memory per input byte). docs/limits.md.
inline constexpr std::size_t kMaxInputBytes = std::size_t(64) << 20;

// Reads a whole file ("-" is standard input). Throws quire::Error(Io) when it cannot:
// missing file, a directory, a read error. `limit` bounds the size (Error(Input) past it, read no further).
std::string read_file(const std::string& path, std::size_t limit = kMaxInputBytes);

// An input stream over a file or standard input, for tools that read a YAML stream one document at a time.
// A read error (EIO, a file removed under NFS…) throws Error(Io) "FILE: cannot read: …" from the
// stream's buffer, which readers that use rdbuf() directly let through.
class InputStream {
 public:
  explicit InputStream(const std::string& path);  // throws Error(Io)
  ~InputStream();
  InputStream(const InputStream&) = delete;
  InputStream& operator=(const InputStream&) = delete;

  std::istream& stream() { return *stream_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::unique_ptr<std::streambuf> buf_;
  std::unique_ptr<std::istream> stream_;
};

// An output file ("-" is standard output) written atomically.
class OutputFile {
 public:
  // Creates the temporary file (not for "-"). Throws Error(Io) when the directory is missing or unwritable.
  explicit OutputFile(std::string path);
  ~OutputFile();  // removes the temporary file unless commit() succeeded
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view bytes);  // throws Error(Io) on a write error
  std::FILE* file() { return file_; }
  // The path bytes go to before commit (the temporary file, or "-").
  const std::string& temp_path() const { return temp_; }
  // True when bytes go straight to the target (standard output, a pipe, a device): they cannot be
  // taken back if the run fails.
  bool direct() const { return direct_; }
  // Flushes, closes and renames into place. Throws Error(Io) on failure (then nothing is replaced).
  void commit();

 private:
  std::string path_;
  std::string temp_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
  bool direct_ = false;  // standard output or an existing non-regular file: no temporary file
  int slot_ = -1;        // where the signal handler finds temp_
};

// ---- what a run reads and writes, for depfiles (cli/depfile.hpp) ---------------------------------
// Off until record_files() is called (a tool given -M). From then on every file this module opens for
// reading is noted as an input and every output committed as an output (standard streams and devices
// are not). Files that other libraries open (fonts by FreeType, hyphenation dictionaries by libhyphen)
// are noted by the code that chooses them, with note_input(). Paths are kept as given, lexically
// normalised ("./a/../b.md" is "b.md"), each once. Thread-safe.
void record_files();
bool recording_files();
void note_input(const std::string& path);
void note_output(const std::string& path);

struct NotedFiles {
  std::vector<std::string> inputs;   // in the order first read; never the run's own outputs or temporary files
  std::vector<std::string> outputs;  // in the order committed
};
NotedFiles noted_files();
// Forgets what was noted so far (`quire watch`: each build's own list).
void clear_noted_files();

// Opens `path` for reading with the C library, for libraries that read a FILE* (libpng), and notes it.
// Returns nullptr (errno set) when it cannot; the caller closes the file.
std::FILE* open_c_file(const std::string& path);

// Writes `bytes` to the file `path` (atomically, as OutputFile) unless it holds them already: an unchanged
// file keeps its modification time, so make does not rebuild what depends on it. Returns whether it
// wrote. Throws Error(Io) when it cannot.
bool write_if_changed(const std::string& path, std::string_view bytes);

// True when standard output is a terminal (binary output is refused there unless asked for).
bool stdout_is_terminal();

// Ignores SIGPIPE so that a closed pipe shows up as a write error that tools end quietly on.
void ignore_sigpipe();

// Thrown by OutputFile::write on standard output when the reader has gone away (EPIPE).
struct BrokenPipe {};

}  // namespace quire::io
