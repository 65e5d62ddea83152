#include "term.hpp"

namespace ph {

namespace {

bool is_octal(char c) {
    return c >= '0' && c <= '7';
}

// A TOMOYO escape at @i: "\\" or "\ooo" with the first digit 0-3.
bool escape_at(std::string_view s, size_t i) {
    if (i + 1 < s.size() && s[i + 1] == '\\')
        return true;
    return i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '3' && is_octal(s[i + 2]) &&
           is_octal(s[i + 3]);
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
            if (escape_at(s, i)) {
                const size_t n = s[i + 1] == '\\' ? 2 : 4;
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
