#include "netlink.hpp"

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <algorithm>
#include <cstring>
#include <ctime>

#include <poll.h>
#include <sys/socket.h>

#include "attr.hpp"
#include "linux/phtrack.h"

namespace ph {

namespace {
// Large enough for any single message the module sends (domain names are
// capped at 8 KiB by default, an exec event carries two of them).
constexpr size_t kRecvBufferSize = 256 * 1024;
}  // namespace

void NlSocket::Closer::operator()(mnl_socket *s) const {
    if (s)
        mnl_socket_close(s);
}

Result<NlSocket> NlSocket::open() {
    mnl_socket *s = mnl_socket_open(NETLINK_GENERIC);
    if (!s)
        return Error{errno,
                     std::string("cannot open a generic netlink socket: ") + strerror(errno)};
    NlSocket sock(s, 0);
    if (mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) < 0)
        return Error{errno, std::string("cannot bind the netlink socket: ") + strerror(errno)};
    int one = 1;
    // Extended acks carry the kernel's explanation of a refused request.
    mnl_socket_setsockopt(s, NETLINK_EXT_ACK, &one, sizeof(one));
    mnl_socket_setsockopt(s, NETLINK_CAP_ACK, &one, sizeof(one));
    sock.portid_ = mnl_socket_get_portid(s);
    return sock;
}

namespace {

// Extract the extended-ack message text from an NLMSG_ERROR, if any.
std::string ext_ack_text(const nlmsghdr *nlh) {
    if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
        return {};
    const auto *err = static_cast<const nlmsgerr *>(mnl_nlmsg_get_payload(nlh));
    size_t off = sizeof(*err);
    if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
        off += err->msg.nlmsg_len - sizeof(nlmsghdr);
    if (mnl_nlmsg_size(off) > nlh->nlmsg_len)
        return {};
    std::string text;
    walk_msg_attrs(nlh, off, [&](const nlattr *a) {
        if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
            mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
            text = mnl_attr_get_str(a);
    });
    return text;
}

}  // namespace

int NlSocket::fd() const {
    return mnl_socket_get_fd(sock_.get());
}

