// ph-editpolicy's data sources: what the editor shows and the changes it can
// make, behind one interface, so the model never knows whether it reads the
// module, a store copied from another host or a test's fixture.
#pragma once

#include <cerrno>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "proto.hpp"
#include "result.hpp"
#include "store.hpp"

namespace ph::editpolicy {

/// One process of the process view: live, from /proc and the module; from a
/// store, a task seen in the audit trail.
struct Process {
    uint32_t pid = 0, ppid = 0;
    std::string comm, domain;
};

/// One line of policy text of a domain (a loaded line live, every access
/// line of a saved directory): shown in the ACL beside the learned entries.
struct PolicyLine {
    uint32_t domain_id = 0;
    std::string text;
};

/// One change to one domain's policy, in TOMOYO notation: each line is an
/// access line to add or "delete LINE"; `create` asks for the domain itself
/// (its header alone).  Lines are canonical (checked by the shared parser).
struct PolicyEdit {
    std::string domain;
    std::vector<std::string> lines;
    bool create = false;
};

/// Everything the screens show, as one source delivered it.
struct PolicyData {
    std::vector<Domain> domains;  // any order; the model sorts them
    std::vector<AclEntry> entries;
    std::vector<PolicyLine> lines;       // loaded or saved lines, beside the entries
    bool has_exception = false;          // false: this source cannot read it
    std::vector<std::string> exception;  // exception policy lines
    bool has_managers = false;           // false: this source cannot read the manager list
    std::vector<std::string> managers;   // manager.conf's lines (programs or domains)
    std::string managers_note;           // live: whether ph-editpolicy itself is a manager
    std::vector<std::pair<std::string, std::string>> stats;  // label, value
    std::vector<Process> processes;
    std::string process_note;              // where the processes came from, or why none
    std::vector<ViolationRow> violations;  // from a phd store (ph violations)
    std::string violations_note;           // where they came from, or why none
    uint32_t mode = 0;                     // PHTRACK_MODE_*: the profile every domain has
    std::string origin;                    // "live", "store FILE"
};

class DataSource {
  public:
    virtual ~DataSource() = default;
    /// Read everything again.
    virtual Result<PolicyData> load() = 0;
    /// Whether set_mode() can succeed at all (false: the key is hidden).
    virtual bool can_set_mode() const = 0;
    /// Set the mode (phtrack's modes are the module's, not per domain).
    virtual Result<void> set_mode(uint32_t mode) = 0;
    /// Whether set_domain_mode() can succeed at all (false: S on the domain
    /// tree says why).
    virtual bool can_set_domain_mode() const { return false; }
    /// Give domain `id` a mode of its own (`mode` < 0: back to the default),
    /// and with `subtree` every domain below it too (ph mode MODE DOMAIN
    /// [--subtree]); how many domains changed.
    virtual Result<uint32_t> set_domain_mode(uint32_t id, int mode, bool subtree) {
        (void)id;
        (void)mode;
        (void)subtree;
        return Error{EOPNOTSUPP, "this source has no per-domain modes"};
    }
    /// Who accessed `path` and when (ph who), newest first.
    virtual Result<WhoSummary> who(const std::string &path) {
        (void)path;
        return Error{EOPNOTSUPP, "no access trail here: ph who reads phd's store"};
    }
    /// Why apply() cannot succeed at all, or "" when it can.
    virtual std::string edit_refusal() const { return "this source cannot change the policy"; }
    /// Apply one change, all of it or nothing.
    virtual Result<void> apply(const PolicyEdit &) { return Error{EROFS, edit_refusal()}; }
};

}  // namespace ph::editpolicy
