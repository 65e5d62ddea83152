// ph's commands: the one table that names them (commands.cpp), what each
// reads, its usage text, and the parser of ph's command line.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ph::cli {

inline constexpr const char *kVersion = "0.1.0";
inline constexpr int kProtocol = 2;

struct Options {
    bool json = false;
    std::string db;  // --db FILE: read the store instead of the module
};

using Handler = int (*)(const Options &opt, const std::vector<std::string> &args);

/// What a command reads, and so what --db FILE means for it.
enum class Source {
    kModule,  // the running module: refused with --db
    kEither,  // the module, or with --db FILE that store
    kStore,   // a store: --db FILE, else phd's default one
    kFiles,   // neither: only the files it is given
};

/// One ph command.  args[0] of its handler is the command's name.
struct Command {
    std::string_view name;
    Handler run;
    Source source;
    /// With source kModule: only these subcommands (args[1]) need the
    /// module, separated by spaces; the others read files.  "" = all do.
    std::string_view module_subcommands;
    /// Its lines in `ph --help`: "NAME ARGS" and a description, each line
    /// ending in "\n"; a tab separates the synopsis from the description.
    std::string_view usage;
};

/// Every command, in the order of `ph --help`.
std::span<const Command> commands();
/// The command named `name`, or nullptr.
const Command *find_command(std::string_view name);
/// The text of `ph --help`, generated from the table.
std::string usage_text();
/// `ph CMD --help`: the lines of `cmd` in usage_text(), with a pointer to it.
std::string command_usage_text(const Command &cmd);

/// With --db: exit status 2 and a message when `cmd` needs the running
/// module for these arguments; otherwise -1.
int refuse_db(const Command &cmd, const Options &opt, const std::vector<std::string> &args);
/// Run the command args[0] with its arguments; returns the exit status.
int dispatch(const Options &opt, const std::vector<std::string> &args);

/// ph's command line, parsed.  --json and --db FILE are ph's own wherever
/// they stand, before or after the command and its arguments, until a "--"
/// (which is dropped): what follows it goes to the command as it is.  -h,
/// --help, -V and --version are ph's before the command only; after it they
/// are the command's (ph watch --help).
struct Invocation {
    enum Action { kRun, kHelp, kVersion, kUsageError } action = kRun;
    Options opt;
    std::vector<std::string> args;  // the command and its arguments; with kHelp,
                                    // the command whose help is asked, if any
    std::string error;              // with kUsageError: what was wrong
};
Invocation parse_command_line(const std::vector<std::string> &argv);

int cmd_status(const Options &opt, const std::vector<std::string> &args);
int cmd_mode(const Options &opt, const std::vector<std::string> &args);
int cmd_domains(const Options &opt, const std::vector<std::string> &args);
int cmd_domain_of(const Options &opt, const std::vector<std::string> &args);
int cmd_pstree(const Options &opt, const std::vector<std::string> &args);
int cmd_events(const Options &opt, const std::vector<std::string> &args);
int cmd_policy(const Options &opt, const std::vector<std::string> &args);
int cmd_acl(const Options &opt, const std::vector<std::string> &args);
int cmd_profile(const Options &opt, const std::vector<std::string> &args);
int cmd_mark(const Options &opt, const std::vector<std::string> &args);
int cmd_tomoyo_compare(const Options &opt, const std::vector<std::string> &args);
int cmd_watch(const Options &opt, const std::vector<std::string> &args);
int cmd_check(const Options &opt, const std::vector<std::string> &args);
int cmd_verify(const Options &opt, const std::vector<std::string> &args);
int cmd_who(const Options &opt, const std::vector<std::string> &args);
int cmd_violations(const Options &opt, const std::vector<std::string> &args);
int cmd_manager(const Options &opt, const std::vector<std::string> &args);
int cmd_ready(const Options &opt, const std::vector<std::string> &args);

}  // namespace ph::cli
