#include "quire/image/figure.hpp"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <exception>
#include <list>
#include <map>
#include <set>

#include "quire/io/file.hpp"

namespace quire::image {

namespace {

using Object = QPDFObjectHandle;

// PDF's own limit on a page's size (ISO 32000-1, annex C): 14,400 units, 200 inches.
constexpr double kMaxSide = 14'400;
// Page tree levels: real files have a handful.
constexpr std::size_t kMaxTreeDepth = 64;

bool finite_number(Object o, double& v) {
  if (!o.isNumber()) return false;
  v = o.getNumericValue();
  return std::isfinite(v);
}

// A rectangle [a b c d] as llx lly urx ury; false when it is not four finite numbers.
bool read_box(Object o, double box[4]) {
  if (!o.isArray() || o.getArrayNItems() != 4) return false;
  double v[4];
  for (int i = 0; i < 4; ++i)
    if (!finite_number(o.getArrayItem(i), v[i])) return false;
  box[0] = std::min(v[0], v[2]);
  box[1] = std::min(v[1], v[3]);
  box[2] = std::max(v[0], v[2]);
  box[3] = std::max(v[1], v[3]);
  return true;
}

std::string pt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

// What a page inherits from its ancestors in the page tree.
struct Inherited {
  Object media = Object::newNull(), crop = Object::newNull(), rotate = Object::newNull(), resources = Object::newNull();
  void take(Object node) {
    if (node.hasKey("/MediaBox")) media = node.getKey("/MediaBox");
    if (node.hasKey("/CropBox")) crop = node.getKey("/CropBox");
    if (node.hasKey("/Rotate")) rotate = node.getKey("/Rotate");
    if (node.hasKey("/Resources")) resources = node.getKey("/Resources");
  }
};

struct FoundPage {
  Object page = Object::newNull();
  Inherited attributes;
  int pages = 0;  // in the whole tree
};

// Walks the page tree without recursion: a loop (a node met twice), a tree deeper than kMaxTreeDepth
// or larger than the object limit is an error, never a hang.
bool find_page(QPDF& pdf, int wanted, FoundPage& found, std::string& why, const Limits& limits) {
  Object root = pdf.getRoot().getKey("/Pages");
  if (!root.isDictionary()) {
    why = "the PDF has no page tree";
    return false;
  }
  struct Frame {
    Object node;
    Inherited inherited;
    int next = 0;
  };
  std::vector<Frame> stack;
  std::set<QPDFObjGen> seen;
  std::uint64_t nodes = 0;
  auto enter = [&](Object node, const Inherited& from) -> bool {
    if (node.isIndirect() && !seen.insert(node.getObjGen()).second) {
      why = "the PDF's page tree has a loop (a page or node appears twice)";
      return false;
    }
    if (++nodes > limits.max_objects) {
      why = "the PDF's page tree has more than " + std::to_string(limits.max_objects) + " nodes";
      return false;
    }
    if (stack.size() >= kMaxTreeDepth) {
      why = "the PDF's page tree is nested more than " + std::to_string(kMaxTreeDepth) + " levels deep";
      return false;
    }
    Inherited here = from;
    here.take(node);
    Object kids = node.getKey("/Kids");
    bool leaf = node.getKey("/Type").isNameAndEquals("/Page") || !kids.isArray();
    if (leaf) {
      if (++found.pages == wanted) {
        found.page = node;
        found.attributes = here;
      }
      return true;
    }
    stack.push_back({node, here, 0});
    return true;
  };
  if (!enter(root, {})) return false;
  while (!stack.empty()) {
    Frame& top = stack.back();
    Object kids = top.node.getKey("/Kids");
    if (top.next >= kids.getArrayNItems()) {
      stack.pop_back();
      continue;
    }
    Object kid = kids.getArrayItem(top.next++);
    if (!kid.isDictionary()) continue;
    Inherited from = top.inherited;  // `top` may move when the stack grows
    if (!enter(kid, from)) return false;
  }
  if (found.page.isNull()) {
    why = found.pages == 0 ? "the PDF has no pages"
                           : "the PDF has " + std::to_string(found.pages) + (found.pages == 1 ? " page" : " pages") +
                                 ", not a page " + std::to_string(wanted);
    return false;
  }
  return true;
}

// Dictionaries whose content draws with resources of its own: Form XObjects, tiling patterns, Type 3
// fonts, soft masks' groups. The children of one are those its /Resources name.
void drawn_from(Object resources, std::vector<Object>& out) {
  if (!resources.isDictionary()) return;
  auto take = [&](Object o) {
    if (o.isIndirect() && (o.isStream() || o.isDictionary())) {
      Object d = o.isStream() ? o.getDict() : o;
      if (d.hasKey("/Resources") || d.getKey("/Subtype").isNameAndEquals("/Form") || d.hasKey("/CharProcs"))
        out.push_back(o);
    }
  };
  for (const char* kind : {"/XObject", "/Pattern", "/Font"}) {
    Object group = resources.getKey(kind);
    if (!group.isDictionary()) continue;
    for (const auto& key : group.getKeys()) take(group.getKey(key));
  }
  Object states = resources.getKey("/ExtGState");
  if (states.isDictionary())
    for (const auto& key : states.getKeys()) {
      Object mask = states.getKey(key);
      if (mask.isDictionary()) mask = mask.getKey("/SMask");
      if (mask.isDictionary()) take(mask.getKey("/G"));
    }
}

Object resources_of(Object node) {
  Object d = node.isStream() ? node.getDict() : node;
  if (d.hasKey("/CharProcs") && !d.hasKey("/Resources")) return Object::newNull();
  return d.getKey("/Resources");
}

// Form XObjects (and patterns, Type 3 fonts, soft masks) drawn inside each other: at most
// limits.max_form_depth deep, never in a loop. Depth-first without recursion; the height of each
// finished subtree is kept, so a shared form is explored once.
bool check_nesting(Object page_resources, std::string& why, const Limits& limits) {
  struct Frame {
    Object node;
    std::vector<Object> kids;
    std::size_t next = 0;
    int height = 0;
  };
  std::map<QPDFObjGen, int> height;  // finished nodes
  std::set<QPDFObjGen> open;
  std::vector<Frame> stack;
  Frame top{Object::newNull(), {}, 0, 0};
  drawn_from(page_resources, top.kids);
  stack.push_back(std::move(top));
  auto max_depth = static_cast<std::size_t>(limits.max_form_depth);
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next >= f.kids.size()) {
      int h = f.height;
      if (!f.node.isNull()) {
        open.erase(f.node.getObjGen());
        height[f.node.getObjGen()] = h;
      }
      stack.pop_back();
      if (!stack.empty()) stack.back().height = std::max(stack.back().height, h + 1);
      continue;
    }
    Object kid = f.kids[f.next++];
    auto og = kid.getObjGen();
    if (open.count(og)) {
      why = "the PDF's Form XObjects draw each other in a loop";
      return false;
    }
    if (auto done = height.find(og); done != height.end()) {
      if (stack.size() + static_cast<std::size_t>(done->second) > max_depth) {
        why = "the PDF's Form XObjects are nested more than " + std::to_string(max_depth) + " deep";
        return false;
      }
      f.height = std::max(f.height, done->second + 1);
      continue;
    }
    if (stack.size() >= max_depth) {
      why = "the PDF's Form XObjects are nested more than " + std::to_string(max_depth) + " deep";
      return false;
    }
    Frame next{kid, {}, 0, 0};
    drawn_from(resources_of(kid), next.kids);
    open.insert(og);
    stack.push_back(std::move(next));
  }
  return true;
}

