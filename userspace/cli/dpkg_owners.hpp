// Which Debian package owns a file: dpkg's file lists
// (ROOT/var/lib/dpkg/info/*.list), read once into a map, for `ph profile
// export --by-package`.  Names are in the escaped form of learned entries.
#pragma once

#include <map>
#include <string>

namespace ph::cli {

class PackageOwners {
  public:
    /// Read every ROOT/var/lib/dpkg/info/PKG[:ARCH].list.  A missing
    /// database gives an empty index.
    static PackageOwners load(const std::string &root);
    /// The package owning `escaped` (a file, not a directory several
    /// packages share); on a merged /usr, /usr/lib/x and /lib/x are one file,
    /// so each is also tried under the other.  Empty when none owns it.
    std::string owner(const std::string &escaped) const;
    size_t files() const { return owner_.size(); }
    size_t packages() const { return packages_; }

  private:
    std::map<std::string, std::string> owner_;
    size_t packages_ = 0;
};

}  // namespace ph::cli
