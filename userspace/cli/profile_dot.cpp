// ph profile export --format dot: a service profile as a Graphviz graph.
#include "profile_dot.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "proto.hpp"

#include <fcntl.h>

namespace ph::cli {

std::string dot_escape(const std::string &s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f)
            out += c;
    }
    return out;
}

namespace {

std::string last_program(const std::string &name) {
    size_t sp = name.rfind(' ');
    return sp == std::string::npos ? name : name.substr(sp + 1);
}

// The domain's parent within the profile: its name without the last program.
std::string parent_of(const std::string &name) {
    size_t sp = name.rfind(' ');
    return sp == std::string::npos ? std::string() : name.substr(0, sp);
}

// Per domain: a fill colour and the note's lines, when not the defaults
// (blue, every entry).
struct DotStyle {
    std::map<std::string, std::string> fill;
    std::map<std::string, std::vector<std::string>> notes;
};

std::string render_dot(const Profile &p, const std::string &title, const DotStyle *style) {
    std::vector<std::string> names;
    for (const auto &kv : p.domains) names.push_back(kv.first);
    std::sort(names.begin(), names.end(),
              [](const std::string &a, const std::string &b) { return domain_less(a, b); });
    std::map<std::string, size_t> id;
    for (size_t i = 0; i < names.size(); ++i) id[names[i]] = i;

    std::string out = "digraph profile {\n";
    out += "  label=\"phtrack profile of " + dot_escape(title) + "\";\n";
    out += "  labelloc=t;\n  rankdir=LR;\n";
    out += "  node [fontname=\"monospace\", fontsize=10];\n";
    for (size_t i = 0; i < names.size(); ++i) {
        const auto &lines = p.domains.at(names[i]);
        std::string fill = "#dde8f5";
        std::vector<std::string> note(lines.begin(), lines.end());
        if (style) {
            auto f = style->fill.find(names[i]);
            if (f != style->fill.end())
                fill = f->second;
            auto n = style->notes.find(names[i]);
            note = n != style->notes.end() ? n->second : std::vector<std::string>{};
        }
        out +=
            "  d" + std::to_string(i) + " [shape=box, style=filled, fillcolor=\"" + fill + "\", ";
        out += "label=\"" + dot_escape(last_program(names[i])) + "\\n" +
               std::to_string(lines.size()) + (lines.size() == 1 ? " entry" : " entries") +
               "\", tooltip=\"" + dot_escape(names[i]) + "\"];\n";
        if (!note.empty()) {
            // \l ends a left-justified line.
            out += "  a" + std::to_string(i) + " [shape=note, label=\"";
            for (const auto &l : note) out += dot_escape(l) + "\\l";
            out += "\"];\n";
            out += "  d" + std::to_string(i) + " -> a" + std::to_string(i) +
                   " [style=dashed, arrowhead=none];\n";
        }
    }
    for (size_t i = 0; i < names.size(); ++i) {
        // The nearest ancestor present in the profile.
        for (std::string up = parent_of(names[i]); !up.empty(); up = parent_of(up)) {
            auto it = id.find(up);
            if (it == id.end())
                continue;
            out += "  d" + std::to_string(it->second) + " -> d" + std::to_string(i) + ";\n";
            break;
        }
    }
    out += "}\n";
    return out;
}

}  // namespace

std::string render_profile_dot(const Profile &p, const std::string &title) {
    return render_dot(p, title, nullptr);
}

std::string render_diff_dot(const Profile &old_p, const Profile &new_p, const ProfileDiff &d,
                            const std::string &title) {
    Profile all = new_p;
    DotStyle style;
    for (const auto &dd : d.domains) {
        std::vector<std::string> note = change_lines(dd);
        if (dd.status == DomainDiff::kRemoved) {
            all.domains[dd.name] =
                old_p.domains.count(dd.name) ? old_p.domains.at(dd.name) : std::set<std::string>{};
            style.fill[dd.name] = "#f5c8c8";
        } else {
            style.fill[dd.name] = dd.status == DomainDiff::kAdded ? "#c8f0c8" : "#f5e3b3";
        }
        style.notes[dd.name] = std::move(note);
    }
    return render_dot(all, title, &style);
}

Result<void> run_dot_svg(const std::string &dot_text, const std::string &file) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC))
        return Error{errno, std::string("pipe: ") + strerror(errno)};
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        return Error{e, std::string("fork: ") + strerror(e)};
    }
    if (pid == 0) {
        dup2(fds[0], STDIN_FILENO);
        execlp("dot", "dot", "-Tsvg", "-o", file.c_str(), static_cast<char *>(nullptr));
        _exit(127);
    }
    close(fds[0]);
    // A dot that exits early must not kill ph with SIGPIPE.
    struct sigaction ign {
    }, old{};
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old);
    size_t off = 0;
    while (off < dot_text.size()) {
        ssize_t n = write(fds[1], dot_text.data() + off, dot_text.size() - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += static_cast<size_t>(n);
    }
    close(fds[1]);
    sigaction(SIGPIPE, &old, nullptr);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return Error{EIO, WIFEXITED(status) && WEXITSTATUS(status) == 127
                              ? "cannot run dot (install graphviz)"
                              : "dot -Tsvg failed writing " + file};
    if (off < dot_text.size())
        return Error{EIO, "dot did not read its whole input"};
    return {};
}

}  // namespace ph::cli
