/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test cases of the shared policy code, run twice: by the GoogleTests
 * (policy/tests/test_pattern.cpp, test_group.cpp) against the userspace
 * build and by phtrack_selftest.ko (kernel/selftest/policy_test.c) against
 * the kernel build of the same sources, so both must give the same results.
 * Plain C data, no library calls.  Every expected result follows TOMOYO 2.6
 * (see ph_pattern.h for its corner cases).
 */
#ifndef PH_CASES_H
#define PH_CASES_H

#include "ph_policy_env.h"

/**
 * struct ph_match_case - one ph_path_match() case
 * @pattern: the pattern
 * @path: the escaped path
 * @match: the expected result
 */
struct ph_match_case {
	const char *pattern;
	const char *path;
	bool match;
};

static const struct ph_match_case ph_match_cases[] = {
	/* Patterns of tomoyo-tools' init_policy (the interop test loads them). */
	{ "\\*:[\\$]", "pipe:[4242]", true },
	{ "\\*:[\\$]", "pipe:[42a]", false },
	{ "proc:/self/\\{\\*\\}/\\*", "proc:/self/task/12/stat", true },
	{ "proc:/self/\\{\\*\\}/\\*", "proc:/self/status", false },
	{ "/etc/rc\\?.d/\\?\\+\\+cron", "/etc/rc2.d/S01cron", true },
	{ "/etc/rc\\?.d/\\?\\+\\+cron", "/etc/rc2.d/K1cron", false },
	/* Literal patterns: exact comparison. */
	{ "/bin/ls", "/bin/ls", true },
	{ "/bin/ls", "/bin/lsx", false },
	{ "/bin/ls", "/bin/l", false },
	{ "/bin/ls", "/bin/ls/", false },
	{ "/a\\040b", "/a\\040b", true },
	{ "/a\\\\b", "/a\\\\b", true },
	/* \* : zero or more characters other than '/'. */
	{ "/tmp/\\*", "/tmp/a", true },
	{ "/tmp/\\*", "/tmp/.hidden", true },
	{ "/tmp/\\*", "/tmp/a\\040b", true },
	{ "/tmp/\\*", "/tmp/a/b", false },
	{ "/tmp/\\*", "/tmp", false },
	{ "/tmp/\\*", "/tmp/", false },
	{ "/tmp/\\*.txt", "/tmp/.txt", true },
	{ "/tmp/\\*.txt", "/tmp/a.b.txt", true },
	{ "/tmp/\\*.txt", "/tmp/a.txt2", false },
	{ "/tmp/a\\*b\\*c", "/tmp/aXbYbZc", true },
	{ "/tmp/a\\*b\\*c", "/tmp/aXbYbZ", false },
	{ "/\\*/\\*/ls", "/usr/bin/ls", true },
	{ "/home/\\*/", "/home/user/", true },
	{ "/home/\\*/", "/home/user", false },
	/* A trailing "\*" or "\@" component may stay unmatched (TOMOYO). */
	{ "/\\*/\\*", "/usr", true },
	{ "/\\*/\\@", "/usr", true },
	{ "/\\*/\\*\\@", "/usr", true },
	{ "/\\*/\\*/\\*", "/usr", false },
	{ "/\\*/\\*x", "/usr", false },
	{ "/\\{\\*\\}/\\*", "/usr", false },
	{ "/usr\\*", "/usr", true },
	{ "/usr/lib\\*", "/usr/lib", true },
	/* \@ : like \* but not '.'. */
	{ "/lib/lib\\@.so", "/lib/libc.so", true },
	{ "/lib/lib\\@.so", "/lib/lib.so", true },
	{ "/lib/lib\\@.so", "/lib/libc.6.so", false },
	{ "/lib/lib\\@.\\*", "/lib/libc.so.6", true },
	{ "/x/\\@", "/x/.a", false },
	/* \? : exactly one character other than '/', an escaped byte too. */
	{ "/tmp/a\\?b", "/tmp/axb", true },
	{ "/tmp/a\\?b", "/tmp/a\\040b", true },
	{ "/tmp/a\\?b", "/tmp/a\\\\b", true },
	{ "/tmp/a\\?b", "/tmp/ab", false },
	{ "/tmp/a\\?b", "/tmp/axxb", false },
	{ "/tmp/a\\?b", "/tmp/a/b", false },
	/* \$ one or more digits, \+ exactly one. */
	{ "/proc/\\$/exe", "/proc/1/exe", true },
	{ "/proc/\\$/exe", "/proc/12345/exe", true },
	{ "/proc/\\$/exe", "/proc/12a/exe", false },
	{ "/proc/\\$/exe", "/proc/self/exe", false },
	{ "/proc/\\$/exe", "/proc//exe", false },
	{ "pipe:[\\$]", "pipe:[4026532]", true },
	{ "pipe:[\\$]", "pipe:[]", false },
	{ "/dev/tty\\+", "/dev/tty1", true },
	{ "/dev/tty\\+", "/dev/tty12", false },
	{ "/dev/tty\\+", "/dev/tty", false },
	{ "/dev/tty\\+", "/dev/ttyS", false },
	{ "/dev/tty\\+\\+", "/dev/tty12", true },
	/* \X one or more hex digits, \x exactly one. */
	{ "/x/\\X", "/x/dEadBEEF09", true },
	{ "/x/\\X", "/x/g", false },
	{ "/x/0x\\x\\x", "/x/0xfF", true },
	{ "/x/0x\\x\\x", "/x/0xf", false },
	{ "/x/0x\\x", "/x/0xg", false },
	/* \A one or more letters, \a exactly one. */
	{ "/x/\\A", "/x/abcXYZ", true },
	{ "/x/\\A", "/x/abc1", false },
	{ "/x/\\a\\$", "/x/v42", true },
	{ "/x/\\a\\$", "/x/vv42", false },
	{ "/x/\\a", "/x/1", false },
	{ "/x/\\a", "/x/\\300", false },
	/* \- : the first operand matches, none of the others does. */
	{ "/tmp/\\*\\-foo", "/tmp/bar", true },
	{ "/tmp/\\*\\-foo", "/tmp/foobar", true },
	{ "/tmp/\\*\\-foo", "/tmp/foo", false },
	{ "/tmp/\\*\\-foo\\-bar", "/tmp/bar", false },
	{ "/tmp/\\*\\-foo\\-bar", "/tmp/baz", true },
	{ "/tmp/\\*\\-\\*.tmp", "/tmp/a.txt", true },
	{ "/tmp/\\*\\-\\*.tmp", "/tmp/a.tmp", false },
	{ "/tmp/\\*.txt\\-secret.txt", "/tmp/secret.txt", false },
	{ "/tmp/\\*.txt\\-secret.txt", "/tmp/public.txt", true },
	{ "/tmp/\\*.txt\\-secret.txt", "/tmp/public.doc", false },
	{ "/tmp/\\*\\-foo", "/tmp/a/b", false },
	/* Operands start after the literal start of the pattern (TOMOYO). */
	{ "/tmp/foo\\-bar", "/tmp/foo", false },
	{ "/tmp/foo\\*\\-foobar", "/tmp/foobar", true },
	{ "/tmp/foo\\*\\-bar", "/tmp/foobar", false },
	/* Empty operands (TOMOYO accepts them). */
	{ "/tmp/\\*\\-", "/tmp/a", true },
	{ "/tmp/\\*\\-", "/tmp/", false },
	{ "/tmp/\\-a", "/tmp/b", false },
	/* /\{X\}/ : one or more components, each matching X. */
	{ "/usr/\\{\\*\\}/lib", "/usr/a/lib", true },
	{ "/usr/\\{\\*\\}/lib", "/usr/a/b/lib", true },
	{ "/usr/\\{\\*\\}/lib", "/usr/a/b/c/d/lib", true },
	{ "/usr/\\{\\*\\}/lib", "/usr/lib/lib", true },
	{ "/usr/\\{\\*\\}/lib", "/usr/lib", false },
	{ "/usr/\\{\\*\\}/lib", "/usr/a/lib/x", false },
	{ "/a/\\{b\\}/c", "/a/b/c", true },
	{ "/a/\\{b\\}/c", "/a/b/b/b/c", true },
	{ "/a/\\{b\\}/c", "/a/c", false },
	{ "/a/\\{b\\}/c", "/a/b/x/c", false },
	{ "/src/\\{\\*\\-CVS\\}/\\*.c", "/src/a/b/x.c", true },
	{ "/src/\\{\\*\\-CVS\\}/\\*.c", "/src/a/CVS/x.c", false },
	{ "/src/\\{\\*\\-CVS\\}/\\*.c", "/src/CVS/x.c", false },
	{ "/\\{\\*\\}/x/\\{\\*\\}/y", "/a/x/b/y", true },
	{ "/\\{\\*\\}/x/\\{\\*\\}/y", "/a/x/x/x/b/y", true },
	{ "/\\{\\*\\}/x/\\{\\*\\}/y", "/a/x/y", false },
	{ "/home/\\{\\*\\}/", "/home/u/dir/", true },
	{ "/home/\\{\\*\\}/", "/home/u/file", false },
	{ "/home/\\{\\*\\}/", "/home/", false },
	{ "/v/\\{\\$\\}/\\*", "/v/1/22/f", true },
	{ "/v/\\{\\$\\}/\\*", "/v/1/x/f", false },
	{ "/v/\\{\\$\\}/\\*", "/v/1", false },
	/* Escaped bytes are literal characters. */
	{ "/tmp/\\*\\040\\*", "/tmp/a\\040b", true },
	{ "/tmp/\\*\\040\\*", "/tmp/ab", false },
	{ "/tmp/a\\\\\\*", "/tmp/a\\\\bc", true },
	{ "/tmp/a\\\\\\*", "/tmp/abc", false },
	{ "/tmp/\\377\\*", "/tmp/\\377x", true },
	{ "/tmp/\\377\\*", "/tmp/\\376x", false },
	/* The default patterns of tomoyo-tools' patternize. */
	{ "proc:/self/fd/\\$", "proc:/self/fd/17", true },
	{ "devpts:/\\$", "devpts:/0", true },
	{ "socket:[\\$]", "socket:[123]", true },
	{ "anon_inode:\\*", "anon_inode:[eventfd]", true },
	{ "/tmp/\\*.\\X", "/tmp/sess.1a2B", true },
};

