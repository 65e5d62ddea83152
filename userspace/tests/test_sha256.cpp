// SHA-256 against the example vectors NIST publishes for FIPS 180-4
// (SHA256.pdf in "Examples with intermediate values") and the long-message
// vector of the SHAVS documentation.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "sha256.hpp"

namespace {

TEST(Sha256, OneBlockMessage) {
    EXPECT_EQ(ph::to_hex(ph::sha256("abc")),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, TwoBlockMessage) {
    EXPECT_EQ(ph::to_hex(ph::sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, EmptyMessage) {
    EXPECT_EQ(ph::to_hex(ph::sha256("")),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, MillionAsInPiecesOfEverySize) {
    ph::Sha256 h;
    std::string chunk(997, 'a');  // not a multiple of the block size
    size_t left = 1000000;
    for (size_t n = 1; left; n = n % 997 + 1) {
        size_t k = std::min(n, left);
        h.update(chunk.data(), k);
        left -= k;
    }
    EXPECT_EQ(ph::to_hex(h.finish()),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, HexRoundTripAndRefusals) {
    ph::Digest d = ph::sha256("abc"), back{};
    ASSERT_TRUE(ph::from_hex(ph::to_hex(d), back));
    EXPECT_EQ(d, back);
    EXPECT_FALSE(ph::from_hex("abc", back));
    EXPECT_FALSE(ph::from_hex(std::string(63, '0') + "g", back));
}

// The SHA-extension compression gives the portable one's state, block
// counts 1 to 5, from random states and messages (on a processor without
// the extensions both are the portable one, and the test says so).
TEST(Sha256, ShaExtensionsAgreeWithPortable) {
    if (!ph::sha256_impl::have_shani())
        GTEST_SKIP() << "no SHA extensions on this processor";
    uint64_t x = 0x243f6a8885a308d3ULL;
    auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    for (int round = 0; round < 200; ++round) {
        uint32_t a[8], b[8];
        for (auto &v : a) v = static_cast<uint32_t>(next());
        memcpy(b, a, sizeof(a));
        uint8_t msg[5 * 64];
        for (auto &c : msg) c = static_cast<uint8_t>(next());
        size_t blocks = 1 + round % 5;
        ph::sha256_impl::compress_portable(a, msg, blocks);
        ph::sha256_impl::compress_shani(b, msg, blocks);
        ASSERT_EQ(0, memcmp(a, b, sizeof(a))) << "round " << round;
    }
}

}  // namespace