Result<void> NlSocket::join(uint32_t group, int rcvbuf) {
    int g = static_cast<int>(group);
    if (mnl_socket_setsockopt(sock_.get(), NETLINK_ADD_MEMBERSHIP, &g, sizeof(g)) < 0) {
        int e = errno;
        if (e == EPERM || e == EACCES)
            return Error{e, "permission denied: listening to phtrack events needs CAP_SYS_ADMIN"};
        return Error{e, std::string("cannot join the events group: ") + strerror(e)};
    }
    // Make the kernel report a full buffer as a failed delivery, so that
    // its dropped-events counter is exact.
    int one = 1;
    mnl_socket_setsockopt(sock_.get(), NETLINK_BROADCAST_ERROR, &one, sizeof(one));
    // A larger buffer absorbs bursts; FORCE (root) may exceed rmem_max.
    if (rcvbuf > 0 && setsockopt(fd(), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
        setsockopt(fd(), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    return {};
}

Result<uint64_t> NlSocket::receive(const ReplyFn &on_msg, const std::function<void()> &on_overrun,
                                   int timeout_ms, uint64_t max) {
    if (recv_buf_.empty())
        recv_buf_.resize(kRecvBufferSize);
    uint64_t seen = 0;
    int flags = 0;
    if (timeout_ms >= 0) {
        pollfd pfd{fd(), POLLIN, 0};
        int n = poll(&pfd, 1, timeout_ms);
        if (n < 0 && errno != EINTR)
            return Error{errno, std::string("poll failed: ") + strerror(errno)};
        if (n <= 0)
            return seen;
        flags = MSG_DONTWAIT;
    }
    for (;;) {
        ssize_t n = recv(fd(), recv_buf_.data(), recv_buf_.size(), flags);
        if (n < 0) {
            if (errno == EINTR)
                return seen;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return seen;
            if (errno == ENOBUFS) {
                on_overrun();
                continue;
            }
            return Error{errno, std::string("netlink receive failed: ") + strerror(errno)};
        }
        auto *nlh = reinterpret_cast<const nlmsghdr *>(recv_buf_.data());
        int len = static_cast<int>(n);
        for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
            if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
                continue;
            if (auto r = on_msg(nlh, nlh->nlmsg_len); !r)
                return r.error();
            ++seen;
        }
        if (max && seen >= max)
            return seen;
        flags = MSG_DONTWAIT;
    }
}

Result<void> NlSocket::listen(uint32_t group, const ReplyFn &on_msg,
                              const std::function<void()> &on_overrun, uint64_t max) {
    if (auto r = join(group, 0); !r)
        return r;
    uint64_t seen = 0;
    for (;;) {
        // Block for the first message, then drain what is queued.
        auto n = receive(on_msg, on_overrun, -1, max ? max - seen : 0);
        if (!n)
            return n.error();
        seen += n.value();
        if (max && seen >= max)
            return {};
    }
}

Result<void> NlSocket::transact(nlmsghdr *req, const ReplyFn &on_reply) {
    req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
    req->nlmsg_seq = ++seq_ == 0 ? ++seq_ : seq_;
    req->nlmsg_pid = 0;
    if (mnl_socket_sendto(sock_.get(), req, req->nlmsg_len) < 0)
        return Error{errno, std::string("netlink send failed: ") + strerror(errno)};

    std::vector<char> buf(kRecvBufferSize);
    for (;;) {
        ssize_t n = mnl_socket_recvfrom(sock_.get(), buf.data(), buf.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return Error{errno, std::string("netlink receive failed: ") + strerror(errno)};
        }
        auto *nlh = reinterpret_cast<const nlmsghdr *>(buf.data());
        int len = static_cast<int>(n);
        for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
            if (nlh->nlmsg_seq != req->nlmsg_seq || nlh->nlmsg_pid != portid_)
                continue;  // stale reply to an earlier request
            if (nlh->nlmsg_type == NLMSG_ERROR) {
                if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(nlmsgerr)))
                    return Error{EBADMSG, "truncated netlink error message"};
                const auto *err = static_cast<const nlmsgerr *>(mnl_nlmsg_get_payload(nlh));
                if (err->error == 0)
                    return {};
                int code = -err->error;
                std::string text = ext_ack_text(nlh);
                return Error{code, text.empty() ? std::string(strerror(code)) : text};
            }
            if (nlh->nlmsg_type == NLMSG_DONE) {
                // A dump that failed reports its error in the DONE message.
                if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(int))) {
                    int e = *static_cast<const int *>(mnl_nlmsg_get_payload(nlh));
                    if (e < 0)
                        return Error{-e, strerror(-e)};
                }
                return {};
            }
            if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
                continue;
            if (auto r = on_reply(nlh, nlh->nlmsg_len); !r)
                return r;
        }
    }
}

namespace {

nlmsghdr *put_genl_request(char *buf, uint16_t family, uint8_t cmd, uint8_t version) {
    nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = family;
    auto *genl = static_cast<genlmsghdr *>(mnl_nlmsg_put_extra_header(nlh, sizeof(genlmsghdr)));
    genl->cmd = cmd;
    genl->version = version;
    return nlh;
}

}  // namespace