// Counts what the page's drawing reaches (its content streams and resources, to the end), without
// recursion; notes JavaScript (which the import leaves out) on the way.
bool check_reach(Object page, Object resources, bool& javascript, std::string& why, const Limits& limits) {
  std::vector<Object> pending{page.getKey("/Contents"), resources, page.getKey("/Group")};
  std::set<QPDFObjGen> seen;
  std::uint64_t count = 0;
  while (!pending.empty()) {
    Object o = pending.back();
    pending.pop_back();
    if (o.isIndirect() && !seen.insert(o.getObjGen()).second) continue;
    if (++count > limits.max_objects) {
      why = "the PDF's page uses more than " + std::to_string(limits.max_objects) + " objects";
      return false;
    }
    if (o.isArray()) {
      for (int i = 0, n = o.getArrayNItems(); i < n; ++i) pending.push_back(o.getArrayItem(i));
      continue;
    }
    Object d = o.isStream() ? o.getDict() : o;
    if (!d.isDictionary()) continue;
    for (const auto& key : d.getKeys()) {
      if (key == "/JS" || key == "/JavaScript") javascript = true;
      if (key == "/Parent" || key == "/P") continue;  // upwards: not drawn
      pending.push_back(d.getKey(key));
    }
  }
  return true;
}

bool has_javascript(Object o) {
  if (!o.isDictionary()) return false;
  if (o.getKey("/S").isNameAndEquals("/JavaScript") || o.hasKey("/JS")) return true;
  return false;
}

