#include "quire/cli/manual.hpp"

#include <cstdio>
#include <vector>

#include "quire/cli/tool.hpp"
#include "quire/diag/diagnostic.hpp"
#include "quire/model/utf8.hpp"

namespace quire::cli {

namespace {

// Text for a roff line: backslashes escaped, non-ASCII as \[uXXXX] (groff reads its input as Latin-1
// unless told otherwise), every '-' a minus sign when `minus` (option names, code).
std::string escape(std::string_view s, bool minus) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      char32_t cp = next_char(s, i);
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\[u%04X]", static_cast<unsigned>(cp));
      out += buf;
      continue;
    }
    if (c == '\\')
      out += "\\e";
    else if (c == '-' && minus)
      out += "\\-";
    else if (c < 0x20 || c == 0x7f)
      out += ' ';
    else
      out += static_cast<char>(c);
    ++i;
  }
  return out;
}

// A roff text line must not start with a control character ('.' or '\'') nor be empty (a blank line).
std::string line(std::string text) {
  if (text.empty() || text.front() == '.' || text.front() == '\'') text.insert(0, "\\&");
  return text + "\n";
}

// Inline markup: `code` in bold with minus signs, *emphasis* in italics; an unclosed mark is literal.
std::string inline_text(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '`' || c == '*') {
      std::size_t end = s.find(c, i + 1);
      if (end != std::string_view::npos && end > i + 1) {
        auto inner = s.substr(i + 1, end - i - 1);
        out += c == '`' ? "\\fB" + escape(inner, true) : "\\fI" + escape(inner, false);
        out += "\\fR";
        i = end + 1;
        continue;
      }
    }
    std::size_t next = s.find_first_of("`*", i + 1);
    if (next == std::string_view::npos) next = s.size();
    out += escape(s.substr(i, next - i), false);
    i = next;
  }
  return out;
}

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> lines;
  while (!s.empty()) {
    auto nl = s.find('\n');
    auto l = s.substr(0, nl);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    lines.push_back(l);
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
  return lines;
}

bool blank(std::string_view l) { return l.find_first_not_of(" \t") == std::string_view::npos; }
bool indented(std::string_view l) { return l.size() > 4 && l.substr(0, 4) == "    "; }

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// "-o, --output FILE" in bold and italics.
std::string option_label(const OptionInfo& o) {
  std::string label;
  for (const auto& n : o.names) label += (label.empty() ? "" : ", ") + ("\\fB" + escape(n, true) + "\\fR");
  if (o.names.empty())
    label = "\\fI" + escape(upper(o.value_name.empty() ? o.positional : o.value_name), true) + "\\fR";
  else if (!o.value_name.empty())
    label += " \\fI" + escape(o.value_name, true) + "\\fR";
  if (o.repeated) label += "...";
  return label;
}

std::string option_text(const OptionInfo& o) {
  std::string text = o.description;
  if (!o.default_value.empty()) text += " (default: " + o.default_value + ")";
  if (!o.envname.empty()) text += " (environment: " + o.envname + ")";
  if (o.required) text += " (required)";
  return escape(text, true);
}

// One line per form: a command with subcommands has a line for those that hand their arguments to
// another tool and one for each of the others.
std::string synopsis(const CommandInfo& c, const std::string& invocation) {
  std::string out = ".B " + escape(invocation, true) + "\n";
  if (c.subcommands.empty()) {
    std::string args;
    bool any_named = false;
    for (const auto& o : c.options) {
      if (!o.names.empty()) {
        any_named = true;
        continue;
      }
      std::string arg = "\\fI" + escape(upper(o.value_name.empty() ? o.positional : o.value_name), true) + "\\fR";
      if (o.repeated) arg += "...";
      args += " " + (o.required ? arg : "[" + arg + "]");
    }
    return out + line((any_named ? "[\\fIOPTION\\fR]..." : "") + args);
  }
  std::string passing;
  for (const auto& s : c.subcommands)
    if (s.passes_arguments) passing += (passing.empty() ? "" : "|") + s.name;
  std::string forms;
  if (!passing.empty()) forms = out + line("\\fI" + escape(passing, true) + "\\fR [\\fIARG\\fR]...");
  for (const auto& s : c.subcommands)
    if (!s.passes_arguments) forms += (forms.empty() ? "" : ".br\n") + synopsis(s, invocation + " " + s.name);
  return forms;
}

