#pragma once
// Repeated warnings, collapsed: a 1,000-column table whose every cell is too wide gives three
// warnings and one note, not 4,000 lines. Errors are never collapsed (--max-errors bounds them).
#include <string>
#include <vector>

#include "quire/diag/diagnostic.hpp"

namespace quire {

// Warnings of one kind shown in text before the rest are counted in a note.
inline constexpr int kRepeatsShown = 3;

// What makes two warnings "the same": their rule and their message with the quoted subjects and the
// numbers set aside ("image \"a.png\" left out" is like "image \"b.png\" left out", not like
// "image \"a.png\" is not a PNG").
std::string warning_kind(const Diagnostic& d);

// The lines a tool prints for `items`, in order. Text: every error, the first `shown` warnings of each
// kind and, right after the last of them, "note: N more warnings like this (rule X)". JSON: every
// diagnostic, one object per line (a program reading them counts for itself). `shown` 0: no collapsing.
std::vector<std::string> format_lines(const std::vector<Diagnostic>& items, const FormatStyle& style,
                                      int shown = kRepeatsShown);

}  // namespace quire
