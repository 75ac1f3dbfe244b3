#include "quire/fonts/subset.hpp"

#include <fcntl.h>
#include <hb-subset.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <list>
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

// A face read for subsetting, kept for the run: a mail merge cuts a subset of the same faces for every
// letter file. A face cut often is prepared (hb_subset_preprocess: its tables parsed and accelerators
// built once), which costs about twenty cuts and makes each later one two to three times cheaper; a
// face cut once or twice (one PDF of many letters) is not. The subsets are the same either way.
struct Source {
  layout::FontFace face;
  Face face_;
  int cuts = 0;
  bool prepared = false;
};
constexpr std::size_t kKeptSources = 8;
constexpr int kPrepareAfter = 3;

hb_face_t* source_face(const layout::FontFace& face) {
  thread_local std::list<Source> kept;  // most recently used first
  auto it = kept.begin();
  while (it != kept.end() && it->face != face) ++it;
  if (it != kept.end()) {
    kept.splice(kept.begin(), kept, it);
  } else {
    Blob blob(hb_blob_create_from_file_or_fail(face.path.c_str()));
    if (!blob) fail(face, "cannot read the file");
    if (face.index < 0 || static_cast<unsigned>(face.index) >= hb_face_count(blob.get()))
      fail(face, "no face " + std::to_string(face.index) + " in the file");
    Face source(hb_face_create(blob.get(), static_cast<unsigned>(face.index)));
    if (!source) fail(face, "out of memory");
    kept.push_front({face, std::move(source)});
    if (kept.size() > kKeptSources) kept.pop_back();
  }
  Source& source = kept.front();
  if (++source.cuts >= kPrepareAfter && !source.prepared) {
    Face prepared(hb_subset_preprocess(source.face_.get()));
    // HarfBuzz hands back the source itself (no new reference) when it could not prepare it.
    if (prepared.get() == source.face_.get()) prepared.release();
    if (prepared) source.face_ = std::move(prepared);
    source.prepared = true;
  }
  return source.face_.get();
}

}  // namespace

std::string subset_glyphs(const layout::FontFace& face, const std::set<std::uint32_t>& glyphs) {
  hb_face_t* source = source_face(face);
  Input input(hb_subset_input_create_or_fail());
  if (!input) fail(face, "out of memory");
  unsigned count = hb_face_get_glyph_count(source);
  hb_set_t* wanted = hb_subset_input_glyph_set(input.get());
  for (std::uint32_t g : glyphs)
    if (g < count) hb_set_add(wanted, g);
  // The PDF addresses glyphs by id (CIDToGIDMap /Identity): ids must not move. Hinting is most of a
  // small subset's bytes and matters little at print resolution.
  hb_subset_input_set_flags(input.get(), HB_SUBSET_FLAGS_RETAIN_GIDS | HB_SUBSET_FLAGS_NO_HINTING);
  // Shaping happened before the PDF: without these tables HarfBuzz also adds no glyphs reachable
  // through substitutions (its layout closure).
  hb_set_t* drop = hb_subset_input_set(input.get(), HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (const char* tag : {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "morx", "kerx", "DSIG"})
    hb_set_add(drop, hb_tag_from_string(tag, 4));
  Face subset(hb_subset_or_fail(source, input.get()));
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

}  // namespace quire::fonts
