// Tests for the shared kernel/userspace policy code (kernel/policy/ph_policy.c).
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// ph_policy.h carries its own extern "C" guards; it must not be wrapped in another
// extern "C" block because it includes C library headers that are C++-aware.
#include "ph_policy.h"

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

bool Match(std::string_view pattern, std::string_view path) {
    return ph_path_match(pattern.data(), pattern.size(), path.data(), path.size());
}

bool Valid(std::string_view pattern) {
    return ph_pattern_valid(pattern.data(), pattern.size());
}

bool HasWild(std::string_view pattern) {
    return ph_pattern_has_wildcard(pattern.data(), pattern.size());
}

std::string Format(const ph_tr_rule *r) {
    size_t need = ph_tr_rule_format(r, nullptr, 0);
    std::string out(need + 1, '\0');
    EXPECT_EQ(ph_tr_rule_format(r, out.data(), out.size()), need);
    out.resize(need);
    return out;
}

// Owns one parsed rule.
struct Rule {
    ph_tr_rule *r = nullptr;
    int ret = 0;
    const char *err = nullptr;
    explicit Rule(std::string_view line) {
        ret = ph_tr_parse_line(line.data(), line.size(), &r, &err);
    }
    ~Rule() { ph_tr_rule_free(r); }
    Rule(const Rule &) = delete;
    Rule &operator=(const Rule &) = delete;
};

// Owns a policy.
struct Policy {
    ph_tr_policy p;
    unsigned int bad_line = 12345;
    const char *err = nullptr;
    Policy() { ph_tr_policy_init(&p); }
    ~Policy() { ph_tr_policy_free(&p); }
    Policy(const Policy &) = delete;
    Policy &operator=(const Policy &) = delete;
    int Parse(std::string_view text) {
        return ph_tr_policy_parse(&p, text.data(), text.size(), &bad_line, &err);
    }
    ph_tr_type Decide(std::string_view domain, std::string_view program) const {
        return ph_tr_decide(&p, domain.data(), domain.size(), program.data(), program.size());
    }
    std::vector<std::string> Lines() const {
        std::vector<std::string> v;
        for (const ph_tr_rule *r = p.head; r; r = r->next) {
            v.push_back(Format(r));
        }
        return v;
    }
};

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

// ---------------------------------------------------------------------------
// Domains

TEST(PolicyDomain, LastWord) {
    const char *w = nullptr;
    std::string d = "<kernel> /sbin/init /usr/sbin/sshd";
    EXPECT_EQ(ph_domain_last_word(d.data(), d.size(), &w), 14u);
    EXPECT_EQ(std::string(w, 14), "/usr/sbin/sshd");
    EXPECT_EQ(ph_domain_last_word("<kernel>", 8, &w), 8u);
    EXPECT_EQ(std::string(w, 8), "<kernel>");
    EXPECT_EQ(ph_domain_last_word("<kernel> ", 9, &w), 0u);
    EXPECT_EQ(ph_domain_last_word("", 0, &w), 0u);
    // Only the given length is looked at.
    EXPECT_EQ(ph_domain_last_word(d.data(), 19, &w), 10u);
    EXPECT_EQ(std::string(w, 10), "/sbin/init");
}

TEST(PolicyDomain, Valid) {
    auto v = [](std::string_view d) { return ph_domain_valid(d.data(), d.size()); };
    EXPECT_TRUE(v("<kernel>"));
    EXPECT_TRUE(v("<kernel> /sbin/init"));
    EXPECT_TRUE(v("<kernel> /sbin/init /bin/a\\040b"));
    EXPECT_FALSE(v("<kernel>  /sbin/init"));
    EXPECT_FALSE(v("<kernel> /sbin/init "));
    EXPECT_FALSE(v("<kernel> sbin/init"));
    EXPECT_FALSE(v("<kernel> /sbin/\\*"));
    EXPECT_FALSE(v("<kernel>/sbin/init"));
    EXPECT_FALSE(v("<kern"));
    EXPECT_FALSE(v("/sbin/init"));
}

// ---------------------------------------------------------------------------
// Transition rules: parsing

