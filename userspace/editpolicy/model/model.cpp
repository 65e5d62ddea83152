// The model of ph-editpolicy: rows of every screen and the state that moves
// over them.  No curses here (see model.hpp).
#include "model.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <map>
#include <sstream>
#include <unordered_map>

#include "linux/phtrack.h"
#include "ph_pattern.h"
#include "term.hpp"
#include "util.hpp"
#include "violation_groups.hpp"

namespace ph::editpolicy {

const char *screen_name(Screen s) {
    switch (s) {
        case Screen::kDomains: return "domain transition tree";
        case Screen::kAcl: return "domain ACL";
        case Screen::kException: return "exception policy";
        case Screen::kStats: return "statistics and mode";
        case Screen::kProcesses: return "process list";
        case Screen::kWindows: return "windows";
        case Screen::kHelp: return "help";
        case Screen::kViolations: return "violations";
        case Screen::kWho: return "who accessed";
        case Screen::kProfiles: return "profiles";
        case Screen::kManagers: return "manager list";
    }
    return "?";
}

Style mode_style(uint32_t mode) {
    switch (mode) {
        case PHTRACK_MODE_LEARNING: return Style::kLearning;
        case PHTRACK_MODE_PERMISSIVE: return Style::kPermissive;
        case PHTRACK_MODE_ENFORCING: return Style::kEnforcing;
        default: return Style::kDisabled;
    }
}

namespace {

void octal(std::string &out, unsigned char c) {
    char b[5];
    snprintf(b, sizeof(b), "\\%03o", c);
    out += b;
}

// Length of the valid UTF-8 sequence at s[i] that is not a C1 control or a
// surrogate, or 0.
size_t utf8_len(std::string_view s, size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    if (n == 0 || c >= 0xf5 || i + n > s.size())
        return 0;
    uint32_t cp = c & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
    for (size_t k = 1; k < n; ++k) {
        auto d = static_cast<unsigned char>(s[i + k]);
        if ((d & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (d & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
        return 0;
    return n;
}

std::string_view last_word(std::string_view name) {
    size_t sp = name.rfind(' ');
    return sp == std::string_view::npos ? name : name.substr(sp + 1);
}

std::string flag_suffix(const Domain &d) {
    std::string s;
    if (d.reconstructed())
        s += " (reconstructed)";
    if (d.capped())
        s += " (capped)";
    if (d.quota())
        s += " (quota)";
    return s;
}

// A dimmed line that explains an empty or summarised screen.
Row note_row(std::string text) {
    Row r;
    r.body = std::move(text);
    r.body_style = Style::kDim;
    return r;
}

std::string fmt(const char *f, unsigned long long a) {
    char b[64];
    snprintf(b, sizeof(b), f, a);
    return b;
}

// One row per line, numbered as tomoyo-editpolicy numbers them (the exception
// policy, the manager list).
void numbered_rows(std::vector<Row> &rows, const std::vector<std::string> &lines) {
    for (size_t n = 0; n < lines.size(); ++n) {
        Row r;
        r.head = fmt("%6llu: ", n);
        r.body = screen_safe(lines[n]);
        r.ref = n;
        rows.push_back(std::move(r));
    }
}

bool contains(const std::string &hay, const std::string &needle) {
    return hay.find(needle) != std::string::npos;
}

// Whether entry `a` already grants everything `b` asks (TOMOYO's optimise).
bool covers(const AclEntry &a, const AclEntry &b) {
    if (a.type != b.type || a.sub != b.sub || (a.perm & b.perm) != b.perm)
        return false;
    for (int k = 0; k < 3; ++k) {
        if (a.num[k] != b.num[k])
            return false;
        const std::string &p = a.str[k], &s = b.str[k];
        if (p == s)
            continue;
        if (p.empty() || s.empty() || !ph_path_match(p.data(), p.size(), s.data(), s.size()))
            return false;
    }
    return true;
}

// Tree order without allocating: token-wise order of domain names (as
// ph::domain_less) is byte order with the separating space below every other
// byte; names are escaped, so no other byte is below 0x21.
bool tree_less(const Domain &x, const Domain &y) {
    const std::string &a = x.name, &b = y.name;
    size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
        auto ca = static_cast<unsigned char>(a[i]), cb = static_cast<unsigned char>(b[i]);
        if (ca == cb)
            continue;
        return (ca == ' ' ? 0 : ca) < (cb == ' ' ? 0 : cb);
    }
    return a.size() < b.size();
}

}  // namespace

std::string screen_safe(std::string_view s) {
    std::string t = term_safe(s), out;
    out.reserve(t.size());
    for (size_t i = 0; i < t.size();) {
        auto c = static_cast<unsigned char>(t[i]);
        if (c < 0x80) {
            out += t[i++];
            continue;
        }
        size_t n = utf8_len(t, i);
        if (n == 0) {
            octal(out, c);
            ++i;
        } else {
            out.append(t, i, n);
            i += n;
        }
    }
    return out;
}

size_t text_columns(std::string_view s) {
    size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    return n;
}

Model::Model(DataSource &src, bool readonly) : src_(src), readonly_(readonly) {
    rebuild_all();
}

Result<void> Model::load() {
    auto d = src_.load();
    if (!d)
        return d.error();
    adopt(std::move(d.value()));
    return {};
}

void Model::adopt(PolicyData d) {
    std::string keys[kScreens];
    for (int s = 0; s < kScreens; ++s) keys[s] = cursor_key(static_cast<Screen>(s));
    std::string acl_name =
        acl_domain_ < data_.domains.size() ? data_.domains[acl_domain_].name : std::string();
    data_ = std::move(d);
    std::sort(data_.domains.begin(), data_.domains.end(), tree_less);
    std::unordered_map<uint32_t, size_t> by_id;
    by_id.reserve(data_.domains.size());
    for (size_t i = 0; i < data_.domains.size(); ++i) by_id.emplace(data_.domains[i].id, i);
    acl_of_.assign(data_.domains.size(), {});
    for (size_t k = 0; k < data_.entries.size(); ++k) {
        auto it = by_id.find(data_.entries[k].domain_id);
        if (it != by_id.end())
            acl_of_[it->second].push_back(k);
    }
    lines_of_.assign(data_.domains.size(), {});
    for (size_t k = 0; k < data_.lines.size(); ++k) {
        auto it = by_id.find(data_.lines[k].domain_id);
        if (it != by_id.end())
            lines_of_[it->second].push_back(k);
    }
    marks_ = transition_marks(data_.domains, data_.exception, marks_error_);
    acl_domain_ = 0;
    for (size_t i = 0; i < data_.domains.size(); ++i)
        if (data_.domains[i].name == acl_name)
            acl_domain_ = i;
    rebuild_all();
    for (int s = 0; s < kScreens; ++s) restore_cursor(static_cast<Screen>(s), keys[s]);
    refilter();
    if (!marks_error_.empty())
        status_ = "markers off: " + screen_safe(marks_error_);
}

void Model::set_viewport(int lines, int cols) {
    list_lines_ = std::max(1, lines);
    cols_ = std::max(1, cols);
    clamp();
}

bool Model::selected(size_t row) const {
    const ScreenState &s = st();
    if (row >= vis_pos_.size())
        return false;
    size_t p = vis_pos_[row];
    return p < s.selected.size() && s.selected[p];
}

size_t Model::selection_count() const {
    return static_cast<size_t>(std::count(st().selected.begin(), st().selected.end(), true));
}

std::string Model::title() const {
    // What matters first: the window and the mode; the origin may be cut.
    std::string t = "ph-editpolicy | ";
    if (screen_ == Screen::kAcl && acl_domain_ < data_.domains.size())
        t += "ACL of " + screen_safe(last_word(data_.domains[acl_domain_].name));
    else
        t += screen_name(screen_);
    t += " | " + std::string(mode_name(data_.mode));
    if (readonly_)
        t += " | read-only";
    return t + " | " + screen_safe(data_.origin);
}

std::string Model::columns() const {
    switch (screen_) {
        case Screen::kDomains:
            return tree_ ? "  index P entries mrk domain (tree)"
                         : "  index P entries mrk domain (list)";
        case Screen::kAcl:
            return acl_domain_ < data_.domains.size()
                       ? " " + screen_safe(data_.domains[acl_domain_].name) + "  use_profile " +
                             std::to_string(data_.mode)
                       : " (no domain)";
        case Screen::kException: return "  index line";
        case Screen::kStats: return " what                            value";
        case Screen::kProcesses:
            return "     pid command (indented under its parent)  domain   " +
                   screen_safe(data_.process_note);
        case Screen::kWindows: return " window (Enter switches)";
        case Screen::kHelp: return " keys (Tab or Enter returns)";
        case Screen::kViolations:
            return "   count verdict  entry   domain, last task   " +
                   screen_safe(data_.violations_note);
        case Screen::kWho:
            return " time (UTC)           operation  task  domain   of " + screen_safe(who_path_);
        case Screen::kProfiles: return " profile  mode        domains";
        case Screen::kManagers: return "  index manager   " + screen_safe(data_.managers_note);
    }
    return "";
}

void Model::rebuild_all() {
    for (int s = 0; s < kScreens; ++s) rebuild(static_cast<Screen>(s));
    refilter();
}

void Model::rebuild(Screen s) {
    ScreenState &ss = state_[static_cast<int>(s)];
    std::vector<Row> &rows = ss.all;
    rows.clear();
    switch (s) {
        case Screen::kDomains: {
            rows.reserve(data_.domains.size());
            for (size_t i = 0; i < data_.domains.size(); ++i) {
                const Domain &d = data_.domains[i];
                // The profile column: the domain's mode as the module
                // reported it (its own or the default), else the default.
                uint32_t mode = d.has_mode ? d.mode : data_.mode;
                Row r;
                r.head = fmt("%6llu: ", i) + std::to_string(mode) +
                         fmt(" %7llu ", acl_of_[i].size() + lines_of_[i].size());
                r.head_style = mode_style(mode);
                Marks m = i < marks_.size() ? marks_[i] : Marks{};
                r.marks = std::string(1, m.initialize ? '*' : ' ') + (m.keep ? '#' : ' ') +
                          (m.unreachable ? '!' : ' ') + " ";
                if (tree_)
                    r.body = std::string(2 * d.depth, ' ') + screen_safe(last_word(d.name));
                else
                    r.body = screen_safe(d.name);
                r.body += flag_suffix(d);
                r.body_style = m.unreachable ? Style::kDim : Style::kNormal;
                r.ref = i;
                rows.push_back(std::move(r));
            }
            break;
        }
        case Screen::kAcl: {
            std::vector<std::pair<std::string, size_t>> lines;
            if (acl_domain_ < acl_of_.size()) {
                std::vector<std::string> learned;
                for (size_t k : acl_of_[acl_domain_]) {
                    learned.push_back(format_acl(data_.entries[k]));
                    lines.emplace_back(screen_safe(learned.back()), k);
                }
                std::sort(learned.begin(), learned.end());
                // Loaded (or saved) lines, each once beside the learned entries.
                for (size_t k : lines_of_[acl_domain_]) {
                    const std::string &t = data_.lines[k].text;
                    if (!std::binary_search(learned.begin(), learned.end(), t))
                        lines.emplace_back(screen_safe(t), data_.entries.size() + k);
                }
            }
            std::sort(lines.begin(), lines.end());
            for (size_t n = 0; n < lines.size(); ++n) {
                Row r;
                r.head = fmt("%6llu: ", n);
                r.body = std::move(lines[n].first);
                r.ref = lines[n].second;
                rows.push_back(std::move(r));
            }
            break;
        }
        case Screen::kException:
            if (!data_.has_exception)
                rows.push_back(note_row(
                    "(" + screen_safe(data_.origin) +
                    " holds no exception policy; live, ph-editpolicy reads the module's)"));
            else
                numbered_rows(rows, data_.exception);
            break;
        case Screen::kStats: {
            auto add = [&](const std::string &label, const std::string &value, Style style) {
                Row r;
                r.head = " " + label + std::string(label.size() < 32 ? 32 - label.size() : 1, ' ');
                r.body = screen_safe(value);
                r.body_style = style;
                r.ref = rows.size();
                rows.push_back(std::move(r));
            };
            add("mode (profile of every domain)",
                std::string(mode_name(data_.mode)) + " (" + std::to_string(data_.mode) + ")",
                mode_style(data_.mode));
            add("domains", std::to_string(data_.domains.size()), Style::kNormal);
            add("learned entries", std::to_string(data_.entries.size()), Style::kNormal);
            for (const auto &[label, value] : data_.stats) add(label, value, Style::kNormal);
            break;
        }
        case Screen::kProcesses: {
            const auto &ps = data_.processes;
            std::map<uint32_t, std::vector<size_t>> children;
            std::unordered_map<uint32_t, size_t> index;
            for (size_t i = 0; i < ps.size(); ++i) index[ps[i].pid] = i;
            std::vector<size_t> roots;
            for (size_t i = 0; i < ps.size(); ++i) {
                if (ps[i].ppid != ps[i].pid && index.count(ps[i].ppid))
                    children[ps[i].ppid].push_back(i);
                else
                    roots.push_back(i);
            }
            auto by_pid = [&](size_t a, size_t b) { return ps[a].pid < ps[b].pid; };
            std::sort(roots.begin(), roots.end(), by_pid);
            for (auto &[pid, v] : children) std::sort(v.begin(), v.end(), by_pid);
            std::vector<std::pair<size_t, size_t>> stack;
            for (auto it = roots.rbegin(); it != roots.rend(); ++it) stack.emplace_back(*it, 0);
            std::vector<bool> seen(ps.size(), false);
            while (!stack.empty()) {
                auto [i, depth] = stack.back();
                stack.pop_back();
                if (seen[i])
                    continue;
                seen[i] = true;
                Row r;
                r.head = fmt("%8llu ", ps[i].pid);
                r.body = std::string(2 * depth, ' ') + screen_safe(ps[i].comm) + "  " +
                         screen_safe(ps[i].domain);
                r.ref = i;
                rows.push_back(std::move(r));
                auto c = children.find(ps[i].pid);
                if (c != children.end())
                    for (auto it = c->second.rbegin(); it != c->second.rend(); ++it)
                        stack.emplace_back(*it, depth + 1);
            }
            if (ps.empty()) {
                rows.push_back(note_row("(no processes: " + screen_safe(data_.process_note) + ")"));
            }
            break;
        }
        case Screen::kViolations: {
            auto groups = cli::group_violations(data_.violations);
            for (size_t n = 0; n < groups.size(); ++n) {
                const cli::ViolationGroup &g = groups[n];
                Row r;
                r.head = fmt("%8llu ", g.count) + cli::verdict_text(g.result) + "  ";
                r.head_style = g.result ? Style::kEnforcing : Style::kPermissive;
                r.body = screen_safe(g.entry) + "   " + screen_safe(g.domain) + ", " +
                         screen_safe(g.last_comm) + " pid " + std::to_string(g.last_pid) + " uid " +
                         std::to_string(g.last_uid) + " at " + cli::format_time(g.last_ns);
                r.ref = n;
                rows.push_back(std::move(r));
            }
            if (groups.empty()) {
                rows.push_back(
                    note_row("(no violations: " + screen_safe(data_.violations_note) + ")"));
            }
            break;
        }
        case Screen::kWho: {
            if (!who_.rows.empty()) {
                rows.push_back(note_row(std::to_string(who_.total) + " accesses, " +
                                        std::to_string(who_.changes) + " changes, by " +
                                        std::to_string(who_.by.size()) +
                                        " (domain, command, uid); newest first"));
            }
            for (size_t n = 0; n < who_.rows.size(); ++n) {
                const WhoRow &w = who_.rows[n];
                Row r;
                r.head = " " + cli::format_time(w.time_ns) + " ";
                r.body = std::string(op_name(w.op)) + "  " + screen_safe(w.comm) + " pid " +
                         std::to_string(w.tgid) + " uid " + std::to_string(w.uid) + "  " +
                         screen_safe(w.domain) + (w.result ? "  (refused)" : "") +
                         (w.path2.empty() ? "" : "  -> " + screen_safe(w.path2));
                r.ref = n;
                rows.push_back(std::move(r));
            }
            if (who_.rows.empty()) {
                Row r;
                r.body = who_path_.empty() ? "(H on an ACL entry shows who accessed its path)"
                                           : "(no stored access to " + screen_safe(who_path_) +
                                                 ": ph who reads watched paths only)";
                r.body_style = Style::kDim;
                rows.push_back(std::move(r));
            }
            break;
        }
        case Screen::kProfiles: {
            // TOMOYO's profiles 0-3 are phtrack's modes; a domain's profile is its own
            // mode or the default (the ACL header's use_profile).
            size_t count[PHTRACK_MODE_MAX + 1] = {};
            size_t unknown = 0;
            for (const Domain &d : data_.domains) {
                if (d.has_mode && d.mode <= PHTRACK_MODE_MAX)
                    ++count[d.mode];
                else
                    ++unknown;
            }
            for (uint32_t p = 0; p <= PHTRACK_MODE_MAX; ++p) {
                Row r;
                r.head = fmt(" %7llu  ", p);
                std::string name(mode_name(p));
                r.body = name + std::string(name.size() < 12 ? 12 - name.size() : 1, ' ') +
                         (unknown == data_.domains.size() && !data_.domains.empty()
                              ? std::string("      -")
                              : fmt("%7llu", count[p])) +
                         (p == data_.mode ? "   (the default for new domains)" : "");
                r.body_style = mode_style(p);
                r.ref = p;
                rows.push_back(std::move(r));
            }
            if (unknown && unknown == data_.domains.size())
                rows.push_back(
                    note_row("(" + screen_safe(data_.origin) +
                             " does not record each domain's mode; live, ph-editpolicy reads it)"));
            break;
        }
        case Screen::kManagers:
            if (!data_.has_managers)
                rows.push_back(
                    note_row("(" + screen_safe(data_.origin) +
                             " holds no manager list; live, ph-editpolicy reads the module's)"));
            else if (data_.managers.empty())
                rows.push_back(note_row(
                    "(empty: any process with CAP_SYS_ADMIN may change policy and modes)"));
            else
                numbered_rows(rows, data_.managers);
            break;
        case Screen::kWindows:
            for (Screen w : {Screen::kDomains, Screen::kAcl, Screen::kException, Screen::kStats,
                             Screen::kProcesses, Screen::kHelp, Screen::kViolations, Screen::kWho,
                             Screen::kProfiles, Screen::kManagers}) {
                Row r;
                r.body = screen_name(w);
                r.ref = static_cast<size_t>(w);
                rows.push_back(std::move(r));
            }
            break;
        case Screen::kHelp: {
            std::vector<std::string> h = {
                "Arrows, PgUp/PgDn, Home/End move; Left/Right scroll long lines sideways.",
                "Enter      domain tree: open the domain's ACL; ACL: back to the tree",
                "Tab        the previous screen;  W  the list of windows",
                "@          the process list (again: back to the domain tree)",
                "F  N  P    find first, next, previous;  /  incremental search",
                "\\          filter: only lines containing the text (Escape clears it)",
                "Space      select or deselect;  I  invert the selection",
                "O          ACL: select the entries the cursor's entry already covers",
                "R          read the policy again;  Ctrl-L  redraw the screen",
                "V          the violations stored by phd, grouped (ph violations)",
                "H          ACL: who accessed the entry's path, when (ph who)",
                "?  F1      this help;  Q  F10  quit",
                "F3 search  F4 filter  F5 tree/list;  the mouse clicks lines and the bar",
                "Markers: * initialize_domain target  # keep_domain  ! unreachable",
            };
            if (readonly_)
                h.push_back("Read-only: no key changes the policy.");
            else if (src_.can_set_mode())
                h.push_back("S          statistics: the default mode; tree: the selected domains'");
            if (!readonly_ && src_.can_set_domain_mode())
                h.push_back("           own mode (MODE or default, then subtree if wanted)");
            if (can_edit()) {
                h.push_back("A          ACL: add an entry (TOMOYO notation); tree: add a domain");
                h.push_back(
                    "D          ACL: delete selected entries; tree: the domain's loaded lines "
                    "(y/n)");
                h.push_back("C          ACL: copy the cursor's (or first selected) line to add");
                h.push_back(
                    "A          violations: the entry it lacked, as a pattern, to accept or edit");
            } else if (!readonly_) {
                h.push_back("A D C: " + screen_safe(edit_refusal()));
            }
            if (!readonly_ && !src_.can_set_domain_mode())
                h.push_back("S on domains: live only (ph mode MODE DOMAIN)");
            for (size_t n = 0; n < h.size(); ++n) {
                Row r;
                r.body = h[n];
                r.ref = n;
                rows.push_back(std::move(r));
            }
            break;
        }
    }
    ss.selected.assign(rows.size(), false);
}

void Model::refilter() {
    ScreenState &s = st();
    vis_pos_.clear();
    vis_pos_.reserve(s.all.size());
    for (size_t i = 0; i < s.all.size(); ++i)
        if (s.filter.empty() || contains(s.all[i].body, s.filter))
            vis_pos_.push_back(i);
    clamp();
}

void Model::clamp() {
    ScreenState &s = st();
    if (vis_pos_.empty()) {
        s.cursor = s.top = 0;
        return;
    }
    s.cursor = std::min(s.cursor, row_count() - 1);
    size_t lines = static_cast<size_t>(list_lines_);
    if (s.cursor < s.top)
        s.top = s.cursor;
    if (s.cursor >= s.top + lines)
        s.top = s.cursor - lines + 1;
    if (row_count() > lines)
        s.top = std::min(s.top, row_count() - lines);
    else
        s.top = 0;
}

std::string Model::cursor_key(Screen s) const {
    const ScreenState &ss = state_[static_cast<int>(s)];
    if (ss.all.empty())
        return "";
    // The cursor is over the filtered rows; find its row among all.
    size_t n = 0;
    for (const Row &r : ss.all) {
        if (!ss.filter.empty() && !contains(r.body, ss.filter))
            continue;
        if (n++ == ss.cursor)
            return s == Screen::kDomains && r.ref < data_.domains.size() ? data_.domains[r.ref].name
                                                                         : r.body;
    }
    return "";
}

void Model::restore_cursor(Screen s, const std::string &key) {
    ScreenState &ss = state_[static_cast<int>(s)];
    if (key.empty())
        return;
    size_t n = 0;
    for (const Row &r : ss.all) {
        if (!ss.filter.empty() && !contains(r.body, ss.filter))
            continue;
        std::string k = s == Screen::kDomains && r.ref < data_.domains.size()
                            ? data_.domains[r.ref].name
                            : r.body;
        if (k == key) {
            ss.cursor = n;
            return;
        }
        ++n;
    }
}

void Model::move(long delta) {
    ScreenState &s = st();
    long c = static_cast<long>(s.cursor) + delta;
    long last = static_cast<long>(row_count()) - 1;
    s.cursor = static_cast<size_t>(std::clamp(c, 0L, std::max(0L, last)));
    clamp();
}

void Model::page(int direction) {
    move(static_cast<long>(direction) * list_lines_);
}

void Model::home() {
    st().cursor = 0;
    clamp();
}

void Model::end() {
    st().cursor = vis_pos_.empty() ? 0 : row_count() - 1;
    clamp();
}

void Model::scroll_x(long delta) {
    ScreenState &s = st();
    size_t widest = 0;
    size_t from = s.top, to = std::min(row_count(), s.top + static_cast<size_t>(list_lines_));
    for (size_t i = from; i < to; ++i) {
        const Row &r = row(i);
        widest = std::max(widest, 1 + text_columns(r.head) + r.marks.size() + text_columns(r.body));
    }
    long max = std::max(0L, static_cast<long>(widest) - cols_ + 8);
    s.hscroll = static_cast<size_t>(std::clamp(static_cast<long>(s.hscroll) + delta, 0L, max));
}

void Model::scroll_lines(long delta) {
    ScreenState &s = st();
    long lines = list_lines_;
    long n = static_cast<long>(row_count());
    long top = std::clamp(static_cast<long>(s.top) + delta, 0L, std::max(0L, n - lines));
    s.top = static_cast<size_t>(top);
    long c = std::clamp(static_cast<long>(s.cursor), top, std::max(top, top + lines - 1));
    s.cursor = static_cast<size_t>(std::min(c, std::max(0L, n - 1)));
}

bool Model::click(int line) {
    ScreenState &s = st();
    if (line < 0 || line >= list_lines_)
        return false;
    size_t row = s.top + static_cast<size_t>(line);
    if (row >= row_count())
        return false;
    s.cursor = row;
    return true;
}

void Model::enter() {
    if (vis_pos_.empty() && screen_ != Screen::kAcl && screen_ != Screen::kHelp)
        return;
    switch (screen_) {
        case Screen::kDomains: {
            size_t d = row(st().cursor).ref;
            if (d != acl_domain_ || state_[static_cast<int>(Screen::kAcl)].all.empty()) {
                acl_domain_ = d;
                ScreenState &a = state_[static_cast<int>(Screen::kAcl)];
                a.cursor = a.top = a.hscroll = 0;
                rebuild(Screen::kAcl);
            }
            switch_to(Screen::kAcl);
            break;
        }
        case Screen::kAcl: switch_to(Screen::kDomains); break;
        case Screen::kWindows: switch_to(static_cast<Screen>(row(st().cursor).ref)); break;
        case Screen::kHelp: previous_screen(); break;
        default: break;
    }
}

void Model::switch_to(Screen s) {
    if (s == screen_)
        return;
    previous_ = screen_;
    screen_ = s;
    refilter();
}

void Model::previous_screen() {
    switch_to(previous_);
}

void Model::toggle_tree() {
    std::string key = cursor_key(Screen::kDomains);
    tree_ = !tree_;
    rebuild(Screen::kDomains);
    restore_cursor(Screen::kDomains, key);
    if (screen_ == Screen::kDomains)
        refilter();
}

bool Model::open_who() {
    if (screen_ != Screen::kAcl || vis_pos_.empty() || st().all.empty()) {
        status_ = "H works on an entry of a domain's ACL";
        return false;
    }
    size_t ref = row(st().cursor).ref;
    std::string path;
    if (ref < data_.entries.size()) {
        path = data_.entries[ref].str[0];
    } else {
        // The line's object: the word after the permissions.
        const std::string &t = acl_text(ref);
        size_t a = t.find(' '), b = a == std::string::npos ? a : t.find(' ', a + 1);
        if (b != std::string::npos)
            path = t.substr(b + 1, t.find(' ', b + 1) - b - 1);
    }
    if (path.empty() || path[0] != '/') {
        status_ = "the entry names no path";
        return false;
    }
    auto w = src_.who(path);
    if (!w) {
        status_ = "who: " + screen_safe(w.error().message);
        return false;
    }
    who_path_ = path;
    who_ = std::move(w.value());
    ScreenState &ws = state_[static_cast<int>(Screen::kWho)];
    ws.cursor = ws.top = ws.hscroll = 0;
    rebuild(Screen::kWho);
    switch_to(Screen::kWho);
    status_ = "";
    return true;
}

void Model::toggle_select() {
    ScreenState &s = st();
    if (vis_pos_.empty() || (screen_ != Screen::kDomains && screen_ != Screen::kAcl &&
                             screen_ != Screen::kException && screen_ != Screen::kProcesses))
        return;
    size_t p = vis_pos_[s.cursor];
    s.selected[p] = !s.selected[p];
    move(1);
}

void Model::invert_selection() {
    ScreenState &s = st();
    for (size_t p : vis_pos_) s.selected[p] = !s.selected[p];
}

size_t Model::optimise() {
    if (screen_ != Screen::kAcl || vis_pos_.empty()) {
        status_ = "O works on a domain's ACL";
        return 0;
    }
    ScreenState &s = st();
    if (row(s.cursor).ref >= data_.entries.size()) {
        status_ = "O compares learned entries; the cursor is on a loaded line";
        return 0;
    }
    const AclEntry &a = data_.entries[row(s.cursor).ref];
    size_t n = 0;
    for (size_t i = 0; i < row_count(); ++i) {
        if (i == s.cursor || row(i).ref >= data_.entries.size())
            continue;
        if (covers(a, data_.entries[row(i).ref])) {
            n += !s.selected[vis_pos_[i]];
            s.selected[vis_pos_[i]] = true;
        }
    }
    status_ = n ? std::to_string(n) + " entries the cursor's entry covers are selected"
                : "the cursor's entry covers no other entry";
    return n;
}

bool Model::search_from(size_t start, bool forward, bool include_start) {
    if (search_.empty() || vis_pos_.empty())
        return false;
    size_t n = row_count();
    for (size_t k = include_start ? 0 : 1; k <= n; ++k) {
        size_t i = forward ? (start + k) % n : (start + n - k % n) % n;
        if (contains(row(i).body, search_)) {
            st().cursor = i;
            clamp();
            status_ = "";
            return true;
        }
    }
    status_ = "not found: " + screen_safe(search_);
    return false;
}

bool Model::find_first(const std::string &s) {
    search_ = s;
    return search_from(0, true, true);
}

bool Model::find_next() {
    if (search_.empty()) {
        status_ = "no search yet: F or / first";
        return false;
    }
    return search_from(st().cursor, true, false);
}

bool Model::find_prev() {
    if (search_.empty()) {
        status_ = "no search yet: F or / first";
        return false;
    }
    return search_from(st().cursor, false, false);
}

void Model::set_filter(const std::string &f) {
    std::string key = cursor_key(screen_);
    st().filter = f;
    refilter();
    restore_cursor(screen_, key);
    clamp();
}

void Model::open_prompt(PromptKind kind) {
    Prompt p{kind, "", "", st().cursor, ""};
    switch (kind) {
        case PromptKind::kFind: p.label = "Find: "; break;
        case PromptKind::kIncSearch: p.label = "Search: "; break;
        case PromptKind::kFilter:
            p.label = "Filter: ";
            p.text = st().filter;
            break;
        case PromptKind::kMode:
            p.label = "Mode (disabled, learning, permissive, enforcing): ";
            break;
        case PromptKind::kDomainMode: {
            size_t n = mode_targets().size();
            p.label = "Mode for " + std::to_string(n) + (n == 1 ? " domain" : " domains") +
                      " (disabled, learning, permissive, enforcing or default; "
                      "add \"subtree\" for the domains below): ";
            break;
        }
        case PromptKind::kAddEntry: p.label = "Add entry: "; break;
        case PromptKind::kAddDomain: p.label = "Add domain: "; break;
        case PromptKind::kAddViolation:
            p.label = "Add entry: ";
            break;  // the caller names the domain
        case PromptKind::kConfirmDelete:
            p.label = "Delete " + std::to_string(delete_count()) +
                      (screen_ == Screen::kAcl ? " entries" : " loaded lines of the domain") +
                      "? (y/n) ";
            break;
    }
    prompt_ = p;
}

void Model::prompt_char(char c) {
    if (!prompt_)
        return;
    prompt_->text += c;
    if (prompt_->kind == PromptKind::kIncSearch) {
        search_ = prompt_->text;
        search_from(prompt_->origin, true, true);
    } else if (prompt_->kind == PromptKind::kFilter) {
        set_filter(prompt_->text);
    }
}

void Model::prompt_backspace() {
    if (!prompt_ || prompt_->text.empty())
        return;
    // Drop one UTF-8 code point.
    size_t n = prompt_->text.size() - 1;
    while (n > 0 && (static_cast<unsigned char>(prompt_->text[n]) & 0xc0) == 0x80) --n;
    prompt_->text.erase(n);
    if (prompt_->kind == PromptKind::kIncSearch) {
        search_ = prompt_->text;
        st().cursor = prompt_->origin;
        if (!search_.empty())
            search_from(prompt_->origin, true, true);
        clamp();
    } else if (prompt_->kind == PromptKind::kFilter) {
        set_filter(prompt_->text);
    }
}

void Model::prompt_accept() {
    if (!prompt_)
        return;
    Prompt p = *prompt_;
    prompt_.reset();
    switch (p.kind) {
        case PromptKind::kFind: find_first(p.text); break;
        case PromptKind::kIncSearch: break;  // the cursor is already there
        case PromptKind::kFilter: set_filter(p.text); break;
        case PromptKind::kAddEntry: (void)add_entry(p.text); break;
        case PromptKind::kAddDomain: (void)add_domain(p.text); break;
        case PromptKind::kAddViolation: (void)add_entry_to(p.target, p.text); break;
        case PromptKind::kConfirmDelete: (void)delete_selection(); break;
        case PromptKind::kMode: {
            int m = parse_mode(p.text);
            if (m < 0)
                status_ = "not a mode: " + screen_safe(p.text);
            else
                (void)set_mode(static_cast<uint32_t>(m));
            break;
        }
        case PromptKind::kDomainMode: {
            std::istringstream in(p.text);
            std::string word, extra, more;
            in >> word >> extra >> more;
            int m = word == "default" ? -1 : parse_mode(word);
            bool subtree = extra == "subtree" || extra == "-r";
            if ((m < 0 && word != "default") || (!extra.empty() && !subtree) || !more.empty())
                status_ = "not a mode: " + screen_safe(p.text) +
                          " (give one of disabled, learning, permissive, enforcing, default, "
                          "then subtree if wanted)";
            else
                (void)set_domain_modes(m, subtree);
            break;
        }
    }
}

void Model::prompt_cancel() {
    if (!prompt_)
        return;
    Prompt p = *prompt_;
    prompt_.reset();
    if (p.kind == PromptKind::kIncSearch) {
        st().cursor = p.origin;
        clamp();
    } else if (p.kind == PromptKind::kFilter) {
        set_filter("");
    } else if (p.kind == PromptKind::kConfirmDelete) {
        status_ = "nothing deleted";
    }
}

Result<void> Model::set_mode(uint32_t mode) {
    if (readonly_) {
        status_ = "read-only: the mode cannot be changed";
        return Error{EROFS, status_};
    }
    if (!src_.can_set_mode()) {
        status_ = "this source cannot change the mode";
        return Error{EOPNOTSUPP, status_};
    }
    // The change in flight: shown at once, undone if the source refuses it.
    uint32_t old = data_.mode;
    data_.mode = mode;
    rebuild(Screen::kDomains);
    rebuild(Screen::kStats);
    refilter();
    auto r = src_.set_mode(mode);
    if (!r) {
        data_.mode = old;
        rebuild(Screen::kDomains);
        rebuild(Screen::kStats);
        refilter();
        status_ = "mode not changed: " + screen_safe(r.error().message);
        return r;
    }
    status_ = "mode set to " + std::string(mode_name(mode));
    if (auto l = load(); !l)
        status_ += "; reading back failed: " + screen_safe(l.error().message);
    return {};
}

}  // namespace ph::editpolicy