/* Policy for the group cases. */
static const char ph_group_case_policy[] =
	"path_group WEB /var/www/\\{\\*\\}/\\*.html\n"
	"path_group WEB /srv/index.html\n"
	"# a comment\n"
	"\n"
	"number_group IOCTL 0x5401-0x5414\n"
	"number_group IOCTL 0x541B\n"
	"number_group MODES 0644\n"
	"number_group PORTS 1024-65535\n"
	"address_group LAN 192.168.0.0-192.168.255.255\n"
	"address_group LAN 10.0.0.1\n"
	"address_group LAN6 fe80::-fe80::ffff:ffff:ffff:ffff\n"
	"path_group MODES /not/a/number\n";

/**
 * struct ph_group_case - one probe of a group of ph_group_case_policy
 * @type: enum ph_group_type
 * @name: the group
 * @value: a path or an address (for path and address groups)
 * @num: a number (for number groups)
 * @match: the expected result
 */
struct ph_group_case {
	int type;
	const char *name;
	const char *value;
	u64 num;
	bool match;
};

static const struct ph_group_case ph_group_cases[] = {
	{ 0, "WEB", "/var/www/site/a/index.html", 0, true },
	{ 0, "WEB", "/var/www/index.html", 0, false },
	{ 0, "WEB", "/srv/index.html", 0, true },
	{ 0, "WEB", "/srv/other.html", 0, false },
	{ 0, "MODES", "/not/a/number", 0, true },
	{ 1, "IOCTL", NULL, 0x5401, true },
	{ 1, "IOCTL", NULL, 0x5414, true },
	{ 1, "IOCTL", NULL, 0x5415, false },
	{ 1, "IOCTL", NULL, 0x541B, true },
	{ 1, "IOCTL", NULL, 0x5400, false },
	{ 1, "MODES", NULL, 0644, true },
	{ 1, "MODES", NULL, 0600, false },
	{ 1, "PORTS", NULL, 1023, false },
	{ 1, "PORTS", NULL, 1024, true },
	{ 1, "PORTS", NULL, 65535, true },
	{ 2, "LAN", "192.168.1.20", 0, true },
	{ 2, "LAN", "192.169.0.0", 0, false },
	{ 2, "LAN", "10.0.0.1", 0, true },
	{ 2, "LAN", "10.0.0.2", 0, false },
	{ 2, "LAN", "::ffff:192.168.1.20", 0, false },
	{ 2, "LAN6", "fe80::1", 0, true },
	{ 2, "LAN6", "fe80:0:0:1::1", 0, false },
	{ 2, "LAN6", "192.168.1.20", 0, false },
};

