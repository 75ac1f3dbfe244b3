#include "quire/compose/fields.hpp"

#include <optional>

#include "quire/compose/format.hpp"
#include "quire/model/overloaded.hpp"

namespace quire::compose {

using namespace quire::model;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// ---- Tags

struct Filter {
  std::string name;
  std::vector<std::string> args;
};

struct Tag {
  enum Kind { Var, Open, Inverted, Close, Comment, Partial } kind = Var;
  std::string name;
  std::vector<Filter> filters;
  std::string raw;  // the tag as written, "{{…}}"
};

// Splits "a | date \"long\" | upper" at pipes outside quotes, and each part into words.
// Markdown's smart punctuation turns `date "long"` into `date “long”`: read curly double quotes as straight.
std::string straighten_quotes(std::string_view body) {
  std::string out(body);
  for (const char* curly : {"\u201c", "\u201d"})
    for (auto at = out.find(curly); at != std::string::npos; at = out.find(curly, at)) out.replace(at, 3, "\"");
  return out;
}

std::vector<std::vector<std::string>> split_pipes(std::string_view raw_body, std::string& error) {
  const std::string straight = straighten_quotes(raw_body);
  const std::string_view body = straight;
  std::vector<std::vector<std::string>> parts(1);
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '"') {
      auto end = body.find('"', i + 1);
      if (end == std::string_view::npos) {
        error = "unclosed '\"' in field";
        return {};
      }
      word += body.substr(i + 1, end - i - 1);
      in_word = true;
      i = end;
    } else if (c == '|' || c == ' ' || c == '\t' || c == '\n') {
      if (in_word) parts.back().push_back(word);
      word.clear();
      in_word = false;
      if (c == '|') parts.emplace_back();
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) parts.back().push_back(word);
  return parts;
}

std::optional<Tag> parse_tag(std::string_view inner, std::string raw, std::string& error) {
  Tag tag;
  tag.raw = std::move(raw);
  inner = trim(inner);
  if (inner.starts_with("{") && inner.ends_with("}")) inner = trim(inner.substr(1, inner.size() - 2));  // {{{x}}}
  if (!inner.empty()) {
    switch (inner[0]) {
      case '#':
        tag.kind = Tag::Open;
        break;
      case '^':
        tag.kind = Tag::Inverted;
        break;
      case '/':
        tag.kind = Tag::Close;
        break;
      case '!':
        tag.kind = Tag::Comment;
        return tag;
      case '>':
        tag.kind = Tag::Partial;
        break;
      case '&':
        tag.kind = Tag::Var;
        break;
      default:
        break;
    }
    if (inner[0] == '#' || inner[0] == '^' || inner[0] == '/' || inner[0] == '>' || inner[0] == '&')
      inner = trim(inner.substr(1));
  }
  if (tag.kind == Tag::Partial) {
    tag.name = std::string(inner);
    return tag;
  }
  auto parts = split_pipes(inner, error);
  if (!error.empty()) return std::nullopt;
  if (parts.empty() || parts[0].size() != 1) {
    error = "field '" + tag.raw + "' needs one name";
    return std::nullopt;
  }
  tag.name = parts[0][0];
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].empty()) {
      error = "empty formatter after '|' in '" + tag.raw + "'";
      return std::nullopt;
    }
    if (tag.kind != Tag::Var) {
      error = "formatters only apply to values, not to '" + tag.raw + "'";
      return std::nullopt;
    }
    tag.filters.push_back({parts[i][0], {parts[i].begin() + 1, parts[i].end()}});
  }
  return tag;
}

// ---- Token trees: literal text, tags and opaque items (inlines or blocks handled recursively).

struct Token {
  std::string literal;
  std::optional<Tag> tag;
  int opaque = -1;
};

struct Node {
  enum Kind { Literal, Var, Section, Opaque } kind = Literal;
  std::string text;
  Tag tag;
  int opaque = -1;
  std::vector<Node> children;
};

