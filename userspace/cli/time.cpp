// Times on the command line: parsing --since/--until and printing with
// nanoseconds.
#include <cerrno>
#include <cstdio>
#include <ctime>

#include "util.hpp"

namespace ph::cli {

namespace {

constexpr uint64_t kNsPerSec = 1000000000ULL;

// Exactly `n` decimal digits at s[pos..], advancing pos.
std::optional<int> digits(std::string_view s, size_t &pos, size_t n) {
    if (pos + n > s.size())
        return std::nullopt;
    int v = 0;
    for (size_t i = 0; i < n; ++i) {
        char c = s[pos + i];
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + (c - '0');
    }
    pos += n;
    return v;
}

bool eat(std::string_view s, size_t &pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

std::optional<uint64_t> parse_iso(std::string_view s) {
    size_t pos = 0;
    struct tm tm {};
    auto year = digits(s, pos, 4);
    if (!year || !eat(s, pos, '-'))
        return std::nullopt;
    auto mon = digits(s, pos, 2);
    if (!mon || !eat(s, pos, '-'))
        return std::nullopt;
    auto day = digits(s, pos, 2);
    if (!day)
        return std::nullopt;
    int hour = 0, min = 0, sec = 0;
    if (eat(s, pos, 'T') || eat(s, pos, ' ')) {
        auto h = digits(s, pos, 2);
        if (!h || !eat(s, pos, ':'))
            return std::nullopt;
        auto m = digits(s, pos, 2);
        if (!m)
            return std::nullopt;
        hour = *h;
        min = *m;
        if (eat(s, pos, ':')) {
            auto sc = digits(s, pos, 2);
            if (!sc)
                return std::nullopt;
            sec = *sc;
        }
        eat(s, pos, 'Z');
    }
    if (pos != s.size())
        return std::nullopt;
    tm.tm_year = *year - 1900;
    tm.tm_mon = *mon - 1;
    tm.tm_mday = *day;
    tm.tm_hour = hour;
    tm.tm_min = min;
    tm.tm_sec = sec;
    struct tm check = tm;
    time_t t = timegm(&check);
    // timegm normalizes out-of-range fields: refuse 2026-02-30 or 25:00.
    if (t < 0 || check.tm_mday != tm.tm_mday || check.tm_mon != tm.tm_mon ||
        check.tm_hour != hour || check.tm_min != min || check.tm_sec != sec)
        return std::nullopt;
    return static_cast<uint64_t>(t) * kNsPerSec;
}

}  // namespace

std::string format_time_ns(uint64_t ns) {
    std::string s = format_time(ns);  // ...T10:00:00Z
    char frac[16];
    snprintf(frac, sizeof(frac), ".%09llu", static_cast<unsigned long long>(ns % kNsPerSec));
    s.insert(s.size() - 1, frac);
    return s;
}

uint64_t realtime_ns() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * kNsPerSec + static_cast<uint64_t>(ts.tv_nsec);
}

std::optional<uint64_t> parse_time_arg(std::string_view s, uint64_t now_ns) {
    if (s.size() >= 2) {
        uint64_t unit = 0;
        switch (s.back()) {
            case 's': unit = 1; break;
            case 'm': unit = 60; break;
            case 'h': unit = 3600; break;
            case 'd': unit = 86400; break;
            default: break;
        }
        auto n = parse_u32(s.substr(0, s.size() - 1));
        if (unit && n) {
            uint64_t per = unit * kNsPerSec;
            return *n > now_ns / per ? 0 : now_ns - *n * per;
        }
    }
    return parse_iso(s);
}

Result<uint64_t> time_option(const std::vector<std::string> &args, size_t &i, uint64_t now_ns) {
    const std::string &opt = args[i];
    if (i + 1 >= args.size())
        return Error{EINVAL, opt + " needs a TIME"};
    auto t = parse_time_arg(args[++i], now_ns);
    if (!t)
        return Error{EINVAL, "bad TIME '" + args[i] +
                                 "': use 2026-11-23T10:00:00Z or a time ago such as 10m, 2h, 3d"};
    return *t;
}

}  // namespace ph::cli
