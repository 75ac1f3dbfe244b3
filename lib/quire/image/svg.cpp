// SVG figures: a scan of the XML for what librsvg must not be handed (entity tricks, references to
// other files, absurd nesting), then librsvg draws the SVG onto a cairo PDF surface in memory and the
// page is checked as any PDF figure. The handle is made without a base file, so librsvg itself loads
// nothing but data: URLs; the scan says why a reference is refused, at the figure's position.
#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>

#include <cctype>
#include <cmath>
#include <cstring>
#include <map>
#include <string_view>

#include "quire/image/figure.hpp"

namespace quire::image {

namespace {

constexpr double kMaxSide = 14'400;       // points, as for PDF figures
constexpr double kPointsPerPixel = 0.75;  // CSS: 96 px to the inch

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string shown(std::string_view s) {
  std::string out(s.substr(0, 80));
  if (s.size() > 80) out += "…";
  return out;
}

// The scan: a small XML tokenizer that never recurses and stops at the first problem.
class Scan {
 public:
  Scan(std::string_view text, const Limits& limits) : s_(text), limits_(limits) {}

  bool run(std::string& why) {
    if (s_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
    while (pos_ < s_.size()) {
      std::size_t lt = s_.find('<', pos_);
      if (!text(s_.substr(pos_, (lt == std::string_view::npos ? s_.size() : lt) - pos_), why)) return false;
      if (lt == std::string_view::npos) break;
      pos_ = lt;
      if (!markup(why)) return false;
    }
    if (!seen_root_) {
      why = "not an SVG file (no <svg> element)";
      return false;
    }
    return true;
  }

 private:
  bool fail(std::string& why, std::string message) {
    why = std::move(message);
    return false;
  }

  bool skip_past(std::string_view end, std::string& why, const char* what) {
    std::size_t at = s_.find(end, pos_);
    if (at == std::string_view::npos) return fail(why, std::string("unclosed ") + what);
    pos_ = at + end.size();
    return true;
  }

  bool markup(std::string& why) {
    std::string_view rest = s_.substr(pos_);
    if (rest.starts_with("<!--")) return skip_past("-->", why, "comment");
    if (rest.starts_with("<![CDATA[")) {
      std::size_t start = pos_ + 9;
      if (!skip_past("]]>", why, "CDATA section")) return false;
      return style_text(s_.substr(start, pos_ - 3 - start), why);
    }
    if (rest.starts_with("<!DOCTYPE")) return doctype(why);
    if (rest.starts_with("<?")) {
      std::size_t start = pos_;
      if (!skip_past("?>", why, "processing instruction")) return false;
      std::string_view pi = s_.substr(start + 2, pos_ - start - 4);
      if (pi.starts_with("xml-stylesheet"))
        return fail(why, "it asks for an external stylesheet (" + shown(pi) + "): only styles inside the SVG are used");
      return true;
    }
    if (rest.starts_with("</")) {
      if (!skip_past(">", why, "end tag")) return false;
      if (depth_ > 0) --depth_;
      if (in_style_ && depth_ < style_depth_) in_style_ = false;
      return true;
    }
    return element(why);
  }

  bool element(std::string& why) {
    ++pos_;  // '<'
    std::size_t start = pos_;
    while (pos_ < s_.size() && is_name_char(s_[pos_])) ++pos_;
    std::string_view name = s_.substr(start, pos_ - start);
    if (name.empty()) return fail(why, "malformed XML: '<' not followed by a name");
    std::string_view local = name.substr(name.find(':') == std::string_view::npos ? 0 : name.find(':') + 1);
    if (!seen_root_) {
      if (local != "svg") return fail(why, "not an SVG file (its first element is <" + std::string(name) + ">)");
      seen_root_ = true;
    }
    if (++elements_ > limits_.max_svg_elements)
      return fail(why, "it has more than " + std::to_string(limits_.max_svg_elements) + " elements");
    // Attributes.
    for (;;) {
      while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      if (pos_ >= s_.size()) return fail(why, "malformed XML: unclosed <" + std::string(name) + ">");
      if (s_[pos_] == '>' || s_.substr(pos_).starts_with("/>")) break;
      std::size_t a = pos_;
      while (pos_ < s_.size() && is_name_char(s_[pos_])) ++pos_;
      std::string_view attr = s_.substr(a, pos_ - a);
      while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      if (attr.empty() || pos_ >= s_.size() || s_[pos_] != '=')
        return fail(why, "malformed XML in <" + std::string(name) + ">");
      ++pos_;
      while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\''))
        return fail(why, "malformed XML: unquoted attribute in <" + std::string(name) + ">");
      char quote = s_[pos_++];
      std::size_t end = s_.find(quote, pos_);
      if (end == std::string_view::npos) return fail(why, "malformed XML: unclosed attribute value");
      std::string_view value = s_.substr(pos_, end - pos_);
      pos_ = end + 1;
      if (!entities_in(value, why)) return false;
      std::string_view attr_local = attr.substr(attr.find(':') == std::string_view::npos ? 0 : attr.find(':') + 1);
      if (attr_local == "href" && !reference(value, why)) return false;
      if (attr == "style" && !style_text(value, why)) return false;
      if (attr != "style" && value.find("url(") != std::string_view::npos && !style_text(value, why)) return false;
    }
    bool empty = s_[pos_] == '/';
    pos_ += empty ? 2 : 1;
    if (!empty) {
      if (++depth_ > static_cast<std::size_t>(limits_.max_svg_depth))
        return fail(why, "its elements are nested more than " + std::to_string(limits_.max_svg_depth) + " deep");
      if (local == "style" && !in_style_) {
        in_style_ = true;
        style_depth_ = depth_;
      }
    }
    return true;
  }

