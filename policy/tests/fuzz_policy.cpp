// libFuzzer target for the shared kernel/userspace policy code (policy/ph_*.c).
//
// Checks, for every input:
//  - ph_name_escape() output is printable and ph_name_unescape() restores the input exactly,
//    and truncated escapes are prefixes of the full one;
//  - when the input itself unescapes, re-escaping gives the input back (canonical form);
//  - ph_path_match() agrees with a reference written here that walks paths the way TOMOYO 2.6
//    does (left to right, trying every repetition count of "\{X\}"), memoized;
//  - ph_tr_policy_parse() is all-or-nothing and agrees with ph_tr_parse_line() line by line,
//    formatted rules parse back to the same text, and ph_tr_decide() agrees with a reference
//    implementation of the documented algorithm.
//  - ph_groups_parse() is all-or-nothing, and every member it holds formats to a line that
//    parses back to the same text;
//  - ph_number_parse() agrees with a reference written here, and its text reads back;
//  - ph_addr_parse() accepts whatever inet_pton() accepts, with the same bytes, and its text
//    is what inet_pton() reads back and (IPv6 outside ::/96) what inet_ntop() writes;
//  - ph_acl_rule_parse() (access lines, with the groups of the input) gives a canonical line
//    (after a "delete " prefix, ph_acl_rule_delete(), when the line has one)
//    that parses back to itself, an exact rule matches the one access it holds with every
//    permission bit it has and no other, and matching the other half of the input as an
//    access never reads out of bounds.
// Build and run with tools/fuzz.sh.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <arpa/inet.h>

#include "ph_acl_rule.h"
#include "ph_domainname.h"
#include "ph_escape.h"
#include "ph_group.h"
#include "ph_pattern.h"
#include "ph_rule.h"

