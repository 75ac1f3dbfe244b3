#include "quire/validate/schema.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <valijson/constraint_builder.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "quire/diag/edit_distance.hpp"
#include "quire/io/file.hpp"
#include "quire/validate/meta_adapter.hpp"
#include "quire/yaml/document_yaml.hpp"

namespace quire::validate {

using model::MetaValue;
using Kind = MetaValue::Kind;

namespace detail {

bool number_value(const std::string& text, double& out) {
  std::string_view s = text;
  bool negative = !s.empty() && s[0] == '-';
  std::string_view body = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? s.substr(1) : s;
  if (body == ".inf" || body == ".Inf" || body == ".INF") {
    out = negative ? -HUGE_VAL : HUGE_VAL;
    return true;
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") {
    out = std::nan("");
    return true;
  }
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(text.c_str() + 2, &end, s[1] == 'x' ? 16 : 8);
    if (errno || *end) return false;
    out = static_cast<double>(v);
    return true;
  }
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return *end == '\0';
}

bool integer_value(const std::string& text, std::int64_t& out) {
  std::string_view s = text;
  std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  bool digits = i < s.size() &&
                std::all_of(s.begin() + static_cast<long>(i), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) {
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno || *end) return false;
    out = v;
    return true;
  }
  double d;
  if (!number_value(text, d) || !std::isfinite(d) || std::floor(d) != d) return false;
  if (d < -9.2e18 || d > 9.2e18) return false;
  out = static_cast<std::int64_t>(d);
  return true;
}

}  // namespace detail

// ---- formats ---------------------------------------------------------------------------------

bool is_valid_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  int year = num(0, 4), month = num(5, 2), day = num(8, 2);
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

namespace {

bool atext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos ||
         static_cast<unsigned char>(c) >= 0x80;  // RFC 6531: UTF-8 in addresses
}

bool dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i + 1] == '.') return false;
    } else if (!atext(s[i])) {
      return false;
    }
  }
  return true;
}

bool quoted_local(std::string_view s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return false;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
      if (i + 1 >= s.size()) return false;
    } else if (s[i] == '"' || static_cast<unsigned char>(s[i]) < 0x20) {
      return false;
    }
  }
  return true;
}

bool host_name(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || static_cast<unsigned char>(c) >= 0x80))
        return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

}  // namespace

bool is_valid_email(std::string_view s) {
  std::size_t at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size() || at > 64) return false;
  std::string_view local = s.substr(0, at), domain = s.substr(at + 1);
  if (!dot_atom(local) && !quoted_local(local)) return false;
  if (domain.front() == '[') return domain.back() == ']' && domain.size() > 2;
  return host_name(domain);
}

namespace {

// ---- format checking inside valijson: a custom constraint for the "format" keyword ----------

constexpr std::string_view kBadDate = "is not a valid date (YYYY-MM-DD)";
constexpr std::string_view kBadEmail = "is not a valid email address";

class FormatCheck : public valijson::constraints::PolyConstraint {
 public:
  explicit FormatCheck(std::string format) : format_(std::move(format)) {}

  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    if (!target.isString()) return true;  // formats apply to strings only
    std::string s = target.asString();
    std::string_view problem;
    if (format_ == "date" && !is_valid_date(s)) problem = kBadDate;
    if (format_ == "email" && !is_valid_email(s)) problem = kBadEmail;
    if (problem.empty()) return true;
    if (results) results->pushError(context, std::string(problem));
    return false;
  }

 private:
  Constraint* cloneInto(void* memory) const override { return new (memory) FormatCheck(*this); }
  std::size_t sizeOf() const override { return sizeof(FormatCheck); }
  std::string format_;
};

class FormatBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
    return new FormatCheck(value.isString() ? value.asString() : std::string());
  }
};

// ---- looking things up in the schema, for messages and coercion ------------------------------