  // Only "#fragment" and data: URLs: anything else would be a file or a fetch.
  bool reference(std::string_view value, std::string& why) {
    std::string_view v = trim(value);
    if (v.empty() || v.front() == '#') return true;
    std::string head;
    for (char c : v.substr(0, 5)) head += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (head == "data:") return true;
    return fail(why, "it refers to \"" + shown(v) +
                         "\": an SVG figure is drawn from itself alone (embed images as data: URLs)");
  }

  // CSS in a style attribute or element: no @import, url() only to "#…" or data:.
  bool style_text(std::string_view css, std::string& why) {
    if (css.find("@import") != std::string_view::npos)
      return fail(why, "its style sheet imports another (@import): only styles inside the SVG are used");
    for (std::size_t at = css.find("url("); at != std::string_view::npos; at = css.find("url(", at + 4)) {
      std::size_t close = css.find(')', at);
      std::string_view inside =
          trim(css.substr(at + 4, (close == std::string_view::npos ? css.size() : close) - at - 4));
      if (!inside.empty() && (inside.front() == '"' || inside.front() == '\'')) inside = inside.substr(1);
      if (!inside.empty() && (inside.back() == '"' || inside.back() == '\'')) inside.remove_suffix(1);
      if (!reference(inside, why)) return false;
    }
    return true;
  }

  bool text(std::string_view t, std::string& why) {
    if (!entities_in(t, why)) return false;
    return !in_style_ || style_text(t, why);
  }

  // Each reference to a declared entity adds its (reference-free) value to the expanded total.
  bool entities_in(std::string_view t, std::string& why) {
    if (entities_.empty()) return true;
    for (std::size_t amp = t.find('&'); amp != std::string_view::npos; amp = t.find('&', amp + 1)) {
      std::size_t semi = t.find(';', amp);
      if (semi == std::string_view::npos) break;
      auto it = entities_.find(std::string(t.substr(amp + 1, semi - amp - 1)));
      if (it == entities_.end()) continue;
      expanded_ += it->second;
      if (expanded_ > limits_.max_svg_entity_bytes)
        return fail(why, "its entities expand to more than " + std::to_string(limits_.max_svg_entity_bytes) +
                             " bytes (an entity bomb?)");
    }
    return true;
  }

