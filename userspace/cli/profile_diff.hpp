// Comparing two service profiles (or two TOMOYO domain policies) both ways,
// per domain, keyed on the normalised object of each entry: domains added
// and removed, entries added, removed, widened (read -> read/write),
// narrowed and otherwise changed.  Line order never matters.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "profile.hpp"
#include "result.hpp"

namespace ph::cli {

/// An entry line split into what it is about (the operation class and its
/// objects: "file /etc/x", "network inet stream 127.0.0.1 22") and its
/// permission keywords ("read", "write"); a line without permissions (misc
/// env, capability ...) is all key.
struct EntryKey {
    std::string key;
    std::set<std::string> perms;
    std::vector<std::string> objects;  // the words after the permissions
};
EntryKey split_entry(const std::string &line);

/// One entry present on both sides with other permissions.
struct PermChange {
    std::string old_line, new_line;
};

struct DomainDiff {
    enum Status { kAdded, kRemoved, kChanged } status = kChanged;
    std::string name;
    std::vector<std::string> added, removed;  // entry lines
    std::vector<PermChange> widened;          // new permissions a superset of the old
    std::vector<PermChange> narrowed;         // a subset
    std::vector<PermChange> changed;          // some gained, some lost
    size_t size() const {
        return added.size() + removed.size() + widened.size() + narrowed.size() + changed.size();
    }
};

struct ProfileDiff {
    std::vector<DomainDiff> domains;  // in domain tree order; only those that differ
    bool empty() const { return domains.empty(); }
};

/// Entries whose object any of `ignore` (TOMOYO path patterns, matched by
/// the shared C matcher) matches are left out of both sides.
ProfileDiff compare_profiles(const Profile &a, const Profile &b,
                             const std::vector<std::string> &ignore = {});
/// One domain's changes in render_diff()'s notation, unindented: "- LINE",
/// "+ LINE", "^ LINE (was PERMS)", "v ...", "~ ...".
std::vector<std::string> change_lines(const DomainDiff &dd);
/// Text: "+ NAME"/"- NAME" for domains only in NEW/OLD, "  NAME" for one
/// that changed; then "  - LINE", "  + LINE", "  ^ LINE (was PERMS)"
/// (widened), "  v LINE (was PERMS)" (narrowed), "  ~ LINE (was PERMS)".
/// *lines counts the lines written.
std::string render_diff(const ProfileDiff &d, size_t *lines = nullptr);
/// The JSON form (docs/admin-guide.md, "Comparing profiles").
std::string render_diff_json(const ProfileDiff &d);

/// A profile export, or else a saved TOMOYO domain policy (domain_policy.conf:
/// "<kernel> ..." header lines, then entry lines; use_profile, use_group and
/// the domain flags are attributes, not entries).
Result<Profile> parse_profile_or_policy(const std::string &text, bool *was_policy = nullptr);

/// Whether `pattern` is a TOMOYO path pattern the matcher accepts.
bool valid_ignore_pattern(const std::string &pattern);

}  // namespace ph::cli
