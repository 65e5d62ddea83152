// A service profile as a Graphviz DOT graph (ph profile export --format
// dot): one box per domain of the service's subtree, an arrow from each
// domain to the domains it runs, and beside each domain a note with its
// accesses.  `dot -Tsvg` or `dot -Tpng` draws it.
#pragma once

#include <string>

#include "profile.hpp"
#include "profile_diff.hpp"
#include "result.hpp"

namespace ph::cli {

/// The graph of `p`, titled `title` (the exported service).
std::string render_profile_dot(const Profile &p, const std::string &title);
/// The graph of a comparison (ph profile diff OLD NEW --svg FILE): every
/// domain of either side, those added filled green, removed red, changed
/// orange; each of these has a note with its changes, in render_diff()'s
/// notation ("+ LINE", "- LINE", "^ LINE (was PERMS)" ...).
std::string render_diff_dot(const Profile &old_p, const Profile &new_p, const ProfileDiff &d,
                            const std::string &title);
/// Run Graphviz: `dot -Tsvg -o FILE` with `dot_text` on its input.
Result<void> run_dot_svg(const std::string &dot_text, const std::string &file);
/// `s` as the inside of a DOT string: '"' and '\' escaped, control
/// characters dropped (the names are already escaped TOMOYO notation).
std::string dot_escape(const std::string &s);

}  // namespace ph::cli
