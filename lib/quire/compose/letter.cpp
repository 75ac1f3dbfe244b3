#include "quire/compose/letter.hpp"

#include <algorithm>
#include <cctype>

#include "quire/model/utf8.hpp"

namespace quire::compose {

using namespace quire::model;

namespace {

// "Short" in characters (code points), whatever the script: a salutation fits one line of a letter
// (120 also admits "Dear donors of … and friends of the international community,"), a closing is a
// phrase, and a signature line is a name, a title or a date.
constexpr std::size_t kOpeningChars = 120, kClosingChars = 60, kSignatureChars = 80;
constexpr std::size_t kSignatureLines = 5;

std::size_t length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) next_char(s, i);
  return n;
}

std::string trimmed(std::string s) {
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.back())) s.pop_back();
  std::size_t from = 0;
  while (from < s.size() && space(s[from])) ++from;
  return s.substr(from);
}

// Ends in a comma (or, with `colon`, a colon): ASCII, or the full-width forms CJK text uses.
bool ends_with_mark(const std::string& s, bool colon) {
  if (s.ends_with(",") || s.ends_with("\uFF0C")) return true;
  return colon && (s.ends_with(":") || s.ends_with("\uFF1A"));
}

// A paragraph's lines, split at its soft and hard breaks; nested breaks read as spaces.
std::vector<std::string> lines_of(const Paragraph& p) {
  std::vector<std::string> lines(1);
  for (const auto& in : p.content) {
    if (std::holds_alternative<SoftBreak>(in.node) || std::holds_alternative<LineBreak>(in.node))
      lines.emplace_back();
    else
      lines.back() += plain_text(Inlines{in});
  }
  for (auto& line : lines) line = trimmed(line);
  std::erase(lines, std::string{});
  return lines;
}

bool has_line_break(const Paragraph& p) {
  return std::any_of(p.content.begin(), p.content.end(),
                     [](const Inline& in) { return std::holds_alternative<LineBreak>(in.node); });
}

SourcePos line_pos(const Block& b, int k) {
  SourcePos pos = where(b);
  if (pos.known()) pos.line += k;
  return pos;
}

// Whether blocks[i] is a salutation.
bool is_opening(const Blocks& blocks, std::size_t i) {
  const auto* p = i < blocks.size() ? std::get_if<Paragraph>(&blocks[i].node) : nullptr;
  if (!p || has_line_break(*p)) return false;
  std::string text = trimmed(plain_text(p->content));
  if (text.empty() || length(text) > kOpeningChars || !ends_with_mark(text, true)) return false;
  // "Our three requests:" before a list introduces it; a salutation is followed by text.
  if (i + 1 < blocks.size()) {
    const auto& next = blocks[i + 1].node;
    if (std::holds_alternative<BulletList>(next) || std::holds_alternative<OrderedList>(next)) return false;
  }
  return true;
}

// A line of the trailing run: the paragraph it is in and its place there.
struct Line {
  std::size_t block;
  int index;
  std::string text;
};

// The short lines at the end of `blocks` (after `from`), in order; footnote definitions are skipped.
std::vector<Line> trailing_lines(const Blocks& blocks, std::size_t from) {
  std::vector<Line> run;
  for (std::size_t i = blocks.size(); i > from; --i) {
    const Block& b = blocks[i - 1];
    if (std::holds_alternative<FootnoteDef>(b.node)) continue;
    const auto* p = std::get_if<Paragraph>(&b.node);
    if (!p) break;
    auto lines = lines_of(*p);
    bool short_lines =
        !lines.empty() && lines.size() <= kSignatureLines + 1 &&
        std::all_of(lines.begin(), lines.end(), [](const std::string& l) { return length(l) <= kSignatureChars; });
    if (!short_lines) break;
    std::vector<Line> mine;
    for (int k = 0; k < int(lines.size()); ++k) mine.push_back({i - 1, k, lines[std::size_t(k)]});
    run.insert(run.begin(), mine.begin(), mine.end());
    if (run.size() > kSignatureLines + 1) break;  // enough: a closing further up would carry too many
  }
  return run;
}

// The closing among the trailing lines: the first that starts a paragraph, ends in a comma and has no
// more than kSignatureLines lines after it.
std::optional<std::size_t> closing_in(const std::vector<Line>& run) {
  for (std::size_t k = 0; k < run.size(); ++k) {
    if (run[k].index != 0 || length(run[k].text) > kClosingChars || !ends_with_mark(run[k].text, false)) continue;
    if (run.size() - k - 1 <= kSignatureLines) return k;
  }
  return std::nullopt;
}

