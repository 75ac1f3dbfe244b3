#pragma once
// The layout engine: document model in, positioned pages out. Knows nothing of PDF.
#include "quire/diag/diagnostic.hpp"
#include "quire/layout/metrics.hpp"
#include "quire/layout/pages.hpp"
#include "quire/layout/style.hpp"
#include "quire/model/document.hpp"

namespace quire::layout {

// Lays out one document. Problems that do not stop layout (a missing image, a word wider than the
// measure) are reported as warnings into `diags`.
LaidOutDocument layout_document(const model::Document& doc, const Style& style, const FontSet& fonts,
                                const FontMetrics& metrics, const ImageProbe& images, Diagnostics& diags);

}  // namespace quire::layout
