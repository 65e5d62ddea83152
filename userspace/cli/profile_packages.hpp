// ph profile export --by-package: a profile's entries grouped, per domain,
// by the Debian package that owns each entry's file (dpkg_owners.hpp);
// entries on files no package owns, and those without a file (network,
// environment, capabilities), go to "(no package)".
#pragma once

#include <map>
#include <set>
#include <string>

#include "dpkg_owners.hpp"
#include "profile.hpp"

namespace ph::cli {

class Patternizer;

inline constexpr char kNoPackage[] = "(no package)";

struct PackageProfile {
    /// domain -> package -> entry lines (patternized when rules were given)
    std::map<std::string, std::map<std::string, std::set<std::string>>> domains;
    std::set<std::string> roots;
};

/// Group the raw (not yet patternized) profile `raw`: the owner is looked
/// up by each entry's raw file name, then the line is patternized with
/// `rules` (none: kept raw).  `progress` is called now and then with the
/// entries done and the total.
PackageProfile group_by_package(const Profile &raw, const PackageOwners &owners,
                                const Patternizer *rules,
                                void (*progress)(size_t done, size_t total, void *) = nullptr,
                                void *ctx = nullptr);
/// Text: the domain line, then per package "  [PACKAGE]" and its entries
/// indented by four spaces, then a blank line; "(no package)" last.
std::string render_package_profile(const PackageProfile &p);
/// JSON: {"roots":[...],"domains":[{"name":..,"packages":[{"package":..,
/// "entries":[..]}]}]}.
std::string render_package_profile_json(const PackageProfile &p);

}  // namespace ph::cli
