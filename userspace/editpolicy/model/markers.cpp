// Transition markers through the shared rule code (policy/ph_rule.h).
#include "markers.hpp"

#include <string_view>

#include "ph_group.h"
#include "ph_pattern.h"
#include "ph_rule.h"

namespace ph::editpolicy {

namespace {

// Owns a parsed policy.
struct Policy {
    ph_tr_policy p{};
    Policy() { ph_tr_policy_init(&p); }
    ~Policy() { ph_tr_policy_free(&p); }
    Policy(const Policy &) = delete;
    Policy &operator=(const Policy &) = delete;
};

std::string_view last_word(std::string_view name) {
    size_t sp = name.rfind(' ');
    return sp == std::string_view::npos ? name : name.substr(sp + 1);
}

// Whether a rule's "from" part names `domain`.
bool from_matches(const ph_tr_rule &r, std::string_view domain) {
    if (!r.from)
        return true;
    if (r.from_is_domain)
        return std::string_view(r.from, r.from_len) == domain;
    std::string_view w = last_word(domain);
    return ph_path_match(r.from, r.from_len, w.data(), w.size());
}

bool program_matches(const ph_tr_rule &r, std::string_view program) {
    return !r.program || ph_path_match(r.program, r.program_len, program.data(), program.size());
}

}  // namespace

std::vector<Marks> transition_marks(const std::vector<Domain> &domains,
                                    const std::vector<std::string> &lines, std::string &error) {
    std::vector<Marks> out(domains.size());
    error.clear();
    if (lines.empty())
        return out;
    std::string text;
    // A saved exception policy also holds groups and acl_group entries:
    // only the transition rules make markers.
    for (const auto &l : lines)
        if (!ph_group_keyword(l.data(), l.size()) && l.rfind("acl_group ", 0) != 0)
            text += l + "\n";
    Policy pol;
    unsigned bad_line = 0;
    const char *msg = nullptr;
    if (ph_tr_policy_parse(&pol.p, text.data(), text.size(), &bad_line, &msg) < 0) {
        error = "exception policy line " + std::to_string(bad_line) + ": " + (msg ? msg : "bad");
        return out;
    }
    for (size_t i = 0; i < domains.size(); ++i) {
        std::string_view name = domains[i].name;
        size_t sp = name.rfind(' ');
        if (sp == std::string_view::npos)
            continue;  // <kernel>
        std::string_view parent = name.substr(0, sp), program = name.substr(sp + 1);
        bool top = parent == "<kernel>";
        for (const ph_tr_rule *r = pol.p.head; r; r = r->next) {
            if (top && r->type == PH_TR_INITIALIZE && program_matches(*r, program))
                out[i].initialize = true;
            if (r->type == PH_TR_KEEP && from_matches(*r, name))
                out[i].keep = true;
        }
        if (!top) {
            ph_tr_type t =
                ph_tr_decide(&pol.p, parent.data(), parent.size(), program.data(), program.size());
            out[i].unreachable = t == PH_TR_INITIALIZE || t == PH_TR_RESET || t == PH_TR_KEEP;
        }
    }
    return out;
}

}  // namespace ph::editpolicy
