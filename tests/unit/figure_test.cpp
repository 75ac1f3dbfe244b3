// Vector figures (image/figure.hpp): the checks on a PDF page and on an SVG before anything draws them.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "quire/image/figure.hpp"

namespace {

// A PDF of the given objects (object n is objects[n - 1], without "n 0 obj"), catalog 1, with a right
// cross-reference table.
std::string make_pdf(const std::vector<std::string>& objects, const std::string& trailer_extra = "") {
  std::string out = "%PDF-1.7\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  char line[32];
  for (auto at : offsets) {
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", at);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R" + trailer_extra +
         " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

std::string stream(const std::string& dict, const std::string& data) {
  return "<< " + dict + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream";
}

// One page of 200 x 100 pt drawing a grey box, with `page_extra` in its dictionary.
std::string one_page(const std::string& page_extra = "", const std::string& media = "[0 0 200 100]") {
  return make_pdf(
      {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
       "<< /Type /Page /Parent 2 0 R /MediaBox " + media + " /Contents 4 0 R /Resources << >> " + page_extra + " >>",
       stream("", "0.5 g 10 10 180 80 re f")});
}

}  // namespace

TEST_CASE("a PDF figure: its page's box, size and rotation; a page chosen by number") {
  std::string why;
  auto f = quire::image::pdf_figure(one_page(), 1, why);
  REQUIRE_MESSAGE(f, why);
  CHECK(f->width == 200);
  CHECK(f->height == 100);
  CHECK(f->rotate == 0);
  CHECK(f->warnings.empty());

  // The TrimBox wins over the CropBox, each cut to the MediaBox; /Rotate 90 turns the size.
  f = quire::image::pdf_figure(one_page("/CropBox [0 0 150 100] /TrimBox [20 10 120 300] /Rotate 90"), 1, why);
  REQUIRE_MESSAGE(f, why);
  CHECK(f->box[0] == 20);
  CHECK(f->box[3] == 100);
  CHECK(f->width == 90);
  CHECK(f->height == 100);
  CHECK(f->rotate == 90);

  CHECK_FALSE(quire::image::pdf_figure(one_page(), 2, why));
  CHECK(why == "the PDF has 1 page, not a page 2");

  // Inherited from the page tree: the MediaBox and resources.
  std::string inherited = make_pdf(
      {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 300 400] >>",
       "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>", "<< /Type /Page /Parent 2 0 R /Contents 5 0 R /Rotate 270 >>",
       stream("", "0 g 0 0 10 10 re f")});
  f = quire::image::pdf_figure(inherited, 2, why);
  REQUIRE_MESSAGE(f, why);
  CHECK(f->width == 400);
  CHECK(f->height == 300);
}

TEST_CASE("page fragments: #page=N, and malformed ones") {
  std::string url = "charts/all.pdf#page=12";
  CHECK(quire::image::page_fragment(url) == 12);
  CHECK(url == "charts/all.pdf");
  url = "plain.pdf";
  CHECK(quire::image::page_fragment(url) == 1);
  url = "x.pdf#page=zero";
  CHECK(quire::image::page_fragment(url) == 0);
  url = "x.pdf#page=0";
  CHECK(quire::image::page_fragment(url) == 0);
  url = "x.pdf#section";
  CHECK(quire::image::page_fragment(url) == 1);
}

TEST_CASE("hostile PDF figures are refused with a reason, in bounded time") {
  std::string why;
  SUBCASE("a broken cross-reference table") {
    std::string pdf = one_page();
    auto at = pdf.find("xref\n0 5");
    REQUIRE(at != std::string::npos);
    pdf.replace(pdf.find("0000000009", at), 10, "0000000777");
    CHECK_FALSE(quire::image::pdf_figure(pdf, 1, why));
    CHECK(why.find("damaged PDF") == 0);
  }
  SUBCASE("a page tree with a loop") {
    std::string pdf = make_pdf({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"});
    CHECK_FALSE(quire::image::pdf_figure(pdf, 1, why));
    CHECK(why == "the PDF's page tree has a loop (a page or node appears twice)");
  }
  SUBCASE("Form XObjects nested 10,000 deep, and in a loop") {
    std::vector<std::string> objects{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                     "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R "
                                     "/Resources << /XObject << /X 5 0 R >> >> >>",
                                     stream("", "/X Do")};
    constexpr int kDepth = 10'000;
    for (int i = 0; i < kDepth; ++i) {
      int self = static_cast<int>(objects.size()) + 1;
      std::string next = i + 1 < kDepth ? "<< /XObject << /X " + std::to_string(self + 1) + " 0 R >> >>" : "<< >>";
      objects.push_back(stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources " + next, "/X Do"));
    }
    CHECK_FALSE(quire::image::pdf_figure(make_pdf(objects), 1, why));
    CHECK(why == "the PDF's Form XObjects are nested more than 64 deep");
    std::string loop = make_pdf({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                 "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R "
                                 "/Resources << /XObject << /X 5 0 R >> >> >>",
                                 stream("", "/X Do"),
                                 stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject "
                                        "<< /Y 6 0 R >> >>",
                                        "/Y Do"),
                                 stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject "
                                        "<< /X 5 0 R >> >>",
                                        "/X Do")});
    CHECK_FALSE(quire::image::pdf_figure(loop, 1, why));
    CHECK(why == "the PDF's Form XObjects draw each other in a loop");
  }
  SUBCASE("a huge MediaBox, an empty one, none") {
    CHECK_FALSE(quire::image::pdf_figure(one_page("", "[0 0 1000000000 1000000000]"), 1, why));
    CHECK(why.find("larger than PDF's limit of 14400 pt") != std::string::npos);
    CHECK_FALSE(quire::image::pdf_figure(one_page("", "[0 0 0 100]"), 1, why));
    CHECK(why == "page 1 of the PDF has an empty box");
    CHECK_FALSE(quire::image::pdf_figure(one_page("", "[0 0 (a) 1]"), 1, why));
    CHECK(why == "page 1 of the PDF has no valid MediaBox");
  }
  SUBCASE("JavaScript and links: accepted, with a warning that they are left out") {
    std::string pdf =
        make_pdf({"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R /Resources << >> "
                  "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 5 5] /A 5 0 R >>] >>",
                  stream("", "0 g 0 0 5 5 re f"), "<< /S /JavaScript /JS (app.alert\\(1\\)) >>"});
    auto f = quire::image::pdf_figure(pdf, 1, why);
    REQUIRE_MESSAGE(f, why);
    REQUIRE(f->warnings.size() == 2);
    CHECK(f->warnings[0] == "its JavaScript is left out (a figure brings only its drawing)");
  }
  SUBCASE("not a PDF at all") {
    CHECK_FALSE(quire::image::pdf_figure("%PDF-1.4\nnothing here", 1, why));
    CHECK(why.find("damaged PDF") == 0);
  }
}

TEST_CASE("an SVG figure is drawn as a PDF page of its size") {
  std::string why;
  auto f = quire::image::svg_figure(
      "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='100'><rect width='50' height='50'/></svg>", why);
  REQUIRE_MESSAGE(f, why);
  CHECK(f->svg);
  CHECK(f->width == doctest::Approx(150));  // 200 px at 96 to the inch
  CHECK(f->height == doctest::Approx(75));
  // Millimetres; a viewBox alone; a percentage with a viewBox.
  f = quire::image::svg_figure("<svg xmlns='http://www.w3.org/2000/svg' width='50mm' height='25.4mm'/>", why);
  REQUIRE_MESSAGE(f, why);
  CHECK(f->width == doctest::Approx(141.732).epsilon(0.001));
  CHECK(f->height == doctest::Approx(72));
  f = quire::image::svg_figure("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 400 100'/>", why);
  REQUIRE_MESSAGE(f, why);
  CHECK(f->width == doctest::Approx(300));
  // Illustrator's namespace entities are fine.
  f = quire::image::svg_figure(
      "<?xml version='1.0'?>\n<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' "
      "'http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd' [\n"
      "<!ENTITY ns_svg 'http://www.w3.org/2000/svg'>\n]>\n"
      "<svg xmlns='&ns_svg;' width='10' height='10'/>",
      why);
  CHECK_MESSAGE(f, why);
}

TEST_CASE("hostile SVG figures are refused with a reason") {
  std::string why;
  auto refused = [&](const std::string& svg) {
    why.clear();
    return !quire::image::svg_figure(svg, why);
  };
  std::string laughs = "<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY a 'lol'>";
  for (int i = 1; i < 10; ++i) {
    laughs += "<!ENTITY e" + std::to_string(i) + " '";
    for (int k = 0; k < 10; ++k) laughs += i == 1 ? "&a;" : "&e" + std::to_string(i - 1) + ";";
    laughs += "'>";
  }
  laughs += "]><svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><text>&e9;</text></svg>";
  CHECK(refused(laughs));
  CHECK(why == "its entity \"e1\" refers to other entities or holds markup: refused");

  std::string wide = "<!DOCTYPE svg [<!ENTITY a '" + std::string(1000, 'x') + "'>]><svg width='1' height='1'>";
  for (int i = 0; i < 2000; ++i) wide += "&a;";
  CHECK(refused(wide + "</svg>"));
  CHECK(why == "its entities expand to more than 1048576 bytes (an entity bomb?)");

  CHECK(refused("<!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><svg width='1' height='1'>&x;</svg>"));
  CHECK(why == "it declares an external entity \"x\": refused (nothing outside the SVG is read)");
  CHECK(refused("<!DOCTYPE svg [<!ENTITY % p SYSTEM 'http://example.org/x.dtd'> %p;]><svg/>"));
  CHECK(why == "its DTD declares parameter entities: refused");

  CHECK(
      refused("<svg xmlns:xlink='http://www.w3.org/1999/xlink' width='9' height='9'>"
              "<image xlink:href='../../secret.png' width='9' height='9'/></svg>"));
  CHECK(why.find("it refers to \"../../secret.png\"") == 0);
  CHECK(refused("<svg width='9' height='9'><image href='http://example.org/a.png'/></svg>"));
  CHECK(why.find("it refers to \"http://example.org/a.png\"") == 0);
  CHECK(refused("<svg width='9' height='9'><rect style='fill: url(https://x.example/p.svg#g)'/></svg>"));
  CHECK(refused("<svg width='9' height='9'><style>@import url(x.css);</style></svg>"));
  CHECK(refused("<?xml-stylesheet href='x.css'?><svg width='9' height='9'/>"));

  std::string deep = "<svg width='9' height='9'>";
  for (int i = 0; i < 100'000; ++i) deep += "<g>";
  CHECK(refused(deep));
  CHECK(why == "its elements are nested more than 256 deep");

  CHECK(refused("<svg xmlns='http://www.w3.org/2000/svg' width='50000' height='50000'/>"));
  CHECK(why == "the SVG is 37500 x 37500 pt, larger than PDF's limit of 14400 pt (200 inches) a side");
  CHECK(refused("<html><svg/></html>"));
  CHECK(why == "not an SVG file (its first element is <html>)");
  CHECK(refused("<svg xmlns='http://www.w3.org/2000/svg'/>"));
  CHECK(why == "the SVG has no size: give its <svg> a width and height, or a viewBox");

  // Fragments and data: URLs are drawn.
  std::string ok =
      "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' width='9' "
      "height='9'><defs><path id='p' d='M0 0h5v5z'/></defs><use xlink:href='#p'/>"
      "<rect width='2' height='2' style='fill: url(#p)'/></svg>";
  CHECK_FALSE(refused(ok));
}
