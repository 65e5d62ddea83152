// ph-editpolicy: browse phtrack's domains, ACLs, exception policy,
// statistics and processes, as tomoyo-editpolicy does, with htop's keys.
// Live against the module, or --db FILE on a phd store.
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include "actions.hpp"
#include "model/model.hpp"
#include "sources/dir_source.hpp"
#include "sources/live_source.hpp"
#include "sources/store_source.hpp"
#include "store.hpp"
#include "view/draw.hpp"
#include "view/terminal.hpp"

namespace {

using namespace ph::editpolicy;

constexpr const char *kUsage =
    "Usage: ph-editpolicy [--db FILE] [--dir DIR | DIR] [--readonly] [--refresh N] [--mono]\n"
    "Browse phtrack's policy as tomoyo-editpolicy does: the domain transition\n"
    "tree, a domain's ACL, the exception policy, statistics and the processes.\n"
    "\n"
    "  --db FILE     read a phd store (a copy from another host is fine)\n"
    "                instead of the running module; read-only\n"
    "  --dir DIR     a policy directory saved with ph policy save (or\n"
    "                tomoyo-savepolicy); every change is written back to\n"
    "                DIR/domain_policy.conf at once (DIR alone does the same);\n"
    "                with --db FILE too, FILE's violations and who trail are\n"
    "                shown, and A on a violation adds its entry to DIR\n"
    "  --readonly    change nothing, and hide the keys that change things\n"
    "  --refresh N   read the policy again every N seconds\n"
    "  --mono        no colours (so does a non-empty NO_COLOR)\n"
    "  --keys KEYS   with --dump: type KEYS first (\"F httpd Enter\"; names:\n"
    "                Enter Tab Esc Up Down PgUp PgDn Home End Space F1-F10)\n"
    "  --dump        no terminal: print the screen the keys lead to, every\n"
    "                row of it, and its status line, then exit\n"
    "  -h, --help    this text\n"
    "\n"
    "Keys: Enter ACL/tree, Tab previous screen, W windows, @ processes,\n"
    "F/N/P find, / search, \\ filter, Space select, O optimise, R refresh,\n"
    "A add (on a violation: its entry, proposed as a pattern), D delete\n"
    "(asks y/n), C copy a line to add, V violations,\n"
    "H who accessed the ACL entry's path,\n"
    "? help, Q quit; F1 help, F3 search, F4 filter, F5 tree/list, F10 quit.\n"
    "See ph-editpolicy(8).\n";

struct Options {
    std::string db, dir, keys;
    bool readonly = false, mono = false, dump = false;
    int refresh = 0;
};

int usage_error(const std::string &msg) {
    fprintf(stderr, "ph-editpolicy: %s\nTry 'ph-editpolicy --help'.\n", msg.c_str());
    return 2;
}

unsigned on_mouse(Model &m, const Input &in, const Layout &lay) {
    if (in.kind == Input::kWheelUp || in.kind == Input::kWheelDown) {
        m.scroll_lines(in.kind == Input::kWheelUp ? -3 : 3);
        return kRedrawList | kRedrawStatus;
    }
    if (in.y == lay.bar_line) {
        for (const auto &h : lay.bar)
            if (in.x >= h.from && in.x < h.to)
                return perform(m, h.action);
        return kRedrawNothing;
    }
    size_t before = m.cursor();
    if (!m.click(in.y - lay.list_top))
        return kRedrawNothing;
    // A click on the cursor's line opens it, as Enter would.
    if (m.cursor() == before)
        return perform(m, Action::kEnter);
    return kRedrawList | kRedrawStatus;
}

// --dump: the screen as text, every row, for scripts and the VM tests.
int dump(Model &m, const Options &o) {
    m.set_viewport(20, 80);
    unsigned r = send_keys(m, o.keys);
    if (m.prompt())
        m.prompt_accept();
    printf("%s\n%s\n", m.title().c_str(), m.columns().c_str());
    for (size_t i = 0; i < m.row_count(); ++i) {
        const Row &row = m.row(i);
        printf("%s%s%s%s\n", m.selected(i) ? "&" : " ", row.head.c_str(), row.marks.c_str(),
               row.body.c_str());
    }
    printf("status: %s\n", m.status().c_str());
    (void)r;
    return 0;
}

int run(const Options &o) {
    std::unique_ptr<DataSource> src;
    if (!o.dir.empty())
        src = std::make_unique<DirSource>(o.dir, o.db);
    else if (!o.db.empty())
        src = std::make_unique<StoreSource>(o.db);
    else
        src = std::make_unique<LiveSource>(
            access(ph::kDefaultDbPath, R_OK) == 0 ? ph::kDefaultDbPath : "");
    Model model(*src, o.readonly || (!o.db.empty() && o.dir.empty()));
    if (auto r = model.load(); !r) {
        fprintf(stderr, "ph-editpolicy: %s\n", r.error().message.c_str());
        return 1;
    }
    if (o.dump)
        return dump(model, o);
    auto term = Terminal::open(o.mono);
    if (!term) {
        fprintf(stderr, "ph-editpolicy: %s\n", term.error().message.c_str());
        return 1;
    }
    Terminal &t = *term.value();
    Layout lay = layout_for(t.lines(), t.cols());
    model.set_viewport(lay.list_lines, lay.cols);
    unsigned r = kRedrawAll;
    int waited_ms = 0;
    const int tick_ms = 250;
    for (;;) {
        if (r & kQuitNow)
            break;
        if (r) {
            lay = layout_for(t.lines(), t.cols());
            model.set_viewport(lay.list_lines, lay.cols);
            draw(model, r, lay);
        }
        r = kRedrawNothing;
        Input in = t.read(tick_ms);
        switch (in.kind) {
            case Input::kSignal: r = kQuitNow; break;
            case Input::kTimeout:
                waited_ms += tick_ms;
                if (o.refresh > 0 && waited_ms >= o.refresh * 1000) {
                    waited_ms = 0;
                    if (!model.prompt()) {
                        if (auto l = model.load(); !l)
                            model.set_status("refresh failed: " + screen_safe(l.error().message));
                        r = kRedrawAll;
                    }
                }
                break;
            case Input::kKey: r = handle_key(model, in.key); break;
            default: r = on_mouse(model, in, lay); break;
        }
    }
    int sig = Terminal::stop_signal();
    term.value().reset();  // the terminal is restored before anything is printed
    if (sig)
        fprintf(stderr, "ph-editpolicy: %s\n", strsignal(sig));
    return sig ? 128 + sig : 0;
}

}  // namespace

