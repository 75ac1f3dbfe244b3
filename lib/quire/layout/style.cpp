#include "quire/layout/style.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string_view>

#include "quire/text/terms.hpp"

namespace quire::layout {

namespace {

using model::MetaValue;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<double> parse_length(std::string_view text) {
  text = trim(text);
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || !(value > 0)) return std::nullopt;
  std::string unit = lower(trim(std::string_view(ptr, text.data() + text.size() - ptr)));
  if (unit.empty() || unit == "pt") return value;
  if (unit == "cm") return value * 72 / 2.54;
  if (unit == "mm") return value * 72 / 25.4;
  if (unit == "in") return value * 72;
  return std::nullopt;
}

std::optional<Color> parse_color(std::string_view text) {
  text = trim(text);
  auto hex = [](char c) {
    c = char(std::tolower(static_cast<unsigned char>(c)));
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  };
  bool ok = text.size() > 1 && text[0] == '#' && (text.size() == 7 || text.size() == 4);
  for (std::size_t i = 1; ok && i < text.size(); ++i) ok = hex(text[i]) >= 0;
  if (!ok) return std::nullopt;
  auto channel = [&](int i) {
    return text.size() == 7 ? (hex(text[1 + 2 * i]) * 16 + hex(text[2 + 2 * i])) / 255.0 : hex(text[1 + i]) / 15.0;
  };
  return Color{channel(0), channel(1), channel(2)};
}

namespace {

bool set_paper(Style& style, const MetaValue& value, Diagnostics& diags) {
  struct Paper {
    const char* name;
    double width, height;
  };
  static constexpr Paper papers[] = {
      {"a4", 595.276, 841.89}, {"a5", 419.528, 595.276}, {"letter", 612, 792}, {"legal", 612, 1008}};
  std::string name = lower(trim(value.scalar));
  for (const auto& paper : papers) {
    if (name != paper.name) continue;
    style.page_width = paper.width;
    style.page_height = paper.height;
    return true;
  }
  diags.error(value.pos, "unknown paper size \"" + value.as_text() + "\"", "accepted values: a4, a5, letter, legal");
  return false;
}

void set_font_size(Style& style, const MetaValue& value, Diagnostics& diags) {
  auto size = value.is_scalar() ? parse_length(value.scalar) : std::nullopt;
  if (!size || *size < 4 || *size > 72) {
    diags.error(value.pos, "invalid font size \"" + value.as_text() + "\"",
                "write a size in points between 4 and 72, e.g. 11pt");
    return;
  }
  double scale = *size / style.font_size;
  style.font_size = *size;
  for (auto& h : style.heading_sizes) h *= scale;
}

void set_all_margins(Style& style, double m) {
  style.margin_top = style.margin_bottom = style.margin_left = style.margin_right = m;
}

void report_length(const MetaValue& value, const std::string& what, Diagnostics& diags) {
  diags.error(value.pos, "invalid " + what + " \"" + value.as_text() + "\"",
              "write a positive length in pt, cm, mm or in, e.g. 2.5cm");
}

void set_margin(Style& style, const MetaValue& value, Diagnostics& diags) {
  auto m = value.is_scalar() ? parse_length(value.scalar) : std::nullopt;
  if (!m) return report_length(value, "margin", diags);
  set_all_margins(style, *m);
}

// One "key=length" of a geometry option; false when the key or the length is not understood.
bool apply_geometry_option(Style& style, std::string_view option) {
  auto eq = option.find('=');
  if (eq == std::string_view::npos) return false;
  std::string key = lower(trim(option.substr(0, eq)));
  auto m = parse_length(option.substr(eq + 1));
  if (!m) return false;
  if (key == "margin")
    set_all_margins(style, *m);
  else if (key == "hmargin")
    style.margin_left = style.margin_right = *m;
  else if (key == "vmargin")
    style.margin_top = style.margin_bottom = *m;
  else if (key == "left" || key == "lmargin")
    style.margin_left = *m;
  else if (key == "right" || key == "rmargin")
    style.margin_right = *m;
  else if (key == "top" || key == "tmargin")
    style.margin_top = *m;
  else if (key == "bottom" || key == "bmargin")
    style.margin_bottom = *m;
  else
    return false;
  return true;
}

// pandoc's `geometry`: "margin=2cm" or "left=3cm,right=2cm", or a list of such strings.
void set_geometry(Style& style, const MetaValue& value, Diagnostics& diags) {
  if (value.kind == MetaValue::Kind::List) {
    for (const auto& item : value.list) set_geometry(style, item, diags);
    return;
  }
  std::string_view text = value.scalar;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto option = trim(text.substr(0, comma));
    if (!option.empty() && !apply_geometry_option(style, option)) {
      diags.error(value.pos, "invalid geometry option \"" + std::string(option) + "\"",
                  "accepted: margin, hmargin, vmargin, left, right, top, bottom = a length, e.g. margin=2cm");
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
}

void set_line_stretch(Style& style, const MetaValue& value, Diagnostics& diags) {
  double stretch = 0;
  const auto& s = value.scalar;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), stretch);
  if (!value.is_scalar() || ec != std::errc() || ptr != s.data() + s.size() || stretch < 0.5 || stretch > 4) {
    diags.error(value.pos, "invalid line stretch \"" + value.as_text() + "\"", "write a number between 0.5 and 4");
    return;
  }
  style.leading *= stretch;
}

void set_flag(bool& flag, const MetaValue& value, const char* key, Diagnostics& diags) {
  std::string text = lower(value.scalar);
  if (value.is_scalar() && (text == "true" || text == "yes"))
    flag = true;
  else if (value.is_scalar() && (text == "false" || text == "no"))
    flag = false;
  else
    diags.error(value.pos, "\"" + std::string(key) + "\" must be true or false");
}

// `linebreaks: optimized` (Knuth–Plass, the default) or `simple` (first fit), as Typst names them.
void set_linebreaks(Style& style, const MetaValue& value, Diagnostics& diags) {
  std::string text = lower(value.scalar);
  if (value.is_scalar() && (text == "optimized" || text == "simple"))
    style.optimal_breaks = text == "optimized";
  else
    diags.error(value.pos, "invalid linebreaks \"" + value.as_text() + "\"", "accepted: optimized, simple");
}

// `align: justify` (flush right) or `left` (ragged right).
void set_align(Style& style, const MetaValue& value, Diagnostics& diags) {
  std::string text = lower(value.scalar);
  if (value.is_scalar() && text == "justify")
    style.justify = true;
  else if (value.is_scalar() && text == "left")
    style.justify = false;
  else
    diags.error(value.pos, "invalid align \"" + value.as_text() + "\"", "accepted: justify, left");
}

std::optional<double> number_in(const MetaValue& value, double low, double high) {
  if (!value.is_scalar()) return std::nullopt;
  std::string_view text = trim(value.scalar);
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < low || v > high) return std::nullopt;
  return v;
}

