// ph: the phtrack command-line tool.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"

namespace {

constexpr const char *kUsage =
    "Usage: ph [--json] [--db FILE] COMMAND [ARGS]\n"
    "\n"
    "Query and control phtrack, the process-history tracker.\n"
    "\n"
    "Commands:\n"
    "  status            module version, protocol, kernel, mode and counters\n"
    "  mode [MODE]       show or set the mode: disabled, learning, permissive,\n"
    "                    enforcing\n"
    "  domains [--full]  the domain tree, TOMOYO style (--full: one full name\n"
    "                    per line)\n"
    "  domain-of PID     the domain a process is in\n"
    "  pstree [--all]    running processes with their domains (--all: with\n"
    "                    kernel threads)\n"
    "  acl DOMAIN        the entries a domain learned (full name, quoted)\n"
    "  acl --all         every domain's entries, as TOMOYO's domain_policy\n"
    "  events [--count N]  follow exec transitions and learned entries\n"
    "  profile export DOMAIN|PROGRAM [-o FILE]\n"
    "                    a service's domains and entries, as stable text\n"
    "  profile diff OLD NEW  compare two exports (exit 1 when they differ)\n"
    "  tomoyo-compare FILE  compare with TOMOYO's learned domain_policy (exit 1\n"
    "                    when a difference is not a documented one)\n"
    "  policy show       the active exception policy (transition rules)\n"
    "  policy load FILE  check FILE and make it the active exception policy\n"
    "                    (- reads standard input)\n"
    "  policy check FILE check FILE only\n"
    "  who PATH [--since TIME] [--until TIME] [--op OPS]\n"
    "      [--domain DOMAIN [--subtree]] [--limit N|--all]\n"
    "                    who accessed PATH (ending in /: everything below), from\n"
    "                    phd's store; TIME is 2026-11-23T10:00:00Z or 10m, 2h, 3d ago\n"
    "\n"
    "Options:\n"
    "  --json            machine-readable output\n"
    "  --db FILE         read phd's store FILE instead of the module (status,\n"
    "                    domains, acl, profile export, tomoyo-compare; who reads\n"
    "                    /var/lib/phtrack/ph.db without it)\n"
    "  -h, --help        this help\n"
    "  -V, --version     the version of ph\n"
    "\n"
    "Exit status: 0 success, 1 failure, 2 bad usage.\n"
    "See ph(1) for details.\n";

}  // namespace

int main(int argc, char **argv) {
    try {
        ph::cli::Options opt;
        std::vector<std::string> rest;
        for (int i = 1; i < argc; ++i) {
            std::string_view a = argv[i];
            if (!rest.empty()) {
                rest.emplace_back(a);
            } else if (a == "--json") {
                opt.json = true;
            } else if (a == "--db" || a.rfind("--db=", 0) == 0) {
                if (a != "--db")
                    opt.db = a.substr(5);
                else if (i + 1 < argc)
                    opt.db = argv[++i];
                if (opt.db.empty()) {
                    fputs("ph: --db needs a FILE\nTry 'ph --help'.\n", stderr);
                    return 2;
                }
            } else if (a == "-h" || a == "--help") {
                fputs(kUsage, stdout);
                return 0;
            } else if (a == "-V" || a == "--version") {
                printf("ph %s (protocol %d)\n", ph::cli::kVersion, ph::cli::kProtocol);
                return 0;
            } else if (a.size() > 1 && a[0] == '-') {
                fprintf(stderr, "ph: unknown option '%s'\nTry 'ph --help'.\n", argv[i]);
                return 2;
            } else {
                rest.emplace_back(a);
            }
        }
        if (rest.empty()) {
            fputs(kUsage, stderr);
            return 2;
        }
        return ph::cli::dispatch(opt, rest);
    } catch (const std::exception &e) {
        fprintf(stderr, "ph: internal error: %s\n", e.what());
        return 1;
    }
}
