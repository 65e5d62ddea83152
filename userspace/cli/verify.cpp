// ph verify: walk the hash chain of phd's audit rows (docs/store.md, "Hash
// chain") and name the first row that was changed, deleted or inserted by
// hand; with --anchor POS:HASH, also check the chain against a head that
// phd logged earlier.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "db.hpp"
#include "json.hpp"
#include "util.hpp"

namespace ph::cli {

namespace {

const char *kind_name(ChainProblem::Kind k) {
    switch (k) {
        case ChainProblem::kChanged: return "changed";
        case ChainProblem::kDeleted: return "deleted";
        case ChainProblem::kInserted: return "inserted";
        case ChainProblem::kPrunedRange: return "pruned-range";
        case ChainProblem::kHead: return "head";
        case ChainProblem::kParts: return "partition";
    }
    return "?";
}

std::string where(const ChainProblem &p) {
    if (p.kind == ChainProblem::kDeleted)
        return p.pos == p.last_pos
                   ? "chain position " + std::to_string(p.pos)
                   : "chain positions " + std::to_string(p.pos) + ".." + std::to_string(p.last_pos);
    if (p.pos == 0)
        return "a row";
    return "chain position " + std::to_string(p.pos);
}

}  // namespace

int cmd_verify(const Options &opt, const std::vector<std::string> &args) {
    std::optional<std::pair<int64_t, Digest>> anchor;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (a == "--anchor" && i + 1 < args.size()) {
            const std::string &v = args[++i];
            size_t colon = v.find(':');
            auto pos = parse_u32(std::string_view(v).substr(0, colon));
            Digest d{};
            if (colon == std::string::npos || !pos || !from_hex(v.substr(colon + 1), d))
                return usage_error("--anchor takes POS:HASH (as phd logs the chain head)");
            anchor.emplace(int64_t{*pos}, d);
        } else {
            return usage_error(("verify: unknown argument '" + a + "'").c_str());
        }
    }
    auto store = open_store(opt);
    if (!store)
        return fail(store.error());
    auto rep = store.value().verify();
    if (!rep)
        return fail(rep.error());
    ChainReport &r = rep.value();
    bool anchor_ok = true;
    std::string anchor_msg;
    if (anchor) {
        auto h = store.value().chain_hash_at(anchor->first);
        if (!h)
            return fail(h.error());
        if (!h.value()) {
            anchor_ok = false;
            anchor_msg = "no row and no pruned range ends at chain position " +
                         std::to_string(anchor->first);
        } else if (*h.value() != anchor->second) {
            anchor_ok = false;
            anchor_msg = "chain position " + std::to_string(anchor->first) +
                         " does not have the logged hash: the chain was rewritten";
        }
    }
    bool ok = r.ok() && anchor_ok;
    if (opt.json) {
        JsonWriter j;
        j.begin_object().key("store").value(store_path(opt)).key("ok").value(ok);
        j.key("rows").value(r.rows).key("first_pos").value(r.first_pos);
        j.key("last_pos").value(r.last_pos).key("pruned_rows").value(r.pruned_rows);
        j.key("pruned_ranges").value(r.pruned_ranges);
        j.key("head_pos").value(r.head.pos).key("head_hash").value(to_hex(r.head.hash));
        if (anchor)
            j.key("anchor_ok").value(anchor_ok);
        j.key("problems").begin_array();
        for (const ChainProblem &p : r.problems) {
            j.begin_object().key("kind").value(kind_name(p.kind)).key("pos").value(p.pos);
            j.key("last_pos").value(p.last_pos).key("row").value(p.row);
            j.key("detail").value(p.detail).end_object();
        }
        j.end_array().key("more_problems").value(r.more_problems).end_object();
        printf("%s\n", j.str().c_str());
        return ok ? 0 : 1;
    }
    for (const ChainProblem &p : r.problems)
        printf("%s: %s: %s%s%s\n", where(p).c_str(), kind_name(p.kind), p.detail.c_str(),
               p.row.empty() ? "" : ": ", p.row.c_str());
    if (r.more_problems)
        printf("... and %llu more problems\n", static_cast<unsigned long long>(r.more_problems));
    if (!anchor_ok)
        printf("anchor: %s\n", anchor_msg.c_str());
    std::string summary = std::to_string(r.rows) + " audit rows";
    if (r.rows)
        summary += " (chain positions " + std::to_string(r.first_pos) + ".." +
                   std::to_string(r.last_pos) + ")";
    if (r.pruned_rows)
        summary += ", after " + std::to_string(r.pruned_rows) + " pruned rows in " +
                   std::to_string(r.pruned_ranges) + " ranges";
    if (ok)
        printf("ok: %s verified; head %lld %s\n", summary.c_str(),
               static_cast<long long>(r.head.pos), to_hex(r.head.hash).c_str());
    else
        printf("FAILED: %s checked, %zu problems\n", summary.c_str(),
               r.problems.size() + static_cast<size_t>(r.more_problems) + (anchor_ok ? 0 : 1));
    return ok ? 0 : 1;
}

}  // namespace ph::cli