// Appends the literal text and tags of `text` as tokens. Returns false (and reports) on a broken tag.
bool tokenize(const std::string& text, std::vector<Token>& out, const SourcePos& pos, Diagnostics& diags,
              const std::string& only_prefix) {
  std::size_t at = 0;
  while (at < text.size()) {
    auto open = text.find("{{", at);
    if (open == std::string::npos) break;
    bool triple = text.compare(open, 3, "{{{") == 0;
    auto close = text.find(triple ? "}}}" : "}}", open + 2);
    if (close == std::string::npos) {
      if (!only_prefix.empty()) break;  // the fields stage reports it
      diags.error(pos, "'{{' without a closing '}}'");
      return false;
    }
    close += triple ? 3 : 2;
    if (open > at) out.push_back({text.substr(at, open - at), std::nullopt, -1});
    std::string raw = text.substr(open, close - open);
    std::string error;
    auto tag = parse_tag(std::string_view(raw).substr(2, raw.size() - 4), raw, error);
    if (!only_prefix.empty() && (!tag || tag->kind == Tag::Comment || !tag->name.starts_with(only_prefix))) {
      out.push_back({raw, std::nullopt, -1});  // another stage's tag: kept as written
      at = close;
      continue;
    }
    if (!tag) {
      diags.error(pos, error);
      return false;
    }
    out.push_back({{}, std::move(tag), -1});
    at = close;
  }
  if (at < text.size()) out.push_back({text.substr(at), std::nullopt, -1});
  return true;
}

bool build_tree(const std::vector<Token>& tokens, std::vector<Node>& root, const SourcePos& pos, const char* where,
                Diagnostics& diags) {
  std::vector<std::vector<Node>*> stack{&root};
  std::vector<std::string> open_names;
  for (const auto& t : tokens) {
    auto& out = *stack.back();
    if (t.opaque >= 0) {
      Node n;
      n.kind = Node::Opaque;
      n.opaque = t.opaque;
      out.push_back(std::move(n));
    } else if (!t.tag) {
      out.push_back({Node::Literal, t.literal, {}, -1, {}});
    } else if (t.tag->kind == Tag::Comment) {
      continue;
    } else if (t.tag->kind == Tag::Partial) {
      diags.error(pos, "include '" + t.tag->raw + "' must be a paragraph of its own");
      return false;
    } else if (t.tag->kind == Tag::Close) {
      if (open_names.empty() || open_names.back() != t.tag->name) {
        diags.error(pos, open_names.empty()
                             ? "'" + t.tag->raw + "' closes no section" + where
                             : "'" + t.tag->raw + "' closes section '" + open_names.back() + "'" + where);
        return false;
      }
      open_names.pop_back();
      stack.pop_back();
    } else if (t.tag->kind == Tag::Var) {
      Node n;
      n.kind = Node::Var;
      n.tag = *t.tag;
      out.push_back(std::move(n));
    } else {
      Node n;
      n.kind = Node::Section;
      n.tag = *t.tag;
      out.push_back(std::move(n));
      stack.push_back(&out.back().children);
      open_names.push_back(t.tag->name);
    }
  }
  if (!open_names.empty()) {
    diags.error(pos, "section '" + open_names.back() + "' is not closed" + where);
    return false;
  }
  return true;
}

// ---- Values

bool truthy(const MetaValue* v) {
  if (!v) return false;
  switch (v->kind) {
    case MetaValue::Kind::Null:
      return false;
    case MetaValue::Kind::Bool:
      return v->scalar == "true";
    case MetaValue::Kind::String:
      return !v->scalar.empty();
    case MetaValue::Kind::List:
      return !v->list.empty();
    default:
      return true;
  }
}

