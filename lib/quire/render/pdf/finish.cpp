#include "quire/render/pdf/finish.hpp"

#include "quire/io/file.hpp"
#include "quire/model/utf8.hpp"
#include "quire/render/pdf/cid_font.hpp"
#include "quire/render/pdf/deflate.hpp"

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFWriter.hh>

#include <cctype>
#include <cstdio>
#include <exception>
#include <iterator>
#include <sstream>

namespace quire::render {

namespace detail {

namespace {

// Lets a password-free message through; replaces a password that somehow got into one.
std::string scrub(std::string message, const PdfOptions& options) {
  for (const std::string* secret : {&options.user_password, &options.owner_password}) {
    if (secret->empty()) continue;
    for (auto at = message.find(*secret); at != std::string::npos; at = message.find(*secret, at))
      message.replace(at, secret->size(), "***");
  }
  return message;
}

// Each placeholder dictionary becomes its face's Type 0 font, in place: the pages' references stay.
void fill_fonts(QPDF& pdf, std::vector<QPDFObjectHandle>& objects, const FontRegistry& fonts) {
  for (auto& object : objects) {
    int face = placeholder_face(object);
    if (face < 0) continue;
    if (static_cast<std::size_t>(face) >= fonts.size())
      throw Error(ErrorKind::Io, "a page uses font " + std::to_string(face) + ", which was never drawn with");
    QPDFObjectHandle font = make_type0(pdf, fonts.use(face));
    object.removeKey(kPlaceholderKey);
    for (const auto& key : font.getKeys()) object.replaceKey(key, font.getKey(key));
  }
}

// An image's stream as stored: its data is encoded already, so no writer filters it again.
QPDFObjectHandle image_stream(QPDF& pdf, const StoredImage& image) {
  auto stream = QPDFObjectHandle::newStream(&pdf, image.data);
  auto dict = stream.getDict();
  dict.replaceKey("/Type", QPDFObjectHandle::newName("/XObject"));
  dict.replaceKey("/Subtype", QPDFObjectHandle::newName("/Image"));
  dict.replaceKey("/Width", QPDFObjectHandle::newInteger(image.width));
  dict.replaceKey("/Height", QPDFObjectHandle::newInteger(image.height));
  dict.replaceKey("/ColorSpace", QPDFObjectHandle::newName(image.colour_space));
  dict.replaceKey("/BitsPerComponent", QPDFObjectHandle::newInteger(image.bits));
  if (image.inverted) dict.replaceKey("/Decode", QPDFObjectHandle::parse("[1 0 1 0 1 0 1 0]"));
  dict.replaceKey("/Filter", QPDFObjectHandle::newName(image.filter));
  if (image.mask) dict.replaceKey("/SMask", image_stream(pdf, *image.mask));
  stream.setFilterOnWrite(false);
  return stream;
}

// The image number of an image placeholder, or -1 for any other object.
int image_placeholder(QPDFObjectHandle object) {
  if (!object.isDictionary() || !object.getKey("/Type").isNameAndEquals("/XObject")) return -1;
  QPDFObjectHandle index = object.getKey(kImageKey);
  if (!index.isInteger() || index.getIntValue() < 0 || index.getIntValue() > 1'000'000) return -1;
  return static_cast<int>(index.getIntValue());
}

// Each page's (or form's) image placeholders point at the images' streams instead, each made once.
void fill_images(QPDF& pdf, std::vector<QPDFObjectHandle>& objects, const ImageRegistry& images) {
  std::vector<QPDFObjectHandle> made(images.size(), QPDFObjectHandle::newNull());
  for (auto& object : objects) {
    QPDFObjectHandle dict = object.isStream() ? object.getDict() : object;
    if (!dict.isDictionary()) continue;
    QPDFObjectHandle xobjects = dict.getKey("/Resources").getKey("/XObject");
    if (!xobjects.isDictionary()) continue;
    for (const auto& key : xobjects.getKeys()) {
      int index = image_placeholder(xobjects.getKey(key));
      if (index < 0) continue;
      if (static_cast<std::size_t>(index) >= images.size())
        throw Error(ErrorKind::Io, "a page draws image " + std::to_string(index) + ", which was never read");
      auto& stream = made[static_cast<std::size_t>(index)];
      if (stream.isNull()) stream = image_stream(pdf, images.image(index));
      xobjects.replaceKey(key, stream);
    }
  }
}

// libharu refuses a zoom of 0 in /XYZ destinations, so the writer asks for 1 (100 %); a null zoom
// keeps the reader's own, which is what a link or a bookmark should do.
void keep_zoom(std::vector<QPDFObjectHandle>& objects) {
  for (auto& object : objects) {
    if (!object.isDictionary()) continue;
    auto dest = object.getKey("/Dest");
    if (dest.isArray() && dest.getArrayNItems() == 5 && dest.getArrayItem(1).isNameAndEquals("/XYZ"))
      dest.setArrayItem(4, QPDFObjectHandle::newNull());
  }
}

// Every stream leaves compressed exactly once: libharu's (written plain) are deflated here, streams
// that carry a filter already (quire's fonts, JPEGs) are kept as they are. QPDFWriter is told not to
// filter any of them, which would inflate and deflate each again with zlib.
void deflate_streams(QPDF& pdf) {
  for (auto& object : pdf.getAllObjects()) {
    if (!object.isStream()) continue;
    auto dict = object.getDict();
    if (!dict.hasKey("/Filter") && !dict.getKey("/Type").isNameAndEquals("/Metadata")) {
      auto raw = object.getRawStreamData();
      std::string_view data(reinterpret_cast<const char*>(raw->getBuffer()), raw->getSize());
      // Images come back in every letter of a run; page contents do not.
      std::string packed = dict.getKey("/Subtype").isNameAndEquals("/Image") ? deflate_remembered(data) : deflate(data);
      object.replaceStreamData(packed, QPDFObjectHandle::newName("/FlateDecode"), QPDFObjectHandle::newNull());
    }
    object.setFilterOnWrite(false);
  }
}

using Object = QPDFObjectHandle;

constexpr const char* kSrgbProfile = "/usr/share/color/icc/sRGB.icc";

Object dictionary(std::initializer_list<std::pair<const char*, Object>> entries) {
  Object d = Object::newDictionary();
  for (const auto& [key, value] : entries) d.replaceKey(key, value);
  return d;
}

std::string xml_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The document information dictionary's entry `key` as UTF-8, or "".
std::string info_text(QPDF& pdf, const char* key) {
  Object info = pdf.getTrailer().getKey("/Info");
  Object value = info.isDictionary() ? info.getKey(key) : Object::newNull();
  return value.isString() ? value.getUTF8Value() : std::string();
}

// A PDF date (D:YYYYMMDDHHmmSS, then Z, +HH'mm' or nothing) as XMP writes dates (ISO 8601), or "".
std::string xmp_date(const std::string& pdf_date) {
  std::string d = pdf_date.rfind("D:", 0) == 0 ? pdf_date.substr(2) : pdf_date;
  std::size_t digits = 0;
  while (digits < d.size() && digits < 14 && std::isdigit(static_cast<unsigned char>(d[digits]))) ++digits;
  if (digits < 4 || digits % 2) return "";
  std::string full = d.substr(0, digits) + std::string("00000101000000").substr(digits);
  std::string out = full.substr(0, 4) + "-" + full.substr(4, 2) + "-" + full.substr(6, 2) + "T" + full.substr(8, 2) +
                    ":" + full.substr(10, 2) + ":" + full.substr(12, 2);
  std::string zone = d.substr(digits);
  if (zone.empty() || zone[0] == 'Z') return out + "Z";
  if ((zone[0] == '+' || zone[0] == '-') && zone.size() >= 3)
    return out + zone.substr(0, 3) + ":" + (zone.size() >= 6 ? zone.substr(4, 2) : std::string("00"));
  return out + "Z";
}

}  // namespace

// XMP metadata (no bytes or encoding attributes: PDF/A-2 6.6.2.1) with what the document information
// dictionary says, in XMP's words (PDF/A-2 6.6.3 wants the two to agree), and each standard's claim:
// pdfuaid:part for PDF/UA-1, pdfaid:part and conformance for PDF/A-2. PDF/A-2 only knows the schemas
// of XMP 2005, so a PDF/A-2 file that also claims PDF/UA-1 describes the pdfuaid schema in an extension.
std::string xmp(QPDF& pdf, const PdfOptions& options) {
  bool archival = options.archival != PdfOptions::Archival::None;
  std::string out =
      "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
      "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"";
  if (archival) out += " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"";
  if (options.tagged) out += " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"";
  out += ">\n<dc:format>application/pdf</dc:format>\n";
  auto element = [&](const char* name, const std::string& value) {
    if (!value.empty()) out += std::string("<") + name + ">" + xml_escaped(value) + "</" + name + ">\n";
  };
  auto alt = [&](const char* name, const std::string& value) {
    if (!value.empty())
      out += std::string("<") + name + "><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escaped(value) +
             "</rdf:li></rdf:Alt></" + name + ">\n";
  };
  alt("dc:title", info_text(pdf, "/Title"));
  if (std::string author = info_text(pdf, "/Author"); !author.empty())
    out += "<dc:creator><rdf:Seq><rdf:li>" + xml_escaped(author) + "</rdf:li></rdf:Seq></dc:creator>\n";
  alt("dc:description", info_text(pdf, "/Subject"));
  element("pdf:Keywords", info_text(pdf, "/Keywords"));
  element("pdf:Producer", info_text(pdf, "/Producer"));
  element("xmp:CreatorTool", info_text(pdf, "/Creator"));
  element("xmp:CreateDate", xmp_date(info_text(pdf, "/CreationDate")));
  element("xmp:ModifyDate", xmp_date(info_text(pdf, "/ModDate")));
  if (archival) {
    out += "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>";
    out += options.archival == PdfOptions::Archival::A2u ? "U" : "B";
    out += "</pdfaid:conformance>\n";
  }
  if (options.tagged) out += "<pdfuaid:part>1</pdfuaid:part>\n";
  out += "</rdf:Description>\n";
  if (archival && options.tagged)
    out +=
        "<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" "
        "xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" "
        "xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
        "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
        "<pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>\n"
        "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
        "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
        "<pdfaProperty:name>part</pdfaProperty:name>\n"
        "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
        "<pdfaProperty:category>internal</pdfaProperty:category>\n"
        "<pdfaProperty:description>The part of ISO 14289 the file conforms to</pdfaProperty:description>\n"
        "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
        "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
        "</rdf:Description>\n";
  out += "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n";
  return out;
}

namespace {

// The catalog's /Metadata: the XMP above, left uncompressed (deflate_streams skips it) so that any tool
// can read it.
void add_metadata(QPDF& pdf, const PdfOptions& options) {
  Object metadata = Object::newStream(&pdf, xmp(pdf, options));
  metadata.getDict().replaceKey("/Type", Object::newName("/Metadata"));
  metadata.getDict().replaceKey("/Subtype", Object::newName("/XML"));
  pdf.getRoot().replaceKey("/Metadata", pdf.makeIndirectObject(metadata));
}

}  // namespace

const std::string& srgb_profile() {
  static const std::string profile = [] {
    try {
      return io::read_file(kSrgbProfile, 1u << 20);
    } catch (const Error&) {
      throw Error(ErrorKind::Io, std::string("PDF/A needs the sRGB colour profile ") + kSrgbProfile +
                                     ", which cannot be read (Debian: apt-get install icc-profiles-free)");
    }
  }();
  return profile;
}

void printable_annotations(QPDF& pdf) {
  for (Object page : pdf.getAllPages())
    if (Object annots = page.getKey("/Annots"); annots.isArray())
      for (auto& annot : annots.aitems())
        if (annot.isDictionary()) annot.replaceKey("/F", Object::newInteger(4));  // Print
}

namespace {

// What PDF/A-2 asks beyond the metadata: an output intent that gives DeviceRGB (and DeviceGray) colours
// their meaning (6.2.3), and annotations that print and never hide (6.3.2).
void make_archival(QPDF& pdf) {
  Object profile = Object::newStream(&pdf, srgb_profile());
  profile.getDict().replaceKey("/N", Object::newInteger(3));
  Object intent = dictionary({{"/Type", Object::newName("/OutputIntent")},
                              {"/S", Object::newName("/GTS_PDFA1")},
                              {"/OutputConditionIdentifier", Object::newString("sRGB IEC61966-2.1")},
                              {"/RegistryName", Object::newString("http://www.color.org")},
                              {"/Info", Object::newString("sRGB IEC61966-2.1")},
                              {"/DestOutputProfile", pdf.makeIndirectObject(profile)}});
  pdf.getRoot().replaceKey("/OutputIntents", Object::newArray({pdf.makeIndirectObject(intent)}));
  printable_annotations(pdf);
}

// A link annotation's description for a reader (PDF/UA-1 7.18.5): where it goes.
void describe_link(Object annot) {
  if (annot.hasKey("/Contents")) return;
  Object action = annot.getKey("/A");
  std::string text = action.isDictionary() && action.getKey("/URI").isString()
                         ? "Link to " + action.getKey("/URI").getStringValue()
                         : std::string("Link within this document");
  annot.replaceKey("/Contents", Object::newUnicodeString(text));
}

}  // namespace

std::string document_lang(const layout::LaidOutDocument& doc) { return doc.lang.empty() ? "en-US" : doc.lang; }

Structure build_structure(QPDF& pdf, const Tagging& tagging, QPDFObjectHandle top_parent, long long& next_key,
                          std::size_t& next_note, bool skip_root) {
  const auto& elems = tagging.doc->structure;
  auto pages = pdf.getAllPages();
  Structure out;
  // Left out with `skip_root`: a root Document whose children are all Parts (a batch of a joined file).
  bool skip = false;
  if (skip_root && !elems.empty() && elems[0].parent < 0 && elems[0].role == "Document") {
    skip = elems.size() > 1;
    for (std::size_t i = 1; i < elems.size(); ++i)
      if (elems[i].parent == 0 && elems[i].role != "Part") skip = false;
  }
  std::vector<Object> made(elems.size(), Object::newNull()), kids(elems.size(), Object::newNull());
  std::vector<Object> page_of(elems.size(), Object::newNull());
  std::vector<std::vector<std::size_t>> followers(elems.size());
  for (std::size_t i = 0; i < elems.size(); ++i)
    if (elems[i].follows >= 0 && std::size_t(elems[i].follows) < i)
      followers[std::size_t(elems[i].follows)].push_back(i);
  // The element that stands for index i's parent: another element, or `top_parent`.
  auto top_level = [&](std::size_t i) {
    int parent = elems[i].parent;
    return parent < 0 || std::size_t(parent) >= i || (skip && parent == 0);
  };
  for (std::size_t i = 0; i < elems.size(); ++i) {
    const auto& e = elems[i];
    if (e.role.empty() || (skip && i == 0)) continue;
    Object parent = top_level(i) ? top_parent : made[std::size_t(e.parent)];
    if (parent.isNull()) continue;  // inside an element left out
    Object d =
        dictionary({{"/Type", Object::newName("/StructElem")}, {"/S", Object::newName("/" + e.role)}, {"/P", parent}});
    if (!e.alt.empty()) d.replaceKey("/Alt", Object::newUnicodeString(e.alt));
    if (!e.lang.empty()) d.replaceKey("/Lang", Object::newUnicodeString(e.lang));
    if (e.role == "TH")
      d.replaceKey("/A", dictionary({{"/O", Object::newName("/Table")}, {"/Scope", Object::newName("/Column")}}));
    made[i] = pdf.makeIndirectObject(d);
    kids[i] = Object::newArray();
    if (e.role == "Note") {
      char id[32];
      std::snprintf(id, sizeof id, "note-%08zu", next_note++);  // fixed width: the IDTree's keys sort as numbers
      made[i].replaceKey("/ID", Object::newString(id));
      out.ids.emplace_back(id, made[i]);
    }
  }
  // An in-line element goes among its parent's content where it is first drawn, and the elements that
  // follow it (a footnote after its mark) right after it; every other element after its parent's content.
  std::vector<bool> placed(elems.size(), false);
  auto append = [&](std::size_t i) {
    if (placed[i] || made[i].isNull() || top_level(i) || kids[std::size_t(elems[i].parent)].isNull()) return false;
    kids[std::size_t(elems[i].parent)].appendItem(made[i]);
    placed[i] = true;
    return true;
  };
  auto place = [&](std::size_t i) {
    if (!append(i)) return;
    for (std::size_t f : followers[i]) append(f);
  };
  Object fallback = skip || made.empty() || made[0].isNull() ? top_parent : made[0];
  for (std::size_t p = 0; p < pages.size() && p < tagging.pages.size(); ++p) {
    Object page = pages[p];
    long long page_key = next_key++;
    page.replaceKey("/StructParents", Object::newInteger(page_key));
    page.replaceKey("/Tabs", Object::newName("/S"));
    Object parents = pdf.makeIndirectObject(Object::newArray());
    out.nums.emplace_back(page_key, parents);
    std::vector<Object> annots;
    if (Object a = page.getKey("/Annots"); a.isArray())
      for (auto& annot : a.aitems())
        if (annot.isDictionary() && annot.getKey("/Subtype").isNameAndEquals("/Link")) annots.push_back(annot);
    std::size_t next_annot = 0;
    for (const Mark& m : tagging.pages[p]) {
      bool known = m.tag >= 0 && std::size_t(m.tag) < made.size() && !made[std::size_t(m.tag)].isNull();
      if (m.mcid >= 0) {
        Object owner = known ? made[std::size_t(m.tag)] : fallback;  // cannot happen: the writer checks
        parents.appendItem(owner);
        if (!known) continue;
        if (elems[std::size_t(m.tag)].in_line) place(std::size_t(m.tag));
        Object& pg = page_of[std::size_t(m.tag)];
        if (pg.isNull()) {
          pg = page;
          owner.replaceKey("/Pg", page);
        }
        kids[std::size_t(m.tag)].appendItem(
            pg.getObjGen() == page.getObjGen()
                ? Object::newInteger(m.mcid)
                : dictionary(
                      {{"/Type", Object::newName("/MCR")}, {"/Pg", page}, {"/MCID", Object::newInteger(m.mcid)}}));
        continue;
      }
      if (next_annot >= annots.size()) continue;
      Object annot = annots[next_annot++];
      Object parent = known ? made[std::size_t(m.tag)] : fallback;
      Object objr = dictionary({{"/Type", Object::newName("/OBJR")}, {"/Obj", annot}, {"/Pg", page}});
      Object link = pdf.makeIndirectObject(dictionary({{"/Type", Object::newName("/StructElem")},
                                                       {"/S", Object::newName("/Link")},
                                                       {"/P", parent},
                                                       {"/Pg", page},
                                                       {"/K", Object::newArray({objr})}}));
      long long key = next_key++;
      annot.replaceKey("/StructParent", Object::newInteger(key));
      describe_link(annot);
      out.nums.emplace_back(key, link);
      if (known)
        kids[std::size_t(m.tag)].appendItem(link);
      else
        out.top.push_back(link);
    }
  }
  for (std::size_t i = 0; i < elems.size(); ++i) {
    if (made[i].isNull() || placed[i]) continue;
    if (top_level(i))
      out.top.push_back(made[i]);
    else
      kids[std::size_t(elems[i].parent)].appendItem(made[i]);
  }
  for (std::size_t i = 0; i < elems.size(); ++i)
    if (!made[i].isNull() && kids[i].getArrayNItems() > 0) made[i].replaceKey("/K", kids[i]);
  return out;
}

void mark_catalog(QPDFObjectHandle catalog, const std::string& lang) {
  catalog.replaceKey("/MarkInfo", dictionary({{"/Marked", Object::newBool(true)}}));
  catalog.replaceKey("/Lang", Object::newUnicodeString(lang));
  Object prefs = catalog.getKey("/ViewerPreferences");
  if (!prefs.isDictionary()) prefs = Object::newDictionary();
  prefs.replaceKey("/DisplayDocTitle", Object::newBool(true));
  catalog.replaceKey("/ViewerPreferences", prefs);
}

namespace {

// The structure tree of a whole file (build_structure under one StructTreeRoot), the parent tree, and
// what PDF/UA-1 asks of the catalog and pages.
void add_structure(QPDF& pdf, const Tagging& tagging) {
  Object root = pdf.makeIndirectObject(dictionary({{"/Type", Object::newName("/StructTreeRoot")}}));
  long long next_key = 0;
  std::size_t next_note = 0;
  Structure s = build_structure(pdf, tagging, root, next_key, next_note, false);
  root.replaceKey("/K", Object::newArray(s.top));
  Object nums = Object::newArray();
  for (auto& [key, value] : s.nums) {
    nums.appendItem(Object::newInteger(key));
    nums.appendItem(value);
  }
  root.replaceKey("/ParentTree", pdf.makeIndirectObject(dictionary({{"/Nums", nums}})));
  root.replaceKey("/ParentTreeNextKey", Object::newInteger(next_key));
  if (!s.ids.empty()) {
    Object names = Object::newArray();
    for (auto& [id, elem] : s.ids) {
      names.appendItem(Object::newString(id));
      names.appendItem(elem);
    }
    root.replaceKey("/IDTree", pdf.makeIndirectObject(dictionary({{"/Names", names}})));
  }
  Object catalog = pdf.getRoot();
  catalog.replaceKey("/StructTreeRoot", root);
  mark_catalog(catalog, document_lang(*tagging.doc));
}

void encrypt(QPDFWriter& writer, const PdfOptions& options) {
  bool modify = options.allow_modify;
  // Accessibility extraction is always allowed: PDF 2.0 readers ignore the bit anyway.
  writer.setR6EncryptionParameters(options.user_password.c_str(), options.owner_password.c_str(), true,
                                   options.allow_copy, modify, modify, modify, modify,
                                   options.allow_print ? qpdf_r3p_full : qpdf_r3p_none, true);
}

}  // namespace

int placeholder_face(const QPDFObjectHandle& object) {
  // Copies are cheap handles; the const is the caller's promise, not qpdf's.
  QPDFObjectHandle o = object;
  if (!o.isDictionary() || !o.getKey("/Type").isNameAndEquals("/Font")) return -1;
  QPDFObjectHandle face = o.getKey(kPlaceholderKey);
  if (!face.isInteger() || face.getIntValue() < 0 || face.getIntValue() > 1'000'000) return -1;
  return static_cast<int>(face.getIntValue());
}

void tidy(QPDF& pdf, const FontRegistry* fonts, const ImageRegistry& images) {
  // libharu's objects, listed once (qpdf walks the whole file for each list): the objects made here
  // are fonts and images, which need none of these repairs.
  auto objects = pdf.getAllObjects();
  if (fonts) fill_fonts(pdf, objects, *fonts);
  fill_images(pdf, objects, images);
  keep_zoom(objects);
}

std::string finish_pdf(const std::string& bytes, const FontRegistry& fonts, const ImageRegistry& images,
                       const PdfOptions& options, const Tagging* tagging, const FigureRegistry* figures) {
  const char* step = "cannot read libharu's output";
  try {
    std::vector<std::unique_ptr<ImportedFigure>> imported;  // read from until the file is written
    QPDF pdf;
    pdf.setSuppressWarnings(true);  // library code never prints
    pdf.setAttemptRecovery(false);  // libharu's output is valid; anything else is a bug to report
    pdf.processMemoryFile("libharu output", bytes.data(), bytes.size());
    step = "cannot embed the fonts";
    tidy(pdf, &fonts, images);
    if (figures && figures->size() > 0) {
      step = "cannot import the figures";
      fill_figures(pdf, *figures, imported);
    }
    if (tagging && options.tagged) {
      step = "cannot tag the PDF";
      add_structure(pdf, *tagging);
    }
    if (options.archival != PdfOptions::Archival::None) {
      step = "cannot make the PDF archival (PDF/A)";
      make_archival(pdf);
    }
    if (options.tagged || options.archival != PdfOptions::Archival::None) add_metadata(pdf, options);
    step = "cannot compress the PDF";
    deflate_streams(pdf);
    step = options.encrypted() ? "cannot encrypt the PDF" : "cannot write the PDF";
    QPDFWriter writer(pdf);
    writer.setOutputMemory();
    // Streams stay as deflate_streams left them; objects go into compressed object streams
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
    std::string text;
    try {
      text = io::read_file(path, 64u << 10);
    } catch (const Error&) {
      throw Error(ErrorKind::Io, "cannot read password file \"" + path + "\"");
    }
    std::istringstream in(text);
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
