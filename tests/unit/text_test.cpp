// The Unicode text stage: bidi levels against Unicode's BidiCharacterTest.txt, line-break opportunities
// (dictionaries for Thai and Khmer, Korean keep-all, emoji, URLs), grapheme clusters, script runs, and
// input that must stay cheap (long, deeply nested or mark-heavy text).
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "quire/model/utf8.hpp"
#include "quire/text/bidi.hpp"
#include "quire/text/breaks.hpp"
#include "quire/text/case.hpp"
#include "quire/text/script.hpp"

using namespace quire;
using namespace quire::text;

namespace {

// Every run begins where the one before ended, the first at 0 and the last ends at `size`.
template <typename Run>
bool covers(const std::vector<Run>& runs, std::size_t size) {
  std::size_t at = 0;
  for (const Run& r : runs) {
    if (r.begin != at || r.end <= r.begin) return false;
    at = r.end;
  }
  return at == size;
}

std::uint8_t level_at(const BidiParagraph& p, std::size_t offset) {
  for (const LevelRun& r : p.runs)
    if (offset >= r.begin && offset < r.end) return r.level;
  return 255;
}

bool contains(const std::vector<std::size_t>& v, std::size_t x) {
  for (std::size_t y : v)
    if (y == x) return true;
  return false;
}

// No break strictly inside `word`, found at byte `at` of the text.
bool whole(const std::vector<std::size_t>& breaks, std::size_t at, std::string_view word) {
  for (std::size_t b : breaks)
    if (b > at && b < at + word.size()) return false;
  return true;
}

std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t from = 0;;) {
    std::size_t to = line.find(sep, from);
    out.push_back(line.substr(from, to == std::string_view::npos ? std::string_view::npos : to - from));
    if (to == std::string_view::npos) return out;
    from = to + 1;
  }
}

std::vector<std::string_view> words_of(std::string_view field) {
  std::vector<std::string_view> out;
  for (std::string_view w : split(field, ' '))
    if (!w.empty()) out.push_back(w);
  return out;
}

// One line of BidiCharacterTest.txt: code points; direction (0 LTR, 1 RTL, 2 auto); resolved paragraph
// level; resolved levels (x: removed by rule X9); visual order of the characters that are not x.
bool bidi_case_passes(std::string_view line) {
  auto fields = split(line, ';');
  if (fields.size() < 5) return false;
  std::string text;
  std::vector<std::size_t> offsets;
  for (std::string_view hex : words_of(fields[0])) {
    offsets.push_back(text.size());
    append_utf8(text, static_cast<char32_t>(std::stoul(std::string(hex), nullptr, 16)));
  }
  char dir = fields[1].empty() ? '2' : fields[1][0];
  Direction base = dir == '0' ? Direction::Ltr : dir == '1' ? Direction::Rtl : Direction::Auto;
  BidiParagraph p = bidi_runs(text, base);
  if (!covers(p.runs, text.size()) || std::to_string(p.base_level) != std::string(fields[2])) return false;
  auto expected = words_of(fields[3]);
  if (expected.size() != offsets.size()) return false;
  std::vector<std::uint8_t> levels;
  std::vector<std::size_t> index;  // the character each entry of `levels` belongs to
  for (std::size_t k = 0; k < offsets.size(); ++k) {
    if (expected[k] == "x") continue;
    std::uint8_t level = level_at(p, offsets[k]);
    if (std::to_string(level) != std::string(expected[k])) return false;
    levels.push_back(level);
    index.push_back(k);
  }
  std::string order;
  for (std::size_t v : visual_order(levels)) order += (order.empty() ? "" : " ") + std::to_string(index[v]);
  std::string want;
  for (std::string_view w : words_of(fields[4])) want += (want.empty() ? "" : " ") + std::string(w);
  return order == want;
}

}  // namespace

