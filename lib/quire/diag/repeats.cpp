#include "quire/diag/repeats.hpp"

#include <cctype>
#include <map>

namespace quire {

namespace {

// The closing quote of a quoted subject starting at `open`, or npos.
std::size_t closing_quote(std::string_view s, std::size_t open) {
  if (s[open] == '"' || s[open] == '\'') return s.find(s[open], open + 1);
  return std::string_view::npos;
}

std::string note_text(int more, const std::string& rule, bool colour) {
  std::string out = colour ? "\033[1;36mnote:\033[0m " : "note: ";
  out += std::to_string(more) + (more == 1 ? " more warning like this" : " more warnings like this");
  if (!rule.empty()) out += " (rule " + rule + ")";
  return out;
}

}  // namespace

std::string warning_kind(const Diagnostic& d) {
  std::string_view m = d.message;
  std::string out = d.rule + ": ";
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (auto close = closing_quote(m, i); close != std::string_view::npos) {
      out += "\"…\"";
      i = close;
    } else if (std::isdigit(static_cast<unsigned char>(m[i]))) {
      out += '#';
      while (i + 1 < m.size() && std::isdigit(static_cast<unsigned char>(m[i + 1]))) ++i;
    } else {
      out += m[i];
    }
  }
  return out;
}

std::vector<std::string> format_lines(const std::vector<Diagnostic>& items, const FormatStyle& style, int shown) {
  std::vector<std::string> lines;
  bool collapse = !style.json && shown > 0;
  std::map<std::string, int> total, seen;
  if (collapse)
    for (const auto& d : items)
      if (d.severity == Severity::Warning) ++total[warning_kind(d)];
  for (const auto& d : items) {
    if (!collapse || d.severity != Severity::Warning) {
      lines.push_back(format(d, style));
      continue;
    }
    std::string kind = warning_kind(d);
    int n = ++seen[kind];
    if (n > shown) continue;
    lines.push_back(format(d, style));
    if (n == shown && total[kind] > shown) lines.push_back(note_text(total[kind] - shown, d.rule, style.colour));
  }
  return lines;
}

}  // namespace quire
