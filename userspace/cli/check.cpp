// ph check: PRAGMA integrity_check on the store (--db FILE or phd's default).
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "db.hpp"
#include "json.hpp"
#include "util.hpp"

namespace ph::cli {

int cmd_check(const Options &opt, const std::vector<std::string> &args) {
    if (args.size() != 1)
        return usage_error("check takes no arguments");
    auto store = open_store(opt);
    if (!store)
        return fail(store.error());
    auto r = store.value().integrity_check();
    if (!r)
        return fail(r.error());
    bool ok = r.value() == "ok";
    if (opt.json) {
        JsonWriter j;
        j.begin_object()
            .key("store")
            .value(store_path(opt))
            .key("ok")
            .value(ok)
            .key("result")
            .value(r.value())
            .end_object();
        printf("%s\n", j.str().c_str());
    } else {
        printf("%s\n", r.value().c_str());
    }
    return ok ? 0 : 1;
}

}  // namespace ph::cli
