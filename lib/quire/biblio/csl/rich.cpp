#include "quire/biblio/csl/rich.hpp"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>

namespace quire::csl::detail {

bool is_empty(const Rich& r) {
  return std::all_of(r.begin(), r.end(), [](const Run& x) { return x.text.empty() && x.insert < 0; });
}

std::string plain_text(const Rich& r) {
  std::string out;
  for (const auto& x : r) out += x.text;
  return out;
}

void append(Rich& to, Rich from) {
  if (to.empty()) {
    to = std::move(from);
    return;
  }
  for (auto& x : from) to.push_back(std::move(x));
}

Rich text_run(std::string text, std::uint16_t fmt) {
  Rich r;
  if (!text.empty()) r.push_back(Run{std::move(text), fmt, {}, -1});
  return r;
}

namespace {

// Byte length of the code point at i (1 for invalid bytes).
std::size_t cp_len(std::string_view s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  return std::min(n, s.size() - i);
}

UChar32 cp_at(std::string_view s, std::size_t i) {
  int32_t off = int32_t(i);
  UChar32 c;
  U8_NEXT(s.data(), off, int32_t(s.size()), c);
  return c;
}

bool is_letter_at(std::string_view s, std::size_t i) { return u_isalpha(cp_at(s, i)); }

}  // namespace

std::string capitalize_first(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); i += cp_len(s, i)) {
    if (is_letter_at(s, i)) {
      std::size_t n = cp_len(s, i);
      return std::string(s.substr(0, i)) + to_upper(s.substr(i, n)) + std::string(s.substr(i + n));
    }
    if (s[i] != ' ' && s[i] != '(' && s[i] != '[' && s[i] != '"' && (unsigned char)s[i] < 0x80) break;
  }
  return std::string(s);
}

// ---- markup ----------------------------------------------------------------------------------

Rich parse_markup(std::string_view v) {
  Rich out;
  std::vector<std::uint16_t> stack;  // formatting opened by each tag still open
  std::uint16_t fmt = 0;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(Run{std::move(cur), fmt, {}, -1});
    cur.clear();
  };
  auto recompute = [&] {
    fmt = 0;
    for (auto f : stack) fmt = f == kItalic ? std::uint16_t(fmt ^ kItalic) : std::uint16_t(fmt | f);
  };
  auto prev_char = [&]() -> char {
    if (!cur.empty()) return cur.back();
    for (auto it = out.rbegin(); it != out.rend(); ++it)
      if (!it->text.empty()) return it->text.back();
    return ' ';
  };
  for (std::size_t i = 0; i < v.size();) {
    char c = v[i];
    if (c == '<') {
      static const std::array<std::pair<std::string_view, std::uint16_t>, 7> open = {{
          {"<i>", kItalic},
          {"<b>", kBold},
          {"<sup>", kSup},
          {"<sub>", kSub},
          {"<span class=\"nocase\">", kNoCase},
          {"<span style=\"font-variant:small-caps;\">", kSmallCaps},
          {"<span style=\"font-variant: small-caps;\">", kSmallCaps},
      }};
      bool matched = false;
      for (const auto& [tag, f] : open)
        if (v.substr(i).starts_with(tag)) {
          flush();
          stack.push_back(f);
          recompute();
          i += tag.size();
          matched = true;
          break;
        }
      if (matched) continue;
      static const std::array<std::string_view, 5> close = {"</i>", "</b>", "</sup>", "</sub>", "</span>"};
      for (auto tag : close)
        if (v.substr(i).starts_with(tag) && !stack.empty()) {
          flush();
          stack.pop_back();
          recompute();
          i += tag.size();
          matched = true;
          break;
        }
      if (matched) continue;
    }
    if (c == '&') {
      static const std::array<std::pair<std::string_view, std::string_view>, 6> entities = {{
          {"&amp;", "&"},
          {"&lt;", "<"},
          {"&gt;", ">"},
          {"&quot;", "\""},
          {"&#38;", "&"},
          {"&#39;", "'"},
      }};
      bool matched = false;
      for (const auto& [e, t] : entities)
        if (v.substr(i).starts_with(e)) {
          cur += t;
          i += e.size();
          matched = true;
          break;
        }
      if (matched) continue;
    }
    if (c == '\'') {
      char p = prev_char();
      bool opening = p == ' ' || p == '(' || p == '[' || p == '"';
      cur += opening ? "‘" : "’";
      ++i;
      continue;
    }
    if (c == '"') {
      char p = prev_char();
      bool opening = p == ' ' || p == '(' || p == '[' || (cur.empty() && out.empty());
      cur += opening ? "“" : "”";
      ++i;
      continue;
    }
    cur += c;
    ++i;
  }
  flush();
  return out;
}

