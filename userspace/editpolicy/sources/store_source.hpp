// The offline source: a phd store (--db FILE), read-only, through phstore.
#pragma once

#include <string>

#include "model/source.hpp"

namespace ph::editpolicy {

class StoreSource : public DataSource {
  public:
    explicit StoreSource(std::string path) : path_(std::move(path)) {}
    Result<PolicyData> load() override;
    bool can_set_mode() const override { return false; }
    Result<void> set_mode(uint32_t mode) override;
    Result<WhoSummary> who(const std::string &path) override;
    std::string edit_refusal() const override {
        return "a store is read-only: edit live, or a directory saved with ph policy save";
    }

  private:
    std::string path_;
};

/// The store's figures as statistics rows, and its audit trail's tasks as
/// processes (appended to `d`); shared with the live source's history.
Result<void> add_store_history(const std::string &path, PolicyData &d, bool processes);

/// The `ph who` trail of one path in the store at `db`.
Result<WhoSummary> store_who(const std::string &db, const std::string &path);

}  // namespace ph::editpolicy
