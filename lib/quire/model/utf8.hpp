#pragma once
// UTF-8, once for every stage: checking input, decoding characters for layout and ids, and encoding
// the code points escapes (JSON \u, YAML \x) and case mapping produce.
#include <cstddef>
#include <string>
#include <string_view>

namespace quire {

// Appends code point `c` to `out` as UTF-8 (1–4 bytes); the caller passes valid scalar values.
void append_utf8(std::string& out, char32_t c);

// Decodes the well-formed UTF-8 sequence at s[i] into `cp` and returns its length (1–4), or 0 when it
// is not well-formed (a stray or missing continuation byte, an overlong form, a surrogate, a value
// past U+10FFFF, or the end of `s`); `cp` is then untouched.
int decode_utf8(std::string_view s, std::size_t i, char32_t& cp);

// The character at s[i], advancing i past it; a malformed byte reads as U+FFFD and advances one byte.
char32_t next_char(std::string_view s, std::size_t& i);

// The offset of the first byte of `s` that does not start a well-formed sequence, or npos.
std::size_t invalid_utf8_at(std::string_view s);

// True for the format characters a face need not have a glyph for, since the shaper handles them
// without one: soft hyphen, joiners, bidi controls, variation selectors, tags.
constexpr bool is_invisible_format(char32_t c) {
  return c == 0xAD || c == 0x34F || c == 0x61C || (c >= 0x180B && c <= 0x180F) || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) || (c >= 0xFE00 && c <= 0xFE0F) ||
         c == 0xFEFF || (c >= 0xE0000 && c <= 0xE0FFF);
}

}  // namespace quire
