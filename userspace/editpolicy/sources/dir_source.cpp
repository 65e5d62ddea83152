// A saved policy directory for ph-editpolicy (dir_source.hpp).
#include "dir_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "linux/phtrack.h"
#include "ph_acl_rule.h"
#include "ph_domainname.h"
#include "store_source.hpp"

namespace ph::editpolicy {

namespace {

constexpr const char *kDomainFile = "domain_policy.conf";

Result<std::string> read_all(const std::string &path, bool must) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        if (!must && errno == ENOENT)
            return std::string();
        return Error{errno ? errno : EIO, "cannot read " + path + ": " + strerror(errno)};
    }
    std::ostringstream out;
    out << f.rdbuf();
    if (f.bad())
        return Error{EIO, "read error on " + path};
    return out.str();
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
}

bool starts_word(std::string_view s, std::string_view w) {
    return s.size() >= w.size() && s.substr(0, w.size()) == w &&
           (s.size() == w.size() || s[w.size()] == ' ');
}

}  // namespace

Result<std::vector<DirSource::Section>> DirSource::read_sections() const {
    auto text = read_all(dir_ + "/" + kDomainFile, true);
    if (!text)
        return text.error();
    std::vector<Section> out;
    std::istringstream in(text.value());
    std::string raw;
    size_t lineno = 0;
    while (std::getline(in, raw)) {
        ++lineno;
        std::string_view line = trim(raw);
        if (line.empty() || line[0] == '#')
            continue;
        if (starts_word(line, "<kernel>")) {
            if (!ph_domain_valid(line.data(), line.size()))
                return Error{EINVAL, dir_ + "/" + kDomainFile + ":" + std::to_string(lineno) +
                                         ": invalid domain name"};
            out.push_back({std::string(line), {}});
            continue;
        }
        if (out.empty())
            return Error{EINVAL, dir_ + "/" + kDomainFile + ":" + std::to_string(lineno) +
                                     ": entry before the first domain header"};
        out.back().lines.emplace_back(line);
    }
    return out;
}

Result<void> DirSource::write_sections(const std::vector<Section> &secs) const {
    std::string text;
    for (const Section &s : secs) {
        text += s.header + "\n";
        for (const std::string &l : s.lines) text += l + "\n";
        text += "\n";
    }
    std::string path = dir_ + "/" + kDomainFile;
    std::string tmp = path + ".XXXXXX";
    int fd = mkstemp(tmp.data());
    if (fd < 0)
        return Error{errno, "cannot write in " + dir_ + ": " + strerror(errno)};
    size_t off = 0;
    while (off < text.size()) {
        ssize_t n = write(fd, text.data() + off, text.size() - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = errno ? errno : EIO;
            close(fd);
            unlink(tmp.c_str());
            return Error{e, "cannot write " + tmp + ": " + strerror(e)};
        }
        off += static_cast<size_t>(n);
    }
    if (fchmod(fd, 0600) != 0 || fsync(fd) != 0 || close(fd) != 0) {
        int e = errno;
        unlink(tmp.c_str());
        return Error{e, "cannot write " + tmp + ": " + strerror(e)};
    }
    if (rename(tmp.c_str(), path.c_str()) != 0) {
        int e = errno;
        unlink(tmp.c_str());
        return Error{e, "cannot replace " + path + ": " + strerror(e)};
    }
    return {};
}

