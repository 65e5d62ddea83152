// libFuzzer target for the shared kernel/userspace policy code (policy/ph_*.c).
//
// Checks, for every input:
//  - ph_name_escape() output is printable and ph_name_unescape() restores the input exactly,
//    and truncated escapes are prefixes of the full one;
//  - when the input itself unescapes, re-escaping gives the input back (canonical form);
//  - ph_path_match() agrees with a simple memoized reference matcher written here;
//  - ph_tr_policy_parse() is all-or-nothing and agrees with ph_tr_parse_line() line by line,
//    formatted rules parse back to the same text, and ph_tr_decide() agrees with a reference
//    implementation of the documented algorithm.
// Build and run with tools/fuzz.sh.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "ph_domainname.h"
#include "ph_escape.h"
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

std::vector<std::string_view> Split(std::string_view s) {
    std::vector<std::string_view> out;
    size_t pos = 0;
    for (;;) {
        size_t e = s.find('/', pos);
        if (e == std::string_view::npos) {
            out.push_back(s.substr(pos));
            return out;
        }
        out.push_back(s.substr(pos, e - pos));
        pos = e + 1;
    }
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
    std::vector<std::string_view> pc = Split(pat), tc = Split(path);
    // ok[i][j]: pattern components i.. match path components j..
    std::vector<std::vector<char>> ok(pc.size() + 1, std::vector<char>(tc.size() + 1, 0));
    ok[pc.size()][tc.size()] = 1;
    for (size_t i = pc.size(); i-- > 0;) {
        bool braced = pc[i].size() >= 4 && pc[i].substr(0, 2) == "\\{";
        std::string_view inner = braced ? pc[i].substr(2, pc[i].size() - 4) : pc[i];
        for (size_t j = tc.size(); j-- > 0;) {
            if (!RefComponent(inner, tc[j])) {
                continue;
            }
            ok[i][j] = ok[i + 1][j + 1] || (braced && ok[i][j + 1]);
        }
    }
    return ok[0][0];
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
        if (RuleMatches(r, dom, prog)) {
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
    int budget = 16;
    for (const ph_tr_rule *r = p.head; r && budget > 0; r = r->next, budget--) {
        std::string_view prog = r->program ? std::string_view(r->program, r->program_len) : b;
        std::string_view from = r->from ? std::string_view(r->from, r->from_len) : a;
        CheckDecide(&p, from, prog);
        std::string d2 = "<kernel> /sbin/init ";
        d2.append(from);
        CheckDecide(&p, d2, prog);
    }
    ph_tr_policy_free(&p);
    CHECK(p.head == nullptr && p.count == 0 && p.tail == &p.head);
}

}  // namespace

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

    free(pa);
    free(pb);
    free(buf);
    return 0;
}
