// curses setup and teardown, keys and the mouse (terminal.hpp).
#include "terminal.hpp"

#include <curses.h>
#include <unistd.h>

#include <cerrno>
#include <clocale>

#include "actions.hpp"
#include "colours.hpp"

namespace ph::editpolicy {

namespace {

volatile sig_atomic_t g_stop = 0;

void on_stop(int sig) {
    g_stop = sig;
}

}  // namespace

int Terminal::stop_signal() {
    return g_stop;
}

Result<std::unique_ptr<Terminal>> Terminal::open(bool mono) {
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return Error{ENOTTY, "standard input and output must be a terminal"};
    setlocale(LC_ALL, "");
    std::unique_ptr<Terminal> t(new Terminal(false));
    struct sigaction sa {};
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: the read returns and the loop ends
    sigaction(SIGINT, &sa, &t->old_int_);
    sigaction(SIGTERM, &sa, &t->old_term_);
    sigaction(SIGHUP, &sa, &t->old_hup_);
    if (!initscr()) {
        sigaction(SIGINT, &t->old_int_, nullptr);
        sigaction(SIGTERM, &t->old_term_, nullptr);
        sigaction(SIGHUP, &t->old_hup_, nullptr);
        return Error{EIO, "cannot initialize the terminal (TERM?)"};
    }
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, nullptr);
    mouseinterval(0);
    t->colour_ = init_colours(mono);
    return t;
}

Terminal::~Terminal() {
    endwin();
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
    sigaction(SIGHUP, &old_hup_, nullptr);
}

int Terminal::lines() const {
    return LINES;
}

int Terminal::cols() const {
    return COLS;
}

Input Terminal::read(int timeout_ms) {
    Input in;
    if (g_stop) {
        in.kind = Input::kSignal;
        return in;
    }
    timeout(timeout_ms);
    int c = getch();
    if (g_stop) {
        in.kind = Input::kSignal;
        return in;
    }
    if (c == ERR)
        return in;
    in.kind = Input::kKey;
    switch (c) {
        case KEY_UP: in.key = key::kUp; break;
        case KEY_DOWN: in.key = key::kDown; break;
        case KEY_LEFT: in.key = key::kLeft; break;
        case KEY_RIGHT: in.key = key::kRight; break;
        case KEY_PPAGE: in.key = key::kPageUp; break;
        case KEY_NPAGE: in.key = key::kPageDown; break;
        case KEY_HOME: in.key = key::kHome; break;
        case KEY_END: in.key = key::kEnd; break;
        case KEY_BACKSPACE: in.key = key::kBackspace; break;
        case KEY_ENTER:
        case '\r': in.key = key::kEnter; break;
        case KEY_RESIZE: in.key = key::kResize; break;
        case KEY_MOUSE: {
            MEVENT ev{};
            if (getmouse(&ev) != OK) {
                in.kind = Input::kTimeout;
                break;
            }
            in.y = ev.y;
            in.x = ev.x;
            if (ev.bstate & BUTTON4_PRESSED)
                in.kind = Input::kWheelUp;
            else if (ev.bstate & BUTTON5_PRESSED)
                in.kind = Input::kWheelDown;
            else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
                in.kind = Input::kClick;
            else
                in.kind = Input::kTimeout;
            break;
        }
        default:
            if (c >= KEY_F(1) && c <= KEY_F(12))
                in.key = key::kF1 + (c - KEY_F(1));
            else if (c >= 0 && c < 0x100)
                in.key = c;
            else
                in.kind = Input::kTimeout;  // a key ph-editpolicy does not use
            break;
    }
    return in;
}

}  // namespace ph::editpolicy
