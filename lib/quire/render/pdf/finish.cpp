#include "quire/render/pdf/finish.hpp"
#include "quire/model/utf8.hpp"

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFWriter.hh>

#include <cstdio>
#include <exception>
#include <fstream>
#include <iterator>

namespace quire::render {

namespace detail {

namespace {

std::string hex4(char32_t c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "<%04X>", static_cast<unsigned>(c));
  return buf;
}

// "<0041> <005A> <0041>" ranges for runs within one high byte (a bfrange may not cross one), single
// codes as "<AC00> <AC00>"; at most 100 entries per block, as the CMap format asks.
struct Entry {
  char32_t first, last;
};

std::string blocks(const std::vector<Entry>& entries, bool ranges) {
  std::string out;
  const char* begin = ranges ? "beginbfrange\n" : "beginbfchar\n";
  const char* end = ranges ? "endbfrange\n" : "endbfchar\n";
  for (std::size_t at = 0; at < entries.size(); at += 100) {
    std::size_t n = std::min<std::size_t>(100, entries.size() - at);
    out += std::to_string(n) + " " + begin;
    for (std::size_t i = at; i < at + n; ++i) {
      const Entry& e = entries[i];
      out += ranges ? hex4(e.first) + " " + hex4(e.last) + " " + hex4(e.first) + "\n"
                    : hex4(e.first) + " " + hex4(e.first) + "\n";
    }
    out += end;
  }
  return out;
}

// Lets a password-free message through; replaces a password that somehow got into one.
std::string scrub(std::string message, const PdfOptions& options) {
  for (const std::string* secret : {&options.user_password, &options.owner_password}) {
    if (secret->empty()) continue;
    for (auto at = message.find(*secret); at != std::string::npos; at = message.find(*secret, at))
      message.replace(at, secret->size(), "***");
  }
  return message;
}

// libharu writes, as every Type0 font's /ToUnicode, a copy of its Identity-H encoding CMap
// ("begincidrange"), which poppler warns about and other readers may ignore: replace it with a
// real ToUnicode map over the characters drawn with that font.
// Also names the CIDFonts' character collection Adobe-Identity-0, as Identity-H asks (libharu
// writes the encoding's name, "Identity-H", as the ordering).
void fix_fonts(QPDF& pdf, const FontCodePoints& fonts) {
  for (auto& object : pdf.getAllObjects()) {
    if (!object.isDictionary() || !object.getKey("/Type").isNameAndEquals("/Font")) continue;
    if (object.getKey("/Subtype").isNameAndEquals("/CIDFontType2")) {
      auto info = object.getKey("/CIDSystemInfo");
      if (info.isDictionary() && info.getKey("/Ordering").isString() &&
          info.getKey("/Ordering").getStringValue() == "Identity-H")
        info.replaceKey("/Ordering", QPDFObjectHandle::newString("Identity"));
      continue;
    }
    if (!object.getKey("/Subtype").isNameAndEquals("/Type0") || !object.getKey("/ToUnicode").isStream()) continue;
    auto base = object.getKey("/BaseFont");
    if (!base.isName()) continue;
    std::string name = base.getName();  // "/HPDFAA+NanumMyeongjo"
    auto plus = name.find('+');
    auto found = fonts.find(name.substr(plus == std::string::npos ? 1 : plus + 1));
    if (found == fonts.end()) continue;
    object.replaceKey("/ToUnicode", QPDFObjectHandle::newStream(&pdf, to_unicode_cmap(found->second)));
  }
}

// libharu refuses a zoom of 0 in /XYZ destinations, so the writer asks for 1 (100 %); a null zoom
// keeps the reader's own, which is what a link or a bookmark should do.
void keep_zoom(QPDF& pdf) {
  for (auto& object : pdf.getAllObjects()) {
    if (!object.isDictionary()) continue;
    auto dest = object.getKey("/Dest");
    if (dest.isArray() && dest.getArrayNItems() == 5 && dest.getArrayItem(1).isNameAndEquals("/XYZ"))
      dest.setArrayItem(4, QPDFObjectHandle::newNull());
  }
}

void encrypt(QPDFWriter& writer, const PdfOptions& options) {
  bool modify = options.allow_modify;
  // Accessibility extraction is always allowed: PDF 2.0 readers ignore the bit anyway.
  writer.setR6EncryptionParameters(options.user_password.c_str(), options.owner_password.c_str(), true,
                                   options.allow_copy, modify, modify, modify, modify,
                                   options.allow_print ? qpdf_r3p_full : qpdf_r3p_none, true);
}

}  // namespace

void tidy(QPDF& pdf, const FontCodePoints& fonts) {
  fix_fonts(pdf, fonts);
  keep_zoom(pdf);
}

std::string to_unicode_cmap(const std::set<char32_t>& code_points) {
  std::vector<Entry> singles, ranges;
  std::vector<Entry> runs;
  for (char32_t c : code_points) {
    if (c > 0xFFFF || (c >= 0xD800 && c <= 0xDFFF)) continue;  // libharu has 2-byte codes only
    if (!runs.empty() && runs.back().last + 1 == c && (c & 0xFF) != 0)
      runs.back().last = c;
    else
      runs.push_back({c, c});
  }
  for (const Entry& e : runs) (e.first == e.last ? singles : ranges).push_back(e);
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

std::string finish_pdf(const std::string& bytes, const FontCodePoints& fonts, const PdfOptions& options) {
  const char* step = "cannot read libharu's output";
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);  // library code never prints
    pdf.setAttemptRecovery(false);  // libharu's output is valid; anything else is a bug to report
    pdf.processMemoryFile("libharu output", bytes.data(), bytes.size());
    step = "cannot fix the fonts' ToUnicode maps";
    tidy(pdf, fonts);
    step = options.encrypted() ? "cannot encrypt the PDF" : "cannot write the PDF";
    QPDFWriter writer(pdf);
    writer.setOutputMemory();
    // Streams libharu compressed stay as they are; objects go into compressed object streams
    // (PDF 1.5), which saves most of the bytes of pages, fonts' dictionaries and outlines.
    writer.setDecodeLevel(qpdf_dl_none);
    writer.setCompressStreams(true);
    writer.setObjectStreamMode(qpdf_o_generate);
    if (options.encrypted()) {
      encrypt(writer, options);
    } else {
      writer.setDeterministicID(true);  // /ID from the content: same input, same bytes
    }
    writer.write();
    auto buffer = writer.getBufferSharedPointer();
    return std::string(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(ErrorKind::Io, std::string(step) + ": " + scrub(e.what(), options));
  }
}

void encrypt_file(const std::string& path, const PdfOptions& options, io::OutputFile& out) {
  const char* step = "cannot read the joined PDF";
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);
    pdf.setAttemptRecovery(false);
    pdf.processFile(path.c_str());
    step = "cannot encrypt the PDF";
    QPDFWriter writer(pdf);
    writer.setOutputFile(out.temp_path().c_str(), out.file(), false);
    writer.setDecodeLevel(qpdf_dl_none);
    writer.setCompressStreams(true);
    writer.setObjectStreamMode(qpdf_o_generate);
    encrypt(writer, options);
    writer.write();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(ErrorKind::Io, std::string(step) + ": " + scrub(e.what(), options));
  }
}

}  // namespace detail

