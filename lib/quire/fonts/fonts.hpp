#pragma once
// Finding font files (fontconfig) and measuring them (FreeType), behind layout's FontMetrics.
#include <memory>
#include <string>

#include "quire/diag/diagnostic.hpp"
#include "quire/layout/metrics.hpp"

namespace quire::fonts {

// The default faces: serif body, sans headings, mono code, each regular/bold/italic/bold-italic,
// with fallbacks for Hangul and symbols. Throws Error(Io) naming the font and where it looked when
// one is missing. `meta` may override families (`mainfont`, `sansfont`, `monofont`: names or paths).
layout::FontSet default_font_set(const model::MetaValue& meta);

// FreeType-backed metrics over the faces of a FontSet. Verifies each file is a TrueType (glyf) font
// libharu can embed; throws Error(Input) naming the file otherwise.
std::unique_ptr<layout::FontMetrics> load_metrics(const layout::FontSet& fonts);

}  // namespace quire::fonts