namespace {

[[noreturn]] void Fail(const char *what) {
    fprintf(stderr, "fuzz_policy: check failed: %s\n", what);
    abort();
}

#define CHECK(cond)      \
    do {                 \
        if (!(cond)) {   \
            Fail(#cond); \
        }                \
    } while (0)

// ---------------------------------------------------------------------------
// Reference matcher: straightforward recursive backtracking with memoization, written
// independently from the automaton in ph_pattern.c.

struct Tok {
    enum Kind { kByte, kWild, kDash, kLBrace, kRBrace } kind;
    unsigned char c;
};

// Tokenizes one component of a valid pattern (or a valid name component).
std::vector<Tok> Tokenize(std::string_view s) {
    std::vector<Tok> out;
    for (size_t i = 0; i < s.size();) {
        if (s[i] != '\\') {
            out.push_back({Tok::kByte, static_cast<unsigned char>(s[i])});
            i++;
            continue;
        }
        char c = s[i + 1];
        if (c >= '0' && c <= '3') {
            int v = (c - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0');
            out.push_back({Tok::kByte, static_cast<unsigned char>(v)});
            i += 4;
            continue;
        }
        switch (c) {
            case '\\': out.push_back({Tok::kByte, '\\'}); break;
            case '-': out.push_back({Tok::kDash, 0}); break;
            case '{': out.push_back({Tok::kLBrace, 0}); break;
            case '}': out.push_back({Tok::kRBrace, 0}); break;
            default: out.push_back({Tok::kWild, static_cast<unsigned char>(c)}); break;
        }
        i += 2;
    }
    return out;
}

bool InClass(unsigned char w, unsigned char b) {
    auto digit = b >= '0' && b <= '9';
    auto alpha = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    auto hex = digit || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    switch (w) {
        case '*':
        case '?': return b != '/';
        case '@': return b != '/' && b != '.';
        case '$':
        case '+': return digit;
        case 'X':
        case 'x': return hex;
        case 'A':
        case 'a': return alpha;
    }
    return false;
}

struct SegMatcher {
    const std::vector<Tok> &p;
    const std::vector<unsigned char> &t;
    std::vector<signed char> memo;
    SegMatcher(const std::vector<Tok> &pat, const std::vector<unsigned char> &text)
        : p(pat), t(text), memo((pat.size() + 1) * (text.size() + 1), -1) {}

    bool Run(size_t i, size_t j) {
        signed char &m = memo[i * (t.size() + 1) + j];
        if (m < 0) {
            m = Compute(i, j) ? 1 : 0;
        }
        return m == 1;
    }

    bool Compute(size_t i, size_t j) {
        if (i == p.size()) {
            return j == t.size();
        }
        const Tok &k = p[i];
        if (k.kind == Tok::kByte) {
            return j < t.size() && t[j] == k.c && Run(i + 1, j + 1);
        }
        switch (k.c) {
            case '*':
            case '@':  // zero or more
                for (size_t e = j;; e++) {
                    if (Run(i + 1, e)) {
                        return true;
                    }
                    if (e == t.size() || !InClass(k.c, t[e])) {
                        return false;
                    }
                }
            case '$':
            case 'X':
            case 'A':  // one or more
                for (size_t e = j; e < t.size() && InClass(k.c, t[e]); e++) {
                    if (Run(i + 1, e + 1)) {
                        return true;
                    }
                }
                return false;
            default:  // exactly one
                return j < t.size() && InClass(k.c, t[j]) && Run(i + 1, j + 1);
        }
    }
};

bool RefComponent(std::string_view pat, std::string_view name) {
    std::vector<Tok> all = Tokenize(pat);
    std::vector<unsigned char> text;
    for (const Tok &k : Tokenize(name)) {
        text.push_back(k.c);
    }
    std::vector<std::vector<Tok>> segs(1);
    for (const Tok &k : all) {
        if (k.kind == Tok::kDash) {
            segs.emplace_back();
        } else {
            segs.back().push_back(k);
        }
    }
    for (size_t s = 0; s < segs.size(); s++) {
        bool m = SegMatcher(segs[s], text).Run(0, 0);
        if (m != (s == 0)) {
            return false;
        }
    }
    return true;
}

// TOMOYO 2.6's path walk, written out directly: components left to right, "\{X\}" by trying
// every number of repetitions, a trailing "\*" or "\@" of the pattern skipped once the path
// is used up.  Memoized on the (path, pattern) positions a repetition restarts from.
struct PathMatcher {
    std::set<std::pair<const char *, const char *>> failed;

    static size_t CompEnd(std::string_view s) {
        size_t e = s.find('/');
        return e == std::string_view::npos ? s.size() : e;
    }

    static void Next(std::string_view &s, size_t e) { s.remove_prefix(e < s.size() ? e + 1 : e); }

    bool Run(std::string_view f, std::string_view p) {
        auto key = std::make_pair(f.data(), p.data());
        if (failed.count(key)) {
            return false;
        }
        bool m = Compute(f, p);
        if (!m) {
            failed.insert(key);
        }
        return m;
    }

    bool Compute(std::string_view f, std::string_view p) {
        while (!f.empty() && !p.empty()) {
            size_t fe = CompEnd(f), pe = CompEnd(p);
            if (p.substr(0, 2) == "\\{") {
                return Repeat(f, p, fe, pe);
            }
            if (!RefComponent(p.substr(0, pe), f.substr(0, fe))) {
                return false;
            }
            Next(f, fe);
            Next(p, pe);
        }
        while (p.size() >= 2 && p[0] == '\\' && (p[1] == '*' || p[1] == '@')) {
            p.remove_prefix(2);
        }
        return f.empty() && p.empty();
    }

    bool Repeat(std::string_view f, std::string_view p, size_t fe, size_t pe) {
        std::string_view inner = p.substr(2, pe - 4);
        std::string_view rest = p.substr(pe < p.size() ? pe + 1 : pe);
        for (;;) {
            if (!RefComponent(inner, f.substr(0, fe))) {
                return false;
            }
            if (fe >= f.size()) {
                return false;  // a repetition must be followed by more path
            }
            f.remove_prefix(fe + 1);
            if (Run(f, rest)) {
                return true;
            }
            if (f.find('/') == std::string_view::npos) {
                return false;
            }
            fe = CompEnd(f);
        }
    }
};

// Length of the pattern's start before its first wildcard token.
size_t LiteralPrefix(std::string_view p) {
    size_t i = 0;
    while (i < p.size()) {
        if (p[i] != '\\') {
            i++;
        } else if (p[i + 1] == '\\') {
            i += 2;
        } else if (p[i + 1] >= '0' && p[i + 1] <= '3') {
            i += 4;
        } else {
            break;
        }
    }
    return i;
}

bool RefPathMatch(std::string_view pat, std::string_view path) {
    if (!ph_pattern_valid(pat.data(), pat.size()) || !ph_name_valid(path.data(), path.size())) {
        return false;
    }
    if (!ph_pattern_has_wildcard(pat.data(), pat.size())) {
        return pat == path;
    }
    if ((pat.back() == '/') != (path.back() == '/')) {
        return false;
    }
    size_t lit = LiteralPrefix(pat);
    if (path.substr(0, lit) != pat.substr(0, lit)) {
        return false;
    }
    return PathMatcher().Run(path.substr(lit), pat.substr(lit));
}

// ---------------------------------------------------------------------------

std::string Escape(std::string_view raw) {
    size_t need = ph_name_escape(raw.data(), raw.size(), nullptr, 0);
    std::string out(need + 1, '\0');
    CHECK(ph_name_escape(raw.data(), raw.size(), out.data(), out.size()) == need);
    CHECK(out[need] == '\0');
    out.resize(need);
    return out;
}

void CheckEscaping(std::string_view in) {
    std::string esc = Escape(in);
    for (char c : esc) {
        CHECK(c >= 0x21 && c <= 0x7e);
    }
    std::string back(in.size() + 1, '\0');
    int n = ph_name_unescape(esc.data(), esc.size(), back.data(), back.size());
    CHECK(n == static_cast<int>(in.size()));
    CHECK(memcmp(back.data(), in.data(), in.size()) == 0);
    CHECK(in.empty() || ph_name_valid(esc.data(), esc.size()));
    for (size_t outlen : {1, 2, 3, 5, 8}) {
        char buf[8];
        CHECK(ph_name_escape(in.data(), in.size(), buf, outlen) == esc.size());
        size_t k = esc.size() < outlen - 1 ? esc.size() : outlen - 1;
        CHECK(strlen(buf) == k && memcmp(buf, esc.data(), k) == 0);
    }

    // The input as an escaped name: if it unescapes, it must be canonical.
    int m = ph_name_unescape(in.data(), in.size(), nullptr, 0);
    CHECK(m >= 0 || m == -EINVAL);
    CHECK((m >= 0 && !in.empty()) == ph_name_valid(in.data(), in.size()));
    if (m >= 0) {
        std::string raw(static_cast<size_t>(m) + 1, '\0');
        CHECK(ph_name_unescape(in.data(), in.size(), raw.data(), raw.size()) == m);
        raw.resize(static_cast<size_t>(m));
        CHECK(Escape(raw) == in);
    }
}

void CheckMatch(std::string_view pat, std::string_view path) {
    bool valid = ph_pattern_valid(pat.data(), pat.size());
    bool m = ph_path_match(pat.data(), pat.size(), path.data(), path.size());
    CHECK(valid || !m);
    CHECK(m == RefPathMatch(pat, path));
    // A valid name without wildcards matches itself.
    if (valid && !ph_pattern_has_wildcard(pat.data(), pat.size())) {
        CHECK(ph_path_match(pat.data(), pat.size(), pat.data(), pat.size()));
    }
}

bool RuleMatches(const ph_tr_rule *r, std::string_view dom, std::string_view prog) {
    if (r->from) {
        if (r->from_is_domain) {
            if (std::string_view(r->from, r->from_len) != dom) {
                return false;
            }
        } else {
            size_t sp = dom.rfind(' ');
            std::string_view last = sp == std::string_view::npos ? dom : dom.substr(sp + 1);
            if (!ph_path_match(r->from, r->from_len, last.data(), last.size())) {
                return false;
            }
        }
    }
    return !r->program || ph_path_match(r->program, r->program_len, prog.data(), prog.size());
}

ph_tr_type RefDecide(const ph_tr_policy *p, std::string_view dom, std::string_view prog) {
    bool hit[PH_TR_NONE] = {};
    for (const ph_tr_rule *r = p->head; r; r = r->next) {
        if (r->type != PH_TR_AGGREGATOR && RuleMatches(r, dom, prog)) {
            hit[r->type] = true;
        }
    }
    if (hit[PH_TR_RESET] && !hit[PH_TR_NO_RESET]) {
        return PH_TR_RESET;
    }
    if (hit[PH_TR_INITIALIZE] && !hit[PH_TR_NO_INITIALIZE]) {
        return PH_TR_INITIALIZE;
    }
    if (hit[PH_TR_KEEP] && !hit[PH_TR_NO_KEEP]) {
        return PH_TR_KEEP;
    }
    return PH_TR_NONE;
}

void CheckDecide(const ph_tr_policy *p, std::string_view dom, std::string_view prog) {
    ph_tr_type got = ph_tr_decide(p, dom.data(), dom.size(), prog.data(), prog.size());
    CHECK(got == RefDecide(p, dom, prog));
}

// ph_tr_aggregate() gives the name of the first aggregator, in file order, whose pattern
// matches; the name is never a pattern.
void CheckAggregate(const ph_tr_policy *p, std::string_view prog) {
    size_t len = 1;
    const char *got = ph_tr_aggregate(p, prog.data(), prog.size(), &len);
    const ph_tr_rule *want = nullptr;
    for (const ph_tr_rule *r = p->head; r && !want; r = r->next) {
        if (r->type == PH_TR_AGGREGATOR &&
            ph_path_match(r->program, r->program_len, prog.data(), prog.size())) {
            want = r;
        }
    }
    CHECK(want ? got == want->name && len == want->name_len : got == nullptr && len == 0);
    CHECK(!got || !ph_pattern_has_wildcard(got, len));
}

void CheckPolicy(std::string_view text, std::string_view a, std::string_view b) {
    ph_tr_policy p;
    ph_tr_policy_init(&p);
    unsigned int bad = 0;
    const char *err = nullptr;
    int ret = ph_tr_policy_parse(&p, text.data(), text.size(), &bad, &err);

    // Line-by-line parse must agree (first error, its line number and the rule count).
    unsigned int line = 0, rules = 0, first_bad = 0;
    int first_ret = 0;
    for (size_t pos = 0; pos < text.size();) {
        size_t e = text.find('\n', pos);
        if (e == std::string_view::npos) {
            e = text.size();
        }
        line++;
        ph_tr_rule *r = nullptr;
        const char *lerr = nullptr;
        int lr = ph_tr_parse_line(text.data() + pos, e - pos, &r, &lerr);
        CHECK((lr == 0) == (lerr == nullptr));
        CHECK(lr == 0 || r == nullptr);
        if (lr == 0 && r) {
            rules++;
            // Canonical text parses back to the same text.
            std::string s(ph_tr_rule_format(r, nullptr, 0) + 1, '\0');
            size_t n = ph_tr_rule_format(r, s.data(), s.size());
            s.resize(n);
            ph_tr_rule *r2 = nullptr;
            CHECK(ph_tr_parse_line(s.data(), s.size(), &r2, nullptr) == 0 && r2);
            std::string s2(n + 1, '\0');
            CHECK(ph_tr_rule_format(r2, s2.data(), s2.size()) == n);
            s2.resize(n);
            CHECK(s == s2);
            CHECK(r2->type == r->type && r2->from_is_domain == r->from_is_domain);
            CHECK(!r->from_is_domain || ph_domain_valid(r->from, r->from_len));
            ph_tr_rule_free(r2);
            ph_tr_rule_free(r);
        }
        if (lr != 0 && !first_ret) {
            first_ret = lr;
            first_bad = line;
            break;
        }
        pos = e + 1;
    }
    CHECK(ret == first_ret);
    if (ret) {
        CHECK(bad == first_bad && err != nullptr && p.count == 0 && p.head == nullptr);
    } else {
        CHECK(bad == 0 && err == nullptr && p.count == rules);
    }

    // Decisions: with the given strings and with names taken from the rules themselves.
    CheckDecide(&p, a, b);
    CheckDecide(&p, b, a);
    CheckDecide(&p, "<kernel>", b);
    std::string dom = "<kernel> ";
    dom.append(a);
    CheckDecide(&p, dom, b);
    CheckAggregate(&p, a);
    CheckAggregate(&p, b);
    int budget = 16;
    for (const ph_tr_rule *r = p.head; r && budget > 0; r = r->next, budget--) {
        std::string_view prog = r->program ? std::string_view(r->program, r->program_len) : b;
        std::string_view from = r->from ? std::string_view(r->from, r->from_len) : a;
        CheckDecide(&p, from, prog);
        std::string d2 = "<kernel> /sbin/init ";
        d2.append(from);
        CheckDecide(&p, d2, prog);
        CheckAggregate(&p, prog);
    }
    ph_tr_policy_free(&p);
    CHECK(p.head == nullptr && p.count == 0 && p.tail == &p.head);
}

std::string NumText(const ph_number &n) {
    std::string t(ph_number_format(&n, nullptr, 0) + 1, '\0');
    t.resize(ph_number_format(&n, t.data(), t.size()));
    return t;
}

// One number TOMOYO's way: "0x" hex, "0" + octal digit octal, else decimal; false on overflow.
bool RefOneNumber(std::string_view w, size_t &i, uint64_t &v) {
    unsigned base = 10;
    if (i + 1 < w.size() && w[i] == '0') {
        if (w[i + 1] == 'x' || w[i + 1] == 'X') {
            base = 16;
            i += 2;
        } else if (w[i + 1] >= '0' && w[i + 1] <= '7') {
            base = 8;
            i++;
        }
    }
    size_t st = i;
    unsigned __int128 x = 0;
    for (; i < w.size(); i++) {
        int d = -1;
        char c = w[i];
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            d = c - 'A' + 10;
        }
        if (d < 0 || static_cast<unsigned>(d) >= base) {
            break;
        }
        x = x * base + static_cast<unsigned>(d);
        if (x > UINT64_MAX) {
            return false;
        }
    }
    v = static_cast<uint64_t>(x);
    return i > st;
}

void CheckNumber(std::string_view w) {
    ph_number n;
    bool ok = ph_number_parse(w.data(), w.size(), &n) == 0;
    size_t i = 0;
    uint64_t lo = 0, hi = 0;
    bool ref = RefOneNumber(w, i, lo);
    if (ref && i == w.size()) {
        hi = lo;
    } else if (ref && w[i] == '-') {
        i++;
        ref = RefOneNumber(w, i, hi) && i == w.size() && lo <= hi;
    } else {
        ref = false;
    }
    CHECK(ok == ref);
    if (!ok) {
        return;
    }
    CHECK(n.min == lo && n.max == hi);
    std::string t = NumText(n);
    ph_number back;
    CHECK(ph_number_parse(t.data(), t.size(), &back) == 0);
    CHECK(back.min == n.min && back.max == n.max && NumText(back) == t);
}

void CheckAddr(std::string_view w) {
    ph_addr a;
    bool ok = ph_addr_parse(w.data(), w.size(), &a) == 0;
    std::string z(w);
    unsigned char bin[16];
    if (z.find('-') == std::string::npos && z.size() == strlen(z.c_str())) {
        bool v6 = z.find(':') != std::string::npos;
        if (inet_pton(v6 ? AF_INET6 : AF_INET, z.c_str(), bin) == 1) {
            CHECK(ok && a.ipv6 == v6 && memcmp(a.min, bin, v6 ? 16 : 4) == 0);
        }
    }
    if (!ok) {
        return;
    }
    CHECK(memcmp(a.min, a.max, 16) <= 0);
    std::string t(ph_addr_format(&a, nullptr, 0) + 1, '\0');
    t.resize(ph_addr_format(&a, t.data(), t.size()));
    ph_addr back;
    CHECK(ph_addr_parse(t.data(), t.size(), &back) == 0);
    CHECK(memcmp(back.min, a.min, 16) == 0 && memcmp(back.max, a.max, 16) == 0);
    std::string first = t.substr(0, t.find('-'));
    CHECK(inet_pton(a.ipv6 ? AF_INET6 : AF_INET, first.c_str(), bin) == 1);
    CHECK(memcmp(bin, a.min, a.ipv6 ? 16 : 4) == 0);
    static const unsigned char zero12[12] = {};
    if (a.ipv6 && memcmp(a.min, zero12, 12) != 0) {
        char buf[INET6_ADDRSTRLEN];
        CHECK(inet_ntop(AF_INET6, a.min, buf, sizeof(buf)) != nullptr);
        CHECK(first == buf);
    }
}

void CheckGroups(std::string_view text, std::string_view a, std::string_view b) {
    ph_groups gs;
    ph_groups_init(&gs);
    unsigned int bad = 0;
    const char *err = nullptr;
    int ret = ph_groups_parse(&gs, text.data(), text.size(), &bad, &err);
    CHECK((ret == 0) == (err == nullptr));
    CHECK((ret == 0) == (bad == 0));
    if (ret) {
        CHECK(gs.head == nullptr && gs.members == 0);
    }
    unsigned int members = 0;
    int budget = 64;
    for (const ph_group *g = gs.head; g; g = g->next) {
        CHECK(ph_groups_find(&gs, g->type, g->name, g->name_len) == g);
        for (const ph_group_member *m = g->head; m; m = m->next) {
            members++;
            if (budget-- <= 0) {
                continue;
            }
            std::string t(ph_group_member_format(g, m, nullptr, 0) + 1, '\0');
            t.resize(ph_group_member_format(g, m, t.data(), t.size()));
            ph_groups one;
            ph_groups_init(&one);
            CHECK(ph_groups_parse(&one, t.data(), t.size(), nullptr, nullptr) == 0);
            CHECK(one.members == 1 && one.head->type == g->type);
            std::string t2(t.size() + 1, '\0');
            CHECK(ph_group_member_format(one.head, one.head->head, t2.data(), t2.size()) ==
                  t.size());
            t2.resize(t.size());
            CHECK(t == t2);
            ph_groups_free(&one);
        }
        // Probe the group with the fuzzer's words.
        ph_group_path_match(g, a.data(), a.size());
        ph_group_path_match(g, b.data(), b.size());
    }
    CHECK(members == gs.members);
    // Unions over the groups just parsed.
    ph_name_union nu;
    if (ph_name_union_parse(&gs, a.data(), a.size(), &nu) == 0) {
        bool m = ph_name_union_match(&nu, b.data(), b.size());
        if (!nu.group) {
            CHECK(m == ph_path_match(a.data(), a.size(), b.data(), b.size()));
        }
    }
    ph_number_union num;
    ph_number_union_parse(&gs, a.data(), a.size(), &num);
    ph_groups_free(&gs);
    CHECK(gs.head == nullptr && gs.members == 0);
}

}  // namespace

// Access lines: every line of `text` parsed with the groups of `text`.
void CheckAclRules(std::string_view text, std::string_view other) {
    ph_groups gs;
    ph_groups_init(&gs);
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
        if (ph_group_keyword(line.data(), line.size()))
            ph_groups_parse(&gs, line.data(), line.size(), nullptr, nullptr);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    }
    pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        std::string copy(line);
        // A "delete LINE" line: LINE starts past the prefix and spaces, and
        // parses as itself (what ph policy load --merge sends).
        size_t del = ph_acl_rule_delete(copy.data(), copy.size());
        if (del) {
            CHECK(del > 6 && del < copy.size() && !memcmp(copy.data(), "delete", 6));
            CHECK(copy[del] != ' ' && copy[del] != '\t' && copy[del] != '\r');
            copy.erase(0, del);
        }
        ph_acl_rule *r = nullptr;
        const char *why = nullptr;
        int err = ph_acl_rule_parse(&gs, copy.data(), copy.size(), &r, &why);
        if (err) {
            CHECK(!r && why);
            continue;
        }
        CHECK(r && r->len == strlen(r->text));
        ph_acl_rule *back = nullptr;
        CHECK(ph_acl_rule_parse(&gs, r->text, r->len, &back, nullptr) == 0);
        CHECK(back->len == r->len && !memcmp(back->text, r->text, r->len));
        CHECK(back->exact == r->exact);
        ph_acl_rule_free(back);
        if (r->exact) {
            ph_acl_access a;
            ph_acl_rule_access(r, &a);
            for (unsigned bit = 0; bit < 32; ++bit)
                CHECK(ph_acl_rule_match(r, &a, bit) == (((r->perm >> bit) & 1) != 0));
        }
        std::string o(other);
        ph_acl_access a{};
        a.type = r->type;
        a.sub = r->sub;
        for (int i = 0; i < 3; ++i) {
            a.str[i] = o.data();
            a.len[i] = o.size();
            a.num[i] = o.size();
        }
        for (unsigned bit = 0; bit < 8; ++bit) (void)ph_acl_rule_match(r, &a, bit);
        ph_acl_rule_free(r);
    }
    ph_groups_free(&gs);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    // Copy into an exactly-sized heap buffer so ASan catches any over-read.
    char *buf = static_cast<char *>(malloc(size ? size : 1));
    if (size) {
        memcpy(buf, data, size);
    }
    std::string_view in(buf, size);

    CheckEscaping(in);

    // Split in two at the first NUL, else the first space, else in the middle.
    size_t cut = in.find('\0');
    size_t skip = 1;
    if (cut == std::string_view::npos) {
        cut = in.find(' ');
    }
    if (cut == std::string_view::npos) {
        cut = size / 2;
        skip = 0;
    }
    std::string_view a = in.substr(0, cut);
    std::string_view b = in.substr(cut + skip > size ? size : cut + skip);
    // Exactly-sized copies of each half, for the same reason.
    char *pa = static_cast<char *>(malloc(a.size() + 1));
    char *pb = static_cast<char *>(malloc(b.size() + 1));
    memcpy(pa, a.data(), a.size());
    memcpy(pb, b.data(), b.size());
    CheckMatch(std::string_view(pa, a.size()), std::string_view(pb, b.size()));
    CheckMatch(std::string_view(pb, b.size()), std::string_view(pa, a.size()));

    CheckPolicy(in, std::string_view(pa, a.size()), std::string_view(pb, b.size()));
    CheckGroups(in, std::string_view(pa, a.size()), std::string_view(pb, b.size()));
    CheckNumber(std::string_view(pa, a.size()));
    CheckNumber(std::string_view(pb, b.size()));
    CheckAddr(std::string_view(pa, a.size()));
    CheckAddr(std::string_view(pb, b.size()));
    CheckAclRules(in, std::string_view(pb, b.size()));

    free(pa);
    free(pb);
    free(buf);
    return 0;
}