Result<Client> Client::connect() {
    auto sock = NlSocket::open();
    if (!sock)
        return sock.error();

    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh = put_genl_request(buf.data(), GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
    mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, PHTRACK_GENL_NAME);

    uint16_t family = 0;
    uint32_t version = 0, events_group = 0;
    auto r = sock.value().transact(nlh, [&](const nlmsghdr *m, size_t) -> Result<void> {
        walk_msg_attrs(m, sizeof(genlmsghdr), [&](const nlattr *a) {
            if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
                mnl_attr_validate(a, MNL_TYPE_U16) == 0)
                family = mnl_attr_get_u16(a);
            else if (mnl_attr_get_type(a) == CTRL_ATTR_VERSION &&
                     mnl_attr_validate(a, MNL_TYPE_U32) == 0)
                version = mnl_attr_get_u32(a);
            else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GROUPS &&
                     mnl_attr_validate(a, MNL_TYPE_NESTED) == 0)
                walk_nested(a, [&](const nlattr *grp) {
                    uint32_t id = 0;
                    std::string name;
                    walk_nested(grp, [&](const nlattr *ga) {
                        if (mnl_attr_get_type(ga) == CTRL_ATTR_MCAST_GRP_ID &&
                            mnl_attr_validate(ga, MNL_TYPE_U32) == 0)
                            id = mnl_attr_get_u32(ga);
                        else if (mnl_attr_get_type(ga) == CTRL_ATTR_MCAST_GRP_NAME &&
                                 mnl_attr_validate(ga, MNL_TYPE_NUL_STRING) == 0)
                            name = mnl_attr_get_str(ga);
                    });
                    if (name == PHTRACK_MCGRP_EVENTS)
                        events_group = id;
                });
        });
        return {};
    });
    if (!r) {
        if (r.error().code == ENOENT)
            return Error{
                ENOENT, "the phtrack module is not loaded (no generic netlink family \"phtrack\")"};
        return Error{r.error().code, "cannot look up the phtrack family: " + r.error().message};
    }
    if (family == 0)
        return Error{EBADMSG, "the kernel's family reply carried no family id"};
    if (version != PHTRACK_GENL_VERSION)
        return Error{EPROTO, "protocol version mismatch: the module speaks version " +
                                 std::to_string(version) + ", this ph speaks " +
                                 std::to_string(PHTRACK_GENL_VERSION)};
    return Client(std::move(sock.value()), family, events_group);
}

namespace {

Error request_error(const Error &e, const char *what) {
    // Refused by the manager list (kernel/manager.c), which says so.
    if (e.code == EPERM && e.message.find("manager") != std::string::npos)
        return Error{e.code, std::string("permission denied: ") + what + ": " + e.message + ": " +
                                 strerror(EPERM)};
    if (e.code == EPERM || e.code == EACCES)
        return Error{e.code, std::string("permission denied: ") + what +
                                 " needs CAP_SYS_ADMIN (run as root)"};
    return Error{e.code, std::string(what) + " failed: " + e.message};
}

}  // namespace

Result<Status> Client::status() {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_STATUS_GET, PHTRACK_GENL_VERSION);
    Status out;
    bool got = false;
    auto r = sock_.transact(nlh, [&](const nlmsghdr *m, size_t len) -> Result<void> {
        auto st = decode_status(m, len);
        if (!st)
            return st.error();
        out = std::move(st.value());
        got = true;
        return {};
    });
    if (!r)
        return request_error(r.error(), "the status request");
    if (!got)
        return Error{EBADMSG, "the module sent no status reply"};
    return out;
}

Result<void> Client::set_mode(uint32_t mode) {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_MODE_SET, PHTRACK_GENL_VERSION);
    mnl_attr_put_u32(nlh, PHTRACK_A_MODE, mode);
    auto r = sock_.transact(nlh, [](const nlmsghdr *, size_t) -> Result<void> { return {}; });
    if (!r)
        return request_error(r.error(), "setting the mode");
    return {};
}

Result<uint32_t> Client::set_domain_mode(uint32_t id, int mode, bool subtree) {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_DOMAIN_MODE_SET, PHTRACK_GENL_VERSION);
    mnl_attr_put_u32(nlh, PHTRACK_A_DOMAIN_ID, id);
    if (mode >= 0)
        mnl_attr_put_u32(nlh, PHTRACK_A_MODE, static_cast<uint32_t>(mode));
    if (subtree)
        mnl_attr_put(nlh, PHTRACK_A_SUBTREE, 0, nullptr);
    uint32_t n = 0;
    auto r = sock_.transact(nlh, [&](const nlmsghdr *m, size_t len) -> Result<void> {
        auto c = decode_domain_count(m, len);
        if (!c)
            return c.error();
        n = c.value();
        return {};
    });
    if (!r)
        return request_error(r.error(), "setting the domain's mode");
    return n;
}

