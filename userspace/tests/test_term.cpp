#include <gtest/gtest.h>

#include "term.hpp"

using ph::term_safe;

TEST(TermSafe, PlainTextUnchanged) {
    EXPECT_EQ(term_safe("/etc/foo bar"), "/etc/foo bar");
    EXPECT_EQ(term_safe(""), "");
}

TEST(TermSafe, ControlBytesEscaped) {
    EXPECT_EQ(term_safe("ev\033[2J\nil"), "ev\\033[2J\\012il");
    EXPECT_EQ(term_safe(std::string_view("a\0b", 3)), "a\\000b");
    EXPECT_EQ(term_safe("\x7f"), "\\177");
    EXPECT_EQ(term_safe("\r\t"), "\\015\\011");
}

TEST(TermSafe, KernelEscapesKept) {
    EXPECT_EQ(term_safe("/tmp/a\\040b"), "/tmp/a\\040b");
    EXPECT_EQ(term_safe("a\\\\b"), "a\\\\b");
}

TEST(TermSafe, PatternsKept) {
    EXPECT_EQ(term_safe("pipe:[\\$]"), "pipe:[\\$]");
    EXPECT_EQ(term_safe("/tmp/\\*\\-\\*.so"), "/tmp/\\*\\-\\*.so");
    EXPECT_EQ(term_safe("/usr/\\{dir\\}/\\X\\x\\A\\a\\@\\?\\+"),
              "/usr/\\{dir\\}/\\X\\x\\A\\a\\@\\?\\+");
    EXPECT_EQ(term_safe("a\\y"), "a\\\\y");  // not a wildcard
}

TEST(TermSafe, LoneBackslashDoubled) {
    EXPECT_EQ(term_safe("a\\b"), "a\\\\b");
    EXPECT_EQ(term_safe("a\\"), "a\\\\");
    EXPECT_EQ(term_safe("\\4000"), "\\\\4000");  // \400 is not a byte
    EXPECT_EQ(term_safe("\\01"), "\\\\01");
}

TEST(TermSafe, NoControlByteSurvivesAnyInput) {
    for (int c = 0; c < 256; c++) {
        std::string in(1, static_cast<char>(c));
        in += "\\";
        in += static_cast<char>(c);
        for (char ch : term_safe(in)) {
            const auto u = static_cast<unsigned char>(ch);
            EXPECT_FALSE(u < 0x20 || u == 0x7f) << "byte " << c;
        }
    }
}
