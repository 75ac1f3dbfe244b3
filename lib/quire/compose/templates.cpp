#include "quire/compose/templates.hpp"

#include <cctype>
#include <filesystem>
#include <set>

#include "quire/compose/letter.hpp"
#include "quire/io/file.hpp"
#include "quire/markdown/reader.hpp"
#include "quire/yaml/document_yaml.hpp"

namespace quire::compose {

using namespace quire::model;
namespace fs = std::filesystem;

namespace {

constexpr int kMaxExtends = 16;

const BuiltinTemplate* find_builtin(std::string_view name) {
  for (const auto& t : builtin_templates())
    if (name == t.name) return &t;
  return nullptr;
}

std::string builtin_names() {
  std::string out;
  for (const auto& t : builtin_templates()) out += (out.empty() ? "" : ", ") + std::string(t.name);
  return out;
}

// Image paths a user template names are relative to the template's own folder; made absolute, they
// mean the same file wherever the document (and layout, which reads them) is.
void resolve_paths(MetaValue& meta, const fs::path& dir) {
  for (const char* key : {"letterhead.logo", "logo", "signature.image"}) {
    std::string_view path = key;
    MetaValue* node = &meta;
    while (node && !path.empty()) {
      auto dot = path.find('.');
      node = node->find(path.substr(0, dot));
      path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    }
    if (node && node->kind == MetaValue::Kind::String && !node->scalar.empty() &&
        node->scalar.find("{{") == std::string::npos && fs::path(node->scalar).is_relative())
      node->scalar = fs::absolute(dir / node->scalar).lexically_normal().string();
  }
}

class Loader {
 public:
  Loader(Diagnostics& diags, const io::Confinement& confine) : diags_(diags), confine_(confine) {}

  bool load(const std::string& ref, const fs::path& base, Template& out, int depth, const SourcePos& at) {
    std::string text, origin, identity;
    fs::path dir;
    bool builtin = false;
    if (const auto* b = find_builtin(ref); b && ref.find('/') == std::string::npos && !ref.ends_with(".yaml")) {
      text = b->text;
      origin = "<template " + ref + ">";
      identity = "builtin:" + ref;
      builtin = true;
    } else if (ref.ends_with(".yaml") || ref.ends_with(".yml") || ref.find('/') != std::string::npos) {
      fs::path path = fs::path(ref).is_relative() ? base / ref : fs::path(ref);
      path = path.lexically_normal();
      if (auto why = confine_.violation(path.string(), ref)) {
        diags_.error(at, "template " + *why);
        return false;
      }
      text = io::read_file(path.string(), 1u << 20);  // throws Error(Io) when unreadable
      origin = path.string();
      std::error_code ec;
      auto canonical = fs::weakly_canonical(path, ec);
      identity = ec ? path.string() : canonical.string();
      dir = path.parent_path();
    } else {
      throw Error(ErrorKind::Usage, "unknown template '" + ref + "' (built in: " + builtin_names() +
                                        "; a file needs a .yaml name or a path)");
    }
    if (depth > kMaxExtends || seen_.count(identity)) {
      diags_.error({origin, 1, 1}, "template '" + ref + "' extends itself (through 'extends:')");
      return false;
    }
    seen_.insert(identity);
    int errors = diags_.error_count();
    MetaValue spec = yaml::read_meta(text, origin, 1, diags_);
    if (diags_.error_count() > errors) return false;
    Template parent;
    bool has_parent = false;
    for (const auto& [key, value] : spec.map) {
      if (key == "quire-template") {
        if (value.scalar != "1") diags_.error(value.pos, "template version must be 1");
      } else if (key == "extends") {
        if (value.kind != MetaValue::Kind::String) {
          diags_.error(value.pos, "'extends' must name a template");
          return false;
        }
        if (!load(value.scalar, builtin ? base : dir, parent, depth + 1, value.pos)) return false;
        has_parent = true;
      } else if (key == "meta") {
        if (value.kind != MetaValue::Kind::Map) diags_.error(value.pos, "'meta' must be a map");
      } else if (key == "before" || key == "after") {
        if (value.kind != MetaValue::Kind::String && value.kind != MetaValue::Kind::Null)
          diags_.error(value.pos, "'" + key + "' must be Markdown text");
      } else {
        diags_.error(value.pos, "unknown template key '" + key + "'",
                     "known: quire-template, extends, meta, before, after");
      }
    }
    if (diags_.error_count() > errors) return false;
    out = has_parent ? parent : Template{};
    out.name = builtin ? ref : origin;
    if (const auto* meta = spec.find("meta")) {
      MetaValue own = *meta;
      if (!builtin) resolve_paths(own, dir);
      out.meta = deep_merge(out.meta, own);
    }
    if (const auto* b = spec.find("before"); b && b->kind == MetaValue::Kind::String) {
      out.before = b->scalar;
      out.before_origin = origin;
    }
    if (const auto* a = spec.find("after"); a && a->kind == MetaValue::Kind::String) {
      out.after = a->scalar;
      out.after_origin = origin;
    }
    return true;
  }

