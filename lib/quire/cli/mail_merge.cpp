#include "quire/cli/mail_merge.hpp"

#include <cstdio>

#include "quire/diag/progress.hpp"
#include "quire/layout/mailing.hpp"
#include "quire/layout/stationery.hpp"

namespace quire::cli::detail {

using model::MetaValue;

MailMerge::MailMerge(const MergeOptions& options) : options_(options) {
  data::Format format =
      options_.data_format.empty() ? data::format_for_path(options_.data) : data::parse_format(options_.data_format);
  if (!options_.records.empty()) range_ = data::parse_range(options_.records);
  if (!options_.where.empty()) filter_ = data::parse_filter(options_.where);
  in_ = std::make_unique<io::InputStream>(options_.data);
  reader_ = data::open_records(in_->stream(), in_->name(), format);
  if (progress().active()) progress().set_unit("records", count_selected(format));
}

// How many records the run will merge, read ahead in a second pass over the file, for the progress
// line's total and ETA; 0 (unknown) for standard input or when the file cannot be read ahead.
long MailMerge::count_selected(data::Format format) const {
  if (options_.data == "-") return 0;
  try {
    io::InputStream in(options_.data);
    auto reader = data::open_records(in.stream(), in.name(), format);
    long count = 0;
    while (true) {
      Diagnostics ignored;
      auto record = reader->next(ignored);
      if (!record || range_.past(record->number)) break;
      if (!range_.contains(record->number)) continue;
      if (filter_ && !ignored.has_errors() && !filter_->matches(record->values)) continue;
      ++count;
    }
    return count;
  } catch (...) {  // the merge itself reports what is wrong with the file
    return 0;
  }
}

MailMerge::~MailMerge() = default;

Mailing::Mailing(const model::Document& composed, Diagnostics& diags, Trial trial) : trial_(std::move(trial)) {
  if (!layout::is_mailing(composed.meta)) return;
  auto size = [](double w, double h) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f × %.1f mm", w * 25.4 / 72, h * 25.4 / 72);
    return std::string(buf);
  };
  if (layout::is_envelope(composed.meta)) {
    kind_ = Kind::Invalid;  // until the stationery is read
    auto envelope = layout::envelope_from_meta(composed.meta, diags);
    if (!envelope) return;
    kind_ = Kind::Envelope;
    capacity_ = layout::envelope_line_capacity(*envelope);
    stationery_ = "the " + envelope->name + " envelope's address area (" +
                  size(envelope->address.width, envelope->address.height) + ")";
    return;
  }
  kind_ = Kind::Invalid;
  auto sheet = layout::label_sheet_from_meta(composed.meta, diags);
  if (!sheet) return;
  int start = layout::label_start_from_meta(composed.meta, *sheet, diags);
  kind_ = Kind::Labels;
  capacity_ = layout::label_line_capacity(*sheet);
  stationery_ = "a " + size(sheet->label_width, sheet->label_height) + " label";
  sheets_ = std::make_unique<compose::LabelSheets>(sheet->per_sheet(), start);
}

Mailing::~Mailing() = default;

void Mailing::add(model::Document doc, Diagnostics& doc_diags, const Out& out) {
  if (kind_ == Kind::None) return out(std::move(doc));
  if (kind_ == Kind::Invalid) return;  // reported once, when the stationery was read
  const MetaValue* to = doc.meta.find("to");
  auto lines = layout::address_lines(to);
  SourcePos at = to ? to->pos : doc.pos;
  if (lines.empty()) {
    doc_diags.error(at, "no address: 'to:' is missing or empty", "to: {name: \"{{name}}\", address: \"{{address}}\"}");
    return;
  }
  if (int(lines.size()) > capacity_) {
    doc_diags.error(at,
                    "the address has " + std::to_string(lines.size()) + " lines; " + stationery_ + " holds " +
                        std::to_string(capacity_) + " at the smallest size",
                    "an address is a name and a few lines: check the record's line breaks");
    return;
  }
  if (kind_ == Kind::Envelope) return out(std::move(doc));
  if (trial_) {
    trial_(sheets_->trial(doc), doc_diags);
    if (doc_diags.has_errors()) return;
  }
  if (auto full = sheets_->add(doc)) out(std::move(*full));
}

void Mailing::finish(const Out& out) {
  if (!sheets_) return;
  if (auto last = sheets_->finish()) out(std::move(*last));
}

const model::Document& single_document(const std::vector<model::Document>& composed) {
  if (composed.empty()) throw Error(ErrorKind::Input, "no document to merge the records into: the input is empty");
  if (composed.size() > 1)
    throw Error(ErrorKind::Input, composed[1].pos,
                "--data merges records into one document, but the input has " + std::to_string(composed.size()) +
                    "; use --join to make them one");
  return composed[0];
}

