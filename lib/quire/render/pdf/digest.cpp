#include "quire/render/pdf/digest.hpp"

#include <qpdf/QPDFCryptoImpl.hh>
#include <qpdf/QPDFCryptoProvider.hh>

#include <memory>

#include "quire/diag/diagnostic.hpp"
#include "quire/io/file.hpp"

namespace quire::render {

struct Sha256::Impl {
  std::shared_ptr<QPDFCryptoImpl> crypto = QPDFCryptoProvider::getImpl();
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) { impl_->crypto->SHA2_init(256); }
Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  impl_->crypto->SHA2_update(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string Sha256::hex() {
  impl_->crypto->SHA2_finalize();
  std::string raw = impl_->crypto->SHA2_digest();
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 hash;
  hash.update(bytes);
  return hash.hex();
}

FileDigest digest_file(const std::string& path) {
  io::InputStream in(path);  // its buffer turns a read error into Error(Io) naming the file
  Sha256 hash;
  FileDigest digest;
  char buffer[1 << 16];
  while (in.stream()) {
    in.stream().read(buffer, sizeof buffer);
    auto got = static_cast<std::size_t>(in.stream().gcount());
    if (got == 0) break;
    hash.update(std::string_view(buffer, got));
    digest.bytes += got;
  }
  if (in.stream().bad()) throw Error(ErrorKind::Io, io::display_name(path) + ": cannot read");
  digest.sha256 = hash.hex();
  return digest;
}

}  // namespace quire::render
