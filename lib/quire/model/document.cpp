#include "quire/model/document.hpp"

#include <algorithm>
#include <charconv>

#include "quire/model/locator.hpp"
#include "quire/model/overloaded.hpp"

namespace quire::model {

std::string to_string(const SourcePos& pos) {
  std::string s = pos.file.empty() ? std::string("<unknown>") : pos.file;
  if (pos.line > 0) {
    s += ':' + std::to_string(pos.line);
    if (pos.col > 0) s += ':' + std::to_string(pos.col);
  }
  return s;
}

namespace {
// Parses a trailing ":N" off text; returns false if there is none.
bool take_number_suffix(std::string& text, int& out) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size()) return false;
  int n = 0;
  auto [ptr, ec] = std::from_chars(text.data() + colon + 1, text.data() + text.size(), n);
  if (ec != std::errc() || ptr != text.data() + text.size() || n <= 0) return false;
  out = n;
  text.resize(colon);
  return true;
}
}  // namespace

bool parse_pos(const std::string& text, SourcePos& out) {
  std::string rest = text;
  int a = 0, b = 0;
  SourcePos pos;
  if (take_number_suffix(rest, a)) {
    if (take_number_suffix(rest, b)) {
      pos.line = b;
      pos.col = a;
    } else {
      pos.line = a;
    }
  }
  if (rest.empty()) return false;
  pos.file = rest;
  out = pos;
  return true;
}

const MetaValue* MetaValue::find(std::string_view key) const {
  if (kind != Kind::Map) return nullptr;
  for (const auto& [k, v] : map)
    if (k == key) return &v;
  return nullptr;
}

MetaValue* MetaValue::find(std::string_view key) { return const_cast<MetaValue*>(std::as_const(*this).find(key)); }

void MetaValue::set(const std::string& key, MetaValue value) {
  if (kind == Kind::Null) kind = Kind::Map;
  if (auto* existing = find(key)) {
    *existing = std::move(value);
    return;
  }
  map.emplace_back(key, std::move(value));
}

const MetaValue* MetaValue::find_path(std::string_view dotted) const {
  const MetaValue* node = this;
  while (node) {
    auto dot = dotted.find('.');
    node = node->find(dotted.substr(0, dot));
    if (dot == std::string_view::npos) return node;
    dotted.remove_prefix(dot + 1);
  }
  return nullptr;
}

std::string MetaValue::as_text() const {
  switch (kind) {
    case Kind::Null:
    case Kind::Map:
      return {};
    case Kind::List: {
      std::string out;
      for (const auto& item : list) {
        if (!out.empty()) out += ", ";
        out += item.as_text();
      }
      return out;
    }
    default:
      return scalar;
  }
}

namespace {
void append_plain(const Inlines& inlines, std::string& out) {
  for (const auto& in : inlines) {
    std::visit(overloaded{[&](const Text& t) { out += t.text; }, [&](const Code& c) { out += c.text; },
                          [&](const SoftBreak&) { out += ' '; }, [&](const LineBreak&) { out += ' '; },
                          [&](const FootnoteRef&) {}, [&](const InlineImage& i) { append_plain(i.alt, out); },
                          [&](const Cite& c) { append_plain(cite_fallback(c), out); },
                          [&](const auto& wrapper) { append_plain(wrapper.content, out); }},
               in.node);
  }
}
}  // namespace

std::string plain_text(const Inlines& inlines) {
  std::string out;
  append_plain(inlines, out);
  return out;
}

const char* kind_name(const Block& block) {
  static constexpr const char* names[] = {"paragraph", "heading",    "bullet-list", "ordered-list",
                                          "quote",     "code",       "table",       "thematic-break",
                                          "image",     "page-break", "footnote",    "div"};
  return names[block.node.index()];
}

namespace {
const std::string* find_attribute(const std::vector<std::pair<std::string, std::string>>& attributes,
                                  std::string_view key) {
  for (const auto& [k, v] : attributes)
    if (k == key) return &v;
  return nullptr;
}
}  // namespace

