#include "quire/text/script.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <cstring>
#include <string>

#include "quire/model/utf8.hpp"

namespace quire::text {

namespace {

// Brackets nested deeper than this forget their outermost opening: bounded memory on hostile input.
constexpr std::size_t kMaxOpenBrackets = 64;

struct OpenBracket {
  char32_t closing;    // the bracket that closes it
  UScriptCode script;  // the script around it when it opened
};

std::uint32_t iso_tag(UScriptCode code) {
  const char* name = uscript_getShortName(code);
  if (name == nullptr || std::strlen(name) != 4) return script_tag('Z', 'z', 'z', 'z');
  return script_tag(name[0], name[1], name[2], name[3]);
}

// Characters that take their script from their neighbours.
bool is_neutral(UScriptCode s) { return s == USCRIPT_COMMON || s == USCRIPT_INHERITED || s == USCRIPT_UNKNOWN; }

UScriptCode script_of(char32_t c) {
  UErrorCode err = U_ZERO_ERROR;
  UScriptCode s = uscript_getScript(static_cast<UChar32>(c), &err);
  return U_FAILURE(err) ? USCRIPT_COMMON : s;
}

// U+2329/U+232A are canonically equivalent to U+3008/U+3009; BD16 pairs them with either.
char32_t canonical_bracket(char32_t c) { return c == 0x2329 ? 0x3008 : c == 0x232A ? 0x3009 : c; }

class Itemizer {
 public:
  explicit Itemizer(std::string_view text) : text_(text) {}

  std::vector<ScriptRun> run() {
    for (std::size_t i = 0; i < text_.size();) {
      std::size_t at = i;
      char32_t c = next_char(text_, i);
      UScriptCode s = script_of(c);
      if (!is_neutral(s))
        take(s, at);
      else
        bracket(c, at);
    }
    if (!text_.empty()) runs_.push_back(ScriptRun{begin_, text_.size(), tag()});
    return std::move(runs_);
  }

 private:
  std::uint32_t tag() const { return is_neutral(current_) ? script_tag('Z', 'y', 'y', 'y') : iso_tag(current_); }

  // A character of script `s` at byte `at`: the text so far (if all neutral) joins it, or a new run starts.
  void take(UScriptCode s, std::size_t at) {
    if (s == current_) return;
    if (is_neutral(current_)) {
      current_ = s;
      for (OpenBracket& b : open_)  // brackets opened before the first script belong to it
        if (is_neutral(b.script)) b.script = s;
      return;
    }
    runs_.push_back(ScriptRun{begin_, at, tag()});
    begin_ = at;
    current_ = s;
  }

  void bracket(char32_t c, std::size_t at) {
    auto type = u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_BIDI_PAIRED_BRACKET_TYPE);
    if (type == U_BPT_OPEN) {
      if (open_.size() == kMaxOpenBrackets) open_.erase(open_.begin());
      char32_t closing = canonical_bracket(static_cast<char32_t>(u_getBidiPairedBracket(static_cast<UChar32>(c))));
      open_.push_back(OpenBracket{closing, current_});
    } else if (type == U_BPT_CLOSE) {
      char32_t closing = canonical_bracket(c);
      for (std::size_t k = open_.size(); k-- > 0;) {
        if (open_[k].closing != closing) continue;
        UScriptCode s = open_[k].script;
        open_.resize(k);  // the brackets opened inside it are closed with it
        if (!is_neutral(s)) take(s, at);
        break;
      }
    }
  }

  std::string_view text_;
  std::vector<ScriptRun> runs_;
  std::vector<OpenBracket> open_;
  std::size_t begin_ = 0;
  UScriptCode current_ = USCRIPT_COMMON;
};

}  // namespace

std::vector<ScriptRun> script_runs(std::string_view utf8) { return Itemizer(utf8).run(); }

std::uint32_t script_by_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return 0;
  std::string z(name);  // ICU wants it NUL-terminated
  int code = u_getPropertyValueEnum(UCHAR_SCRIPT, z.c_str());
  if (code == UCHAR_INVALID_CODE) return 0;
  auto script = static_cast<UScriptCode>(code);
  return is_neutral(script) ? 0 : iso_tag(script);
}

bool is_word_character(char32_t c) {
  auto category = U_GET_GC_MASK(static_cast<UChar32>(c));
  return (category & (U_GC_L_MASK | U_GC_ND_MASK | U_GC_M_MASK)) != 0;
}

std::string compose_nfc(std::string_view utf8) {
  bool ascii = true;
  for (char c : utf8) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) return std::string(utf8);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(utf8);
  icu::UnicodeString composed = nfc->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))), status);
  if (U_FAILURE(status)) return std::string(utf8);
  std::string out;
  composed.toUTF8String(out);
  return out;
}

}  // namespace quire::text
