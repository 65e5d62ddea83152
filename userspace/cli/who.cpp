// ph who PATH: who accessed a watched path, from phd's store.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "db.hpp"
#include "json.hpp"
#include "proto.hpp"
#include "store.hpp"
#include "term.hpp"
#include "util.hpp"

namespace ph::cli {

namespace {

constexpr const char *kWhoUsage =
    "who PATH [--since TIME] [--until TIME] [--op OPS] [--domain DOMAIN [--subtree]] "
    "[--limit N|--all]";

// Columns separated by two spaces, padded to the widest cell; the last
// column is not padded.  `right[i]`: column i is right-aligned (numbers).
void print_table(const std::vector<std::vector<std::string>> &rows,
                 const std::vector<bool> &right) {
    std::vector<size_t> width(right.size(), 0);
    std::vector<std::vector<std::string>> safe;
    for (const auto &r : rows) {
        safe.emplace_back();
        for (const auto &cell : r) safe.back().push_back(term_safe(cell));
    }
    for (const auto &r : safe)
        for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
    for (const auto &r : safe) {
        std::string line;
        for (size_t i = 0; i < r.size(); ++i) {
            bool last = i + 1 == r.size();
            std::string pad(width[i] - r[i].size(), ' ');
            if (i)
                line += "  ";
            line += right[i] ? pad + r[i] : (last ? r[i] : r[i] + pad);
        }
        printf("%s\n", line.c_str());
    }
}

std::string result_text(int32_t result) {
    if (result == 0)
        return "ok";
    if (result == -EPERM)
        return "denied";
    return std::to_string(result);
}

std::string domain_text(const std::string &d) {
    return d.empty() ? "?" : d;
}

// "1 access", "2 accesses".
std::string count_of(uint64_t n, const char *one, const char *many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

void print_plain(const WhoQuery &q, const WhoSummary &s) {
    printf("%s: %s, %s", term_safe(q.path).c_str(), count_of(s.total, "access", "accesses").c_str(),
           count_of(s.changes, "change", "changes").c_str());
    if (s.total)
        printf(", %s .. %s", format_time(s.first_ns).c_str(), format_time(s.last_ns).c_str());
    printf("\n");
    if (!s.total)
        return;

    printf("\n");
    std::vector<std::vector<std::string>> by = {{"COUNT", "CHANGES", "UID", "COMM", "DOMAIN"}};
    for (const WhoGroup &g : s.by)
        by.push_back({std::to_string(g.count), std::to_string(g.changes), std::to_string(g.uid),
                      g.comm, domain_text(g.domain)});
    print_table(by, {true, true, true, false, false});

    if (s.rows.empty())
        return;
    // The object column is needed when the rows may differ in it: a
    // directory, or a second object (rename, link).
    bool object = q.path.back() == '/';
    for (const WhoRow &r : s.rows) object = object || !r.path2.empty();
    printf("\n");
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> head = {"TIME", "OP"};
    if (object)
        head.push_back("OBJECT");
    for (const char *h : {"PID", "PPID", "UID/EUID/GID", "COMM", "RESULT", "DOMAIN"})
        head.push_back(h);
    rows.push_back(head);
    for (const WhoRow &r : s.rows) {
        std::vector<std::string> row = {format_time_ns(r.time_ns), std::string(op_name(r.op))};
        if (object)
            row.push_back(r.path2.empty() ? r.path : r.path + " " + r.path2);
        row.insert(row.end(), {std::to_string(r.pid), std::to_string(r.ppid),
                               std::to_string(r.uid) + "/" + std::to_string(r.euid) + "/" +
                                   std::to_string(r.gid),
                               r.comm, result_text(r.result), domain_text(r.domain)});
        rows.push_back(std::move(row));
    }
    std::vector<bool> right = {false, false};
    if (object)
        right.push_back(false);
    right.insert(right.end(), {true, true, false, false, false, false});
    print_table(rows, right);
    if (s.rows.size() < s.total)
        printf("(the newest %zu of %llu; --all shows every one)\n", s.rows.size(),
               static_cast<unsigned long long>(s.total));
}

void print_json(const WhoQuery &q, const WhoSummary &s) {
    JsonWriter j;
    j.begin_object()
        .key("path")
        .value(q.path)
        .key("total")
        .value(s.total)
        .key("changes")
        .value(s.changes)
        .key("first_ns")
        .value(s.first_ns)
        .key("last_ns")
        .value(s.last_ns)
        .key("by")
        .begin_array();
    for (const WhoGroup &g : s.by) {
        j.begin_object().key("domain");
        if (g.domain.empty())
            j.null();
        else
            j.value(g.domain);
        j.key("comm")
            .value(g.comm)
            .key("uid")
            .value(g.uid)
            .key("count")
            .value(g.count)
            .key("changes")
            .value(g.changes)
            .key("last_ns")
            .value(g.last_ns)
            .end_object();
    }
    j.end_array().key("rows").begin_array();
    for (const WhoRow &r : s.rows) {
        j.begin_object()
            .key("time_ns")
            .value(r.time_ns)
            .key("seq")
            .value(r.seq)
            .key("op")
            .value(op_name(r.op))
            .key("path")
            .value(r.path);
        if (!r.path2.empty())
            j.key("path2").value(r.path2);
        j.key("pid")
            .value(r.pid)
            .key("tgid")
            .value(r.tgid)
            .key("ppid")
            .value(r.ppid)
            .key("uid")
            .value(r.uid)
            .key("euid")
            .value(r.euid)
            .key("gid")
            .value(r.gid)
            .key("comm")
            .value(r.comm)
            .key("domain");
        if (r.domain.empty())
            j.null();
        else
            j.value(r.domain);
        j.key("result").value(static_cast<int64_t>(r.result)).end_object();
    }
    j.end_array().end_object();
    printf("%s\n", j.str().c_str());
}

}  // namespace

int cmd_who(const Options &opt, const std::vector<std::string> &args) {
    WhoQuery q;
    uint64_t now = realtime_ns();
    auto usage = [](const std::string &why) {
        std::string msg = why + "\nUsage: ph " + kWhoUsage;
        return usage_error(msg.c_str());
    };
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string &a = args[i];
        bool has_value = i + 1 < args.size();
        if (a == "--since" || a == "--until") {
            auto t = time_option(args, i, now);
            if (!t)
                return usage(t.error().message);
            (a == "--since" ? q.since_ns : q.until_ns) = t.value();
        } else if (a == "--op" || a == "--ops") {
            if (!has_value)
                return usage(a + " needs a list of operations");
            auto ops = parse_ops(args[++i]);
            if (!ops)
                return usage(ops.error().message);
            q.ops = ops.value();
        } else if (a == "--domain") {
            if (!has_value)
                return usage("--domain needs a DOMAIN (its full name)");
            q.domain = args[++i];
        } else if (a == "--subtree") {
            q.domain_subtree = true;
        } else if (a == "--limit") {
            auto n = has_value ? parse_u32(args[++i]) : std::nullopt;
            if (!n)
                return usage("--limit needs a number (0: every row)");
            q.limit = *n;
        } else if (a == "--all") {
            q.limit = 0;
        } else if (a.size() > 1 && a[0] == '-') {
            return usage("who: unknown option '" + a + "'");
        } else if (q.path.empty()) {
            q.path = a;
        } else {
            return usage("who takes one PATH");
        }
    }
    if (q.path.empty())
        return usage("who needs a PATH");
    if (q.domain_subtree && q.domain.empty())
        return usage("--subtree needs --domain");

    auto store = open_store(opt);
    if (!store)
        return fail(store.error());
    auto s = store.value().who(q);
    if (!s)
        return fail(s.error());
    if (opt.json)
        print_json(q, s.value());
    else
        print_plain(q, s.value());
    return 0;
}

}  // namespace ph::cli
