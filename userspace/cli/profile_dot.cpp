// ph profile export --format dot: a service profile as a Graphviz graph.
#include "profile_dot.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "proto.hpp"

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

}  // namespace

std::string render_profile_dot(const Profile &p, const std::string &title) {
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
        out += "  d" + std::to_string(i) + " [shape=box, style=filled, fillcolor=\"#dde8f5\", ";
        out += "label=\"" + dot_escape(last_program(names[i])) + "\\n" +
               std::to_string(lines.size()) + (lines.size() == 1 ? " entry" : " entries") +
               "\", tooltip=\"" + dot_escape(names[i]) + "\"];\n";
        if (!lines.empty()) {
            // \l ends a left-justified line.
            out += "  a" + std::to_string(i) + " [shape=note, label=\"";
            for (const auto &l : lines) out += dot_escape(l) + "\\l";
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

}  // namespace ph::cli
