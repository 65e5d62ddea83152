// A service profile as a Graphviz DOT graph (ph profile export --format
// dot): one box per domain of the service's subtree, an arrow from each
// domain to the domains it runs, and beside each domain a note with its
// accesses.  `dot -Tsvg` or `dot -Tpng` draws it.
#pragma once

#include <string>

#include "profile.hpp"

namespace ph::cli {

/// The graph of `p`, titled `title` (the exported service).
std::string render_profile_dot(const Profile &p, const std::string &title);
/// `s` as the inside of a DOT string: '"' and '\' escaped, control
/// characters dropped (the names are already escaped TOMOYO notation).
std::string dot_escape(const std::string &s);

}  // namespace ph::cli
