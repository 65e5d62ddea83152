// ph profile export --by-package: the owners of files from dpkg's lists.
#include "dpkg_owners.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <set>
#include <string>

#include "ph_escape.h"

namespace ph::cli {

namespace {

std::string escaped(const std::string &raw) {
    size_t n = ph_name_escape(raw.data(), raw.size(), nullptr, 0);
    std::string out(n + 1, '\0');
    ph_name_escape(raw.data(), raw.size(), out.data(), out.size());
    out.resize(n);
    return out;
}

// The directories merged /usr links into /usr (Debian 12: /bin, /sbin, /lib*).
bool merged_top(const std::string &p, size_t *len) {
    static const char *const kTops[] = {"/bin/",   "/sbin/",  "/lib/",
                                        "/lib32/", "/lib64/", "/libx32/"};
    for (const char *t : kTops) {
        std::string s(t);
        if (p.compare(0, s.size(), s) == 0) {
            *len = s.size();
            return true;
        }
    }
    return false;
}

}  // namespace

PackageOwners PackageOwners::load(const std::string &root) {
    PackageOwners po;
    std::string dir = root + "/var/lib/dpkg/info";
    std::unique_ptr<DIR, int (*)(DIR *)> d(opendir(dir.c_str()), closedir);
    if (!d)
        return po;
    std::set<std::string> shared;  // names in more than one list
    for (dirent *e; (e = readdir(d.get()));) {
        std::string f = e->d_name;
        if (f.size() <= 5 || f.compare(f.size() - 5, 5, ".list") != 0)
            continue;
        std::string pkg = f.substr(0, f.size() - 5);
        if (auto c = pkg.find(':'); c != std::string::npos)
            pkg = pkg.substr(0, c);
        std::ifstream list(dir + "/" + f);
        if (!list)
            continue;
        ++po.packages_;
        for (std::string line; std::getline(list, line);) {
            if (line.empty() || line == "/." || shared.count(line))
                continue;
            auto [it, added] = po.owner_.emplace(line, pkg);
            if (!added && it->second != pkg) {
                po.owner_.erase(it);
                shared.insert(line);
            }
        }
    }
    // Re-key by the escaped form the entries use, leaving out directories
    // (a name another one is under), which a package only shares.
    std::map<std::string, std::string> esc;
    for (auto it = po.owner_.begin(); it != po.owner_.end(); ++it) {
        std::string under = it->first + "/";
        auto next = po.owner_.lower_bound(under);
        bool dir = next != po.owner_.end() && next->first.compare(0, under.size(), under) == 0;
        if (!dir) {
            auto s = shared.lower_bound(under);
            dir = s != shared.end() && s->compare(0, under.size(), under) == 0;
        }
        if (!dir)
            esc.emplace(escaped(it->first), std::move(it->second));
    }
    po.owner_ = std::move(esc);
    return po;
}

std::string PackageOwners::owner(const std::string &name) const {
    if (auto it = owner_.find(name); it != owner_.end())
        return it->second;
    size_t len = 0;
    std::string other;
    if (name.compare(0, 5, "/usr/") == 0 && merged_top(name.substr(4), &len))
        other = name.substr(4);
    else if (merged_top(name, &len))
        other = "/usr" + name;
    if (!other.empty())
        if (auto it = owner_.find(other); it != owner_.end())
            return it->second;
    return {};
}

}  // namespace ph::cli
