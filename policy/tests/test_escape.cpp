// Tests for the shared policy code: name escaping (policy/ph_escape.c).
#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <string>
#include <string_view>

// The policy headers carry their own extern "C" guards; they must not be wrapped in another
// extern "C" block because they include C library headers that are C++-aware.
#include "ph_escape.h"

namespace {

std::string Escape(std::string_view raw) {
    size_t need = ph_name_escape(raw.data(), raw.size(), nullptr, 0);
    std::string out(need + 1, '\0');
    EXPECT_EQ(ph_name_escape(raw.data(), raw.size(), out.data(), out.size()), need);
    EXPECT_EQ(out[need], '\0');
    out.resize(need);
    return out;
}

std::optional<std::string> Unescape(std::string_view esc) {
    int n = ph_name_unescape(esc.data(), esc.size(), nullptr, 0);
    if (n < 0) {
        return std::nullopt;
    }
    std::string out(static_cast<size_t>(n) + 1, 'x');
    EXPECT_EQ(ph_name_unescape(esc.data(), esc.size(), out.data(), out.size()), n);
    out.resize(static_cast<size_t>(n));
    return out;
}

int UnescapeErr(std::string_view esc) {
    char buf[64];
    return ph_name_unescape(esc.data(), esc.size(), buf, sizeof(buf));
}

// ---------------------------------------------------------------------------
// Escaping

TEST(PolicyEscape, PlainBytesAreCopied) {
    EXPECT_EQ(Escape("/usr/bin/env"), "/usr/bin/env");
    EXPECT_EQ(Escape("!~azAZ09<>"), "!~azAZ09<>");
    EXPECT_EQ(Escape(""), "");
}

TEST(PolicyEscape, SpecialBytes) {
    EXPECT_EQ(Escape("a b"), "a\\040b");
    EXPECT_EQ(Escape("\n"), "\\012");
    EXPECT_EQ(Escape("\t"), "\\011");
    EXPECT_EQ(Escape("\\"), "\\\\");
    EXPECT_EQ(Escape("\x7f"), "\\177");
    EXPECT_EQ(Escape("\xff"), "\\377");
    EXPECT_EQ(Escape("\x80"), "\\200");
    EXPECT_EQ(Escape(std::string_view("\0", 1)), "\\000");
    EXPECT_EQ(Escape("/my dir/a\\b\n"), "/my\\040dir/a\\\\b\\012");
}

TEST(PolicyEscape, RoundTripEveryByte) {
    std::string all;
    for (int c = 0; c < 256; c++) {
        all.push_back(static_cast<char>(c));
        std::string one(1, static_cast<char>(c));
        std::string esc = Escape(one);
        EXPECT_TRUE(ph_name_valid(esc.data(), esc.size())) << c;
        auto back = Unescape(esc);
        ASSERT_TRUE(back.has_value()) << c;
        EXPECT_EQ(*back, one) << c;
    }
    auto back = Unescape(Escape(all));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, all);
}

TEST(PolicyEscape, RoundTripPseudoRandom) {
    unsigned int seed = 12345;
    for (int i = 0; i < 500; i++) {
        std::string raw;
        size_t n = seed % 40;
        for (size_t k = 0; k < n; k++) {
            seed = seed * 1103515245U + 12345U;
            raw.push_back(static_cast<char>(seed >> 16));
        }
        seed = seed * 1103515245U + 12345U;
        std::string esc = Escape(raw);
        auto back = Unescape(esc);
        ASSERT_TRUE(back.has_value());
        EXPECT_EQ(*back, raw);
        // Canonical: escaping the unescaped form gives back the same text.
        EXPECT_EQ(Escape(*back), esc);
    }
}

TEST(PolicyEscape, SnprintfSemantics) {
    char buf[8];
    EXPECT_EQ(ph_name_escape("a b", 3, nullptr, 0), 6u);
    memset(buf, 'Z', sizeof(buf));
    EXPECT_EQ(ph_name_escape("a b", 3, buf, 3), 6u);
    EXPECT_STREQ(buf, "a\\");
    EXPECT_EQ(buf[3], 'Z');
    EXPECT_EQ(ph_name_escape("a b", 3, buf, 1), 6u);
    EXPECT_STREQ(buf, "");
    EXPECT_EQ(ph_name_escape("a b", 3, buf, 7), 6u);
    EXPECT_STREQ(buf, "a\\040b");
}

TEST(PolicyUnescape, Valid) {
    EXPECT_EQ(Unescape("/bin/ls"), "/bin/ls");
    EXPECT_EQ(Unescape("\\\\"), "\\");
    EXPECT_EQ(Unescape("a\\040b"), "a b");
    EXPECT_EQ(Unescape("\\377"), "\xff");
    EXPECT_EQ(Unescape("\\000x"), std::string("\0x", 2));
    EXPECT_EQ(Unescape(""), "");
}

TEST(PolicyUnescape, RejectsMalformed) {
    EXPECT_EQ(UnescapeErr("\\"), -EINVAL);
    EXPECT_EQ(UnescapeErr("a\\"), -EINVAL);
    EXPECT_EQ(UnescapeErr("\\4"), -EINVAL);
    EXPECT_EQ(UnescapeErr("\\04"), -EINVAL);
    EXPECT_EQ(UnescapeErr("\\400"), -EINVAL);  // first digit must be 0-3
    EXPECT_EQ(UnescapeErr("\\018"), -EINVAL);  // 8 is not octal
    EXPECT_EQ(UnescapeErr("\\101"), -EINVAL);  // 'A' must not be escaped
    EXPECT_EQ(UnescapeErr("\\134"), -EINVAL);  // backslash is written "\\"
    EXPECT_EQ(UnescapeErr("\\q"), -EINVAL);
    EXPECT_EQ(UnescapeErr("\\*"), -EINVAL);  // wildcards are not names
    EXPECT_EQ(UnescapeErr("a b"), -EINVAL);
    EXPECT_EQ(UnescapeErr("a\nb"), -EINVAL);
    EXPECT_EQ(UnescapeErr("\x80"), -EINVAL);
    EXPECT_EQ(UnescapeErr(std::string_view("\0", 1)), -EINVAL);
    // Does not read past the given length: "\\0" followed by "40" outside.
    EXPECT_EQ(ph_name_unescape("\\040", 2, nullptr, 0), -EINVAL);
}

TEST(PolicyUnescape, TerminatesAndTruncates) {
    char buf[4];
    memset(buf, 'Z', sizeof(buf));
    EXPECT_EQ(ph_name_unescape("abc\\040def", 10, buf, sizeof(buf)), 7);
    EXPECT_STREQ(buf, "abc");
    memset(buf, 'Z', sizeof(buf));
    EXPECT_EQ(ph_name_unescape("ab\\q", 4, buf, sizeof(buf)), -EINVAL);
    EXPECT_STREQ(buf, "ab");  // NUL-terminated after what was decoded
    // Length is checked before anything is read.
    EXPECT_EQ(ph_name_unescape("x", PH_UNESCAPE_MAX_LEN + 1, buf, sizeof(buf)), -E2BIG);
}

TEST(PolicyNames, NameValid) {
    EXPECT_TRUE(ph_name_valid("/bin/ls", 7));
    EXPECT_TRUE(ph_name_valid("a\\040b", 6));
    EXPECT_FALSE(ph_name_valid("", 0));
    EXPECT_FALSE(ph_name_valid(nullptr, 3));
    EXPECT_FALSE(ph_name_valid("/bin/\\*", 7));
    EXPECT_FALSE(ph_name_valid("/a b", 4));
}

}  // namespace
