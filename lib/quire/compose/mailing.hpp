#pragma once
// Address labels: many records on one sheet. A labels run is not one document per record: compose
// gathers the merged records' addresses onto sheets and hands on one document per sheet, which
// layout sets as one page (layout/mailing.hpp). A sheet document carries the first record's metadata
// (the label sheet, fonts, language) without its `to:`, and
//
//   sheet:
//     n: 2                      # the sheet's number in this run, from 1
//     labels:                   # the labels used, in order
//       - {slot: 1, record: 15, at: "donors.csv:16", to: {name: …, address: …}}
//
// `slot` numbers the labels of the sheet from 1 (top left) along the rows; `record` and `at` name the
// record, so that an address that cannot fit is reported at its line in the data file.
#include <optional>

#include "quire/model/document.hpp"

namespace quire::compose {

class LabelSheets {
 public:
  // `per_sheet` labels on a sheet; the first sheet's labels before `start` are left (already used).
  LabelSheets(int per_sheet, int start) : per_sheet_(per_sheet), next_(start) {}

  // Puts `doc`'s address (its `to:`; its `merge:` names the record) on the next label; returns the
  // sheet when that filled it.
  std::optional<model::Document> add(const model::Document& doc);
  // A sheet holding `doc`'s label alone, where add() would put it: laid out, it shows whether the
  // address fits before the label is put beside others (a record that fails then fails alone).
  model::Document trial(const model::Document& doc) const;
  // The last sheet, when a label is used on it.
  std::optional<model::Document> finish();

 private:
  model::Document take_sheet();
  static model::Document empty_sheet(const model::Document& doc, int n);
  model::MetaValue label(const model::Document& doc) const;

  int per_sheet_, next_;
  int sheets_ = 0;
  std::optional<model::Document> sheet_;  // the sheet being filled
};

}  // namespace quire::compose
