#include "quire/fonts/subset.hpp"

#include <fcntl.h>
#include <hb-subset.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "quire/fonts/hb.hpp"

namespace quire::fonts {

namespace {

using hb::Blob;
using hb::Face;
using Input = std::unique_ptr<hb_subset_input_t, hb::Deleter<hb_subset_input_t, hb_subset_input_destroy>>;

[[noreturn]] void fail(const layout::FontFace& face, const std::string& why) {
  throw Error(ErrorKind::Io, "cannot subset font \"" + face.path + "\": " + why);
}

}  // namespace

std::string subset_font(const layout::FontFace& face, const std::set<char32_t>& code_points) {
  Blob blob(hb_blob_create_from_file_or_fail(face.path.c_str()));
  if (!blob) fail(face, "cannot read the file");
  if (face.index < 0 || static_cast<unsigned>(face.index) >= hb_face_count(blob.get()))
    fail(face, "no face " + std::to_string(face.index) + " in the file");
  Face source(hb_face_create(blob.get(), static_cast<unsigned>(face.index)));
  Input input(hb_subset_input_create_or_fail());
  if (!source || !input) fail(face, "out of memory");
  hb_set_t* unicodes = hb_subset_input_unicode_set(input.get());
  for (char32_t c : code_points) hb_set_add(unicodes, static_cast<hb_codepoint_t>(c));
  // Hinting is most of a small subset's bytes and matters little at print resolution. libharu
  // looks glyphs up through the cmap, so renumbered glyph ids are fine.
  hb_subset_input_set_flags(input.get(), HB_SUBSET_FLAGS_NO_HINTING);
  Face subset(hb_subset_or_fail(source.get(), input.get()));
  if (!subset) fail(face, "HarfBuzz could not cut it");
  Blob bytes(hb_face_reference_blob(subset.get()));
  unsigned length = 0;
  const char* data = hb_blob_get_data(bytes.get(), &length);
  if (!data || length == 0) fail(face, "HarfBuzz produced an empty font");
  return std::string(data, length);
}

TempFile::TempFile(const std::string& bytes, const std::string& suffix) {
  const char* dir = std::getenv("TMPDIR");
  std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/quire-XXXXXX" + suffix;
  int fd = ::mkstemps(pattern.data(), static_cast<int>(suffix.size()));  // mode 0600
  if (fd < 0)
    throw Error(ErrorKind::Io, "cannot create a temporary file in \"" + pattern.substr(0, pattern.rfind('/')) +
                                   "\": " + std::strerror(errno));
  path_ = pattern;
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = errno;
      ::close(fd);
      remove();
      throw Error(ErrorKind::Io, "cannot write temporary file \"" + pattern + "\": " + std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    int err = errno;
    remove();
    throw Error(ErrorKind::Io, "cannot write temporary file \"" + pattern + "\": " + std::strerror(err));
  }
}

TempFile::~TempFile() { remove(); }

void TempFile::remove() {
  if (removed_ || path_.empty()) return;
  ::unlink(path_.c_str());
  removed_ = true;
}

void collect_code_points(const std::string& text, std::set<char32_t>& out) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    unsigned char b = s[i];
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > n) {
      ++i;
      continue;
    }
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) ok = false;
      c = (c << 6) | (s[i + k] & 0x3F);
    }
    if (ok) out.insert(c);
    i += ok ? static_cast<std::size_t>(len) : 1;
  }
}

}  // namespace quire::fonts
