#include "quire/layout/stationery.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "quire/layout/style.hpp"

namespace quire::layout {

namespace {

using model::MetaValue;

constexpr double kMm = 72 / 25.4, kIn = 72;

// The stationery, with where each standard puts the address. Sizes: ISO 269 (DL 220 × 110 mm,
// C5 229 × 162 mm, C4 229 × 324 mm, read upright as window envelopes of DIN 680 are) and the US #10
// commercial envelope (9½ × 4⅛ in).
// The address: DIN 680 places the window of DL, C5 and C4 envelopes (90 × 45 mm) 20 mm from the left
// edge, on DL 15 mm above the bottom edge and on C5 and C4 50 mm below the top edge, where a DIN 5008
// letter's address field lands; an envelope printed without a window carries the address there too,
// clear of the stamp zone at the top right and of the coding strip along the bottom 15 mm (Deutsche
// Post). USPS (DMM 202, "OCR read area"): the address lies at least ½ in from the left and right edges,
// 5/8 in above the bottom edge and no higher than 2¾ in from it; it starts about 4 in from the left.
// The return address: small, 10 mm (⅜ in) in from the top left corner, left of the address.
struct EnvelopeSpec {
  const char* name;
  double width, height;
  Rect address;
};
const EnvelopeSpec kEnvelopes[] = {
    {"dl", 220 * kMm, 110 * kMm, {20 * kMm, 50 * kMm, 90 * kMm, 45 * kMm}},
    {"c5", 229 * kMm, 162 * kMm, {20 * kMm, 50 * kMm, 90 * kMm, 45 * kMm}},
    {"c4", 229 * kMm, 324 * kMm, {20 * kMm, 50 * kMm, 90 * kMm, 45 * kMm}},
    {"us10", 9.5 * kIn, 4.125 * kIn, {4 * kIn, 2 * kIn, 5 * kIn, 1.5 * kIn}},
};
constexpr double kSenderInset = 10 * kMm, kSenderInsetUs = 0.375 * kIn;

// Label stock as its maker specifies it (Avery's templates): page, grid, label size, pitch, margins.
//   L7163: A4, 2 × 7 labels of 99.1 × 38.1 mm, pitch 101.6 × 38.1 mm, margins 4.65 mm left, 15.15 mm top.
//   L7160: A4, 3 × 7 labels of 63.5 × 38.1 mm, pitch 66.0 × 38.1 mm, margins 7.25 mm left, 15.15 mm top.
//   5160: US Letter, 3 × 10 labels of 2⅝ × 1 in, pitch 2¾ × 1 in, margins 3/16 in left, ½ in top.
const LabelSheet kSheets[] = {
    {"avery-l7163", 210 * kMm, 297 * kMm, 7, 2, 99.1 * kMm, 38.1 * kMm, 101.6 * kMm, 38.1 * kMm, 4.65 * kMm,
     15.15 * kMm},
    {"avery-l7160", 210 * kMm, 297 * kMm, 7, 3, 63.5 * kMm, 38.1 * kMm, 66.0 * kMm, 38.1 * kMm, 7.25 * kMm,
     15.15 * kMm},
    {"avery-5160", 8.5 * kIn, 11 * kIn, 10, 3, 2.625 * kIn, 1 * kIn, 2.75 * kIn, 1 * kIn, 0.1875 * kIn, 0.5 * kIn},
};

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string text_of(const MetaValue* v) { return v && v->is_scalar() ? lower(v->scalar) : std::string{}; }

// "a4" or "letter" (the papers a sheet of labels comes on) as a page size.
bool paper_size(const std::string& name, double& width, double& height) {
  if (name == "a4") return width = 210 * kMm, height = 297 * kMm, true;
  if (name == "letter") return width = 8.5 * kIn, height = 11 * kIn, true;
  return false;
}

class GeometryReader {
 public:
  GeometryReader(const MetaValue& map, Diagnostics& diags) : map_(map), diags_(diags) {}

  // A positive length, or `fallback` when the key is absent (a negative fallback: required).
  double length(const char* key, double fallback) {
    const MetaValue* v = map_.find(key);
    if (!v) {
      if (fallback < 0)
        fail(map_.pos, std::string("the label sheet needs '") + key + "'", "e.g. " + std::string(key) + ": 38.1mm");
      return fallback;
    }
    auto len = v->is_scalar() ? parse_length(v->scalar) : std::nullopt;
    if (!len || *len > 2000 * kMm) {
      fail(v->pos, std::string("invalid label-sheet ") + key + " \"" + v->as_text() + "\"",
           "write a positive length in pt, cm, mm or in, e.g. 38.1mm");
      return 0;
    }
    return *len;
  }

