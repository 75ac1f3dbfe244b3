#include "quire/compose/mailing.hpp"

namespace quire::compose {

using model::MetaValue;

namespace {

MetaValue number(int n) {
  MetaValue v;
  v.kind = MetaValue::Kind::Number;
  v.scalar = std::to_string(n);
  return v;
}

// A copy of `meta` without `key`.
MetaValue without(const MetaValue& meta, const std::string& key) {
  MetaValue out = meta;
  std::erase_if(out.map, [&](const auto& entry) { return entry.first == key; });
  return out;
}

}  // namespace

model::Document LabelSheets::empty_sheet(const model::Document& doc, int n) {
  model::Document sheet;
  sheet.pos = doc.pos;
  sheet.meta = without(without(doc.meta, "to"), "merge");
  MetaValue content;
  content.set("n", number(n));
  MetaValue labels;
  labels.kind = MetaValue::Kind::List;
  content.set("labels", labels);
  sheet.meta.set("sheet", content);
  return sheet;
}

MetaValue LabelSheets::label(const model::Document& doc) const {
  MetaValue label;
  label.set("slot", number(next_));
  if (const MetaValue* merge = doc.meta.find("merge")) {
    if (const MetaValue* n = merge->find("n")) label.set("record", *n);
    if (const MetaValue* at = merge->find("at")) label.set("at", *at);
  }
  if (const MetaValue* to = doc.meta.find("to")) label.set("to", *to);
  return label;
}

model::Document LabelSheets::trial(const model::Document& doc) const {
  model::Document sheet = empty_sheet(doc, sheets_ + (sheet_ ? 0 : 1));
  sheet.meta.find("sheet")->find("labels")->list.push_back(label(doc));
  return sheet;
}

std::optional<model::Document> LabelSheets::add(const model::Document& doc) {
  if (!sheet_) sheet_ = empty_sheet(doc, ++sheets_);
  sheet_->meta.find("sheet")->find("labels")->list.push_back(label(doc));
  if (++next_ <= per_sheet_) return std::nullopt;
  next_ = 1;
  return take_sheet();
}

std::optional<model::Document> LabelSheets::finish() {
  if (!sheet_) return std::nullopt;
  return take_sheet();
}

model::Document LabelSheets::take_sheet() {
  model::Document out = std::move(*sheet_);
  sheet_.reset();
  return out;
}

}  // namespace quire::compose
