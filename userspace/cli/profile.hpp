// Service access profiles: the domains of a service and their learned
// entries, as stable text that can be diffed across upgrades.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "proto.hpp"
#include "result.hpp"

namespace ph::cli {

struct Profile {
    /// Domain name relative to the service ("/usr/sbin/httpd /bin/cat") ->
    /// entry lines.
    std::map<std::string, std::set<std::string>> domains;
    /// The full domain names the service was found at (export only).
    std::set<std::string> roots;
};

/// The subtree of `what` (a full domain name, or a program: every domain
/// whose last program it is), with each domain's entries.
Profile build_profile(const std::vector<Domain> &domains, const std::vector<AclEntry> &entries,
                      const std::string &what);
class Patternizer;
/// Every entry line rewritten by the rules; entries that become equal merge.
/// `progress` (optional) is called now and then with entries done and total.
Profile patternize_profile(const Profile &p, const Patternizer &rules,
                           void (*progress)(size_t done, size_t total, void *) = nullptr,
                           void *ctx = nullptr);
/// Text form: a domain name line, its entries indented by two spaces, a blank.
std::string render_profile(const Profile &p);
/// JSON: {"roots":[...],"domains":[{"name":..,"entries":[..]}]}, tree order.
std::string render_profile_json(const Profile &p);
/// TOMOYO domain policy (domain_policy.conf): each domain under its full
/// name, once per root the service was seen at, then its entry lines.
std::string render_profile_tomoyo(const Profile &p);
Result<Profile> parse_profile(const std::string &text);
/// The text of compare_profiles() (profile_diff.hpp): "+ NAME"/"- NAME"
/// for domains only in B/A, "  NAME" then "  - line", "  + line" and the
/// widened, narrowed and changed lines.  *changes counts the output lines.
std::string diff_profiles(const Profile &a, const Profile &b, size_t *changes);

}  // namespace ph::cli
