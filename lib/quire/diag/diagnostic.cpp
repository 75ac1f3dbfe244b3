#include "quire/diag/diagnostic.hpp"

namespace quire {

std::string format(const Diagnostic& d) {
  std::string out;
  if (!d.pos.file.empty() || d.pos.known()) out = model::to_string(d.pos) + ": ";
  out += d.severity == Severity::Error ? "error: " : "warning: ";
  out += d.message;
  if (!d.hint.empty()) out += "\n  hint: " + d.hint;
  return out;
}

void Diagnostics::add(Diagnostic d) {
  if (d.severity == Severity::Error) ++errors_;
  items_.push_back(std::move(d));
}

void Diagnostics::error(SourcePos pos, std::string message, std::string hint) {
  add({Severity::Error, std::move(pos), std::move(message), std::move(hint)});
}

void Diagnostics::warning(SourcePos pos, std::string message, std::string hint) {
  add({Severity::Warning, std::move(pos), std::move(message), std::move(hint)});
}

}  // namespace quire
