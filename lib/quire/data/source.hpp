#pragma once
// Characters of a data file with their line and column (private to quire_data).
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/model/document.hpp"
#include "quire/model/utf8.hpp"

namespace quire::data::detail {

inline constexpr int kEnd = std::char_traits<char>::eof();

// Reads through the stream buffer directly (no per-character sentry) and counts lines and byte
// columns, both from 1. A lone CR ends a line like LF and CRLF do.
class Source {
 public:
  Source(std::istream& in, std::string name) : buf_(in.rdbuf()), name_(std::move(name)) { skip_bom(); }

  int peek() {
    if (at_ < pending_.size()) return static_cast<unsigned char>(pending_[at_]);
    return buf_ ? buf_->sgetc() : kEnd;
  }
  int get() {
    int c = kEnd;
    if (at_ < pending_.size())
      c = static_cast<unsigned char>(pending_[at_++]);
    else if (buf_)
      c = buf_->sbumpc();
    if (c == kEnd) return c;
    if (c == '\n' || (c == '\r' && peek() != '\n')) {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    return c;
  }

  SourcePos here() const { return {name_, line_, col_}; }
  SourcePos line_start() const { return {name_, line_, 0}; }
  const std::string& name() const { return name_; }

 private:
  // A UTF-8 byte order mark is allowed and skipped. The stream buffer gives back at most one
  // character reliably, so other bytes read while looking are kept and served first.
  void skip_bom() {
    if (!buf_ || buf_->sgetc() != 0xEF) return;
    char mark[3];
    std::streamsize n = buf_->sgetn(mark, 3);
    if (n == 3 && std::string_view(mark, 3) == "\xEF\xBB\xBF") return;
    pending_.assign(mark, static_cast<std::size_t>(n));
  }

  std::streambuf* buf_;
  std::string name_;
  std::string pending_;
  std::size_t at_ = 0;
  int line_ = 1, col_ = 1;
};

// Sets `value` at a dotted column path inside the map `into` ("recipient.name" → recipient: {name: …}).
void set_path(model::MetaValue& into, const std::vector<std::string>& path, model::MetaValue value);

}  // namespace quire::data::detail
