#include "quire/render/pdf/deflate.hpp"

#include <libdeflate.h>

#include <list>
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

// Streams deflate_remembered() has compressed, most recently used first.
struct Remembered {
  std::string content, packed;
};

struct Memory {
  std::list<Remembered> streams;
  std::size_t bytes = 0;
};

Memory& memory() {
  thread_local Memory kept;
  return kept;
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

std::string deflate_remembered(std::string_view data) {
  Memory& kept = memory();
  for (auto it = kept.streams.begin(); it != kept.streams.end(); ++it) {
    if (it->content.size() != data.size() || it->content != data) continue;
    kept.streams.splice(kept.streams.begin(), kept.streams, it);
    return it->packed;
  }
  std::string packed = deflate(data);
  std::size_t size = data.size() + packed.size();
  if (size > kRememberedBytes) return packed;
  while (kept.bytes + size > kRememberedBytes) {
    kept.bytes -= kept.streams.back().content.size() + kept.streams.back().packed.size();
    kept.streams.pop_back();
  }
  kept.streams.push_front({std::string(data), packed});
  kept.bytes += size;
  return packed;
}

}  // namespace quire::render::detail
