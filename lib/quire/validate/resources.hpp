#pragma once
// Files a document names: images and fonts (private to quire_validate).
#include <optional>
#include <string>

namespace quire::validate::detail {

struct ResourceProblem {
  std::string why;
  bool remote = false;  // a URL quire does not fetch: a warning, not an error
};

// Checks the image `url` (relative to `source_file`'s folder) the way rendering will: it exists,
// and a PNG decodes and a JPEG's header is sane. nullopt when it is fine.
std::optional<ResourceProblem> image_problem(const std::string& url, const std::string& source_file);

// Checks a font metadata value (a family name, or a path to a .ttf relative to `source_file`'s
// folder): installed and a TrueType font libharu can embed. "" when it is fine.
std::string font_problem(const std::string& value, const std::string& source_file);

}  // namespace quire::validate::detail
