#pragma once
// Envelopes and label sheets: pages of the stationery's own size with addresses at the places its
// standard gives (stationery.hpp). Nothing flows: the document's blocks are not set (the envelope and
// labels templates leave none), only the addresses its metadata names.
//
//  - `documentclass: envelope`: one page, the envelope; the recipient (`to:`) in the address area, the
//    sender (`letterhead:`, else `from:`, else `return-line`) small at the top left.
//  - `documentclass: labels`: one page, a sheet; `sheet: {n, labels: [{slot, record, at, to}, …]}`
//    (compose/mailing.hpp makes it) puts each `to:` on label `slot`.
// An address shrinks to fit its area, down to a minimum size; one that does not fit then is an error
// naming its record (`record` and `at`, the record's place in the data file).
#include <optional>

#include "quire/diag/diagnostic.hpp"
#include "quire/layout/metrics.hpp"
#include "quire/layout/pages.hpp"
#include "quire/layout/style.hpp"
#include "quire/model/document.hpp"

namespace quire::layout {

// The laid-out envelope or sheet; nullopt when the document is neither (layout_document lays it out
// as text then).
std::optional<LaidOutDocument> layout_mailing(const model::Document& doc, const Style& style, const FontSet& fonts,
                                              const FontMetrics& metrics, Diagnostics& diags);

// Whether `documentclass` is envelope or labels (in any case); whether it is envelope.
bool is_mailing(const model::MetaValue& meta);
bool is_envelope(const model::MetaValue& meta);

}  // namespace quire::layout
