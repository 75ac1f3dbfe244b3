#include "quire/diag/progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace quire {

namespace {

// A run shorter than this shows nothing; the line is redrawn at most this often.
constexpr auto kDelay = std::chrono::milliseconds(300);
constexpr auto kRedraw = std::chrono::milliseconds(100);

std::string duration(double seconds) {
  long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

std::string rate(double per_second, const char* unit) {
  char buf[64];
  std::snprintf(buf, sizeof buf, per_second >= 10 ? "%.0f %s/s" : "%.1f %s/s", per_second, unit);
  return buf;
}

// Columns of the terminal on standard error (80 when it does not say): a line longer than that wraps,
// and "\r" would then redraw only its last part.
std::size_t columns() {
  winsize ws{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

// `text` cut to `width` characters (UTF-8 continuation bytes take no column).
std::string fit(const std::string& text, std::size_t width) {
  std::size_t cols = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++cols > width) return text.substr(0, i);
  }
  return text;
}

}  // namespace

Progress& progress() {
  static Progress line;
  return line;
}

void Progress::enable(const std::string& program, bool quiet) {
  std::lock_guard lock(mutex_);
  const char* ci = std::getenv("CI");
  enabled_ = !quiet && !ci && isatty(STDERR_FILENO) == 1;
  program_ = program;
  start_ = last_draw_ = Clock::now();
}

bool Progress::active() const {
  std::lock_guard lock(mutex_);
  return enabled_;
}

void Progress::set_unit(const char* unit, long total) {
  std::lock_guard lock(mutex_);
  if (counts_.unit) return;
  counts_.unit = unit;
  counts_.items_total = total;
}

bool Progress::has_unit() const {
  std::lock_guard lock(mutex_);
  return counts_.unit != nullptr;
}

void Progress::add_item() {
  std::lock_guard lock(mutex_);
  ++counts_.items;
  update_locked();
}

void Progress::add_laid_out_page() {
  std::lock_guard lock(mutex_);
  ++counts_.laid_out;
  update_locked();
}

void Progress::add_drawn_page() {
  std::lock_guard lock(mutex_);
  ++counts_.drawn;
  update_locked();
}

void Progress::expect_drawn_pages(long total) {
  std::lock_guard lock(mutex_);
  counts_.drawn_total = total;
  counts_.drawn = 0;
  first_drawn_ = Clock::now();
}

std::string Progress::describe(const Counts& c, double seconds, double rate_seconds) {
  std::string text;
  auto part = [&](const std::string& s) { text += (text.empty() ? "" : " · ") + s; };
  if (c.unit) {
    part(std::to_string(c.items) + (c.items_total > 0 ? "/" + std::to_string(c.items_total) : "") + " " + c.unit);
    if (c.laid_out > 0) part(std::to_string(c.laid_out) + (c.laid_out == 1 ? " page" : " pages"));
    if (c.items > 0 && rate_seconds > 0) {
      double per_second = double(c.items) / rate_seconds;
      part(rate(per_second, c.unit));
      if (c.items_total > c.items) part("ETA " + duration(double(c.items_total - c.items) / per_second));
    }
  } else if (c.drawn_total > 0) {
    part("writing page " + std::to_string(c.drawn) + "/" + std::to_string(c.drawn_total));
    if (c.drawn > 0 && rate_seconds > 0) {
      double per_second = double(c.drawn) / rate_seconds;
      part(rate(per_second, "pages"));
      if (c.drawn_total > c.drawn) part("ETA " + duration(double(c.drawn_total - c.drawn) / per_second));
    }
  } else {
    part("laying out: " + std::to_string(c.laid_out) + (c.laid_out == 1 ? " page" : " pages"));
  }
  part(duration(seconds));
  return text;
}

void Progress::update_locked() {
  if (!enabled_) return;
  auto now = Clock::now();
  if (!counted_) {
    counted_ = true;
    first_count_ = now;
  }
  if (now - start_ < kDelay || (shown_ && now - last_draw_ < kRedraw)) return;
  last_draw_ = now;
  auto since = [&](Clock::time_point t) { return std::chrono::duration<double>(now - t).count(); };
  std::string text =
      program_ + ": " + describe(counts_, since(start_), since(counts_.unit ? first_count_ : first_drawn_));
  std::string line = "\r" + fit(text, columns() - 1) + "\033[K";
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  shown_ = true;
}

void Progress::erase_locked() {
  if (!shown_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

void Progress::erase() {
  std::lock_guard lock(mutex_);
  erase_locked();
}

void Progress::finish() {
  std::lock_guard lock(mutex_);
  erase_locked();
  enabled_ = false;
}

}  // namespace quire
