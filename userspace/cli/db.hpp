// Where ph's commands read from: the running module, or with --db FILE the
// store that phd writes (docs/store.md).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "json.hpp"
#include "proto.hpp"
#include "result.hpp"
#include "store.hpp"

namespace ph::cli {

/// --db FILE, else phd's default store.
std::string store_path(const Options &opt);
/// Open that store read-only.
Result<Store> open_store(const Options &opt);

/// Every domain and learned entry: the store's with --db, else the module's.
Result<Snapshot> load_snapshot(const Options &opt);
/// Every domain: the store's with --db, else the module's.
Result<std::vector<Domain>> load_domains(const Options &opt);

/// What ph acl prints: domains in tree order, entries (of `only`, or all),
/// and the profile number (the module's mode; the newest instance's with --db).
struct AclView {
    std::vector<Domain> domains;
    std::vector<AclEntry> entries;
    std::optional<uint32_t> only;
    uint32_t profile = 0;
};
/// `domain` "" = every domain; an unknown name is an ENOENT error.
Result<AclView> load_acl(const Options &opt, const std::string &domain);

/// ph --db FILE status: the store's figures.
int store_status(const Options &opt);

/// The store's loss by kind, as keys of the object being written (status.cpp).
void put_loss_json(JsonWriter &j, const StoreStats &s);
/// The same as (label, value) lines; an empty label continues the line above.
std::vector<std::pair<std::string, std::string>> loss_lines(const StoreStats &s);

}  // namespace ph::cli
