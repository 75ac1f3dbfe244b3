#pragma once
// The one diagnostics module: every tool reports problems through it, as
//   FILE:LINE:COL: error: MESSAGE
// on standard error. Library code collects Diagnostics or throws quire::Error; only a tool's main prints.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "quire/model/source_pos.hpp"

namespace quire {

using model::SourcePos;

enum class Severity { Warning, Error };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourcePos pos;
  std::string message;
  std::string hint;       // optional, printed as an indented "hint:" line
  std::string path = {};  // optional: the JSON pointer of the offending node ("/blocks/3/level", "/amount")
  std::string rule = {};  // optional: the name of the check ("schema", "image-missing", "heading-jump")
};

// "FILE:LINE:COL: error: MESSAGE" (position parts that are unknown are left out).
std::string format(const Diagnostic& d);

// How a tool prints its diagnostics (quire::cli::Tool picks it from --format and the terminal).
struct FormatStyle {
  bool json = false;    // one JSON object per line instead of text
  bool colour = false;  // ANSI colour: severity word bold red/yellow, position bold (text only)
};
// The text form above (with colour when asked), or one line of JSON:
//   {"file":…,"line":…,"column":…,"severity":"error","message":…,"path":…,"rule":…}
// where line and column are 0 when unknown and path and rule are "" when not set (the hint, if any,
// is appended to the message after "; ").
std::string format(const Diagnostic& d, const FormatStyle& style);
// `s` as a JSON string literal, quotes included (UTF-8 passes through; controls are escaped).
std::string json_string(std::string_view s);

// Thrown by Diagnostics::add when the error limit is reached (see set_max_errors).
struct TooManyErrors;

// A sink that keeps every diagnostic in order.
class Diagnostics {
 public:
  void error(SourcePos pos, std::string message, std::string hint = {});
  void warning(SourcePos pos, std::string message, std::string hint = {});
  void add(Diagnostic d);

  const std::vector<Diagnostic>& all() const { return items_; }
  // With strict() set, warnings count too: whatever stops on errors (an output not written, a record
  // failed) stops on them (`--strict`).
  bool has_errors() const { return errors_ > 0 || (strict_ && warning_count() > 0); }
  int error_count() const { return errors_; }
  int warning_count() const { return static_cast<int>(items_.size()) - errors_; }
  void clear() {
    items_.clear();
    errors_ = 0;
  }

  // Names the rule of the diagnostics from index `first` on that have none (a reader's findings).
  void set_rule_from(std::size_t first, const std::string& rule) {
    for (std::size_t i = first; i < items_.size(); ++i)
      if (items_[i].rule.empty()) items_[i].rule = rule;
  }

  // Stops a run after `n` errors: adding one more throws TooManyErrors instead (a tool prints the
  // first n and "too many errors; stopping"). 0: no limit.
  void set_max_errors(int n) { max_errors_ = n; }
  void set_strict(bool on) { strict_ = on; }
  bool strict() const { return strict_; }
  int max_errors() const { return max_errors_; }

 private:
  std::vector<Diagnostic> items_;
  int errors_ = 0;
  int max_errors_ = 0;
  bool strict_ = false;
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

// The error limit of a Diagnostics sink was reached; what was reported is in the sink.
struct TooManyErrors : InvalidInput {};

// The exit status table shared by every tool: 0 success, 1 invalid input, 2 usage or I/O.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitUsage = 2;
inline int exit_code(ErrorKind kind) { return kind == ErrorKind::Input ? kExitInvalid : kExitUsage; }

}  // namespace quire
