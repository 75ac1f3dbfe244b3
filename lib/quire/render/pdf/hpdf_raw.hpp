#pragma once
// The only code that uses libharu's internals (the private headers libharu 2.3 installs, reached
// through hpdf.h): raw operators appended to a page's content stream, and font resources that point at
// placeholder dictionaries the finishing pass turns into quire's own Type 0 fonts (cid_font.hpp).
// libharu's public API can draw neither glyph ids nor marked content. A libharu upgrade may change
// these structures: tests/unit/pdf_test.cpp ("libharu internals") pins what quire relies on.
#include <hpdf.h>

#include <string_view>

namespace quire::render::detail {

// Appends `ops` to the page's content stream. libharu does not see them: the caller writes whole
// BT … ET objects, so libharu's own graphics-mode bookkeeping stays right.
HPDF_STATUS append_content(HPDF_Page page, std::string_view ops);

// A new indirect dictionary << /Type /Font /QuireFace index >> in the document: a stand-in for face
// `index` of the output's FontRegistry. NULL when libharu fails (its error handler has been called).
HPDF_Dict font_placeholder(HPDF_Doc doc, int index);

// Adds `font` to the page's /Resources /Font dictionary as `name` (without the slash).
HPDF_STATUS add_font_resource(HPDF_Page page, const char* name, HPDF_Dict font);

// A new indirect dictionary << /Type /XObject /Subtype /Image /QuireImage index >> that libharu draws as
// an image (HPDF_Page_DrawImage: its resource name and `Do`), a stand-in for image `index` of the
// output's ImageRegistry (images.hpp): the finishing pass and the joiner put the image's stored stream
// in its place, so its pixels never pass through libharu (which copies streams a byte at a time).
// NULL when libharu fails (its error handler has been called).
HPDF_Image image_placeholder(HPDF_Doc doc, int index);

// A new indirect dictionary << /Type /XObject /QuireFigure index >>: a stand-in for figure `index` of
// the output's FigureRegistry (figures.hpp). NULL when libharu fails.
HPDF_Dict figure_placeholder(HPDF_Doc doc, int index);

// Adds `xobject` to the page's /Resources /XObject dictionary as `name` (without the slash), where
// libharu keeps its own images' names (X1, X2, …).
HPDF_STATUS add_xobject_resource(HPDF_Page page, const char* name, HPDF_Dict xobject);

}  // namespace quire::render::detail
