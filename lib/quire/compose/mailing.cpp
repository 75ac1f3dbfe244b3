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

std::optional<model::Document> LabelSheets::add(const model::Document& doc) {
  if (!sheet_) {
    sheet_.emplace();
    sheet_->pos = doc.pos;
    sheet_->meta = without(without(doc.meta, "to"), "merge");
    MetaValue content;
    content.set("n", number(++sheets_));
    MetaValue labels;
    labels.kind = MetaValue::Kind::List;
    content.set("labels", labels);
    sheet_->meta.set("sheet", content);
  }
  MetaValue label;
  label.set("slot", number(next_));
  if (const MetaValue* merge = doc.meta.find("merge")) {
    if (const MetaValue* n = merge->find("n")) label.set("record", *n);
    if (const MetaValue* at = merge->find("at")) label.set("at", *at);
  }
  if (const MetaValue* to = doc.meta.find("to")) label.set("to", *to);
  sheet_->meta.find("sheet")->find("labels")->list.push_back(std::move(label));
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
