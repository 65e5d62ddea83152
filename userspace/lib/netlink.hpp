// phnl: the netlink client library.  A move-only RAII generic netlink socket
// (libmnl) and a Client that speaks the phtrack protocol over it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "proto.hpp"
#include "result.hpp"

struct mnl_socket;
struct nlmsghdr;

namespace ph {

/// Owns one NETLINK_GENERIC socket; closed on destruction.
class NlSocket {
  public:
    static Result<NlSocket> open();

    NlSocket(NlSocket &&) noexcept = default;
    NlSocket &operator=(NlSocket &&) noexcept = default;
    NlSocket(const NlSocket &) = delete;
    NlSocket &operator=(const NlSocket &) = delete;
    ~NlSocket() = default;

    /// Called once per reply message (not for acks); returning an Error stops
    /// the exchange and is passed through.
    using ReplyFn = std::function<Result<void>(const nlmsghdr *, size_t)>;

    /// Send one request (its nlmsg_seq and nlmsg_pid are filled in) and read
    /// replies until the ack, NLMSG_DONE or an error.  Kernel errors come back
    /// as Error{errno, message} with the extended ack text when there is one.
    Result<void> transact(nlmsghdr *req, const ReplyFn &on_reply);

    /// Join a multicast group and deliver every message to `on_msg` until it
    /// returns an error or `max` messages were delivered (0: no limit).
    /// ENOBUFS (the socket overflowed: events were lost) is reported through
    /// `on_overrun` and does not stop the loop.
    Result<void> listen(uint32_t group, const ReplyFn &on_msg,
                        const std::function<void()> &on_overrun, uint64_t max);

    /// Join a multicast group (with NETLINK_BROADCAST_ERROR) and, when
    /// `rcvbuf` > 0, ask for that receive buffer size.
    Result<void> join(uint32_t group, int rcvbuf);
    /// Wait up to `timeout_ms` (-1: forever) for messages, then deliver
    /// everything queued without blocking, until `max` were delivered (0: no
    /// limit).  Returns how many were delivered.
    Result<uint64_t> receive(const ReplyFn &on_msg, const std::function<void()> &on_overrun,
                             int timeout_ms, uint64_t max);

    int fd() const;

  private:
    struct Closer {
        void operator()(mnl_socket *s) const;
    };
    explicit NlSocket(mnl_socket *s, uint32_t portid) : sock_(s), portid_(portid) {}
    std::unique_ptr<mnl_socket, Closer> sock_;
    uint32_t portid_ = 0;
    uint32_t seq_ = 0;
    std::vector<char> recv_buf_;
};

/// One line of the loaded policy (PHTRACK_CMD_LOADED_GET).
struct LoadedLine {
    uint32_t file = 0;  // enum phtrack_policy_file
    std::string text;
};

/// What a committed load holds (PHTRACK_CMD_LOAD_COMMIT).
struct LoadResult {
    uint32_t domains = 0;
    uint32_t rules = 0;
};

/// A connection to the phtrack module.
class Client {
  public:
    /// Open a socket and resolve the "phtrack" family.  Fails with ENOENT when
    /// the module is not loaded and EPROTO when its protocol version differs.
    static Result<Client> connect();

    Result<Status> status();
    Result<void> set_mode(uint32_t mode);
    /// Give domain @p id (and with @p subtree every domain below it) a mode of its own, or
    /// with @p mode < 0 make them follow the default mode again; returns the domains changed.
    Result<uint32_t> set_domain_mode(uint32_t id, int mode, bool subtree);
    Result<std::vector<Domain>> domains();
    Result<Domain> pid_domain(uint32_t pid);
    Result<void> policy_set(const std::vector<std::string> &lines);
    Result<std::vector<std::string>> policy_get();

    /// A policy load transaction (docs/netlink-protocol.md): begin (from
    /// the loaded policy's lines of the files in `keep`, a mask of
    /// 1 << PHTRACK_POLICY_FILE_*), lines of one file, in requests of
    /// bounded size, then commit or abort.  Closing the socket aborts too.
    Result<void> load_begin(uint32_t keep);
    Result<void> load_lines(uint32_t file, const std::vector<std::string> &lines);
    Result<LoadResult> load_commit();
    Result<void> load_abort();
    /// The loaded policy's lines, in load order.
    Result<std::vector<LoadedLine>> loaded();

    /// Learned entries of one domain, or of all domains.
    Result<std::vector<AclEntry>> acl(std::optional<uint32_t> domain_id);

    /// Connect, then dump every domain and every learned entry.
    static Result<Snapshot> snapshot();

    /// Add a watch (or change its operations); the module's copy is returned.
    Result<Watch> watch_add(const std::string &pattern, uint32_t ops);
    /// Remove a watch by pattern, or by id when `pattern` is empty.
    Result<void> watch_del(const std::string &pattern, uint32_t id);
    Result<std::vector<Watch>> watches();

    /// The manager list (PHTRACK_CMD_MANAGER_GET), and whether this
    /// process is a manager.  manager.conf's lines, TOMOYO syntax.
    Result<ManagerList> manager_get();
    /// Replace the manager list (empty: anyone with CAP_SYS_ADMIN manages).
    /// EPERM when this process is not a manager.
    Result<void> manager_set(const std::vector<std::string> &entries);

    struct EventHandlers {
        std::function<Result<void>(const ExecEvent &)> on_exec;
        std::function<Result<void>(const LearnedEvent &)> on_learned;
        /// Audit events: watch events and violation events (WatchEvent::kind).
        std::function<Result<void>(const WatchEvent &)> on_watch;
        /// Audit events the module no longer holds (audit_replay() only).
        std::function<Result<void>(const AuditLost &)> on_audit_lost;
        /// A message that failed to decode; without it, the error stops.
        std::function<Result<void>(const Error &)> on_bad;
        std::function<void()> on_overrun;
    };
    /// Receive events until a handler fails or `max` events (0: forever).
    Result<void> watch(const EventHandlers &h, uint64_t max);

    /// Every audit event the module holds after `after`, in order, through
    /// `h.on_watch`, and every number it no longer holds through
    /// `h.on_audit_lost` (PHTRACK_CMD_AUDIT_GET).
    Result<void> audit_replay(uint64_t after, const EventHandlers &h);
    /// Tell the module that every audit event up to `seq` is on disk
    /// (PHTRACK_CMD_AUDIT_ACK); it frees them.
    Result<void> audit_ack(uint64_t seq);
    /// Start a new mark epoch (PHTRACK_CMD_MARK): every known entry is
    /// reported again at its next use.
    Result<MarkReply> mark();

    /// Join the events group without receiving yet (a daemon subscribes
    /// before it dumps the state, so nothing falls between the two).  Use a
    /// separate Client for requests: replies and events would mix.
    Result<void> subscribe(int rcvbuf);
    /// Deliver queued events, waiting up to `timeout_ms` for the first.
    Result<uint64_t> poll_events(const EventHandlers &h, int timeout_ms, uint64_t max);
    int fd() const;

  private:
    static Result<void> dispatch_event(const EventHandlers &h, const nlmsghdr *m, size_t len);
    Client(NlSocket s, uint16_t family, uint32_t events_group)
        : sock_(std::move(s)), family_(family), events_group_(events_group) {}
    NlSocket sock_;
    uint16_t family_;
    uint32_t events_group_;
};

}  // namespace ph