/**
 * struct ph_number_case - one ph_number_parse() case
 * @text: input
 * @ok: whether it parses
 * @min: expected lowest value
 * @max: expected highest value
 * @canon: expected ph_number_format() text
 */
struct ph_number_case {
	const char *text;
	bool ok;
	u64 min;
	u64 max;
	const char *canon;
};

static const struct ph_number_case ph_number_cases[] = {
	{ "0", true, 0, 0, "0" },
	{ "00", true, 0, 0, "00" },
	{ "1000", true, 1000, 1000, "1000" },
	{ "0644", true, 0644, 0644, "0644" },
	{ "08", true, 8, 8, "8" },
	{ "0x5401", true, 0x5401, 0x5401, "0x5401" },
	{ "0X5aB", true, 0x5ab, 0x5ab, "0x5AB" },
	{ "0x5401-0x54FF", true, 0x5401, 0x54ff, "0x5401-0x54FF" },
	{ "0-65535", true, 0, 65535, "0-65535" },
	{ "5-5", true, 5, 5, "5" },
	{ "0600-0x1ff", true, 0600, 0x1ff, "0600-0x1FF" },
	{ "18446744073709551615", true, ~0ULL, ~0ULL, "18446744073709551615" },
	{ "18446744073709551616", false, 0, 0, NULL },
	{ "0x", false, 0, 0, NULL },
	{ "", false, 0, 0, NULL },
	{ "-1", false, 0, 0, NULL },
	{ "1-", false, 0, 0, NULL },
	{ "2-1", false, 0, 0, NULL },
	{ "1x", false, 0, 0, NULL },
	{ "1-2-3", false, 0, 0, NULL },
	{ "0x5401 ", false, 0, 0, NULL },
};