// The warnings for what a figure page has that the import leaves out.
void note_left_out(QPDF& pdf, Object page, bool javascript, std::vector<std::string>& warnings) {
  Object catalog = pdf.getRoot();
  javascript =
      javascript || has_javascript(catalog.getKey("/OpenAction")) || catalog.hasKey("/AA") || page.hasKey("/AA");
  Object names = catalog.getKey("/Names");
  if (names.isDictionary() && names.hasKey("/JavaScript")) javascript = true;
  bool annotations = false;
  Object annots = page.getKey("/Annots");
  if (annots.isArray()) {
    for (int i = 0, n = std::min(annots.getArrayNItems(), 10'000); i < n; ++i) {
      Object a = annots.getArrayItem(i);
      if (!a.isDictionary()) continue;
      annotations = true;
      if (has_javascript(a.getKey("/A")) || a.hasKey("/AA")) javascript = true;
    }
  }
  if (javascript) warnings.push_back("its JavaScript is left out (a figure brings only its drawing)");
  if (annotations)
    warnings.push_back("its links and other annotations are left out (a figure brings only its drawing)");
}

// qpdf's message names the "file" (the buffer) and an offset: its words are kept.
std::string damaged(std::string what) {
  if (what.compare(0, 6, "figure") == 0) what.erase(0, 6);
  while (!what.empty() && (what.front() == ':' || what.front() == ' ')) what.erase(0, 1);
  return "damaged PDF (" + what + "); qpdf IN OUT may repair it";
}

}  // namespace

int page_fragment(std::string& url) {
  auto hash = url.rfind('#');
  if (hash == std::string::npos) return 1;
  std::string_view fragment(url);
  fragment.remove_prefix(hash + 1);
  if (fragment.substr(0, 5) != "page=") return 1;
  fragment.remove_prefix(5);
  int page = 0;
  auto [end, ec] = std::from_chars(fragment.data(), fragment.data() + fragment.size(), page);
  url.erase(hash);
  if (ec != std::errc() || end != fragment.data() + fragment.size() || page < 1) return 0;
  return page;
}

