#pragma once
// CSL 1.0.2's locator terms ("page", "chapter", …) and the words a citation may write for them
// ("p.", "pp.", "chap.", "§"): one table for the Markdown reader, the YAML reader and the fallback text.
#include <string>
#include <string_view>
#include <vector>

namespace quire::model {

struct LocatorTerm {
  std::string_view name;          // the CSL term: "page", "issue"
  std::string_view long_single;   // "page", "number" (CSL's en-US locale)
  std::string_view long_plural;   // "pages", "numbers"
  std::string_view short_single;  // "p.", "no."
  std::string_view short_plural;  // "pp.", "nos."
  std::string_view symbol;        // "§" for section, "¶" for paragraph; else empty
};

// The term named `name` ("page"), or nullptr.
const LocatorTerm* locator_term(std::string_view name);

// The term that `word` writes ("p.", "pp.", "Page", "pages", "§§"; ASCII letters in any case), or nullptr.
const LocatorTerm* locator_term_for_word(std::string_view word);

// The term whose word `text` starts with, the longest that fits ("pp. 33" → page, taking 3 bytes); a word
// of letters must end there (a space or the end follows), one ending in "." or a symbol may be followed
// by anything. nullptr when none; `length` is then 0.
const LocatorTerm* locator_term_at_start(std::string_view text, std::size_t& length);

// Every term's name, in CSL's order: for messages ("did you mean").
const std::vector<std::string_view>& locator_term_names();

// "p. 33" or "pp. 33–35": the locator with its term's short form, plural when it names a range or a list.
std::string locator_text(std::string_view label, std::string_view locator);

}  // namespace quire::model
