// ph policy check of a domain policy (ph acl --all, TOMOYO's domain_policy).
#pragma once

#include <cstddef>
#include <string>

#include "result.hpp"

namespace ph::cli {

struct DomainPolicyCount {
    size_t domains = 0;
    size_t entries = 0;
};

/// Whether the first line that is not blank or a comment is a domain
/// header: the text is a domain policy, not an exception policy.
bool is_domain_policy(const std::string &text);

/// Check a domain policy: every domain header is a valid domain name and
/// appears once, "use_profile N" and the other per-domain keywords follow a
/// header, and every entry is a known keyword followed by words that are
/// canonical escaped names, patterns or @GROUP, one space apart.  So no object name can pose as
/// a header or an entry of its own.  The error names FILE and the line.
Result<DomainPolicyCount> check_domain_policy(const std::string &file, const std::string &text);

}  // namespace ph::cli
