// The statements phstore keeps prepared, by slot of its sql::Db, and the
// columns of the who scans.  Their tables are in schema.cpp (docs/store.md).
#pragma once

#include <cstddef>

#include "sqlite.hpp"

namespace ph::store {

// The statements a Store keeps prepared.
enum Q : size_t {
    kInstancePut,
    kKdomainGet,
    kKdomainPut,
    kDomainPut,
    kAclPut,
    kPathGet,
    kPathPut,
    kCommGet,
    kCommPut,
    kAuditPut,
    kDirstatAdd,
    kPathLast,
    kInstanceEvents,
    kTallyPath,
    kTallyPath2,
    kScanPath,
    kScanPath2,
    kPathText,
    kCommText,
    kDomainName,
    kAclSeenPut,
    kPartPut,
    kSeqMax,
    kSeqHas,
    kNumQ
};

// Audit rows are partitioned by chain position: partition `chain >>
// kPartBits` (the `part` column), the leading key of the who indexes, so a
// batch inserts its index entries into one or two small partitions
// (docs/store.md, "audit").
inline constexpr int kPartBits = 16;

// Columns of the who scans: kTally* read the leading ones only (SQLite
// builds every selected column of every row: the fewer, the faster).
#define PH_LEAD_COLS "ts_ns, op, domain, comm, uid, path"
#define PH_FULL_COLS PH_LEAD_COLS ", instance, seq, path2, pid, tgid, ppid, euid, gid, result"
enum ScanCol {
    cTs,
    cOp,
    cDomain,
    cComm,
    cUid,
    cPath,
    cInst,  // kScan* only from here
    cSeq,
    cPath2,
    cPid,
    cTgid,
    cPpid,
    cEuid,
    cGid,
    cResult
};
// In partition ?4 (the who indexes audit_who and audit_who2 cover the
// leading columns).
#define PH_WHERE_PATH " FROM audit WHERE part = ?4 AND path = ?1 AND ts_ns BETWEEN ?2 AND ?3"
#define PH_WHERE_PATH2                                                                    \
    " FROM audit WHERE part = ?4 AND path2 = ?1 AND path2 IS NOT NULL AND ts_ns BETWEEN " \
    "?2 AND ?3"

inline constexpr const char *kSql[kNumQ] = {
    // kInstancePut
    "INSERT INTO instances (loaded_ns, kernel_release, module_version, mode, first_seen_ns) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (loaded_ns, kernel_release) DO UPDATE SET "
    "module_version = excluded.module_version, mode = excluded.mode RETURNING id",
    // kKdomainGet
    "SELECT domain FROM kdomains WHERE instance = ?1 AND kid = ?2",
    // kKdomainPut
    "INSERT INTO kdomains (instance, kid, domain) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (instance, kid) DO UPDATE SET domain = excluded.domain",
    // kDomainPut
    "INSERT INTO domains (name, parent, depth, flags, created_ns, target) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (name) DO UPDATE SET "
    "parent = coalesce(excluded.parent, parent), depth = excluded.depth, "
    "flags = flags | excluded.flags, "
    "created_ns = CASE WHEN created_ns = 0 THEN excluded.created_ns ELSE created_ns END, "
    "target = CASE WHEN excluded.target <> '' THEN excluded.target ELSE target END "
    "RETURNING id",
    // kAclPut
    "INSERT INTO acl (domain, type, sub, num0, num1, num2, str0, str1, str2, perm, first_ns) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
    "ON CONFLICT (domain, type, sub, num0, num1, num2, str0, str1, str2) "
    "DO UPDATE SET perm = perm | excluded.perm",
    // kPathGet
    "SELECT id FROM paths WHERE path = ?1",
    // kPathPut
    "INSERT INTO paths (path) VALUES (?1)",
    // kCommGet
    "SELECT id FROM comms WHERE comm = ?1",
    // kCommPut
    "INSERT INTO comms (comm) VALUES (?1)",
    // kAuditPut
    "INSERT INTO audit (path, ts_ns, instance, seq, path2, op, pid, tgid, ppid, uid, "
    "euid, gid, comm, domain, watch_id, result, chain, hash, kind, entry, part) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?21)",
    // kDirstatAdd
    "INSERT INTO dirstats (dir, op, domain, comm, uid, count, first_ns, last_ns) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (dir, op, domain, comm, uid) DO UPDATE SET count = count + excluded.count, "
    "first_ns = min(first_ns, excluded.first_ns), last_ns = max(last_ns, excluded.last_ns)",
    // kPathLast
    "UPDATE paths SET last_ns = max(last_ns, ?2) WHERE id = ?1",
    // kInstanceEvents: instance ?1 stored ?2 more rows, the newest seq ?3
    "UPDATE instances SET events = events + ?2, stored_seq = max(coalesce(stored_seq, ?3), ?3) "
    "WHERE id = ?1",
    // kTallyPath: events on the path (as first object), in any order.
    "SELECT " PH_LEAD_COLS PH_WHERE_PATH,
    // kTallyPath2: events whose second object is the path.
    "SELECT " PH_LEAD_COLS PH_WHERE_PATH2,
    // kScanPath: newest first (ties in any order: who's TopK orders them).
    "SELECT " PH_FULL_COLS PH_WHERE_PATH " ORDER BY ts_ns DESC",
    // kScanPath2
    "SELECT " PH_FULL_COLS PH_WHERE_PATH2 " ORDER BY ts_ns DESC",
    // kPathText
    "SELECT path FROM paths WHERE id = ?1",
    // kCommText
    "SELECT comm FROM comms WHERE id = ?1",
    // kDomainName
    "SELECT name FROM domains WHERE id = ?1",
    // kAclSeenPut: the entry of kAclPut's binds ?1..?9 was reported in
    // (instance ?10, epoch ?11) with bits ?12 at ?13
    "INSERT INTO acl_seen (acl, instance, epoch, perm, time_ns) "
    "SELECT id, ?10, ?11, ?12, ?13 FROM acl WHERE domain = ?1 AND type = ?2 AND sub = ?3 "
    "AND num0 = ?4 AND num1 = ?5 AND num2 = ?6 AND str0 = ?7 AND str1 = ?8 AND str2 = ?9 "
    "ON CONFLICT (acl, instance, epoch) DO UPDATE SET perm = perm | excluded.perm, "
    "time_ns = min(time_ns, excluded.time_ns)",
    // kPartPut: partition ?1 holds rows from ?2 to ?3
    "INSERT INTO parts (part, first_ns, last_ns) VALUES (?1, ?2, ?3) ON CONFLICT (part) DO "
    "UPDATE SET first_ns = min(first_ns, excluded.first_ns), "
    "last_ns = max(last_ns, excluded.last_ns)",
    // kSeqMax: the newest sequence number stored of instance ?1 (NULL: none)
    "SELECT stored_seq FROM instances WHERE id = ?1",
    // kSeqHas: is the event (instance ?1, seq ?2, path ?3, at ?4) stored?
    // Through audit_who, in the partitions whose time range holds ?4.
    "SELECT 1 FROM audit WHERE part IN (SELECT part FROM parts WHERE first_ns <= ?4 AND "
    "last_ns >= ?4) AND path = ?3 AND ts_ns = ?4 AND instance = ?1 AND seq = ?2 LIMIT 1",
};
#undef PH_LEAD_COLS
#undef PH_FULL_COLS
#undef PH_WHERE_PATH
#undef PH_WHERE_PATH2

/// The cached statement `q` of `db`.
inline Result<sql::Query> stmt(sql::Db &db, Q q) {
    return db.cached(q, kSql[q]);
}

}  // namespace ph::store
