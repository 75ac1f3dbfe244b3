#pragma once
// pandoc's caption syntax for tables, and the attribute blocks after figures (docs/figures.md).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "quire/model/document.hpp"

namespace quire::markdown {

// `text` is a whole attribute block, "{#id .class key=value}" (spaces after it allowed): read into
// `out` (its id, classes and attributes). False, with `out` untouched, when it is not one.
bool read_attribute_block(std::string_view text, model::Div& out);

// The length of pandoc's table caption mark at the start of `s`: "Table:", "table:" or ": " (0 when none).
std::size_t caption_mark(std::string_view s);

// A paragraph that is a table caption, ": Caption {#tbl:x}" or "Table: Caption": its inlines without
// the mark and the label, and the label's id ("" when none).
std::optional<std::pair<model::Inlines, std::string>> table_caption_of(const model::Block& b);

// A caption paragraph right before or right after a table (one before wins) becomes the table's
// caption, in `blocks` and every container in them; tables that have a caption keep it.
void attach_table_captions(model::Blocks& blocks);

}  // namespace quire::markdown