std::shared_ptr<const Figure> pdf_figure(std::string bytes, int page, std::string& why, const Limits& limits) {
  auto figure = std::make_shared<Figure>();
  figure->pdf = std::make_shared<const std::string>(std::move(bytes));
  figure->page = page;
  const std::string& data = *figure->pdf;
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);  // library code never prints
    pdf.setAttemptRecovery(false);  // a damaged file is refused, not guessed at
    pdf.processMemoryFile("figure", data.data(), data.size());
    if (pdf.isEncrypted()) {
      why = "the PDF is encrypted: a figure must be readable as it is (qpdf --decrypt IN OUT, with its password)";
      return nullptr;
    }
    FoundPage found;
    if (!find_page(pdf, page, found, why, limits)) return nullptr;
    double media[4], box[4];
    if (!read_box(found.attributes.media, media)) {
      why = "page " + std::to_string(page) + " of the PDF has no valid MediaBox";
      return nullptr;
    }
    std::copy(media, media + 4, box);
    double chosen[4];
    Object trim = found.page.getKey("/TrimBox");
    if (read_box(trim, chosen) || read_box(found.attributes.crop, chosen)) {
      box[0] = std::max(media[0], chosen[0]);
      box[1] = std::max(media[1], chosen[1]);
      box[2] = std::min(media[2], chosen[2]);
      box[3] = std::min(media[3], chosen[3]);
    }
    double w = box[2] - box[0], h = box[3] - box[1];
    if (!(w > 0) || !(h > 0)) {
      why = "page " + std::to_string(page) + " of the PDF has an empty box";
      return nullptr;
    }
    if (w > kMaxSide || h > kMaxSide) {
      why = "page " + std::to_string(page) + " of the PDF is " + pt(w) + " x " + pt(h) +
            " pt, larger than PDF's limit of 14400 pt (200 inches) a side";
      return nullptr;
    }
    int rotate = 0;
    if (found.attributes.rotate.isInteger()) {
      long long r = found.attributes.rotate.getIntValue() % 360;
      if (r < 0) r += 360;
      if (r % 90 == 0) rotate = static_cast<int>(r);
    }
    std::copy(box, box + 4, figure->box);
    figure->rotate = rotate;
    figure->width = rotate % 180 ? h : w;
    figure->height = rotate % 180 ? w : h;
    bool javascript = false;
    if (!check_reach(found.page, found.attributes.resources, javascript, why, limits)) return nullptr;
    if (!check_nesting(found.attributes.resources, why, limits)) return nullptr;
    note_left_out(pdf, found.page, javascript, figure->warnings);
  } catch (const QPDFExc& e) {
    // An encrypted file whose user password is not empty cannot even be opened.
    why = e.getErrorCode() == qpdf_e_password
              ? "the PDF is encrypted with a password: a figure must be readable as it is (qpdf --decrypt IN OUT)"
              : damaged(e.what());
    return nullptr;
  } catch (const std::exception& e) {
    why = damaged(e.what());
    return nullptr;
  }
  return figure;
}

QPDFObjectHandle figure_page(QPDF& pdf, const Figure& figure) {
  FoundPage found;
  std::string why;
  if (!find_page(pdf, figure.page, found, why, Limits{})) throw Error(ErrorKind::Io, "cannot import a figure: " + why);
  if (!found.page.hasKey("/Resources") && found.attributes.resources.isDictionary())
    found.page.replaceKey("/Resources", found.attributes.resources);
  return found.page;
}

namespace {

// Figures kept for the run, recognised by the file's bytes and the page.
class Figures {
 public:
  std::shared_ptr<const Figure> get(const std::string& path, int page, std::string& why, const Limits& limits) {
    std::string file;
    try {
      file = io::read_file(path, limits.max_file_bytes);
    } catch (const Error& e) {
      why = e.what();
      return nullptr;
    }
    for (auto it = kept_.begin(); it != kept_.end(); ++it) {
      if (it->page != page || it->file != file) continue;
      kept_.splice(kept_.begin(), kept_, it);
      return it->figure;
    }
    std::shared_ptr<const Figure> figure;
    switch (sniff(path)) {
      case Kind::Pdf:
        figure = pdf_figure(file, page, why, limits);
        break;
      case Kind::Svg:
        if (page != 1) {
          why = "an SVG has one page, not a page " + std::to_string(page);
          return nullptr;
        }
        figure = svg_figure(file, why, limits);
        break;
      default:
        why = "not a PDF or SVG file";
        return nullptr;
    }
    if (!figure) return nullptr;
    std::size_t size = file.size() + figure->pdf->size();
    if (size > kBytes) return figure;
    while (!kept_.empty() && (kept_.size() >= kFiles || bytes_ + size > kBytes)) {
      bytes_ -= kept_.back().size;
      kept_.pop_back();
    }
    kept_.push_front({std::move(file), page, figure, size});
    bytes_ += size;
    return figure;
  }

 private:
  static constexpr std::size_t kFiles = 8, kBytes = std::size_t(64) << 20;
  struct Entry {
    std::string file;
    int page = 1;
    std::shared_ptr<const Figure> figure;
    std::size_t size = 0;
  };
  std::list<Entry> kept_;
  std::size_t bytes_ = 0;
};

}  // namespace

std::shared_ptr<const Figure> vector_figure(const std::string& path, int page, std::string& why, const Limits& limits) {
  thread_local Figures kept;
  return kept.get(path, page, why, limits);
}

}  // namespace quire::image
