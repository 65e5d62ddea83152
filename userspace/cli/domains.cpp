// ph domains, ph pstree, ph domain-of, ph events: the domain views.
#include <dirent.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>

#include "commands.hpp"
#include "db.hpp"
#include "json.hpp"
#include "netlink.hpp"
#include "proto.hpp"
#include "seq.hpp"
#include "term.hpp"
#include "util.hpp"
#include "watch.hpp"

namespace ph::cli {

namespace {

std::string_view last_word(std::string_view name) {
    size_t sp = name.rfind(' ');
    return sp == std::string_view::npos ? name : name.substr(sp + 1);
}

std::string flag_suffix(const Domain &d) {
    std::string s;
    if (d.reconstructed())
        s += " (reconstructed)";
    if (d.capped())
        s += " (capped)";
    if (d.quota())
        s += " (quota)";
    if (d.has_mode && d.own_mode)
        s += " (" + std::string(mode_name(d.mode)) + ")";
    return s;
}

void json_domain(JsonWriter &j, const Domain &d) {
    j.begin_object().key("id").value(d.id).key("name").value(d.name);
    if (d.has_parent)
        j.key("parent").value(d.parent_id);
    else
        j.key("parent").null();
    j.key("depth")
        .value(d.depth)
        .key("tasks")
        .value(d.tasks)
        .key("created_ns")
        .value(d.created_ns)
        .key("reconstructed")
        .value(d.reconstructed())
        .key("capped")
        .value(d.capped())
        .key("quota_reached")
        .value(d.quota())
        .key("acl_count")
        .value(d.acl_count);
    if (!d.target.empty())
        j.key("target").value(d.target);
    if (d.has_mode) {
        // The mode is also TOMOYO's profile number (0 disabled .. 3 enforcing).
        j.key("mode")
            .value(std::string(mode_name(d.mode)))
            .key("profile")
            .value(d.mode)
            .key("own_mode")
            .value(d.own_mode);
    }
    j.end_object();
}

}  // namespace

int cmd_domains(const Options &opt, const std::vector<std::string> &args) {
    bool full = false, profile = false;
    for (size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--full")
            full = true;
        else if (args[i] == "--profile")
            profile = true;
        else
            return usage_error("domains takes only --full, --profile (and the global --json)");
    }
    auto ds = load_domains(opt);
    if (!ds)
        return fail(ds.error());
    std::vector<Domain> &v = ds.value();
    sort_domains(v);
    if (opt.json) {
        JsonWriter j;
        j.begin_array();
        for (const auto &d : v) json_domain(j, d);
        j.end_array();
        printf("%s\n", j.str().c_str());
        return 0;
    }
    for (size_t i = 0; i < v.size(); ++i) {
        const Domain &d = v[i];
        // TOMOYO's domain list puts the profile number first; "-" when not known (--db).
        if (profile && d.has_mode)
            printf("%u ", d.mode);
        else if (profile)
            printf("- ");
        if (full)
            printf("%s%s\n", term_safe(d.name).c_str(), flag_suffix(d).c_str());
        else
            printf("%zu: %*s%s%s\n", i, static_cast<int>(2 * d.depth), "",
                   term_safe(last_word(d.name)).c_str(), flag_suffix(d).c_str());
    }
    return 0;
}

int cmd_domain_of(const Options &opt, const std::vector<std::string> &args) {
    if (args.size() != 2)
        return usage_error("domain-of takes one PID");
    auto pid = parse_u32(args[1]);
    if (!pid)
        return usage_error("domain-of: PID must be a number");
    auto client = Client::connect();
    if (!client)
        return fail(client.error());
    auto d = client.value().pid_domain(*pid);
    if (!d)
        return fail(d.error());
    if (opt.json) {
        JsonWriter j;
        json_domain(j, d.value());
        printf("%s\n", j.str().c_str());
    } else {
        printf("%s%s\n", term_safe(d.value().name).c_str(), flag_suffix(d.value()).c_str());
    }
    return 0;
}

namespace {

struct Proc {
    uint32_t pid = 0;
    uint32_t ppid = 0;
    bool kthread = false;
    std::string comm;
    std::string domain;
    bool reconstructed = false;
};

// Processes from /proc (thread group leaders only).
std::vector<Proc> read_procs() {
    std::vector<Proc> out;
    DIR *dir = opendir("/proc");
    if (!dir)
        return out;
    while (dirent *e = readdir(dir)) {
        auto pid = parse_u32(e->d_name);
        if (!pid)
            continue;
        // All of it: a comm may hold a newline (prctl(PR_SET_NAME)), and
        // only the last ')' ends it.
        std::ifstream f(std::string("/proc/") + e->d_name + "/stat");
        std::ostringstream whole;
        whole << f.rdbuf();
        std::string line = whole.str();
        if (line.empty())
            continue;
        size_t lp = line.find('('), rp = line.rfind(')');
        if (lp == std::string::npos || rp == std::string::npos || rp < lp)
            continue;
        Proc p;
        p.pid = *pid;
        p.comm = line.substr(lp + 1, rp - lp - 1);
        std::istringstream rest(line.substr(rp + 2));
        std::string state;
        long pgrp = 0, session = 0, tty = 0, tpgid = 0;
        unsigned long flags = 0;
        rest >> state >> p.ppid >> pgrp >> session >> tty >> tpgid >> flags;
        p.kthread = (flags & 0x00200000UL) != 0;  // PF_KTHREAD
        out.push_back(std::move(p));
    }
    closedir(dir);
    std::sort(out.begin(), out.end(), [](const Proc &a, const Proc &b) { return a.pid < b.pid; });
    return out;
}

}  // namespace

int cmd_pstree(const Options &opt, const std::vector<std::string> &args) {
    bool all = false;
    for (size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--all" || args[i] == "-a")
            all = true;
        else
            return usage_error("pstree takes only --all");
    }
    auto client = Client::connect();
    if (!client)
        return fail(client.error());
    auto procs = read_procs();
    if (!all)
        std::erase_if(procs, [](const Proc &p) { return p.kthread; });
    std::unordered_map<uint32_t, size_t> index;
    for (size_t i = 0; i < procs.size(); ++i) {
        index[procs[i].pid] = i;
        auto d = client.value().pid_domain(procs[i].pid);
        if (d) {
            procs[i].domain = d.value().name;
            procs[i].reconstructed = d.value().reconstructed();
        } else if (d.error().code != ESRCH) {
            return fail(d.error());
        }
    }
    if (opt.json) {
        JsonWriter j;
        j.begin_array();
        for (const auto &p : procs) {
            if (p.domain.empty())
                continue;  // exited meanwhile
            j.begin_object()
                .key("pid")
                .value(p.pid)
                .key("ppid")
                .value(p.ppid)
                .key("comm")
                .value(p.comm)
                .key("domain")
                .value(p.domain)
                .key("reconstructed")
                .value(p.reconstructed)
                .end_object();
        }
        j.end_array();
        printf("%s\n", j.str().c_str());
        return 0;
    }
    std::map<uint32_t, std::vector<size_t>> children;
    std::vector<size_t> roots;
    for (size_t i = 0; i < procs.size(); ++i) {
        if (procs[i].domain.empty())
            continue;
        if (index.count(procs[i].ppid) && procs[i].ppid != procs[i].pid)
            children[procs[i].ppid].push_back(i);
        else
            roots.push_back(i);
    }
    // Iterative depth-first walk.
    std::vector<std::pair<size_t, int>> stack;
    for (auto it = roots.rbegin(); it != roots.rend(); ++it) stack.emplace_back(*it, 0);
    while (!stack.empty()) {
        auto [i, depth] = stack.back();
        stack.pop_back();
        const Proc &p = procs[i];
        printf("%*s%u %s  %s%s\n", 2 * depth, "", p.pid, term_safe(p.comm).c_str(),
               term_safe(p.domain).c_str(), p.reconstructed ? " (reconstructed)" : "");
        auto c = children.find(p.pid);
        if (c != children.end())
            for (auto it = c->second.rbegin(); it != c->second.rend(); ++it)
                stack.emplace_back(*it, depth + 1);
    }
    return 0;
}

namespace {

// The members every --json event line starts with, in this order.
JsonWriter &begin_event(JsonWriter &j, const EventActor &ev, const char *kind) {
    return j.begin_object()
        .key("seq")
        .value(ev.seq)
        .key("time_ns")
        .value(ev.time_ns)
        .key("event")
        .value(kind)
        .key("pid")
        .value(ev.pid)
        .key("tgid")
        .value(ev.tgid)
        .key("uid")
        .value(ev.uid)
        .key("comm")
        .value(ev.comm);
}

}  // namespace

int cmd_events(const Options &opt, const std::vector<std::string> &args) {
    uint64_t count = 0;
    for (size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--count" && i + 1 < args.size()) {
            auto n = parse_u32(args[++i]);
            if (!n)
                return usage_error("--count takes a number");
            count = *n;
        } else {
            return usage_error("events takes only --count N");
        }
    }
    auto client = Client::connect();
    if (!client)
        return fail(client.error());
    // Watch events are audit events, numbered in a sequence of their own.
    SeqTracker seqs, audit_seqs;
    uint64_t lost = 0;
    auto note_seq = [&](uint64_t seq) {
        if (auto gap = seqs.next(seq))
            lost += gap->count();
    };
    auto note_audit_seq = [&](uint64_t seq) {
        if (auto gap = audit_seqs.next(seq))
            lost += gap->count();
    };
    Client::EventHandlers h;
    h.on_exec = [&](const ExecEvent &ev) -> Result<void> {
        note_seq(ev.seq);
        if (opt.json) {
            JsonWriter j;
            begin_event(j, ev, "exec")
                .key("from")
                .value(ev.from.name)
                .key("to")
                .value(ev.to.name)
                .end_object();
            printf("%s\n", j.str().c_str());
        } else {
            printf("%s exec pid=%u uid=%u comm=%s %s\n", format_time(ev.time_ns).c_str(), ev.pid,
                   ev.uid, term_safe(ev.comm).c_str(), term_safe(ev.to.name).c_str());
        }
        fflush(stdout);
        return {};
    };
    h.on_learned = [&](const LearnedEvent &ev) -> Result<void> {
        note_seq(ev.seq);
        std::string line = format_acl(ev.entry);
        if (opt.json) {
            JsonWriter j;
            begin_event(j, ev, "learned")
                .key("domain_id")
                .value(ev.entry.domain_id)
                .key("entry")
                .value(line)
                .end_object();
            printf("%s\n", j.str().c_str());
        } else {
            printf("%s learned domain=%u pid=%u comm=%s %s\n", format_time(ev.time_ns).c_str(),
                   ev.entry.domain_id, ev.pid, term_safe(ev.comm).c_str(), term_safe(line).c_str());
        }
        fflush(stdout);
        return {};
    };
    h.on_watch = [&](const WatchEvent &ev) -> Result<void> {
        note_audit_seq(ev.seq);
        // Violation events (PHTRACK_CMD_EVENT_VIOLATION) come the same way.
        const bool watch = ev.kind == kAuditWatch;
        if (opt.json) {
            JsonWriter j;
            j.begin_object()
                .key("seq")
                .value(ev.seq)
                .key("time_ns")
                .value(ev.time_ns)
                .key("event")
                .value(watch ? "watch" : "violation");
            put_watch_event(j, ev);  // its own order: pid, tgid, ppid, uids...
            if (!watch)
                j.key("entry").value(ev.entry);
            j.end_object();
            printf("%s\n", j.str().c_str());
        } else if (!watch) {
            printf("%s violation pid=%u uid=%u comm=%s domain=%u result=%d %s\n",
                   format_time(ev.time_ns).c_str(), ev.pid, ev.uid, term_safe(ev.comm).c_str(),
                   ev.domain_id, ev.result, term_safe(ev.entry).c_str());
        } else {
            printf(
                "%s watch op=%s pid=%u ppid=%u uid=%u euid=%u gid=%u comm=%s domain=%u result=%d "
                "%s%s%s\n",
                format_time(ev.time_ns).c_str(), std::string(op_name(ev.op)).c_str(), ev.pid,
                ev.ppid, ev.uid, ev.euid, ev.gid, term_safe(ev.comm).c_str(), ev.domain_id,
                ev.result, term_safe(ev.path).c_str(), ev.path2.empty() ? "" : " ",
                term_safe(ev.path2).c_str());
        }
        fflush(stdout);
        return {};
    };
    h.on_overrun = [] { fprintf(stderr, "ph: the socket overflowed; events were lost\n"); };
    auto r = client.value().watch(h, count);
    if (lost)
        fprintf(stderr, "ph: %llu events lost (sequence gaps)\n",
                static_cast<unsigned long long>(lost));
    if (!r)
        return fail(r.error());
    return 0;
}

