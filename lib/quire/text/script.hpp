#pragma once
// Script itemization: the text split into runs of one writing system, so that each run can be shaped
// with its script's rules. Offsets are byte offsets into the UTF-8 text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quire::text {

// `script` is the ISO 15924 tag packed big-endian, as HB_TAG('A','r','a','b') packs it, so HarfBuzz's
// hb_script_from_iso15924_tag takes it as it is. 'Zyyy' (Common) only for text without any script.
struct ScriptRun {
  std::size_t begin = 0, end = 0;
  std::uint32_t script = 0;
};

// Packs four characters as a tag ('Z','y','y','y' → 0x5A797979).
constexpr std::uint32_t script_tag(char a, char b, char c, char d) {
  return std::uint32_t(std::uint8_t(a)) << 24 | std::uint32_t(std::uint8_t(b)) << 16 |
         std::uint32_t(std::uint8_t(c)) << 8 | std::uint32_t(std::uint8_t(d));
}

// The runs of `utf8` in order, covering it (none for empty text). Characters of no script of their own
// (Common and Inherited: spaces, digits, punctuation, combining marks; also unassigned code points and
// malformed bytes) take the script of the text before them, or at the start the first script after
// them. A closing bracket takes the script of its opening bracket (UAX #24's paired brackets; only the
// 64 innermost open brackets are remembered).
std::vector<ScriptRun> script_runs(std::string_view utf8);

// The script a name stands for, as a tag: its Unicode name or ISO 15924 code in any case, spaces and
// underscores ignored ("Arabic", "arab", "Old_Italic", "hang"). 0 for a name that is no script, and
// for Common, Inherited and Unknown, which are no writing system of their own.
std::uint32_t script_by_name(std::string_view name);

// A letter, a digit or a combining mark (ICU's general categories L*, Nd, M*): what a word, or a
// citation key, is made of.
bool is_word_character(char32_t c);

// `utf8` in Unicode normalization form C: a letter followed by combining marks becomes one character
// where Unicode has one ("o" + U+0308 → "ö"). Malformed bytes read as U+FFFD.
std::string compose_nfc(std::string_view utf8);

}  // namespace quire::text
