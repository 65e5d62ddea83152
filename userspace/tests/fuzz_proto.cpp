// libFuzzer target for the userspace decoders of the phtrack protocol
// (lib/proto): every message phd and ph take from the kernel goes through
// one of them.  The first byte picks the decoder; the rest is the message,
// handed over as the netlink layer would (an nlmsghdr whose nlmsg_len may
// lie).  Decoders must reject, never crash, read out of bounds or leak.
// What they accept is formatted (format_acl, term_safe) and the result of
// term_safe must hold no control byte.  Build and run with tools/fuzz.sh.
#include <linux/netlink.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "linux/phtrack.h"
#include "proto.hpp"
#include "term.hpp"

namespace {

[[noreturn]] void Fail(const char *what) {
    fprintf(stderr, "fuzz_proto: check failed: %s\n", what);
    abort();
}

void check_safe(const std::string &s) {
    for (unsigned char c : ph::term_safe(s))
        if (c < 0x20 || c == 0x7f)
            Fail("term_safe left a control byte");
}

void check_entry(const ph::AclEntry &e) {
    check_safe(ph::format_acl(e));
    for (const auto &s : e.str) check_safe(s);
}

void check_actor(const ph::EventActor &a) {
    check_safe(a.comm);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1)
        return 0;
    const uint8_t which = data[0];
    const size_t len = size - 1;
    if (len < sizeof(nlmsghdr))
        return 0;
    // An aligned copy, as a receive buffer is.
    std::vector<uint64_t> buf(len / sizeof(uint64_t) + 1);
    std::memcpy(buf.data(), data + 1, len);
    const auto *nlh = reinterpret_cast<const nlmsghdr *>(buf.data());
    switch (which % 10) {
        case 0:
            if (auto r = ph::decode_status(nlh, len)) {
                check_safe(r.value().module_version);
                check_safe(r.value().boot_trigger);
            }
            break;
        case 1:
        case 2:
            if (auto r = ph::decode_domain_msg(
                    nlh, len,
                    which % 10 == 1 ? PHTRACK_CMD_DOMAIN_GET : PHTRACK_CMD_PID_DOMAIN_GET)) {
                check_safe(r.value().name);
                check_safe(r.value().target);
                (void)ph::domain_tokens(r.value().name);
            }
            break;
        case 3:
            if (auto r = ph::decode_acl_msg(nlh, len))
                check_entry(r.value());
            break;
        case 4:
            if (auto r = ph::decode_learned_event(nlh, len)) {
                check_actor(r.value());
                check_entry(r.value().entry);
            }
            break;
        case 5:
            if (auto r = ph::decode_exec_event(nlh, len)) {
                check_actor(r.value());
                check_safe(r.value().from.name);
                check_safe(r.value().to.name);
            }
            break;
        case 6:
            if (auto r = ph::decode_watch_event(nlh, len)) {
                check_actor(r.value());
                check_safe(r.value().path);
                check_safe(r.value().path2);
                (void)ph::op_name(r.value().op);
            }
            // The other audit event and the manager list share the slot.
            if (auto r = ph::decode_violation_event(nlh, len)) {
                check_actor(r.value());
                check_safe(r.value().path);
                check_safe(r.value().entry);
            }
            if (auto r = ph::decode_manager_list(nlh, len))
                for (const auto &e : r.value().entries) check_safe(e);
            break;
        case 7:
            if (auto r = ph::decode_watches(nlh, len, PHTRACK_CMD_WATCH_GET))
                for (const auto &w : r.value()) {
                    check_safe(w.pattern);
                    (void)ph::format_ops(w.ops);
                }
            break;
        case 9:
            if (auto r = ph::decode_audit_lost(nlh, len))
                (void)r.value().count();
            break;
        default:
            if (auto r = ph::decode_policy_lines(nlh, len))
                for (const auto &l : r.value()) check_safe(l);
            break;
    }
    (void)ph::genl_cmd(nlh);
    return 0;
}