TEST_CASE("bidi: Unicode's BidiCharacterTest.txt, levels and visual order") {
  std::ifstream in("/usr/share/unicode/BidiCharacterTest.txt");
  if (!in) {
    MESSAGE("skipped: /usr/share/unicode/BidiCharacterTest.txt is missing (Debian package unicode-data)");
    return;
  }
  std::size_t cases = 0, passed = 0;
  std::vector<std::string> failed;  // the first few, to show
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    ++cases;
    if (bidi_case_passes(line))
      ++passed;
    else if (failed.size() < 5)
      failed.push_back(line);
  }
  for (const auto& line : failed) MESSAGE("fails: " << line);
  REQUIRE(cases > 90000);
  double rate = double(passed) / double(cases);
  MESSAGE("BidiCharacterTest.txt: " << passed << " of " << cases << " cases pass (" << rate * 100 << " %)");
  CHECK(rate >= 0.99);
}

TEST_CASE("bidi: levels, base direction and the left-to-right fast path") {
  std::string shalom = "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D";  // שלום
  BidiParagraph p = bidi_runs(shalom + " world", Direction::Auto);
  CHECK(p.base_level == 1);
  REQUIRE(p.runs.size() == 2);
  CHECK(p.runs[0].begin == 0);
  CHECK(p.runs[0].end == 9);  // the space between Hebrew and Latin takes the paragraph's direction
  CHECK(p.runs[0].level == 1);
  CHECK(p.runs[1].level == 2);
  CHECK(covers(p.runs, shalom.size() + 6));

  BidiParagraph ltr = bidi_runs("world " + shalom, Direction::Auto);
  CHECK(ltr.base_level == 0);
  REQUIRE(ltr.runs.size() == 2);
  CHECK(ltr.runs[1].begin == 6);
  CHECK(ltr.runs[1].level == 1);

  // Arabic-Indic digits in a left-to-right paragraph are raised two levels (rule I1).
  BidiParagraph digits = bidi_runs("abc \xD9\xA1\xD9\xA2\xD9\xA3", Direction::Ltr);  // abc ١٢٣
  CHECK(level_at(digits, 4) == 2);

  BidiParagraph plain = bidi_runs("Plain text, 123.", Direction::Auto);
  CHECK(plain.base_level == 0);
  REQUIRE(plain.runs.size() == 1);
  CHECK(plain.runs[0].end == 16);
  BidiParagraph rtl = bidi_runs("abc", Direction::Rtl);
  CHECK(rtl.base_level == 1);
  REQUIRE(rtl.runs.size() == 1);
  CHECK(rtl.runs[0].level == 2);
  CHECK(bidi_runs("", Direction::Rtl).runs.empty());
  // An embedding control raises the level of Latin text even with no right-to-left letter.
  BidiParagraph embedded = bidi_runs(
      "a\xE2\x80\xAB"
      "b\xE2\x80\xAC"
      "c",
      Direction::Ltr);  // a RLE b PDF c
  CHECK(level_at(embedded, 4) == 2);
  // Malformed bytes are neutral: no crash, the runs still cover the text.
  std::string bad = "\xFF" + shalom + "\xC3 abc\xE2\x82";
  CHECK(covers(bidi_runs(bad, Direction::Auto).runs, bad.size()));
}

TEST_CASE("bidi: visual order of a line (rule L2)") {
  CHECK(visual_order({}).empty());
  CHECK(visual_order({0, 0, 0}) == std::vector<std::size_t>{0, 1, 2});
  CHECK(visual_order({1, 1, 1}) == std::vector<std::size_t>{2, 1, 0});
  CHECK(visual_order({0, 0, 1, 1, 0}) == std::vector<std::size_t>{0, 1, 3, 2, 4});
  // Latin (2) inside Hebrew (1): the Latin stays in reading order inside the reversed line.
  CHECK(visual_order({1, 1, 2, 2, 1}) == std::vector<std::size_t>{4, 2, 3, 1, 0});
  CHECK(visual_order({2, 2, 2}) == std::vector<std::size_t>{0, 1, 2});
  CHECK(visual_order({3, 3, 2}) == std::vector<std::size_t>{1, 0, 2});
}

