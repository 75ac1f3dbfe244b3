#include "quire/render/pdf/figures.hpp"

#include <qpdf/Pipeline.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <exception>
#include <map>
#include <set>

#include "quire/diag/diagnostic.hpp"
#include "quire/render/pdf/deflate.hpp"
#include "quire/render/pdf/glyph_text.hpp"

namespace quire::render::detail {

namespace {

using Object = QPDFObjectHandle;

// Content streams joined when a page has several: at most this much once inflated.
constexpr std::size_t kMaxContentBytes = std::size_t(256) << 20;

// Collects a stream's decoded bytes, refusing more than a bound (a deflate bomb never fills memory).
class Bounded : public Pipeline {
 public:
  Bounded(std::string& out, std::size_t limit) : Pipeline("figure content", nullptr), out_(out), limit_(limit) {}
  void write(unsigned char const* data, std::size_t len) override {
    if (out_.size() + len > limit_)
      throw Error(ErrorKind::Io,
                  "cannot import a figure: its content is larger than " + std::to_string(limit_ >> 20) + " MiB");
    out_.append(reinterpret_cast<const char*>(data), len);
  }
  void finish() override {}

 private:
  std::string& out_;
  std::size_t limit_;
};

bool is_action(Object o) { return o.isDictionary() && o.hasKey("/S"); }

bool is_page_tree(Object o) {
  if (!o.isDictionary()) return false;
  Object type = o.getKey("/Type");
  return type.isNameAndEquals("/Page") || type.isNameAndEquals("/Pages") || type.isNameAndEquals("/Catalog");
}

// Everything the form reaches loses what is not drawing: actions and JavaScript, structure keys
// (the figure's structure tree stays behind), links to pages, quire's own placeholder keys.
void sanitise(Object form) {
  std::vector<Object> pending{form};
  std::set<QPDFObjGen> seen;
  while (!pending.empty()) {
    Object o = pending.back();
    pending.pop_back();
    if (o.isIndirect() && !seen.insert(o.getObjGen()).second) continue;
    if (o.isArray()) {
      for (int i = 0, n = o.getArrayNItems(); i < n; ++i) {
        Object item = o.getArrayItem(i);
        if (is_page_tree(item)) {
          o.setArrayItem(i, Object::newNull());
          continue;
        }
        pending.push_back(item);
      }
      continue;
    }
    Object d = o.isStream() ? o.getDict() : o;
    if (!d.isDictionary()) continue;
    for (const auto& key : d.getKeys()) {
      Object value = d.getKey(key);
      bool drop = key == "/JS" || key == "/JavaScript" || key == "/AA" || key == "/OpenAction" ||
                  key == "/StructParent" || key == "/StructParents" || key == "/QuireFace" || key == kFigureKey ||
                  (key == "/A" && is_action(value)) || is_page_tree(value);
      if (drop) {
        d.removeKey(key);
        continue;
      }
      pending.push_back(value);
    }
  }
}

std::string number(double v) { return pdf_number(v, 6); }

}  // namespace

int FigureRegistry::index(const std::string& path, int page, std::shared_ptr<const image::Figure> figure) {
  auto [it, fresh] = numbers_.emplace(std::make_pair(path, page), static_cast<int>(figures_.size()));
  if (fresh) figures_.push_back(std::move(figure));
  return it->second;
}

int placeholder_figure(const QPDFObjectHandle& object) {
  QPDFObjectHandle o = object;
  if (!o.isDictionary() || !o.getKey("/Type").isNameAndEquals("/XObject")) return -1;
  QPDFObjectHandle k = o.getKey(kFigureKey);
  if (!k.isInteger() || k.getIntValue() < 0 || k.getIntValue() > 1'000'000) return -1;
  return static_cast<int>(k.getIntValue());
}

ImportedFigure::ImportedFigure(const image::Figure& figure) : bytes_(figure.pdf), source_(std::make_unique<QPDF>()) {
  try {
    QPDF& pdf = *source_;
    pdf.setSuppressWarnings(true);
    pdf.setAttemptRecovery(false);
    pdf.processMemoryFile("figure", bytes_->data(), bytes_->size());
    Object page = image::figure_page(pdf, figure);
    Object contents = page.getKey("/Contents");
    Object form = Object::newNull();
    if (contents.isStream()) {
      form = contents;  // the page's one content stream, kept as stored, becomes the form
    } else {
      std::string data;
      if (contents.isArray()) {
        for (int i = 0, n = contents.getArrayNItems(); i < n; ++i) {
          Object part = contents.getArrayItem(i);
          if (!part.isStream()) continue;
          Bounded sink(data, kMaxContentBytes);
          if (!part.pipeStreamData(&sink, 0, qpdf_dl_generalized, true))
            throw Error(ErrorKind::Io, "cannot import a figure: a content stream cannot be decoded");
          data += '\n';  // streams split between tokens
        }
      }
      form = Object::newStream(&pdf, deflate(data));  // a stream is an indirect object of `pdf`
      form.getDict().replaceKey("/Filter", Object::newName("/FlateDecode"));
    }
    Object dict = form.getDict();
    dict.replaceKey("/Type", Object::newName("/XObject"));
    dict.replaceKey("/Subtype", Object::newName("/Form"));
    dict.replaceKey("/FormType", Object::newInteger(1));
    const double* b = figure.box;
    dict.replaceKey("/BBox", Object::newArray({Object::newReal(b[0], 4), Object::newReal(b[1], 4),
                                               Object::newReal(b[2], 4), Object::newReal(b[3], 4)}));
    // The box turned as the page is shown, its corner at the origin.
    double m[6] = {1, 0, 0, 1, -b[0], -b[1]};
    switch (figure.rotate) {
      case 90:
        m[0] = 0, m[1] = -1, m[2] = 1, m[3] = 0, m[4] = -b[1], m[5] = b[2];
        break;
      case 180:
        m[0] = -1, m[1] = 0, m[2] = 0, m[3] = -1, m[4] = b[2], m[5] = b[3];
        break;
      case 270:
        m[0] = 0, m[1] = 1, m[2] = -1, m[3] = 0, m[4] = b[3], m[5] = -b[0];
        break;
      default:
        break;
    }
    Object matrix = Object::newArray();
    for (double v : m) matrix.appendItem(Object::newReal(v, 4));
    dict.replaceKey("/Matrix", matrix);
    Object resources = page.getKey("/Resources");
    dict.replaceKey("/Resources", resources.isDictionary() ? resources : Object::newDictionary());
    if (page.getKey("/Group").isDictionary()) dict.replaceKey("/Group", page.getKey("/Group"));
    for (const char* key : {"/StructParents", "/Metadata", "/PieceInfo", "/LastModified"}) dict.removeKey(key);
    sanitise(form);
    form_ = std::make_unique<Object>(form);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(ErrorKind::Io, std::string("cannot import a figure: ") + e.what());
  }
}

ImportedFigure::~ImportedFigure() = default;

QPDFObjectHandle ImportedFigure::form() const { return *form_; }

void fill_figures(QPDF& pdf, const FigureRegistry& figures, std::vector<std::unique_ptr<ImportedFigure>>& keep) {
  // The writer names figures only in its pages' /Resources /XObject: each such entry is pointed at
  // the figure's form, copied into `pdf` once; the placeholders are left unreferenced (not written).
  std::map<int, Object> forms;
  for (Object page : pdf.getAllPages()) {
    Object xobjects = page.getKey("/Resources").getKey("/XObject");
    if (!xobjects.isDictionary()) continue;
    for (const auto& key : xobjects.getKeys()) {
      int k = placeholder_figure(xobjects.getKey(key));
      if (k < 0) continue;
      if (static_cast<std::size_t>(k) >= figures.size())
        throw Error(ErrorKind::Io, "a page uses figure " + std::to_string(k) + ", which was never drawn");
      auto it = forms.find(k);
      if (it == forms.end()) {
        keep.push_back(std::make_unique<ImportedFigure>(figures.figure(k)));
        it = forms.emplace(k, pdf.copyForeignObject(keep.back()->form())).first;
      }
      xobjects.replaceKey(key, it->second);
    }
  }
}

std::string draw_figure(int k, const image::Figure& figure, double x, double y, double width, double height) {
  double sx = figure.width > 0 ? width / figure.width : 1, sy = figure.height > 0 ? height / figure.height : 1;
  return "q " + number(sx) + " 0 0 " + number(sy) + ' ' + pdf_number(x, 3) + ' ' + pdf_number(y, 3) + " cm /QF" +
         std::to_string(k) + " Do Q\n";
}

}  // namespace quire::render::detail
