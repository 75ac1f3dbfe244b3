#pragma once
// Envelopes and label sheets (docs/templates.md, "envelope" and "labels"): the sizes of the standard
// stationery, where each standard puts the address, and the geometry a document's metadata asks for
// (`envelope`, `envelope-feed`, `label-sheet`, `label-start`). Every length is in points; rectangles are
// measured from the top-left corner of the envelope as it is read, or of the sheet.
#include <optional>
#include <string>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/layout/letter.hpp"
#include "quire/model/document.hpp"

namespace quire::layout {

struct Envelope {
  std::string name;              // "dl", "c5", "c4", "us10"
  double width = 0, height = 0;  // as the envelope is read (the address upright)
  Rect address;                  // where the recipient's address goes
  Rect sender;                   // the return address's area, top left
  // The page goes into the printer turned a quarter turn from the way the envelope is read
  // (`envelope-feed` names the other orientation): the page is height × width and its content is
  // drawn turned 90° counter-clockwise.
  bool turned = false;
};

// The envelope a document asks for: `envelope: dl|c5|c4|us10|auto` (auto, the default: us10 on
// `papersize: letter` or `legal`, else dl) and `envelope-feed: landscape|portrait` (the page's
// orientation as fed; default: the envelope's own). Invalid values are errors at their position.
std::optional<Envelope> envelope_from_meta(const model::MetaValue& meta, Diagnostics& diags);

struct LabelSheet {
  std::string name;  // "avery-l7163", … or "custom"
  double page_width = 0, page_height = 0;
  int rows = 0, columns = 0;
  double label_width = 0, label_height = 0;
  double column_pitch = 0, row_pitch = 0;  // from one label's left (top) edge to the next one's
  double margin_left = 0, margin_top = 0;  // to the first label's edge

  int per_sheet() const { return rows * columns; }
  // Label `slot` (1 = top left, numbered along the rows as the sheet's maker numbers them).
  Rect label(int slot) const;
};

// An address on a label: 10 pt, shrinking to 6 pt before it is an error, lines 1.2 × the size apart,
// clear of the label's edges by 4 mm at the sides and 2.5 mm at the top and bottom (die-cut labels
// shift by a millimetre or so in the printer).
inline constexpr double kLabelTextSize = 10, kLabelMinSize = 6, kAddressLeading = 1.2;
inline constexpr double kLabelPadX = 4 * 72 / 25.4, kLabelPadY = 2.5 * 72 / 25.4;
// An address on an envelope: 12 pt, shrinking to 8 pt (postal services read nothing smaller well),
// 4 mm inside the address area at the sides and 3 mm at the top and bottom (a window's edge, or the
// zone's, never touches a glyph).
inline constexpr double kEnvelopeTextSize = 12, kEnvelopeMinSize = 8;
inline constexpr double kEnvelopePadX = 4 * 72 / 25.4, kEnvelopePadY = 3 * 72 / 25.4;

// The most rows or columns a sheet may have: far more than any label stock (a custom geometry with
// thousands is a mistake, not a sheet).
inline constexpr int kMaxLabelRowsOrColumns = 100;

// `label-sheet`: a known sheet's name (avery-l7163, the default; avery-l7160; avery-5160) or a custom
// geometry map (docs/templates.md). Zero or negative sizes, more than kMaxLabelRowsOrColumns rows or
// columns, labels that overlap or do not fit the page are errors at their position; nullopt then.
std::optional<LabelSheet> label_sheet_from_meta(const model::MetaValue& meta, Diagnostics& diags);

// `label-start: N`: the first label to use on the first sheet (1 when absent); an error outside
// 1…per_sheet.
int label_start_from_meta(const model::MetaValue& meta, const LabelSheet& sheet, Diagnostics& diags);

// The known sheets' names, for messages and documentation.
std::string label_sheet_names();

// The size text is set at to fit a box: `size` when it fits, else smaller, down to `min_size`.
// `width_at_1pt` is the widest line's width at 1 pt; lines are `leading` × size apart.
// nullopt when even `min_size` does not fit.
std::optional<double> fitting_size(double width_at_1pt, int lines, double leading, double box_width, double box_height,
                                   double size, double min_size);

// How many lines of an address a label can hold at the smallest size text shrinks to: a record whose
// address has more cannot fit whatever its words.
int label_line_capacity(const LabelSheet& sheet);
// The same for an envelope's address area.
int envelope_line_capacity(const Envelope& envelope);

}  // namespace quire::layout