TEST_CASE("bidi: first strong direction and the direction of a language") {
  CHECK(first_strong_direction("123 abc") == Direction::Ltr);
  CHECK(first_strong_direction("123 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D abc") == Direction::Rtl);
  CHECK(first_strong_direction("\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85") == Direction::Rtl);  // سلام (AL)
  CHECK(first_strong_direction("123 ...") == Direction::Auto);
  CHECK(first_strong_direction("") == Direction::Auto);
  // Text inside an isolate (RLI … PDI) does not count (rule P2).
  CHECK(first_strong_direction("\xE2\x81\xA7"
                               "abc\xE2\x81\xA9 \xD7\xA9") == Direction::Rtl);
  CHECK(first_strong_direction("\xE2\x81\xA7"
                               "abc") == Direction::Auto);

  for (const char* lang : {"ar", "ar-EG", "fa_IR", "fa", "he", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "syr", "AR",
                           "az-Arab", "pa-Arab"})
    CHECK_MESSAGE(language_direction(lang) == Direction::Rtl, lang);
  for (const char* lang : {"en", "en-US", "ko", "th", "hi", "zh-Hant", "ku", "az", "", "xx", "!!!", "-", "_"})
    CHECK_MESSAGE(language_direction(lang) == Direction::Auto, lang);
  CHECK(language_direction(std::string(500, 'a')) == Direction::Auto);
}

TEST_CASE("line breaks: Thai and Khmer words found by dictionary") {
  // "I like to eat fried rice with fried chicken", written without spaces as Thai is.
  std::vector<std::string_view> thai = {"\xE0\xB8\x89\xE0\xB8\xB1\xE0\xB8\x99",              // ฉัน
                                        "\xE0\xB8\x8A\xE0\xB8\xAD\xE0\xB8\x9A",              // ชอบ
                                        "\xE0\xB8\x81\xE0\xB8\xB4\xE0\xB8\x99",              // กิน
                                        "\xE0\xB8\x82\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\xA7",  // ข้าว
                                        "\xE0\xB8\x9C\xE0\xB8\xB1\xE0\xB8\x94",              // ผัด
                                        "\xE0\xB8\x81\xE0\xB8\xB1\xE0\xB8\x9A",              // กับ
                                        "\xE0\xB9\x84\xE0\xB8\x81\xE0\xB9\x88",              // ไก่
                                        "\xE0\xB8\x97\xE0\xB8\xAD\xE0\xB8\x94"};             // ทอด
  std::string sentence;
  for (auto w : thai) sentence += w;
  auto breaks = line_break_opportunities(sentence, "th");
  std::vector<std::size_t> expected;
  std::size_t at = 0;
  for (std::size_t k = 0; k + 1 < thai.size(); ++k) expected.push_back(at += thai[k].size());
  CHECK(breaks == expected);
  CHECK(line_break_opportunities(sentence, "") == expected);  // the dictionary needs no language tag
  at = 0;
  for (auto w : thai) {
    CHECK(whole(breaks, at, w));
    at += w.size();
  }

  // "I go to the market with my mother" in Khmer, also without spaces.
  std::vector<std::string_view> khmer = {
      "\xE1\x9E\x81\xE1\x9F\x92\xE1\x9E\x89\xE1\x9E\xBB\xE1\x9F\x86",   // ខ្ញុំ (I)
      "\xE1\x9E\x85\xE1\x9E\x84\xE1\x9F\x8B\xE1\x9E\x91\xE1\x9F\x85",   // ចង់ទៅ (want to go)
      "\xE1\x9E\x95\xE1\x9F\x92\xE1\x9E\x9F\xE1\x9E\xB6\xE1\x9E\x9A",   // ផ្សារ (market)
      "\xE1\x9E\x87\xE1\x9E\xB6\xE1\x9E\x98\xE1\x9E\xBD\xE1\x9E\x99",   // ជាមួយ (with)
      "\xE1\x9E\x98\xE1\x9F\x92\xE1\x9E\x8A\xE1\x9E\xB6\xE1\x9E\x99"};  // ម្ដាយ (mother)
  std::string km;
  for (auto w : khmer) km += w;
  auto kb = line_break_opportunities(km, "km");
  at = 0;
  for (std::size_t k = 0; k < khmer.size(); ++k) {
    CHECK(whole(kb, at, khmer[k]));
    at += khmer[k].size();
    if (k + 1 < khmer.size()) CHECK(contains(kb, at));
  }
  for (char32_t c : {U'\u0E01', U'\u0E48', U'\u17C6', U'\u1000', U'\u0E81'}) CHECK(breaks_by_dictionary(c));
  for (char32_t c : {U'a', U'\u4E2D', U'\uAC00', U'\u05D0', U' '}) CHECK_FALSE(breaks_by_dictionary(c));
}

