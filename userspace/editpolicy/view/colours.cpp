// Colours and attributes (colours.hpp).
#include "colours.hpp"

#include <curses.h>

#include <cstdlib>

namespace ph::editpolicy {

namespace {

bool g_colour = false;

enum Pair : short {
    kLearningPair = 1,
    kPermissivePair,
    kEnforcingPair,
    kMarkerPair,
    kBarKeyPair,
    kBarLabelPair,
    kHeaderPair,
    kDimPair,
};

int pair(short p) {
    return static_cast<int>(COLOR_PAIR(p));
}

}  // namespace

bool init_colours(bool mono) {
    const char *nc = getenv("NO_COLOR");  // https://no-color.org: set and not empty
    g_colour = !mono && !(nc && *nc) && has_colors();
    if (!g_colour)
        return false;
    start_color();
    use_default_colors();
    init_pair(kLearningPair, COLOR_GREEN, -1);
    init_pair(kPermissivePair, COLOR_YELLOW, -1);
    init_pair(kEnforcingPair, COLOR_RED, -1);
    init_pair(kMarkerPair, COLOR_MAGENTA, -1);
    init_pair(kBarKeyPair, COLOR_WHITE, -1);
    init_pair(kBarLabelPair, COLOR_BLACK, COLOR_CYAN);
    init_pair(kHeaderPair, COLOR_BLACK, COLOR_GREEN);
    init_pair(kDimPair, COLOR_BLUE, -1);
    return true;
}

int style_attr(Style s) {
    if (!g_colour) {
        switch (s) {
            case Style::kEnforcing: return static_cast<int>(A_BOLD);
            case Style::kMarker: return static_cast<int>(A_BOLD);
            case Style::kDim: return static_cast<int>(A_DIM);
            default: return static_cast<int>(A_NORMAL);
        }
    }
    switch (s) {
        case Style::kLearning: return pair(kLearningPair);
        case Style::kPermissive: return pair(kPermissivePair) | static_cast<int>(A_BOLD);
        case Style::kEnforcing: return pair(kEnforcingPair) | static_cast<int>(A_BOLD);
        case Style::kMarker: return pair(kMarkerPair) | static_cast<int>(A_BOLD);
        case Style::kDim: return pair(kDimPair);
        default: return static_cast<int>(A_NORMAL);
    }
}

int header_attr() {
    return g_colour ? pair(kHeaderPair) : static_cast<int>(A_REVERSE);
}

int bar_key_attr() {
    return g_colour ? pair(kBarKeyPair) | static_cast<int>(A_BOLD) : static_cast<int>(A_NORMAL);
}

int bar_label_attr() {
    return g_colour ? pair(kBarLabelPair) : static_cast<int>(A_REVERSE);
}

int cursor_attr() {
    return static_cast<int>(A_REVERSE);
}

}  // namespace ph::editpolicy
