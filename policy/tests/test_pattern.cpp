// Tests for the shared policy code: path patterns and matching (policy/ph_pattern.c).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>

// The policy headers carry their own extern "C" guards; they must not be wrapped in another
// extern "C" block because they include C library headers that are C++-aware.
#include "ph_cases.h"
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

// The shared cases (ph_cases.h), which phtrack_selftest.ko also runs in the kernel.
TEST(PolicyMatch, SharedCases) {
    for (const ph_match_case &c : ph_match_cases) {
        EXPECT_TRUE(Valid(c.pattern)) << c.pattern;
        EXPECT_EQ(Match(c.pattern, c.path), c.match) << c.pattern << " vs " << c.path;
    }
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

TEST(PolicyPattern, EmptyOperands) {
    // TOMOYO accepts empty operands of \-; so does phtrack.
    for (const char *p :
         {"/a/\\-foo", "/a/foo\\-", "/a/b\\-\\-c", "/\\{\\-a\\}/", "/\\{a\\-\\}/"}) {
        EXPECT_TRUE(Valid(p)) << p;
    }
}

TEST(PolicyPattern, RepeatLimit) {
    // At most 20 of \* \@ \$ \X \A \{ \}, as TOMOYO's tomoyo_correct_word() allows.
    std::string p = "/";
    for (int i = 0; i < PH_PATTERN_MAX_REPEATS; i++) {
        p += "\\*";
    }
    EXPECT_TRUE(Valid(p));
    EXPECT_FALSE(Valid(p + "\\$"));
    EXPECT_TRUE(Valid(p + "\\?\\+\\x\\a\\-b"));  // one-character wildcards do not count
    std::string r;
    for (int i = 0; i < PH_PATTERN_MAX_REPEATS / 2; i++) {
        r += "/\\{a\\}";
    }
    EXPECT_TRUE(Valid(r + "/x"));
    EXPECT_FALSE(Valid(r + "/\\*"));
}

TEST(PolicyMatch, NoBlowup) {
    // Classic exponential cases for backtracking matchers.
    std::string pat = "/";
    for (int i = 0; i < PH_PATTERN_MAX_REPEATS; i++) {
        pat += "\\*a";
    }
    pat += "b";
    std::string path = "/" + std::string(1000, 'a');
    std::string rep;
    for (int i = 0; i < PH_PATTERN_MAX_REPEATS / 3; i++) {  // three repeats each
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
