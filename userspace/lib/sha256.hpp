// SHA-256 (FIPS 180-4), for the hash chain of phd's audit rows
// (docs/store.md).  Written here so that ph and phd need no crypto library on
// the beds they run on; checked against the NIST example vectors in
// tests/test_sha256.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PH_SHA256_HAVE_SHANI 1
#else
#define PH_SHA256_HAVE_SHANI 0
#endif

namespace ph {

using Digest = std::array<uint8_t, 32>;

class Sha256 {
  public:
    Sha256() { reset(); }
    void reset();
    Sha256 &update(const void *data, size_t len);
    Sha256 &update(std::string_view s) { return update(s.data(), s.size()); }
    /// The digest of everything updated since the last reset; resets.
    Digest finish();

  private:
    uint32_t h_[8];
    uint8_t buf_[64];
    size_t used_ = 0;
    uint64_t total_ = 0;
};

/// The compression function, for the tests: the portable one, and the one
/// with the x86 SHA extensions (the portable one where they are not built
/// in); Sha256 uses the second where the processor has them.
namespace sha256_impl {
void compress_portable(uint32_t st[8], const uint8_t *p, size_t blocks);
void compress_shani(uint32_t st[8], const uint8_t *p, size_t blocks);
bool have_shani();
}  // namespace sha256_impl

/// The digest of `s` in one call.
Digest sha256(std::string_view s);
/// Lower-case hexadecimal of a digest.
std::string to_hex(const Digest &d);
/// A digest from 64 hexadecimal digits, or false.
bool from_hex(std::string_view hex, Digest &out);

}  // namespace ph