void take_closing(Blocks& blocks, std::size_t from, const LetterFrame& frame, WrittenLetter& out) {
  auto run = trailing_lines(blocks, from);
  auto k = closing_in(run);
  if (!k) return;
  // Signature lines the frame would not print stay in the text, and with them the closing above them.
  if (run.size() > *k + 1 && !frame.signature) return;
  out.closing = WrittenPart{run[*k].text, line_pos(blocks[run[*k].block], 0)};
  for (std::size_t j = *k + 1; j < run.size(); ++j)
    out.signature.push_back({run[j].text, line_pos(blocks[run[j].block], run[j].index)});
  blocks.erase(blocks.begin() + std::ptrdiff_t(run[*k].block), blocks.begin() + std::ptrdiff_t(run.back().block) + 1);
}

void warn_repeat(Diagnostics& diags, const SourcePos& pos, const std::string& what, const std::string& key) {
  Diagnostic d;
  d.severity = Severity::Warning;
  d.pos = pos;
  d.message =
      "the letter's " + what + " is set by '" + key + ":' in the front matter; this text repeats it and is left out";
  d.hint = "remove '" + key + ":' to print the text's own " + what + ", or remove it from the text";
  d.rule = "letter-part";
  diags.add(std::move(d));
}

MetaValue text_value(const WrittenPart& part) {
  MetaValue v = MetaValue::string(part.text);
  v.pos = part.pos;
  return v;
}

// A signature line without the comma some writers end the name with ("Ji-won Han,").
WrittenPart without_comma(WrittenPart part) {
  if (part.text.ends_with(",")) part.text = trimmed(part.text.substr(0, part.text.size() - 1));
  return part;
}

