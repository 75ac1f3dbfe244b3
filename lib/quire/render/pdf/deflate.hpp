#pragma once
// The one deflater of the PDF backend: every /FlateDecode stream quire writes (page contents, images,
// fonts, ToUnicode maps, the joiner's object and cross-reference streams) is compressed here, exactly
// once. libharu writes its streams uncompressed and the finishing pass never recompresses
// (docs/performance.md, "Compress once"). Internal to the PDF backend.
#include <string>
#include <string_view>

namespace quire::render::detail {

// libdeflate's level: the fastest that gives files no larger than zlib's default level did, measured
// on the bench report and a merged letter (docs/performance.md).
inline constexpr int kDeflateLevel = 7;

// `data` as a zlib stream (RFC 1950, what /FlateDecode reads). The same bytes in give the same bytes
// out, so output stays reproducible. Throws Error(Io) when memory runs out.
std::string deflate(std::string_view data);

// The same bytes as deflate(), remembered for the rest of the run: a stream that comes back in
// every document (a letterhead's logo and a signature, in each letter of a mail merge written one
// file per letter) is compressed once. For images only: page contents do not repeat. At most
// kRememberedBytes of streams are kept (their content and compressed bytes), the least recently used
// dropped first; a stream is found by its size and then compared byte for byte.
std::string deflate_remembered(std::string_view data);
inline constexpr std::size_t kRememberedBytes = std::size_t(32) << 20;

}  // namespace quire::render::detail
