// Comparing phtrack's learned policy with TOMOYO's learning mode.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace ph::cli {

/// Domain name -> normalized entries (one permission per line, conditions
/// such as exec.realpath="..." dropped).
using PolicyMap = std::map<std::string, std::set<std::string>>;

/// Parse TOMOYO 2.6 domain_policy text (or ph acl --all output).
PolicyMap parse_domain_policy(const std::string &text);

struct Difference {
    std::string domain;
    std::string entry;  // empty for a whole domain
    bool only_phtrack = false;
    std::string reason;  // empty: unexplained
};

/// Every difference between phtrack's policy and TOMOYO's, each with the
/// documented reason it is expected (docs/tomoyo-compatibility.md), or none.
std::vector<Difference> compare_policies(const PolicyMap &phtrack, const PolicyMap &tomoyo);

}  // namespace ph::cli
