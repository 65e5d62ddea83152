// Result<T>: the return type of every I/O path in phtrack's userspace.
#pragma once

#include <cerrno>
#include <string>
#include <utility>
#include <variant>

namespace ph {

/// An error: an errno-style code (0 when none applies) and a message meant
/// for the user, without a trailing newline.
struct Error {
    int code = 0;
    std::string message;
};

/// Either a value or an Error.  Accessing the wrong alternative is a bug and
/// throws std::bad_variant_access.
template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return std::holds_alternative<T>(v_); }
    explicit operator bool() const { return ok(); }
    T &value() & { return std::get<T>(v_); }
    const T &value() const & { return std::get<T>(v_); }
    T &&value() && { return std::get<T>(std::move(v_)); }
    const Error &error() const { return std::get<Error>(v_); }

  private:
    std::variant<T, Error> v_;
};

/// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : err_(std::move(error)), ok_(false) {}  // NOLINT

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error &error() const { return err_; }

  private:
    Error err_;
    bool ok_ = true;
};

inline Error errno_error(int code, std::string what) {
    return Error{code, std::move(what)};
}

}  // namespace ph