void set_number(double& out, const MetaValue& value, const std::string& key, double low, double high,
                Diagnostics& diags) {
  if (auto v = number_in(value, low, high))
    out = *v;
  else
    diags.error(value.pos, "invalid " + key + " \"" + value.as_text() + "\"",
                "write a number between " + std::to_string(int(low)) + " and " + std::to_string(int(high)));
}

void set_int(int& out, const MetaValue& value, const std::string& key, int low, int high, Diagnostics& diags) {
  double v = out;
  set_number(v, value, key, low, high, diags);
  out = int(v);
}

void set_length(double& out, const MetaValue& value, const std::string& key, Diagnostics& diags) {
  auto m = value.is_scalar() ? parse_length(value.scalar) : std::nullopt;
  if (!m) return report_length(value, key, diags);
  out = *m;
}

// "#1a2b3c" or "#abc".
void set_color(Color& out, const MetaValue& value, const std::string& key, Diagnostics& diags) {
  auto color = value.is_scalar() ? parse_color(value.scalar) : std::nullopt;
  if (!color) {
    diags.error(value.pos, "invalid " + key + " \"" + value.as_text() + "\"",
                "write a colour as #rrggbb, e.g. #1a2b4c");
    return;
  }
  out = *color;
}

void set_text(std::string& out, const MetaValue& value, const std::string& key, Diagnostics& diags) {
  if (value.is_scalar())
    out = value.scalar;
  else
    diags.error(value.pos, "\"" + key + "\" must be a string");
}

