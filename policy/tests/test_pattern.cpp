// Tests for the shared policy code: path patterns and matching (policy/ph_pattern.c).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>

// The policy headers carry their own extern "C" guards; they must not be wrapped in another
// extern "C" block because they include C library headers that are C++-aware.
#include "ph_pattern.h"

namespace {

bool Match(std::string_view pattern, std::string_view path) {
    return ph_path_match(pattern.data(), pattern.size(), path.data(), path.size());
}

bool Valid(std::string_view pattern) {
    return ph_pattern_valid(pattern.data(), pattern.size());
}

bool HasWild(std::string_view pattern) {
    return ph_pattern_has_wildcard(pattern.data(), pattern.size());
}

// ---------------------------------------------------------------------------
// Patterns

TEST(PolicyPattern, ValidPatterns) {
    for (const char *p :
         {"/", "/usr/bin/ls", "/usr/bin/\\*", "/tmp/\\*\\-foo", "/tmp/\\*\\-foo\\-\\*.bak",
          "/usr/\\{\\*\\}/lib", "/a/\\{b\\-c\\}/d", "/a/\\$\\+\\X\\x\\A\\a\\?\\@", "\\*",
          "/a\\040b/\\\\", "/x/\\{\\*\\}/", "/\\{a\\}/\\{b\\}/c", "/dir/"}) {
        EXPECT_TRUE(Valid(p)) << p;
    }
}

TEST(PolicyPattern, InvalidPatterns) {
    for (const char *p : {
             "",
             "/a/\\{\\*\\}",     // \} must be followed by '/'
             "\\{a\\}/x",        // \{ must follow '/'
             "/a\\{b\\}/",       // braces must be a whole component
             "/\\{a\\}b/",       // ditto
             "/\\{\\}/",         // empty repetition
             "/\\{a/",           // unterminated
             "/x\\}/",           // stray \}
             "/\\{\\{a\\}\\}/",  // nested
             "/\\{a\\\\}/",      // "\\}" is a backslash and a '}'
             "/a/\\-foo",        // empty operand of \-
             "/a/foo\\-",        // ditto
             "/a/b\\-\\-c",      // ditto
             "/\\{\\-a\\}/",     // ditto inside braces
             "/\\q",             // unknown escape
             "/a b",             // raw space
             "/a\\101",          // non-canonical escape
             "/a\\",             // dangling backslash
             "/a\\04",           // short octal
         }) {
        EXPECT_FALSE(Valid(p)) << p;
    }
    EXPECT_FALSE(ph_pattern_valid(nullptr, 0));
}

TEST(PolicyPattern, Limits) {
    std::string p;
    for (int i = 0; i < PH_PATTERN_MAX_COMPONENTS - 1; i++) {
        p += "/a";
    }
    EXPECT_TRUE(Valid(p));  // "" + 255 components
    EXPECT_FALSE(Valid(p + "/b"));
    std::string comp(PH_PATTERN_MAX_COMPONENT_LEN, 'c');
    EXPECT_TRUE(Valid("/" + comp));
    EXPECT_FALSE(Valid("/" + comp + "c"));
    std::string longp;
    while (longp.size() <= PH_NAME_MAX_LEN) {
        longp += "/abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789";
    }
    EXPECT_FALSE(Valid(longp));
}

TEST(PolicyPattern, HasWildcard) {
    EXPECT_FALSE(HasWild("/usr/bin/ls"));
    EXPECT_FALSE(HasWild("/a\\040b"));
    EXPECT_FALSE(HasWild("/a\\\\*"));  // literal backslash followed by '*'
    for (const char *p : {"/\\*", "/\\@", "/\\?", "/\\$", "/\\+", "/\\X", "/\\x", "/\\A", "/\\a",
                          "/a\\-b", "/\\{a\\}/"}) {
        EXPECT_TRUE(HasWild(p)) << p;
    }
}

// ---------------------------------------------------------------------------
// Matching

TEST(PolicyMatch, Literal) {
    EXPECT_TRUE(Match("/bin/ls", "/bin/ls"));
    EXPECT_FALSE(Match("/bin/ls", "/bin/lsx"));
    EXPECT_FALSE(Match("/bin/ls", "/bin/l"));
    EXPECT_FALSE(Match("/bin/ls", "/bin/ls/"));
    EXPECT_TRUE(Match("/a\\040b", "/a\\040b"));
    EXPECT_TRUE(Match("/a\\\\b", "/a\\\\b"));
}

TEST(PolicyMatch, RejectsInvalidInput) {
    EXPECT_FALSE(Match("/a b", "/a b"));    // raw space in both
    EXPECT_FALSE(Match("/\\*", "/a b"));    // invalid path
    EXPECT_FALSE(Match("/\\*", "/\\*"));    // wildcards are not allowed in paths
    EXPECT_FALSE(Match("/\\{a\\}", "/a"));  // invalid pattern
    EXPECT_FALSE(Match("/a", ""));
    EXPECT_FALSE(ph_path_match(nullptr, 0, "/a", 2));
    EXPECT_FALSE(ph_path_match("/a", 2, nullptr, 0));
}

TEST(PolicyMatch, Star) {
    EXPECT_TRUE(Match("/tmp/\\*", "/tmp/a"));
    EXPECT_TRUE(Match("/tmp/\\*", "/tmp/.hidden"));
    EXPECT_TRUE(Match("/tmp/\\*", "/tmp/a\\040b"));
    EXPECT_FALSE(Match("/tmp/\\*", "/tmp/a/b"));
    EXPECT_FALSE(Match("/tmp/\\*", "/tmp"));   // TOMOYO would match; see ph_policy.h
    EXPECT_FALSE(Match("/tmp/\\*", "/tmp/"));  // directory vs. non-directory
    EXPECT_TRUE(Match("/tmp/\\*.txt", "/tmp/.txt"));
    EXPECT_TRUE(Match("/tmp/\\*.txt", "/tmp/a.b.txt"));
    EXPECT_FALSE(Match("/tmp/\\*.txt", "/tmp/a.txt2"));
    EXPECT_TRUE(Match("/tmp/a\\*b\\*c", "/tmp/aXbYbZc"));
    EXPECT_FALSE(Match("/tmp/a\\*b\\*c", "/tmp/aXbYbZ"));
    EXPECT_TRUE(Match("/\\*/\\*/ls", "/usr/bin/ls"));
    EXPECT_TRUE(Match("/home/\\*/", "/home/user/"));
    EXPECT_FALSE(Match("/home/\\*/", "/home/user"));
}

TEST(PolicyMatch, At) {
    EXPECT_TRUE(Match("/lib/lib\\@.so", "/lib/libc.so"));
    EXPECT_TRUE(Match("/lib/lib\\@.so", "/lib/lib.so"));
    EXPECT_FALSE(Match("/lib/lib\\@.so", "/lib/libc.6.so"));
    EXPECT_TRUE(Match("/lib/lib\\@.\\*", "/lib/libc.so.6"));
}

TEST(PolicyMatch, Question) {
    EXPECT_TRUE(Match("/tmp/a\\?b", "/tmp/axb"));
    EXPECT_TRUE(Match("/tmp/a\\?b", "/tmp/a\\040b"));  // one escaped byte is one character
    EXPECT_TRUE(Match("/tmp/a\\?b", "/tmp/a\\\\b"));
    EXPECT_FALSE(Match("/tmp/a\\?b", "/tmp/ab"));
    EXPECT_FALSE(Match("/tmp/a\\?b", "/tmp/axxb"));
    EXPECT_FALSE(Match("/tmp/a\\?b", "/tmp/a/b"));
}

TEST(PolicyMatch, Digits) {
    EXPECT_TRUE(Match("/proc/\\$/exe", "/proc/1/exe"));
    EXPECT_TRUE(Match("/proc/\\$/exe", "/proc/12345/exe"));
    EXPECT_FALSE(Match("/proc/\\$/exe", "/proc/12a/exe"));
    EXPECT_FALSE(Match("/proc/\\$/exe", "/proc/self/exe"));
    EXPECT_TRUE(Match("/dev/tty\\+", "/dev/tty1"));
    EXPECT_FALSE(Match("/dev/tty\\+", "/dev/tty12"));
    EXPECT_FALSE(Match("/dev/tty\\+", "/dev/tty"));
    EXPECT_FALSE(Match("/dev/tty\\+", "/dev/ttyS"));
    EXPECT_TRUE(Match("/dev/tty\\+\\+", "/dev/tty12"));
}

TEST(PolicyMatch, Hex) {
    EXPECT_TRUE(Match("/x/\\X", "/x/dEadBEEF09"));
    EXPECT_FALSE(Match("/x/\\X", "/x/g"));
    EXPECT_TRUE(Match("/x/0x\\x\\x", "/x/0xfF"));
    EXPECT_FALSE(Match("/x/0x\\x\\x", "/x/0xf"));
    EXPECT_FALSE(Match("/x/0x\\x", "/x/0xg"));
}

TEST(PolicyMatch, Alpha) {
    EXPECT_TRUE(Match("/x/\\A", "/x/abcXYZ"));
    EXPECT_FALSE(Match("/x/\\A", "/x/abc1"));
    EXPECT_TRUE(Match("/x/\\a\\$", "/x/v42"));
    EXPECT_FALSE(Match("/x/\\a\\$", "/x/vv42"));
    EXPECT_FALSE(Match("/x/\\a", "/x/1"));
}

TEST(PolicyMatch, Exclusion) {
    EXPECT_TRUE(Match("/tmp/\\*\\-foo", "/tmp/bar"));
    EXPECT_TRUE(Match("/tmp/\\*\\-foo", "/tmp/foobar"));
    EXPECT_FALSE(Match("/tmp/\\*\\-foo", "/tmp/foo"));
    EXPECT_FALSE(Match("/tmp/\\*\\-foo\\-bar", "/tmp/bar"));
    EXPECT_TRUE(Match("/tmp/\\*\\-foo\\-bar", "/tmp/baz"));
    EXPECT_TRUE(Match("/tmp/\\*\\-\\*.tmp", "/tmp/a.txt"));
    EXPECT_FALSE(Match("/tmp/\\*\\-\\*.tmp", "/tmp/a.tmp"));
    EXPECT_FALSE(Match("/tmp/\\*.txt\\-secret.txt", "/tmp/secret.txt"));
    EXPECT_TRUE(Match("/tmp/\\*.txt\\-secret.txt", "/tmp/public.txt"));
    EXPECT_FALSE(Match("/tmp/\\*.txt\\-secret.txt", "/tmp/public.doc"));
    EXPECT_TRUE(Match("/tmp/foo\\-bar", "/tmp/foo"));  // no wildcard in the positive part
    EXPECT_FALSE(Match("/tmp/\\*\\-foo", "/tmp/a/b"));
}

TEST(PolicyMatch, Repetition) {
    EXPECT_TRUE(Match("/usr/\\{\\*\\}/lib", "/usr/a/lib"));
    EXPECT_TRUE(Match("/usr/\\{\\*\\}/lib", "/usr/a/b/lib"));
    EXPECT_TRUE(Match("/usr/\\{\\*\\}/lib", "/usr/a/b/c/d/lib"));
    EXPECT_TRUE(Match("/usr/\\{\\*\\}/lib", "/usr/lib/lib"));
    EXPECT_FALSE(Match("/usr/\\{\\*\\}/lib", "/usr/lib"));
    EXPECT_FALSE(Match("/usr/\\{\\*\\}/lib", "/usr/a/lib/x"));
    EXPECT_TRUE(Match("/a/\\{b\\}/c", "/a/b/c"));
    EXPECT_TRUE(Match("/a/\\{b\\}/c", "/a/b/b/b/c"));
    EXPECT_FALSE(Match("/a/\\{b\\}/c", "/a/c"));
    EXPECT_FALSE(Match("/a/\\{b\\}/c", "/a/b/x/c"));
    EXPECT_TRUE(Match("/src/\\{\\*\\-CVS\\}/\\*.c", "/src/a/b/x.c"));
    EXPECT_FALSE(Match("/src/\\{\\*\\-CVS\\}/\\*.c", "/src/a/CVS/x.c"));
    EXPECT_FALSE(Match("/src/\\{\\*\\-CVS\\}/\\*.c", "/src/CVS/x.c"));
    EXPECT_TRUE(Match("/\\{\\*\\}/x/\\{\\*\\}/y", "/a/x/b/y"));
    EXPECT_TRUE(Match("/\\{\\*\\}/x/\\{\\*\\}/y", "/a/x/x/x/b/y"));
    EXPECT_FALSE(Match("/\\{\\*\\}/x/\\{\\*\\}/y", "/a/x/y"));
    EXPECT_TRUE(Match("/home/\\{\\*\\}/", "/home/u/dir/"));
    EXPECT_FALSE(Match("/home/\\{\\*\\}/", "/home/u/file"));
    EXPECT_TRUE(Match("/v/\\{\\$\\}/\\*", "/v/1/22/f"));
    EXPECT_FALSE(Match("/v/\\{\\$\\}/\\*", "/v/1/x/f"));
}

TEST(PolicyMatch, EscapedLiterals) {
    EXPECT_TRUE(Match("/tmp/\\*\\040\\*", "/tmp/a\\040b"));
    EXPECT_FALSE(Match("/tmp/\\*\\040\\*", "/tmp/ab"));
    EXPECT_TRUE(Match("/tmp/a\\\\\\*", "/tmp/a\\\\bc"));
    EXPECT_FALSE(Match("/tmp/a\\\\\\*", "/tmp/abc"));
    EXPECT_TRUE(Match("/tmp/\\377\\*", "/tmp/\\377x"));
    EXPECT_FALSE(Match("/tmp/\\377\\*", "/tmp/\\376x"));
}

TEST(PolicyMatch, NoBlowup) {
    // Classic exponential cases for backtracking matchers.
    std::string pat = "/";
    for (int i = 0; i < 100; i++) {
        pat += "\\*a";
    }
    pat += "b";
    std::string path = "/" + std::string(1000, 'a');
    std::string rep;
    for (int i = 0; i < 60; i++) {
        rep += "/\\{\\*\\}";
    }
    rep += "/x";
    std::string deep;
    for (int i = 0; i < 400; i++) {
        deep += "/a";
    }
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_FALSE(Match(pat, path));
    EXPECT_TRUE(Match(pat, path + "b"));
    EXPECT_FALSE(Match(rep, deep));
    EXPECT_TRUE(Match(rep, deep + "/x"));
    auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    EXPECT_LT(ms, 5000);
}

}  // namespace