TEST(PolicyRule, TypeNames) {
    EXPECT_STREQ(ph_tr_type_name(PH_TR_NO_RESET), "no_reset_domain");
    EXPECT_STREQ(ph_tr_type_name(PH_TR_RESET), "reset_domain");
    EXPECT_STREQ(ph_tr_type_name(PH_TR_NO_INITIALIZE), "no_initialize_domain");
    EXPECT_STREQ(ph_tr_type_name(PH_TR_INITIALIZE), "initialize_domain");
    EXPECT_STREQ(ph_tr_type_name(PH_TR_NO_KEEP), "no_keep_domain");
    EXPECT_STREQ(ph_tr_type_name(PH_TR_KEEP), "keep_domain");
    EXPECT_STREQ(ph_tr_type_name(PH_TR_NONE), "none");
    EXPECT_STREQ(ph_tr_type_name(static_cast<ph_tr_type>(7)), "unknown");
}

TEST(PolicyRule, EveryKeyword) {
    const std::pair<const char *, ph_tr_type> kw[] = {
        {"no_reset_domain", PH_TR_NO_RESET},
        {"reset_domain", PH_TR_RESET},
        {"no_initialize_domain", PH_TR_NO_INITIALIZE},
        {"initialize_domain", PH_TR_INITIALIZE},
        {"no_keep_domain", PH_TR_NO_KEEP},
        {"keep_domain", PH_TR_KEEP},
    };
    for (auto &[name, type] : kw) {
        std::string line = std::string(name) + " /usr/sbin/httpd";
        Rule r(line);
        ASSERT_EQ(r.ret, 0) << line;
        ASSERT_NE(r.r, nullptr);
        EXPECT_EQ(r.r->type, type);
        EXPECT_EQ(r.err, nullptr);
        EXPECT_EQ(Format(r.r), line + " from any");
    }
}

TEST(PolicyRule, ProgramOnly) {
    Rule r("initialize_domain /usr/sbin/httpd");
    ASSERT_EQ(r.ret, 0);
    ASSERT_NE(r.r, nullptr);
    EXPECT_STREQ(r.r->program, "/usr/sbin/httpd");
    EXPECT_EQ(r.r->program_len, 15u);
    EXPECT_EQ(r.r->from, nullptr);
    EXPECT_EQ(r.r->from_len, 0u);
    EXPECT_FALSE(r.r->from_is_domain);
    EXPECT_EQ(r.r->next, nullptr);
}

TEST(PolicyRule, FromAny) {
    Rule r("reset_domain /bin/su from any");
    ASSERT_EQ(r.ret, 0);
    EXPECT_EQ(r.r->from, nullptr);
    EXPECT_EQ(Format(r.r), "reset_domain /bin/su from any");
}

TEST(PolicyRule, FromDomain) {
    Rule r("keep_domain any from <kernel> /usr/sbin/sshd");
    ASSERT_EQ(r.ret, 0);
    ASSERT_NE(r.r, nullptr);
    EXPECT_EQ(r.r->program, nullptr);
    EXPECT_STREQ(r.r->from, "<kernel> /usr/sbin/sshd");
    EXPECT_EQ(r.r->from_len, 23u);
    EXPECT_TRUE(r.r->from_is_domain);
    EXPECT_EQ(Format(r.r), "keep_domain any from <kernel> /usr/sbin/sshd");
}

TEST(PolicyRule, FromKernelOnly) {
    Rule r("initialize_domain /sbin/init from <kernel>");
    ASSERT_EQ(r.ret, 0);
    EXPECT_STREQ(r.r->from, "<kernel>");
    EXPECT_TRUE(r.r->from_is_domain);
}

TEST(PolicyRule, FromProgram) {
    Rule r("no_initialize_domain /bin/ls from /bin/\\*sh");
    ASSERT_EQ(r.ret, 0);
    EXPECT_STREQ(r.r->program, "/bin/ls");
    EXPECT_STREQ(r.r->from, "/bin/\\*sh");
    EXPECT_FALSE(r.r->from_is_domain);
}

TEST(PolicyRule, WhitespaceCollapses) {
    Rule r("\t  keep_domain \t any   from   <kernel>   /usr/sbin/sshd \t /bin/bash  \r");
    ASSERT_EQ(r.ret, 0);
    ASSERT_NE(r.r, nullptr);
    EXPECT_STREQ(r.r->from, "<kernel> /usr/sbin/sshd /bin/bash");
    EXPECT_EQ(Format(r.r), "keep_domain any from <kernel> /usr/sbin/sshd /bin/bash");
}