Result<std::vector<Domain>> Client::domains() {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_DOMAIN_GET, PHTRACK_GENL_VERSION);
    nlh->nlmsg_flags |= NLM_F_DUMP;
    std::vector<Domain> out;
    auto r = sock_.transact(nlh, [&](const nlmsghdr *m, size_t len) -> Result<void> {
        auto d = decode_domain_msg(m, len, PHTRACK_CMD_DOMAIN_GET);
        if (!d)
            return d.error();
        out.push_back(std::move(d.value()));
        return {};
    });
    if (!r)
        return request_error(r.error(), "the domain dump");
    return out;
}

Result<Domain> Client::pid_domain(uint32_t pid) {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_PID_DOMAIN_GET, PHTRACK_GENL_VERSION);
    mnl_attr_put_u32(nlh, PHTRACK_A_PID, pid);
    Domain out;
    bool got = false;
    auto r = sock_.transact(nlh, [&](const nlmsghdr *m, size_t len) -> Result<void> {
        auto d = decode_domain_msg(m, len, PHTRACK_CMD_PID_DOMAIN_GET);
        if (!d)
            return d.error();
        out = std::move(d.value());
        got = true;
        return {};
    });
    if (!r) {
        if (r.error().code == ESRCH)
            return Error{ESRCH, "no process " + std::to_string(pid)};
        return request_error(r.error(), "the pid query");
    }
    if (!got)
        return Error{EBADMSG, "the module sent no domain"};
    return out;
}

Result<void> Client::policy_set(const std::vector<std::string> &lines) {
    size_t need = 64;
    for (const auto &l : lines) need += MNL_ALIGN(l.size() + 1) + MNL_ATTR_HDRLEN;
    std::vector<char> buf(std::max<size_t>(need, MNL_SOCKET_BUFFER_SIZE));
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_POLICY_SET, PHTRACK_GENL_VERSION);
    for (const auto &l : lines)
        if (!mnl_attr_put_strz_check(nlh, buf.size(), PHTRACK_A_POLICY_LINE, l.c_str()))
            return Error{E2BIG, "policy too large for one request"};
    auto r = sock_.transact(nlh, [](const nlmsghdr *, size_t) -> Result<void> { return {}; });
    if (!r)
        return request_error(r.error(), "loading the policy");
    return {};
}

Result<std::vector<std::string>> Client::policy_get() {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_POLICY_GET, PHTRACK_GENL_VERSION);
    std::vector<std::string> out;
    auto r = sock_.transact(nlh, [&](const nlmsghdr *m, size_t len) -> Result<void> {
        auto lines = decode_policy_lines(m, len);
        if (!lines)
            return lines.error();
        out = std::move(lines.value());
        return {};
    });
    if (!r)
        return request_error(r.error(), "reading the policy");
    return out;
}

Result<std::vector<AclEntry>> Client::acl(std::optional<uint32_t> domain_id) {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_ACL_GET, PHTRACK_GENL_VERSION);
    nlh->nlmsg_flags |= NLM_F_DUMP;
    if (domain_id)
        mnl_attr_put_u32(nlh, PHTRACK_A_DOMAIN_ID, *domain_id);
    std::vector<AclEntry> out;
    auto r = sock_.transact(nlh, [&](const nlmsghdr *m, size_t len) -> Result<void> {
        auto e = decode_acl_msg(m, len);
        if (!e)
            return e.error();
        out.push_back(std::move(e.value()));
        return {};
    });
    if (!r)
        return request_error(r.error(), "the access list dump");
    return out;
}

namespace {

Result<std::vector<Watch>> watch_request(NlSocket &sock, uint16_t family, uint8_t cmd,
                                         const Watch *w, const char *what) {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE + (w ? w->pattern.size() : 0));
    nlmsghdr *nlh = put_genl_request(buf.data(), family, cmd, PHTRACK_GENL_VERSION);
    if (w) {
        nlattr *nest = mnl_attr_nest_start(nlh, PHTRACK_A_WATCH);
        if (w->id)
            mnl_attr_put_u32(nlh, PHTRACK_WATCH_ID, w->id);
        if (!w->pattern.empty())
            mnl_attr_put_strz(nlh, PHTRACK_WATCH_PATTERN, w->pattern.c_str());
        if (w->ops)
            mnl_attr_put_u32(nlh, PHTRACK_WATCH_OPS, w->ops);
        mnl_attr_nest_end(nlh, nest);
    }
    std::vector<Watch> out;
    auto r = sock.transact(nlh, [&](const nlmsghdr *m, size_t len) -> Result<void> {
        auto ws = decode_watches(m, len, cmd);
        if (!ws)
            return ws.error();
        out = std::move(ws.value());
        return {};
    });
    if (!r)
        return request_error(r.error(), what);
    return out;
}

}  // namespace

