#include "quire/layout/mailing.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "quire/layout/letter.hpp"
#include "quire/layout/paragraph.hpp"
#include "quire/layout/stationery.hpp"
#include "quire/model/utf8.hpp"

namespace quire::layout {

namespace {

using model::MetaValue;

constexpr double kMm = 72 / 25.4;
constexpr double kSenderSize = 8, kSenderMinSize = 5;
const Color kSenderColor{0.3, 0.3, 0.3};

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string class_of(const MetaValue& meta) {
  const MetaValue* cls = meta.find("documentclass");
  return cls && cls->is_scalar() ? lower(cls->scalar) : std::string{};
}

std::string mm(double pt) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", pt / kMm);
  return buf;
}

// Sets lines of text into a box, shrinking them to fit.
class AddressSetter {
 public:
  AddressSetter(const Fonts& fonts, std::vector<Item>& out) : fonts_(fonts), out_(out) {}

  // The size `lines` fit `box` at (from `ts.size` down to `min_size`), or nullopt.
  std::optional<double> fit(const std::vector<std::string>& lines, TextStyle ts, const Rect& box, double min_size) {
    double widest = 0;
    for (const auto& line : lines) widest = std::max(widest, natural_width(build_text(line, ts, fonts_)) / ts.size);
    return fitting_size(widest, int(lines.size()), kAddressLeading, box.width, box.height, ts.size, min_size);
  }

  // The lines from the box's top left, the first baseline one ascent (0.8 × size) down.
  void set(const std::vector<std::string>& lines, TextStyle ts, const Rect& box) {
    double baseline = box.top + 0.8 * ts.size;
    for (const auto& line : lines) {
      auto items = build_text(line, ts, fonts_);
      if (items.nodes.size() > 1) {
        LineSetting setting{box.left, box.width, baseline, model::Align::Left, false};
        set_line(items, 0, items.nodes.size() - 1, true, setting, fonts_, out_);
      }
      baseline += ts.size * kAddressLeading;
    }
  }

  // The widest line, for messages.
  std::string widest(const std::vector<std::string>& lines, const TextStyle& ts) {
    std::string out;
    double best = -1;
    for (const auto& line : lines)
      if (double w = natural_width(build_text(line, ts, fonts_)); w > best) best = w, out = line;
    return out;
  }

