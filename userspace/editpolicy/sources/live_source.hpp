// The live source: the running module through the same library as `ph`
// (phnl's Client), with phd's store for history when it is readable.
#pragma once

#include <string>

#include "model/source.hpp"

namespace ph::editpolicy {

class LiveSource : public DataSource {
  public:
    /// `store`: phd's store for the statistics' history ("" = none).
    explicit LiveSource(std::string store) : store_(std::move(store)) {}
    Result<PolicyData> load() override;
    bool can_set_mode() const override { return true; }
    Result<void> set_mode(uint32_t mode) override;
    bool can_set_domain_mode() const override { return true; }
    Result<uint32_t> set_domain_mode(uint32_t id, int mode, bool subtree) override;
    Result<WhoSummary> who(const std::string &path) override;
    std::string edit_refusal() const override { return ""; }
    /// A policy load transaction keeping all that is loaded (as `ph policy
    /// load --merge`): the domain's header, then its lines.
    Result<void> apply(const PolicyEdit &e) override;

  private:
    std::string store_;
};

}  // namespace ph::editpolicy
