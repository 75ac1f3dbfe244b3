#include "quire/validate/resources.hpp"

#include <filesystem>

#include "quire/fonts/fonts.hpp"
#include "quire/image/image_probe.hpp"

namespace quire::validate::detail {

namespace fs = std::filesystem;

std::optional<ResourceProblem> image_problem(const std::string& url, const std::string& source_file) {
  // FileImageProbe is what rendering uses: the same resolution and the same checks, reported into its own sink, which
  // becomes this function's answer.
  Diagnostics scratch;
  image::FileImageProbe probe(scratch);
  if (probe.probe(url, source_file, {})) return std::nullopt;
  ResourceProblem p;
  p.why = scratch.all().empty() ? "cannot be read" : scratch.all().back().message;
  p.remote = p.why.find("remote images are not fetched") != std::string::npos;
  // "image "x": why" → "why": the caller names the image itself.
  std::string named = "image \"" + url + "\"";
  if (p.why.starts_with(named + ": ")) p.why = p.why.substr(named.size() + 2);
  if (p.why.starts_with(named + " left out: ")) p.why = p.why.substr(named.size() + 11);
  return p;
}

std::string font_problem(const std::string& value, const std::string& source_file) {
  bool is_path = value.find('/') != std::string::npos || value.ends_with(".ttf") || value.ends_with(".ttc") ||
                 value.ends_with(".TTF");
  try {
    layout::FontFace face;
    if (is_path) {
      fs::path path(value);
      if (path.is_relative() && !source_file.empty() && source_file != "<stdin>")
        path = fs::path(source_file).parent_path() / path;
      std::error_code ec;
      if (!fs::is_regular_file(path, ec)) return "file \"" + path.string() + "\" not found";
      face.path = path.string();
    } else {
      face = fonts::find_font(value, false, false);
    }
    fonts::check_truetype(face);
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

}  // namespace quire::validate::detail
