#include "quire/render/pdf/cid_font.hpp"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <cstdio>
#include <list>
#include <memory>
#include <vector>

#include "quire/fonts/subset.hpp"
#include "quire/render/pdf/deflate.hpp"

namespace quire::render::detail {

namespace {

std::string hex4(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "<%04X>", v);
  return buf;
}

// Streams are stored compressed here, once: the joiner copies them as they are, and the finishing
// pass writes them without filtering (finish.cpp).
QPDFObjectHandle flate_stream(QPDF& pdf, const std::string& bytes) {
  auto stream = QPDFObjectHandle::newStream(&pdf, deflate(bytes));
  stream.getDict().replaceKey("/Filter", QPDFObjectHandle::newName("/FlateDecode"));
  stream.setFilterOnWrite(false);
  return stream;
}

// A face's subset as stored in FontFile2: its length (/Length1) and its deflated bytes.
struct PackedSubset {
  std::size_t length = 0;
  std::string packed;
};

// Subsets cut and deflated in this run, most recently used first: the letters of a mail merge written
// one file each draw many faces with the same glyphs (a letterhead's, the body's when the letters
// differ only in words that need no new glyph), which are then cut and compressed once. Found by
// face and glyph set, so the bytes are those of a fresh cut. At most kKeptSubsets, kKeptSubsetBytes.
struct KeptSubset {
  layout::FontFace face;
  std::set<std::uint32_t> glyphs;
  std::shared_ptr<const PackedSubset> subset;
};
constexpr std::size_t kKeptSubsets = 64, kKeptSubsetBytes = std::size_t(16) << 20;

std::shared_ptr<const PackedSubset> packed_subset(const layout::FontFace& face, const std::set<std::uint32_t>& glyphs) {
  thread_local std::list<KeptSubset> kept;
  thread_local std::size_t bytes = 0;
  for (auto it = kept.begin(); it != kept.end(); ++it) {
    if (it->face != face || it->glyphs != glyphs) continue;
    kept.splice(kept.begin(), kept, it);
    return it->subset;
  }
  auto made = std::make_shared<PackedSubset>();
  std::string subset = fonts::subset_glyphs(face, glyphs);
  made->length = subset.size();
  made->packed = deflate(subset);
  if (made->packed.size() > kKeptSubsetBytes) return made;
  kept.push_front({face, glyphs, made});
  bytes += made->packed.size();
  while (kept.size() > kKeptSubsets || bytes > kKeptSubsetBytes) {
    bytes -= kept.back().subset->packed.size();
    kept.pop_back();
  }
  return made;
}

// One ToUnicode line: a glyph (or a range of them) and its text.
struct Mapping {
  std::uint32_t first = 0, last = 0;
  std::string hex;    // UTF-16BE of the first glyph's text
  unsigned unit = 0;  // its single UTF-16 code unit, or 0 when it has several
};

std::string blocks(const std::vector<Mapping>& entries, bool ranges) {
  std::string out;
  for (std::size_t at = 0; at < entries.size(); at += 100) {  // at most 100 per block, as CMaps ask
    std::size_t n = std::min<std::size_t>(100, entries.size() - at);
    out += std::to_string(n) + (ranges ? " beginbfrange\n" : " beginbfchar\n");
    for (std::size_t i = at; i < at + n; ++i) {
      const Mapping& m = entries[i];
      out += hex4(m.first) + ' ' + (ranges ? hex4(m.last) + ' ' : "") + '<' + m.hex + ">\n";
    }
    out += ranges ? "endbfrange\n" : "endbfchar\n";
  }
  return out;
}

}  // namespace

std::set<std::uint32_t> glyph_set(const FaceUse& use) {
  std::set<std::uint32_t> glyphs{0};
  for (const auto& [glyph, text] : use.text) glyphs.insert(glyph);
  return glyphs;
}

std::string subset_tag(const FaceUse& use) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  auto mix = [&](unsigned char byte) { h = (h ^ byte) * 0x100000001b3ULL; };
  for (unsigned char c : use.info.postscript_name()) mix(c);
  for (std::uint32_t g : glyph_set(use))
    for (int shift = 0; shift < 32; shift += 8) mix(static_cast<unsigned char>(g >> shift));
  std::string tag;
  for (int i = 0; i < 6; ++i, h /= 26) tag += static_cast<char>('A' + h % 26);
  return tag;
}