TEST_CASE("line breaks: Korean keep-all, emoji, URLs, punctuation") {
  std::string thanks = "\xED\x9B\x84\xEC\x9B\x90\xEC\x9E\x90\xEB\x8B\x98\xEA\xBB\x98";  // 후원자님께
  std::string thank_you = "\xEA\xB0\x90\xEC\x82\xAC\xEB\x93\x9C\xEB\xA6\xBD\xEB\x8B\x88\xEB\x8B\xA4";  // 감사드립니다
  CHECK(line_break_opportunities(thanks + " " + thank_you, "ko") == std::vector<std::size_t>{16});
  CHECK(line_break_opportunities(thanks, "").empty());
  CHECK(line_break_opportunities("2024\xEB\x85\x84", "ko").empty());  // 2024년
  CHECK(line_break_opportunities("\xEB\x8B\xA4.", "ko").empty());     // 다.

  std::string thumbs = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";  // 👍🏽: a skin-tone modifier
  std::string family =
      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";          // 👨‍👩‍👧
  std::string flags = "\xF0\x9F\x87\xB0\xF0\x9F\x87\xB7\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5";  // 🇰🇷🇯🇵
  CHECK(line_break_opportunities(thumbs, "en").empty());
  CHECK(line_break_opportunities(family, "en").empty());
  CHECK(line_break_opportunities(thumbs + thumbs, "en") == std::vector<std::size_t>{8});
  CHECK(line_break_opportunities(family + family, "en") == std::vector<std::size_t>{18});
  CHECK(line_break_opportunities(flags, "en") == std::vector<std::size_t>{8});
  CHECK(line_break_opportunities("e\xCC\x81"
                                 "e\xCC\x81",
                                 "en")
            .empty());  // combining acute accents

  std::string url = "https://example.org/reports/2026/counting-the-missing.pdf";
  auto ub = line_break_opportunities(url, "en");
  CHECK(ub.size() >= 4);
  for (std::size_t b : ub) CHECK(b >= 8);  // never inside "https://"
  CHECK(contains(ub, url.find("reports")));
  CHECK(line_break_opportunities("lime-tree", "en") == std::vector<std::size_t>{5});
  CHECK(line_break_opportunities("(word)", "en").empty());
  CHECK(line_break_opportunities("\xE4\xB8\xAD\xE6\x96\x87\xE3\x80\x82", "zh") ==
        std::vector<std::size_t>{3});  // 中文。
  CHECK(line_break_opportunities("two words", "en") == std::vector<std::size_t>{4});
  CHECK(line_break_opportunities("x", "en").empty());
  CHECK(line_break_opportunities("", "").empty());
  // Any language tag, even nonsense, gives the default rules.
  CHECK(line_break_opportunities("and/or", "not a tag!") == std::vector<std::size_t>{4});
  std::string bad = "ab\xFF\xFE cd\xC3";
  for (std::size_t b : line_break_opportunities(bad, "en")) CHECK((b > 0 && b < bad.size()));
}

TEST_CASE("grapheme clusters") {
  CHECK(grapheme_boundaries("") == std::vector<std::size_t>{0});
  CHECK(grapheme_boundaries("ab") == std::vector<std::size_t>{0, 1, 2});
  CHECK(grapheme_boundaries("e\xCC\x81"
                            "a") == std::vector<std::size_t>{0, 3, 4});
  CHECK(grapheme_boundaries("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8") == std::vector<std::size_t>{0, 9});  // jamo 각
  std::string family = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";
  CHECK(grapheme_boundaries(family) == std::vector<std::size_t>{0, 18});
  CHECK(grapheme_boundaries("\xF0\x9F\x87\xB0\xF0\x9F\x87\xB7\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5") ==
        std::vector<std::size_t>{0, 8, 16});
  CHECK(grapheme_boundaries("\r\n") == std::vector<std::size_t>{0, 2});
  auto bad = grapheme_boundaries(
      "a\xFF"
      "b");
  CHECK(bad.front() == 0);
  CHECK(bad.back() == 3);
}