 private:
  Diagnostics& diags_;
  const io::Confinement& confine_;
  std::set<std::string> seen_;
};

Blocks markdown_blocks(const std::string& text, const std::string& origin, Diagnostics& diags) {
  if (text.empty()) return {};
  return markdown::read_markdown(text, origin, diags).blocks;
}

}  // namespace

MetaValue deep_merge(MetaValue into, const MetaValue& over) {
  if (into.kind != MetaValue::Kind::Map || over.kind != MetaValue::Kind::Map) return over;
  for (const auto& [key, value] : over.map) {
    if (MetaValue* mine = into.find(key))
      *mine = deep_merge(std::move(*mine), value);
    else
      into.set(key, value);
  }
  return into;
}

Template load_template(const std::string& name_or_file, Diagnostics& diags, const fs::path& base,
                       const io::Confinement& confine, const SourcePos& named_at) {
  Template t;
  Loader loader(diags, confine);
  if (!loader.load(name_or_file, base, t, 0, named_at)) return Template{};
  return t;
}

namespace {

bool is_letter(const MetaValue& meta) {
  const MetaValue* cls = meta.find("documentclass");
  if (!cls || !cls->is_scalar()) return false;
  std::string name = cls->scalar;
  for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
  return name == "letter";
}

// Whether the letter names its recipient: without one there is nothing to show through a window.
bool has_recipient(const MetaValue& meta) {
  const MetaValue* to = meta.find("to");
  if (!to) return false;
  if (to->is_scalar()) return !to->scalar.empty() && to->kind != MetaValue::Kind::Null;
  return to->kind == MetaValue::Kind::Map && !to->map.empty();
}

// A letter's salutation, closing and signature written in its text go where its frame prints them:
// taken from the text into the document's own metadata, before the template's defaults go under it.
void take_written_parts(Document& doc, const Template& t, Diagnostics& diags) {
  const MetaValue* own = doc.meta.find("documentclass");
  if (!(own ? is_letter(doc.meta) : is_letter(t.meta))) return;
  auto used = field_names(t.before + "\n" + t.after);
  LetterFrame frame{used.count("subject") > 0, used.count("opening") > 0, used.count("closing") > 0,
                    used.count("signature.name") > 0};
  WrittenLetter parts = take_letter_parts(doc.blocks, frame);
  set_letter_parts(doc.meta, parts, diags);
}

}  // namespace

bool letter_without_recipient(const MetaValue& meta) { return is_letter(meta) && !has_recipient(meta); }

void apply_letter_window(Document& doc, Diagnostics& diags) {
  MetaValue* w = doc.meta.find("letter-window");
  if (!w || !w->is_scalar() || w->scalar == "none") return;
  if (w->scalar == "auto") {  // the window that fits the paper: #10 on US sizes, DIN 5008 on the rest
    const MetaValue* paper = doc.meta.find("papersize");
    std::string name = paper && paper->is_scalar() ? paper->scalar : "";
    for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    w->scalar = name == "letter" || name == "legal" ? "us10" : "din5008";
  }
  struct Window {
    const char* name;
    const char* paper;
    const char *left, *top, *width, *height;
  };
  // DIN 5008 form B on A4. A #10 envelope (4⅛ × 9½ in) has its window (4½ × 1⅛ in) ⅞ in from the
  // left and ½ in from the bottom; a US Letter folded in thirds rests at the envelope's bottom, so the
  // window starts 2.042 in from the letter's top; 4 in of its width stay in view however the sheet
  // slides sideways.
  static const Window kWindows[] = {{"din5008", "a4", "20mm", "45mm", "85mm", "45mm"},
                                    {"us10", "letter", "0.875in", "2.042in", "4in", "1.125in"}};
  for (const auto& k : kWindows) {
    if (w->scalar != k.name) continue;
    if (!doc.meta.find("papersize")) doc.meta.set("papersize", MetaValue::string(k.paper));
    // No recipient, no empty field: page 1 closes up as with `letter-window: none`.
    if (!has_recipient(doc.meta)) return;
    MetaValue box;
    box.set("left", MetaValue::string(k.left));
    box.set("top", MetaValue::string(k.top));
    box.set("width", MetaValue::string(k.width));
    box.set("height", MetaValue::string(k.height));
    doc.meta.set("address-window", box);
    return;
  }
  diags.error(w->pos, "unknown letter-window '" + w->scalar + "' (auto, din5008, us10 or none)");
}

bool is_mailing_template(const Template& t) {
  const MetaValue* cls = t.meta.find("documentclass");
  std::string name = cls && cls->is_scalar() ? cls->scalar : "";
  return name == "envelope" || name == "labels";
}

void apply_template(Document& doc, const Template& t, Diagnostics& diags) {
  if (is_mailing_template(t)) {
    // An envelope or a label prints the document's addresses, not its text; its class is the
    // template's whatever the document's own (a letter's) says.
    doc.blocks.clear();
    doc.meta = doc.meta.kind == MetaValue::Kind::Map ? deep_merge(t.meta, doc.meta) : t.meta;
    doc.meta.set("documentclass", *t.meta.find("documentclass"));
    return;
  }
  take_written_parts(doc, t, diags);
  if (t.meta.kind == MetaValue::Kind::Map)
    doc.meta = doc.meta.kind == MetaValue::Kind::Map ? deep_merge(t.meta, doc.meta) : t.meta;
  apply_letter_window(doc, diags);
  if (is_letter(doc.meta)) set_letter_labels(doc.meta, diags);
  Blocks blocks = markdown_blocks(t.before, t.before_origin, diags);
  for (auto& b : doc.blocks) blocks.push_back(std::move(b));
  for (auto& b : markdown_blocks(t.after, t.after_origin, diags)) blocks.push_back(std::move(b));
  doc.blocks = std::move(blocks);
}

}  // namespace quire::compose