  int count(const char* key) {
    const MetaValue* v = map_.find(key);
    long value = 0;
    std::string text = v && v->is_scalar() ? v->scalar : "";
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!v) {
      fail(map_.pos, std::string("the label sheet needs '") + key + "'", "the number of labels, e.g. 2");
    } else if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > kMaxLabelRowsOrColumns) {
      fail(v->pos, std::string("invalid label-sheet ") + key + " \"" + v->as_text() + "\"",
           "a whole number from 1 to " + std::to_string(kMaxLabelRowsOrColumns));
      return 0;
    }
    return int(value);
  }

  void fail(const model::SourcePos& pos, const std::string& message, const std::string& hint) {
    diags_.error(pos, message, hint);
    ok_ = false;
  }
  bool ok() const { return ok_; }
  const MetaValue& map() const { return map_; }

 private:
  const MetaValue& map_;
  Diagnostics& diags_;
  bool ok_ = true;
};

const char* kCustomKeys[] = {"paper",        "page-width",   "page-height", "rows",        "columns",   "label-width",
                             "label-height", "column-pitch", "row-pitch",   "margin-left", "margin-top"};

std::string custom_keys() {
  std::string out;
  for (const char* k : kCustomKeys) out += (out.empty() ? "" : ", ") + std::string(k);
  return out;
}

void read_page(GeometryReader& r, LabelSheet& s, Diagnostics& diags) {
  if (const MetaValue* paper = r.map().find("paper")) {
    if (!paper_size(text_of(paper), s.page_width, s.page_height))
      r.fail(paper->pos, "unknown label-sheet paper \"" + paper->as_text() + "\"",
             "a4 or letter, or page-width and page-height");
    (void)diags;
    return;
  }
  s.page_width = r.length("page-width", -1);
  s.page_height = r.length("page-height", -1);
}

// The labels lie on the page and do not overlap one another.
void check_fit(GeometryReader& r, const LabelSheet& s) {
  const MetaValue& m = r.map();
  auto at = [&](const char* key) { return m.find(key) ? m.find(key)->pos : m.pos; };
  auto mm = [](double pt) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f mm", pt / kMm);
    return std::string(buf);
  };
  if (s.column_pitch < s.label_width - 0.01)
    r.fail(
        at("column-pitch"),
        "labels overlap: the column pitch " + mm(s.column_pitch) + " is less than the label width " + mm(s.label_width),
        "the pitch runs from one label's left edge to the next one's");
  if (s.row_pitch < s.label_height - 0.01)
    r.fail(at("row-pitch"),
           "labels overlap: the row pitch " + mm(s.row_pitch) + " is less than the label height " + mm(s.label_height),
           "the pitch runs from one label's top edge to the next one's");
  double right = s.margin_left + (s.columns - 1) * s.column_pitch + s.label_width;
  double bottom = s.margin_top + (s.rows - 1) * s.row_pitch + s.label_height;
  if (right > s.page_width + 0.01)
    r.fail(at("columns"),
           "the labels do not fit the page: " + std::to_string(s.columns) + " columns end " + mm(right) +
               " from the left edge of a page " + mm(s.page_width) + " wide",
           "fewer columns, narrower labels or a smaller pitch or margin");
  if (bottom > s.page_height + 0.01)
    r.fail(at("rows"),
           "the labels do not fit the page: " + std::to_string(s.rows) + " rows end " + mm(bottom) +
               " from the top of a page " + mm(s.page_height) + " high",
           "fewer rows, shorter labels or a smaller pitch or margin");
}

std::optional<LabelSheet> custom_sheet(const MetaValue& map, Diagnostics& diags) {
  GeometryReader r(map, diags);
  for (const auto& [key, value] : map.map)
    if (std::find_if(std::begin(kCustomKeys), std::end(kCustomKeys), [&](const char* k) { return key == k; }) ==
        std::end(kCustomKeys))
      r.fail(value.pos, "unknown label-sheet key '" + key + "'", "known: " + custom_keys());
  LabelSheet s;
  s.name = "custom";
  read_page(r, s, diags);
  s.rows = r.count("rows");
  s.columns = r.count("columns");
  s.label_width = r.length("label-width", -1);
  s.label_height = r.length("label-height", -1);
  s.column_pitch = r.length("column-pitch", s.label_width);
  s.row_pitch = r.length("row-pitch", s.label_height);
  if (!r.ok()) return std::nullopt;
  // Without margins the grid is centred on the page, as most label stock is.
  s.margin_left =
      r.length("margin-left", std::max(0.0, (s.page_width - (s.columns - 1) * s.column_pitch - s.label_width) / 2));
  s.margin_top =
      r.length("margin-top", std::max(0.0, (s.page_height - (s.rows - 1) * s.row_pitch - s.label_height) / 2));
  if (!r.ok()) return std::nullopt;
  check_fit(r, s);
  if (!r.ok()) return std::nullopt;
  return s;
}

}  // namespace

