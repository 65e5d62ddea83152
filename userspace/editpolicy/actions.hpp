// ph-editpolicy's keys and what they do: a key maps to an Action, an Action
// changes the model and returns the Reaction, what the view must redraw (as
// htop's Action -> reaction).  No curses: the view translates its keys into
// these codes, and the unit tests send them directly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace ph::editpolicy {

/// Keys beyond single bytes; a byte (a letter, Enter '\n', Tab '\t',
/// Escape 27) is its own code.
namespace key {
inline constexpr int kUp = 0x10000, kDown = 0x10001, kLeft = 0x10002, kRight = 0x10003;
inline constexpr int kPageUp = 0x10004, kPageDown = 0x10005, kHome = 0x10006, kEnd = 0x10007;
inline constexpr int kBackspace = 0x10008, kResize = 0x10009;
inline constexpr int kF1 = 0x10100;  // kF1 + n - 1 is Fn
inline constexpr int kEnter = '\n', kTab = '\t', kEscape = 27, kCtrlL = 12;
}  // namespace key

enum class Action {
    kNone,
    kUp,
    kDown,
    kPageUp,
    kPageDown,
    kHome,
    kEnd,
    kLeft,
    kRight,
    kEnter,
    kPrevious,
    kWindows,
    kProcesses,
    kViolations,
    kWho,
    kFind,
    kFindNext,
    kFindPrev,
    kIncSearch,
    kFilter,
    kToggleTree,
    kSelect,
    kInvert,
    kOptimise,
    kSetMode,
    kAdd,
    kDelete,
    kCopy,
    kRefresh,
    kHelp,
    kRedraw,
    kResize,
    kQuit,
};

/// What must be redrawn, as bits.
enum Reaction : unsigned {
    kRedrawNothing = 0,
    kRedrawList = 1u << 0,    // the rows (cursor moved, rows changed)
    kRedrawHeader = 1u << 1,  // title and column lines
    kRedrawStatus = 1u << 2,  // the status or prompt line
    kRedrawBar = 1u << 3,     // the function-key bar (labels follow state)
    kRedrawAll = kRedrawList | kRedrawHeader | kRedrawStatus | kRedrawBar,
    kClearScreen = 1u << 4,  // forget what the terminal shows (Ctrl-L)
    kQuitNow = 1u << 5,
};

/// The action of a key outside a prompt (letters either case).
Action action_for_key(int key);
/// Do it.
unsigned perform(Model &m, Action a);
/// One key: to the prompt when one is open (no letter fires there), else
/// through action_for_key() and perform().
unsigned handle_key(Model &m, int key);
/// Keys given as words and text, for tests and scripts: "F httpd Enter"
/// sends F, the letters h t t p d, then Enter.  Names: Enter Tab Esc Up Down
/// Left Right PgUp PgDn Home End BS Space F1..F10 C-L; anything else is
/// sent letter by letter.  Returns the union of the reactions.
unsigned send_keys(Model &m, const std::string &words);

/// One label of the function-key bar.
struct BarItem {
    std::string key, label;
    Action action;
};
/// The bar, its labels following the state (read-only hides changes).
std::vector<BarItem> fkey_bar(const Model &m);

}  // namespace ph::editpolicy
