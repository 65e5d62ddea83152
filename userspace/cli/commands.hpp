// ph subcommands.
#pragma once

#include <string>
#include <vector>

namespace ph::cli {

inline constexpr const char *kVersion = "0.1.0";
inline constexpr int kProtocol = 1;

struct Options {
    bool json = false;
    std::string db;  // --db FILE: read the store instead of the module
};

/// Run the subcommand args[0] with its arguments; returns the exit status.
int dispatch(const Options &opt, const std::vector<std::string> &args);

int cmd_status(const Options &opt, const std::vector<std::string> &args);
int cmd_mode(const Options &opt, const std::vector<std::string> &args);
int cmd_domains(const Options &opt, const std::vector<std::string> &args);
int cmd_domain_of(const Options &opt, const std::vector<std::string> &args);
int cmd_pstree(const Options &opt, const std::vector<std::string> &args);
int cmd_events(const Options &opt, const std::vector<std::string> &args);
int cmd_policy(const Options &opt, const std::vector<std::string> &args);
int cmd_acl(const Options &opt, const std::vector<std::string> &args);
int cmd_profile(const Options &opt, const std::vector<std::string> &args);
int cmd_tomoyo_compare(const Options &opt, const std::vector<std::string> &args);
int cmd_watch(const Options &opt, const std::vector<std::string> &args);
int cmd_check(const Options &opt, const std::vector<std::string> &args);
int cmd_who(const Options &opt, const std::vector<std::string> &args);

}  // namespace ph::cli
