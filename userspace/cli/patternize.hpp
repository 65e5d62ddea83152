// Patternize: rewrite the names, numbers and addresses of learned entries
// into TOMOYO patterns, so that an exported profile is already general:
// pids, inode numbers, temporary names and version strings do not show up
// as changes across an upgrade.  The rules are tomoyo-patternize's rule
// types (path_pattern, head_pattern, tail_pattern, number_pattern,
// address_pattern) plus phtrack's version_pattern and temp_pattern, read
// from a readable config file (policy/patternize.conf, installed as
// /etc/phtrack/patternize.conf; docs/policy-language.md).  Matching uses the
// shared C matcher (policy/ph_pattern.h), the one the module runs.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "result.hpp"

namespace ph::cli {

enum class RuleKind { kPath, kHead, kTail, kVersion, kTemp, kNumber, kAddress };

struct PatternRule {
    RuleKind kind;
    std::string pattern;           // a path pattern (name rules) or "A" / "A-B" (number, address)
    std::string replacement;       // empty: the pattern itself (name rules only)
    uint64_t lo = 0, hi = 0;       // number_pattern range
    std::string addr_lo, addr_hi;  // address_pattern range, as 16 network-order bytes
    int line = 0;
};

class Patternizer {
  public:
    /// Parse a rules file.  `origin` names it in errors ("FILE:LINE: ...").
    static Result<Patternizer> parse(const std::string &text, const std::string &origin);
    /// The built-in rules: the same text as policy/patternize.conf.
    static const Patternizer &defaults();
    static const char *default_text();

    /// Append the rules of `more` that this set does not already have (same
    /// type, pattern and replacement), after its own: the installed
    /// /etc/phtrack/patternize.conf extends the built-in rules this way, its
    /// own rules tried first, so a rule of the file overrides a built-in one
    /// for the names both match.  Returns how many rules were appended.
    size_t append_missing(const Patternizer &more);

    /// Learn the versioned file names of the packages installed under `root`
    /// (a dpkg database: ROOT/var/lib/dpkg/status and info/*.list): a file
    /// whose name carries its package's upstream version, such as
    /// /opt/httpd/bin/httpd-2.4 of httpd 2.4-1, becomes
    /// /opt/httpd/bin/httpd-\$.\$.  A missing database is not an error.
    /// Returns how many names were learned.
    size_t add_dpkg(const std::string &root);

    /// Rewrite one escaped name: the dpkg names first, then the first name
    /// rule that matches, in file order; unchanged when none does.
    std::string name(const std::string &escaped) const;
    /// Rewrite every name, number and address of one entry line in TOMOYO
    /// notation ("file read /proc/123/status"); the keywords stay.
    std::string entry(const std::string &line) const;

    const std::vector<PatternRule> &rules() const { return rules_; }

  private:
    std::vector<PatternRule> rules_;
    std::map<std::string, std::string> dpkg_;
};

}  // namespace ph::cli
