// Progress of a long ph command on stderr, only when stderr is a terminal:
// one line rewritten in place ("ph: patternizing 4096/10233 entries"),
// from 300 ms after the start (a short command shows none), at most every
// 100 ms, cleared at the end.  Silent when stderr is a pipe or a
// file, so scripts and logs see nothing.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace ph::cli {

class Progress {
  public:
    /// `what` names the step ("patternizing"), `unit` the counted things.
    Progress(std::string what, std::string unit);
    ~Progress();
    Progress(const Progress &) = delete;
    Progress &operator=(const Progress &) = delete;
    void update(size_t done, size_t total);
    /// For callbacks taking a function pointer and a context.
    static void callback(size_t done, size_t total, void *self);
    bool shown() const { return shown_; }

  private:
    std::string what_, unit_;
    bool tty_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point start_, last_{};
};

}  // namespace ph::cli