Result<PolicyData> DirSource::load() {
    auto secs = read_sections();
    if (!secs)
        return secs.error();
    PolicyData d;
    d.origin = "dir " + dir_;
    std::map<std::string, uint32_t> ids;
    std::map<uint32_t, int> profiles;  // how many domains use each profile
    for (size_t i = 0; i < secs.value().size(); ++i) {
        const Section &s = secs.value()[i];
        if (ids.count(s.header))
            continue;  // a header seen twice: its lines go to the first
        Domain dom;
        dom.id = static_cast<uint32_t>(d.domains.size() + 1);
        dom.name = s.header;
        dom.depth = static_cast<uint32_t>(std::count(s.header.begin(), s.header.end(), ' '));
        size_t sp = s.header.rfind(' ');
        if (sp != std::string::npos) {
            auto p = ids.find(s.header.substr(0, sp));
            if (p != ids.end()) {
                dom.has_parent = true;
                dom.parent_id = p->second;
            }
        }
        ids.emplace(s.header, dom.id);
        d.domains.push_back(std::move(dom));
    }
    for (const Section &s : secs.value()) {
        uint32_t id = ids[s.header];
        for (const std::string &l : s.lines) {
            if (starts_word(l, "use_profile")) {
                unsigned p = 0;
                if (sscanf(l.c_str(), "use_profile %u", &p) == 1 && p <= PHTRACK_MODE_MAX) {
                    Domain &dom = d.domains[id - 1];
                    dom.has_mode = dom.own_mode = true;
                    dom.mode = p;
                    profiles[p]++;
                }
                continue;
            }
            if (ph_acl_rule_keyword(l.data(), l.size()))
                d.lines.push_back({id, l});
        }
    }
    // The screens show one mode: the profile most domains use.
    int best = 0;
    for (const auto &[p, n] : profiles)
        if (n > best) {
            best = n;
            d.mode = p;
        }
    auto exc = read_all(dir_ + "/exception_policy.conf", false);
    if (!exc)
        return exc.error();
    d.has_exception = true;
    std::istringstream in(exc.value());
    std::string raw;
    while (std::getline(in, raw)) {
        std::string_view line = trim(raw);
        if (!line.empty() && line[0] != '#')
            d.exception.emplace_back(line);
    }
    // manager.conf is optional in a saved directory (tomoyo-savepolicy writes it).
    if (::access((dir_ + "/manager.conf").c_str(), F_OK) == 0) {
        auto mgr = read_all(dir_ + "/manager.conf", true);
        if (!mgr)
            return mgr.error();
        d.has_managers = true;
        std::istringstream min(mgr.value());
        while (std::getline(min, raw)) {
            std::string_view line = trim(raw);
            if (!line.empty() && line[0] != '#')
                d.managers.emplace_back(line);
        }
    }
    d.stats.emplace_back("directory", dir_);
    d.stats.emplace_back("access lines", std::to_string(d.lines.size()));
    d.process_note = "a saved policy directory has no processes";
    d.violations_note = "a saved policy directory has none (--db FILE brings a store's)";
    if (!store_.empty())
        if (auto r = add_store_history(store_, d, false); !r)
            return r.error();
    return d;
}

Result<WhoSummary> DirSource::who(const std::string &path) {
    if (store_.empty())
        return Error{ENOENT, "no store: ph who needs one (--db FILE beside the directory)"};
    return store_who(store_, path);
}

Result<void> DirSource::set_mode(uint32_t) {
    return Error{EOPNOTSUPP, "a saved directory has no mode to set"};
}

Result<void> DirSource::apply(const PolicyEdit &e) {
    if (!ph_domain_valid(e.domain.data(), e.domain.size()))
        return Error{EINVAL, "invalid domain name"};
    auto secs = read_sections();
    if (!secs)
        return secs.error();
    std::vector<Section> &v = secs.value();
    auto it =
        std::find_if(v.begin(), v.end(), [&](const Section &s) { return s.header == e.domain; });
    if (it == v.end()) {
        if (!e.create && std::any_of(e.lines.begin(), e.lines.end(), [](const std::string &l) {
                return ph_acl_rule_delete(l.data(), l.size()) != 0;
            }))
            return Error{ENOENT, "no such domain in " + dir_};
        v.push_back({e.domain, {}});
        it = v.end() - 1;
    } else if (e.create && e.lines.empty()) {
        return Error{EEXIST, "the domain is already there"};
    }
    for (const std::string &l : e.lines) {
        size_t del = ph_acl_rule_delete(l.data(), l.size());
        std::string body = del ? l.substr(del) : l;
        auto at = std::find(it->lines.begin(), it->lines.end(), body);
        if (del) {
            if (at == it->lines.end())
                return Error{ENOENT, "no such line in " + dir_ + ": " + body};
            it->lines.erase(at);
        } else if (at == it->lines.end()) {
            it->lines.push_back(body);
        }
    }
    return write_sections(v);
}

}  // namespace ph::editpolicy
