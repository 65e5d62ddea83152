// Patternize rules: parsing, and rewriting names, numbers and addresses.
// See patternize.hpp and docs/policy-language.md ("Patternize").
#include "patternize.hpp"

#include <arpa/inet.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

extern "C" {
#include "ph_escape.h"
#include "ph_pattern.h"
}

namespace ph::cli {

namespace {

const char kDefaultRules[] =
#include "patternize_default.inc"
    ;

bool match(const std::string &pattern, const std::string &name) {
    return ph_path_match(pattern.data(), pattern.size(), name.data(), name.size());
}

std::vector<std::string> split_words(const std::string &line) {
    std::vector<std::string> w;
    std::istringstream in(line);
    for (std::string t; in >> t;) w.push_back(t);
    return w;
}

// A decimal, 0x hexadecimal or 0-led octal number, as TOMOYO writes them.
bool parse_number(const std::string &t, uint64_t *v) {
    if (t.empty() || !isdigit(static_cast<unsigned char>(t[0])))
        return false;
    int base = 10;
    size_t i = 0;
    if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
        base = 16;
        i = 2;
    } else if (t.size() > 1 && t[0] == '0') {
        base = 8;
        i = 1;
    }
    uint64_t n = 0;
    for (; i < t.size(); ++i) {
        int d;
        char c = static_cast<char>(tolower(static_cast<unsigned char>(t[i])));
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else
            return false;
        if (d >= base || n > (UINT64_MAX - d) / base)
            return false;
        n = n * base + d;
    }
    *v = n;
    return true;
}

// An IPv4 or IPv6 address as 16 bytes (IPv4 mapped), for range compares.
bool parse_address(const std::string &t, std::string *out) {
    unsigned char b[16] = {};
    in_addr a4;
    if (inet_pton(AF_INET, t.c_str(), &a4) == 1) {
        b[10] = b[11] = 0xff;
        memcpy(b + 12, &a4, 4);
    } else if (inet_pton(AF_INET6, t.c_str(), b) != 1) {
        return false;
    }
    out->assign(reinterpret_cast<char *>(b), 16);
    return true;
}

// Split "A-B" (or "A") at the '-' that separates two parseable halves.
template <typename Parse, typename T>
bool parse_range(const std::string &t, Parse parse, T *lo, T *hi) {
    if (parse(t, lo)) {
        *hi = *lo;
        return true;
    }
    for (size_t dash = t.find('-'); dash != std::string::npos; dash = t.find('-', dash + 1))
        if (parse(t.substr(0, dash), lo) && parse(t.substr(dash + 1), hi))
            return *lo <= *hi;
    return false;
}

bool is_name_token(const std::string &t) {
    if (t.find('/') != std::string::npos)
        return true;
    // pipe:[123], socket:[456], anon_inode:[eventfd]
    size_t colon = t.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 >= t.size() || t[colon + 1] != '[')
        return false;
    for (size_t i = 0; i < colon; ++i)
        if (!islower(static_cast<unsigned char>(t[i])) && t[i] != '_')
            return false;
    return true;
}

// In one path component: every run of digits that follows a '.' becomes \$
// ("libfoo.so.1.2.3" -> "libfoo.so.\$.\$.\$", "python3.11" -> "python3.\$").
std::string version_component(const std::string &c) {
    std::string out;
    for (size_t i = 0; i < c.size();) {
        if (c[i] == '.' && i + 1 < c.size() && isdigit(static_cast<unsigned char>(c[i + 1]))) {
            size_t j = i + 1;
            while (j < c.size() && isdigit(static_cast<unsigned char>(c[j]))) ++j;
            out += ".\\$";
            i = j;
        } else {
            out += c[i++];
        }
    }
    return out;
}

// The trailing run of a generated name: after the last '.', '-' or '_' when
// it is 6 to 16 letters and digits long, else the last 6 characters; it must
// mix at least two of upper case, lower case and digits, as mkstemp's and
// mktemp's random suffixes do, except for exactly 6 after a '.' (a
// "NAME.XXXXXX" template: about 1 in 90 of mkstemp's suffixes has one class
// only).  Returns its start, or npos.
size_t temp_run(const std::string &c) {
    size_t end = c.size(), start = end;
    while (start > 0 && isalnum(static_cast<unsigned char>(c[start - 1]))) --start;
    size_t run = end - start;
    if (run < 6)
        return std::string::npos;
    bool after_sep =
        start > 0 && (c[start - 1] == '.' || c[start - 1] == '-' || c[start - 1] == '_');
    if (after_sep && run == 6 && c[start - 1] == '.')
        return start;
    if (!(after_sep && run <= 16))
        start = end - 6;
    int upper = 0, lower = 0, digit = 0;
    for (size_t i = start; i < end; ++i) {
        unsigned char ch = static_cast<unsigned char>(c[i]);
        upper |= isupper(ch) != 0;
        lower |= islower(ch) != 0;
        digit |= isdigit(ch) != 0;
    }
    return upper + lower + digit >= 2 ? start : std::string::npos;
}

