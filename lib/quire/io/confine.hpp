#pragma once
// Keeping the files a document names inside the project.
//
// Images, fonts, includes and templates are named by paths inside documents, which quire may have
// received from anyone. Such a path resolves relative to the file that names it, and may not leave
// the project root (the directory of the top input, or --root DIR) unless --allow-outside-root.
// Symbolic links are resolved before the check, so a link inside the root that points outside it is
// refused too. Every stage that opens a path a document names goes through this one check:
//
//   io::Confinement confine{options.root, options.allow_outside_root};
//   std::string path = io::resolve_relative(url, block.pos.file);   // relative to the naming file
//   if (auto why = confine.violation(path)) report(*why);            // or confine.check(path, pos)
//
// Header-only on purpose: the image, fonts and compose libraries use it without linking quire_io.
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "quire/diag/diagnostic.hpp"

namespace quire::io {

// `path` as written in `naming_file` (a Markdown or YAML file; "", "-" or "<stdin>": the current
// directory): absolute paths stay, relative ones are taken from the naming file's directory.
inline std::string resolve_relative(const std::string& path, const std::string& naming_file) {
  std::filesystem::path p(path);
  if (p.is_absolute() || naming_file.empty() || naming_file == "-" || naming_file == "<stdin>") return path;
  return (std::filesystem::path(naming_file).parent_path() / p).string();
}

// The default project root: the directory of the first input file, or the current directory when the
// first input is standard input (or there is none).
inline std::string default_root(const std::vector<std::string>& inputs) {
  if (inputs.empty() || inputs.front() == "-") return ".";
  auto dir = std::filesystem::path(inputs.front()).parent_path();
  return dir.empty() ? "." : dir.string();
}

class Confinement {
 public:
  // Unconfined: every path is allowed (library callers that never asked for a root).
  Confinement() = default;
  // Confined to `root` (made absolute and resolved once, here); an empty root means unconfined.
  explicit Confinement(const std::string& root, bool allow_outside = false)
      : confined_(!root.empty() && !allow_outside) {
    if (root.empty()) return;
    std::error_code ec;
    auto resolved = std::filesystem::canonical(root, ec);
    root_ = ec ? std::filesystem::absolute(root, ec).lexically_normal() : resolved;
  }

  bool confined() const { return confined_; }
  const std::filesystem::path& root() const { return root_; }

  // Why `path` (already resolved relative to its naming file) may not be used, or nullopt when it may.
  // A path that does not exist is judged by its nearest existing parent (it fails later as missing).
  // The message names `shown` (the path as the document wrote it) when given, else `path`.
  std::optional<std::string> violation(const std::string& path, const std::string& shown = {}) const {
    if (!confined_) return std::nullopt;
    auto real = real_path(path);
    auto rel = real.lexically_relative(root_);
    bool inside = !rel.empty() && *rel.begin() != "..";
    if (inside) return std::nullopt;
    return "\"" + (shown.empty() ? path : shown) + "\" is outside the project root \"" + root_.string() +
           "\" (use --root DIR or --allow-outside-root)";
  }

  // Throws Error(Input) at `pos` when `path` may not be used; `what` names it ("image", "mainfont").
  void check(const std::string& path, const SourcePos& pos, const std::string& what) const {
    if (auto why = violation(path)) throw Error(ErrorKind::Input, pos, what + " " + *why);
  }

 private:
  // realpath() of the longest existing prefix, with the rest appended: symlinks anywhere in the
  // existing part are followed, "." and ".." in the rest are folded.
  static std::filesystem::path real_path(const std::string& path) {
    std::error_code ec;
    auto abs = std::filesystem::absolute(path, ec);
    if (ec) return std::filesystem::path(path).lexically_normal();
    auto real = std::filesystem::weakly_canonical(abs, ec);
    return ec ? abs.lexically_normal() : real;
  }

  bool confined_ = false;
  std::filesystem::path root_;
};

}  // namespace quire::io
