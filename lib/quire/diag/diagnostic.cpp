#include "quire/diag/diagnostic.hpp"

#include <cstdio>

namespace quire {

namespace {

const char* severity_word(Severity s) { return s == Severity::Error ? "error" : "warning"; }

std::string format_text(const Diagnostic& d, bool colour) {
  // ANSI: bold for the position, bold red / bold yellow for the severity word.
  const char* bold = colour ? "\033[1m" : "";
  const char* reset = colour ? "\033[0m" : "";
  const char* tint = !colour ? "" : d.severity == Severity::Error ? "\033[1;31m" : "\033[1;33m";
  std::string out;
  if (!d.pos.file.empty() || d.pos.known()) out = bold + model::to_string(d.pos) + ":" + reset + " ";
  out += tint;
  out += severity_word(d.severity);
  out += ":";
  out += reset;
  out += " " + d.message;
  if (!d.hint.empty()) out += "\n  hint: " + d.hint;
  return out;
}

std::string format_json(const Diagnostic& d) {
  std::string message = d.message;
  if (!d.hint.empty()) message += "; " + d.hint;
  std::string out = "{\"file\":" + json_string(d.pos.file);
  out += ",\"line\":" + std::to_string(d.pos.line);
  out += ",\"column\":" + std::to_string(d.pos.col);
  out += ",\"severity\":\"" + std::string(severity_word(d.severity)) + "\"";
  out += ",\"message\":" + json_string(message);
  out += ",\"path\":" + json_string(d.path);
  out += ",\"rule\":" + json_string(d.rule) + "}";
  return out;
}

}  // namespace

std::string format(const Diagnostic& d) { return format_text(d, false); }

std::string format(const Diagnostic& d, const FormatStyle& style) {
  return style.json ? format_json(d) : format_text(d, style.colour);
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20 || u == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", u);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

void Diagnostics::add(Diagnostic d) {
  if (d.severity == Severity::Error) {
    // An error past the limit is dropped, and the run stops: the first max_errors_ stay.
    if (max_errors_ > 0 && errors_ >= max_errors_) throw TooManyErrors{};
    ++errors_;
  }
  items_.push_back(std::move(d));
}

void Diagnostics::error(SourcePos pos, std::string message, std::string hint) {
  add({Severity::Error, std::move(pos), std::move(message), std::move(hint), {}, {}});
}

void Diagnostics::warning(SourcePos pos, std::string message, std::string hint) {
  add({Severity::Warning, std::move(pos), std::move(message), std::move(hint), {}, {}});
}

}  // namespace quire
