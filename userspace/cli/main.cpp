// ph: the phtrack command-line tool.  Its commands are the table in
// commands.cpp; this file only turns argv into one of them.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "commands.hpp"

int main(int argc, char **argv) {
    try {
        std::vector<std::string> argv_rest(argv + (argc > 0 ? 1 : 0), argv + argc);
        ph::cli::Invocation inv = ph::cli::parse_command_line(argv_rest);
        switch (inv.action) {
            case ph::cli::Invocation::kHelp:
                if (!inv.args.empty()) {
                    const ph::cli::Command *cmd = ph::cli::find_command(inv.args[0]);
                    if (!cmd) {
                        fprintf(stderr, "ph: unknown command '%s'\nTry 'ph --help'.\n",
                                inv.args[0].c_str());
                        return 2;
                    }
                    fputs(ph::cli::command_usage_text(*cmd).c_str(), stdout);
                    return 0;
                }
                fputs(ph::cli::usage_text().c_str(), stdout);
                return 0;
            case ph::cli::Invocation::kVersion:
                printf("ph %s (protocol %d)\n", ph::cli::kVersion, ph::cli::kProtocol);
                return 0;
            case ph::cli::Invocation::kUsageError:
                if (inv.error.empty())
                    fputs(ph::cli::usage_text().c_str(), stderr);
                else
                    fprintf(stderr, "ph: %s\nTry 'ph --help'.\n", inv.error.c_str());
                return 2;
            case ph::cli::Invocation::kRun: break;
        }
        return ph::cli::dispatch(inv.opt, inv.args);
    } catch (const std::exception &e) {
        fprintf(stderr, "ph: internal error: %s\n", e.what());
        return 1;
    }
}