/**
 * struct ph_addr_case - one ph_addr_parse() case
 * @text: input
 * @ok: whether it parses
 * @canon: expected ph_addr_format() text
 */
struct ph_addr_case {
	const char *text;
	bool ok;
	const char *canon;
};

static const struct ph_addr_case ph_addr_cases[] = {
	{ "127.0.0.1", true, "127.0.0.1" },
	{ "0.0.0.0-255.255.255.255", true, "0.0.0.0-255.255.255.255" },
	{ "10.0.0.1-10.0.0.1", true, "10.0.0.1" },
	{ "::", true, "::" },
	{ "::1", true, "::1" },
	{ "1::", true, "1::" },
	{ "2001:DB8:0:0:0:0:0:1", true, "2001:db8::1" },
	{ "2001:db8:0:1:0:0:0:1", true, "2001:db8:0:1::1" },
	{ "2001:db8:0:0:1:0:0:1", true, "2001:db8::1:0:0:1" },
	{ "2001:db8:1:1:1:1:0:1", true, "2001:db8:1:1:1:1:0:1" },
	{ "0001:0002:0003:0004:0005:0006:0007:0008", true, "1:2:3:4:5:6:7:8" },
	{ "::ffff:192.0.2.1", true, "::ffff:192.0.2.1" },
	{ "fe80::-fe80::ffff", true, "fe80::-fe80::ffff" },
	{ "256.0.0.1", false, NULL },
	{ "1.2.3", false, NULL },
	{ "1.2.3.4.5", false, NULL },
	{ "1..2.3", false, NULL },
	{ "01234.1.1.1", false, NULL },
	{ "1:2:3:4:5:6:7:8:9", false, NULL },
	{ "1:2:3:4:5:6:7", false, NULL },
	{ "1::2::3", false, NULL },
	{ ":1::", false, NULL },
	{ "1:", false, NULL },
	{ "12345::", false, NULL },
	{ "::g", false, NULL },
	{ "10.0.0.2-10.0.0.1", false, NULL },
	{ "10.0.0.1-::1", false, NULL },
	{ "", false, NULL },
};

/* Groups the access-line cases may name (parsed with ph_groups_parse()). */
static const char ph_acl_case_groups[] =
	"path_group TMPX /tmp/x\\*\n"
	"path_group TMPX /var/tmp/\\{\\*\\}/x\n"
	"number_group TTY 0x5401-0x5414\n"
	"address_group LAN 10.0.0.0-10.0.0.255\n";

/**
 * struct ph_acl_case - one access probed against one access line
 * @line: the access line
 * @canon: its canonical text, or NULL when the line is invalid
 * @exact: whether the rule is exact (hashed, not scanned)
 * @type: the access's type (enum ph_ar_type)
 * @sub: its socket type
 * @str0: its first name (NULL: none)
 * @str1: its second name
 * @num0: its first number
 * @bit: its permission bit
 * @match: the expected result
 */
struct ph_acl_case {
	const char *line;
	const char *canon;
	bool exact;
	u16 type;
	u16 sub;
	const char *str0;
	const char *str1;
	u64 num0;
	unsigned int bit;
	bool match;
};

