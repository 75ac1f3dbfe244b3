#pragma once
// A face of the output as a PDF font: Type 0 (/Identity-H) over a CIDFontType2 with /CIDToGIDMap
// /Identity, so the codes in the text operators are glyph ids. Built with libqpdf, once per file (or
// once at the end of a joined file), from what glyph_text.hpp recorded. docs/pdf.md "Fonts".
#include <cstdint>
#include <set>
#include <string>

#include "quire/render/pdf/glyph_text.hpp"

class QPDF;
class QPDFObjectHandle;

namespace quire::render::detail {

// The Type 0 font dictionary (direct) for `use`, its descendant CIDFont, font descriptor, subset
// (FontFile2, glyph ids kept) and ToUnicode map made as indirect objects of `pdf`.
// Throws Error(Io) when the face cannot be subset.
QPDFObjectHandle make_type0(QPDF& pdf, const FaceUse& use);

// The glyphs a face's subset keeps: every glyph drawn, and .notdef.
std::set<std::uint32_t> glyph_set(const FaceUse& use);

// Six capital letters derived from the face's PostScript name and glyph set: the same glyphs give the
// same tag (reproducible bytes), different subsets of one face different tags.
std::string subset_tag(const FaceUse& use);

// The CIDFont's /W array: each drawn glyph's width (FaceUse::width), consecutive ids grouped.
std::string widths_array(const FaceUse& use);

// A ToUnicode CMap: each glyph with text maps to it (UTF-16BE; consecutive glyphs of consecutive
// single characters as ranges); glyphs without text are left out.
std::string to_unicode_cmap(const FaceUse& use);

}  // namespace quire::render::detail