bool has_digit(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

// name, title (the middle lines, one per line) and date (the last line when it holds a digit). Every key
// is set, "" when absent, so that a template's signature does not mix its title into the text's.
MetaValue signature_value(const std::vector<WrittenPart>& lines) {
  std::vector<WrittenPart> parts;
  for (const auto& l : lines) parts.push_back(without_comma(l));
  WrittenPart date{"", parts.front().pos};
  if (parts.size() >= 2 && has_digit(parts.back().text)) {
    date = parts.back();
    parts.pop_back();
  }
  WrittenPart title{"", parts.size() > 1 ? parts[1].pos : parts.front().pos};
  for (std::size_t k = 1; k < parts.size(); ++k) title.text += (k > 1 ? "\n" : "") + parts[k].text;
  MetaValue sig;
  sig.set("name", text_value(parts.front()));
  sig.set("title", text_value(title));
  sig.set("date", text_value(date));
  return sig;
}

bool is_set(const MetaValue* v) {
  if (!v) return false;
  if (v->kind == MetaValue::Kind::Map) return !v->map.empty();
  return v->kind != MetaValue::Kind::Null;
}

void set_part(MetaValue& meta, const std::optional<WrittenPart>& part, const char* key, const char* what,
              Diagnostics& diags) {
  if (!part) return;
  if (is_set(meta.find(key)))
    warn_repeat(diags, part->pos, what, key);
  else
    meta.set(key, text_value(*part));
}

// The front matter's `signature:` wins when it names someone; an image alone keeps the text's lines.
void set_signature(MetaValue& meta, const std::vector<WrittenPart>& lines, Diagnostics& diags) {
  if (lines.empty()) return;
  MetaValue* own = meta.find("signature");
  bool map = own && own->kind == MetaValue::Kind::Map;
  if (map ? own->find("name") || own->find("title") : is_set(own)) {
    warn_repeat(diags, lines.front().pos, "signature", "signature");
    return;
  }
  MetaValue value = signature_value(lines);
  if (map)
    for (auto& [key, v] : value.map) own->set(key, v);
  else
    meta.set("signature", value);
}

bool is_title(const Block& b) {
  const auto* h = std::get_if<Heading>(&b.node);
  return h && h->level == 1;
}

// ---- Labels ----------------------------------------------------------------------------------------

constexpr const char* kLabelKeys[] = {"from", "phone",      "email", "our-reference", "your-reference", "date",
                                      "page", "enclosures", "cc"};
constexpr std::size_t kLabelCount = std::size(kLabelKeys);

struct Labels {
  const char* lang;
  const char* text[kLabelCount];  // in the order of kLabelKeys
};

// DIN 5008 names the German info block's lines; the others follow each language's business letters.
constexpr Labels kLabels[] = {
    {"en",
     {"From", "Phone", "Email", "Our reference", "Your reference", "Date", "Page {page} of {pages}", "Enclosures",
      "cc"}},
    {"de",
     {"Von", "Telefon", "E-Mail", "Unser Zeichen", "Ihr Zeichen", "Datum", "Seite {page} von {pages}", "Anlagen",
      "Kopie an"}},
    {"fr",
     {"De", "Téléphone", "Courriel", "Notre référence", "Votre référence", "Date", "Page {page} sur {pages}",
      "Pièces jointes", "Copie à"}},
    {"es",
     {"De", "Teléfono", "Correo electrónico", "Nuestra referencia", "Su referencia", "Fecha",
      "Página {page} de {pages}", "Anexos", "Copia a"}},
    {"ko",
     {"발신", "전화", "이메일", "발신 문서번호", "수신 문서번호", "날짜", "{pages}쪽 중 {page}쪽", "첨부", "참조"}},
};

// The language part of a tag ("de-AT" → "de"), in lower case.
std::string language_of(const MetaValue& meta) {
  const MetaValue* lang = meta.find("lang");
  if (!lang || !lang->is_scalar()) lang = meta.find_path("style.lang");
  std::string tag = lang && lang->is_scalar() ? lang->scalar : "";
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    out += char(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

const Labels& labels_for(const std::string& language) {
  for (const auto& l : kLabels)
    if (language == l.lang) return l;
  return kLabels[0];
}

std::string known_labels() {
  std::string out;
  for (const char* key : kLabelKeys) out += (out.empty() ? "" : ", ") + std::string(key);
  return out;
}

}  // namespace

void set_letter_labels(MetaValue& meta, Diagnostics& diags) {
  const Labels& base = labels_for(language_of(meta));
  MetaValue labels;
  for (std::size_t k = 0; k < kLabelCount; ++k) labels.set(kLabelKeys[k], MetaValue::string(base.text[k]));
  if (const MetaValue* own = meta.find("labels")) {
    if (own->kind != MetaValue::Kind::Map) {
      diags.error(own->pos, "'labels' must be a map of label names to text", "known: " + known_labels());
      return;
    }
    for (const auto& [key, value] : own->map) {
      if (!labels.find(key)) {
        diags.warning(value.pos, "unknown letter label '" + key + "'", "known: " + known_labels());
        continue;
      }
      if (value.kind == MetaValue::Kind::List || value.kind == MetaValue::Kind::Map)
        diags.error(value.pos, "letter label '" + key + "' must be text");
      else
        labels.set(key, value);
    }
  }
  meta.set("labels", labels);
}

WrittenLetter take_letter_parts(Blocks& blocks, const LetterFrame& frame) {
  WrittenLetter out;
  bool heading = !blocks.empty() && is_title(blocks.front());
  std::size_t at = heading ? 1 : 0;  // where a salutation would be
  std::size_t text = 0;              // where the letter's text starts once the parts are taken
  if (frame.opening && is_opening(blocks, at)) {
    out.opening = WrittenPart{trimmed(plain_text(std::get<Paragraph>(blocks[at].node).content)), where(blocks[at])};
    std::size_t first = at;
    if (heading && frame.subject) {
      out.subject =
          WrittenPart{trimmed(plain_text(std::get<Heading>(blocks.front().node).content)), where(blocks.front())};
      first = 0;
    }
    blocks.erase(blocks.begin() + std::ptrdiff_t(first), blocks.begin() + std::ptrdiff_t(at) + 1);
    text = first;
  }
  if (frame.closing) take_closing(blocks, text, frame, out);
  return out;
}

void set_letter_parts(MetaValue& meta, const WrittenLetter& parts, Diagnostics& diags) {
  set_part(meta, parts.subject, "subject", "subject", diags);
  set_part(meta, parts.opening, "opening", "salutation", diags);
  set_part(meta, parts.closing, "closing", "closing", diags);
  set_signature(meta, parts.signature, diags);
}

std::set<std::string> field_names(const std::string& markdown) {
  std::set<std::string> names;
  for (auto open = markdown.find("{{"); open != std::string::npos; open = markdown.find("{{", open + 2)) {
    std::size_t i = open + 2;
    while (i < markdown.size() &&
           (markdown[i] == '#' || markdown[i] == '^' || markdown[i] == '/' || markdown[i] == ' '))
      ++i;
    std::size_t end = i;
    while (end < markdown.size() && markdown[end] != '}' && markdown[end] != ' ' && markdown[end] != '|') ++end;
    if (end > i) names.insert(markdown.substr(i, end - i));
  }
  return names;
}

}  // namespace quire::compose