TEST(PolicyRule, BlankAndComments) {
    for (const char *line :
         {"", "   ", "\t\r", "#", "# keep_domain any", "   #x y z", "#keep_domain /bin/ls"}) {
        Rule r(line);
        EXPECT_EQ(r.ret, 0) << line;
        EXPECT_EQ(r.r, nullptr) << line;
        EXPECT_EQ(r.err, nullptr) << line;
    }
    ph_tr_rule *out = reinterpret_cast<ph_tr_rule *>(1);
    EXPECT_EQ(ph_tr_parse_line(nullptr, 0, &out, nullptr), 0);
    EXPECT_EQ(out, nullptr);
}

TEST(PolicyRule, NotNulTerminated) {
    std::string text = "keep_domain /bin/lsXXXX";
    ph_tr_rule *r = nullptr;
    ASSERT_EQ(ph_tr_parse_line(text.data(), 19, &r, nullptr), 0);
    ASSERT_NE(r, nullptr);
    EXPECT_STREQ(r->program, "/bin/ls");
    ph_tr_rule_free(r);
}

TEST(PolicyRule, Errors) {
    const std::pair<const char *, int> bad[] = {
        {"initialise_domain /bin/ls", -EINVAL},              // unknown keyword
        {"KEEP_DOMAIN /bin/ls", -EINVAL},                    // keywords are case-sensitive
        {"keep_domain", -EINVAL},                            // missing program
        {"keep_domain bin/bash", -EINVAL},                   // relative path
        {"keep_domain ./bin/bash", -EINVAL},                 // relative path
        {"keep_domain /bin/\\q", -EINVAL},                   // bad escape
        {"keep_domain /bin/a\\101", -EINVAL},                // non-canonical escape
        {"keep_domain /bin/bash from", -EINVAL},             // nothing after from
        {"keep_domain /bin/bash from   ", -EINVAL},          // nothing after from
        {"keep_domain /bin/bash to /bin/sh", -EINVAL},       // not 'from'
        {"keep_domain /bin/bash /bin/sh", -EINVAL},          // not 'from'
        {"keep_domain any", -EINVAL},                        // both any
        {"keep_domain any from any", -EINVAL},               // both any
        {"keep_domain /a from /b extra", -EINVAL},           // trailing word
        {"keep_domain /a from any extra", -EINVAL},          // trailing word
        {"keep_domain /a from <kernel> relative", -EINVAL},  // bad domain word
        {"keep_domain /a from <kernel> /x/\\*", -EINVAL},    // wildcard in domain
        {"keep_domain /a from kernel", -EINVAL},             // neither domain nor path
        {"keep_domain /a from <kernel>/x", -EINVAL},         // neither domain nor path
        {"keep_domain /a from b/c", -EINVAL},                // relative from
        {"keep_domain /usr/\\{\\*\\}", -EINVAL},             // invalid pattern
    };
    for (auto &[line, err] : bad) {
        Rule r(line);
        EXPECT_EQ(r.ret, err) << line;
        EXPECT_EQ(r.r, nullptr) << line;
        ASSERT_NE(r.err, nullptr) << line;
        EXPECT_GT(strlen(r.err), 0u) << line;
    }
    Rule unknown("frobnicate /bin/ls");
    EXPECT_STREQ(unknown.err, "unknown keyword");
    Rule dangling("keep_domain /bin/bash from");
    EXPECT_STREQ(dangling.err, "missing domain or program after 'from'");
}

TEST(PolicyRule, NameTooLong) {
    std::string name = "/" + std::string(PH_NAME_MAX_LEN, 'a');
    Rule r("keep_domain " + name);
    EXPECT_EQ(r.ret, -ENAMETOOLONG);
    EXPECT_EQ(r.r, nullptr);
}

TEST(PolicyRule, FormatTruncatesLikeSnprintf) {
    Rule r("keep_domain any from <kernel> /usr/sbin/sshd");
    ASSERT_EQ(r.ret, 0);
    char buf[12];
    memset(buf, 'Z', sizeof(buf));
    EXPECT_EQ(ph_tr_rule_format(r.r, buf, sizeof(buf)), 44u);
    EXPECT_STREQ(buf, "keep_domain");
    EXPECT_EQ(ph_tr_rule_format(r.r, nullptr, 0), 44u);
}

