// Keys to actions to reactions (actions.hpp).
#include "actions.hpp"

#include <cctype>
#include <sstream>

namespace ph::editpolicy {

namespace {

unsigned read_only(Model &m) {
    m.set_status("read-only: nothing can be changed");
    return kRedrawStatus;
}

}  // namespace

Action action_for_key(int k) {
    switch (k) {
        case key::kUp: return Action::kUp;
        case key::kDown: return Action::kDown;
        case key::kPageUp: return Action::kPageUp;
        case key::kPageDown: return Action::kPageDown;
        case key::kHome: return Action::kHome;
        case key::kEnd: return Action::kEnd;
        case key::kLeft: return Action::kLeft;
        case key::kRight: return Action::kRight;
        case key::kEnter:
        case '\r': return Action::kEnter;
        case key::kTab: return Action::kPrevious;
        case key::kF1:
        case '?': return Action::kHelp;
        case key::kF1 + 2: return Action::kIncSearch;
        case key::kF1 + 3:
        case '\\': return Action::kFilter;
        case key::kF1 + 4: return Action::kToggleTree;
        case key::kF1 + 9: return Action::kQuit;
        case '/': return Action::kIncSearch;
        case '@': return Action::kProcesses;
        case ' ': return Action::kSelect;
        case key::kCtrlL: return Action::kRedraw;
        case key::kResize: return Action::kResize;
        default: break;
    }
    if (k > 0 && k < 128 && std::isalpha(k)) {
        switch (std::tolower(k)) {
            case 'q': return Action::kQuit;
            case 'f': return Action::kFind;
            case 'n': return Action::kFindNext;
            case 'p': return Action::kFindPrev;
            case 'w': return Action::kWindows;
            case 'i': return Action::kInvert;
            case 'o': return Action::kOptimise;
            case 's': return Action::kSetMode;
            case 'a': return Action::kAdd;
            case 'd': return Action::kDelete;
            case 'c': return Action::kCopy;
            case 'r': return Action::kRefresh;
            case 'v': return Action::kViolations;
            case 'h': return Action::kWho;
            case 'k': return Action::kUp;  // htop's and less's
            case 'j': return Action::kDown;
            default: break;
        }
    }
    return Action::kNone;
}

unsigned perform(Model &m, Action a) {
    const unsigned list = kRedrawList | kRedrawStatus;
    const unsigned screen = kRedrawAll;
    switch (a) {
        case Action::kNone: return kRedrawNothing;
        case Action::kUp: m.move(-1); return kRedrawList;
        case Action::kDown: m.move(1); return kRedrawList;
        case Action::kPageUp: m.page(-1); return kRedrawList;
        case Action::kPageDown: m.page(1); return kRedrawList;
        case Action::kHome: m.home(); return kRedrawList;
        case Action::kEnd: m.end(); return kRedrawList;
        case Action::kLeft: m.scroll_x(-8); return kRedrawList;
        case Action::kRight: m.scroll_x(8); return kRedrawList;
        case Action::kEnter:
            m.set_status("");
            m.enter();
            return screen;
        case Action::kPrevious: m.previous_screen(); return screen;
        case Action::kWindows: m.switch_to(Screen::kWindows); return screen;
        case Action::kHelp: m.switch_to(Screen::kHelp); return screen;
        case Action::kProcesses:
            m.switch_to(m.screen() == Screen::kProcesses ? Screen::kDomains : Screen::kProcesses);
            return screen;
        case Action::kViolations: m.switch_to(Screen::kViolations); return screen;
        case Action::kWho:
            if (!m.open_who())
                return kRedrawStatus;
            return screen;
        case Action::kFind: m.open_prompt(PromptKind::kFind); return kRedrawStatus;
        case Action::kIncSearch: m.open_prompt(PromptKind::kIncSearch); return kRedrawStatus;
        case Action::kFilter: m.open_prompt(PromptKind::kFilter); return kRedrawStatus | kRedrawBar;
        case Action::kFindNext: m.find_next(); return list;
        case Action::kFindPrev: m.find_prev(); return list;
        case Action::kToggleTree:
            m.toggle_tree();
            return m.screen() == Screen::kDomains ? screen : kRedrawBar;
        case Action::kSelect: m.toggle_select(); return list;
        case Action::kInvert: m.invert_selection(); return list;
        case Action::kOptimise: m.optimise(); return list;
        case Action::kSetMode:
            if (m.readonly())
                return read_only(m);
            if (m.screen() == Screen::kStats || m.screen() == Screen::kDomains) {
                bool stats = m.screen() == Screen::kStats;  // else per domain, on the tree
                if (stats ? m.can_set_mode() : m.can_set_domain_mode())
                    m.open_prompt(stats ? PromptKind::kMode : PromptKind::kDomainMode);
                else
                    m.set_status(stats ? "this source cannot change the mode (offline store)"
                                       : "this source cannot change a domain's mode (live only)");
            } else {
                m.set_status(
                    "S sets the mode on the domain tree (selected domains) or the "
                    "statistics");
            }
            return kRedrawStatus;
        case Action::kAdd:
            if (!m.can_edit()) {
                m.set_status(m.edit_refusal());
            } else if (m.screen() == Screen::kAcl) {
                m.open_prompt(PromptKind::kAddEntry);
            } else if (m.screen() == Screen::kDomains) {
                m.open_prompt(PromptKind::kAddDomain);
            } else if (m.screen() == Screen::kViolations) {
                (void)m.propose_violation();
            } else {
                m.set_status("A adds in a domain's ACL, on the domain tree or on a violation");
            }
            return kRedrawStatus;
        case Action::kDelete: m.ask_delete(); return kRedrawStatus;
        case Action::kCopy: m.copy_to_prompt(); return kRedrawStatus;
        case Action::kRefresh:
            if (auto r = m.load(); !r)
                m.set_status("refresh failed: " + screen_safe(r.error().message));
            else
                m.set_status("read again");
            return screen;
        case Action::kRedraw: return screen | kClearScreen;
        case Action::kResize: return screen | kClearScreen;
        case Action::kQuit: return kQuitNow;
    }
    return kRedrawNothing;
}

unsigned handle_key(Model &m, int k) {
    if (!m.prompt())
        return perform(m, action_for_key(k));
    if (m.prompt()->kind == PromptKind::kConfirmDelete) {
        // One key answers: y deletes, anything else keeps.
        if (k == key::kResize || k == key::kCtrlL)
            return kRedrawAll | kClearScreen;
        if (k == 'y' || k == 'Y')
            m.prompt_accept();
        else
            m.prompt_cancel();
        return kRedrawAll;
    }
    switch (k) {
        case key::kEnter:
        case '\r': m.prompt_accept(); return kRedrawAll;
        case key::kEscape: m.prompt_cancel(); return kRedrawAll;
        case key::kBackspace:
        case 127:
        case 8: m.prompt_backspace(); return kRedrawList | kRedrawStatus;
        case key::kResize:
        case key::kCtrlL: return kRedrawAll | kClearScreen;
        default: break;
    }
    if (k >= 0x20 && k < 0x100 && k != 0x7f) {
        m.prompt_char(static_cast<char>(k));
        return kRedrawList | kRedrawStatus;
    }
    return kRedrawNothing;  // arrows and F-keys do nothing in a prompt
}

unsigned send_keys(Model &m, const std::string &words) {
    static const std::pair<const char *, int> kNames[] = {
        {"Enter", key::kEnter}, {"Tab", key::kTab},     {"Esc", key::kEscape},
        {"Up", key::kUp},       {"Down", key::kDown},   {"Left", key::kLeft},
        {"Right", key::kRight}, {"PgUp", key::kPageUp}, {"PgDn", key::kPageDown},
        {"Home", key::kHome},   {"End", key::kEnd},     {"BS", key::kBackspace},
        {"Space", ' '},         {"C-L", key::kCtrlL},   {"F10", key::kF1 + 9},
        {"F1", key::kF1},       {"F2", key::kF1 + 1},   {"F3", key::kF1 + 2},
        {"F4", key::kF1 + 3},   {"F5", key::kF1 + 4},   {"F6", key::kF1 + 5},
        {"F7", key::kF1 + 6},   {"F8", key::kF1 + 7},   {"F9", key::kF1 + 8},
    };
    unsigned r = 0;
    std::istringstream in(words);
    std::string w;
    while (in >> w) {
        bool named = false;
        for (const auto &[name, code] : kNames)
            if (w == name) {
                r |= handle_key(m, code);
                named = true;
                break;
            }
        if (!named)
            for (char c : w) r |= handle_key(m, static_cast<unsigned char>(c));
        if (r & kQuitNow)
            break;
    }
    return r;
}

std::vector<BarItem> fkey_bar(const Model &m) {
    std::vector<BarItem> v;
    v.push_back({"F1", "Help", Action::kHelp});
    v.push_back({"F3", m.last_search().empty() ? "Search" : "Search*", Action::kIncSearch});
    v.push_back({"F4", m.filter().empty() ? "Filter" : "FILTER", Action::kFilter});
    v.push_back({"F5", m.tree_view() ? "List" : "Tree", Action::kToggleTree});
    // Enter only where it does something.
    switch (m.screen()) {
        case Screen::kDomains: v.push_back({"Enter", "ACL", Action::kEnter}); break;
        case Screen::kAcl: v.push_back({"Enter", "Tree", Action::kEnter}); break;
        case Screen::kWindows: v.push_back({"Enter", "Open", Action::kEnter}); break;
        case Screen::kHelp: v.push_back({"Enter", "Back", Action::kEnter}); break;
        default: break;
    }
    v.push_back({"@", m.screen() == Screen::kProcesses ? "Domains" : "Procs", Action::kProcesses});
    v.push_back({"W", "Windows", Action::kWindows});
    if ((m.screen() == Screen::kStats && m.can_set_mode()) ||
        (m.screen() == Screen::kDomains && m.can_set_domain_mode()))
        v.push_back({"S", "Mode", Action::kSetMode});
    if (m.can_edit() && (m.screen() == Screen::kAcl || m.screen() == Screen::kDomains)) {
        v.push_back({"A", "Add", Action::kAdd});
        v.push_back({"D", "Del", Action::kDelete});
    }
    if (m.can_edit() && m.screen() == Screen::kViolations && !m.data().violations.empty())
        v.push_back({"A", "Allow", Action::kAdd});
    v.push_back({"F10", "Quit", Action::kQuit});
    return v;
}

}  // namespace ph::editpolicy