  // <!DOCTYPE svg PUBLIC "…" "…" [ internal subset ]>: an external DTD is never loaded; in the internal
  // subset only general entities with short literal values (Illustrator declares its namespaces so)
  // are allowed — no parameter entities, no external entities, no references inside values.
  bool doctype(std::string& why) {
    pos_ += 9;
    while (pos_ < s_.size() && s_[pos_] != '[' && s_[pos_] != '>') {
      if (s_[pos_] == '"' || s_[pos_] == '\'') {
        std::size_t end = s_.find(s_[pos_], pos_ + 1);
        if (end == std::string_view::npos) return fail(why, "malformed XML: unclosed DOCTYPE");
        pos_ = end;
      }
      ++pos_;
    }
    if (pos_ >= s_.size()) return fail(why, "malformed XML: unclosed DOCTYPE");
    if (s_[pos_] == '>') {
      ++pos_;
      return true;
    }
    ++pos_;  // '['
    for (;;) {
      while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      if (pos_ >= s_.size()) return fail(why, "malformed XML: unclosed DOCTYPE");
      std::string_view rest = s_.substr(pos_);
      if (rest.starts_with("]")) {
        pos_ = s_.find('>', pos_);
        if (pos_ == std::string_view::npos) return fail(why, "malformed XML: unclosed DOCTYPE");
        ++pos_;
        return true;
      }
      if (rest.starts_with("<!--")) {
        if (!skip_past("-->", why, "comment")) return false;
        continue;
      }
      if (rest.starts_with("<?")) {
        if (!skip_past("?>", why, "processing instruction")) return false;
        continue;
      }
      if (rest.starts_with("%")) return fail(why, "its DTD uses parameter entities: refused");
      if (rest.starts_with("<!ENTITY")) {
        if (!entity(why)) return false;
        continue;
      }
      if (rest.starts_with("<!")) {  // ELEMENT, ATTLIST, NOTATION: skipped, quotes respected
        while (pos_ < s_.size() && s_[pos_] != '>') {
          if (s_[pos_] == '"' || s_[pos_] == '\'') {
            std::size_t end = s_.find(s_[pos_], pos_ + 1);
            if (end == std::string_view::npos) return fail(why, "malformed XML: unclosed declaration");
            pos_ = end;
          }
          ++pos_;
        }
        if (pos_ >= s_.size()) return fail(why, "malformed XML: unclosed declaration");
        ++pos_;
        continue;
      }
      return fail(why, "malformed XML in the DOCTYPE");
    }
  }

  bool entity(std::string& why) {
    pos_ += 8;
    auto spaces = [&] {
      while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    };
    spaces();
    if (pos_ < s_.size() && s_[pos_] == '%') return fail(why, "its DTD declares parameter entities: refused");
    std::size_t start = pos_;
    while (pos_ < s_.size() && is_name_char(s_[pos_])) ++pos_;
    std::string name(s_.substr(start, pos_ - start));
    spaces();
    if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\''))
      return fail(why, "it declares an external entity \"" + name + "\": refused (nothing outside the SVG is read)");
    char quote = s_[pos_++];
    std::size_t end = s_.find(quote, pos_);
    if (end == std::string_view::npos) return fail(why, "malformed XML: unclosed entity value");
    std::string_view value = s_.substr(pos_, end - pos_);
    if (value.find_first_of("&%<") != std::string_view::npos)
      return fail(why, "its entity \"" + name + "\" refers to other entities or holds markup: refused");
    entities_[name] = value.size();
    pos_ = end + 1;
    spaces();
    if (pos_ >= s_.size() || s_[pos_] != '>') return fail(why, "malformed XML: entity \"" + name + "\"");
    ++pos_;
    return true;
  }

  std::string_view s_;
  const Limits& limits_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0, style_depth_ = 0;
  std::uint64_t elements_ = 0, expanded_ = 0;
  bool seen_root_ = false, in_style_ = false;
  std::map<std::string, std::size_t> entities_;
};

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  } catch (...) {
    return CAIRO_STATUS_NO_MEMORY;
  }
  return CAIRO_STATUS_SUCCESS;
}