std::string options_section(const CommandInfo& c) {
  std::string out = ".SH OPTIONS\n";
  for (const auto& o : c.options) out += ".TP\n" + line(option_label(o)) + line(option_text(o));
  if (c.subcommands.empty()) return out;
  out += ".SH COMMANDS\n";
  for (const auto& s : c.subcommands)
    out += ".TP\n" + line("\\fB" + escape(s.name, true) + "\\fR") + line(escape(s.description, true));
  return out;
}

// The prose after the header line, block by block.
std::string prose(const std::vector<std::string_view>& lines, const CommandInfo* command) {
  std::string out;
  bool in_description = false;
  auto end_description = [&] {
    if (in_description && command) out += options_section(*command);
    in_description = false;
  };
  std::size_t i = 1;
  while (i < lines.size()) {
    auto l = lines[i];
    if (blank(l)) {
      ++i;
    } else if (l.substr(0, 3) == "## ") {
      out += ".SS " + escape(l.substr(3), false) + "\n";
      ++i;
    } else if (l.substr(0, 2) == "# ") {
      end_description();
      auto title = upper(std::string(l.substr(2)));
      out += ".SH " + escape(title, false) + "\n";
      in_description = title == "DESCRIPTION";
      ++i;
    } else if (indented(l)) {
      // An example: lines kept as written; blank lines inside it become .sp.
      out += ".PP\n.RS 4\n.nf\n";
      while (i < lines.size() &&
             (indented(lines[i]) || (blank(lines[i]) && i + 1 < lines.size() && indented(lines[i + 1])))) {
        out += blank(lines[i]) ? ".sp\n" : line(escape(lines[i].substr(4), true));
        ++i;
      }
      out += ".fi\n.RE\n";
    } else if (l.substr(0, 2) == "- ") {
      out += ".IP \\(bu 2\n" + line(inline_text(l.substr(2)));
      for (++i; i < lines.size() && !blank(lines[i]) && lines[i].substr(0, 2) == "  " && !indented(lines[i]); ++i)
        out += line(inline_text(lines[i].substr(2)));
    } else if (i + 1 < lines.size() && lines[i + 1].substr(0, 2) == ": ") {
      out += ".TP\n" + line(inline_text(l)) + line(inline_text(lines[i + 1].substr(2)));
      for (i += 2; i < lines.size() && !blank(lines[i]) && lines[i].substr(0, 2) == "  " && !indented(lines[i]); ++i)
        out += line(inline_text(lines[i].substr(2)));
    } else {
      // A paragraph: its first line always, then up to the next block.
      out += ".PP\n" + line(inline_text(l));
      for (++i; i < lines.size() && !blank(lines[i]) && !indented(lines[i]) && lines[i].front() != '#' &&
                lines[i].substr(0, 2) != "- " && !(i + 1 < lines.size() && lines[i + 1].substr(0, 2) == ": ");
           ++i)
        out += line(inline_text(lines[i]));
    }
  }
  end_description();
  return out;
}

}  // namespace

ManHeader read_man_header(std::string_view source, const std::string& file) {
  auto first = source.substr(0, source.find('\n'));
  auto open = first.find('(');
  auto close = first.find(')');
  auto dash = first.find(" -- ");
  if (first.substr(0, 2) != "% " || open == std::string_view::npos || close == std::string_view::npos ||
      dash == std::string_view::npos || !(open < close && close < dash) || open < 3)
    throw Error(ErrorKind::Input, SourcePos{file, 1, 1}, "a man page starts with `% NAME(SECTION) -- SUMMARY`");
  return {std::string(first.substr(2, open - 2)), std::string(first.substr(open + 1, close - open - 1)),
          std::string(first.substr(dash + 4))};
}

std::string man_page(std::string_view source, const std::string& file, const CommandInfo* command,
                     const std::string& invocation) {
  auto header = read_man_header(source, file);
  std::string out = ".\\\" Generated from " + escape(file, false) + " and the tool's options; edit those.\n";
  out += ".TH \"" + escape(upper(header.name), true) + "\" \"" + escape(header.section, false) + "\" \"\" \"quire " +
         version() + "\" \"quire manual\"\n";
  out += ".nh\n";  // no hyphenation: option and variable names stay whole
  out += ".SH NAME\n" + line(escape(header.name, true) + " \\- " + escape(header.summary, false));
  if (command) out += ".SH SYNOPSIS\n" + synopsis(*command, invocation);
  return out + prose(split_lines(source), command);
}

}  // namespace quire::cli
