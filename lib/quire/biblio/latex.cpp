// LaTeX in BibTeX field values, as text: what bibliographies use of it (accents, special letters,
// escaped characters, dashes, ties, quotes, braces), never a TeX engine.
#include <array>
#include <cstring>

#include "quire/biblio/readers.hpp"
#include "quire/model/utf8.hpp"
#include "quire/text/script.hpp"

namespace quire::biblio {

namespace {

struct Accent {
  char command;
  char32_t mark;  // the combining character
};
constexpr std::array<Accent, 15> kAccents = {{{'"', 0x308},
                                              {'\'', 0x301},
                                              {'`', 0x300},
                                              {'^', 0x302},
                                              {'~', 0x303},
                                              {'=', 0x304},
                                              {'.', 0x307},
                                              {'u', 0x306},
                                              {'v', 0x30C},
                                              {'H', 0x30B},
                                              {'c', 0x327},
                                              {'k', 0x328},
                                              {'r', 0x30A},
                                              {'d', 0x323},
                                              {'b', 0x331}}};

struct Named {
  std::string_view command;
  std::string_view text;
};
constexpr std::array<Named, 30> kNamed = {{{"ss", "\u00DF"},
                                           {"o", "\u00F8"},
                                           {"O", "\u00D8"},
                                           {"ae", "\u00E6"},
                                           {"AE", "\u00C6"},
                                           {"oe", "\u0153"},
                                           {"OE", "\u0152"},
                                           {"aa", "\u00E5"},
                                           {"AA", "\u00C5"},
                                           {"l", "\u0142"},
                                           {"L", "\u0141"},
                                           {"i", "\u0131"},
                                           {"j", "\u0237"},
                                           {"dh", "\u00F0"},
                                           {"DH", "\u00D0"},
                                           {"th", "\u00FE"},
                                           {"TH", "\u00DE"},
                                           {"textendash", "\u2013"},
                                           {"textemdash", "\u2014"},
                                           {"ldots", "\u2026"},
                                           {"dots", "\u2026"},
                                           {"textellipsis", "\u2026"},
                                           {"S", "\u00A7"},
                                           {"P", "\u00B6"},
                                           {"copyright", "\u00A9"},
                                           {"pounds", "\u00A3"},
                                           {"euro", "\u20AC"},
                                           {"textquoteleft", "\u2018"},
                                           {"textquoteright", "\u2019"},
                                           {"LaTeX", "LaTeX"}}};

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

const Accent* accent_for(char c) {
  for (const auto& a : kAccents)
    if (a.command == c) return &a;
  return nullptr;
}

class Converter {
 public:
  Converter(std::string_view in, bool protect_case) : in_(in), protect_(protect_case) {}

  std::string run() {
    while (i_ < in_.size()) step();
    while (!open_.empty()) close_group();  // unbalanced: the reader reports it; close what is open
    return text::compose_nfc(out_);
  }

 private:
  std::string_view in_;
  bool protect_;
  std::size_t i_ = 0;
  std::string out_;
  std::vector<bool> open_;  // per open brace: whether it opened a nocase span

  void step() {
    char c = in_[i_];
    if (c == '\\') return command();
    if (c == '{') {
      // A brace at the top of a title protects its case, unless it holds a special character ({\"o}).
      bool span = protect_ && open_.empty() && !(i_ + 1 < in_.size() && in_[i_ + 1] == '\\');
      open_.push_back(span);
      if (span) out_ += "<span class=\"nocase\">";
      ++i_;
      return;
    }
    if (c == '}') {
      if (!open_.empty()) close_group();
      ++i_;
      return;
    }
    if (c == '$') {  // math shift: its letters are kept as they are
      ++i_;
      return;
    }
    if (c == '~') {
      out_ += "\u00A0";
      ++i_;
      return;
    }
    if (c == '-' && in_.substr(i_, 3) == "---") return emit("\u2014", 3);
    if (c == '-' && in_.substr(i_, 2) == "--") return emit("\u2013", 2);
    if (c == '`' && in_.substr(i_, 2) == "``") return emit("\u201C", 2);
    if (c == '\'' && in_.substr(i_, 2) == "''") return emit("\u201D", 2);
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c == ' ' && !out_.empty() && out_.back() == ' ') {
      ++i_;
      return;
    }
    out_ += c;
    ++i_;
  }

  void emit(std::string_view s, std::size_t taken) {
    out_ += s;
    i_ += taken;
  }

  void close_group() {
    if (open_.back()) out_ += "</span>";
    open_.pop_back();
  }

  void command() {
    std::size_t start = ++i_;
    if (i_ >= in_.size()) return;
    if (!is_letter(in_[i_])) {  // \" \' \& \% \{ …
      char c = in_[i_++];
      if (const Accent* a = accent_for(c)) return accent(a->mark);
      if (c == '\\') {
        out_ += ' ';
        return;
      }
      if (c != '/' && c != ' ' && c != ',' && c != '-') out_ += c;  // \/ \  \, \- make no text
      if (c == ',') out_ += "\u2009";
      return;
    }
    while (i_ < in_.size() && is_letter(in_[i_])) ++i_;
    std::string_view name = in_.substr(start, i_ - start);
    if (name.size() == 1)
      if (const Accent* a = accent_for(name[0]); a && std::strchr("uvHckrdb", name[0])) return accent(a->mark);
    while (i_ < in_.size() && in_[i_] == ' ') ++i_;  // a command eats the spaces after it
    for (const auto& n : kNamed)
      if (n.command == name) {
        out_ += n.text;
        if (i_ + 1 < in_.size() && in_[i_] == '{' && in_[i_ + 1] == '}') i_ += 2;  // \ss{}
        return;
      }
    // Any other command (\emph, \textit, \url, …): its argument is text, in an unprotected group.
    if (i_ < in_.size() && in_[i_] == '{') {
      open_.push_back(false);
      ++i_;
    }
  }

  // The letter after an accent command, written "o", "{o}", "{\i}" or " o", then the mark.
  void accent(char32_t mark) {
    while (i_ < in_.size() && in_[i_] == ' ') ++i_;
    std::string base;
    if (i_ < in_.size() && in_[i_] == '{') {
      std::size_t close = in_.find('}', i_);
      std::string_view arg = close == std::string_view::npos ? std::string_view() : in_.substr(i_ + 1, close - i_ - 1);
      if (arg == "\\i")
        base = "i";
      else if (arg == "\\j")
        base = "j";
      else if (arg.size() <= 4 && arg.find_first_of("{}\\") == std::string_view::npos)
        base = std::string(arg);
      if (close != std::string_view::npos && (arg.empty() || !base.empty())) i_ = close + 1;
    } else if (i_ + 1 < in_.size() && in_[i_] == '\\' && (in_[i_ + 1] == 'i' || in_[i_ + 1] == 'j')) {
      base = std::string(1, in_[i_ + 1]);
      i_ += 2;
    } else if (i_ < in_.size()) {
      std::size_t n = 1;
      char32_t ignored = 0;
      int len = decode_utf8(in_, i_, ignored);
      if (len > 0) n = static_cast<std::size_t>(len);
      base = std::string(in_.substr(i_, n));
      i_ += n;
    }
    out_ += base;
    append_utf8(out_, mark);
  }
};

}  // namespace

std::string latex_to_text(std::string_view latex, bool protect_case) {
  std::string out = Converter(latex, protect_case).run();
  while (!out.empty() && out.back() == ' ') out.pop_back();
  std::size_t first = out.find_first_not_of(' ');
  return first == std::string::npos ? std::string() : out.substr(first);
}

}  // namespace quire::biblio