int cmd_acl(const Options &opt, const std::vector<std::string> &args) {
    bool all = false;
    std::string domain;
    for (size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--all")
            all = true;
        else if (domain.empty())
            domain = args[i];
        else
            return usage_error("acl takes one DOMAIN (quote it) or --all");
    }
    if (all == !domain.empty())
        return usage_error("acl needs a DOMAIN (its full name) or --all");
    auto view = load_acl(opt, domain);
    if (!view)
        return fail(view.error());
    const std::vector<Domain> &doms = view.value().domains;
    std::optional<uint32_t> only = view.value().only;
    std::map<uint32_t, std::vector<std::string>> lines;
    for (const auto &e : view.value().entries) lines[e.domain_id].push_back(format_acl(e));
    uint32_t profile = view.value().profile;
    if (opt.json) {
        JsonWriter j;
        j.begin_array();
        for (const auto &d : doms) {
            if (only && d.id != *only)
                continue;
            auto &v = lines[d.id];
            std::sort(v.begin(), v.end());
            j.begin_object()
                .key("domain")
                .value(d.name)
                .key("quota_reached")
                .value(d.quota())
                .key("entries")
                .begin_array();
            for (const auto &l : v) j.value(l);
            j.end_array().end_object();
        }
        j.end_array();
        printf("%s\n", j.str().c_str());
        return 0;
    }
    bool first = true;
    for (const auto &d : doms) {
        if (only && d.id != *only)
            continue;
        auto &v = lines[d.id];
        std::sort(v.begin(), v.end());
        if (!first)
            printf("\n");
        first = false;
        // TOMOYO's domain_policy layout: name, profile (the domain's mode when the module
        // reports it, else the mode recorded with the entries), blank line, entries.
        printf("%s\nuse_profile %u\n%s\n", term_safe(d.name).c_str(), d.has_mode ? d.mode : profile,
               d.quota() ? "# quota reached: some accesses were not learned\n" : "");
        for (const auto &l : v) printf("%s\n", term_safe(l).c_str());
    }
    return 0;
}

}  // namespace ph::cli
