// The directory source: a policy saved with `ph policy save` (or
// tomoyo-savepolicy), read from DIR/domain_policy.conf and
// DIR/exception_policy.conf; every change is written back to
// domain_policy.conf at once, atomically (a new file renamed over it).
// With a phd store beside it (--dir DIR --db FILE), the store's violations
// and who trail are shown too, so that violations become entries of DIR.
#pragma once

#include <string>
#include <vector>

#include "model/source.hpp"

namespace ph::editpolicy {

class DirSource : public DataSource {
  public:
    /// `store`: a phd store for violations and ph who ("" = none).
    explicit DirSource(std::string dir, std::string store = "")
        : dir_(std::move(dir)), store_(std::move(store)) {}
    Result<PolicyData> load() override;
    Result<WhoSummary> who(const std::string &path) override;
    bool can_set_mode() const override { return false; }
    Result<void> set_mode(uint32_t mode) override;
    std::string edit_refusal() const override { return ""; }
    /// Adds the lines to the domain's section (the domain is appended when
    /// new), deletes the "delete LINE"s (one that is not there is an error,
    /// and nothing is written), then replaces domain_policy.conf.
    Result<void> apply(const PolicyEdit &e) override;

  private:
    /// One domain of domain_policy.conf: its header and its lines, in
    /// file order (blank lines and comments dropped).
    struct Section {
        std::string header;
        std::vector<std::string> lines;
    };
    Result<std::vector<Section>> read_sections() const;
    Result<void> write_sections(const std::vector<Section> &s) const;
    std::string dir_, store_;
};

}  // namespace ph::editpolicy