std::string version_digits(const std::string &v) {
    std::string out;
    for (size_t i = 0; i < v.size();) {
        if (isdigit(static_cast<unsigned char>(v[i]))) {
            while (i < v.size() && isdigit(static_cast<unsigned char>(v[i]))) ++i;
            out += "\\$";
        } else {
            out += v[i++];
        }
    }
    return out;
}

std::string escape(const std::string &raw) {
    size_t n = ph_name_escape(raw.data(), raw.size(), nullptr, 0);
    std::string out(n + 1, '\0');
    ph_name_escape(raw.data(), raw.size(), out.data(), out.size());
    out.resize(n);
    return out;
}

}  // namespace

const char *Patternizer::default_text() {
    return kDefaultRules;
}

const Patternizer &Patternizer::defaults() {
    static const Patternizer p = [] {
        auto r = parse(kDefaultRules, "built-in patternize rules");
        return r ? r.value() : Patternizer{};
    }();
    return p;
}

size_t Patternizer::append_missing(const Patternizer &more) {
    size_t n = 0;
    size_t own = rules_.size();
    for (const auto &r : more.rules_) {
        bool have = false;
        for (size_t i = 0; i < own && !have; ++i)
            have = rules_[i].kind == r.kind && rules_[i].pattern == r.pattern &&
                   rules_[i].replacement == r.replacement;
        if (!have) {
            rules_.push_back(r);
            ++n;
        }
    }
    return n;
}

Result<Patternizer> Patternizer::parse(const std::string &text, const std::string &origin) {
    Patternizer p;
    std::istringstream in(text);
    int lineno = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineno;
        auto w = split_words(line);
        if (w.empty() || w[0][0] == '#')
            continue;
        auto bad = [&](const std::string &why) {
            return Error{EINVAL, origin + ":" + std::to_string(lineno) + ": " + why};
        };
        if (w[0] != "rewrite" || w.size() < 3 || w.size() > 4)
            return bad("expected 'rewrite KIND PATTERN [REPLACEMENT]'");
        PatternRule r;
        r.line = lineno;
        r.pattern = w[2];
        if (w.size() == 4)
            r.replacement = w[3];
        static const std::map<std::string, RuleKind> kinds = {
            {"path_pattern", RuleKind::kPath},      {"head_pattern", RuleKind::kHead},
            {"tail_pattern", RuleKind::kTail},      {"version_pattern", RuleKind::kVersion},
            {"temp_pattern", RuleKind::kTemp},      {"number_pattern", RuleKind::kNumber},
            {"address_pattern", RuleKind::kAddress}};
        auto k = kinds.find(w[1]);
        if (k == kinds.end())
            return bad("unknown rule type '" + w[1] + "'");
        r.kind = k->second;
        switch (r.kind) {
            case RuleKind::kNumber:
                if (!parse_range(r.pattern, parse_number, &r.lo, &r.hi))
                    return bad("'" + r.pattern + "' is not a number or a range A-B");
                break;
            case RuleKind::kAddress:
                if (!parse_range(r.pattern, parse_address, &r.addr_lo, &r.addr_hi))
                    return bad("'" + r.pattern + "' is not an address or a range A-B");
                break;
            default:
                if (!ph_pattern_valid(r.pattern.data(), r.pattern.size()))
                    return bad("'" + r.pattern + "' is not a valid pattern");
                if ((r.kind == RuleKind::kVersion || r.kind == RuleKind::kTemp) &&
                    !r.replacement.empty())
                    return bad(w[1] + " takes no replacement");
                if (!r.replacement.empty() && r.replacement[0] != '@' &&
                    !ph_pattern_valid(r.replacement.data(), r.replacement.size()))
                    return bad("replacement '" + r.replacement + "' is not a pattern or @GROUP");
        }
        p.rules_.push_back(std::move(r));
    }
    return p;
}

