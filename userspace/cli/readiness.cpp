// ph ready's judgement (readiness.hpp).
#include "readiness.hpp"

#include "linux/phtrack.h"

namespace ph::cli {

std::string format_duration(uint64_t ns) {
    uint64_t s = ns / 1000000000ULL;
    if (s >= 86400)
        return std::to_string(s / 86400) + "d " + std::to_string(s % 86400 / 3600) + "h";
    if (s >= 3600)
        return std::to_string(s / 3600) + "h " + std::to_string(s % 3600 / 60) + "m";
    if (s >= 60)
        return std::to_string(s / 60) + "m";
    return std::to_string(s) + "s";
}

std::string type_class(uint32_t type) {
    switch (type) {
        case PHTRACK_ACLT_PATH:
        case PHTRACK_ACLT_PATH_NUMBER:
        case PHTRACK_ACLT_MKDEV:
        case PHTRACK_ACLT_PATH2:
        case PHTRACK_ACLT_MOUNT: return "file";
        case PHTRACK_ACLT_INET: return "network inet";
        case PHTRACK_ACLT_UNIX: return "network unix";
        case PHTRACK_ACLT_ENV: return "misc env";
        case PHTRACK_ACLT_CAP: return "capability";
        default: return "type " + std::to_string(type);
    }
}

Verdict judge(const DomainReadiness &d, uint64_t now_ns, uint64_t period_ns) {
    std::string period = format_duration(period_ns);
    if (d.entries == 0)
        return {false, "not ready: it has learned nothing"};
    if (d.new_in_period || d.violations_in_period) {
        std::string why;
        if (d.new_in_period)
            why = std::to_string(d.new_in_period) + " new entr" +
                  (d.new_in_period == 1 ? "y" : "ies");
        if (d.violations_in_period)
            why += (why.empty() ? "" : " and ") + std::to_string(d.violations_in_period) +
                   " violation" + (d.violations_in_period == 1 ? "" : "s");
        return {false, "not ready: " + why + " in the last " + period +
                           " would have been refused while enforcing"};
    }
    uint64_t age = now_ns > d.created_ns ? now_ns - d.created_ns : 0;
    if (age < period_ns)
        return {false,
                "not ready: learning for only " + format_duration(age) + ", less than " + period};
    return {true, "ready: nothing new in the last " + period + " of " + format_duration(age) +
                      " learning"};
}

}  // namespace ph::cli
