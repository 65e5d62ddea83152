// Reading the running module for ph-editpolicy (live_source.hpp).
#include "live_source.hpp"

#include <dirent.h>

#include <cerrno>
#include <charconv>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "linux/phtrack.h"
#include "netlink.hpp"
#include "ph_acl_rule.h"
#include "store_source.hpp"

namespace ph::editpolicy {

namespace {

// Thread group leaders of /proc, without kernel threads.
std::vector<Process> read_proc() {
    std::vector<Process> out;
    DIR *dir = opendir("/proc");
    if (!dir)
        return out;
    while (dirent *e = readdir(dir)) {
        uint32_t pid = 0;
        std::string_view n = e->d_name;
        auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), pid);
        if (ec != std::errc() || end != n.data() + n.size())
            continue;
        std::ifstream f(std::string("/proc/") + e->d_name + "/stat");
        std::ostringstream whole;
        whole << f.rdbuf();
        std::string line = whole.str();
        size_t lp = line.find('('), rp = line.rfind(')');
        if (lp == std::string::npos || rp == std::string::npos || rp < lp || rp + 2 > line.size())
            continue;
        Process p;
        p.pid = pid;
        p.comm = line.substr(lp + 1, rp - lp - 1);
        std::istringstream rest(line.substr(rp + 2));
        std::string state;
        long pgrp = 0, session = 0, tty = 0, tpgid = 0;
        unsigned long flags = 0;
        rest >> state >> p.ppid >> pgrp >> session >> tty >> tpgid >> flags;
        if (flags & 0x00200000UL)  // PF_KTHREAD
            continue;
        out.push_back(std::move(p));
    }
    closedir(dir);
    return out;
}

// The loaded domain policy's access lines, each with its domain's id.
std::vector<PolicyLine> domain_lines(const std::vector<Domain> &domains,
                                     const std::vector<LoadedLine> &loaded) {
    std::unordered_map<std::string, uint32_t> ids;
    for (const Domain &d : domains) ids.emplace(d.name, d.id);
    std::vector<PolicyLine> out;
    const uint32_t *id = nullptr;
    for (const LoadedLine &l : loaded) {
        if (l.file != PHTRACK_POLICY_FILE_DOMAIN)
            continue;
        if (l.text.rfind("<kernel>", 0) == 0) {
            auto it = ids.find(l.text);
            id = it == ids.end() ? nullptr : &it->second;
            continue;
        }
        if (id && ph_acl_rule_keyword(l.text.data(), l.text.size()))
            out.push_back({*id, l.text});
    }
    return out;
}

}  // namespace

Result<void> LiveSource::apply(const PolicyEdit &e) {
    auto client = Client::connect();
    if (!client)
        return client.error();
    Client &c = client.value();
    std::vector<std::string> lines;
    lines.reserve(e.lines.size() + 1);
    lines.push_back(e.domain);
    lines.insert(lines.end(), e.lines.begin(), e.lines.end());
    if (auto r =
            c.load_begin(1U << PHTRACK_POLICY_FILE_EXCEPTION | 1U << PHTRACK_POLICY_FILE_DOMAIN);
        !r)
        return r.error();
    if (auto r = c.load_lines(PHTRACK_POLICY_FILE_DOMAIN, lines); !r)
        return r.error();
    if (auto r = c.load_commit(); !r)
        return r.error();
    return {};
}

Result<PolicyData> LiveSource::load() {
    PolicyData d;
    d.origin = "live";
    auto client = Client::connect();
    if (!client)
        return client.error();
    Client &c = client.value();
    auto st = c.status();
    if (!st)
        return st.error();
    d.mode = st.value().mode;
    auto doms = c.domains();
    if (!doms)
        return doms.error();
    d.domains = std::move(doms.value());
    auto acl = c.acl(std::nullopt);
    if (!acl)
        return acl.error();
    d.entries = std::move(acl.value());
    auto loaded = c.loaded();
    if (!loaded)
        return loaded.error();
    d.lines = domain_lines(d.domains, loaded.value());
    auto pol = c.policy_get();
    if (!pol)
        return pol.error();
    d.has_exception = true;
    d.exception = std::move(pol.value());
    if (auto mgr = c.manager_get()) {
        d.has_managers = true;
        d.managers = std::move(mgr.value().entries);
        d.managers_note = mgr.value().self ? "(this process may manage)"
                                           : "(this process is no manager: changes are refused)";
    } else {
        d.managers_note = "(the module did not give its manager list: " + mgr.error().message + ")";
    }
    const Status &s = st.value();
    auto add = [&](const std::string &label, const std::string &v) {
        d.stats.emplace_back(label, v);
    };
    add("module version", s.module_version);
    add("kernel", s.kernel_release);
    add("active", s.active ? "yes" : "no");
    add("max domains", std::to_string(s.limits.max_domains));
    add("max depth", std::to_string(s.limits.max_depth));
    add("entry quota per domain", std::to_string(s.acl_quota));
    add("entry memory limit (bytes)", std::to_string(s.acl_mem_max));
    add("event queue", std::to_string(s.event_queue));
    for (const CounterInfo &ci : kCounters) {
        uint64_t v = s.counters.*ci.field;
        add(std::string(ci.label), ci.flag ? (v ? "yes" : "no") : std::to_string(v));
    }
    for (Process &p : read_proc()) {
        auto dom = c.pid_domain(p.pid);
        if (!dom)
            continue;  // exited meanwhile, or not tracked
        p.domain = dom.value().name;
        d.processes.push_back(std::move(p));
    }
    d.process_note = "live: /proc and the module";
    d.violations_note = "no readable phd store";
    if (!store_.empty())
        if (auto r = add_store_history(store_, d, false); !r)
            d.stats.emplace_back("store", store_ + ": " + r.error().message);
    return d;
}

Result<WhoSummary> LiveSource::who(const std::string &path) {
    if (store_.empty())
        return Error{ENOENT, "no readable phd store: ph who needs it"};
    return store_who(store_, path);
}

Result<void> LiveSource::set_mode(uint32_t mode) {
    auto client = Client::connect();
    if (!client)
        return client.error();
    return client.value().set_mode(mode);
}

Result<uint32_t> LiveSource::set_domain_mode(uint32_t id, int mode, bool subtree) {
    auto client = Client::connect();
    if (!client)
        return client.error();
    return client.value().set_domain_mode(id, mode, subtree);
}

}  // namespace ph::editpolicy