std::string unescape_pointer_token(std::string_view t) {
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '~' && i + 1 < t.size() && (t[i + 1] == '0' || t[i + 1] == '1')) {
      out += t[i + 1] == '0' ? '~' : '/';
      ++i;
    } else if (t[i] == '%' && i + 2 < t.size() && std::isxdigit(static_cast<unsigned char>(t[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(t[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(t.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += t[i];
    }
  }
  return out;
}

// A local "$ref" ("#", "#/definitions/x") inside `root`; nullptr for anything else.
const MetaValue* local_ref(const MetaValue& root, std::string_view ref) {
  if (ref.empty() || ref[0] != '#') return nullptr;
  const MetaValue* at = &root;
  std::string_view rest = ref.substr(1);
  while (!rest.empty() && at) {
    if (rest[0] != '/') return nullptr;
    rest.remove_prefix(1);
    std::size_t slash = rest.find('/');
    std::string token = unescape_pointer_token(rest.substr(0, slash));
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (at->kind == Kind::Map) {
      at = at->find(token);
    } else if (at->kind == Kind::List) {
      char* end = nullptr;
      unsigned long i = std::strtoul(token.c_str(), &end, 10);
      at = (*end || token.empty() || i >= at->list.size()) ? nullptr : &at->list[i];
    } else {
      return nullptr;
    }
  }
  return at;
}

const MetaValue* resolve(const MetaValue& root, const MetaValue* s) {
  for (int hops = 0; s && s->kind == Kind::Map && hops < 32; ++hops) {
    const MetaValue* ref = s->find("$ref");
    if (!ref || ref->kind != Kind::String) break;
    s = local_ref(root, ref->scalar);
  }
  return s;
}

const MetaValue* member_schema(const MetaValue& root, const MetaValue* s, const std::string& name) {
  s = resolve(root, s);
  if (!s || s->kind != Kind::Map) return nullptr;
  if (const MetaValue* props = s->find("properties"); props && props->kind == Kind::Map)
    if (const MetaValue* p = props->find(name)) return resolve(root, p);
  if (const MetaValue* extra = s->find("additionalProperties"); extra && extra->kind == Kind::Map)
    return resolve(root, extra);
  return nullptr;
}

const MetaValue* item_schema(const MetaValue& root, const MetaValue* s, std::size_t index) {
  s = resolve(root, s);
  if (!s || s->kind != Kind::Map) return nullptr;
  const MetaValue* items = s->find("items");
  if (items && items->kind == Kind::Map) return resolve(root, items);
  if (items && items->kind == Kind::List) {
    if (index < items->list.size()) return resolve(root, &items->list[index]);
    if (const MetaValue* extra = s->find("additionalItems"); extra && extra->kind == Kind::Map)
      return resolve(root, extra);
  }
  return nullptr;
}

std::string shown(const MetaValue& v) {
  switch (v.kind) {
    case Kind::Null:
      return "null";
    case Kind::Bool:
    case Kind::Number:
      return v.scalar;
    case Kind::String: {
      std::string s = v.scalar.size() > 60 ? v.scalar.substr(0, 57) + "..." : v.scalar;
      return json_string(s);
    }
    case Kind::List:
      return "a list";
    case Kind::Map:
      return "a map";
  }
  return {};
}

std::string type_phrase(const std::string& t) {
  if (t == "string") return "a string";
  if (t == "number") return "a number";
  if (t == "integer") return "an integer";
  if (t == "boolean") return "true or false";
  if (t == "null") return "null";
  if (t == "array") return "a list";
  if (t == "object") return "a map";
  return json_string(t);
}

std::string pointer_token(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// valijson's messages that only say "something below failed": dropped when an error deeper down says what.
bool is_wrapper(std::string_view m) {
  return starts_with(m, "Failed to validate item #") ||
         starts_with(m, "Failed to validate against schema associated with property name") ||
         starts_with(m, "Failed to validate against schema associated with pattern") ||
         starts_with(m, "Failed to validate against additional properties schema") ||
         starts_with(m, "Failed to validate against child schema #") ||
         starts_with(m, "Failed to validate against dependent schema") ||
         starts_with(m, "Failed to validate against a conditional schema");
}

bool is_alternatives(std::string_view m);

// valijson's own "format" checks: quire checks dates itself, and formats apply to strings only.
bool is_valijson_format(std::string_view m) {
  return m == "String should be a valid date" || m == "String should be a valid time" ||
         m == "String should be a valid date-time";
}

struct Located {
  const MetaValue* node = nullptr;    // the data node the error is about
  const MetaValue* schema = nullptr;  // its subschema, when it can be found without combinators
  std::string pointer;                // JSON pointer of `node`
};

Located locate(const MetaValue& data, const MetaValue& root, const std::vector<std::string>& context) {
  Located at{&data, resolve(root, &root), ""};
  for (std::size_t i = 1; i < context.size() && at.node; ++i) {
    const std::string& step = context[i];
    if (step.size() < 2 || step.front() != '[' || step.back() != ']') break;
    std::string key = step.substr(1, step.size() - 2);
    if (at.node->kind == Kind::List) {
      std::size_t index = std::strtoul(key.c_str(), nullptr, 10);
      if (index >= at.node->list.size()) break;
      at.schema = item_schema(root, at.schema, index);
      at.node = &at.node->list[index];
    } else if (at.node->kind == Kind::Map) {
      const MetaValue* child = at.node->find(key);
      if (!child) break;
      at.schema = member_schema(root, at.schema, key);
      at.node = child;
    } else {
      break;
    }
    at.pointer += "/" + pointer_token(key);
  }
  return at;
}

std::string schema_text(const MetaValue* schema, const char* key) {
  if (!schema || schema->kind != Kind::Map) return {};
  const MetaValue* v = schema->find(key);
  if (!v) return {};
  if (v->kind == Kind::String) return json_string(v->scalar);
  if (v->kind == Kind::List) {
    std::string out;
    for (std::size_t i = 0; i < v->list.size() && i < 8; ++i) out += (i ? ", " : "") + shown(v->list[i]);
    if (v->list.size() > 8) out += ", …";
    return out;
  }
  return v->scalar;
}

std::string number_after(std::string_view m, std::string_view prefix, const MetaValue* schema, const char* key) {
  std::string from_schema = schema_text(schema, key);
  if (!from_schema.empty()) return from_schema;
  std::string n(m.substr(prefix.size()));
  // valijson prints with std::to_string: "10.000000" → "10"
  if (n.find('.') != std::string::npos) {
    while (!n.empty() && n.back() == '0') n.pop_back();
    if (!n.empty() && n.back() == '.') n.pop_back();
  }
  return n;
}

std::string first_number(std::string_view m) {
  std::size_t i = m.find_first_of("0123456789");
  std::size_t j = m.find_first_not_of("0123456789", i);
  return i == std::string_view::npos ? std::string() : std::string(m.substr(i, j - i));
}

std::string strip_period(std::string s) {
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

// One valijson error as a quire message about `at.node` (the pointer is added by the caller).
std::string message_for(std::string_view m, Located& at, std::string& hint) {
  const MetaValue& v = *at.node;
  if (m == kBadDate || m == kBadEmail) return shown(v) + " " + std::string(m);
  if (m == "Value type not permitted by 'type' constraint.") {
    std::string expected;
    if (at.schema && at.schema->kind == Kind::Map) {
      if (const MetaValue* t = at.schema->find("type")) {
        if (t->kind == Kind::String) expected = type_phrase(t->scalar);
        if (t->kind == Kind::List)
          for (std::size_t i = 0; i < t->list.size(); ++i)
            expected += (i ? " or " : "") + type_phrase(t->list[i].scalar);
      }
    }
    return shown(v) + (expected.empty() ? " is not of a type the schema allows" : " is not " + expected);
  }
  if (starts_with(m, "Missing required property '")) {
    std::string name(m.substr(27, m.size() - 29));
    return "missing required property " + json_string(name);
  }
  if (starts_with(m, "Object contains a property that could not be validated")) {
    std::size_t q = m.rfind("'", m.size() - 3);
    std::string name(m.substr(q + 1, m.size() - q - 3));
    std::vector<std::string> known;
    if (at.schema && at.schema->kind == Kind::Map)
      if (const MetaValue* props = at.schema->find("properties"); props && props->kind == Kind::Map)
        for (const auto& [k, unused] : props->map) known.push_back(k);
    std::string guess = closest_name(name, known);
    if (!guess.empty()) hint = "did you mean " + json_string(guess) + "?";
    if (const MetaValue* child = v.find(name)) {
      at.node = child;
      at.pointer += "/" + pointer_token(name);
    }
    return "unknown property " + json_string(name);
  }
  if (m == "Failed to match regex specified by 'pattern' constraint.") {
    std::string p = schema_text(at.schema, "pattern");
    return shown(v) + " does not match the pattern" + (p.empty() ? "" : " " + p);
  }
  if (m == "Failed to match against any enum values.") {
    std::string values = schema_text(at.schema, "enum");
    return shown(v) + " is not one of the allowed values" + (values.empty() ? "" : " (" + values + ")");
  }
  if (m == "Failed to match expected value set by 'const' constraint.") {
    std::string c = schema_text(at.schema, "const");
    return shown(v) + (c.empty() ? " is not the value the schema requires" : " is not " + c);
  }
  if (starts_with(m, "String should be no more than "))
    return shown(v) + " is longer than " + first_number(m) + " characters";
  if (starts_with(m, "String should be no fewer than "))
    return shown(v) + " is shorter than " + first_number(m) + " characters";
  // valijson's numeric bounds; "… or equal to" comes before its shorter twin, which it starts with.
  struct Bound {
    std::string_view said, phrase;
    const char* keyword;
  };
  static constexpr Bound kBounds[] = {
      {"Expected number greater than or equal to ", " is less than the minimum ", "minimum"},
      {"Expected number greater than ", " must be greater than ", "exclusiveMinimum"},
      {"Expected number less than or equal to ", " is more than the maximum ", "maximum"},
      {"Expected number less than ", " must be less than ", "exclusiveMaximum"},
      {"Value should be a multiple of ", " is not a multiple of ", "multipleOf"},
  };
  for (const Bound& b : kBounds)
    if (starts_with(m, b.said)) return shown(v) + std::string(b.phrase) + number_after(m, b.said, at.schema, b.keyword);
  if (is_alternatives(m)) return shown(v) + " matches none of the forms the schema allows";
  return strip_period(std::string(m));
}

bool is_alternatives(std::string_view m) {
  return m == "Failed to validate against any schemas allowed by anyOf constraint." ||
         m == "Failed to validate against any child schemas allowed by oneOf constraint.";
}

bool has_prefix(const std::vector<std::string>& context, const std::vector<std::string>& prefix) {
  return context.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), context.begin());
}

// valijson reports a failed anyOf/oneOf as every branch's errors followed by a summary. Readers want
// the likely intended branch: the errors that reach deepest into the value (a block whose kind
// matched but whose `level` is wrong), else an unknown property, else the summary alone.
std::vector<valijson::ValidationResults::Error> condense_alternatives(const valijson::ValidationResults& results) {
  std::vector<valijson::ValidationResults::Error> out;
  for (const auto& e : results) {
    if (!is_alternatives(e.description)) {
      out.push_back(e);
      continue;
    }
    std::size_t first = out.size();
    while (first > 0 && has_prefix(out[first - 1].context, e.context)) --first;
    std::vector<valijson::ValidationResults::Error> children(out.begin() + static_cast<long>(first), out.end());
    out.resize(first);
    std::size_t depth = e.context.size();
    for (const auto& c : children)
      if (!is_wrapper(c.description)) depth = std::max(depth, c.context.size());
    bool kept = false;
    for (const auto& c : children) {
      bool deepest = depth > e.context.size() && c.context.size() == depth && !is_wrapper(c.description);
      bool unknown = depth == e.context.size() && starts_with(c.description, "Object contains a property");
      if ((deepest || unknown) && !kept) {
        out.push_back(c);
        kept = unknown;  // one unknown property is enough; every deepest error is kept
      }
    }
    if (out.size() == first) out.push_back(e);
  }
  return out;
}

valijson::SchemaParser::Version parser_version(const MetaValue& schema, Draft draft) {
  if (draft == Draft::Draft4) return valijson::SchemaParser::kDraft4;
  if (draft == Draft::Draft7) return valijson::SchemaParser::kDraft7;
  if (schema.kind == Kind::Map)
    if (const MetaValue* uri = schema.find("$schema"); uri && uri->kind == Kind::String)
      if (uri->scalar.find("draft-04") != std::string::npos) return valijson::SchemaParser::kDraft4;
  return valijson::SchemaParser::kDraft7;
}

}  // namespace

struct Schema::Impl {
  MetaValue root;    // as written: messages quote it
  MetaValue parsed;  // what valijson parsed (take_formats)
  valijson::Schema schema;
  // Kept across checks: it caches the compiled `pattern` regexes (compiling one per record was
  // most of the time of a 10,000-row CSV).
  valijson::Validator validator;
};

std::string json_for_yaml(std::string text) {
  auto hex4 = [&](std::size_t at, unsigned& out) {
    if (at + 6 > text.size() || text[at] != '\\' || text[at + 1] != 'u') return false;
    out = 0;
    for (std::size_t i = at + 2; i < at + 6; ++i) {
      if (!std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
      out = out * 16 + static_cast<unsigned>(std::stoi(std::string(1, text[i]), nullptr, 16));
    }
    return true;
  };
  for (std::size_t at = text.find("\\u"); at != std::string::npos; at = text.find("\\u", at + 1)) {
    // After an odd run of backslashes this one is itself escaped: not an escape sequence.
    std::size_t slashes = 0;
    while (slashes < at && text[at - 1 - slashes] == '\\') ++slashes;
    if (slashes % 2) continue;
    unsigned high, low;
    if (!hex4(at, high) || high < 0xD800 || high > 0xDBFF || !hex4(at + 6, low) || low < 0xDC00 || low > 0xDFFF)
      continue;
    unsigned cp = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\U%08x", cp);
    text.replace(at, 12, buf);
  }
  return text;
}

namespace {

MetaValue read_schema_file(const std::string& path, Diagnostics& diags) {
  std::string text = json_for_yaml(io::read_file(path));
  int before = diags.error_count();
  MetaValue root = yaml::read_value(text, io::display_name(path), 1, diags);
  if (diags.error_count() > before) throw InvalidInput();
  return root;
}

}  // namespace

namespace {

constexpr const char* kQuireFormat = "x-quire-format";

// The formats quire checks ("date", "email") renamed to kQuireFormat in every subschema, so that
// valijson's own check (which compiles a std::regex on every call) never runs for them.
void take_formats(MetaValue& schema) {
  if (schema.kind != Kind::Map) return;
  auto each_schema = [](MetaValue* v) {
    if (!v) return;
    if (v->kind == Kind::List)
      for (auto& item : v->list) take_formats(item);
    else
      take_formats(*v);
  };
  auto each_member = [](MetaValue* v) {
    if (v && v->kind == Kind::Map)
      for (auto& [name, sub] : v->map) take_formats(sub);
  };
  for (const char* key : {"items", "additionalItems", "additionalProperties", "allOf", "anyOf", "oneOf", "not", "if",
                          "then", "else", "contains", "propertyNames"})
    each_schema(schema.find(key));
  for (const char* key : {"properties", "patternProperties", "definitions", "dependencies"})
    each_member(schema.find(key));
  for (auto& [name, value] : schema.map)
    if (name == "format" && value.kind == Kind::String && (value.scalar == "date" || value.scalar == "email"))
      name = kQuireFormat;
}

}  // namespace

Schema::Schema(const MetaValue& schema, Draft draft, const RefBases& bases) : impl_(std::make_unique<Impl>()) {
  impl_->root = schema;
  impl_->parsed = schema;
  take_formats(impl_->parsed);
  valijson::SchemaParser parser(parser_version(schema, draft));
  parser.addConstraintBuilder(kQuireFormat, new FormatBuilder);
  // Referenced documents are read through `bases` only; their problems make the schema invalid.
  auto fetch = [&](const std::string& uri) -> const MetaValue* {
    for (const auto& [prefix, dir] : bases) {
      if (!uri.starts_with(prefix)) continue;
      Diagnostics diags;
      auto* doc = new MetaValue(read_schema_file(dir + uri.substr(prefix.size()), diags));
      take_formats(*doc);
      return doc;
    }
    throw Error(ErrorKind::Input, schema.pos,
                "cannot resolve \"" + uri + "\" (quire does not fetch schemas; see --ref-base)");
  };
  auto release = [](const MetaValue* doc) { delete doc; };
  try {
    parser.populateSchema(detail::MetaAdapter(impl_->parsed), impl_->schema, fetch, release);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(ErrorKind::Input, schema.pos, std::string("invalid schema: ") + e.what());
  }
}

Schema Schema::load(const std::string& path, Diagnostics& diags, Draft draft, const RefBases& bases) {
  MetaValue root = read_schema_file(path, diags);
  if (root.kind != Kind::Map && root.kind != Kind::Bool)
    throw Error(ErrorKind::Input, root.pos, "a schema must be a map (or true/false)");
  return Schema(root, draft, bases);
}

Schema::Schema(Schema&&) noexcept = default;
Schema& Schema::operator=(Schema&&) noexcept = default;
Schema::~Schema() = default;

const MetaValue& Schema::root() const { return impl_->root; }

const MetaValue* Schema::property_schema(std::string_view name) const {
  return member_schema(impl_->root, &impl_->root, std::string(name));
}

namespace {

bool json_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  std::size_t digits = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == digits) return false;
  if (i < s.size() && s[i] == '.') {
    std::size_t frac = ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == frac) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == exp) return false;
  }
  return i == s.size();
}

bool allows(const MetaValue* schema, std::string_view type) {
  const MetaValue* t = schema ? schema->find("type") : nullptr;
  if (!t) return false;
  if (t->kind == Kind::String) return t->scalar == type;
  for (const auto& item : t->list)
    if (item.scalar == type) return true;
  return false;
}

void coerce_map(const MetaValue& root, const MetaValue* schema, MetaValue& record) {
  auto& members = record.map;
  for (std::size_t i = 0; i < members.size();) {
    auto& [name, value] = members[i];
    const MetaValue* s = member_schema(root, schema, name);
    if (value.kind == Kind::Map) coerce_map(root, s, value);
    if (value.kind != Kind::String) {
      ++i;
      continue;
    }
    const std::string& text = value.scalar;
    bool typed = s && s->kind == Kind::Map;
    if (text.empty()) {
      // A CSV cell cannot be absent, only empty: empty means "not given" (null when allowed).
      if (typed && allows(s, "null")) {
        value.kind = Kind::Null;
      } else {
        members.erase(members.begin() + static_cast<long>(i));
        continue;
      }
    } else if (typed && !allows(s, "string")) {
      // 1e999 stays text, so a schema asking for a number reports it (as the JSON reader refuses it).
      if ((allows(s, "number") || allows(s, "integer")) && json_number(text) &&
          std::isfinite(std::strtod(text.c_str(), nullptr)))
        value.kind = Kind::Number;
      else if (allows(s, "boolean") && (text == "true" || text == "false"))
        value.kind = Kind::Bool;
    }
    ++i;
  }
}

}  // namespace

