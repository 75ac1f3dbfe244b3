#include <cstdio>
#include <optional>

#include "quire/cli/command_helpers.hpp"
#include "quire/data/records.hpp"
#include "quire/fonts/coverage.hpp"
#include "quire/validate/check.hpp"
#include "quire/validate/document_schema.hpp"
#include "quire/validate/schema.hpp"

namespace quire::cli {

using namespace detail;
using model::MetaValue;

namespace {

bool has_extension(const std::string& path, std::initializer_list<const char*> extensions) {
  std::string lower;
  for (char c : path) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* e : extensions)
    if (lower.ends_with(e)) return true;
  return false;
}

validate::Draft parse_draft(const std::string& draft) {
  if (draft == "4" || draft == "draft-04" || draft == "draft4") return validate::Draft::Draft4;
  if (draft == "7" || draft == "draft-07" || draft == "draft7") return validate::Draft::Draft7;
  if (draft == "auto") return validate::Draft::Auto;
  throw Error(ErrorKind::Usage, "--draft must be auto, 4 or 7, not \"" + draft + "\"");
}

// Every record of a CSV/TSV file (through the mail merge's reader) or a JSON/YAML file (a list's
// items; any other value is one record). `each(record)` is called in order.
template <class Each>
void for_each_record(const std::string& path, bool whole, Diagnostics& diags, Each each) {
  if (has_extension(path, {".csv", ".tsv"})) {
    io::InputStream in(path);
    auto reader = data::open_records(in.stream(), in.name(), data::format_for_path(path));
    while (auto record = reader->next(diags)) each(record->values);
    return;
  }
  std::string text = io::read_file(path);
  if (has_extension(path, {".json"})) text = validate::json_for_yaml(std::move(text));
  MetaValue value = yaml::read_value(text, io::display_name(path), 1, diags);
  if (diags.has_errors()) return;
  if (whole || value.kind != MetaValue::Kind::List) {
    each(value);
    return;
  }
  for (auto& item : value.list) each(item);
}

validate::RefBases ref_bases(const std::vector<std::string>& specs) {
  validate::RefBases bases;
  for (const auto& spec : specs) {
    auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error(ErrorKind::Usage, "--ref-base wants URI=DIR, not \"" + spec + "\"");
    std::string dir = spec.substr(eq + 1);
    if (!dir.empty() && dir.back() != '/') dir += '/';
    bases.emplace_back(spec.substr(0, eq), dir);
  }
  return bases;
}

int validate_data(const ValidateOptions& options, Diagnostics& diags) {
  auto schema = validate::Schema::load(options.schema, diags, parse_draft(options.draft), ref_bases(options.ref_bases));
  for (const auto& path : options.inputs) {
    for_each_record(path, options.whole, diags, [&](MetaValue& record) {
      if (options.coerce) schema.coerce(record);
      schema.check(record, diags);
    });
  }
  return diags.has_errors() ? kExitInvalid : kExitOk;
}

std::vector<MetaValue> read_records(const std::string& path, Diagnostics& diags) {
  std::vector<MetaValue> records;
  for_each_record(path, false, diags, [&](MetaValue& record) { records.push_back(std::move(record)); });
  return records;
}

// The document schema over the document's own YAML text: reported only where the reader, whose
// messages are more specific, found nothing (it runs on documents the reader accepted).
void check_document_schema(const yaml::StreamReader& reader, Diagnostics& diags) {
  Diagnostics scratch;
  MetaValue value = reader.last_value(scratch);
  if (scratch.has_errors()) return;
  validate::document_schema().check(value, scratch);
  for (auto d : scratch.all()) {
    d.rule = "document-schema";
    diags.add(std::move(d));
  }
}

int validate_documents(const ValidateOptions& options, Diagnostics& diags) {
  std::vector<MetaValue> records;
  if (!options.data.empty()) records = read_records(options.data, diags);
  validate::CheckOptions check;
  check.resources = !options.no_files;
  check.fields = true;
  check.citations = true;
  check.uncited = options.uncited;
  check.records = options.data.empty() ? nullptr : &records;
  check.records_file = io::display_name(options.data);

  std::optional<DocumentOutput> out;
  if (!options.quiet) out.emplace(options.output, "quire-validate");
  bool echo = true;  // stop copying at the first invalid document: never pass on half a stream silently
  for (const auto& path : options.inputs) {
    io::InputStream in(path);
    yaml::StreamReader reader(in.stream(), in.name());
    while (true) {
      int errors_before = diags.error_count();
      std::size_t first = diags.all().size();
      auto doc = reader.next(diags);
      diags.set_rule_from(first, "format");
      if (!doc) break;
      if (diags.error_count() == errors_before) {
        check_document_schema(reader, diags);
        validate::check_document(*doc, check, diags);
        fonts::check_coverage(*doc, diags);
      }
      if (diags.error_count() > errors_before) echo = false;
      if (!echo || options.quiet) continue;
      out->write("---\n");
      out->write(reader.last_text());
    }
  }
  if (diags.has_errors()) return kExitInvalid;
  if (out) out->commit();
  return kExitOk;
}

// A file of the JSON Schema Test Suite: one line per case, "pass" or "FAIL", the group and the case.
int run_test_suite(const ValidateOptions& options, Diagnostics& diags) {
  std::string text = validate::json_for_yaml(io::read_file(options.test_suite));
  MetaValue groups = yaml::read_value(text, options.test_suite, 1, diags);
  if (diags.has_errors()) return kExitInvalid;
  auto draft = parse_draft(options.draft);
  auto bases = ref_bases(options.ref_bases);
  for (const auto& group : groups.list) {
    const MetaValue* description = group.find("description");
    const MetaValue* tests = group.find("tests");
    if (!description || !tests || !group.find("schema")) continue;
    std::optional<validate::Schema> schema;
    std::string refused;
    try {
      schema.emplace(*group.find("schema"), draft, bases);
    } catch (const std::exception& e) {
      refused = e.what();
    }
    for (const auto& test : tests->list) {
      const MetaValue* valid = test.find("valid");
      const MetaValue* data = test.find("data");
      const MetaValue* name = test.find("description");
      if (!valid || !data || !name) continue;
      bool got = false;
      std::string why = refused;
      if (schema) {
        try {
          Diagnostics scratch;
          got = schema->check(*data, scratch) == 0;
          if (got != schema->accepts(*data)) why = "check and accepts disagree";
        } catch (const std::exception& e) {
          why = e.what();
        }
      }
      bool pass = why.empty() && got == (valid->scalar == "true");
      std::printf("%s\t%s\t%s%s%s\n", pass ? "pass" : "FAIL", description->scalar.c_str(), name->scalar.c_str(),
                  why.empty() ? "" : "\t", why.c_str());
    }
  }
  return kExitOk;
}

}  // namespace

int run_validate(const ValidateOptions& options, Diagnostics& diags) {
  if (!options.test_suite.empty()) return run_test_suite(options, diags);
  if (!options.schema.empty()) return validate_data(options, diags);
  return validate_documents(options, diags);
}

}  // namespace quire::cli
