// Violations, grouped: what `ph violations` prints and what --as-policy
// proposes.  Pure functions over the rows the store returns, so that the
// grouping and the proposed policy are unit-tested without a store.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "patternize.hpp"
#include "store.hpp"

namespace ph::cli {

/// The violations of one (domain, entry, verdict): how many, when, and the
/// last task that made one.
struct ViolationGroup {
    std::string domain, entry;
    uint32_t kind = 0;
    int32_t result = 0;
    uint64_t count = 0, first_ns = 0, last_ns = 0;
    uint32_t last_pid = 0, last_uid = 0;
    std::string last_comm;
};

/// Group rows by (domain, entry, kind, result): most violations first, then
/// by domain (tree order) and entry.
std::vector<ViolationGroup> group_violations(const std::vector<ViolationRow> &rows);

/// The entries the access violations lacked, as TOMOYO domain policy ready
/// for `ph policy load`: each domain's name line, then its missing entries
/// patternized by `rules` (the way aa-logprof proposes globs), each once,
/// sorted, then a blank line; domains in tree order.  Refused manager
/// requests and rows of an unknown domain are left out.
std::string violations_as_policy(const std::vector<ViolationRow> &rows, const Patternizer &rules);

/// The entry one violation lacked, patternized by `rules` as
/// violations_as_policy() proposes it (ph violations --as-policy, and A on
/// ph-editpolicy's violations screen), or "" when it proposes none: a
/// refused manager request, or a row of an unknown domain.
std::string proposed_entry(uint32_t kind, const std::string &domain, const std::string &entry,
                           const Patternizer &rules);

/// "denied" or "allowed" for a verdict.
std::string verdict_text(int32_t result);

}  // namespace ph::cli