 private:
  const Fonts& fonts_;
  std::vector<Item>& out_;
};

// Where to report a record's address: its place in the data file when the document says (`at`), else
// where the address was read.
model::SourcePos record_pos(const MetaValue* at, const MetaValue* to, const MetaValue& meta) {
  model::SourcePos pos;
  if (at && at->is_scalar() && model::parse_pos(at->scalar, pos)) return pos;
  return to ? to->pos : meta.pos;
}

std::string record_label(const MetaValue* record) {
  return record && record->is_scalar() && !record->scalar.empty() ? "record " + record->scalar + ": " : "";
}

// A line quoted in a message: at most 40 characters.
std::string quoted(const std::string& line) {
  std::size_t at = 0;
  for (int n = 0; n < 40 && at < line.size(); ++n) next_char(line, at);
  return at < line.size() ? line.substr(0, at) + "…" : line;
}

void address_error(Diagnostics& diags, const model::SourcePos& pos, const std::string& who, const std::string& what,
                   const std::vector<std::string>& lines, const std::string& widest, double min_size) {
  std::string hint = std::to_string(lines.size()) + " line" + (lines.size() == 1 ? "" : "s") + ", the longest \"" +
                     quoted(widest) + "\"; addresses shrink to " + std::to_string(int(min_size)) +
                     " pt at most: shorten the address or choose larger stationery";
  diags.error(pos, who + "the address does not fit " + what, hint);
}

// ---- Envelopes -----------------------------------------------------------------------------------

// The sender: the letterhead's name and address, else `from:`'s, else the one-line `return-line`.
std::vector<std::string> sender_lines(const MetaValue& meta) {
  for (const char* key : {"letterhead", "from"}) {
    const MetaValue* v = meta.find(key);
    if (v && v->kind == MetaValue::Kind::Map) {
      auto lines = address_lines(v);
      if (!lines.empty()) return lines;
    }
  }
  return address_lines(meta.find("return-line"));
}

// A quarter turn counter-clockwise: what the envelope reads as (x, y) lands on a page `width` (the
// envelope's) high at (y, width - x); text then runs up the page.
void turn(std::vector<Item>& items, double width) {
  for (auto& item : items) {
    if (auto* run = std::get_if<GlyphRun>(&item)) {
      double x = run->x;
      run->x = run->y;
      run->y = width - x;
      run->angle += 90;
    } else if (auto* rule = std::get_if<Rule>(&item)) {
      *rule = Rule{rule->y, width - rule->x - rule->width, rule->height, rule->width, rule->color};
    }
  }
}

// `envelope-sender: false` prints none: envelopes with the sender printed on them already.
bool sender_wanted(const MetaValue& meta, Diagnostics& diags) {
  const MetaValue* v = meta.find("envelope-sender");
  if (!v) return true;
  std::string flag = v->is_scalar() ? lower(v->scalar) : "";
  if (flag != "true" && flag != "false") diags.error(v->pos, "envelope-sender must be true or false");
  return flag != "false";
}

void set_sender(AddressSetter& setter, const MetaValue& meta, const Envelope& e, Diagnostics& diags) {
  if (!sender_wanted(meta, diags)) return;
  auto lines = sender_lines(meta);
  if (lines.empty()) return;
  TextStyle ts{Family::Sans, false, false, kSenderSize, kSenderColor};
  auto size = setter.fit(lines, ts, e.sender, kSenderMinSize);
  if (!size) {
    const MetaValue* from = meta.find("letterhead") ? meta.find("letterhead") : meta.find("from");
    diags.error(from ? from->pos : meta.pos, "the sender does not fit the envelope's top left corner",
                "shorten the letterhead's address, or set return-line and leave letterhead and from out");
    return;
  }
  ts.size = *size;
  setter.set(lines, ts, e.sender);
}

std::optional<LaidOutDocument> envelope(const model::Document& doc, const Style& style, const Fonts& fonts,
                                        Diagnostics& diags) {
  auto e = envelope_from_meta(doc.meta, diags);
  if (!e) return LaidOutDocument{};
  Page page;
  page.width = e->turned ? e->height : e->width;
  page.height = e->turned ? e->width : e->height;
  AddressSetter setter(fonts, page.items);
  set_sender(setter, doc.meta, *e, diags);
  const MetaValue* to = doc.meta.find("to");
  auto lines = address_lines(to);
  const MetaValue* merge = doc.meta.find("merge");
  std::string who = record_label(merge ? merge->find("n") : nullptr);
  auto pos = record_pos(merge ? merge->find("at") : nullptr, to, doc.meta);
  if (lines.empty()) {
    diags.error(pos, who + "the envelope has no address", "address it with to: {name: …, address: …}");
    return LaidOutDocument{};
  }
  TextStyle ts{Family::Serif, false, false, kEnvelopeTextSize, style.text_color};
  const Rect& area = e->address;
  Rect box{area.left + kEnvelopePadX, area.top + kEnvelopePadY, area.width - 2 * kEnvelopePadX,
           area.height - 2 * kEnvelopePadY};
  auto size = setter.fit(lines, ts, box, kEnvelopeMinSize);
  if (!size) {
    address_error(diags, pos, who,
                  "the " + lower(e->name) + " envelope's address area (" + mm(e->address.width) + " × " +
                      mm(e->address.height) + " mm)",
                  lines, setter.widest(lines, ts), kEnvelopeMinSize);
    return LaidOutDocument{};
  }
  ts.size = *size;
  setter.set(lines, ts, box);
  if (e->turned) turn(page.items, e->width);
  LaidOutDocument out;
  out.pages.push_back(std::move(page));
  return out;
}

// ---- Label sheets --------------------------------------------------------------------------------

// Label `slot`'s address, shrunk to fit inside the label's padding; false when it cannot fit.
bool set_label(AddressSetter& setter, const MetaValue& label, const LabelSheet& sheet, const Style& style,
               Diagnostics& diags) {
  const MetaValue* to = label.find("to");
  const MetaValue* slot_value = label.find("slot");
  auto pos = record_pos(label.find("at"), to, label);
  std::string who = record_label(label.find("record"));
  int slot = slot_value && slot_value->is_scalar() ? std::atoi(slot_value->scalar.c_str()) : 0;
  if (slot < 1 || slot > sheet.per_sheet()) {
    diags.error(slot_value ? slot_value->pos : label.pos,
                "label slot \"" + (slot_value ? slot_value->as_text() : "") + "\" is not on the sheet",
                "from 1 (top left) to " + std::to_string(sheet.per_sheet()));
    return false;
  }
  auto lines = address_lines(to);
  if (lines.empty()) return true;  // an unused label
  Rect cell = sheet.label(slot);
  Rect box{cell.left + kLabelPadX, cell.top + kLabelPadY, cell.width - 2 * kLabelPadX, cell.height - 2 * kLabelPadY};
  TextStyle ts{Family::Serif, false, false, kLabelTextSize, style.text_color};
  auto size = setter.fit(lines, ts, box, kLabelMinSize);
  if (!size) {
    address_error(diags, pos, who, "its label (" + mm(sheet.label_width) + " × " + mm(sheet.label_height) + " mm)",
                  lines, setter.widest(lines, ts), kLabelMinSize);
    return false;
  }
  ts.size = *size;
  // Centred from top to bottom: a short address does not hug the label's top edge.
  double height = (double(lines.size()) - 1) * ts.size * kAddressLeading + ts.size;
  box.top += std::max(0.0, (box.height - height) / 2);
  setter.set(lines, ts, box);
  return true;
}

// `label-outlines: true`: every label's edge as a hairline, for a proof on plain paper held against the
// stock (never on the labels themselves: a die-cut label shifts, and its outline would show).
void draw_outlines(std::vector<Item>& items, const LabelSheet& sheet) {
  constexpr double kLine = 0.25;
  const Color grey{0.6, 0.6, 0.6};
  for (int slot = 1; slot <= sheet.per_sheet(); ++slot) {
    Rect r = sheet.label(slot);
    items.push_back(Rule{r.left, r.top, r.width, kLine, grey});
    items.push_back(Rule{r.left, r.top + r.height - kLine, r.width, kLine, grey});
    items.push_back(Rule{r.left, r.top, kLine, r.height, grey});
    items.push_back(Rule{r.left + r.width - kLine, r.top, kLine, r.height, grey});
  }
}

bool outlines(const MetaValue& meta, Diagnostics& diags) {
  const MetaValue* v = meta.find("label-outlines");
  if (!v) return false;
  std::string flag = v->is_scalar() ? lower(v->scalar) : "";
  if (flag != "true" && flag != "false") diags.error(v->pos, "label-outlines must be true or false");
  return flag == "true";
}

std::optional<LaidOutDocument> label_sheet(const model::Document& doc, const Style& style, const Fonts& fonts,
                                           Diagnostics& diags) {
  auto sheet = label_sheet_from_meta(doc.meta, diags);
  if (!sheet) return LaidOutDocument{};
  Page page;
  page.width = sheet->page_width;
  page.height = sheet->page_height;
  if (outlines(doc.meta, diags)) draw_outlines(page.items, *sheet);
  AddressSetter setter(fonts, page.items);
  const MetaValue* content = doc.meta.find("sheet");
  const MetaValue* labels = content ? content->find("labels") : nullptr;
  if (labels && labels->kind != MetaValue::Kind::List) {
    diags.error(labels->pos, "'sheet.labels' must be a list of labels", "each {slot, record, at, to}");
    return LaidOutDocument{};
  }
  if (labels)
    for (const auto& label : labels->list) set_label(setter, label, *sheet, style, diags);
  // A labels document that did not come through compose's sheets prints nothing: say so.
  if (!labels || labels->list.empty())
    diags.warning(content ? content->pos : doc.meta.pos, "this sheet of labels has no labels",
                  "quire-compose --template labels puts the addresses on sheets ('sheet: {labels: [...]}')");
  LaidOutDocument out;
  out.pages.push_back(std::move(page));
  return out;
}

}  // namespace

bool is_mailing(const MetaValue& meta) {
  std::string cls = class_of(meta);
  return cls == "envelope" || cls == "labels";
}

bool is_envelope(const MetaValue& meta) { return class_of(meta) == "envelope"; }

std::optional<LaidOutDocument> layout_mailing(const model::Document& doc, const Style& style, const FontSet& set,
                                              const FontMetrics& metrics, Diagnostics& diags) {
  if (!is_mailing(doc.meta)) return std::nullopt;
  Fonts fonts{set, metrics, style.kerning};
  auto out =
      class_of(doc.meta) == "envelope" ? envelope(doc, style, fonts, diags) : label_sheet(doc, style, fonts, diags);
  out->fonts = fonts.faces();
  if (const MetaValue* title = doc.meta.find("title"); title && title->is_scalar()) out->info.title = title->scalar;
  return out;
}

}  // namespace quire::layout
