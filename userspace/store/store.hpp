// phstore: the SQLite store of phtrack's history (docs/store.md).  The daemon
// writes module instances, domains, learned entries, watch events (the audit
// trail), event losses and watches into it; `ph who` and `ph --db` read it.
// Every fallible call returns a Result; no exception escapes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "proto.hpp"
#include "result.hpp"
#include "trail.hpp"

namespace ph {

/// Where phd keeps its store unless told otherwise.
inline constexpr const char *kDefaultDbPath = "/var/lib/phtrack/ph.db";

/// What a loss row is about (the loss table's kind column).
enum class LossKind {
    Learning,  // learned-entry and exec events: what they said is restored by a resync
    Audit,     // audit events: gone for good
    Mixed,     // rows of schema 1, both kinds in one sequence
};
std::string_view loss_kind_name(LossKind k);

/// One row of the loss table.
struct LossRange {
    int64_t instance = 0;
    LossKind kind = LossKind::Mixed;
    uint64_t first_seq = 0, last_seq = 0, count = 0, detected_ns = 0;
    std::string reason;
};

struct StoreStats {
    int schema_version = 0;
    uint64_t instances = 0, domains = 0, acl_entries = 0, audit_events = 0;
    uint64_t loss_ranges = 0, lost_events = 0;               // from the loss table, every kind
    uint64_t audit_loss_ranges = 0, audit_lost = 0;          // kind audit
    uint64_t learning_loss_ranges = 0, learning_missed = 0;  // kind learning
    uint64_t mixed_loss_ranges = 0, mixed_lost = 0;          // kind events (schema 1)
    std::vector<LossRange> audit_losses;  // the newest audit loss ranges, newest first
    uint64_t audit_seq = 0;               // of the newest instance: its last audit event stored
    uint64_t watches = 0;
    uint64_t pruned_ranges = 0, pruned_rows = 0;  // from the pruned table (retention)
    ChainHead chain_head;
    uint64_t last_seq = 0;  // of the newest instance
    std::string kernel_release, module_version;
    uint64_t loaded_ns = 0;  // newest instance
    uint32_t mode = 0;       // newest instance, as of its last instance() call
};

struct WhoQuery {
    std::string path;  // escaped TOMOYO path; ending in "/" = that directory and everything below
    std::optional<uint64_t> since_ns, until_ns;  // both inclusive
    uint32_t ops = 0;                            // bit mask of PHTRACK_OP_*; 0 = any
    std::string domain;  // "" = any; else exact domain name, or with its descendants (subtree)
    bool domain_subtree = false;
    size_t limit = 50;  // most recent rows returned; 0 = all
};

struct WhoRow {
    uint64_t time_ns = 0, seq = 0;
    std::string path, path2;
    uint32_t op = 0;
    uint32_t pid = 0, tgid = 0, ppid = 0, uid = 0, euid = 0, gid = 0;
    std::string comm, domain;  // domain "" when the module's id was unknown to the store
    int32_t result = 0;
};

struct WhoGroup {
    std::string domain, comm;
    uint32_t uid = 0;
    uint64_t count = 0, changes = 0, last_ns = 0;
};

struct WhoSummary {
    uint64_t total = 0, changes = 0, first_ns = 0, last_ns = 0;
    std::vector<WhoGroup> by;  // grouped by (domain, comm, uid), most accesses first
    std::vector<WhoRow> rows;  // newest first, at most limit
};

/// A named point in time (`ph mark NAME`): the start of mark epoch `epoch`
/// of module instance `instance` (docs/store.md, "Marks").
struct Mark {
    std::string name;
    int64_t instance = 0;
    uint32_t epoch = 0;
    uint64_t time_ns = 0;
};

/// One report of a learned entry: in which mark epoch, when.
struct AclReport {
    uint32_t epoch = 0;
    uint64_t time_ns = 0;
};

/// Which violations to list (Store::violations).
struct ViolationQuery {
    std::optional<uint64_t> since_ns, until_ns;  // both inclusive
    std::string domain;  // "" = any; else exact domain name, or with its descendants (subtree)
    bool domain_subtree = false;
};

/// One stored violation: an audit row of kind kAuditViolation or
/// kAuditManager (proto.hpp).
struct ViolationRow {
    uint64_t time_ns = 0, seq = 0;
    uint32_t kind = 0, op = 0;
    uint32_t pid = 0, tgid = 0, ppid = 0, uid = 0, euid = 0, gid = 0;
    int32_t result = 0;  // 0 allowed (permissive, or a manager), -EPERM refused
    std::string entry;   // the missing entry, TOMOYO notation ("request mode_set")
    std::string comm, domain, object;
};

/// Which domains `ph ready` looks at, and the period it judges.
struct ReadinessQuery {
    std::string domain;  // exact name
    bool subtree = false;
    uint64_t since_ns = 0;  // the period's start
};

/// One domain's learning record (Store::readiness).
struct DomainReadiness {
    std::string domain;
    uint64_t created_ns = 0;            // when the module created the domain
    uint64_t entries = 0;               // learned entries
    uint64_t last_new_ns = 0;           // when the store got its newest entry (0: none)
    uint64_t new_in_period = 0;         // entries first stored in the period
    uint64_t violations_in_period = 0;  // access violations stored in the period
    std::vector<std::pair<uint32_t, uint64_t>> types;  // PHTRACK_ACLT_*, entries of it
};

class Store {
  public:
    /// writable: create the parent directory (0700) and the file (0600) when
    /// missing, force mode 0600, WAL journal, synchronous=FULL, migrate.
    /// Read-only: SQLITE_OPEN_READONLY, ENOENT when missing, changes nothing.
    /// Refuses files that are not SQLite databases, SQLite databases of
    /// another application, and schema versions newer than this build's.
    static Result<Store> open(const std::string &path, bool writable);

