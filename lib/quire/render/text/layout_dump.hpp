#pragma once
// A second backend: laid-out pages as stable, rounded text (groff -Z's role) for tests and debugging.
#include <string>

#include "quire/layout/pages.hpp"

namespace quire::render {

// One line per page and per item, numbers rounded to 0.01 pt, e.g.
//   page 1 595.28x841.89
//   text 72.00 96.50 f0 11.00 "Dear"
std::string dump_layout(const layout::LaidOutDocument& doc);

}  // namespace quire::render
