// ph's command table, its command line and the helpers its commands share.
#include "commands.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>
#include <utility>

#include "db.hpp"
#include "linux/phtrack.h"
#include "store.hpp"
#include "util.hpp"

static_assert(ph::cli::kProtocol == PHTRACK_GENL_VERSION);

namespace ph::cli {

int fail(const Error &e) {
    fprintf(stderr, "ph: %s\n", e.message.c_str());
    return 1;
}

int usage_error(const char *msg) {
    fprintf(stderr, "ph: %s\nTry 'ph --help'.\n", msg);
    return 2;
}

std::optional<uint32_t> parse_u32(std::string_view s) {
    uint32_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::string format_time(uint64_t ns) {
    time_t t = static_cast<time_t>(ns / 1000000000ULL);
    struct tm tm {};
    gmtime_r(&t, &tm);
    char buf[64];
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

namespace {

// The one list of ph's commands.  Adding a command is one line here (and its
// handler): dispatch, --db refusals and `ph --help` all read this table.
constexpr Command kCommands[] = {
    {"status", cmd_status, Source::kEither, "",
     "status\tmodule version, protocol, kernel, mode and counters\n"},
    {"mode", cmd_mode, Source::kModule, "",
     "mode [MODE]\tshow or set the default mode: disabled, learning,\n\tpermissive, enforcing (or "
     "TOMOYO profile 0-3)\n"
     "mode MODE DOMAIN [--subtree]\tgive a domain (and those below it) a mode\n\tof its own; MODE "
     "default: follow the default again\n"},
    {"domains", cmd_domains, Source::kEither, "",
     "domains [--full] [--profile]\tthe domain tree, TOMOYO style (--full: one\n"
     "\tfull name per line; --profile: the mode as a TOMOYO profile\n"
     "\tnumber first); a domain with a mode of its own shows it,\n"
     "\te.g. (enforcing)\n"},
    {"domain-of", cmd_domain_of, Source::kModule, "",
     "domain-of PID\tthe domain a process is in\n"},
    {"pstree", cmd_pstree, Source::kModule, "",
     "pstree [--all]\trunning processes with their domains (--all: with\n\tkernel threads)\n"},
    {"acl", cmd_acl, Source::kEither, "",
     "acl DOMAIN\tthe entries a domain learned (full name, quoted)\n"
     "acl --all\tevery domain's entries, as TOMOYO's domain_policy\n"},
    {"events", cmd_events, Source::kModule, "",
     "events [--count N]\tfollow exec transitions, learned entries and watch\n\tevents\n"},
    {"profile", cmd_profile, Source::kEither, "",
     "profile export DOMAIN|PROGRAM [-o FILE] [--raw|--rules FILE] [--dpkg-root DIR]\n"
     "    [--since MARK] [--between MARK MARK]\n"
     "\ta service's domains and entries, as stable text, patternized\n"
     "\t(with a mark: only what was used after it, from phd's store)\n"
     "profile diff OLD NEW [--ignore PATTERN]... [--raw|--rules FILE]\n"
     "\tcompare two exports or TOMOYO domain policies, both ways\n"
     "\t(exit 1 when they differ)\n"},
    {"mark", cmd_mark, Source::kStore, "",
     "mark NAME\tname this point: profiles can start or end here\n"
     "mark --list\tthe marks, oldest first\n"},
    {"tomoyo-compare", cmd_tomoyo_compare, Source::kEither, "",
     "tomoyo-compare FILE\tcompare with TOMOYO's learned domain_policy (exit 1\n"
     "\twhen a difference is not a documented one)\n"},
    {"policy", cmd_policy, Source::kModule, "show save load",
     "policy show\tthe active transition rules\n"
     "policy save [--patternize] DIR\tthe domains, their modes and entries\n"
     "\t(learned and loaded) as TOMOYO 2.6 domain_policy.conf,\n"
     "\texception_policy.conf, profile.conf and manager.conf;\n"
     "\t--patternize: learned entries by the patternize rules\n"
     "policy load [--merge] DIR|FILE|- [--merge] [--skip-refused]\n"
     "\tcheck all of it, then replace the loaded policy (of\n"
     "\tthe files given; --merge: add to it, with delete\n"
     "\tlines) in one step; --skip-refused: leave out and\n"
     "\tlist the lines refused, as tomoyo-loadpolicy does\n"
     "policy check DIR|FILE|- [--all]\n"
     "\tcheck only; --all: list every refused line\n"},
    {"watch", cmd_watch, Source::kModule, "",
     "watch add PATTERN [--ops LIST]\n"
     "\treport every access to PATTERN as an event (ph watch\n\t--help for PATTERN and LIST)\n"
     "watch list\tthe watches, one per line: id, pattern, operations\n"
     "watch rm PATTERN|ID\tremove a watch\n"},
    {"who", cmd_who, Source::kStore, "",
     "who PATH [--since TIME] [--until TIME] [--op OPS]\n"
     "    [--domain DOMAIN [--subtree]] [--limit N|--all]\n"
     "\twho accessed PATH (ending in /: everything below), from\n"
     "\tphd's store; TIME is 2026-11-23T10:00:00Z or 10m, 2h, 3d ago\n"},
    {"violations", cmd_violations, Source::kStore, "",
     "violations [--since TIME] [--until TIME] [--domain DOMAIN [--subtree]]\n"
     "    [--rows] [--as-policy]\n"
     "\taccesses outside permissive and enforcing domains' lists,\n"
     "\tgrouped with counts, from phd's store (--rows: each one;\n"
     "\t--as-policy: the missing entries as domain policy)\n"},
    {"ready", cmd_ready, Source::kStore, "",
     "ready DOMAIN [--subtree] [--period TIME]\n"
     "\twhether a domain may enforce: how long it has learned, its\n"
     "\tlast new entry, its classes, what the last TIME (1d) would\n"
     "\thave refused, and a verdict (exit 1: not ready)\n"},
    {"manager", cmd_manager, Source::kModule, "",
     "manager list|add ENTRY|del ENTRY\n"
     "\twho may change modes and policy: program paths or\n"
     "\t<kernel> domain names (TOMOYO manager.conf)\n"},
    {"check", cmd_check, Source::kStore, "",
     "check\tthe integrity of phd's store (exit 1 when damaged)\n"},
    {"verify", cmd_verify, Source::kStore, "",
     "verify [--anchor POS:HASH]\n"
     "\tcheck the hash chain of the audit rows: name the first\n"
     "\trow changed, deleted or inserted by hand (exit 1)\n"},
};

// "a, b and c" of the commands that read `a` or `b`.
std::string names_of(Source a, Source b) {
    std::vector<std::string_view> v;
    for (const Command &c : kCommands)
        if (c.source == a || c.source == b)
            v.push_back(c.name);
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i)
            out += i + 1 == v.size() ? " and " : ", ";
        out += v[i];
    }
    return out;
}

// `text` broken into lines of at most 80 columns, each but the first
// indented by 20.
std::string wrap(std::string_view text) {
    std::string out;
    size_t col = 20;
    while (!text.empty()) {
        size_t sp = text.find(' ');
        std::string_view word = text.substr(0, sp);
        text = sp == std::string_view::npos ? std::string_view() : text.substr(sp + 1);
        if (col > 20 && col + 1 + word.size() > 80) {
            out += "\n" + std::string(20, ' ');
            col = 20;
        } else if (col > 20) {
            out += ' ';
            ++col;
        }
        out += word;
        col += word.size();
    }
    return out;
}

// One usage line: the synopsis in the first column, the description from
// column 20 ("\tDESCRIPTION" continues the one above).
void append_usage_line(std::string &out, std::string_view line) {
    constexpr size_t kColumn = 18;
    size_t tab = line.find('\t');
    std::string_view syn = line.substr(0, tab);
    out += "  ";
    out += syn;
    if (tab != std::string_view::npos) {
        out += syn.size() < kColumn ? std::string(kColumn - syn.size(), ' ') : "  ";
        out += line.substr(tab + 1);
    }
    out += '\n';
}

}  // namespace

std::span<const Command> commands() {
    return kCommands;
}

const Command *find_command(std::string_view name) {
    for (const Command &c : kCommands)
        if (c.name == name)
            return &c;
    return nullptr;
}

std::string command_usage_text(const Command &cmd) {
    std::string out = "Usage: ph [--json] [--db FILE] " + std::string(cmd.name) + " ...\n\n";
    for (std::string_view u = cmd.usage; !u.empty();) {
        size_t nl = u.find('\n');
        append_usage_line(out, u.substr(0, nl));
        u = nl == std::string_view::npos ? std::string_view() : u.substr(nl + 1);
    }
    out += "\nSee 'ph --help' for the global options and ph(1) for details.\n";
    return out;
}

std::string usage_text() {
    std::string out =
        "Usage: ph [--json] [--db FILE] COMMAND [ARGS]\n"
        "\n"
        "Query and control phtrack, the process-history tracker.\n"
        "\n"
        "Commands:\n";
    for (const Command &c : kCommands) {
        std::string_view u = c.usage;
        while (!u.empty()) {
            size_t nl = u.find('\n');
            append_usage_line(out, u.substr(0, nl));
            u = nl == std::string_view::npos ? std::string_view() : u.substr(nl + 1);
        }
    }
    out +=
        "\n"
        "Options (--json and --db may also follow the command; -- ends them):\n"
        "  --json            machine-readable output\n"
        "  --db FILE         " +
        wrap("read phd's store FILE instead of the module (" +
             names_of(Source::kEither, Source::kEither) + "; " +
             names_of(Source::kStore, Source::kStore) + " read " + kDefaultDbPath +
             " without it)") +
        "\n"
        "  -h, --help        this help\n"
        "  -V, --version     the version of ph\n"
        "\n"
        "Exit status: 0 success, 1 failure, 2 bad usage.\n"
        "See ph(1) for details.\n";
    return out;
}

int refuse_db(const Command &cmd, const Options &opt, const std::vector<std::string> &args) {
    if (opt.db.empty() || cmd.source != Source::kModule)
        return -1;
    std::string what(cmd.name);
    if (!cmd.module_subcommands.empty()) {
        bool listed = false;
        if (args.size() > 1) {
            std::string_view subs = cmd.module_subcommands;
            while (!subs.empty() && !listed) {
                size_t sp = subs.find(' ');
                listed = subs.substr(0, sp) == args[1];
                subs = sp == std::string_view::npos ? std::string_view() : subs.substr(sp + 1);
            }
        }
        if (!listed)
            return -1;
        what += " " + args[1];
    }
    std::string served = names_of(Source::kEither, Source::kStore);
    fprintf(stderr, "ph: %s needs the running module and cannot read --db; the store serves %s\n",
            what.c_str(), served.c_str());
    return 2;
}

int dispatch(const Options &opt, const std::vector<std::string> &args) {
    const Command *cmd = find_command(args[0]);
    if (!cmd) {
        fprintf(stderr, "ph: unknown command '%s'\nTry 'ph --help'.\n", args[0].c_str());
        return 2;
    }
    if (int rc = refuse_db(*cmd, opt, args); rc >= 0)
        return rc;
    return cmd->run(opt, args);
}

Invocation parse_command_line(const std::vector<std::string> &argv) {
    Invocation inv;
    auto bad = [&](std::string why) {
        inv.action = Invocation::kUsageError;
        inv.error = std::move(why);
        return inv;
    };
    bool options_end = false;
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string &a = argv[i];
        bool before_command = inv.args.empty();
        if (options_end) {
            inv.args.push_back(a);
        } else if (a == "--") {
            options_end = true;
        } else if (a == "--json") {
            inv.opt.json = true;
        } else if (a == "--db" || a.rfind("--db=", 0) == 0) {
            if (a != "--db")
                inv.opt.db = a.substr(5);
            else if (i + 1 < argv.size())
                inv.opt.db = argv[++i];
            if (inv.opt.db.empty())
                return bad("--db needs a FILE");
        } else if (a == "-h" || a == "--help") {
            // After the command: that command's lines of the help.
            inv.action = Invocation::kHelp;
            inv.args.resize(std::min<size_t>(inv.args.size(), 1));
            return inv;
        } else if (before_command && (a == "-V" || a == "--version")) {
            inv.action = Invocation::kVersion;
            return inv;
        } else if (before_command && a.size() > 1 && a[0] == '-') {
            return bad("unknown option '" + a + "'");
        } else {
            inv.args.push_back(a);
        }
    }
    if (inv.args.empty())
        return bad("");
    return inv;
}

}  // namespace ph::cli