Rect LabelSheet::label(int slot) const {
  int k = std::max(slot, 1) - 1;
  int row = k / std::max(columns, 1), column = k % std::max(columns, 1);
  return Rect{margin_left + column * column_pitch, margin_top + row * row_pitch, label_width, label_height};
}

std::string label_sheet_names() {
  std::string out;
  for (const auto& s : kSheets) out += (out.empty() ? "" : ", ") + s.name;
  return out;
}

std::optional<Envelope> envelope_from_meta(const MetaValue& meta, Diagnostics& diags) {
  const MetaValue* v = meta.find("envelope");
  std::string name = v ? text_of(v) : "auto";
  if (name == "auto") {
    std::string paper = text_of(meta.find("papersize"));
    name = paper == "letter" || paper == "legal" ? "us10" : "dl";
  }
  const EnvelopeSpec* spec = nullptr;
  for (const auto& e : kEnvelopes)
    if (name == e.name) spec = &e;
  if (!spec) {
    diags.error(v ? v->pos : meta.pos, "unknown envelope \"" + (v ? v->as_text() : name) + "\"",
                "known: auto, dl, c5, c4, us10");
    return std::nullopt;
  }
  Envelope e{spec->name, spec->width, spec->height, spec->address, {}, false};
  double inset = name == "us10" ? kSenderInsetUs : kSenderInset;
  // The return address keeps left of the address and above it.
  e.sender = Rect{inset, inset, std::max(e.address.left - 2 * inset, e.width / 2 - inset), e.address.top - 1.5 * inset};
  bool upright = e.height > e.width;
  if (const MetaValue* feed = meta.find("envelope-feed")) {
    std::string f = text_of(feed);
    if (f != "landscape" && f != "portrait") {
      diags.error(feed->pos, "unknown envelope-feed \"" + feed->as_text() + "\"",
                  "landscape or portrait: the page's orientation as it goes into the printer");
      return std::nullopt;
    }
    e.turned = (f == "portrait") != upright;
  }
  return e;
}

std::optional<LabelSheet> label_sheet_from_meta(const MetaValue& meta, Diagnostics& diags) {
  const MetaValue* v = meta.find("label-sheet");
  if (v && v->kind == MetaValue::Kind::Map) return custom_sheet(*v, diags);
  std::string name = v ? text_of(v) : "avery-l7163";
  for (const auto& s : kSheets)
    if (name == s.name) return s;
  diags.error(v ? v->pos : meta.pos, "unknown label-sheet \"" + (v ? v->as_text() : name) + "\"",
              "known: " + label_sheet_names() + ", or a map giving the geometry (docs/templates.md)");
  return std::nullopt;
}

int label_start_from_meta(const MetaValue& meta, const LabelSheet& sheet, Diagnostics& diags) {
  const MetaValue* v = meta.find("label-start");
  if (!v) return 1;
  long value = 0;
  std::string text = v->is_scalar() ? v->scalar : "";
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > sheet.per_sheet()) {
    diags.error(v->pos, "invalid label-start \"" + v->as_text() + "\"",
                "a label of the sheet, from 1 (top left) to " + std::to_string(sheet.per_sheet()));
    return 1;
  }
  return int(value);
}

std::optional<double> fitting_size(double width_at_1pt, int lines, double leading, double box_width, double box_height,
                                   double size, double min_size) {
  if (lines <= 0) return size;
  double fit = size;
  if (width_at_1pt > 0) fit = std::min(fit, box_width / width_at_1pt);
  fit = std::min(fit, box_height / (lines * leading));
  if (fit < min_size - 1e-9) return std::nullopt;
  return fit;
}

int label_line_capacity(const LabelSheet& sheet) {
  double room = sheet.label_height - 2 * kLabelPadY;
  return std::max(0, int(std::floor(room / (kLabelMinSize * kAddressLeading) + 1e-9)));
}

int envelope_line_capacity(const Envelope& envelope) {
  double room = envelope.address.height - 2 * kEnvelopePadY;
  return std::max(0, int(std::floor(room / (kEnvelopeMinSize * kAddressLeading) + 1e-9)));
}

}  // namespace quire::layout
