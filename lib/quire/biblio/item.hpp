#pragma once
// A bibliography entry as CSL 1.0.2 sees it, whatever file it came from (CSL-JSON, CSL-YAML, BibTeX):
// names, dates and the other variables (strings and numbers, kept as written). docs/citations.md.
#include <map>
#include <string>
#include <vector>

#include "quire/model/source_pos.hpp"

namespace quire::biblio {

struct Name {
  std::string family;
  std::string given;
  std::string dropping_particle;      // "de" in "Alexander de Tocqueville" when sorted under T
  std::string non_dropping_particle;  // "van" in "Vincent van Gogh", kept with the family name
  std::string suffix;                 // "Jr."
  std::string literal;                // an organisation, or a name given as one piece
  bool operator==(const Name&) const = default;
};

struct DateParts {
  int year = 0;  // negative for BC; 0 when unknown
  int month = 0;
  int day = 0;
  bool operator==(const DateParts&) const = default;
};

struct Date {
  std::vector<DateParts> parts;  // one, or two for a range ("2019/2020")
  int season = 0;                // 1–4: spring, summer, autumn, winter
  bool circa = false;
  std::string literal;  // a date that is no date ("forthcoming"); parts then empty
  bool operator==(const Date&) const = default;
};

struct Item {
  std::string id;
  std::string type;                                // a CSL type: "article-journal", "book", "chapter", …
  std::map<std::string, std::vector<Name>> names;  // "author", "editor", …
  std::map<std::string, Date> dates;               // "issued", "accessed", …
  std::map<std::string, std::string> variables;    // "title", "page", "volume", "DOI", …
  model::SourcePos pos;                            // where the entry starts in its file
  bool operator==(const Item& o) const {           // ignores pos
    return id == o.id && type == o.type && names == o.names && dates == o.dates && variables == o.variables;
  }
};

// CSL's name variables ("author", "editor", …) and date variables ("issued", "accessed", …).
bool is_name_variable(const std::string& name);
bool is_date_variable(const std::string& name);

}  // namespace quire::biblio
