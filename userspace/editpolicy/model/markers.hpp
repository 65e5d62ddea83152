// The domain transition tree's markers, as tomoyo-editpolicy draws them:
// '*' a domain an initialize_domain rule starts, '#' a domain a keep_domain
// rule keeps, '!' a domain the exception policy makes unreachable (its
// program is now initialized, reset or kept instead of entered from its
// parent).  Decided by the shared policy code the module uses (policy/).
#pragma once

#include <string>
#include <vector>

#include "proto.hpp"

namespace ph::editpolicy {

struct Marks {
    bool initialize = false, keep = false, unreachable = false;
};

/// One Marks per domain of `domains`, for the exception policy `lines`.
/// `error` receives the parse error of a bad policy ("" otherwise); a bad
/// policy marks nothing.
std::vector<Marks> transition_marks(const std::vector<Domain> &domains,
                                    const std::vector<std::string> &lines, std::string &error);

}  // namespace ph::editpolicy
