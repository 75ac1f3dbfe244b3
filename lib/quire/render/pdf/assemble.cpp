#include "quire/render/pdf/assemble.hpp"

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFCryptoImpl.hh>
#include <qpdf/QPDFCryptoProvider.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <exception>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/render/pdf/cid_font.hpp"
#include "quire/render/pdf/deflate.hpp"

namespace quire::render::detail {

namespace {

constexpr int kCatalog = 1, kPageTree = 2;

// A parsed piece: libqpdf reads it; nothing is asked to recover (quire wrote it).
void parse(QPDF& pdf, const std::string& bytes, const char* what) {
  pdf.setSuppressWarnings(true);
  pdf.setAttemptRecovery(false);
  pdf.processMemoryFile(what, bytes.data(), bytes.size());
}

// Objects per object stream: enough to compress well, few enough to keep in memory.
constexpr std::size_t kObjectsPerStream = 200;

// Where an object is: at a byte offset, or the index-th object of object stream `at`.
struct Place {
  long long at = -1;
  int index = -1;
};

// One bookmark as read from a piece: its depth in the piece's outline and its values, already written
// with the joined file's object numbers.
struct OutlineItem {
  int depth = 0;
  bool open = false;
  std::string title, dest;
};

}  // namespace

struct Assembler::Impl {
  io::OutputFile& out;
  long long offset = 0;
  std::vector<Place> places{{}, {}, {}};             // by object number; catalog and page tree reserved
  std::vector<std::pair<int, std::string>> pending;  // objects for the next object stream
  std::vector<int> pages;
  std::vector<OutlineItem> outline;
  std::map<int, int> shared_fonts;  // face → the object every piece's pages point at
  std::map<int, int> shared_figures;  // figure → its Form XObject, written when first drawn
  std::vector<int> figures_due;       // figures drawn by the piece being added, not yet written
  int info = 0;
  // A tagged file: the Document element every piece's Parts point at, and what its tree needs at the end.
  int document = 0;
  std::vector<int> parts;
  std::vector<std::pair<long long, int>> parent_tree;  // key → object
  std::vector<std::pair<std::string, int>> ids;        // a Note's /ID → its element
  long long next_key = 0;
  std::size_t next_note = 0;
  std::string lang, xmp;  // from the first piece
  bool archival = false;
  std::shared_ptr<QPDFCryptoImpl> md5 = QPDFCryptoProvider::getImpl();