int main(int argc, char **argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "-h" || a == "--help") {
            fputs(kUsage, stdout);
            return 0;
        } else if (a == "--db" && i + 1 < argc) {
            o.db = argv[++i];
        } else if (a == "--readonly") {
            o.readonly = true;
        } else if (a == "--mono") {
            o.mono = true;
        } else if (a == "--dump") {
            o.dump = true;
        } else if (a == "--keys" && i + 1 < argc) {
            o.keys = argv[++i];
        } else if (a == "--refresh" && i + 1 < argc) {
            std::string_view n = argv[++i];
            auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), o.refresh);
            if (ec != std::errc() || end != n.data() + n.size() || o.refresh < 1)
                return usage_error("--refresh takes a number of seconds, at least 1");
        } else if (a == "--dir" && i + 1 < argc) {
            o.dir = argv[++i];
        } else if (!a.empty() && a[0] != '-' && o.dir.empty()) {
            o.dir = argv[i];
        } else {
            return usage_error("unknown option " + std::string(a));
        }
    }
    if (!o.keys.empty() && !o.dump)
        return usage_error("--keys goes with --dump");
    try {
        return run(o);
    } catch (const std::exception &e) {
        fprintf(stderr, "ph-editpolicy: %s\n", e.what());
        return 1;
    }
}
