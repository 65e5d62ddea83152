// ph-editpolicy-bench: the cost of opening a store to the first screen, and
// of each key press, measured outside the unit tests (tools/bench-editpolicy.sh).
// The curses view draws into a terminal of 80x24 whose output goes to
// /dev/null, so what is measured is the program's own work: reading the
// store, building the rows, drawing.  Prints wall time and, where the kernel
// allows counting this process's own instructions (perf_event_open), the
// instruction count, the figure the targets are judged on.
#include <curses.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "actions.hpp"
#include "model/model.hpp"
#include "sources/store_source.hpp"
#include "view/colours.hpp"
#include "view/draw.hpp"

namespace {

using namespace ph::editpolicy;

struct Clock {
    int fd = -1;
    Clock() {
        perf_event_attr a{};
        a.type = PERF_TYPE_HARDWARE;
        a.size = sizeof(a);
        a.config = PERF_COUNT_HW_INSTRUCTIONS;
        a.exclude_kernel = 1;
        a.exclude_hv = 1;
        fd = static_cast<int>(syscall(SYS_perf_event_open, &a, 0, -1, -1, 0));
    }
    ~Clock() {
        if (fd >= 0)
            close(fd);
    }
    long long instructions() const {
        long long v = -1;
        if (fd < 0 || ::read(fd, &v, sizeof(v)) != sizeof(v))
            return -1;
        return v;
    }
    // CPU time of this process: what the program costs, not how busy the
    // host is (wall time is printed beside it).
    static double ms(clockid_t id = CLOCK_PROCESS_CPUTIME_ID) {
        timespec ts{};
        clock_gettime(id, &ts);
        return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
    }
};

struct Sample {
    std::string what;
    double ms, wall;
    long long ins;
};

}  // namespace

int main(int argc, char **argv) {
    // --first-screen: stop after the first screen (tools/bench-editpolicy.sh
    // counts the instructions of both runs under callgrind).
    bool keys_too = !(argc == 3 && strcmp(argv[2], "--first-screen") == 0);
    if (argc != 2 && keys_too) {
        fprintf(stderr, "usage: ph-editpolicy-bench STORE [--first-screen]\n");
        return 2;
    }
    Clock clock;
    double t0 = Clock::ms(), w0 = Clock::ms(CLOCK_MONOTONIC);
    long long i0 = clock.instructions();
    StoreSource src(argv[1]);
    Model m(src, true);
    if (auto r = m.load(); !r) {
        fprintf(stderr, "ph-editpolicy-bench: %s\n", r.error().message.c_str());
        return 1;
    }
    setenv("LINES", "24", 1);
    setenv("COLUMNS", "80", 1);
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    SCREEN *scr = newterm("xterm-256color", out, in);
    if (!scr) {
        fprintf(stderr, "ph-editpolicy-bench: no xterm-256color terminfo\n");
        return 1;
    }
    init_colours(false);
    Layout lay = layout_for(LINES, COLS);
    m.set_viewport(lay.list_lines, lay.cols);
    draw(m, kRedrawAll, lay);
    double t1 = Clock::ms(), w1 = Clock::ms(CLOCK_MONOTONIC);
    long long i1 = clock.instructions();
    std::vector<Sample> keys;
    // A browsing session: down, page, end, home, a find, open an ACL and
    // back, the tree/list toggle, a filter typed and cleared.
    const char *session[] = {
        "Down",  "Down",  "PgDn",  "PgDn", "End", "Home",      "F prog9999 Enter",
        "N",     "Enter", "Enter", "F5",   "F5",  "\\ prog77", "Esc",
        "Right", "Left",  "@",     "@",    "Tab", "Up"};
    for (const char *k : session) {
        if (!keys_too)
            break;
        double a = Clock::ms(), wa = Clock::ms(CLOCK_MONOTONIC);
        long long ia = clock.instructions();
        unsigned r = send_keys(m, k);
        draw(m, r, lay);
        keys.push_back({k, Clock::ms() - a, Clock::ms(CLOCK_MONOTONIC) - wa,
                        ia < 0 ? -1 : clock.instructions() - ia});
    }
    endwin();
    delscreen(scr);
    fclose(out);
    fclose(in);
    printf("store: %zu domains, %zu entries\n", m.domains().size(), m.data().entries.size());
    printf("first screen: %.1f ms CPU (%.1f ms wall)", t1 - t0, w1 - w0);
    if (i0 >= 0)
        printf(", %lld instructions", i1 - i0);
    printf("\n");
    double worst = 0;
    long long worst_ins = 0;
    for (const Sample &s : keys) {
        printf("key %-18s %8.3f ms CPU %8.3f ms wall", s.what.c_str(), s.ms, s.wall);
        if (s.ins >= 0)
            printf(" %12lld instructions", s.ins);
        printf("\n");
        worst = std::max(worst, s.ms);
        worst_ins = std::max(worst_ins, s.ins);
    }
    printf("slowest key: %.3f ms CPU", worst);
    if (worst_ins > 0)
        printf(", %lld instructions", worst_ins);
    printf("\n");
    bool ok = t1 - t0 <= 300 && worst <= 16;
    printf("%s\n", ok ? "targets met (CPU time: first screen <= 300 ms, key <= 16 ms)"
                      : "a target was missed (CPU time: first screen <= 300 ms, key <= 16 ms)");
    return ok ? 0 : 1;
}