void set_heading_sizes(Style& style, const MetaValue& value, Diagnostics& diags) {
  if (value.kind != MetaValue::Kind::List || value.list.empty() || value.list.size() > 6) {
    diags.error(value.pos, "\"heading-sizes\" must be a list of 1 to 6 sizes in points", "e.g. [20, 16, 13.5]");
    return;
  }
  for (std::size_t i = 0; i < value.list.size(); ++i) {
    auto size = value.list[i].is_scalar() ? parse_length(value.list[i].scalar) : std::nullopt;
    if (!size || *size < 4 || *size > 96) {
      diags.error(value.list[i].pos, "invalid heading size \"" + value.list[i].as_text() + "\"",
                  "write a size in points between 4 and 96");
      continue;
    }
    style.heading_sizes[i] = *size;
  }
}

// An even-page field: the first one set makes the even pages' fields their own (the others empty).
void set_even(std::optional<std::array<std::string, 3>>& fields, int i, const MetaValue& v, const std::string& key,
              Diagnostics& diags) {
  if (!fields) fields.emplace();
  set_text((*fields)[std::size_t(i)], v, key, diags);
}

// The `style:` map (docs/style.md): one setter per key.
void set_style_key(Style& style, const std::string& key, const MetaValue& v, Diagnostics& diags) {
  static const char* const fields[] = {"left", "center", "right"};
  for (int i = 0; i < 3; ++i) {
    if (key == std::string("header-") + fields[i]) return set_text(style.header[i], v, key, diags);
    if (key == std::string("footer-") + fields[i]) return set_text(style.footer[i], v, key, diags);
    if (key == std::string("header-even-") + fields[i]) return set_even(style.header_even, i, v, key, diags);
    if (key == std::string("footer-even-") + fields[i]) return set_even(style.footer_even, i, v, key, diags);
  }
  if (key == "twoside") return set_flag(style.twoside, v, "twoside", diags);
  if (key == "kerning") return set_flag(style.kerning, v, "kerning", diags);
  if (key == "papersize") return void(set_paper(style, v, diags));
  if (key == "fontsize") return set_font_size(style, v, diags);
  if (key == "margin") return set_margin(style, v, diags);
  if (key == "margin-top") return set_length(style.margin_top, v, "margin", diags);
  if (key == "margin-bottom") return set_length(style.margin_bottom, v, "margin", diags);
  if (key == "margin-left") return set_length(style.margin_left, v, "margin", diags);
  if (key == "margin-right") return set_length(style.margin_right, v, "margin", diags);
  if (key == "leading") return set_number(style.leading, v, key, 1, 3, diags);
  if (key == "paragraph-space") return set_number(style.paragraph_space, v, key, 0, 3, diags);
  if (key == "indent") return set_flag(style.indent, v, "indent", diags);
  if (key == "indent-width") return set_number(style.indent_width, v, key, 0, 10, diags);
  if (key == "heading-sizes") return set_heading_sizes(style, v, diags);
  if (key == "heading-space-before") return set_number(style.heading_space_before, v, key, 0, 5, diags);
  if (key == "heading-space-after") return set_number(style.heading_space_after, v, key, 0, 5, diags);
  if (key == "text-color") return set_color(style.text_color, v, key, diags);
  if (key == "heading-color") return set_color(style.heading_color, v, key, diags);
  if (key == "link-color") return set_color(style.link_color, v, key, diags);
  if (key == "align") return set_align(style, v, diags);
  if (key == "widows") return set_int(style.widows, v, key, 1, 10, diags);
  if (key == "orphans") return set_int(style.orphans, v, key, 1, 10, diags);
  if (key == "header-rule") return set_flag(style.header_rule, v, "header-rule", diags);
  if (key == "first-page-furniture") {
    bool on = true;
    set_flag(on, v, "first-page-furniture", diags);
    style.first_page_furniture = on;
    return;
  }
  if (key == "watermark") return set_text(style.watermark, v, key, diags);
  if (key == "watermark-color") return set_color(style.watermark_color, v, key, diags);
  if (key == "watermark-angle") return set_number(style.watermark_angle, v, key, -90, 90, diags);
  diags.warning(v.pos, "unknown style key \"" + key + "\" ignored", "docs/style.md lists the keys");
}

void set_style_map(Style& style, const MetaValue& value, Diagnostics& diags) {
  if (value.kind != MetaValue::Kind::Map) {
    diags.error(value.pos, "\"style\" must be a map of style keys", "see docs/style.md");
    return;
  }
  for (const auto& [key, v] : value.map) set_style_key(style, key, v, diags);
}

