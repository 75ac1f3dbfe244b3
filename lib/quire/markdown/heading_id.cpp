#include "quire/markdown/heading_id.hpp"

#include <cstdint>

#include "quire/model/utf8.hpp"

namespace quire::markdown {

namespace {

bool is_blank(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000; }

bool in(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }

// Non-ASCII punctuation, symbols, combining marks and emoji: what pandoc's isAlphaNum rejects,
// approximated by blocks (no Unicode tables here).
bool is_non_ascii_symbol(char32_t c) {
  if (in(c, 0x80, 0xBF)) return c != 0xAA && c != 0xB5 && c != 0xBA;  // Latin-1 punctuation, ª µ º kept
  return c == 0xD7 || c == 0xF7 || in(c, 0x300, 0x36F) || in(c, 0x2000, 0x2BFF) || in(c, 0x2E00, 0x2E7F) ||
         in(c, 0x3000, 0x303F) || in(c, 0xFE00, 0xFE6F) || in(c, 0xFF00, 0xFF0F) || in(c, 0xFF1A, 0xFF20) ||
         in(c, 0xFF3B, 0xFF40) || in(c, 0xFF5B, 0xFF65) || in(c, 0x1F000, 0x1FAFF) || in(c, 0xE0000, 0xE007F);
}

// Lowercase for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic; other scripts unchanged.
char32_t to_lower(char32_t c) {
  if (in(c, 'A', 'Z') || (in(c, 0xC0, 0xDE) && c != 0xD7)) return c + 0x20;
  if (in(c, 0x100, 0x137) || in(c, 0x14A, 0x177)) return c | 1;
  if ((in(c, 0x139, 0x148) || in(c, 0x179, 0x17E)) && (c & 1)) return c + 1;
  if (c == 0x178) return 0xFF;
  if (c == 0x386) return 0x3AC;
  if (in(c, 0x388, 0x38A)) return c + 0x25;
  if (in(c, 0x391, 0x3A9) && c != 0x3A2) return c + 0x20;
  if (in(c, 0x410, 0x42F)) return c + 0x20;
  if (in(c, 0x400, 0x40F)) return c + 0x50;
  return c;
}

bool is_letter(char32_t c) { return in(c, 'a', 'z') || c >= 0x80; }

}  // namespace

std::string heading_slug(std::string_view text) {
  std::string out;
  bool dash = false;  // a blank run is pending
  bool seen_letter = false;
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = next_char(text, i);
    if (is_blank(c)) {
      dash = seen_letter;
      continue;
    }
    bool ascii_kept =
        c < 0x80 && (in(c, 'a', 'z') || in(c, 'A', 'Z') || in(c, '0', '9') || c == '_' || c == '-' || c == '.');
    if (c < 0x80 ? !ascii_kept : is_non_ascii_symbol(c)) continue;
    c = to_lower(c);
    if (!seen_letter && !is_letter(c)) continue;  // identifiers start with a letter
    if (dash) out += '-';
    dash = false;
    seen_letter = true;
    append_utf8(out, c);
  }
  return out.empty() ? std::string("section") : out;
}

std::string HeadingIds::next(std::string_view text) {
  std::string base = heading_slug(text);
  std::string id = base;
  for (int n = 1; used_.count(id); ++n) id = base + '-' + std::to_string(n);
  used_.insert(id);
  return id;
}

}  // namespace quire::markdown
