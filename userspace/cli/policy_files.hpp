// The four files of a TOMOYO 2.6 policy directory, as ph policy save writes
// them and ph policy load checks them (docs/policy-language.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "netlink.hpp"
#include "patternize.hpp"
#include "proto.hpp"
#include "result.hpp"

namespace ph::cli {

enum class PolicyKind { kException, kDomain, kProfile, kManager };

/// Which file a text is: by its base name (exception_policy.conf,
/// domain_policy.conf, profile.conf, manager.conf), else by its content (a
/// first line that is a domain header, PROFILE_VERSION=, or exception).
PolicyKind policy_kind(const std::string &path, const std::string &text);

struct PolicyInput {
    std::string name;  // as errors name it
    PolicyKind kind = PolicyKind::kException;
    std::string text;
};

/// The canonical lines to send, per file.
struct CheckedPolicy {
    bool has_exception = false;
    bool has_domain = false;
    std::vector<std::string> exception;
    std::vector<std::string> domain;
    size_t manager_lines = 0;
    std::vector<std::string> manager;  // manager.conf's entries, in order
};

/// One line a check refused: "FILE:LINE", the reason and the line (made
/// safe for a terminal).
struct RefusedLine {
    std::string where;
    std::string why;
    std::string text;
};

/// Check every input with the shared parser (policy/), exception policies
/// first so that access lines may name their groups.  Blank lines and
/// comments are dropped, "delete LINE" is checked as LINE.  The error names
/// the file and the line.  With `refused`, a bad line is not an error: it
/// is appended there and left out (with a refused domain header, the lines
/// of that domain too), as tomoyo-loadpolicy skips the lines TOMOYO
/// refuses; only the size limits still fail.
Result<CheckedPolicy> check_policy(const std::vector<PolicyInput> &inputs,
                                   std::vector<RefusedLine> *refused = nullptr);

/// What ph policy save reads from the module.
struct SaveInput {
    std::vector<Domain> domains;
    std::vector<AclEntry> entries;
    std::vector<LoadedLine> loaded;
    std::vector<std::string> transitions;
    std::vector<std::string> managers;
    /// With --patternize: the rules that rewrite each learned entry (the
    /// loaded lines are written as loaded); null writes them exact.
    const Patternizer *rules = nullptr;
};

struct SavedPolicy {
    std::string exception_policy;
    std::string domain_policy;
    std::string profile;
    std::string manager;
};

/// The four files: every domain (sorted by name) with use_profile (its
/// mode), use_group (when loaded with one) and the union of its learned and
/// loaded entries, sorted, with the entries TOMOYO 2.6 lacks after a
/// comment marking them as phtrack extensions; the loaded groups, acl_group
/// entries and the transition rules; the manager list, in its order (a
/// comment when it is empty).  The same module state gives the same bytes.
/// With in.rules, each learned entry is patternized first, and entries that
/// become equal merge.
SavedPolicy build_saved_policy(const SaveInput &in);

/// profile.conf: PROFILE_VERSION=20150505 and profiles 0-3, the modes.
std::string profile_conf();

}  // namespace ph::cli