// pandoc's `classoption` (a string or a list): `twoside` and `oneside` are read, the rest is LaTeX's.
void set_class_options(Style& style, const MetaValue& v) {
  if (v.kind == MetaValue::Kind::List) {
    for (const auto& item : v.list) set_class_options(style, item);
    return;
  }
  if (!v.is_scalar()) return;
  std::string option = lower(v.scalar);
  if (option == "twoside") style.twoside = true;
  if (option == "oneside") style.twoside = false;
}

// pandoc's names for contents and numbering, and quire's watermark and letter class.
void set_document_keys(Style& style, const MetaValue& meta, Diagnostics& diags) {
  if (auto* v = meta.find("toc")) set_flag(style.toc, *v, "toc", diags);
  if (auto* v = meta.find("toc-depth")) set_int(style.toc_depth, *v, "toc-depth", 1, 6, diags);
  const text::Terms& terms = text::terms_for(style.lang);
  style.toc_title = terms.contents;
  style.lof_title = terms.list_of_figures;
  style.lot_title = terms.list_of_tables;
  if (auto* v = meta.find("toc-title")) set_text(style.toc_title, *v, "toc-title", diags);
  if (auto* v = meta.find("lof")) set_flag(style.lof, *v, "lof", diags);
  if (auto* v = meta.find("lot")) set_flag(style.lot, *v, "lot", diags);
  if (auto* v = meta.find("lof-title")) set_text(style.lof_title, *v, "lof-title", diags);
  if (auto* v = meta.find("lot-title")) set_text(style.lot_title, *v, "lot-title", diags);
  if (auto* v = meta.find("numbersections")) set_flag(style.number_sections, *v, "numbersections", diags);
  if (auto* v = meta.find("secnumdepth")) set_int(style.secnumdepth, *v, "secnumdepth", 1, 6, diags);
  if (auto* v = meta.find("watermark")) set_text(style.watermark, *v, "watermark", diags);
  if (auto* v = meta.find("documentclass"); v && v->is_scalar() && lower(v->scalar) == "letter")
    style.first_page_furniture = false;
  if (auto* v = meta.find("classoption")) set_class_options(style, *v);
}
}  // namespace

Style style_from_meta(const model::MetaValue& meta, Diagnostics& diags) {
  Style style;
  if (auto* v = meta.find("papersize")) set_paper(style, *v, diags);
  if (auto* v = meta.find("fontsize")) set_font_size(style, *v, diags);
  if (auto* v = meta.find("margin")) set_margin(style, *v, diags);
  if (auto* v = meta.find("geometry")) set_geometry(style, *v, diags);
  if (auto* v = meta.find("linestretch")) set_line_stretch(style, *v, diags);
  if (auto* v = meta.find("page-numbers")) set_flag(style.page_numbers, *v, "page-numbers", diags);
  if (auto* v = meta.find("justify")) set_flag(style.justify, *v, "justify", diags);
  if (auto* v = meta.find("align")) set_align(style, *v, diags);
  if (auto* v = meta.find("hyphenate")) set_flag(style.hyphenate, *v, "hyphenate", diags);
  if (auto* v = meta.find("linebreaks")) set_linebreaks(style, *v, diags);
  if (auto* v = meta.find("lang"); v && v->is_scalar()) style.lang = v->scalar;
  if (auto* v = meta.find("dir"); v && v->is_scalar()) style.dir = v->scalar;
  if (auto* v = meta.find("titleblock")) set_flag(style.title_block, *v, "titleblock", diags);
  if (auto* v = meta.find("titlepage")) set_flag(style.title_page, *v, "titlepage", diags);
  set_document_keys(style, meta, diags);
  if (auto* v = meta.find("style")) set_style_map(style, *v, diags);
  if (style.measure() < 72 || style.text_height() < 144) {
    auto* v = meta.find("geometry") ? meta.find("geometry") : meta.find("margin");
    diags.error(v ? v->pos : meta.pos, "margins leave too little room for text",
                "the text area must be at least 1in wide and 2in high");
    Style defaults;
    style.margin_top = defaults.margin_top, style.margin_bottom = defaults.margin_bottom;
    style.margin_left = defaults.margin_left, style.margin_right = defaults.margin_right;
  }
  return style;
}

}  // namespace quire::layout
