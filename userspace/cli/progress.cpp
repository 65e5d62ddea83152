// ph's progress line on a terminal (progress.hpp).
#include "progress.hpp"

#include <cstdio>

#include <unistd.h>

namespace ph::cli {

Progress::Progress(std::string what, std::string unit)
    : what_(std::move(what)),
      unit_(std::move(unit)),
      tty_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() {
    if (shown_)
        fputs("\r\033[K", stderr);
}

void Progress::update(size_t done, size_t total) {
    if (!tty_)
        return;
    auto now = std::chrono::steady_clock::now();
    if (now - start_ < std::chrono::milliseconds(300))
        return;
    if (shown_ && done < total && now - last_ < std::chrono::milliseconds(100))
        return;
    last_ = now;
    shown_ = true;
    fprintf(stderr, "\r\033[Kph: %s %zu/%zu %s", what_.c_str(), done, total, unit_.c_str());
    fflush(stderr);
}

void Progress::callback(size_t done, size_t total, void *self) {
    static_cast<Progress *>(self)->update(done, total);
}

}  // namespace ph::cli
