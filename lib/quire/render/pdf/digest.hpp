#pragma once
// SHA-256 of outputs (the manifest: docs/mail-merge.md), computed with libqpdf's crypto provider,
// which quire already links for finishing PDFs, rather than a hash of its own or another library.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace quire::render {

// Hashes bytes as they come: update() any number of times, then hex() once.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // The digest as 64 lower-case hex digits; the object is spent afterwards.
  std::string hex();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string sha256_hex(std::string_view bytes);

// A file's size and SHA-256, read in pieces (a combined PDF can be large). Throws Error(Io).
struct FileDigest {
  std::uintmax_t bytes = 0;
  std::string sha256;
};
FileDigest digest_file(const std::string& path);

}  // namespace quire::render