// ---- text-case -------------------------------------------------------------------------------

namespace {

// citeproc-js's words that title case leaves in lower case (prepositions, articles, conjunctions).
bool is_stop_word(std::string_view w) {
  static const std::array<std::string_view, 95> stop = {"a",          "about",      "above",
                                                        "across",     "afore",      "after",
                                                        "against",    "al",         "along",
                                                        "alongside",  "amid",       "amidst",
                                                        "among",      "amongst",    "an",
                                                        "and",        "anenst",     "apropos",
                                                        "apud",       "around",     "as",
                                                        "aside",      "astride",    "at",
                                                        "athwart",    "atop",       "barring",
                                                        "before",     "behind",     "below",
                                                        "beneath",    "beside",     "besides",
                                                        "between",    "beyond",     "but",
                                                        "by",         "circa",      "despite",
                                                        "down",       "during",     "et",
                                                        "except",     "for",        "forenenst",
                                                        "from",       "given",      "in",
                                                        "inside",     "into",       "lest",
                                                        "like",       "modulo",     "near",
                                                        "next",       "nor",        "notwithstanding",
                                                        "of",         "off",        "on",
                                                        "onto",       "or",         "out",
                                                        "over",       "per",        "plus",
                                                        "pro",        "qua",        "sans",
                                                        "since",      "so",         "than",
                                                        "the",        "through",    "thru",
                                                        "throughout", "thruout",    "till",
                                                        "to",         "toward",     "towards",
                                                        "under",      "underneath", "until",
                                                        "unto",       "up",         "upon",
                                                        "versus",     "via",        "with",
                                                        "within",     "without",    "yet",
                                                        "vs",         "v"};
  return std::find(stop.begin(), stop.end(), w) != stop.end();
}

bool has_upper(std::string_view w) {
  for (std::size_t i = 0; i < w.size(); i += cp_len(w, i))
    if (u_isupper(cp_at(w, i))) return true;
  return false;
}

bool all_upper(std::string_view w) {
  bool letters = false;
  for (std::size_t i = 0; i < w.size(); i += cp_len(w, i)) {
    UChar32 c = cp_at(w, i);
    if (u_islower(c)) return false;
    if (u_isalpha(c)) letters = true;
  }
  return letters;
}

// Calls f(run, begin, end, first_in_text) for each word (a maximal run of non-space bytes) of the runs
// that text-case may change.
template <class F>
void for_each_word(Rich& r, F&& f) {
  bool first = true;
  char last_punct = 0;
  for (auto& run : r) {
    if (run.insert >= 0) continue;
    std::string& t = run.text;
    std::size_t i = 0;
    while (i < t.size()) {
      while (i < t.size() && (t[i] == ' ' || t[i] == '-' || t[i] == '/')) ++i;
      std::size_t b = i;
      while (i < t.size() && t[i] != ' ' && t[i] != '-' && t[i] != '/') ++i;
      if (b == i) continue;
      bool after_colon = last_punct == ':' || last_punct == '?' || last_punct == '!';
      if (!(run.fmt & kNoCase)) f(run, b, i, first || after_colon);
      first = false;
      last_punct = t[i - 1];
    }
  }
}

std::string cap_word(std::string_view w) { return capitalize_first(w); }

}  // namespace

void apply_text_case(Rich& r, std::string_view tc, bool english) {
  if (tc == "lowercase" || tc == "uppercase") {
    for (auto& run : r)
      if (run.insert < 0 && !(run.fmt & kNoCase))
        run.text = tc == "lowercase" ? to_lower(run.text) : to_upper(run.text);
    return;
  }
  if (tc == "capitalize-first" || tc == "sentence") {
    for (auto& run : r) {
      if (run.insert >= 0) return;
      if (run.text.empty()) continue;
      if (!(run.fmt & kNoCase)) {
        if (tc == "sentence" && all_upper(plain_text(r))) run.text = to_lower(run.text);
        run.text = capitalize_first(run.text);
      }
      return;
    }
    return;
  }
  if (tc == "capitalize-all") {
    for_each_word(r, [](Run& run, std::size_t b, std::size_t e, bool) {
      std::string w = cap_word(std::string_view(run.text).substr(b, e - b));
      run.text.replace(b, e - b, w);
    });
    return;
  }
  if (tc == "title" && english) {
    // Words wholly in lower case are capitalized, except stop words that are neither first nor after a
    // colon; words with capitals (acronyms, "iPhone") are left as they are.
    for_each_word(r, [&](Run& run, std::size_t b, std::size_t e, bool first) {
      std::string_view w = std::string_view(run.text).substr(b, e - b);
      std::string word(w);
      if (has_upper(word)) return;
      std::string bare = word;
      while (!bare.empty() && !std::isalnum(static_cast<unsigned char>(bare.back())) &&
             (unsigned char)bare.back() < 0x80)
        bare.pop_back();
      if (!first && is_stop_word(bare)) {
        run.text.replace(b, e - b, word);
        return;
      }
      run.text.replace(b, e - b, cap_word(word));
    });
  }
}

