// Mail-merge data readers: the first byte picks the format (CSV, TSV, JSON, YAML), the rest is the
// file. Every record must come back or be reported, never a crash, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "quire/data/records.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const quire::data::Format formats[] = {quire::data::Format::Csv, quire::data::Format::Tsv, quire::data::Format::Json,
                                         quire::data::Format::Yaml};
  auto format = formats[data[0] % 4];
  std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  quire::Diagnostics diags;
  try {
    auto reader = quire::data::open_records(in, "fuzz.data", format);
    for (int n = 0; n < 100000; ++n) {
      auto record = reader->next(diags);
      if (!record) break;
      (void)record->values.as_text();
    }
  } catch (const quire::Error&) {
  }
  return 0;
}
