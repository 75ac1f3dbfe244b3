#pragma once
// The progress line of a long run (a mail merge, a long report) on standard error:
//   quire build: 412/1000 records · 830 pages · 95 records/s · ETA 0:06
// redrawn in place ("\r", the text, clear to the end of the line). It is shown only when a tool turned
// it on (Progress::enable: standard error is a terminal, CI is unset, no --quiet), and only once the
// run has lasted a moment: a short run prints nothing. It is erased before any diagnostic is printed
// (quire::cli prints them through erase()) and at the end, so it never mixes with them.
// Any stage may count (records, documents, pages); counting costs a lock and two compares when the
// line is off. Thread-safe.
#include <chrono>
#include <mutex>
#include <string>

namespace quire {

class Progress {
 public:
  // Shows the line from now on when standard error is a terminal, the environment has no CI variable
  // and `quiet` is false. `program` starts the line.
  void enable(const std::string& program, bool quiet);
  bool active() const;

  // What a run counts: "records" (a mail merge) or "documents" (a stream of them), and how many
  // there will be (0: unknown). The first caller decides; later calls are ignored.
  void set_unit(const char* unit, long total = 0);
  bool has_unit() const;
  // One record or document done (rendered, written, or failed).
  void add_item();
  // One page laid out, and one page drawn into a PDF; `total` the pages of the document being drawn
  // when it is drawn alone (0: part of a stream).
  void add_laid_out_page();
  void add_drawn_page();
  void expect_drawn_pages(long total);

  // Clears the line if it is shown; the next count draws it again.
  void erase();
  // Clears the line and shows it no more (end of the run).
  void finish();

  // The text of the line for these counts, `seconds` after the run started (for tests).
  struct Counts {
    const char* unit = nullptr;
    long items = 0, items_total = 0;
    long laid_out = 0, drawn = 0, drawn_total = 0;
  };
  static std::string describe(const Counts& counts, double seconds, double rate_seconds);

 private:
  using Clock = std::chrono::steady_clock;
  void update_locked();
  void erase_locked();

  mutable std::mutex mutex_;
  bool enabled_ = false, shown_ = false;
  std::string program_;
  Counts counts_;
  Clock::time_point start_, last_draw_, first_count_, first_drawn_;
  bool counted_ = false;
};

// The process's progress line (off until a tool enables it).
Progress& progress();

}  // namespace quire