namespace {

std::string strip_line_end(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

void resolve_passwords(PdfOptions& options) {
  if (!options.password_file.empty()) {
    if (!options.user_password.empty() || !options.owner_password.empty())
      throw Error(ErrorKind::Usage, "give the passwords either on the command line or in --password-file, not both");
    const std::string path = options.password_file;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, "cannot read password file \"" + path + "\"");
    std::string user, owner, extra;
    std::getline(in, user);
    std::getline(in, owner);
    if (in.bad()) throw Error(ErrorKind::Io, "cannot read password file \"" + path + "\"");
    while (std::getline(in, extra))
      if (!strip_line_end(extra).empty())
        throw Error(ErrorKind::Usage, "password file \"" + path +
                                          "\" has more than two lines (line 1: user password, line 2: owner password)");
    options.user_password = strip_line_end(user);
    options.owner_password = strip_line_end(owner);
    options.password_file.clear();
  }
  for (const auto& [password, which] :
       {std::pair{&options.user_password, "user"}, std::pair{&options.owner_password, "owner"}}) {
    // AES-256 (R6) takes at most 127 bytes of UTF-8; longer ones would be cut silently.
    if (password->size() > 127)
      throw Error(ErrorKind::Usage, std::string("the ") + which + " password is longer than 127 bytes");
    if (invalid_utf8_at(*password) != std::string_view::npos)
      throw Error(ErrorKind::Usage, std::string("the ") + which + " password is not UTF-8");
  }
  bool restricted = !options.allow_print || !options.allow_copy || !options.allow_modify;
  if (restricted && options.owner_password.empty())
    throw Error(ErrorKind::Usage,
                "--no-print, --no-copy and --no-modify need an owner password (without one, anyone has full rights)");
  if (restricted && options.owner_password == options.user_password)
    throw Error(ErrorKind::Usage,
                "the owner and user passwords are the same: whoever opens the file would have full rights");
  // With only a user password, qpdf would leave the owner password empty, which opens the file
  // with full rights and without a password: the user password is both.
  if (options.owner_password.empty()) options.owner_password = options.user_password;
}

}  // namespace quire::render