  explicit Impl(io::OutputFile& file) : out(file) {
    md5->MD5_init();
    emit("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
  }

  void emit(std::string_view bytes) {
    out.write(bytes);
    if (md5) md5->MD5_update(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    offset += static_cast<long long>(bytes.size());
  }

  int reserve() {
    places.emplace_back();
    return static_cast<int>(places.size() - 1);
  }

  void begin(int number) {
    places[static_cast<std::size_t>(number)].at = offset;
    emit(std::to_string(number) + " 0 obj\n");
  }

  // A dictionary or other non-stream object, written compressed with others (PDF 1.5 object streams).
  void object(int number, std::string text) {
    pending.emplace_back(number, std::move(text));
    if (pending.size() >= kObjectsPerStream) flush_objects();
  }

  void flush_objects() {
    if (pending.empty()) return;
    int stream = reserve();
    std::string head, body;
    for (std::size_t i = 0; i < pending.size(); ++i) {
      auto& [number, text] = pending[i];
      head += std::to_string(number) + ' ' + std::to_string(body.size()) + ' ';
      body += text + '\n';
      places[static_cast<std::size_t>(number)] = {stream, static_cast<int>(i)};
    }
    std::string data = deflate(head + body);
    begin(stream);
    emit("<< /Type /ObjStm /N " + std::to_string(pending.size()) + " /First " + std::to_string(head.size()) +
         " /Filter /FlateDecode /Length " + std::to_string(data.size()) + " >>\nstream\n");
    emit(data);
    emit("\nendstream\nendobj\n");
    pending.clear();
  }

  int shared_font(int face) {
    auto [it, fresh] = shared_fonts.emplace(face, 0);
    if (fresh) it->second = reserve();
    return it->second;
  }

  int shared_figure(int k) {
    auto [it, fresh] = shared_figures.emplace(k, 0);
    if (fresh) {
      it->second = reserve();
      figures_due.push_back(k);
    }
    return it->second;
  }

  void write_structure();
  void write_outline();
  void write_xref();
  std::string catalog_extra;  // the catalog's entries write_structure adds
};

namespace {

// Copies the objects of one parsed file into the joined one: an object gets its new number when it
// is first referred to and is written when the queue reaches it, so each is written exactly once.
class Copier {
 public:
  Copier(Assembler::Impl& file, bool share_fonts, bool share_figures = false)
      : file_(file), share_fonts_(share_fonts), share_figures_(share_figures) {}

  int number(QPDFObjectHandle object) {
    auto og = object.getObjGen();
    if (auto it = numbers_.find(og); it != numbers_.end()) return it->second;
    if (share_fonts_) {
      int face = placeholder_face(object);
      if (face >= 0) return numbers_[og] = file_.shared_font(face);
    }
    if (share_figures_) {
      int figure = placeholder_figure(object);
      if (figure >= 0) return numbers_[og] = file_.shared_figure(figure);
    }
    return assign(object, file_.reserve());
  }

  // `object` stands for the joined file's object `number`, written elsewhere.
  void alias(QPDFObjectHandle object, int number) { numbers_[object.getObjGen()] = number; }

  int assign(QPDFObjectHandle object, int number) {
    numbers_[object.getObjGen()] = number;
    queue_.push_back(object);
    return number;
  }

  void drain() {
    while (!queue_.empty()) {
      QPDFObjectHandle object = queue_.front();
      queue_.pop_front();
      write(object);
    }
  }

  // `object` as PDF syntax with references renumbered; a page's /Parent is the joined page tree.
  std::string text(QPDFObjectHandle object, bool top = false) {
    if (!top && object.isIndirect()) return std::to_string(number(object)) + " 0 R";
    if (object.isDictionary()) {
      bool page = object.getKey("/Type").isNameAndEquals("/Page");
      std::string out = "<<";
      for (const auto& key : object.getKeys()) {
        out += ' ' + QPDFObjectHandle::newName(key).unparse() + ' ';
        out += page && key == "/Parent" ? std::to_string(kPageTree) + " 0 R" : text(object.getKey(key));
      }
      return out + " >>";
    }
    if (object.isArray()) {
      std::string out = "[";
      for (const auto& item : object.getArrayAsVector()) out += ' ' + text(item);
      return out + " ]";
    }
    return object.unparse();
  }

 private:
  // Streams already encoded (quire's fonts, JPEGs) are copied as they are stored; libharu's, which it
  // writes uncompressed, are deflated here, once. Their /Length is written direct.
  void write(QPDFObjectHandle object) {
    int number = numbers_.at(object.getObjGen());
    if (!object.isStream()) {
      file_.object(number, text(object, true));
      return;
    }
    file_.begin(number);
    auto raw = object.getRawStreamData();
    std::string_view data(reinterpret_cast<const char*>(raw->getBuffer()), raw->getSize());
    auto dict = object.getDict();
    bool plain = !dict.hasKey("/Filter");
    bool image = dict.getKey("/Subtype").isNameAndEquals("/Image");  // the same in every batch
    std::string packed = !plain ? std::string() : image ? deflate_remembered(data) : deflate(data);
    if (plain) data = packed;
    std::string head = "<<";
    for (const auto& key : dict.getKeys())
      if (key != "/Length") head += ' ' + QPDFObjectHandle::newName(key).unparse() + ' ' + text(dict.getKey(key));
    if (plain) head += " /Filter /FlateDecode";
    head += " /Length " + std::to_string(data.size()) + " >>\nstream\n";
    file_.emit(head);
    file_.emit(data);
    file_.emit("\nendstream\nendobj\n");
  }

  Assembler::Impl& file_;
  bool share_fonts_, share_figures_;
  std::map<QPDFObjGen, int> numbers_;
  std::deque<QPDFObjectHandle> queue_;
};

// The piece's bookmarks in reading order, each with its depth (0 = top).
void read_outline(QPDFObjectHandle item, int depth, Copier& copier, std::vector<OutlineItem>& out,
                  std::set<QPDFObjGen>& seen) {
  for (; item.isDictionary(); item = item.getKey("/Next")) {
    if (!seen.insert(item.getObjGen()).second) return;  // a loop: not from libharu, but never hang
    OutlineItem entry;
    entry.depth = depth;
    entry.title = item.getKey("/Title").isString() ? item.getKey("/Title").unparse() : "()";
    if (!item.getKey("/Dest").isNull()) entry.dest = copier.text(item.getKey("/Dest"));
    entry.open = item.getKey("/Count").isInteger() && item.getKey("/Count").getIntValue() > 0;
    out.push_back(std::move(entry));
    read_outline(item.getKey("/First"), depth + 1, copier, out, seen);
  }
}

std::string ref(int number) { return std::to_string(number) + " 0 R"; }

}  // namespace

Assembler::Assembler(io::OutputFile& out) : impl_(std::make_unique<Impl>(out)) {}
Assembler::~Assembler() = default;

std::size_t Assembler::pages() const { return impl_->pages.size(); }

void Assembler::add(const std::string& bytes, bool share_fonts, const ImageRegistry& images,
                    const FigureRegistry* figures, const Tagging* tagging, const PdfOptions* options) {
  try {
    QPDF pdf;
    parse(pdf, bytes, "PDF piece");
    pdf.pushInheritedAttributesToPage();  // each page carries its resources and size
    tidy(pdf, nullptr, images);
    Copier copier(*impl_, share_fonts, figures != nullptr);
    Impl& file = *impl_;
    bool first = file.pages.empty();
    if (options && tagging && tagging->doc && options->tagged) {
      if (!file.document) file.document = file.reserve();
      QPDFObjectHandle document = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
      copier.alias(document, file.document);
      Structure s = build_structure(pdf, *tagging, document, file.next_key, file.next_note, true);
      for (auto& top : s.top) file.parts.push_back(copier.number(top));
      for (auto& [key, value] : s.nums) file.parent_tree.emplace_back(key, copier.number(value));
      for (auto& [id, elem] : s.ids) file.ids.emplace_back(id, copier.number(elem));
      if (first) file.lang = document_lang(*tagging->doc);
    }
    if (options && options->archival != PdfOptions::Archival::None) {
      printable_annotations(pdf);
      file.archival = true;
    }
    if (first && options && (options->tagged || options->archival != PdfOptions::Archival::None))
      file.xmp = xmp(pdf, *options);
    for (const auto& page : pdf.getAllPages()) impl_->pages.push_back(copier.number(page));
    if (impl_->info == 0 && pdf.getTrailer().getKey("/Info").isDictionary())
      impl_->info = copier.number(pdf.getTrailer().getKey("/Info"));
    if (auto outlines = pdf.getRoot().getKey("/Outlines"); outlines.isDictionary()) {
      std::set<QPDFObjGen> seen;
      read_outline(outlines.getKey("/First"), 0, copier, impl_->outline, seen);
    }
    copier.drain();
    // The figures this piece drew first: each from its own file, once for the whole output.
    std::vector<int> due;
    due.swap(impl_->figures_due);
    for (int k : due) {
      if (!figures || static_cast<std::size_t>(k) >= figures->size())
        throw Error(ErrorKind::Io, "cannot join a document's PDF: no figure " + std::to_string(k));
      ImportedFigure imported(figures->figure(k));
      Copier figure(*impl_, false);
      figure.assign(imported.form(), impl_->shared_figures.at(k));
      figure.drain();
    }
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(ErrorKind::Io, std::string("cannot join a document's PDF: ") + e.what());
  }
}

void Assembler::finish(const FontRegistry* fonts) {
  Impl& file = *impl_;
  if (!file.shared_fonts.empty()) {
    try {
      QPDF pdf;
      pdf.emptyPDF();
      Copier copier(file, false);
      for (const auto& [face, number] : file.shared_fonts) {
        if (!fonts || static_cast<std::size_t>(face) >= fonts->size())
          throw Error(ErrorKind::Io, "cannot join the documents' PDFs: no font " + std::to_string(face));
        copier.assign(pdf.makeIndirectObject(make_type0(pdf, fonts->use(face))), number);
      }
      copier.drain();
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      throw Error(ErrorKind::Io, std::string("cannot embed the joined PDF's fonts: ") + e.what());
    }
  }
  if (file.pages.empty()) throw Error(ErrorKind::Io, "cannot write a PDF without pages");
  std::string kids = "<< /Type /Pages /Count " + std::to_string(file.pages.size()) + " /Kids [";
  for (std::size_t i = 0; i < file.pages.size(); ++i) kids += (i % 8 ? " " : "\n") + ref(file.pages[i]);
  file.object(kPageTree, kids + " ] >>");
  file.write_structure();
  file.write_outline();
  file.write_xref();
}

namespace {

// A number or name tree over `entries` (key text, value reference), in leaves of at most 512 entries
// under one root: `kind` is "/Nums" or "/Names". Returns the root's number.
int write_tree(Assembler::Impl& file, const std::vector<std::pair<std::string, std::string>>& entries,
               const char* kind) {
  constexpr std::size_t kLeaf = 512;
  auto leaf = [&](std::size_t from, std::size_t to) {
    std::string out = std::string("[");
    for (std::size_t i = from; i < to; ++i) out += (i % 8 ? " " : "\n") + entries[i].first + " " + entries[i].second;
    return out + " ]";
  };
  int root = file.reserve();
  if (entries.size() <= kLeaf) {
    file.object(root, std::string("<< ") + kind + " " + leaf(0, entries.size()) + " >>");
    return root;
  }
  std::string kids;
  for (std::size_t from = 0; from < entries.size(); from += kLeaf) {
    std::size_t to = std::min(entries.size(), from + kLeaf);
    int number = file.reserve();
    file.object(number, std::string("<< /Limits [") + entries[from].first + " " + entries[to - 1].first + "] " + kind +
                            " " + leaf(from, to) + " >>");
    kids += " " + ref(number);
  }
  file.object(root, "<< /Kids [" + kids + " ] >>");
  return root;
}

}  // namespace

// The structure tree's root and Document, the parent tree and the IDs (a tagged file); the XMP and the
// output intent (PDF/A): objects written now, entries of the catalog written next.
void Assembler::Impl::write_structure() {
  if (document) {
    int root = reserve();
    std::string kids;
    for (std::size_t i = 0; i < parts.size(); ++i) kids += (i % 8 ? " " : "\n") + ref(parts[i]);
    object(document, "<< /Type /StructElem /S /Document /P " + ref(root) + " /K [" + kids + " ] >>");
    std::vector<std::pair<std::string, std::string>> entries;
    for (auto& [key, number] : parent_tree) entries.emplace_back(std::to_string(key), ref(number));
    int tree = write_tree(*this, entries, "/Nums");
    std::string dict = "<< /Type /StructTreeRoot /K " + ref(document) + " /ParentTree " + ref(tree) +
                       " /ParentTreeNextKey " + std::to_string(next_key);
    if (!ids.empty()) {
      entries.clear();
      for (auto& [id, number] : ids) entries.emplace_back(QPDFObjectHandle::newString(id).unparse(), ref(number));
      dict += " /IDTree " + ref(write_tree(*this, entries, "/Names"));
    }
    object(root, dict + " >>");
    catalog_extra += " /StructTreeRoot " + ref(root) + " /MarkInfo << /Marked true >> /Lang " +
                     QPDFObjectHandle::newUnicodeString(lang).unparse() +
                     " /ViewerPreferences << /DisplayDocTitle true >>";
  }
  if (!xmp.empty()) {  // uncompressed, as finish_pdf leaves it
    int number = reserve();
    begin(number);
    emit("<< /Type /Metadata /Subtype /XML /Length " + std::to_string(xmp.size()) + " >>\nstream\n");
    emit(xmp);
    emit("\nendstream\nendobj\n");
    catalog_extra += " /Metadata " + ref(number);
  }
  if (archival) {
    std::string profile = deflate(srgb_profile());
    int number = reserve();
    begin(number);
    emit("<< /N 3 /Filter /FlateDecode /Length " + std::to_string(profile.size()) + " >>\nstream\n");
    emit(profile);
    emit("\nendstream\nendobj\n");
    int intent = reserve();
    object(intent,
           "<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) /RegistryName "
           "(http://www.color.org) /Info (sRGB IEC61966-2.1) /DestOutputProfile " +
               ref(number) + " >>");
    catalog_extra += " /OutputIntents [" + ref(intent) + "]";
  }
}

// Bookmarks are kept as read and written at the end, when every item's neighbours are known.
void Assembler::Impl::write_outline() {
  std::string catalog = "<< /Type /Catalog /Pages " + ref(kPageTree);
  if (!outline.empty()) {
    int root = reserve();
    std::vector<int> numbers;
    for (std::size_t i = 0; i < outline.size(); ++i) numbers.push_back(reserve());
    // Children of each item (index outline.size() stands for the root), found with a stack of ancestors.
    std::vector<std::vector<std::size_t>> children(outline.size() + 1);
    std::vector<std::size_t> parent(outline.size());
    std::vector<std::size_t> chain;
    for (std::size_t i = 0; i < outline.size(); ++i) {
      while (!chain.empty() && outline[chain.back()].depth >= outline[i].depth) chain.pop_back();
      parent[i] = chain.empty() ? outline.size() : chain.back();
      children[parent[i]].push_back(i);
      chain.push_back(i);
    }
    auto number_of = [&](std::size_t i) { return i == outline.size() ? root : numbers[i]; };
    // Items shown when the file opens below an open item (or the root), counted from the last item up.
    std::vector<long long> visible(outline.size() + 1, 0);
    for (std::size_t i = outline.size() + 1; i-- > 0;)
      for (std::size_t child : children[i]) visible[i] += 1 + (outline[child].open ? visible[child] : 0);
    auto links = [&](std::size_t i) {
      const auto& kids = children[i];
      if (kids.empty()) return std::string();
      return " /First " + ref(number_of(kids.front())) + " /Last " + ref(number_of(kids.back()));
    };
    for (std::size_t i = 0; i < outline.size(); ++i) {
      const auto& siblings = children[parent[i]];
      std::size_t at = static_cast<std::size_t>(std::find(siblings.begin(), siblings.end(), i) - siblings.begin());
      std::string item = "<< /Title " + outline[i].title + " /Parent " + ref(number_of(parent[i]));
      if (at > 0) item += " /Prev " + ref(numbers[siblings[at - 1]]);
      if (at + 1 < siblings.size()) item += " /Next " + ref(numbers[siblings[at + 1]]);
      item += links(i);
      if (!children[i].empty())
        item += " /Count " + std::to_string(outline[i].open ? visible[i] : -static_cast<long long>(children[i].size()));
      if (!outline[i].dest.empty()) item += " /Dest " + outline[i].dest;
      object(numbers[i], item + " >>");
    }
    object(root,
           "<< /Type /Outlines" + links(outline.size()) + " /Count " + std::to_string(visible[outline.size()]) + " >>");
    catalog += " /Outlines " + ref(root) + " /PageMode /UseOutlines";
  }
  object(kCatalog, catalog + catalog_extra + " >>");
  flush_objects();
}

// A cross-reference stream (objects in object streams need one); the /ID is the MD5 of every byte
// before it, so equal input gives equal files and different content different identifiers.
void Assembler::Impl::write_xref() {
  QPDFCryptoImpl::MD5_Digest digest;
  md5->MD5_finalize();
  md5->MD5_digest(digest);
  md5.reset();  // the cross-reference stream is not part of the digest
  std::string id = "<";
  char hex[3];
  for (unsigned char byte : digest) {
    std::snprintf(hex, sizeof hex, "%02x", byte);
    id += hex;
  }
  id += ">";
  int self = reserve();
  places[static_cast<std::size_t>(self)].at = offset;
  // Each entry: type (1 byte), offset or object stream (5 bytes), generation or index (2 bytes).
  std::string table;
  auto put = [&](int type, long long field, int index) {
    table += static_cast<char>(type);
    for (int shift = 32; shift >= 0; shift -= 8) table += static_cast<char>((field >> shift) & 0xFF);
    table += static_cast<char>((index >> 8) & 0xFF);
    table += static_cast<char>(index & 0xFF);
  };
  put(0, 0, 0xFFFF);
  for (std::size_t n = 1; n < places.size(); ++n) {
    const Place& place = places[n];
    if (place.at < 0)
      throw Error(ErrorKind::Io, "cannot join the documents' PDFs: object " + std::to_string(n) + " was never written");
    if (place.index < 0)
      put(1, place.at, 0);
    else
      put(2, place.at, place.index);
  }
  std::string data = deflate(table);
  std::string size = std::to_string(places.size());
  std::string dict = "<< /Type /XRef /Size " + size + " /W [1 5 2] /Root " + ref(kCatalog);
  if (info) dict += " /Info " + ref(info);
  dict += " /ID [" + id + id + "] /Filter /FlateDecode /Length " + std::to_string(data.size()) + " >>\nstream\n";
  long long start = offset;
  begin(self);
  emit(dict);
  emit(data);
  emit("\nendstream\nendobj\nstartxref\n" + std::to_string(start) + "\n%%EOF\n");
}

}  // namespace quire::render::detail
