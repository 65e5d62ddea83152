// SHA-256 (sha256.hpp), following FIPS 180-4 section 6.2.
#include "sha256.hpp"

#include <cstring>

#if PH_SHA256_HAVE_SHANI
#include <immintrin.h>
#endif

namespace ph {

namespace {

constexpr uint32_t kK[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr uint32_t rotr(uint32_t x, int n) {
    return (x >> n) | (x << (32 - n));
}

}  // namespace

namespace sha256_impl {

void compress_portable(uint32_t st[8], const uint8_t *p, size_t blocks) {
    for (; blocks--; p += 64) {
        uint32_t w[64];
        for (int i = 0; i < 16; ++i)
            w[i] = uint32_t{p[4 * i]} << 24 | uint32_t{p[4 * i + 1]} << 16 |
                   uint32_t{p[4 * i + 2]} << 8 | uint32_t{p[4 * i + 3]};
        for (int i = 16; i < 64; ++i) {
            uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
        uint32_t e = st[4], f = st[5], g = st[6], h = st[7];
        for (int i = 0; i < 64; ++i) {
            uint32_t t1 =
                h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kK[i] + w[i];
            uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        st[0] += a;
        st[1] += b;
        st[2] += c;
        st[3] += d;
        st[4] += e;
        st[5] += f;
        st[6] += g;
        st[7] += h;
    }
}

#if PH_SHA256_HAVE_SHANI
// The same compression with the SHA extensions (sha256rnds2 does two
// rounds, sha256msg1/msg2 the message schedule).  The instructions keep the
// working variables as two vectors, ABEF and CDGH (lane 3 first), so the
// state is rearranged on the way in and out.
__attribute__((target("sha,sse4.1"))) void compress_shani(uint32_t st[8], const uint8_t *p,
                                                          size_t blocks) {
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i *>(st));
    __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i *>(st + 4));
    __m128i badc = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(badc, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, badc, 0xF0);
    for (; blocks--; p += 64) {
        const __m128i abef0 = abef, cdgh0 = cdgh;
        __m128i w[4];
        for (int i = 0; i < 4; ++i)
            w[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p + 16 * i)),
                                    bswap);
        for (int g = 0; g < 16; ++g) {
            __m128i &cur = w[g % 4];
            if (g >= 4) {
                // W[t..t+3] from W[t-16..t-13] (cur), W[t-12..] (next),
                // W[t-8..] and W[t-4..t-1] (prev).
                const __m128i &next = w[(g + 1) % 4];
                const __m128i &back2 = w[(g + 2) % 4];
                const __m128i &prev = w[(g + 3) % 4];
                __m128i x =
                    _mm_add_epi32(_mm_sha256msg1_epu32(cur, next), _mm_alignr_epi8(prev, back2, 4));
                cur = _mm_sha256msg2_epu32(x, prev);
            }
            __m128i wk =
                _mm_add_epi32(cur, _mm_loadu_si128(reinterpret_cast<const __m128i *>(kK + 4 * g)));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
        }
        abef = _mm_add_epi32(abef, abef0);
        cdgh = _mm_add_epi32(cdgh, cdgh0);
    }
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(st), _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(st + 4), _mm_alignr_epi8(dchg, feba, 8));
}

bool have_shani() {
    __builtin_cpu_init();  // may run before the constructors that do it
    return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");
}
#else
void compress_shani(uint32_t st[8], const uint8_t *p, size_t blocks) {
    compress_portable(st, p, blocks);
}

bool have_shani() {
    return false;
}
#endif

namespace {

using Compress = void (*)(uint32_t st[8], const uint8_t *p, size_t blocks);
// Chosen once, on first use: the SHA extensions where the processor has them.
Compress compress() {
    static const Compress chosen = have_shani() ? compress_shani : compress_portable;
    return chosen;
}

}  // namespace

}  // namespace sha256_impl

void Sha256::reset() {
    static constexpr uint32_t kInit[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                          0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(h_, kInit, sizeof(h_));
    used_ = 0;
    total_ = 0;
}

Sha256 &Sha256::update(const void *data, size_t len) {
    const uint8_t *p = static_cast<const uint8_t *>(data);
    total_ += len;
    if (used_) {
        size_t n = std::min(len, sizeof(buf_) - used_);
        memcpy(buf_ + used_, p, n);
        used_ += n;
        p += n;
        len -= n;
        if (used_ < sizeof(buf_))
            return *this;
        sha256_impl::compress()(h_, buf_, 1);
        used_ = 0;
    }
    if (len >= 64) {
        sha256_impl::compress()(h_, p, len / 64);
        p += len / 64 * 64;
        len %= 64;
    }
    memcpy(buf_, p, len);
    used_ = len;
    return *this;
}

Digest Sha256::finish() {
    uint64_t bits = total_ * 8;
    uint8_t pad[72] = {0x80};
    size_t n = (used_ < 56 ? 56 : 120) - used_;
    for (int i = 0; i < 8; ++i) pad[n + i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
    update(pad, n + 8);
    Digest d;
    for (int i = 0; i < 8; ++i)
        for (int j = 0; j < 4; ++j) d[4 * i + j] = static_cast<uint8_t>(h_[i] >> (24 - 8 * j));
    reset();
    return d;
}

Digest sha256(std::string_view s) {
    return Sha256().update(s).finish();
}

std::string to_hex(const Digest &d) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(64);
    for (uint8_t b : d) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    return out;
}

bool from_hex(std::string_view hex, Digest &out) {
    if (hex.size() != 64)
        return false;
    auto nib = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    for (size_t i = 0; i < 32; ++i) {
        int hi = nib(hex[2 * i]), lo = nib(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = static_cast<uint8_t>(hi << 4 | lo);
    }
    return true;
}

}  // namespace ph
