// The curses terminal of ph-editpolicy, held by RAII: opening it saves the
// signal dispositions and puts the terminal in curses mode; destroying it
// (on every return path, an exception's unwinding included) restores both.
// SIGINT, SIGTERM and SIGHUP only raise a flag the main loop reads, so the
// destructor runs for them too; SIGWINCH arrives as key::kResize.
#pragma once

#include <csignal>
#include <memory>
#include <string>

#include "result.hpp"

namespace ph::editpolicy {

/// What one read of the terminal delivered.
struct Input {
    enum Kind { kTimeout, kKey, kClick, kWheelUp, kWheelDown, kSignal } kind = kTimeout;
    int key = 0;       // with kKey: an actions.hpp key code
    int y = 0, x = 0;  // with kClick and the wheel
};

class Terminal {
  public:
    /// Fails (ENOTTY) when standard input or output is not a terminal.
    static Result<std::unique_ptr<Terminal>> open(bool mono);
    ~Terminal();
    Terminal(const Terminal &) = delete;
    Terminal &operator=(const Terminal &) = delete;

    /// Wait up to `timeout_ms` for a key, a click or a signal.
    Input read(int timeout_ms);
    int lines() const;
    int cols() const;
    bool colour() const { return colour_; }
    /// The signal that ended the session, or 0.
    static int stop_signal();

  private:
    explicit Terminal(bool colour) : colour_(colour) {}
    bool colour_;
    struct sigaction old_int_ {
    }, old_term_{}, old_hup_{};
};

}  // namespace ph::editpolicy
