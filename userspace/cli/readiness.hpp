// ph ready's judgement: whether a domain has learned enough to enforce.
// A pure function of the store's record (Store::readiness), unit-tested.
#pragma once

#include <cstdint>
#include <string>

#include "store.hpp"

namespace ph::cli {

struct Verdict {
    bool ready = false;
    std::string text;  // the plain sentence `ph ready` prints
};

/// Ready when the domain learned something, has existed for at least
/// `period_ns`, and in the period before `now_ns` neither learned a new
/// entry (each one would have been refused while enforcing) nor had a
/// stored violation.
Verdict judge(const DomainReadiness &d, uint64_t now_ns, uint64_t period_ns);

/// "3d 4h", "12m", "40s": a duration, coarsely.
std::string format_duration(uint64_t ns);

/// The TOMOYO keywords of an entry type's class: "file", "network inet",
/// "network unix", "misc env", "capability".
std::string type_class(uint32_t type);

}  // namespace ph::cli