const std::string* Div::attribute(std::string_view key) const { return find_attribute(attributes, key); }

const std::string* Span::attribute(std::string_view key) const { return find_attribute(attributes, key); }

bool Div::has_class(std::string_view name) const {
  for (const auto& c : classes)
    if (c == name) return true;
  return false;
}

const std::string* Image::attribute(std::string_view key) const { return find_attribute(attributes, key); }

bool Image::has_class(std::string_view name) const {
  for (const auto& c : classes)
    if (c == name) return true;
  return false;
}

const char* kind_name(const Inline& in) {
  static constexpr const char* names[] = {"text",  "emph",     "strong",     "strike",     "code", "link",
                                          "image", "footnote", "soft-break", "line-break", "span", "cite"};
  return names[in.node.index()];
}

namespace {

void append_text(Inlines& out, std::string text) {
  if (text.empty()) return;
  if (!out.empty())
    if (auto* last = std::get_if<Text>(&out.back().node)) {
      last->text += text;
      return;
    }
  out.push_back({Text{std::move(text)}});
}

void append_all(Inlines& out, const Inlines& more) {
  for (const auto& in : more) {
    if (const auto* t = std::get_if<Text>(&in.node))
      append_text(out, t->text);
    else
      out.push_back(in);
  }
}

// "p. 33, and elsewhere" or ", and elsewhere": what follows the key.
void append_locator_and_suffix(Inlines& out, const Citation& c) {
  if (!c.locator.empty()) append_text(out, ", " + locator_text(c.label, c.locator));
  append_all(out, c.suffix);
}

}  // namespace

bool is_cross_reference(std::string_view key) {
  for (std::string_view prefix : {"fig:", "tbl:", "sec:", "eq:"})
    if (key.substr(0, prefix.size()) == prefix) return true;
  return false;
}

Inlines cite_fallback(const Cite& cite) {
  Inlines out;
  if (cite.items.empty()) return out;
  // Cross-references compose did not resolve stay as written.
  if (std::all_of(cite.items.begin(), cite.items.end(), [](const Citation& c) { return is_cross_reference(c.key); })) {
    std::string written;
    for (const auto& c : cite.items)
      written += std::string(written.empty() ? "" : "; ") + (c.mode == CiteMode::SuppressAuthor ? "-@" : "@") + c.key;
    append_text(out, cite.items.size() > 1 || cite.items.front().mode != CiteMode::AuthorInText ? "[" + written + "]"
                                                                                                : written);
    return out;
  }
  const Citation& first = cite.items.front();
  if (first.mode == CiteMode::AuthorInText && cite.items.size() == 1) {
    append_text(out, first.key);
    Inlines rest;
    append_locator_and_suffix(rest, first);
    // The locator and suffix go in parentheses after the key, without the comma that joined them.
    if (auto* t = rest.empty() ? nullptr : std::get_if<Text>(&rest.front().node))
      t->text.erase(0, t->text.find_first_not_of(", "));
    if (!rest.empty()) {
      append_text(out, " (");
      append_all(out, rest);
      append_text(out, ")");
    }
    return out;
  }
  append_text(out, "(");
  for (std::size_t i = 0; i < cite.items.size(); ++i) {
    const Citation& c = cite.items[i];
    if (i > 0) append_text(out, "; ");
    append_all(out, c.prefix);
    if (!c.prefix.empty()) append_text(out, " ");
    append_text(out, c.key);
    append_locator_and_suffix(out, c);
  }
  append_text(out, ")");
  return out;
}

std::string source_file(const Document& doc) {
  auto usable = [](const SourcePos& pos) { return pos.known() && !pos.file.empty() && pos.file.front() != '<'; };
  for (const auto& b : doc.blocks)
    if (usable(b.pos)) return b.pos.file;
  return usable(doc.meta.pos) ? doc.meta.pos.file : std::string();
}

}  // namespace quire::model