Result<Watch> Client::watch_add(const std::string &pattern, uint32_t ops) {
    Watch w{0, pattern, ops};
    auto r = watch_request(sock_, family_, PHTRACK_CMD_WATCH_ADD, &w, "adding the watch");
    if (!r)
        return r.error();
    if (r.value().size() != 1)
        return Error{EBADMSG, "the module did not confirm the watch"};
    return r.value().front();
}

Result<void> Client::watch_del(const std::string &pattern, uint32_t id) {
    Watch w{id, pattern, 0};
    auto r = watch_request(sock_, family_, PHTRACK_CMD_WATCH_DEL, &w, "removing the watch");
    if (!r) {
        if (r.error().code == ENOENT)
            return Error{ENOENT,
                         "no such watch: " + (pattern.empty() ? std::to_string(id) : pattern)};
        return r.error();
    }
    return {};
}

Result<std::vector<Watch>> Client::watches() {
    return watch_request(sock_, family_, PHTRACK_CMD_WATCH_GET, nullptr, "listing the watches");
}

Result<ManagerList> Client::manager_get() {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_MANAGER_GET, PHTRACK_GENL_VERSION);
    ManagerList out;
    auto r = sock_.transact(nlh, [&](const nlmsghdr *m, size_t len) -> Result<void> {
        auto l = decode_manager_list(m, len);
        if (!l)
            return l.error();
        out = std::move(l.value());
        return {};
    });
    if (!r)
        return request_error(r.error(), "reading the manager list");
    return out;
}

Result<void> Client::manager_set(const std::vector<std::string> &entries) {
    size_t need = 64;
    for (const auto &e : entries) need += MNL_ALIGN(e.size() + 1) + MNL_ATTR_HDRLEN;
    std::vector<char> buf(std::max<size_t>(need, MNL_SOCKET_BUFFER_SIZE));
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_MANAGER_SET, PHTRACK_GENL_VERSION);
    for (const auto &e : entries)
        if (!mnl_attr_put_strz_check(nlh, buf.size(), PHTRACK_A_MANAGER, e.c_str()))
            return Error{E2BIG, "manager list too large for one request"};
    auto r = sock_.transact(nlh, [](const nlmsghdr *, size_t) -> Result<void> { return {}; });
    if (!r)
        return request_error(r.error(), "setting the manager list");
    return {};
}

Result<void> Client::subscribe(int rcvbuf) {
    if (!events_group_)
        return Error{ENOENT, "the module has no events group"};
    return sock_.join(events_group_, rcvbuf);
}

Result<void> Client::dispatch_event(const EventHandlers &h, const nlmsghdr *m, size_t len) {
    switch (genl_cmd(m)) {
        case PHTRACK_CMD_EVENT_EXEC: {
            auto ev = decode_exec_event(m, len);
            if (!ev)
                return h.on_bad ? h.on_bad(ev.error()) : Result<void>(ev.error());
            return h.on_exec ? h.on_exec(ev.value()) : Result<void>();
        }
        case PHTRACK_CMD_EVENT_LEARNED: {
            auto ev = decode_learned_event(m, len);
            if (!ev)
                return h.on_bad ? h.on_bad(ev.error()) : Result<void>(ev.error());
            return h.on_learned ? h.on_learned(ev.value()) : Result<void>();
        }
        case PHTRACK_CMD_EVENT_WATCH: {
            auto ev = decode_watch_event(m, len);
            if (!ev)
                return h.on_bad ? h.on_bad(ev.error()) : Result<void>(ev.error());
            return h.on_watch ? h.on_watch(ev.value()) : Result<void>();
        }
        case PHTRACK_CMD_EVENT_VIOLATION: {
            auto ev = decode_violation_event(m, len);
            if (!ev)
                return h.on_bad ? h.on_bad(ev.error()) : Result<void>(ev.error());
            return h.on_watch ? h.on_watch(ev.value()) : Result<void>();
        }
        case PHTRACK_CMD_AUDIT_LOST: {
            auto l = decode_audit_lost(m, len);
            if (!l)
                return h.on_bad ? h.on_bad(l.error()) : Result<void>(l.error());
            return h.on_audit_lost ? h.on_audit_lost(l.value()) : Result<void>();
        }
        default: return {};
    }
}

