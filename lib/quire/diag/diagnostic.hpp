#pragma once
// The one diagnostics module: every tool reports problems through it, as
//   FILE:LINE:COL: error: MESSAGE
// on standard error. Library code collects Diagnostics or throws quire::Error; only a tool's main prints.
#include <stdexcept>
#include <string>
#include <vector>

#include "quire/model/source_pos.hpp"

namespace quire {

using model::SourcePos;

enum class Severity { Warning, Error };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourcePos pos;
  std::string message;
  std::string hint;  // optional, printed as an indented "hint:" line
};

// "FILE:LINE:COL: error: MESSAGE" (position parts that are unknown are left out).
std::string format(const Diagnostic& d);

// A sink that keeps every diagnostic in order.
class Diagnostics {
 public:
  void error(SourcePos pos, std::string message, std::string hint = {});
  void warning(SourcePos pos, std::string message, std::string hint = {});
  void add(Diagnostic d);

  const std::vector<Diagnostic>& all() const { return items_; }
  bool has_errors() const { return errors_ > 0; }
  int error_count() const { return errors_; }
  void clear() {
    items_.clear();
    errors_ = 0;
  }

 private:
  std::vector<Diagnostic> items_;
  int errors_ = 0;
};

// Why a run failed; each kind maps to one exit status (see exit_code()).
enum class ErrorKind {
  Input,  // the input is invalid: exit 1
  Usage,  // bad arguments: exit 2
  Io,     // cannot read, create or write a file: exit 2
};

// An unrecoverable failure. Library code throws it; quire::cli::run catches it.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, SourcePos pos, const std::string& message)
      : std::runtime_error(message), kind_(kind), pos_(std::move(pos)) {}
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}

  ErrorKind kind() const { return kind_; }
  const SourcePos& pos() const { return pos_; }

 private:
  ErrorKind kind_;
  SourcePos pos_;
};

// Thrown when invalid input has already been reported into a Diagnostics sink.
struct InvalidInput : std::runtime_error {
  InvalidInput() : std::runtime_error("invalid input") {}
};

// The exit status table shared by every tool: 0 success, 1 invalid input, 2 usage or I/O.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitUsage = 2;
inline int exit_code(ErrorKind kind) { return kind == ErrorKind::Input ? kExitInvalid : kExitUsage; }

}  // namespace quire