TEST(PolicyRule, FormatRoundTrip) {
    for (const char *line :
         {"initialize_domain /usr/sbin/httpd", "  no_keep_domain  /bin/\\*  from  /usr/bin/\\@sh ",
          "keep_domain any from <kernel>   /a\\040b /c", "reset_domain /bin/su from any",
          "no_reset_domain any from /usr/\\{\\*\\}/bin/x"}) {
        Rule a(line);
        ASSERT_EQ(a.ret, 0) << line;
        std::string text = Format(a.r);
        Rule b(text);
        ASSERT_EQ(b.ret, 0) << text;
        EXPECT_EQ(Format(b.r), text);
        EXPECT_EQ(a.r->type, b.r->type);
        EXPECT_EQ(a.r->from_is_domain, b.r->from_is_domain);
    }
}

// ---------------------------------------------------------------------------
// Whole policies

TEST(PolicyParse, MultipleLines) {
    Policy p;
    ASSERT_EQ(p.Parse("# exception policy\n"
                      "initialize_domain /usr/sbin/httpd\n"
                      "\n"
                      "keep_domain any from <kernel> /usr/sbin/sshd\r\n"
                      "no_keep_domain /bin/su from <kernel> /usr/sbin/sshd"),
              0);
    EXPECT_EQ(p.bad_line, 0u);
    EXPECT_EQ(p.err, nullptr);
    EXPECT_EQ(p.p.count, 3u);
    EXPECT_EQ(p.Lines(), (std::vector<std::string>{
                             "initialize_domain /usr/sbin/httpd from any",
                             "keep_domain any from <kernel> /usr/sbin/sshd",
                             "no_keep_domain /bin/su from <kernel> /usr/sbin/sshd",
                         }));
}

TEST(PolicyParse, EmptyText) {
    Policy p;
    EXPECT_EQ(p.Parse(""), 0);
    EXPECT_EQ(p.Parse("\n\n# nothing\n"), 0);
    EXPECT_EQ(p.p.count, 0u);
    EXPECT_EQ(p.p.head, nullptr);
    EXPECT_EQ(p.p.tail, &p.p.head);
    EXPECT_EQ(ph_tr_policy_parse(&p.p, nullptr, 0, nullptr, nullptr), 0);
}

TEST(PolicyParse, AllOrNothing) {
    Policy p;
    ASSERT_EQ(p.Parse("reset_domain /bin/su\n"), 0);
    ASSERT_EQ(p.p.count, 1u);
    EXPECT_EQ(p.Parse("initialize_domain /a\n"
                      "# comment\n"
                      "keep_domain relative/path\n"
                      "initialize_domain /b\n"),
              -EINVAL);
    EXPECT_EQ(p.bad_line, 3u);
    ASSERT_NE(p.err, nullptr);
    EXPECT_EQ(p.p.count, 1u);
    EXPECT_EQ(p.Lines(), std::vector<std::string>{"reset_domain /bin/su from any"});
    // The policy still appends correctly afterwards.
    ASSERT_EQ(p.Parse("initialize_domain /a\ninitialize_domain /b"), 0);
    EXPECT_EQ(p.p.count, 3u);
    EXPECT_EQ(p.Lines().back(), "initialize_domain /b from any");
}

TEST(PolicyParse, BadLineNumbers) {
    const std::pair<const char *, unsigned int> cases[] = {
        {"bogus", 1},
        {"\n\nkeep_domain /a from", 3},
        {"keep_domain /a\nkeep_domain /b\nkeep_domain /c\nkeep_domain any\n", 4},
        {"keep_domain /a\n\n\n\n\nfoo\n", 6},
        {"# x\r\nkeep_domain /a from <kernel> x\r\n", 2},
    };
    for (auto &[text, line] : cases) {
        Policy p;
        EXPECT_EQ(p.Parse(text), -EINVAL) << text;
        EXPECT_EQ(p.bad_line, line) << text;
        EXPECT_EQ(p.p.count, 0u) << text;
        EXPECT_EQ(p.p.head, nullptr) << text;
        EXPECT_NE(p.err, nullptr) << text;
    }
}

TEST(PolicyParse, FreeResets) {
    Policy p;
    ASSERT_EQ(p.Parse("keep_domain /a\nkeep_domain /b\n"), 0);
    ph_tr_policy_free(&p.p);
    EXPECT_EQ(p.p.count, 0u);
    EXPECT_EQ(p.p.head, nullptr);
    EXPECT_EQ(p.p.tail, &p.p.head);
    ASSERT_EQ(p.Parse("keep_domain /c\n"), 0);
    EXPECT_EQ(p.p.count, 1u);
}