TEST_CASE("script runs") {
  constexpr auto Arab = script_tag('A', 'r', 'a', 'b'), Latn = script_tag('L', 'a', 't', 'n'),
                 Deva = script_tag('D', 'e', 'v', 'a'), Hani = script_tag('H', 'a', 'n', 'i'),
                 Hira = script_tag('H', 'i', 'r', 'a'), Kana = script_tag('K', 'a', 'n', 'a'),
                 Zyyy = script_tag('Z', 'y', 'y', 'y');
  CHECK(Arab == 0x41726162u);  // as HB_TAG('A','r','a','b')
  auto runs = [](std::string_view s) {
    auto r = script_runs(s);
    CHECK(covers(r, s.size()));
    std::vector<std::pair<std::size_t, std::uint32_t>> out;  // (end, script)
    for (const auto& run : r) out.push_back({run.end, run.script});
    return out;
  };
  using Runs = std::vector<std::pair<std::size_t, std::uint32_t>>;
  std::string marhaba = "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7";  // مرحبا, 10 bytes
  // Spaces and digits take the script before them.
  CHECK(runs(marhaba + " 123 world") == Runs{{15, Arab}, {20, Latn}});
  CHECK(runs("world 123 " + marhaba) == Runs{{10, Latn}, {20, Arab}});
  // At the start, neutral characters take the first script after them.
  CHECK(runs("123 " + marhaba + " abc") == Runs{{15, Arab}, {18, Latn}});
  // A closing bracket takes its opening bracket's script.
  CHECK(runs("abc (" + marhaba + ") def") == Runs{{5, Latn}, {15, Arab}, {20, Latn}});
  CHECK(runs("(" + marhaba + ") abc") == Runs{{13, Arab}, {16, Latn}});
  CHECK(runs("a [b (" + marhaba + "] c") == Runs{{6, Latn}, {16, Arab}, {19, Latn}});  // ( left open
  // Combining marks belong to their base.
  CHECK(runs("e\xCC\x81t\xC3\xA9") == Runs{{6, Latn}});
  CHECK(runs("\xD8\xA8\xD9\x8E"
             "a") == Runs{{4, Arab}, {5, Latn}});  // بَ a (U+064E is Inherited)
  CHECK(runs("\xCC\x81"
             "abc") == Runs{{5, Latn}});
  // नमस्ते दुनिया (with a virama and vowel signs) after Latin.
  std::string namaste = "\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87";
  CHECK(runs("Hi " + namaste + " " + namaste) == Runs{{3, Latn}, {3 + 18 * 2 + 1, Deva}});
  // 日本語のテキスト: Han, Hiragana, Katakana.
  CHECK(runs("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE3\x83\x86\xE3\x82\xAD\xE3\x82\xB9\xE3\x83\x88") ==
        Runs{{9, Hani}, {12, Hira}, {24, Kana}});
  CHECK(runs("123 !?") == Runs{{6, Zyyy}});
  CHECK(script_runs("").empty());
  CHECK(runs("\xFF"
             "abc\xC3") == Runs{{5, Latn}});
}

TEST_CASE("script names") {
  CHECK(script_by_name("Arabic") == script_tag('A', 'r', 'a', 'b'));
  CHECK(script_by_name("arab") == script_tag('A', 'r', 'a', 'b'));
  CHECK(script_by_name("DEVANAGARI") == script_tag('D', 'e', 'v', 'a'));
  CHECK(script_by_name("han") == script_tag('H', 'a', 'n', 'i'));
  CHECK(script_by_name("Old Italic") == script_tag('I', 't', 'a', 'l'));
  CHECK(script_by_name("hangul") == script_tag('H', 'a', 'n', 'g'));
  CHECK(script_by_name("arabik") == 0);
  CHECK(script_by_name("common") == 0);  // no writing system of its own
  CHECK(script_by_name("") == 0);
  CHECK(script_by_name(std::string(100, 'a')) == 0);
}

