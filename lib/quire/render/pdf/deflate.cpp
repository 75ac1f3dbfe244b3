#include "quire/render/pdf/deflate.hpp"

#include <libdeflate.h>

#include <memory>

#include "quire/diag/diagnostic.hpp"

namespace quire::render::detail {

namespace {

struct FreeCompressor {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

// A compressor holds about a megabyte of match-finder tables: made once per thread, not per stream.
libdeflate_compressor& compressor() {
  thread_local std::unique_ptr<libdeflate_compressor, FreeCompressor> made(libdeflate_alloc_compressor(kDeflateLevel));
  if (!made) throw Error(ErrorKind::Io, "cannot compress a PDF stream: out of memory");
  return *made;
}

}  // namespace

std::string deflate(std::string_view data) {
  libdeflate_compressor& c = compressor();
  std::string out(libdeflate_zlib_compress_bound(&c, data.size()), '\0');
  std::size_t n = libdeflate_zlib_compress(&c, data.data(), data.size(), out.data(), out.size());
  // The bound always fits; 0 would mean libdeflate broke its promise.
  if (n == 0) throw Error(ErrorKind::Io, "cannot compress a PDF stream");
  out.resize(n);
  return out;
}

}  // namespace quire::render::detail
