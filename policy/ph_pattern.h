/* SPDX-License-Identifier: GPL-2.0 */
/*
 * phtrack path patterns (TOMOYO 2.6 wildcards) and watch patterns.
 *
 * Pattern syntax (the escaped form of ph_escape.h plus these wildcards):
 *
 *   \*  zero or more characters other than '/'
 *   \@  zero or more characters other than '/' and '.'
 *   \?  exactly one character other than '/'
 *   \$  one or more decimal digits        \+  exactly one decimal digit
 *   \X  one or more hexadecimal digits    \x  exactly one hexadecimal digit
 *   \A  one or more alphabetic characters \a  exactly one alphabetic character
 *   \-  exclusion inside one path component: "A\-B\-C" matches a component
 *       that matches A and matches neither B nor C; operands may be empty
 *   \{X\}/  one or more directory components, each matching X; the whole
 *       "\{X\}" must be a component of its own, preceded and followed by '/'
 *
 * "Character" means one byte of the unescaped name, so "\?" matches "a" as
 * well as "\040".  The semantics are TOMOYO 2.6's (tomoyo_path_matches_pattern),
 * including its corner cases:
 *  - a pattern without wildcards matches only the identical name;
 *  - a name ending in '/' only matches a pattern ending in '/', and the reverse;
 *  - the literal start of the pattern (up to its first wildcard) is compared
 *    first and the rest matched against the rest of the name, so the first
 *    operand of a "\-" starts after that literal start: "/tmp/foo\*\-foobar"
 *    matches "/tmp/foobar" (the operands see "bar");
 *  - a last pattern component made only of "\*" and "\@" may be left
 *    unmatched after a plain component matched the name's last one, so
 *    "/\@/\*" matches "/usr" (but "/dir/\*" does not match "/dir": its
 *    literal start "/dir/" is longer than the name);
 *  - at most %PH_PATTERN_MAX_REPEATS of "\*", "\@", "\$", "\X", "\A",
 *    "\{" and "\}" per pattern (TOMOYO's limit).
 * One difference: TOMOYO accepts "/\{\}/" and never matches it; it is
 * rejected here.
 *
 * Matching simulates a non-deterministic automaton over the pattern (per
 * component over the characters, then over the components), so it runs in
 * O(pattern length * path length) time with fixed-size stack state and never
 * recurses or allocates.  All inputs are (pointer, length) pairs and need not
 * be NUL-terminated; nothing is read past the given length.
 */
#ifndef PH_PATTERN_H
#define PH_PATTERN_H

#include "ph_policy_env.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest program name or pattern accepted by the parser (escaped bytes). */
#define PH_NAME_MAX_LEN 16384
/* Most '/'-separated components a pattern may have. */
#define PH_PATTERN_MAX_COMPONENTS 256
/* Longest single component of a pattern (escaped bytes). */
#define PH_PATTERN_MAX_COMPONENT_LEN 1024
/* Most repeating wildcards and braces in one pattern, as in TOMOYO 2.6. */
#define PH_PATTERN_MAX_REPEATS 20

/**
 * ph_pattern_valid() - Check the syntax of a path pattern.
 * @p: Pattern in escaped form.
 * @len: Length of @p.
 *
 * A valid pattern is non-empty, at most %PH_NAME_MAX_LEN bytes long, has at
 * most %PH_PATTERN_MAX_COMPONENTS components of at most
 * %PH_PATTERN_MAX_COMPONENT_LEN bytes each, uses only canonical escapes and
 * the wildcards listed at the top of this file, at most
 * %PH_PATTERN_MAX_REPEATS repeating ones, and uses "\{" and "\}" only as a
 * whole non-empty component that is preceded and followed by '/'.  Patterns
 * need not be absolute.
 *
 * Return: true if @p is a valid pattern.
 */
bool ph_pattern_valid(const char *p, size_t len);

/**
 * ph_pattern_has_wildcard() - Tell whether a pattern uses any wildcard.
 * @p: Pattern in escaped form.
 * @len: Length of @p.
 *
 * Return: true if @p contains any of the escapes \*, \@, \?, \$, \+, \X, \x,
 * \A, \a, \-, \{ or \}.
 */
bool ph_pattern_has_wildcard(const char *p, size_t len);

/**
 * ph_path_match() - Match an escaped path against a pattern.
 * @pattern: Pattern in escaped form.
 * @plen: Length of @pattern.
 * @path: Path in escaped form (no wildcards).
 * @len: Length of @path.
 *
 * A pattern without wildcards matches only the identical string.  Otherwise
 * the literal starts must be equal, and the rests are split at '/' into
 * components; a plain pattern component matches exactly one path component
 * and a "\{X\}" component matches one or more consecutive path components
 * that each match X (with TOMOYO's corner cases, above).  Time is bounded by
 * O(@plen * @len); no allocation, no recursion.
 *
 * Return: true on a match; false on a mismatch, if @pattern fails
 * ph_pattern_valid() or if @path fails ph_name_valid().
 */
bool ph_path_match(const char *pattern, size_t plen, const char *path, size_t len);

/**
 * ph_watch_valid() - Check a watch pattern.
 * @p: Pattern in escaped form.
 * @len: Length of @p.
 *
 * Return: true if @p is an absolute path pattern that ph_pattern_valid()
 * accepts.
 */
bool ph_watch_valid(const char *p, size_t len);

/**
 * ph_watch_match() - Match an object name against a watch pattern.
 * @pat: Watch pattern (ph_watch_valid() must accept it).
 * @plen: Length of @pat.
 * @name: Object name in escaped form.
 * @len: Length of @name.
 *
 * A pattern without wildcards that ends in '/' matches that directory and
 * every name below it; one without wildcards that does not end in '/'
 * matches only the identical name; a pattern with wildcards matches as
 * ph_path_match() does.
 *
 * Return: true on a match.
 */
bool ph_watch_match(const char *pat, size_t plen, const char *name, size_t len);

/**
 * ph_name_generalize() - The learned name of an object that is named anew
 *	every time.
 * @name: Object name in escaped form.
 * @len: Length of @name.
 * @glen: Set to the length of the result, when there is one.
 *
 * A pipe is named by its inode number ("pipe:[4242]") and a pseudo
 * terminal by its index ("devpts:/3"), so every instance has a new name,
 * and a learned list of exact names would never hold the next one.  The
 * module learns, and looks each such name up as, the one pattern
 * tomoyo-patternize writes for it by default: "pipe:[\$]", "devpts:/\$".
 * The pattern matches the name it stands for (ph_path_match()).
 *
 * Return: that pattern (a static string), or NULL for any other name.
 */
const char *ph_name_generalize(const char *name, size_t len, size_t *glen);

#ifdef __cplusplus
}
#endif

#endif /* PH_PATTERN_H */