static const struct ph_acl_case ph_acl_cases[] = {
	{ "file read /tmp/x\\*", "file read /tmp/x\\*", false, 0, 0, "/tmp/x1", NULL, 0, 1, true },
	{ "file read /tmp/x\\*", "file read /tmp/x\\*", false, 0, 0, "/tmp/y1", NULL, 0, 1, false },
	{ "file read /tmp/x\\*", "file read /tmp/x\\*", false, 0, 0, "/tmp/x1", NULL, 0, 2, false },
	{ "file write/read  /etc/a", "file read/write /etc/a", true, 0, 0, "/etc/a", NULL, 0, 2,
	  true },
	{ "file read /etc/a", "file read /etc/a", true, 0, 0, "/etc/ab", NULL, 0, 1, false },
	{ "file getattr pipe:[\\$]", "file getattr pipe:[\\$]", false, 0, 0, "pipe:[4242]", NULL, 0,
	  5, true },
	{ "file getattr @TMPX", "file getattr @TMPX", false, 0, 0, "/var/tmp/a/b/x", NULL, 0, 5,
	  true },
	{ "file getattr @TMPX", "file getattr @TMPX", false, 0, 0, "/var/tmp/x", NULL, 0, 5,
	  false },
	{ "file ioctl /dev/tty 0x5401-0x5414", "file ioctl /dev/tty 0x5401-0x5414", false, 1, 0,
	  "/dev/tty", NULL, 0x5413, 4, true },
	{ "file ioctl /dev/tty 0x5401-0x5414", "file ioctl /dev/tty 0x5401-0x5414", false, 1, 0,
	  "/dev/tty", NULL, 0x5415, 4, false },
	{ "file ioctl /dev/tty @TTY", "file ioctl /dev/tty @TTY", false, 1, 0, "/dev/tty", NULL,
	  0x5401, 4, true },
	{ "file create /tmp/\\* 0600", "file create /tmp/\\* 0600", false, 1, 0, "/tmp/a", NULL,
	  0600, 0, true },
	{ "file create /tmp/\\* 0600", "file create /tmp/\\* 0600", false, 1, 0, "/tmp/a", NULL,
	  0644, 0, false },
	{ "file rename /tmp/\\* /tmp/\\*.old", "file rename /tmp/\\* /tmp/\\*.old", false, 3, 0,
	  "/tmp/a", "/tmp/a.old", 0, 1, true },
	{ "file rename /tmp/\\* /tmp/\\*.old", "file rename /tmp/\\* /tmp/\\*.old", false, 3, 0,
	  "/tmp/a", "/tmp/b", 0, 1, false },
	{ "network inet stream connect @LAN 80", "network inet stream connect @LAN 80", false, 5, 0,
	  "10.0.0.7", NULL, 80, 2, true },
	{ "network inet stream connect @LAN 80", "network inet stream connect @LAN 80", false, 5, 1,
	  "10.0.0.7", NULL, 80, 2, false },
	{ "network inet stream connect 127.0.0.1 1024-65535",
	  "network inet stream connect 127.0.0.1 1024-65535", false, 5, 0, "127.0.0.1", NULL, 8080,
	  2, true },
	{ "network inet dgram send 127.0.0.1 53", "network inet dgram send 127.0.0.1 53", true,
	  5, 1, "127.0.0.1", NULL, 53, 4, true },
	{ "network unix stream connect /run/\\*.sock", "network unix stream connect /run/\\*.sock",
	  false, 6, 0, "/run/a.sock", NULL, 0, 2, true },
	{ "misc env LC_\\*", "misc env LC_\\*", false, 7, 0, "LC_ALL", NULL, 0, 0, true },
	{ "capability sys_admin", "capability sys_admin", true, 8, 0, "sys_admin", NULL, 0, 0,
	  true },
	{ "capability sys_admin", "capability sys_admin", true, 8, 0, "net_admin", NULL, 0, 0,
	  false },
	{ "file getattr socket:[family=1:type=1:protocol=0]",
	  "file getattr socket:[family=1:type=1:protocol=0]", true, 0, 0,
	  "socket:[family=1:type=1:protocol=0]", NULL, 0, 5, true },
	{ "file read/ioctl /x", NULL, false, 0, 0, NULL, NULL, 0, 0, false },
	{ "file read /x exec.realpath=\"/bin/ls\"", NULL, false, 0, 0, NULL, NULL, 0, 0, false },
	{ "file ioctl /dev/tty", NULL, false, 0, 0, NULL, NULL, 0, 0, false },
	{ "file read @NOSUCH", NULL, false, 0, 0, NULL, NULL, 0, 0, false },
	{ "file read /a\\", NULL, false, 0, 0, NULL, NULL, 0, 0, false },
	{ "network inet stream connect 300.0.0.1 80", NULL, false, 0, 0, NULL, NULL, 0, 0, false },
	{ "misc env", NULL, false, 0, 0, NULL, NULL, 0, 0, false },
	{ "task manual_domain_transition <kernel>", NULL, false, 0, 0, NULL, NULL, 0, 0, false },
};

#endif /* PH_CASES_H */