// ---- joining ---------------------------------------------------------------------------------

namespace {

struct Joiner {
  const std::vector<model::Inlines>& inserts;
  bool punctuation_in_quote;
  Rich out;
  std::string last;  // the text so far, its last few bytes matter

  char last_char() const { return last.empty() ? 0 : last.back(); }

  void put(std::string text, std::uint16_t fmt, const std::string& url) {
    if (text.empty()) return;
    char l = last_char();
    char c = text[0];
    if ((c == '.' && (l == '.' || l == '?' || l == '!')) || (c == ',' && l == ',') || (c == ';' && l == ';') ||
        (c == ':' && l == ':') || (c == ' ' && (l == ' ' || l == 0)))
      text.erase(0, 1);
    else if (c == '.' && last.size() >= 3 && (last.ends_with("?”") || last.ends_with("!”") || last.ends_with(".”")))
      text.erase(0, 1);
    if (text.empty()) return;
    last += text;
    if (last.size() > 16) last.erase(0, last.size() - 16);
    if (!out.empty() && out.back().insert < 0 && out.back().fmt == fmt && out.back().url == url)
      out.back().text += text;
    else
      out.push_back(Run{std::move(text), fmt, url, -1});
  }
};

void wrap(model::Inlines& content, const Run& run) {
  auto span = [&](const char* cls) {
    model::Span s;
    s.content = std::move(content);
    s.classes.push_back(cls);
    content = model::Inlines{model::Inline{std::move(s)}};
  };
  if (run.fmt & kSup) span("superscript");
  if (run.fmt & kSub) span("subscript");
  if (run.fmt & kSmallCaps) span("smallcaps");
  if (run.fmt & kItalic) content = model::Inlines{model::Inline{model::Emph{std::move(content)}}};
  if (run.fmt & kBold) content = model::Inlines{model::Inline{model::Strong{std::move(content)}}};
}

}  // namespace

model::Inlines to_inlines(const Rich& r, const std::vector<model::Inlines>& inserts, bool punctuation_in_quote) {
  Joiner j{inserts, punctuation_in_quote, {}, {}};
  const Run* pending = nullptr;  // a closing quote waiting for a following . or ,
  auto flush_quote = [&] {
    if (pending) j.put(pending->text, pending->fmt & ~kCloseQuote & ~kFirstNames & ~kNoCase, pending->url);
    pending = nullptr;
  };
  for (const auto& run : r) {
    if (run.insert >= 0) {
      flush_quote();
      j.out.push_back(run);
      std::string t = model::plain_text(inserts[std::size_t(run.insert)]);
      if (!t.empty()) j.last = t;
      continue;
    }
    if (run.text.empty()) continue;
    std::uint16_t fmt = run.fmt & (kItalic | kBold | kSmallCaps | kSup | kSub);
    if ((run.fmt & kCloseQuote) && punctuation_in_quote) {
      flush_quote();
      pending = &run;
      continue;
    }
    std::string text = run.text;
    if (pending) {
      if (text[0] == '.' || text[0] == ',') {
        j.put(std::string(1, text[0]), pending->fmt & (kItalic | kBold | kSmallCaps), pending->url);
        text.erase(0, 1);
      }
      flush_quote();
    }
    j.put(std::move(text), fmt, run.url);
  }
  flush_quote();
  // Trailing spaces are dropped.
  while (!j.out.empty() && j.out.back().insert < 0 && !j.out.back().text.empty() && j.out.back().text.back() == ' ') {
    j.out.back().text.pop_back();
    if (j.out.back().text.empty()) j.out.pop_back();
  }
  model::Inlines result;
  for (const auto& run : j.out) {
    if (run.insert >= 0) {
      for (const auto& in : inserts[std::size_t(run.insert)]) result.push_back(in);
      continue;
    }
    model::Inlines content{model::Inline{model::Text{run.text}}};
    wrap(content, run);
    if (!run.url.empty()) {
      // Adjacent pieces of one link (different formatting) stay one link.
      if (!result.empty())
        if (auto* l = std::get_if<model::Link>(&result.back().node); l && l->url == run.url) {
          for (auto& c : content) l->content.push_back(std::move(c));
          continue;
        }
      content = model::Inlines{model::Inline{model::Link{std::move(content), run.url, {}}}};
    }
    for (auto& c : content) result.push_back(std::move(c));
  }
  return result;
}

}  // namespace quire::csl::detail
