#pragma once
// Heading identifiers in the manner of pandoc's auto_identifiers extension.
#include <string>
#include <string_view>
#include <unordered_set>

namespace quire::markdown {

// The identifier for a heading's plain text: lowercase, punctuation and symbols dropped (except
// '_', '-', '.'), runs of blanks become one '-', everything before the first letter dropped;
// "section" when nothing is left. Letters of every script are kept (Hangul, Cyrillic, …).
std::string heading_slug(std::string_view text);

// Hands out slugs unique within one document: "intro", "intro-1", "intro-2", …
class HeadingIds {
 public:
  std::string next(std::string_view text);
  // Marks an id written by hand (a div's) as taken, so that later headings do not repeat it.
  void reserve(std::string id) { used_.insert(std::move(id)); }

 private:
  std::unordered_set<std::string> used_;
};

}  // namespace quire::markdown
