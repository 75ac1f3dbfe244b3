// JSON: the first byte picks the reader (a whole document through quire/json's SAX reader, mail-merge
// records, or pandoc's JSON AST into quire's model and back out), the rest is the text. Every input must be read or
// refused with an Error at a position: never a crash, a hang, deep recursion or memory out of proportion to the input.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "quire/data/records.hpp"
#include "quire/json/json.hpp"
#include "quire/pandoc/pandoc.hpp"

namespace {

// Counts events and checks that every position is a real one.
struct Counter : quire::json::Handler {
  std::size_t events = 0;
  int depth = 0;
  void seen(const quire::SourcePos& at) {
    if (at.line < 1 || at.col < 1) __builtin_trap();
    ++events;
  }
  void null(const quire::SourcePos& at) override { seen(at); }
  void boolean(bool, const quire::SourcePos& at) override { seen(at); }
  void number(std::string_view text, const quire::SourcePos& at) override {
    if (text.empty()) __builtin_trap();
    seen(at);
  }
  void string(std::string_view, const quire::SourcePos& at) override { seen(at); }
  void key(std::string_view, const quire::SourcePos& at) override { seen(at); }
  void start_object(const quire::SourcePos& at) override { seen(at), ++depth; }
  void start_array(const quire::SourcePos& at) override { seen(at), ++depth; }
  void end_object() override { --depth; }
  void end_array() override { --depth; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  quire::Diagnostics diags;
  try {
    if (data[0] % 3 == 2) {
      quire::pandoc::ReadLimits limits;
      limits.max_depth = 100;
      auto doc = quire::pandoc::read_pandoc_json(in, "fuzz.json", diags, limits);
      std::ostringstream out;
      quire::pandoc::write_pandoc_json(doc, out);
    } else if (data[0] % 3 == 0) {
      quire::json::Input input(in, "fuzz.json", quire::json::Limits{64, 1u << 20});
      Counter counter;
      quire::json::read_document(input, counter);
      if (counter.depth != 0) __builtin_trap();  // a document read whole closes what it opens
    } else {
      auto reader = quire::data::open_records(in, "fuzz.json", quire::data::Format::Json);
      for (int n = 0; n < 100000; ++n) {
        auto record = reader->next(diags);
        if (!record) break;
        (void)record->values.as_text();
      }
    }
  } catch (const quire::Error&) {
  }
  return 0;
}