Result<void> Client::audit_replay(uint64_t after, const EventHandlers &h) {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_AUDIT_GET, PHTRACK_GENL_VERSION);
    nlh->nlmsg_flags |= NLM_F_DUMP;
    mnl_attr_put_u64(nlh, PHTRACK_A_AUDIT_SEQ, after);
    auto r = sock_.transact(
        nlh, [&](const nlmsghdr *m, size_t len) { return dispatch_event(h, m, len); });
    if (!r)
        return request_error(r.error(), "the audit replay");
    return {};
}

Result<void> Client::audit_ack(uint64_t seq) {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_AUDIT_ACK, PHTRACK_GENL_VERSION);
    mnl_attr_put_u64(nlh, PHTRACK_A_AUDIT_SEQ, seq);
    auto r = sock_.transact(nlh, [](const nlmsghdr *, size_t) -> Result<void> { return {}; });
    if (!r)
        return request_error(r.error(), "the audit acknowledgement");
    return {};
}

Result<MarkReply> Client::mark() {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh = put_genl_request(buf.data(), family_, PHTRACK_CMD_MARK, PHTRACK_GENL_VERSION);
    MarkReply m;
    auto r = sock_.transact(nlh, [&](const nlmsghdr *msg, size_t len) -> Result<void> {
        auto d = decode_mark_reply(msg, len);
        if (!d)
            return d.error();
        m = d.value();
        return {};
    });
    if (!r)
        return request_error(r.error(), "the mark");
    return m;
}

Result<uint64_t> Client::poll_events(const EventHandlers &h, int timeout_ms, uint64_t max) {
    return sock_.receive([&](const nlmsghdr *m, size_t len) { return dispatch_event(h, m, len); },
                         h.on_overrun ? h.on_overrun : [] {}, timeout_ms, max);
}

int Client::fd() const {
    return sock_.fd();
}

Result<Snapshot> Client::snapshot() {
    auto client = connect();
    if (!client)
        return client.error();
    auto ds = client.value().domains();
    if (!ds)
        return ds.error();
    auto es = client.value().acl(std::nullopt);
    if (!es)
        return es.error();
    return Snapshot{std::move(ds.value()), std::move(es.value())};
}

Result<void> Client::watch(const EventHandlers &h, uint64_t max) {
    if (!events_group_)
        return Error{ENOENT, "the module has no events group"};
    return sock_.listen(
        events_group_, [&](const nlmsghdr *m, size_t len) { return dispatch_event(h, m, len); },
        h.on_overrun ? h.on_overrun : [] {}, max);
}

// Policy load (PHTRACK_CMD_LOAD_*, PHTRACK_CMD_LOADED_GET).

namespace {

// Most attribute bytes one PHTRACK_CMD_LOAD_LINES request carries.
constexpr size_t kLoadChunk = 64 * 1024;

}  // namespace

Result<void> Client::load_begin(uint32_t keep) {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_LOAD_BEGIN, PHTRACK_GENL_VERSION);
    if (keep)
        mnl_attr_put_u32(nlh, PHTRACK_A_POLICY_KEEP, keep);
    auto r = sock_.transact(nlh, [](const nlmsghdr *, size_t) -> Result<void> { return {}; });
    if (!r)
        return request_error(r.error(), "starting the policy load");
    return {};
}

