#pragma once
// Finding font files (fontconfig) and measuring them (FreeType), behind layout's FontMetrics.
#include <memory>
#include <string>

#include "quire/diag/diagnostic.hpp"
#include "quire/io/confine.hpp"
#include "quire/layout/metrics.hpp"
#include "quire/model/document.hpp"

namespace quire::fonts {

// The default faces: serif body, sans headings, mono code, each regular/bold/italic/bold-italic,
// with fallbacks for Hangul and symbols. Throws Error(Io) naming the font and where it looked when
// one is missing. `meta` may override families (`mainfont`, `sansfont`, `monofont`: names or paths).
// Every face is checked to be a TrueType (glyf) font the PDF backend can embed (Error(Input) otherwise).
// Fills `face_fallbacks` per primary face (serif → NanumMyeongjo, sans → NanumGothic,
// mono → NanumGothicCoding, then DejaVu Sans); `fallbacks` is the serif chain.
// A font path is relative to the file that names it (the value's pos.file) and must lie inside
// `confine` (Error(Input) otherwise; unconfined by default).
layout::FontSet default_font_set(const model::MetaValue& meta, const io::Confinement& confine = {});

// The TrueType file fontconfig has for `family` in that style. Throws Error(Io) when fontconfig
// has no font of that family (it would otherwise offer any other font).
layout::FontFace find_font(const std::string& family, bool bold, bool italic);

// Throws Error(Input) "FILE: not a TrueType font …" unless `face` is a glyf-based TrueType font
// (CFF/OpenType outlines are not embedded yet; a truncated font is refused before anything reads it).
void check_truetype(const layout::FontFace& face);

// FreeType-backed metrics over the faces of a FontSet. Verifies each file is a TrueType (glyf) font
// the PDF backend can embed; throws Error(Input) naming the file otherwise. Advances are the faces'
// hmtx widths, which the PDF's /W arrays give too, so measured and drawn text agree. Characters of
// every plane are looked up (the PDF draws glyph ids). Shaping (kerning, ligatures, contextual forms)
// is HarfBuzz's (shaper.hpp).
// Not thread-safe (it caches per face and character).
std::unique_ptr<layout::FontMetrics> load_metrics(const layout::FontSet& fonts);

}  // namespace quire::fonts
