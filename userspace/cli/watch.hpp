// ph watch: the watched paths of the module.
#pragma once

#include "json.hpp"
#include "proto.hpp"

namespace ph::cli {

/// Operations a new watch selects when --ops is not given: all but getattr.
uint32_t default_watch_ops();
/// The members of a watch event (pid, uids, op, paths, ...) as JSON keys.
void put_watch_event(JsonWriter &j, const WatchEvent &ev);

}  // namespace ph::cli
