#include "term.hpp"

namespace ph {

namespace {

bool is_octal(char c) {
    return c >= '0' && c <= '7';
}

// TOMOYO 2.6 wildcards: \* \@ \? \$ \+ \X \x \A \a \- and \{ \}.
bool is_wildcard(char c) {
    return c != '\0' && std::string_view("*@?$+XxAa-{}").find(c) != std::string_view::npos;
}

// A TOMOYO escape at @i, 2 or 4 bytes long: "\\", a wildcard, or "\ooo"
// with the first digit 0-3; 0 when none starts there.
size_t escape_at(std::string_view s, size_t i) {
    if (i + 1 < s.size() && (s[i + 1] == '\\' || is_wildcard(s[i + 1])))
        return 2;
    const bool octal = i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3' &&
                       is_octal(s[i + 2]) && is_octal(s[i + 3]);
    return octal ? 4 : 0;
}

void put_octal(std::string &out, unsigned char c) {
    out += '\\';
    out += static_cast<char>('0' + ((c >> 6) & 7));
    out += static_cast<char>('0' + ((c >> 3) & 7));
    out += static_cast<char>('0' + (c & 7));
}

}  // namespace

std::string term_safe(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); i++) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) {
            put_octal(out, c);
        } else if (c == '\\') {
            if (const size_t n = escape_at(s, i)) {
                out.append(s.substr(i, n));
                i += n - 1;
            } else {
                out += "\\\\";
            }
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace ph