    Store(Store &&) noexcept;
    Store &operator=(Store &&) noexcept;
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;
    ~Store();

    /// The schema version this build creates and reads.
    static int schema_version();

    /// Find or create the row of one module load, keyed by (loaded_ns,
    /// kernel_release); records the module version and mode.
    Result<int64_t> instance(const Status &st);

    /// Batching: BEGIN IMMEDIATE ... COMMIT.  Outside a batch every write is
    /// its own transaction.
    Result<void> begin();
    Result<void> commit();
    Result<void> rollback();

    /// Upsert by name (flags OR-merged); maps (inst, d.id) to the row; the
    /// parent is the row of d.parent_id in inst, when known.
    Result<void> put_domain(int64_t inst, const Domain &d);
    /// e.domain_id is the module's id in inst; permission bits OR-merged;
    /// Error{ENOENT} when that id is unknown.
    /// With `report` (a learned event), also records that the entry was
    /// used with e.perm in that epoch (the acl_seen table).
    Result<void> put_acl(int64_t inst, const AclEntry &e,
                         std::optional<AclReport> report = std::nullopt);
    /// Record a mark; Error{EEXIST} when the name is taken.
    Result<void> put_mark(const Mark &m);
    /// Every mark, oldest first.
    Result<std::vector<Mark>> marks();
    /// The mark of that name, or Error{ENOENT}.
    Result<Mark> mark(const std::string &name);
    /// Like snapshot(), but only the entries reported at or after `since`
    /// and before `until` (either may be null: no bound), each with the
    /// bits it was used with in that window.
    Result<Snapshot> snapshot_window(const Mark *since, const Mark *until);
    /// One audit row; a domain id unknown in inst is stored as NULL.  The same
    /// event (instance, seq, path, time) stored twice is one row.
    Result<void> put_watch_event(int64_t inst, const WatchEvent &ev);
    /// An inclusive range of sequence numbers that never arrived: learned
    /// and exec events (PHTRACK_A_SEQ), restored by a resync.
    Result<void> put_loss(int64_t inst, uint64_t first_seq, uint64_t last_seq,
                          std::string_view reason);
    /// An inclusive range of audit sequence numbers (PHTRACK_A_AUDIT_SEQ)
    /// that will never be stored.
    Result<void> put_audit_loss(int64_t inst, uint64_t first_seq, uint64_t last_seq,
                                std::string_view reason);
    Result<uint64_t> last_seq(int64_t inst);
    Result<void> set_last_seq(int64_t inst, uint64_t seq);
    /// The last audit sequence number the instance's events are stored (or
    /// recorded as lost) up to.
    /// Whether a resync of this module instance was ever stored (it has
    /// domains): a phd whose first start failed has not given it the
    /// stored watches yet.
    Result<bool> instance_resynced(int64_t inst);
    Result<uint64_t> audit_seq(int64_t inst);
    Result<void> set_audit_seq(int64_t inst, uint64_t seq);

    /// Replace the stored watch list with the module's.
    Result<void> set_watches(const std::vector<Watch> &ws);
    Result<std::vector<Watch>> watches();

    /// Every domain and entry, union over all instances.  Ids are the store's
    /// row ids (consistent between domains and entries); tasks is 0.
    Result<Snapshot> snapshot();
    Result<WhoSummary> who(const WhoQuery &q);
    /// The learning record of the domains `q` selects, in name order.
    Result<std::vector<DomainReadiness>> readiness(const ReadinessQuery &q);
    /// The stored violations `q` selects, oldest first.
    Result<std::vector<ViolationRow>> violations(const ViolationQuery &q);
    Result<StoreStats> stats();
    /// The chain head as the chain table records it (cheap).
    Result<ChainHead> chain_head();
    /// Walk the audit rows' hash chain (docs/store.md, "Hash chain").
    Result<ChainReport> verify(size_t max_listed = 20);
    /// The hash recorded at a chain position: its row's, or the anchor of
    /// the pruned range ending there; nullopt when there is neither.
    Result<std::optional<Digest>> chain_hash_at(int64_t pos);
    /// One pruning step in a transaction of its own: at most `max_rows` of
    /// the oldest audit rows that `p` calls for (docs/store.md, "Retention").
    Result<PruneResult> prune(const RetentionPolicy &p, uint64_t now_ns, size_t max_rows);
    /// Copy the WAL back into the database and truncate it (outside a
    /// batch): frees the WAL's disk space when the filesystem runs low.
    Result<void> checkpoint();
    /// The store's pages in use, in bytes.
    Result<uint64_t> used_bytes();

    /// "ok", or the problems PRAGMA integrity_check reports, one per line.
    Result<std::string> integrity_check();

  private:
    struct Impl;
    explicit Store(std::unique_ptr<Impl> impl);
    Result<void> insert_loss(int64_t inst, LossKind kind, uint64_t first_seq, uint64_t last_seq,
                             std::string_view reason);
    Result<uint64_t> instance_seq(int64_t inst, const char *column);
    Result<void> set_instance_seq(int64_t inst, const char *column, uint64_t seq);
    std::unique_ptr<Impl> impl_;
};

}  // namespace ph