void mark_merged(model::Document& doc, const data::Record& record) {
  MetaValue merge;
  merge.kind = MetaValue::Kind::Map;
  MetaValue n;
  n.kind = MetaValue::Kind::Number;
  n.scalar = std::to_string(record.number);
  merge.set("n", n);
  merge.set("at", MetaValue::string(to_string(record.pos)));
  merge.set("record", record.values);
  if (doc.meta.kind != MetaValue::Kind::Map) doc.meta.kind = MetaValue::Kind::Map;
  doc.meta.set("merge", std::move(merge));
}

// Problems with a record are reported at the record's line in the data file, so the user fixes the
// data; where the document asked for the value goes into the hint.
void MailMerge::report(const Diagnostics& record_diags, const data::Record& record, Diagnostics& diags) const {
  std::string label = "record " + std::to_string(record.number);
  for (Diagnostic d : record_diags.all()) {
    if (d.pos.file != in_->name()) {
      std::string where = d.pos.known() || !d.pos.file.empty() ? "the field is at " + to_string(d.pos) : "";
      d.hint = where + (where.empty() || d.hint.empty() ? "" : "; ") + d.hint;
      d.pos = record.pos;
    }
    if (d.message.rfind("record ", 0) != 0) d.message = label + ": " + d.message;
    diags.add(std::move(d));
  }
}

// Counts and reports a failed record; false when the run stops here (no --keep-going).
bool MailMerge::failed_record(const Diagnostics& record_diags, const data::Record& record, Diagnostics& diags) {
  ++failed_;
  failed_numbers_.push_back(record.number);
  report(record_diags, record, diags);
  stopped_ = !options_.keep_going;
  return !stopped_;
}

namespace {
// Thrown through the renderer by a record's `done` when the run stops at that record.
struct StopMerge {};
}  // namespace

bool MailMerge::finish_record(Diagnostics& record_diags, const data::Record& record, Diagnostics& diags,
                              std::exception_ptr error) {
  try {
    if (error) std::rethrow_exception(error);
  } catch (const InvalidInput&) {
    if (!record_diags.has_errors()) record_diags.error(record.pos, "the document for this record failed");
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::Input) throw;
    record_diags.error(e.pos(), e.what());
  }
  progress().add_item();
  if (record_diags.has_errors()) return failed_record(record_diags, record, diags);
  report(record_diags, record, diags);  // warnings
  return true;
}

bool MailMerge::run(const model::Document& composed, const compose::ComposeOptions& options, Diagnostics& diags,
                    const Emit& emit) {
  Later now;
  now.emit = [&](model::Document doc, Diagnostics record_diags, Done done) {
    std::exception_ptr error;
    try {
      emit(std::move(doc), record_diags);
    } catch (...) {
      error = std::current_exception();
    }
    done(record_diags, error);
  };
  return run(composed, options, diags, now);
}

bool MailMerge::run(const model::Document& composed, const compose::ComposeOptions& options, Diagnostics& diags,
                    const Later& later) {
  try {
    while (true) {
      Diagnostics record_diags;
      record_diags.set_strict(diags.strict());
      auto record = reader_->next(record_diags);
      if (!record) break;
      seen_ = record->number;
      if (range_.past(record->number)) break;
      if (!range_.contains(record->number)) continue;
      // A record that could not be read is counted as failed whatever the filter says: it may have matched.
      if (filter_ && !record_diags.has_errors() && !filter_->matches(record->values)) continue;
      ++selected_;
      model::Document doc;
      if (!record_diags.has_errors())
        doc = compose::merge_record(composed, record->values, record->number, options, record_diags);
      if (record_diags.has_errors()) {
        if (later.drain) later.drain();  // the records before it are reported first
        progress().add_item();
        if (!failed_record(record_diags, *record, diags)) return false;
        continue;
      }
      mark_merged(doc, *record);
      later.emit(std::move(doc), std::move(record_diags),
                 [this, &diags, rec = std::move(*record)](Diagnostics& done_diags, std::exception_ptr error) {
                   if (!finish_record(done_diags, rec, diags, error)) throw StopMerge{};
                 });
    }
    if (later.drain) later.drain();
  } catch (const StopMerge&) {
    if (later.cancel) later.cancel();
    return false;
  } catch (...) {
    if (later.cancel) later.cancel();
    throw;
  }
  return true;
}

int MailMerge::finish(Diagnostics& diags) {
  SourcePos file{in_->name(), 0, 0};
  if (stopped_) {
    diags.error(file, "stopped at the first record that failed",
                "--keep-going skips failed records, renders the others and reports a count");
    return kExitInvalid;
  }
  if (failed_ > 0) {
    diags.error(file, std::to_string(failed_) + " of " + std::to_string(selected_) + " records failed");
    return kExitInvalid;
  }
  if (selected_ == 0) {
    if (seen_ == 0)
      diags.warning(file, "the data file has no records");
    else if (seen_ < range_.first)
      diags.warning(file,
                    "--records " + options_.records + " selects no record: the file has " + std::to_string(seen_));
    else
      diags.warning(file, "no record matches --where '" + options_.where + "'");
  }
  return kExitOk;
}

}  // namespace quire::cli::detail
