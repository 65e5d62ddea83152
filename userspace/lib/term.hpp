// Terminal-safe text: the one helper every CLI output goes through before a
// string that came from the kernel or a store reaches a terminal or a file.
#pragma once

#include <string>
#include <string_view>

namespace ph {

// @s with every control byte (below 0x20, and 0x7f) written as TOMOYO's
// \ooo octal escape, and a backslash that does not start a TOMOYO escape
// (\\, \ooo, or a TOMOYO 2.6 wildcard such as \* or \$) doubled.  Strings
// the kernel escaped, and patterns, come out unchanged; a raw one can no
// longer move the cursor, clear the screen or split a line.
std::string term_safe(std::string_view s);

}  // namespace ph
