// ph mark: name a point in time.  The module starts a new mark epoch, in
// which every known entry is reported again at its first use, and the mark
// is recorded in phd's store, so that `ph profile export --since NAME` can
// cut a profile to what came after it (docs/store.md, "Marks").
#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "db.hpp"
#include "json.hpp"
#include "netlink.hpp"
#include "store.hpp"
#include "util.hpp"

namespace ph::cli {

namespace {

// A mark's name: printable, no spaces, so that it reads back from a list.
bool good_mark_name(const std::string &s) {
    if (s.empty() || s.size() > 128 || s[0] == '-')
        return false;
    for (unsigned char c : s)
        if (c <= ' ' || c >= 0x7f)
            return false;
    return true;
}

// phd holds the store's write lock for a batch, longer than SQLite's busy
// timeout while it stores a big resync: try again for up to 30 s.
template <class F>
auto retry_busy(F &&f) -> decltype(f()) {
    for (int i = 0;; ++i) {
        auto r = f();
        if (r || r.error().code != EBUSY || i == 5)
            return r;
    }
}

int list_marks(const Options &opt) {
    auto store = open_store(opt);
    if (!store)
        return fail(store.error());
    auto ms = store.value().marks();
    if (!ms)
        return fail(ms.error());
    if (opt.json) {
        JsonWriter j;
        j.begin_array();
        for (const auto &m : ms.value()) {
            j.begin_object().key("name").value(m.name).key("time").value(format_time_ns(m.time_ns));
            j.key("time_ns").value(m.time_ns).key("instance").value(m.instance);
            j.key("epoch").value(m.epoch).end_object();
        }
        j.end_array();
        printf("%s\n", j.str().c_str());
        return 0;
    }
    for (const auto &m : ms.value())
        printf("%s\t%s\n", m.name.c_str(), format_time_ns(m.time_ns).c_str());
    return 0;
}

}  // namespace

int cmd_mark(const Options &opt, const std::vector<std::string> &args) {
    if (args.size() == 2 && (args[1] == "--list" || args[1] == "-l"))
        return list_marks(opt);
    if (args.size() != 2)
        return usage_error("mark NAME, or mark --list");
    if (!good_mark_name(args[1]))
        return usage_error("mark: NAME is 1 to 128 printable characters, no space, not -...");
    auto client = Client::connect();
    if (!client)
        return fail(client.error());
    auto st = client.value().status();
    if (!st)
        return fail(st.error());
    auto store = retry_busy([&] { return Store::open(store_path(opt), true); });
    if (!store)
        return fail(store.error());
    // The name is checked before the module starts an epoch for nothing.
    if (auto old = store.value().mark(args[1]); old)
        return fail(Error{EEXIST, "a mark named " + args[1] + " exists (ph mark --list)"});
    auto inst = retry_busy([&] { return store.value().instance(st.value()); });
    if (!inst)
        return fail(inst.error());
    auto m = client.value().mark();
    if (!m)
        return fail(m.error());
    Mark mark{args[1], inst.value(), m.value().epoch, m.value().time_ns};
    if (auto r = retry_busy([&] { return store.value().put_mark(mark); }); !r)
        return fail(r.error());
    if (opt.json) {
        JsonWriter j;
        j.begin_object().key("name").value(mark.name).key("time_ns").value(mark.time_ns);
        j.key("epoch").value(mark.epoch).end_object();
        printf("%s\n", j.str().c_str());
    } else {
        printf("mark %s at %s (epoch %u)\n", mark.name.c_str(),
               format_time_ns(mark.time_ns).c_str(), mark.epoch);
    }
    return 0;
}

}  // namespace ph::cli