size_t Patternizer::add_dpkg(const std::string &root) {
    std::ifstream st(root + "/var/lib/dpkg/status");
    if (!st)
        return 0;
    size_t learned = 0;
    std::string pkg, arch, version, status;
    auto flush = [&] {
        if (!pkg.empty() && status.find(" installed") != std::string::npos && !version.empty()) {
            // Upstream version: no epoch, no Debian revision, up to the first
            // character other than a digit or '.' ("1:2.4.57+dfsg-1" -> 2.4.57).
            std::string v = version;
            if (auto c = v.find(':'); c != std::string::npos)
                v = v.substr(c + 1);
            if (auto d = v.rfind('-'); d != std::string::npos)
                v = v.substr(0, d);
            size_t e = 0;
            while (e < v.size() && (isdigit(static_cast<unsigned char>(v[e])) || v[e] == '.')) ++e;
            v = v.substr(0, e);
            while (!v.empty() && v.back() == '.') v.pop_back();
            if (v.find('.') != std::string::npos && isdigit(static_cast<unsigned char>(v[0]))) {
                std::ifstream list(root + "/var/lib/dpkg/info/" + pkg + ".list");
                if (!list)
                    list.open(root + "/var/lib/dpkg/info/" + pkg + ":" + arch + ".list");
                for (std::string f; std::getline(list, f);) {
                    size_t at = f.find(v);
                    // the whole version, not the tail of a longer number
                    while (at != std::string::npos) {
                        bool left = at == 0 || (!isdigit(static_cast<unsigned char>(f[at - 1])) &&
                                                f[at - 1] != '.');
                        size_t end = at + v.size();
                        bool right =
                            end == f.size() || !isdigit(static_cast<unsigned char>(f[end]));
                        if (left && right)
                            break;
                        at = f.find(v, at + 1);
                    }
                    if (at == std::string::npos)
                        continue;
                    std::string name = escape(f);
                    std::string ev = escape(v);
                    size_t eat = name.find(ev);
                    if (eat == std::string::npos)
                        continue;
                    dpkg_[name] =
                        name.substr(0, eat) + version_digits(ev) + name.substr(eat + ev.size());
                    ++learned;
                }
            }
        }
        pkg.clear();
        arch.clear();
        version.clear();
        status.clear();
    };
    for (std::string line; std::getline(st, line);) {
        if (line.empty()) {
            flush();
            continue;
        }
        auto field = [&](const char *key) -> const char * {
            size_t n = strlen(key);
            return line.compare(0, n, key) == 0 ? line.c_str() + n : nullptr;
        };
        if (const char *v = field("Package: "))
            pkg = v;
        else if (const char *v2 = field("Architecture: "))
            arch = v2;
        else if (const char *v3 = field("Version: "))
            version = v3;
        else if (const char *v4 = field("Status: "))
            status = v4;
    }
    flush();
    return learned;
}

std::string Patternizer::name(const std::string &n) const {
    if (auto it = dpkg_.find(n); it != dpkg_.end())
        return it->second;
    for (const auto &r : rules_) {
        const std::string &rep = r.replacement.empty() ? r.pattern : r.replacement;
        switch (r.kind) {
            case RuleKind::kPath:
                if (match(r.pattern, n))
                    return rep;
                break;
            case RuleKind::kHead:
                // shortest leading part, ending before a '/', that matches
                for (size_t i = n.find('/', 1); i != std::string::npos; i = n.find('/', i + 1))
                    if (match(r.pattern, n.substr(0, i)))
                        return rep + n.substr(i);
                if (r.pattern.back() == '/')
                    for (size_t i = n.find('/'); i != std::string::npos; i = n.find('/', i + 1))
                        if (i + 1 < n.size() && match(r.pattern, n.substr(0, i + 1)))
                            return rep + n.substr(i + 1);
                break;
            case RuleKind::kTail:
                // longest trailing part, starting at a '/', that matches
                for (size_t i = n.find('/'); i != std::string::npos; i = n.find('/', i + 1))
                    if (match(r.pattern, n.substr(i)))
                        return n.substr(0, i) + rep;
                break;
            case RuleKind::kVersion:
            case RuleKind::kTemp: {
                if (r.kind == RuleKind::kTemp) {
                    if (!match(r.pattern, n))
                        break;
                    size_t slash = n.rfind('/');
                    std::string last = n.substr(slash == std::string::npos ? 0 : slash + 1);
                    size_t run = temp_run(last);
                    if (run == std::string::npos)
                        break;
                    std::string out = n.substr(0, n.size() - last.size()) + last.substr(0, run);
                    for (size_t i = run; i < last.size(); ++i) out += "\\?";
                    return out;
                }
                // every component that matches the (component) pattern
                std::string out;
                bool changed = false;
                size_t start = 0;
                while (start <= n.size()) {
                    size_t slash = n.find('/', start);
                    std::string comp = n.substr(
                        start, slash == std::string::npos ? std::string::npos : slash - start);
                    if (!comp.empty() && match(r.pattern, comp)) {
                        std::string v = version_component(comp);
                        changed |= v != comp;
                        out += v;
                    } else {
                        out += comp;
                    }
                    if (slash == std::string::npos)
                        break;
                    out += '/';
                    start = slash + 1;
                }
                if (changed)
                    return out;
                break;
            }
            default: break;
        }
    }
    return n;
}

std::string Patternizer::entry(const std::string &line) const {
    auto w = split_words(line);
    std::string out;
    for (size_t i = 0; i < w.size(); ++i) {
        std::string t = w[i];
        std::string addr;
        uint64_t num;
        if (i >= 2 && parse_address(t, &addr)) {
            for (const auto &r : rules_)
                if (r.kind == RuleKind::kAddress && addr >= r.addr_lo && addr <= r.addr_hi) {
                    t = r.replacement.empty() ? r.pattern : r.replacement;
                    break;
                }
        } else if (i >= 2 && parse_number(t, &num)) {
            for (const auto &r : rules_)
                if (r.kind == RuleKind::kNumber && num >= r.lo && num <= r.hi) {
                    t = r.replacement.empty() ? r.pattern : r.replacement;
                    break;
                }
        } else if (i >= 1 && is_name_token(t)) {
            t = name(t);
        }
        if (!out.empty())
            out += ' ';
        out += t;
    }
    return out;
}

}  // namespace ph::cli