class Expander {
 public:
  Expander(std::vector<const MetaValue*> scopes, const FieldSettings& settings, Diagnostics& diags)
      : scopes_(std::move(scopes)), settings_(settings), diags_(diags) {
    const MetaValue& meta = *scopes_.front();
    const MetaValue* lang = meta.find("lang");
    if (!lang || !lang->is_scalar()) lang = meta.find_path("style.lang");
    locale_ = locale_from_tag(lang && lang->is_scalar() ? lang->scalar : "en-US");
    if (const MetaValue* c = meta.find("currency"); c && c->is_scalar()) currency_ = c->scalar;
  }

  void set_root(const MetaValue* meta) { scopes_.front() = meta; }

  // A string (metadata, URL): fields expand to text, line breaks stay newlines.
  void string(std::string& text, const SourcePos& pos) {
    if (!has_fields(text)) return;
    Inlines list{Inline{Text{text}}};
    inlines(list, pos);
    std::string out;
    for (const auto& in : list) {
      if (const auto* t = std::get_if<Text>(&in.node)) out += t->text;
      if (std::get_if<LineBreak>(&in.node)) out += '\n';
    }
    text = std::move(out);
  }

  void inlines(Inlines& list, const SourcePos& pos) {
    if (!any_fields(list)) return;
    std::vector<Token> tokens;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (const auto* t = std::get_if<Text>(&list[i].node)) {
        if (!tokenize(t->text, tokens, pos, diags_, settings_.only_prefix)) return;
      } else {
        tokens.push_back({{}, std::nullopt, int(i)});
      }
    }
    std::vector<Node> tree;
    if (!build_tree(tokens, tree, pos, " (a section opens and closes in the same paragraph)", diags_)) return;
    Inlines out;
    render_inlines(tree, list, out, pos);
    list = std::move(out);
  }

  void blocks(Blocks& list) {
    std::vector<Token> tokens;
    bool tags = false;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (auto tag = block_tag(list[i]); tag && tag->name.starts_with(settings_.only_prefix)) {
        tokens.push_back({{}, std::move(tag), -1});
        tags = true;
      } else {
        tokens.push_back({{}, std::nullopt, int(i)});
      }
    }
    if (!tags) {
      for (auto& b : list) block(b);
      return;
    }
    std::vector<Node> tree;
    SourcePos pos = list.empty() ? SourcePos{} : where(list.front());
    // Report an unbalanced block tag at the tag itself.
    for (const auto& b : list)
      if (auto tag = block_tag(b); tag && tag->name.starts_with(settings_.only_prefix)) {
        pos = where(b);
        break;
      }
    if (!build_tree(tokens, tree, pos, " (block sections are paragraphs of their own, in the same list of blocks)",
                    diags_))
      return;
    Blocks out;
    render_blocks(tree, list, out);
    list = std::move(out);
  }

 private:
  static bool any_fields(const Inlines& list) {
    for (const auto& in : list) {
      bool found =
          std::visit(overloaded{[](const Text& t) { return has_fields(t.text); },
                                [](const Link& l) { return has_fields(l.url) || any_fields(l.content); },
                                [](const InlineImage& i) { return has_fields(i.url) || any_fields(i.alt); },
                                [](const Emph& e) { return any_fields(e.content); },
                                [](const Strong& s) { return any_fields(s.content); },
                                [](const Strike& s) { return any_fields(s.content); },
                                [](const model::Span& s) { return any_fields(s.content); },
                                [](const model::Cite& c) {
                                  bool any = false;
                                  model::for_each_part(c, [&](const Inlines& part) { any = any || any_fields(part); });
                                  return any;
                                },
                                [](const auto&) { return false; }},
                     in.node);
      if (found) return true;
    }
    return false;
  }

  // A paragraph that is exactly one section tag ({{#x}}, {{^x}}, {{/x}}) is a block-level tag.
  static std::optional<Tag> block_tag(const Block& b) {
    const auto* p = std::get_if<Paragraph>(&b.node);
    if (!p || p->content.size() != 1) return std::nullopt;
    const auto* t = std::get_if<Text>(&p->content[0].node);
    if (!t) return std::nullopt;
    auto s = trim(t->text);
    if (!s.starts_with("{{") || !s.ends_with("}}") || s.find("{{", 2) != std::string_view::npos) return std::nullopt;
    std::string error;
    auto tag = parse_tag(s.substr(2, s.size() - 4), std::string(s), error);
    if (!tag || (tag->kind != Tag::Open && tag->kind != Tag::Inverted && tag->kind != Tag::Close)) return std::nullopt;
    return tag;
  }

  const MetaValue* lookup(std::string_view name) const {
    if (name == ".") return scopes_.back();
    if (name.starts_with("meta.")) return scopes_.front()->find_path(name.substr(5));
    auto dot = name.find('.');
    std::string_view first = name.substr(0, dot);
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      const MetaValue* found = (*it)->find(first);
      if (!found) continue;
      return dot == std::string_view::npos ? found : found->find_path(name.substr(dot + 1));
    }
    return nullptr;
  }

  bool budget(std::size_t n, const SourcePos& pos) {
    output_ += n;
    if (output_ <= settings_.max_output) return true;
    if (!over_) diags_.error(pos, "fields expand to more than " + std::to_string(settings_.max_output >> 20) + " MB");
    over_ = true;
    return false;
  }

  std::string value(const Tag& tag, const SourcePos& pos) {
    const MetaValue* v = lookup(tag.name);
    bool missing = !v || v->kind == MetaValue::Kind::Null;
    if (!missing && v->kind == MetaValue::Kind::Map) {
      diags_.error(pos, "field '" + tag.name + "' is a map, not a value");
      return {};
    }
    std::string text = missing ? std::string() : v->as_text();
    for (const auto& f : tag.filters) {
      auto r = apply_formatter(f.name, f.args, text, missing, locale_, currency_);
      if (!r.error.empty()) {
        diags_.error(pos, "field '" + tag.name + "': " + r.error);
        return {};
      }
      if (f.name == "default") missing = false;
      text = std::move(r.text);
    }
    if (missing && !settings_.allow_missing) {
      std::string path = tag.name.starts_with("meta.") ? tag.name.substr(5) : tag.name;
      diags_.error(pos, "field '" + tag.name + "' has no value",
                   "set it in the front matter, with --set " + path + "=…, or give a default: {{" + tag.name +
                       " | default \"…\"}}");
    }
    return text;
  }

  template <class Each>
  void section(const Node& n, Each each) {
    // {{#items?}}: once when items is non-empty, without entering it (a list is not repeated).
    if (n.tag.name.ends_with("?")) {
      bool yes = truthy(lookup(std::string_view(n.tag.name).substr(0, n.tag.name.size() - 1)));
      if (yes != (n.tag.kind == Tag::Inverted)) each();
      return;
    }
    const MetaValue* v = lookup(n.tag.name);
    if (n.tag.kind == Tag::Inverted) {
      if (!truthy(v)) each();
      return;
    }
    if (!truthy(v)) return;
    if (v->kind == MetaValue::Kind::List) {
      for (const auto& item : v->list) {
        if (over_) return;
        scopes_.push_back(&item);
        each();
        scopes_.pop_back();
      }
      return;
    }
    scopes_.push_back(v);
    each();
    scopes_.pop_back();
  }

  static void append_text(Inlines& out, std::string_view text) {
    if (text.empty()) return;
    if (!out.empty())
      if (auto* t = std::get_if<Text>(&out.back().node)) {
        t->text += text;
        return;
      }
    out.push_back(Inline{Text{std::string(text)}});
  }

  // A value's newlines become line breaks: an address from data keeps its lines.
  static void append_value(Inlines& out, std::string_view text) {
    std::size_t at = 0;
    while (true) {
      auto nl = text.find('\n', at);
      std::string_view line = text.substr(at, nl == std::string_view::npos ? nl : nl - at);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      append_text(out, line);
      if (nl == std::string_view::npos) break;
      out.push_back(Inline{LineBreak{}});
      at = nl + 1;
    }
  }

  void render_inlines(const std::vector<Node>& nodes, const Inlines& source, Inlines& out, const SourcePos& pos) {
    for (const auto& n : nodes) {
      if (over_) return;
      switch (n.kind) {
        case Node::Literal:
          if (budget(n.text.size(), pos)) append_text(out, n.text);
          break;
        case Node::Var: {
          std::string v = value(n.tag, pos);
          if (budget(v.size(), pos)) append_value(out, v);
          break;
        }
        case Node::Opaque: {
          Inline copy = source[n.opaque];
          inside(copy, pos);
          if (budget(16, pos)) out.push_back(std::move(copy));
          break;
        }
        case Node::Section:
          section(n, [&] { render_inlines(n.children, source, out, pos); });
          break;
      }
    }
  }

  void inside(Inline& in, const SourcePos& pos) {
    std::visit(overloaded{[&](Link& l) {
                            string(l.url, pos);
                            inlines(l.content, pos);
                          },
                          [&](InlineImage& i) {
                            string(i.url, pos);
                            inlines(i.alt, pos);
                          },
                          [&](Emph& e) { inlines(e.content, pos); }, [&](Strong& s) { inlines(s.content, pos); },
                          [&](Strike& s) { inlines(s.content, pos); }, [&](model::Span& s) { inlines(s.content, pos); },
                          [&](model::Cite& c) { model::for_each_part(c, [&](Inlines& part) { inlines(part, pos); }); },
                          [&](auto&) {}},
               in.node);
  }

  void render_blocks(const std::vector<Node>& nodes, const Blocks& source, Blocks& out) {
    for (const auto& n : nodes) {
      if (over_) return;
      if (n.kind == Node::Opaque) {
        Block copy = source[n.opaque];
        block(copy);
        out.push_back(std::move(copy));
      } else if (n.kind == Node::Section) {
        section(n, [&] { render_blocks(n.children, source, out); });
      }
    }
  }

  void items(std::vector<ListItem>& list) {
    for (auto& item : list) blocks(item.blocks);
  }

  void block(Block& b) {
    const SourcePos& pos = where(b);
    std::visit(overloaded{
                   [&](Paragraph& p) { inlines(p.content, pos); },
                   [&](Heading& h) { inlines(h.content, pos); },
                   [&](BulletList& l) { items(l.items); },
                   [&](OrderedList& l) { items(l.items); },
                   [&](BlockQuote& q) { blocks(q.blocks); },
                   [&](FootnoteDef& f) { blocks(f.blocks); },
                   [&](Div& d) { blocks(d.blocks); },
                   [&](Image& i) {
                     string(i.url, pos);
                     inlines(i.caption, pos);
                   },
                   [&](Table& t) {
                     inlines(t.caption, pos);
                     for (auto& cell : t.header) inlines(cell, pos);
                     for (auto& row : t.rows)
                       for (auto& cell : row) inlines(cell, pos);
                   },
                   [&](auto&) {},
               },
               b.node);
  }

  std::vector<const MetaValue*> scopes_;
  const FieldSettings& settings_;
  Diagnostics& diags_;
  Locale locale_ = Locale::EnUS;
  std::string currency_;
  std::size_t output_ = 0;
  bool over_ = false;
};

void expand_meta(MetaValue& value, Expander& ex) {
  if (value.kind == MetaValue::Kind::String) ex.string(value.scalar, value.pos);
  for (auto& item : value.list) expand_meta(item, ex);
  for (auto& [key, item] : value.map) expand_meta(item, ex);
}

}  // namespace

void expand_fields(Document& doc, std::vector<const MetaValue*> scopes, const FieldSettings& settings,
                   Diagnostics& diags) {
  static const MetaValue empty;
  if (scopes.empty()) scopes.push_back(&empty);
  Expander ex(scopes, settings, diags);
  expand_meta(doc.meta, ex);
  if (settings.only_prefix.empty()) ex.set_root(&doc.meta);
  ex.blocks(doc.blocks);
}

}  // namespace quire::compose