struct Handle {
  RsvgHandle* h = nullptr;
  ~Handle() {
    if (h) g_object_unref(h);
  }
};

std::string take(GError*& error) {
  std::string message = error && error->message ? error->message : "unknown error";
  if (error) g_error_free(error);
  error = nullptr;
  return message;
}

// The length in points, or a negative number when it needs a viewport (percentages) or is unknown.
double points(const RsvgLength& l) {
  switch (l.unit) {
    case RSVG_UNIT_PX:
      return l.length * kPointsPerPixel;
    case RSVG_UNIT_PT:
      return l.length;
    case RSVG_UNIT_IN:
      return l.length * 72;
    case RSVG_UNIT_CM:
      return l.length * 72 / 2.54;
    case RSVG_UNIT_MM:
      return l.length * 72 / 25.4;
    case RSVG_UNIT_PC:
      return l.length * 12;
    default:
      return -1;
  }
}

}  // namespace

std::shared_ptr<const Figure> svg_figure(const std::string& text, std::string& why, const Limits& limits) {
  if (!Scan(text, limits).run(why)) return nullptr;
  GError* error = nullptr;
  Handle handle;
  handle.h = rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(text.data()), text.size(), &error);
  if (!handle.h) {
    why = "invalid SVG: " + take(error);
    return nullptr;
  }
  rsvg_handle_set_dpi(handle.h, 96);
  gboolean has_w = false, has_h = false, has_box = false;
  RsvgLength lw{}, lh{};
  RsvgRectangle viewbox{};
  rsvg_handle_get_intrinsic_dimensions(handle.h, &has_w, &lw, &has_h, &lh, &has_box, &viewbox);
  double w = points(lw), h = points(lh);
  if (!(w > 0) || !(h > 0)) {
    // A percentage (or nothing): the viewBox's size, in pixels, scaled as the given side asks.
    if (!has_box || !(viewbox.width > 0) || !(viewbox.height > 0)) {
      why = "the SVG has no size: give its <svg> a width and height, or a viewBox";
      return nullptr;
    }
    if (w > 0)
      h = w * viewbox.height / viewbox.width;
    else if (h > 0)
      w = h * viewbox.width / viewbox.height;
    else
      w = viewbox.width * kPointsPerPixel, h = viewbox.height * kPointsPerPixel;
  }
  if (!std::isfinite(w) || !std::isfinite(h) || w > kMaxSide || h > kMaxSide) {
    char size[64];
    std::snprintf(size, sizeof size, "%.0f x %.0f pt", w, h);
    why = std::string("the SVG is ") + size + ", larger than PDF's limit of 14400 pt (200 inches) a side";
    return nullptr;
  }
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &pdf, w, h);
  cairo_t* cr = cairo_create(surface);
  RsvgRectangle viewport{0, 0, w, h};
  gboolean drawn = rsvg_handle_render_document(handle.h, cr, &viewport, &error);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (!drawn) {
    why = "cannot draw the SVG: " + take(error);
    return nullptr;
  }
  if (status != CAIRO_STATUS_SUCCESS) {
    why = std::string("cannot draw the SVG: ") + cairo_status_to_string(status);
    return nullptr;
  }
  auto checked = pdf_figure(std::move(pdf), 1, why, limits);
  if (!checked) {
    why = "cannot use the SVG's drawing: " + why;
    return nullptr;
  }
  auto figure = std::make_shared<Figure>(*checked);
  figure->svg = true;
  figure->warnings.clear();  // cairo's page has no actions or links
  return figure;
}

}  // namespace quire::image