// ---------------------------------------------------------------------------
// Transition decisions

constexpr const char *kInit = "<kernel> /sbin/init";
constexpr const char *kSshd = "<kernel> /sbin/init /usr/sbin/sshd";
constexpr const char *kBash = "<kernel> /sbin/init /usr/sbin/sshd /bin/bash";

TEST(PolicyDecide, EmptyPolicy) {
    Policy p;
    EXPECT_EQ(p.Decide(kInit, "/bin/ls"), PH_TR_NONE);
    EXPECT_EQ(ph_tr_decide(nullptr, "<kernel>", 8, "/bin/ls", 7), PH_TR_NONE);
}

TEST(PolicyDecide, Initialize) {
    Policy p;
    ASSERT_EQ(p.Parse("initialize_domain /usr/sbin/httpd"), 0);
    EXPECT_EQ(p.Decide(kInit, "/usr/sbin/httpd"), PH_TR_INITIALIZE);
    EXPECT_EQ(p.Decide(kBash, "/usr/sbin/httpd"), PH_TR_INITIALIZE);
    EXPECT_EQ(p.Decide(kInit, "/usr/sbin/httpd2"), PH_TR_NONE);
}

TEST(PolicyDecide, Reset) {
    Policy p;
    ASSERT_EQ(p.Parse("reset_domain /bin/\\*sh"), 0);
    EXPECT_EQ(p.Decide(kSshd, "/bin/bash"), PH_TR_RESET);
    EXPECT_EQ(p.Decide(kSshd, "/bin/ls"), PH_TR_NONE);
}

TEST(PolicyDecide, KeepFromDomainIsExact) {
    Policy p;
    ASSERT_EQ(p.Parse("keep_domain any from <kernel> /sbin/init /usr/sbin/sshd"), 0);
    EXPECT_EQ(p.Decide(kSshd, "/bin/bash"), PH_TR_KEEP);
    EXPECT_EQ(p.Decide(kSshd, "/usr/bin/anything"), PH_TR_KEEP);
    EXPECT_EQ(p.Decide(kBash, "/bin/ls"), PH_TR_NONE);
    EXPECT_EQ(p.Decide(kInit, "/bin/ls"), PH_TR_NONE);
    EXPECT_EQ(p.Decide("<kernel> /sbin/init /usr/sbin/sshd2", "/bin/ls"), PH_TR_NONE);
}

TEST(PolicyDecide, FromProgramMatchesLastWord) {
    Policy p;
    ASSERT_EQ(p.Parse("keep_domain /bin/ls from /bin/bash"), 0);
    EXPECT_EQ(p.Decide(kBash, "/bin/ls"), PH_TR_KEEP);
    EXPECT_EQ(p.Decide("<kernel> /bin/bash /usr/bin/x", "/bin/ls"), PH_TR_NONE);
    EXPECT_EQ(p.Decide(kBash, "/bin/cat"), PH_TR_NONE);
    EXPECT_EQ(p.Decide("<kernel>", "/bin/ls"), PH_TR_NONE);
}

TEST(PolicyDecide, FromProgramPattern) {
    Policy p;
    ASSERT_EQ(p.Parse("initialize_domain any from /usr/\\{\\*\\}/\\*sh"), 0);
    EXPECT_EQ(p.Decide("<kernel> /usr/local/bin/zsh", "/bin/true"), PH_TR_INITIALIZE);
    EXPECT_EQ(p.Decide("<kernel> /usr/bin/sh", "/bin/true"), PH_TR_INITIALIZE);
    EXPECT_EQ(p.Decide("<kernel> /bin/sh", "/bin/true"), PH_TR_NONE);
}

TEST(PolicyDecide, NoResetCancelsResetOnly) {
    Policy p;
    ASSERT_EQ(p.Parse("reset_domain /bin/su\n"
                      "no_reset_domain /bin/su from <kernel> /sbin/init\n"),
              0);
    EXPECT_EQ(p.Decide(kInit, "/bin/su"), PH_TR_NONE);
    EXPECT_EQ(p.Decide(kSshd, "/bin/su"), PH_TR_RESET);
    // With no_reset matching, later types are still looked at.
    ASSERT_EQ(p.Parse("initialize_domain /bin/su"), 0);
    EXPECT_EQ(p.Decide(kInit, "/bin/su"), PH_TR_INITIALIZE);
    EXPECT_EQ(p.Decide(kSshd, "/bin/su"), PH_TR_RESET);
}

