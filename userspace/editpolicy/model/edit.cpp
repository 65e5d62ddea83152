// Editing in ph-editpolicy's model: add and delete ACL entries, add a
// domain, delete a domain's loaded lines; optimistic, undone when the
// source refuses; per-domain modes (S on the domain tree) (model.hpp).
#include <algorithm>
#include <cerrno>
#include <utility>

#include "model.hpp"
#include "ph_acl_rule.h"
#include "ph_domainname.h"
#include "ph_group.h"
#include "violation_groups.hpp"

namespace ph::editpolicy {

namespace {

// The exception policy's groups, for checking lines that name them.
class Groups {
  public:
    explicit Groups(const std::vector<std::string> &exception) {
        ph_groups_init(&gs_);
        for (const std::string &l : exception)
            if (ph_group_keyword(l.data(), l.size()))
                (void)ph_groups_parse(&gs_, l.data(), l.size(), nullptr, nullptr);
    }
    ~Groups() { ph_groups_free(&gs_); }
    Groups(const Groups &) = delete;
    Groups &operator=(const Groups &) = delete;
    const ph_groups *get() const { return &gs_; }

  private:
    ph_groups gs_;
};

// The canonical text of an access line, or the parser's reason.
Result<std::string> canonical(const std::vector<std::string> &exception, std::string_view line) {
    Groups g(exception);
    ph_acl_rule *r = nullptr;
    const char *why = nullptr;
    int err = ph_acl_rule_parse(g.get(), line.data(), line.size(), &r, &why);
    if (err)
        return Error{-err, why ? why : "not an access line"};
    std::string text(r->text, r->len);
    ph_acl_rule_free(r);
    return text;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

struct Model::Saved {
    PolicyData data;
    std::vector<Marks> marks;
    std::vector<std::vector<size_t>> acl_of, lines_of;
    std::string marks_error;
    ScreenState state[kScreens];
    std::vector<size_t> vis_pos;
    Screen screen, previous;
    size_t acl_domain;
};

Model::Saved Model::save() const {
    Saved s{data_, marks_,   acl_of_, lines_of_, marks_error_,
            {},    vis_pos_, screen_, previous_, acl_domain_};
    for (int i = 0; i < kScreens; ++i) s.state[i] = state_[i];
    return s;
}

void Model::restore(Saved s) {
    data_ = std::move(s.data);
    marks_ = std::move(s.marks);
    acl_of_ = std::move(s.acl_of);
    lines_of_ = std::move(s.lines_of);
    marks_error_ = std::move(s.marks_error);
    for (int i = 0; i < kScreens; ++i) state_[i] = std::move(s.state[i]);
    vis_pos_ = std::move(s.vis_pos);
    screen_ = s.screen;
    previous_ = s.previous;
    acl_domain_ = s.acl_domain;
}

std::string Model::edit_refusal() const {
    if (readonly_)
        return "read-only: nothing can be changed";
    return src_.edit_refusal();
}

std::string Model::acl_text(size_t ref) const {
    if (ref < data_.entries.size())
        return format_acl(data_.entries[ref]);
    return data_.lines[ref - data_.entries.size()].text;
}

std::vector<size_t> Model::delete_refs() const {
    std::vector<size_t> refs;
    if (screen_ == Screen::kAcl) {
        const ScreenState &s = st();
        for (size_t p = 0; p < s.all.size(); ++p)
            if (p < s.selected.size() && s.selected[p])
                refs.push_back(s.all[p].ref);
        if (refs.empty() && !vis_pos_.empty() && !s.all.empty())
            refs.push_back(row(s.cursor).ref);
    } else if (screen_ == Screen::kDomains && !vis_pos_.empty()) {
        size_t d = row(st().cursor).ref;
        for (size_t k : lines_of_[d]) refs.push_back(data_.entries.size() + k);
    }
    return refs;
}

size_t Model::delete_count() const {
    return delete_refs().size();
}

Result<void> Model::commit_edit(const PolicyEdit &e, PolicyData d, const std::string &done) {
    Saved before = save();
    adopt(std::move(d));  // shown at once
    auto r = src_.apply(e);
    if (!r) {
        restore(std::move(before));
        status_ = "not changed: " + screen_safe(r.error().message);
        return r;
    }
    status_ = done;
    if (auto l = load(); !l)
        status_ += "; reading back failed: " + screen_safe(l.error().message);
    return {};
}

Result<void> Model::add_entry(const std::string &line) {
    if (!can_edit()) {
        status_ = edit_refusal();
        return Error{EROFS, status_};
    }
    if (screen_ != Screen::kAcl || acl_domain_ >= data_.domains.size()) {
        status_ = "entries are added in a domain's ACL";
        return Error{EINVAL, status_};
    }
    return add_entry_to(data_.domains[acl_domain_].name, line);
}

Result<void> Model::add_entry_to(const std::string &domain, const std::string &line) {
    if (!can_edit()) {
        status_ = edit_refusal();
        return Error{EROFS, status_};
    }
    if (!ph_domain_valid(domain.data(), domain.size())) {
        status_ = "not a valid domain name: " + screen_safe(domain);
        return Error{EINVAL, status_};
    }
    auto text = canonical(data_.exception, trimmed(line));
    if (!text) {
        status_ = "not added: " + screen_safe(text.error().message) + ": " +
                  screen_safe(std::string(trimmed(line)));
        return text.error();
    }
    return commit_add(domain, text.value());
}

Result<void> Model::commit_add(const std::string &name, const std::string &text) {
    PolicyData d = data_;
    const Domain *dom = nullptr;
    for (size_t i = 0; i < data_.domains.size(); ++i)
        if (data_.domains[i].name == name) {
            dom = &data_.domains[i];
            for (size_t k : lines_of_[i])
                if (data_.lines[k].text == text) {
                    status_ = "already there: " + screen_safe(text);
                    return Error{EEXIST, status_};
                }
        }
    uint32_t id = 0;
    if (dom) {
        id = dom->id;
    } else {
        // A domain this policy lacks (a violation's, from a store of
        // another policy): shown with the line until the source reads back.
        Domain nd;
        nd.name = name;
        nd.depth = static_cast<uint32_t>(std::count(name.begin(), name.end(), ' '));
        for (const Domain &x : d.domains) nd.id = std::max(nd.id, x.id);
        id = ++nd.id;
        size_t sp = name.rfind(' ');
        for (const Domain &x : d.domains)
            if (sp != std::string::npos && x.name == name.substr(0, sp)) {
                nd.has_parent = true;
                nd.parent_id = x.id;
            }
        d.domains.push_back(nd);
    }
    d.lines.push_back({id, text});
    PolicyEdit e{name, {text}, false};
    std::string where = screen_ == Screen::kAcl ? "" : " to " + screen_safe(name);
    return commit_edit(e, std::move(d), "added" + where + ": " + screen_safe(text));
}

bool Model::propose_violation() {
    if (!can_edit()) {
        status_ = edit_refusal();
        return false;
    }
    if (screen_ != Screen::kViolations || vis_pos_.empty()) {
        status_ = "A on a violation proposes its entry";
        return false;
    }
    auto groups = cli::group_violations(data_.violations);
    size_t ref = row(st().cursor).ref;
    if (data_.violations.empty() || ref >= groups.size()) {
        status_ = "no violation here";
        return false;
    }
    const cli::ViolationGroup &g = groups[ref];
    std::string e = cli::proposed_entry(g.kind, g.domain, g.entry, cli::Patternizer::defaults());
    if (e.empty()) {
        status_ = g.domain.empty() ? "the violation's domain is unknown: nothing to propose"
                                   : "a refused manager request is no policy entry";
        return false;
    }
    open_prompt(PromptKind::kAddViolation);
    prompt_->label = "Add to " + screen_safe(g.domain) + ": ";
    prompt_->text = e;
    prompt_->target = g.domain;
    return true;
}

Result<void> Model::add_domain(const std::string &name) {
    if (!can_edit()) {
        status_ = edit_refusal();
        return Error{EROFS, status_};
    }
    std::string full(trimmed(name));
    if (full.rfind("<kernel>", 0) != 0) {
        if (vis_pos_.empty() || screen_ != Screen::kDomains) {
            status_ = "a domain name starts with <kernel>";
            return Error{EINVAL, status_};
        }
        full = data_.domains[row(st().cursor).ref].name + " " + full;
    }
    if (!ph_domain_valid(full.data(), full.size())) {
        status_ = "not a valid domain name: " + screen_safe(full);
        return Error{EINVAL, status_};
    }
    for (const Domain &x : data_.domains)
        if (x.name == full) {
            status_ = "already there: " + screen_safe(full);
            return Error{EEXIST, status_};
        }
    PolicyData d = data_;
    Domain nd;
    nd.name = full;
    nd.depth = static_cast<uint32_t>(std::count(full.begin(), full.end(), ' '));
    nd.id = 0;
    for (const Domain &x : d.domains) nd.id = std::max(nd.id, x.id);
    ++nd.id;  // until the source reads back its own
    size_t sp = full.rfind(' ');
    for (const Domain &x : d.domains)
        if (sp != std::string::npos && x.name == full.substr(0, sp)) {
            nd.has_parent = true;
            nd.parent_id = x.id;
        }
    d.domains.push_back(nd);
    PolicyEdit e{full, {}, true};
    return commit_edit(e, std::move(d), "added domain " + screen_safe(full));
}

Result<void> Model::delete_selection() {
    if (!can_edit()) {
        status_ = edit_refusal();
        return Error{EROFS, status_};
    }
    std::vector<size_t> refs = delete_refs();
    if (refs.empty()) {
        status_ = screen_ == Screen::kDomains ? "the domain has no loaded lines to delete"
                                              : "nothing to delete";
        return Error{ENOENT, status_};
    }
    size_t d_index = screen_ == Screen::kAcl ? acl_domain_ : row(st().cursor).ref;
    PolicyEdit e{data_.domains[d_index].name, {}, false};
    std::vector<bool> gone_entry(data_.entries.size(), false), gone_line(data_.lines.size(), false);
    for (size_t ref : refs) {
        e.lines.push_back("delete " + acl_text(ref));
        if (ref < data_.entries.size()) {
            gone_entry[ref] = true;
        } else {
            gone_line[ref - data_.entries.size()] = true;
            // A loaded line that is also learned: the kernel deletes both.
            for (size_t k : acl_of_[d_index])
                if (format_acl(data_.entries[k]) == acl_text(ref))
                    gone_entry[k] = true;
        }
    }
    // Learned entries shown once for a loaded line of the same text.
    for (size_t ref : refs)
        if (ref < data_.entries.size())
            for (size_t k : lines_of_[d_index])
                if (data_.lines[k].text == acl_text(ref))
                    gone_line[k] = true;
    PolicyData d = data_;
    d.entries.clear();
    d.lines.clear();
    for (size_t k = 0; k < data_.entries.size(); ++k)
        if (!gone_entry[k])
            d.entries.push_back(data_.entries[k]);
    for (size_t k = 0; k < data_.lines.size(); ++k)
        if (!gone_line[k])
            d.lines.push_back(data_.lines[k]);
    size_t n = refs.size();
    return commit_edit(e, std::move(d),
                       "deleted " + std::to_string(n) + (n == 1 ? " line" : " lines"));
}

void Model::ask_delete() {
    if (!can_edit()) {
        status_ = edit_refusal();
        return;
    }
    if (screen_ != Screen::kAcl && screen_ != Screen::kDomains) {
        status_ = "D deletes in a domain's ACL or on the domain tree";
        return;
    }
    if (delete_count() == 0) {
        status_ = screen_ == Screen::kDomains ? "the domain has no loaded lines to delete"
                                              : "nothing to delete";
        return;
    }
    open_prompt(PromptKind::kConfirmDelete);
}

void Model::copy_to_prompt() {
    if (!can_edit()) {
        status_ = edit_refusal();
        return;
    }
    if (screen_ != Screen::kAcl || vis_pos_.empty() || st().all.empty()) {
        status_ = "C copies a line of a domain's ACL";
        return;
    }
    const ScreenState &s = st();
    size_t ref = row(s.cursor).ref;
    for (size_t p = 0; p < s.all.size(); ++p)
        if (p < s.selected.size() && s.selected[p]) {
            ref = s.all[p].ref;
            break;
        }
    open_prompt(PromptKind::kAddEntry);
    prompt_->text = acl_text(ref);
}

std::vector<size_t> Model::mode_targets() const {
    std::vector<size_t> out;
    const ScreenState &ds = state_[static_cast<int>(Screen::kDomains)];
    for (size_t i = 0; i < ds.selected.size() && i < data_.domains.size(); ++i)
        if (ds.selected[i])
            out.push_back(i);
    if (out.empty() && screen_ == Screen::kDomains && !vis_pos_.empty())
        out.push_back(row(st().cursor).ref);
    return out;
}

Result<void> Model::set_domain_modes(int mode, bool subtree) {
    if (readonly_) {
        status_ = "read-only: the mode cannot be changed";
        return Error{EROFS, status_};
    }
    if (!src_.can_set_domain_mode()) {
        status_ = "this source cannot change a domain's mode (live only)";
        return Error{EOPNOTSUPP, status_};
    }
    std::vector<size_t> targets = mode_targets();
    if (targets.empty()) {
        status_ = "no domain to change";
        return Error{ENOENT, status_};
    }
    // Shown at once: each target, and with `subtree` each domain below it,
    // gets the mode as its own (or the default back).
    PolicyData d = data_;
    for (size_t t : targets) {
        const std::string below = data_.domains[t].name + " ";
        for (size_t i = 0; i < d.domains.size(); ++i) {
            if (i != t && !(subtree && d.domains[i].name.rfind(below, 0) == 0))
                continue;
            Domain &x = d.domains[i];
            x.has_mode = true;
            x.own_mode = mode >= 0;
            x.mode = mode >= 0 ? static_cast<uint32_t>(mode) : data_.mode;
        }
    }
    std::vector<uint32_t> ids;
    for (size_t t : targets) ids.push_back(data_.domains[t].id);
    Saved before = save();
    adopt(std::move(d));
    uint32_t changed = 0;
    for (size_t k = 0; k < ids.size(); ++k) {
        auto r = src_.set_domain_mode(ids[k], mode, subtree);
        if (!r) {
            std::string why = screen_safe(r.error().message);
            if (k == 0) {
                restore(std::move(before));
                status_ = "mode not changed: " + why;
            } else {
                // Some changed: show what the source has now.
                status_ =
                    "mode set on " + std::to_string(changed) + " domains, then refused: " + why;
                if (auto l = load(); !l)
                    status_ += "; reading back failed: " + screen_safe(l.error().message);
            }
            return r.error();
        }
        changed += r.value();
    }
    std::string name = mode >= 0 ? std::string(mode_name(static_cast<uint32_t>(mode))) : "default";
    status_ = name + ": " + std::to_string(changed) + (changed == 1 ? " domain" : " domains");
    if (auto l = load(); !l)
        status_ += "; reading back failed: " + screen_safe(l.error().message);
    return {};
}

}  // namespace ph::editpolicy