void Schema::coerce(MetaValue& record) const {
  if (record.kind == Kind::Map) coerce_map(impl_->root, &impl_->root, record);
}

bool Schema::accepts(const MetaValue& value) const {
  return impl_->validator.validate(impl_->schema, detail::MetaAdapter(value), nullptr);
}

int Schema::check(const MetaValue& value, Diagnostics& diags) const {
  valijson::ValidationResults results;
  if (impl_->validator.validate(impl_->schema, detail::MetaAdapter(value), &results)) return 0;
  std::vector<valijson::ValidationResults::Error> errors = condense_alternatives(results);
  auto deeper_exists = [&](const std::vector<std::string>& context) {
    return std::any_of(errors.begin(), errors.end(), [&](const auto& e) {
      return e.context.size() > context.size() && std::equal(context.begin(), context.end(), e.context.begin()) &&
             !is_wrapper(e.description);
    });
  };
  std::vector<std::pair<std::vector<std::string>, std::string>> seen;
  std::vector<Diagnostic> found;
  for (const auto& e : errors) {
    if (is_wrapper(e.description) && deeper_exists(e.context)) continue;
    Located at = locate(value, impl_->root, e.context);
    if (is_valijson_format(e.description) && at.node->kind != Kind::String) continue;
    if (e.description == "String should be a valid date") continue;  // quire's own check reports it
    std::string hint;
    std::string message = message_for(e.description, at, hint);
    if (std::find(seen.begin(), seen.end(), std::make_pair(e.context, message)) != seen.end()) continue;
    seen.emplace_back(e.context, message);
    found.push_back(Diagnostic{Severity::Error, at.node->pos, (at.pointer.empty() ? "/" : at.pointer) + ": " + message,
                               hint, at.pointer, "schema"});
  }
  if (found.empty())  // `false` schemas fail without saying why
    found.push_back(Diagnostic{
        Severity::Error, value.pos, "/: " + shown(value) + " is not allowed by the schema", {}, "", "schema"});
  // In the order of the file, as a reader goes through it (valijson's order is the schema's).
  std::stable_sort(found.begin(), found.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.pos.line, a.pos.col) < std::pair(b.pos.line, b.pos.col);
  });
  for (auto& d : found) diags.add(std::move(d));
  return static_cast<int>(found.size());
}

}  // namespace quire::validate
