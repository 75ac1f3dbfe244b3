#pragma once
// The mail merge loop shared by quire-compose --data and quire build --data (internal to lib/quire/cli).
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "quire/cli/commands.hpp"
#include "quire/compose/mailing.hpp"
#include "quire/data/records.hpp"
#include "quire/io/file.hpp"

namespace quire::cli::detail {

// Reads the data file one record at a time and hands one merged document per selected record to
// `emit` as soon as it is made: nothing but the current record and document is held.
class MailMerge {
 public:
  // Checks the options and opens the data file. Throws Error(Usage) or Error(Io).
  explicit MailMerge(const MergeOptions& options);
  ~MailMerge();

  // Merges every selected record into `composed`. A record that fails (unreadable, or a field it
  // cannot fill) is reported at its line in the data file; without keep_going the run stops there and
  // run() returns false (the caller then writes nothing more). Returns true when it went to the end.
  // `emit` reports problems with the merged document (rendering it) into the Diagnostics it is given,
  // or throws InvalidInput or Error(Input): the record then counts as failed too.
  using Emit = std::function<void(model::Document, Diagnostics&)>;
  bool run(const model::Document& composed, const compose::ComposeOptions& options, Diagnostics& diags,
           const Emit& emit);

  // The same with documents that finish later (render::Renderer::submit, -j N): `emit` is given each
  // record's document, its diagnostics so far and a `done` that it calls (on this thread, in record
  // order) with them and what the document threw; `drain` waits until every document emitted is done,
  // `cancel` drops those not done (the run stopped at an earlier record). The outcome, the diagnostics
  // and their order are those of run() above.
  using Done = std::function<void(Diagnostics&, std::exception_ptr)>;
  struct Later {
    std::function<void(model::Document, Diagnostics, Done)> emit;
    std::function<void()> drain, cancel;
  };
  bool run(const model::Document& composed, const compose::ComposeOptions& options, Diagnostics& diags,
           const Later& later);

  // After run(): adds the closing count ("2 of 1000 records failed") or the warning that no record was
  // selected. Returns the exit status.
  int finish(Diagnostics& diags);

  int selected() const { return selected_; }
  int failed() const { return failed_; }
  // The numbers of the records that failed, in order.
  const std::vector<int>& failed_records() const { return failed_numbers_; }

 private:
  void report(const Diagnostics& record_diags, const data::Record& record, Diagnostics& diags) const;
  bool failed_record(const Diagnostics& record_diags, const data::Record& record, Diagnostics& diags);
  // Counts and reports a record whose document is done; false when the run stops here.
  bool finish_record(Diagnostics& record_diags, const data::Record& record, Diagnostics& diags,
                     std::exception_ptr error);
  long count_selected(data::Format format) const;

  MergeOptions options_;
  data::RecordRange range_;
  std::optional<data::RecordFilter> filter_;
  std::unique_ptr<io::InputStream> in_;
  std::unique_ptr<data::RecordReader> reader_;
  int selected_ = 0, failed_ = 0, seen_ = 0;
  std::vector<int> failed_numbers_;
  bool stopped_ = false;
};

// Envelopes and labels on their way out of compose: each document's address is checked against the
// stationery before it goes on (an address with more lines than the envelope or a label can hold fails
// its record alone, so --keep-going skips it), and labels are gathered onto sheets, one document per
// sheet (compose/mailing.hpp). Any other document passes through unchanged.
class Mailing {
 public:
  using Out = std::function<void(model::Document)>;
  // Lays a document out and reports what does not fit, as rendering it would.
  using Trial = std::function<void(const model::Document&, Diagnostics&)>;
  // Reads the stationery `composed` asks for; errors in it go to `diags` (check has_errors after).
  // With `trial` (a run that renders), each label is first laid out alone, so an address too wide for
  // its label fails its own record rather than the sheet it would have shared with others.
  Mailing(const model::Document& composed, Diagnostics& diags, Trial trial = {});
  ~Mailing();
  // One document (a merged record's, or the composed one): to `out`, or onto the sheet.
  void add(model::Document doc, Diagnostics& doc_diags, const Out& out);
  // The last sheet, when one is partly used.
  void finish(const Out& out);
  // True for labels: records are gathered onto sheets, not passed on one by one.
  bool gathers() const { return kind_ == Kind::Labels; }

 private:
  enum class Kind { None, Invalid, Envelope, Labels } kind_ = Kind::None;
  int capacity_ = 0;        // address lines the stationery holds at its smallest text
  std::string stationery_;  // named in messages
  std::unique_ptr<compose::LabelSheets> sheets_;
  Trial trial_;
};

// The one document a merge fills: throws Error(Input) when `composed` is empty or holds several.
const model::Document& single_document(const std::vector<model::Document>& composed);

// The metadata a merged document carries for the stages after compose (docs/mail-merge.md):
//   merge: {n: 7, at: "donors.csv:8", record: {…the record's columns…}}
void mark_merged(model::Document& doc, const data::Record& record);

}  // namespace quire::cli::detail