TEST_CASE("bounded: long, deeply nested and mark-heavy text stays cheap") {
  std::string shalom = "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D";
  std::string mixed;
  for (int i = 0; i < 50000; ++i) mixed += "word " + shalom + " ";  // 100,000 words, alternating
  BidiParagraph p = bidi_runs(mixed, Direction::Auto);
  CHECK(covers(p.runs, mixed.size()));
  CHECK(p.runs.size() >= 100000);
  std::vector<std::uint8_t> levels;
  for (const auto& r : p.runs) levels.push_back(r.level);
  CHECK(visual_order(levels).size() == levels.size());
  CHECK(script_runs(mixed).size() == 100000);
  CHECK(line_break_opportunities(mixed, "en").size() == 99999);

  // 200 nested embeddings, overrides and isolates: levels stop at 125 (UAX #9's depth).
  for (std::string open : {"\xE2\x80\xAB", "\xE2\x80\xAE", "\xE2\x81\xA7"}) {  // RLE, RLO, RLI
    std::string close = open == "\xE2\x81\xA7" ? "\xE2\x81\xA9" : "\xE2\x80\xAC";
    std::string nested;
    for (int i = 0; i < 200; ++i) nested += open + "a" + shalom;
    for (int i = 0; i < 200; ++i) nested += close + "b";
    BidiParagraph n = bidi_runs(nested, Direction::Auto);
    CHECK(covers(n.runs, nested.size()));
    std::vector<std::uint8_t> lv;
    for (const auto& r : n.runs) {
      CHECK(r.level <= 126);
      lv.push_back(r.level);
    }
    CHECK(visual_order(lv).size() == lv.size());
    CHECK(covers(script_runs(nested), nested.size()));
  }
  std::string brackets = std::string(10000, '(') + shalom + std::string(10000, ')') + "abc";
  CHECK(covers(script_runs(brackets), brackets.size()));

  // A megabyte of Thai without a space: opportunities between its words, in order.
  std::string sentence =
      "\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\x99\xE0\xB8\x99\xE0\xB8\xB5\xE0\xB9\x89\xE0\xB8\xAD\xE0\xB8\xB2\xE0\xB8\x81"
      "\xE0\xB8\xB2\xE0\xB8\xA8\xE0\xB8\x94\xE0\xB8\xB5\xE0\xB8\xA1\xE0\xB8\xB2\xE0\xB8\x81";  // วันนี้อากาศดีมาก
  std::string thai;
  while (thai.size() < (1u << 20)) thai += sentence;
  auto tb = line_break_opportunities(thai, "th");
  CHECK(tb.size() > thai.size() / 20);
  bool increasing = true;
  for (std::size_t k = 1; k < tb.size(); ++k) increasing = increasing && tb[k] > tb[k - 1];
  CHECK(increasing);
  CHECK(tb.back() < thai.size());

  // One base with 10,000 combining marks: one cluster, one run, no break.
  std::string marked = "a";
  for (int i = 0; i < 10000; ++i) marked += "\xCC\x81";
  CHECK(grapheme_boundaries(marked) == std::vector<std::size_t>{0, marked.size()});
  CHECK(line_break_opportunities(marked, "en").empty());
  CHECK(script_runs(marked).size() == 1);
  CHECK(bidi_runs(marked, Direction::Auto).runs.size() == 1);
  std::string rtl_marked = shalom;
  for (int i = 0; i < 10000; ++i) rtl_marked += "\xD6\xB0";  // Hebrew sheva
  CHECK(bidi_runs(rtl_marked, Direction::Auto).runs.size() == 1);
}

TEST_CASE("case: full mappings, and small capitals as runs of lowered capitals") {
  using quire::text::small_caps_runs;
  CHECK(quire::text::to_upper("straße") == "STRASSE");
  CHECK(quire::text::to_lower("ÀÉÎ") == "àéî");
  auto runs = small_caps_runs("McKay, \u00e9\u0301t\u00e9 2020");
  REQUIRE(runs.size() == 7);
  std::vector<std::string> shown;
  std::vector<bool> lowered;
  for (const auto& r : runs) {
    shown.push_back(r.shown);
    lowered.push_back(r.lowered);
  }
  // a combining acute stays with the letter it is on
  CHECK(shown == std::vector<std::string>{"M", "C", "K", "AY", ", ", "\u00c9\u0301T\u00c9", " 2020"});
  CHECK(lowered == std::vector<bool>{false, true, false, true, false, true, false});
  CHECK(small_caps_runs("2020").size() == 1);
  CHECK_FALSE(small_caps_runs("2020")[0].lowered);
  CHECK(small_caps_runs("").empty());
}