std::string widths_array(const FaceUse& use) {
  std::string out = "[";
  bool open = false;
  std::uint32_t previous = 0;
  for (const auto& [glyph, text] : use.text) {
    if (!open || glyph != previous + 1) {
      out += std::string(open ? " ]" : "") + ' ' + std::to_string(glyph) + " [";
      open = true;
    }
    out += ' ' + pdf_number(use.width(glyph), 3);
    previous = glyph;
  }
  return out + (open ? " ] ]" : " ]");
}

std::string to_unicode_cmap(const FaceUse& use) {
  std::vector<Mapping> runs;
  for (const auto& [glyph, text] : use.text) {
    if (text.empty()) continue;
    std::string hex = utf16_hex(text, false);
    unsigned unit = hex.size() == 4 ? static_cast<unsigned>(std::stoul(hex, nullptr, 16)) : 0;
    if (!runs.empty()) {
      Mapping& last = runs.back();
      // A range may not cross a high byte of the codes, and only the last byte of its value counts up.
      bool extends = unit != 0 && last.unit != 0 && glyph == last.last + 1 && (glyph & 0xFF) != 0 &&
                     unit == last.unit + (glyph - last.first) && (unit >> 8) == (last.unit >> 8);
      if (extends) {
        last.last = glyph;
        continue;
      }
    }
    runs.push_back({glyph, glyph, hex, unit});
  }
  std::vector<Mapping> singles, ranges;
  for (const Mapping& m : runs) (m.first == m.last ? singles : ranges).push_back(m);
  return "/CIDInit /ProcSet findresource begin\n"
         "12 dict begin\n"
         "begincmap\n"
         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
         "/CMapName /Adobe-Identity-UCS def\n"
         "/CMapType 2 def\n"
         "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" +
         blocks(ranges, true) + blocks(singles, false) +
         "endcmap\n"
         "CMapName currentdict /CMap defineresource pop\n"
         "end\n"
         "end\n";
}

QPDFObjectHandle make_type0(QPDF& pdf, const FaceUse& use) {
  const fonts::FaceInfo& info = use.info;
  const fonts::FaceDescriptor& d = info.descriptor();
  auto name = QPDFObjectHandle::newName("/" + subset_tag(use) + "+" + info.postscript_name());
  auto num = [](double v) { return QPDFObjectHandle::newReal(pdf_number(v, 3)); };

  auto subset = packed_subset(info.face(), glyph_set(use));
  auto file = QPDFObjectHandle::newStream(&pdf, subset->packed);
  file.getDict().replaceKey("/Filter", QPDFObjectHandle::newName("/FlateDecode"));
  file.setFilterOnWrite(false);
  file.getDict().replaceKey("/Length1", QPDFObjectHandle::newInteger(static_cast<long long>(subset->length)));

  auto descriptor = QPDFObjectHandle::newDictionary();
  descriptor.replaceKey("/Type", QPDFObjectHandle::newName("/FontDescriptor"));
  descriptor.replaceKey("/FontName", name);
  descriptor.replaceKey("/Flags", QPDFObjectHandle::newInteger(d.flags));
  descriptor.replaceKey("/FontBBox",
                        QPDFObjectHandle::newArray({num(d.bbox[0]), num(d.bbox[1]), num(d.bbox[2]), num(d.bbox[3])}));
  descriptor.replaceKey("/ItalicAngle", num(d.italic_angle));
  descriptor.replaceKey("/Ascent", num(d.ascent));
  descriptor.replaceKey("/Descent", num(d.descent));
  descriptor.replaceKey("/CapHeight", num(d.cap_height));
  descriptor.replaceKey("/StemV", num(d.stem_v));
  descriptor.replaceKey("/FontFile2", file);

  auto cid = QPDFObjectHandle::parse(
      "<< /Type /Font /Subtype /CIDFontType2 /CIDSystemInfo << /Registry (Adobe) "
      "/Ordering (Identity) /Supplement 0 >> /CIDToGIDMap /Identity >>");
  cid.replaceKey("/BaseFont", name);
  cid.replaceKey("/FontDescriptor", pdf.makeIndirectObject(descriptor));
  cid.replaceKey("/W", QPDFObjectHandle::parse(widths_array(use)));

  auto type0 = QPDFObjectHandle::parse("<< /Type /Font /Subtype /Type0 /Encoding /Identity-H >>");
  type0.replaceKey("/BaseFont", name);
  type0.replaceKey("/DescendantFonts", QPDFObjectHandle::newArray({pdf.makeIndirectObject(cid)}));
  type0.replaceKey("/ToUnicode", flate_stream(pdf, to_unicode_cmap(use)));
  return type0;
}

}  // namespace quire::render::detail
