#include "quire/markdown/fenced_div.hpp"

#include <algorithm>
#include <cctype>

namespace quire::markdown {

namespace {

// What replaces a fence line; the reader knows fences by their line, so the text only has to be an
// HTML block cmark keeps on its own line.
constexpr std::string_view kMarker = "<!-- quire-div -->";

bool space(char c) { return c == ' ' || c == '\t'; }

// Pandoc's identifier characters, and any non-ASCII byte (ids and classes may be in any script).
bool name_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || u >= 0x80 || c == '-' || c == '_' || c == ':' || c == '.';
}

// Where the colons of a fence line start (0-based), or npos when the line is no fence.
std::size_t fence_start(std::string_view line) {
  std::size_t indent = 0;
  while (indent < line.size() && indent < 4 && line[indent] == ' ') ++indent;
  if (indent > 3 || line.substr(indent, 3) != ":::") return std::string_view::npos;
  return indent;
}

class AttributeParser {
 public:
  AttributeParser(std::string_view spec, model::Div& out) : s_(spec), out_(out) {}

  bool run() {
    if (s_.empty()) return true;
    if (s_[0] != '{') return word();
    ++i_;
    for (;;) {
      while (i_ < s_.size() && space(s_[i_])) ++i_;
      if (i_ >= s_.size()) return fail("the attributes are not closed with '}'");
      if (s_[i_] == '}') break;
      if (!token()) return false;
    }
    ++i_;
    while (i_ < s_.size() && space(s_[i_])) ++i_;
    if (i_ < s_.size()) return fail("unexpected text after the attributes");
    return true;
  }

  std::string problem;
  std::size_t at = 0;

 private:
  bool fail(std::string message) {
    problem = std::move(message);
    at = std::min(i_, s_.size());
    return false;
  }

  std::string name() {
    std::size_t start = i_;
    while (i_ < s_.size() && name_char(s_[i_])) ++i_;
    return std::string(s_.substr(start, i_ - start));
  }

  // `::: warning`: one class.
  bool word() {
    std::string w = name();
    if (w.empty() || (i_ < s_.size() && !space(s_[i_])))
      return fail("a div fence takes one class name or {attributes}");
    while (i_ < s_.size() && space(s_[i_])) ++i_;
    if (i_ < s_.size()) return fail("a div fence takes one class name; write {.one .two} for more");
    out_.classes.push_back(std::move(w));
    return true;
  }

  bool token() {
    char c = s_[i_];
    if (c == '#' || c == '.') {
      ++i_;
      std::string n = name();
      if (n.empty()) return --i_, fail(std::string("'") + c + "' must be followed by a name");
      if (c == '.') {
        out_.classes.push_back(std::move(n));
      } else {
        if (!out_.id.empty()) return fail("the div has two ids");
        out_.id = std::move(n);
      }
      return end_of_token();
    }
    std::size_t key_at = i_;
    std::string key = name();
    if (key.empty()) return fail(std::string("unexpected '") + c + "' in the attributes");
    if (i_ >= s_.size() || s_[i_] != '=') {
      i_ = key_at;
      return fail("attribute '" + key + "' needs a value: write " + key + "=\"…\"");
    }
    ++i_;
    std::string value;
    if (!attribute_value(value)) return false;
    for (const auto& [k, v] : out_.attributes)
      if (k == key) {
        i_ = key_at;
        return fail("attribute '" + key + "' is given twice");
      }
    out_.attributes.emplace_back(std::move(key), std::move(value));
    return end_of_token();
  }

  bool attribute_value(std::string& value) {
    if (i_ < s_.size() && (s_[i_] == '"' || s_[i_] == '\'')) {
      char quote = s_[i_++];
      std::size_t open = i_ - 1;
      for (; i_ < s_.size() && s_[i_] != quote; ++i_) {
        if (s_[i_] == '\\' && i_ + 1 < s_.size() && (s_[i_ + 1] == quote || s_[i_ + 1] == '\\')) ++i_;
        value += s_[i_];
      }
      if (i_ >= s_.size()) {
        i_ = open;
        return fail("the quoted value is not closed");
      }
      ++i_;
      return true;
    }
    std::size_t start = i_;
    while (i_ < s_.size() && !space(s_[i_]) && s_[i_] != '}' && s_[i_] != '"' && s_[i_] != '\'') ++i_;
    if (i_ == start) return fail("missing value after '='");
    value = std::string(s_.substr(start, i_ - start));
    return true;
  }

  bool end_of_token() {
    if (i_ < s_.size() && !space(s_[i_]) && s_[i_] != '}') return fail(std::string("unexpected '") + s_[i_] + "'");
    return true;
  }

  std::string_view s_;
  model::Div& out_;
  std::size_t i_ = 0;
};

}  // namespace

bool may_have_fences(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find_first_of("\r\n", at);
    if (end == std::string_view::npos) end = text.size();
    if (fence_start(text.substr(at, end - at)) != std::string_view::npos) return true;
    at = end + 1;
  }
  return false;
}

bool parse_div_attributes(std::string_view spec, model::Div& out, std::string& problem, std::size_t& at) {
  AttributeParser p(spec, out);
  if (p.run()) return true;
  problem = p.problem;
  at = p.at;
  return false;
}

std::vector<DivFence> find_fences(std::string_view text, const std::vector<LineRange>& code_lines,
                                  std::vector<InputProblem>& problems) {
  std::vector<DivFence> out;
  LineReader lines(text);
  std::string_view line;
  auto code = code_lines.begin();  // code blocks come in document order and never overlap
  for (int number = 1; lines.next(line); ++number) {
    std::size_t start = fence_start(line);
    if (start == std::string_view::npos) continue;
    while (code != code_lines.end() && code->last < number) ++code;
    if (code != code_lines.end() && code->first <= number) continue;
    DivFence f;
    f.line = number;
    f.col = static_cast<int>(start) + 1;
    std::size_t spec_at = line.find_first_not_of(':', start);
    std::string_view spec = spec_at == std::string_view::npos ? std::string_view{} : line.substr(spec_at);
    while (!spec.empty() && space(spec.back())) spec.remove_suffix(1);
    while (!spec.empty() && space(spec.front())) spec.remove_prefix(1), ++spec_at;
    // "::: note :::": closing colons after an opening fence's class or attributes are decoration.
    if (auto colons = spec.find_last_not_of(':');
        colons != std::string_view::npos && colons + 1 < spec.size() && (space(spec[colons]) || spec[colons] == '}')) {
      spec = spec.substr(0, colons + 1);
      while (!spec.empty() && space(spec.back())) spec.remove_suffix(1);
    }
    f.opens = !spec.empty();
    std::string problem;
    std::size_t at = 0;
    // A malformed fence still opens a div, so that its closing fence does not give a second error.
    if (!parse_div_attributes(spec, f.attributes, problem, at))
      problems.push_back({number, static_cast<int>(spec_at + at) + 1, problem});
    out.push_back(std::move(f));
  }
  return out;
}

std::string mark_fences(std::string_view text, const std::vector<DivFence>& fences) {
  std::string out;
  out.reserve(text.size() + fences.size() * kMarker.size());
  LineReader lines(text);
  std::string_view line;
  std::size_t copied = 0;
  auto next = fences.begin();
  for (int number = 1; next != fences.end() && lines.next(line); ++number) {
    if (number != next->line) continue;
    std::size_t start = static_cast<std::size_t>(line.data() - text.data());
    std::size_t colons = start + static_cast<std::size_t>(next->col) - 1;
    out.append(text.substr(copied, colons - copied));
    out.append(kMarker);
    copied = start + line.size();
    ++next;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace quire::markdown
