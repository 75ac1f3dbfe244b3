// CSL-JSON and CSL-YAML items (and `references:` in front matter): the same map form, read from a
// MetaValue whichever reader made it.
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <sstream>

#include "quire/biblio/readers.hpp"
#include "quire/data/records.hpp"
#include "quire/yaml/document_yaml.hpp"

namespace quire::biblio {

using model::MetaValue;

namespace {

constexpr std::array<std::string_view, 30> kNameVariables = {
    "author",          "chair",      "collection-editor", "compiler",    "composer",           "container-author",
    "contributor",     "curator",    "director",          "editor",      "editorial-director", "executive-producer",
    "guest",           "host",       "illustrator",       "interviewer", "narrator",           "organizer",
    "original-author", "performer",  "producer",          "recipient",   "reviewed-author",    "script-writer",
    "series-creator",  "translator", "editor-translator", "interviewee", "organiser",          "author-or-editor"};
constexpr std::array<std::string_view, 6> kDateVariables = {"accessed", "available-date", "event-date",
                                                            "issued",   "original-date",  "submitted"};

bool is_number(std::string_view s, int& out) {
  if (s.empty()) return false;
  bool negative = s.front() == '-';
  if (negative) s.remove_prefix(1);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || p != s.data() + s.size()) return false;
  if (negative) out = -out;
  return true;
}

// One EDTF date, "2019", "2019-03", "2019-03-05", "2019-21" (a season: 21–24), with "~" or "?" for circa.
bool edtf_one(std::string_view s, DateParts& out, int& season, bool& circa) {
  while (!s.empty() && (s.back() == '~' || s.back() == '?')) {
    circa = true;
    s.remove_suffix(1);
  }
  std::size_t dash = s.find('-', 1);
  int year = 0, month = 0, day = 0;
  if (!is_number(s.substr(0, dash), year)) return false;
  if (dash != std::string_view::npos) {
    std::string_view rest = s.substr(dash + 1);
    std::size_t second = rest.find('-');
    if (!is_number(rest.substr(0, second), month)) return false;
    if (second != std::string_view::npos && !is_number(rest.substr(second + 1), day)) return false;
    if (month >= 21 && month <= 24 && day == 0) {
      season = month - 20;
      month = 0;
    }
    if (month < 0 || month > 12 || day < 0 || day > 31) return false;
  }
  out = {year, month, day};
  return true;
}

}  // namespace

bool is_name_variable(const std::string& name) {
  return std::find(kNameVariables.begin(), kNameVariables.end(), name) != kNameVariables.end();
}

bool is_date_variable(const std::string& name) {
  return std::find(kDateVariables.begin(), kDateVariables.end(), name) != kDateVariables.end();
}

// "2019-03-05", "2019/2020", "2019-21": EDTF as CSL-YAML and BibLaTeX write dates; anything else is a
// literal date.
Date parse_date_text(std::string_view text) {
  Date d;
  std::size_t slash = text.find('/');
  DateParts first, second;
  bool ok = edtf_one(text.substr(0, slash), first, d.season, d.circa);
  if (ok && slash != std::string_view::npos) ok = edtf_one(text.substr(slash + 1), second, d.season, d.circa);
  if (!ok) return Date{{}, 0, false, std::string(text)};
  d.parts.push_back(first);
  if (slash != std::string_view::npos) d.parts.push_back(second);
  return d;
}

namespace {

class Converter {
 public:
  explicit Converter(Diagnostics& diags) : diags_(diags) {}

  Item item(const MetaValue& v) {
    Item it;
    it.pos = v.pos;
    if (v.kind != MetaValue::Kind::Map) {
      diags_.error(v.pos, "a reference must be a map of CSL variables");
      return it;
    }
    for (const auto& [key, value] : v.map) {
      if (key == "id") {
        it.id = value.as_text();
      } else if (key == "type") {
        it.type = value.as_text();
      } else if (is_name_variable(key)) {
        it.names[key] = names(value);
      } else if (is_date_variable(key)) {
        it.dates[key] = date(value);
      } else if (value.is_scalar() && value.kind != MetaValue::Kind::Null) {
        it.variables[key] = value.scalar;
      }
    }
    if (it.id.empty()) diags_.error(v.pos, "a reference has no \"id\"");
    return it;
  }

 private:
  Diagnostics& diags_;

