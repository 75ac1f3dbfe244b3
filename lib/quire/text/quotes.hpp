#pragma once
// Quotation marks by language, from CLDR through ICU's locale data: what typed straight quotes
// become in German („…“), French (« … »), Japanese (「…」) and the rest.
#include <string>
#include <string_view>

namespace quire::text {

struct QuotationMarks {
  std::string open = "\u201C", close = "\u201D";              // “ ” outer quotes
  std::string inner_open = "\u2018", inner_close = "\u2019";  // ‘ ’ quotes inside quotes
  bool operator==(const QuotationMarks&) const = default;
};

// The marks for BCP 47 tag `lang` ("de", "fr-CH", "ja"); English's for an empty or unknown tag.
// French puts a narrow no-break space inside its guillemets, as French typography sets them.
QuotationMarks quotation_marks(std::string_view lang);

}  // namespace quire::text