TEST(PolicyDecide, NoInitializeCancelsInitializeOnly) {
    Policy p;
    ASSERT_EQ(p.Parse("initialize_domain /usr/sbin/httpd\n"
                      "no_initialize_domain /usr/sbin/httpd from /usr/sbin/httpd\n"),
              0);
    EXPECT_EQ(p.Decide(kInit, "/usr/sbin/httpd"), PH_TR_INITIALIZE);
    EXPECT_EQ(p.Decide("<kernel> /usr/sbin/httpd", "/usr/sbin/httpd"), PH_TR_NONE);
    ASSERT_EQ(p.Parse("keep_domain any from <kernel> /usr/sbin/httpd"), 0);
    EXPECT_EQ(p.Decide("<kernel> /usr/sbin/httpd", "/usr/sbin/httpd"), PH_TR_KEEP);
}

TEST(PolicyDecide, NoKeepCancelsKeep) {
    Policy p;
    ASSERT_EQ(p.Parse("keep_domain any from <kernel> /usr/sbin/sshd\n"
                      "no_keep_domain /bin/su from <kernel> /usr/sbin/sshd\n"),
              0);
    EXPECT_EQ(p.Decide("<kernel> /usr/sbin/sshd", "/bin/bash"), PH_TR_KEEP);
    EXPECT_EQ(p.Decide("<kernel> /usr/sbin/sshd", "/bin/su"), PH_TR_NONE);
}

TEST(PolicyDecide, Precedence) {
    Policy p;
    ASSERT_EQ(p.Parse("keep_domain any from <kernel> /sbin/init\n"
                      "initialize_domain /usr/sbin/\\*\n"
                      "reset_domain /usr/sbin/reset\n"),
              0);
    EXPECT_EQ(p.Decide(kInit, "/usr/sbin/reset"), PH_TR_RESET);       // reset beats the others
    EXPECT_EQ(p.Decide(kInit, "/usr/sbin/httpd"), PH_TR_INITIALIZE);  // initialize beats keep
    EXPECT_EQ(p.Decide(kInit, "/bin/ls"), PH_TR_KEEP);
    EXPECT_EQ(p.Decide(kSshd, "/bin/ls"), PH_TR_NONE);
}

TEST(PolicyDecide, AllNegativesTogether) {
    Policy p;
    ASSERT_EQ(p.Parse("reset_domain /x\n"
                      "initialize_domain /x\n"
                      "keep_domain /x\n"
                      "no_reset_domain /x\n"
                      "no_initialize_domain /x\n"),
              0);
    EXPECT_EQ(p.Decide(kInit, "/x"), PH_TR_KEEP);
    ASSERT_EQ(p.Parse("no_keep_domain /x\n"), 0);
    EXPECT_EQ(p.Decide(kInit, "/x"), PH_TR_NONE);
    EXPECT_EQ(p.Decide(kInit, "/y"), PH_TR_NONE);
}

TEST(PolicyDecide, NegativeOrderInFileDoesNotMatter) {
    Policy a, b;
    ASSERT_EQ(a.Parse("no_initialize_domain /x from /p\ninitialize_domain /x\n"), 0);
    ASSERT_EQ(b.Parse("initialize_domain /x\nno_initialize_domain /x from /p\n"), 0);
    for (Policy *p : {&a, &b}) {
        EXPECT_EQ(p->Decide("<kernel> /p", "/x"), PH_TR_NONE);
        EXPECT_EQ(p->Decide("<kernel> /q", "/x"), PH_TR_INITIALIZE);
    }
}

TEST(PolicyDecide, EscapedNamesAndInvalidInput) {
    Policy p;
    ASSERT_EQ(p.Parse("initialize_domain /opt/my\\040app/bin/\\*\n"), 0);
    EXPECT_EQ(p.Decide(kInit, "/opt/my\\040app/bin/run"), PH_TR_INITIALIZE);
    EXPECT_EQ(p.Decide(kInit, "/opt/my app/bin/run"), PH_TR_NONE);  // not escaped
    EXPECT_EQ(ph_tr_decide(&p.p, nullptr, 5, nullptr, 7), PH_TR_NONE);
}

}  // namespace