  std::vector<Name> names(const MetaValue& v) {
    std::vector<Name> out;
    if (v.kind != MetaValue::Kind::List) {
      diags_.error(v.pos, "a name variable must be a list of names");
      return out;
    }
    for (const auto& n : v.list) {
      Name name;
      if (n.is_scalar()) {
        name.literal = n.as_text();
      } else if (n.kind == MetaValue::Kind::Map) {
        auto text = [&](const char* key) {
          const MetaValue* f = n.find(key);
          return f && f->is_scalar() ? f->as_text() : std::string();
        };
        name = {text("family"), text("given"),  text("dropping-particle"), text("non-dropping-particle"),
                text("suffix"), text("literal")};
      } else {
        diags_.error(n.pos, "a name must be a map (family, given, …) or a string");
      }
      out.push_back(std::move(name));
    }
    return out;
  }

  Date date(const MetaValue& v) {
    if (v.is_scalar()) return parse_date_text(v.as_text());
    Date d;
    if (v.kind != MetaValue::Kind::Map) {
      diags_.error(v.pos, "a date must be a map (date-parts, literal, …) or text");
      return d;
    }
    if (const MetaValue* parts = v.find("date-parts")) {
      if (parts->kind != MetaValue::Kind::List) diags_.error(parts->pos, "\"date-parts\" must be a list of lists");
      for (const auto& one : parts->list) d.parts.push_back(date_parts(one));
      if (d.parts.size() > 2) {
        diags_.error(parts->pos, "\"date-parts\" holds one date, or two for a range");
        d.parts.resize(2);
      }
    }
    if (const MetaValue* raw = v.find("raw"); raw && d.parts.empty()) d = parse_date_text(raw->as_text());
    if (const MetaValue* season = v.find("season")) {
      int s = 0;
      if (!is_number(season->as_text(), s) || s < 1 || s > 4)
        diags_.error(season->pos, "\"season\" must be 1 to 4");
      else
        d.season = s;
    }
    if (const MetaValue* circa = v.find("circa")) d.circa = circa->as_text() == "true" || circa->as_text() == "1";
    if (const MetaValue* literal = v.find("literal")) d.literal = literal->as_text();
    return d;
  }

  DateParts date_parts(const MetaValue& v) {
    DateParts p;
    if (v.kind != MetaValue::Kind::List || v.list.empty() || v.list.size() > 3) {
      diags_.error(v.pos, "a date's parts are a list of year, month and day: [2019, 3, 5]");
      return p;
    }
    int* fields[] = {&p.year, &p.month, &p.day};
    for (std::size_t i = 0; i < v.list.size(); ++i)
      if (!is_number(v.list[i].as_text(), *fields[i])) diags_.error(v.list[i].pos, "a date part must be a number");
    return p;
  }
};

}  // namespace

std::optional<Format> format_for_path(const std::string& path) {
  auto dot = path.rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  std::string ext = path.substr(dot + 1);
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == "json") return Format::CslJson;
  if (ext == "yaml" || ext == "yml") return Format::CslYaml;
  if (ext == "bib" || ext == "bibtex" || ext == "biblatex") return Format::Bibtex;
  return std::nullopt;
}

std::vector<Item> items_from_meta(const MetaValue& list, Diagnostics& diags) {
  std::vector<Item> out;
  if (list.kind != MetaValue::Kind::List) {
    diags.error(list.pos, "references must be a list of items");
    return out;
  }
  Converter convert(diags);
  for (const auto& v : list.list) out.push_back(convert.item(v));
  return out;
}

std::vector<Item> read_csl_json(std::istream& in, const std::string& file, Diagnostics& diags) {
  std::vector<Item> out;
  auto reader = data::open_records(in, file, data::Format::Json);
  Converter convert(diags);
  while (auto record = reader->next(diags)) {
    record->values.pos = record->pos;
    out.push_back(convert.item(record->values));
  }
  return out;
}

std::vector<Item> read_csl_yaml(const std::string& text, const std::string& file, Diagnostics& diags) {
  MetaValue root = yaml::read_value(text, file, 1, diags);
  if (const MetaValue* refs = root.find("references")) return items_from_meta(*refs, diags);
  if (root.kind == MetaValue::Kind::Null) return {};
  return items_from_meta(root, diags);
}

}  // namespace quire::biblio