Result<void> Client::load_lines(uint32_t file, const std::vector<std::string> &lines) {
    size_t i = 0;
    while (i < lines.size()) {
        size_t need = 256, j = i;
        while (j < lines.size() && (j == i || need + lines[j].size() + 8 <= kLoadChunk)) {
            need += MNL_ALIGN(lines[j].size() + 1) + MNL_ATTR_HDRLEN;
            ++j;
        }
        std::vector<char> buf(std::max<size_t>(need, MNL_SOCKET_BUFFER_SIZE));
        nlmsghdr *nlh =
            put_genl_request(buf.data(), family_, PHTRACK_CMD_LOAD_LINES, PHTRACK_GENL_VERSION);
        mnl_attr_put_u32(nlh, PHTRACK_A_POLICY_FILE, file);
        for (size_t k = i; k < j; ++k)
            if (!mnl_attr_put_strz_check(nlh, buf.size(), PHTRACK_A_POLICY_LINE, lines[k].c_str()))
                return Error{E2BIG, "policy line too large for one request"};
        auto r = sock_.transact(nlh, [](const nlmsghdr *, size_t) -> Result<void> { return {}; });
        if (!r)
            return request_error(r.error(), "sending the policy");
        i = j;
    }
    return {};
}

Result<LoadResult> Client::load_commit() {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_LOAD_COMMIT, PHTRACK_GENL_VERSION);
    LoadResult out;
    bool got = false;
    auto r = sock_.transact(nlh, [&](const nlmsghdr *m, size_t len) -> Result<void> {
        if (genl_cmd(m) != PHTRACK_CMD_LOAD_COMMIT)
            return Error{EBADMSG, "unexpected reply to the policy commit"};
        bool whole = walk_msg_attrs(m, sizeof(genlmsghdr), [&](const nlattr *a) {
            if (mnl_attr_get_type(a) == PHTRACK_A_DOMAIN_COUNT && mnl_attr_get_payload_len(a) == 4)
                out.domains = mnl_attr_get_u32(a);
            else if (mnl_attr_get_type(a) == PHTRACK_A_POLICY_RULES &&
                     mnl_attr_get_payload_len(a) == 4)
                out.rules = mnl_attr_get_u32(a);
        });
        (void)len;
        if (!whole)
            return Error{EBADMSG, "truncated attribute"};
        got = true;
        return {};
    });
    if (!r)
        return request_error(r.error(), "committing the policy");
    if (!got)
        return Error{EBADMSG, "the module sent no commit reply"};
    return out;
}

Result<void> Client::load_abort() {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_LOAD_ABORT, PHTRACK_GENL_VERSION);
    auto r = sock_.transact(nlh, [](const nlmsghdr *, size_t) -> Result<void> { return {}; });
    if (!r)
        return request_error(r.error(), "aborting the policy load");
    return {};
}

Result<std::vector<LoadedLine>> Client::loaded() {
    std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE);
    nlmsghdr *nlh =
        put_genl_request(buf.data(), family_, PHTRACK_CMD_LOADED_GET, PHTRACK_GENL_VERSION);
    nlh->nlmsg_flags |= NLM_F_DUMP;
    std::vector<LoadedLine> out;
    auto r = sock_.transact(nlh, [&](const nlmsghdr *m, size_t) -> Result<void> {
        if (genl_cmd(m) != PHTRACK_CMD_LOADED_GET)
            return Error{EBADMSG, "unexpected message in the loaded policy dump"};
        LoadedLine l;
        bool have = false, good = true;
        bool whole = walk_msg_attrs(m, sizeof(genlmsghdr), [&](const nlattr *a) {
            if (mnl_attr_get_type(a) == PHTRACK_A_POLICY_FILE) {
                good = good && mnl_attr_get_payload_len(a) == 4;
                if (good)
                    l.file = mnl_attr_get_u32(a);
            } else if (mnl_attr_get_type(a) == PHTRACK_A_POLICY_LINE) {
                const char *p = static_cast<const char *>(mnl_attr_get_payload(a));
                size_t n = mnl_attr_get_payload_len(a);
                good = good && n > 0 && p[n - 1] == '\0';
                if (good)
                    l.text.assign(p, n - 1);
                have = true;
            }
        });
        if (!whole || !good || !have)
            return Error{EBADMSG, "malformed loaded policy line"};
        out.push_back(std::move(l));
        return {};
    });
    if (!r)
        return request_error(r.error(), "the loaded policy dump");
    return out;
}

}  // namespace ph
