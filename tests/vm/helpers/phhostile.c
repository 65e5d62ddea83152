// SPDX-License-Identifier: GPL-2.0
/*
 * phhostile: hostile names for tests/vm/hostile_names.sh, made with exact
 * bytes (no shell quoting in the way), and two checks of output the guest
 * has no tool for.
 *
 *   phhostile files DIR        files named with every byte 1..255 but '/',
 *                              newlines, ESC sequences, '\', spaces, and a
 *                              4,095-byte path of 255-byte components
 *   phhostile mount DIR        mounts with hostile types and devices (they
 *                              fail as non-root; the attempt is recorded)
 *   phhostile comm FILE [SECS] appends to FILE under hostile comms, then
 *                              stays SECS seconds under the first one
 *   phhostile env PROG ARG     execs PROG ARG with hostile environment names
 *   phhostile unix DIR         binds and connects unix sockets at hostile
 *                              paths and abstract names
 *   phhostile maximal DIR      entries with every string at its longest:
 *                              a mount of a 4,095-byte device on a
 *                              4,000-byte directory with a 4,095-byte type,
 *                              and a rename between two 4,000-byte paths,
 *                              all of bytes that escape to four
 *   phhostile ctl < TEXT       exit 1 if TEXT holds a control byte other
 *                              than newline and tab, or 0x7f
 *   phhostile json < TEXT      exit 1 unless TEXT is a sequence of valid
 *                              JSON values (RFC 8259), e.g. JSON lines
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const k_hostile[] = {
	"nl\n<kernel> /fake\nfile write /etc/shadow",
	"esc\033[2J\033]0;title\007",
	"back\\slash \\012 \\\\ sp ace",
	"tab\tcr\rdel\177",
	"\\",
	" ",
};

#define N_HOSTILE (sizeof(k_hostile) / sizeof(k_hostile[0]))

/* Bytes lo..hi, without NUL, '/' and the byte @skip. */
static size_t byte_run(char *out, int lo, int hi, int skip)
{
	size_t n = 0;

	for (int b = lo; b <= hi; b++)
		if (b != 0 && b != '/' && b != skip)
			out[n++] = (char)b;
	out[n] = '\0';
	return n;
}

static int touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);

	if (fd < 0) {
		fprintf(stderr, "phhostile: open %zu-byte path: %s\n", strlen(path),
			strerror(errno));
		return 1;
	}
	if (write(fd, "x", 1) != 1) {
		close(fd);
		return 1;
	}
	return close(fd) != 0;
}

/* mkdir -p of the directories above the last component of @path. */
static void parents(const char *path, size_t from)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s", path);
	for (size_t i = from + 1; buf[i]; i++) {
		if (buf[i] != '/')
			continue;
		buf[i] = '\0';
		mkdir(buf, 0755);
		buf[i] = '/';
	}
}

static int do_files(const char *dir)
{
	char path[4096], name[256];
	int bad = 0;
	size_t len;

	for (size_t i = 0; i < N_HOSTILE; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, k_hostile[i]);
		parents(path, strlen(dir));
		bad |= touch(path);
	}
	/* Every byte value, 16 to a name. */
	for (int lo = 0; lo < 256; lo += 16) {
		byte_run(name, lo, lo + 15, -1);
		if (!strcmp(name, ".") || !strcmp(name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		bad |= touch(path);
	}
	/* A 4,095-byte path: 255-byte components of every byte value. */
	len = (size_t)snprintf(path, sizeof(path), "%s", dir);
	for (int c = 0;; c++) {
		size_t n = 255;

		if (len + 1 + n > 4095)
			n = 4095 - len - 1;
		if (n == 0)
			break;
		path[len++] = '/';
		for (size_t k = 0; k < n; k++) {
			int b = 1 + (int)((c * 255 + k) % 254);

			path[len++] = (char)(b >= '/' ? b + 1 : b);
		}
		path[len] = '\0';
		if (len == 4095) {
			bad |= touch(path);
			break;
		}
		if (mkdir(path, 0755) && errno != EEXIST) {
			fprintf(stderr, "phhostile: mkdir %zu-byte path: %s\n", len,
				strerror(errno));
			return 1;
		}
	}
	printf("files: longest path %zu bytes\n", len);
	return bad;
}

static int do_mount(const char *dir)
{
	char type[256], dev[256];
	int denied = 0, tries = 0;

	for (size_t i = 0; i < N_HOSTILE; i++) {
		tries++;
		if (mount(k_hostile[i], dir, k_hostile[i], 0, NULL) < 0 && errno == EPERM)
			denied++;
	}
	for (int lo = 1; lo < 256; lo += 64) {
		byte_run(type, lo, lo + 63, -1);
		byte_run(dev, 256 - lo - 63, 256 - lo, -1);
		tries++;
		if (mount(dev, dir, type, 0, NULL) < 0 && errno == EPERM)
			denied++;
	}
	/* The forged policy, byte for byte. */
	tries++;
	if (mount("none", dir, "x\n<kernel> /fake\nfile write /etc/shadow", 0, NULL) < 0 &&
	    errno == EPERM)
		denied++;
	printf("mount: %d of %d denied with EPERM\n", denied, tries);
	return 0;
}

static int do_comm(const char *file, int hold)
{
	char comm[16];
	int bad = 0;

	prctl(PR_SET_NAME, "ev\033[2J\nil");
	bad |= touch(file);
	for (int lo = 1; lo < 256; lo += 15) {
		pid_t pid = fork();
		int st;

		if (pid == 0) {
			byte_run(comm, lo, lo + 14, -1);
			prctl(PR_SET_NAME, comm);
			_exit(touch(file));
		}
		if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			bad = 1;
	}
	prctl(PR_SET_NAME, "a\\b c\177");
	bad |= touch(file);
	prctl(PR_SET_NAME, "ev\033[2J\nil");
	if (hold > 0)
		sleep((unsigned int)hold);
	return bad;
}

static int do_env(char *prog, char *arg)
{
	static char store[32][300];
	char *envp[33];
	int n = 0;

	for (size_t i = 0; i < N_HOSTILE; i++) {
		snprintf(store[n], sizeof(store[n]), "%s=1", k_hostile[i]);
		envp[n] = store[n];
		n++;
	}
	for (int lo = 1; lo < 256; lo += 32) {
		size_t k = byte_run(store[n], lo, lo + 31, '=');

		strcpy(store[n] + k, "=1");
		envp[n] = store[n];
		n++;
	}
	envp[n] = NULL;
	char *argv[] = { prog, arg, NULL };

	execve(prog, argv, envp);
	fprintf(stderr, "phhostile: exec %s: %s\n", prog, strerror(errno));
	return 1;
}

static int unix_pair(const struct sockaddr_un *sun, socklen_t len)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0), c = socket(AF_UNIX, SOCK_STREAM, 0);
	int bad = 0;

	if (s < 0 || c < 0 || bind(s, (const struct sockaddr *)sun, len) || listen(s, 1) ||
	    connect(c, (const struct sockaddr *)sun, len))
		bad = 1;
	close(c);
	close(s);
	return bad;
}

static int do_unix(const char *dir)
{
	struct sockaddr_un sun;
	int bad = 0;

	for (size_t i = 0; i < N_HOSTILE; i++) {
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/%.40s", dir, k_hostile[i]);
		parents(sun.sun_path, strlen(dir));
		unlink(sun.sun_path);
		bad |= unix_pair(&sun, sizeof(sun));
		unlink(sun.sun_path);
	}
	/* Abstract names: every byte value, NUL included after the first. */
	for (int lo = 0; lo < 256; lo += 100) {
		size_t n = 0;

		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		sun.sun_path[n++] = '\0';
		for (int b = lo; b < lo + 100 && b < 256; b++)
			sun.sun_path[n++] = (char)b;
		bad |= unix_pair(&sun, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n));
	}
	if (bad)
		fprintf(stderr, "phhostile: a unix socket pair failed\n");
	return bad;
}

static char *slurp(size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	ssize_t r;

	while (buf && (r = read(0, buf + n, cap - n)) > 0) {
		n += (size_t)r;
		if (n == cap) {
			char *nb = realloc(buf, cap * 2 + 1);

			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

static int do_ctl(void)
{
	size_t len, line = 1;
	char *t = slurp(&len);

	if (!t)
		return 2;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c == '\n')
			line++;
		else if ((c < 0x20 && c != '\t') || c == 0x7f) {
			printf("raw byte 0x%02x on line %zu\n", c, line);
			return 1;
		}
	}
	return 0;
}

/* A strict recursive-descent JSON checker. */
static const char *j_p, *j_end;

static void j_ws(void)
{
	while (j_p < j_end && (*j_p == ' ' || *j_p == '\t' || *j_p == '\n' || *j_p == '\r'))
		j_p++;
}

static int j_lit(const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(j_end - j_p) < n || memcmp(j_p, s, n))
		return 0;
	j_p += n;
	return 1;
}

static int j_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int j_string(void)
{
	if (j_p >= j_end || *j_p != '"')
		return 0;
	j_p++;
	while (j_p < j_end) {
		unsigned char c = (unsigned char)*j_p++;

		if (c == '"')
			return 1;
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			if (j_p >= j_end)
				return 0;
			c = (unsigned char)*j_p++;
			if (c == 'u') {
				if (j_end - j_p < 4 || !j_hex(j_p[0]) || !j_hex(j_p[1]) ||
				    !j_hex(j_p[2]) || !j_hex(j_p[3]))
					return 0;
				j_p += 4;
			} else if (!strchr("\"\\/bfnrt", c) || c == 0) {
				return 0;
			}
		} else if (c >= 0x80) {
			/* UTF-8: a lead byte and its continuation bytes. */
			int more = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : -1;

			if (more < 0 || c > 0xf4)
				return 0;
			for (int k = 0; k < more; k++, j_p++)
				if (j_p >= j_end || ((unsigned char)*j_p & 0xc0) != 0x80)
					return 0;
		}
	}
	return 0;
}

static int j_digits(void)
{
	const char *s = j_p;

	while (j_p < j_end && *j_p >= '0' && *j_p <= '9')
		j_p++;
	return j_p > s;
}

static int j_number(void)
{
	if (j_p < j_end && *j_p == '-')
		j_p++;
	if (j_p < j_end && *j_p == '0')
		j_p++;
	else if (!j_digits())
		return 0;
	if (j_p < j_end && *j_p == '.') {
		j_p++;
		if (!j_digits())
			return 0;
	}
	if (j_p < j_end && (*j_p == 'e' || *j_p == 'E')) {
		j_p++;
		if (j_p < j_end && (*j_p == '+' || *j_p == '-'))
			j_p++;
		if (!j_digits())
			return 0;
	}
	return 1;
}

static int j_value(int depth)
{
	if (depth > 256)
		return 0;
	j_ws();
	if (j_p >= j_end)
		return 0;
	switch (*j_p) {
	case '{':
		j_p++;
		j_ws();
		if (j_p < j_end && *j_p == '}')
			return j_p++, 1;
		for (;;) {
			j_ws();
			if (!j_string())
				return 0;
			j_ws();
			if (j_p >= j_end || *j_p++ != ':' || !j_value(depth + 1))
				return 0;
			j_ws();
			if (j_p < j_end && *j_p == ',') {
				j_p++;
				continue;
			}
			return j_p < j_end && *j_p++ == '}';
		}
	case '[':
		j_p++;
		j_ws();
		if (j_p < j_end && *j_p == ']')
			return j_p++, 1;
		for (;;) {
			if (!j_value(depth + 1))
				return 0;
			j_ws();
			if (j_p < j_end && *j_p == ',') {
				j_p++;
				continue;
			}
			return j_p < j_end && *j_p++ == ']';
		}
	case '"':
		return j_string();
	case 't':
		return j_lit("true");
	case 'f':
		return j_lit("false");
	case 'n':
		return j_lit("null");
	default:
		return j_number();
	}
}

static int do_json(void)
{
	size_t len;
	char *t = slurp(&len);
	int values = 0;

	if (!t)
		return 2;
	j_p = t;
	j_end = t + len;
	for (;;) {
		j_ws();
		if (j_p == j_end)
			break;
		if (!j_value(0)) {
			printf("invalid JSON at byte %zu\n", (size_t)(j_p - t));
			return 1;
		}
		values++;
	}
	printf("%d JSON values\n", values);
	return values ? 0 : 1;
}

/* @n bytes that each escape to four (\ooo), none NUL or '/'. */
static void wide_bytes(char *out, size_t n, int seed)
{
	for (size_t k = 0; k < n; k++)
		out[k] = (char)(0x80 + (seed + k) % 0x80);
	out[n] = '\0';
}

/* @base/ then 255-byte components of wide bytes, to @len bytes; made. */
static int wide_dir(char *path, size_t size, const char *base, size_t len, int seed)
{
	size_t at = (size_t)snprintf(path, size, "%s", base);

	while (at + 2 < len) {
		size_t n = len - at - 1 > 255 ? 255 : len - at - 1;

		path[at++] = '/';
		wide_bytes(path + at, n, seed++);
		at += n;
		if (mkdir(path, 0755) && errno != EEXIST) {
			fprintf(stderr, "phhostile: mkdir %zu-byte path: %s\n", at,
				strerror(errno));
			return 1;
		}
	}
	return 0;
}

static int do_maximal(const char *dir)
{
	char dev[4096], type[4096], mnt[4096], from[4096], to[4096];
	int err;

	wide_bytes(dev, 4095, 1);
	wide_bytes(type, 4095, 2);
	if (wide_dir(mnt, sizeof(mnt), dir, 4000, 3))
		return 1;
	err = mount(dev, mnt, type, 0, NULL) < 0 ? errno : 0;
	printf("maximal mount: %s\n", strerror(err));
	/* Two files in directories of about 3,740 bytes, named with 255 more. */
	if (wide_dir(from, sizeof(from), dir, 3740, 40) ||
	    wide_dir(to, sizeof(to), dir, 3740, 80))
		return 1;
	strcat(from, "/");
	wide_bytes(from + strlen(from), 255, 120);
	strcat(to, "/");
	wide_bytes(to + strlen(to), 255, 121);
	if (touch(from))
		return 1;
	if (rename(from, to)) {
		fprintf(stderr, "phhostile: rename: %s\n", strerror(errno));
		return 1;
	}
	printf("maximal rename: %zu and %zu bytes\n", strlen(from), strlen(to));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "files"))
		return do_files(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "mount"))
		return do_mount(argv[2]);
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "comm"))
		return do_comm(argv[2], argc == 4 ? atoi(argv[3]) : 0);
	if (argc == 4 && !strcmp(argv[1], "env"))
		return do_env(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "unix"))
		return do_unix(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "maximal"))
		return do_maximal(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "ctl"))
		return do_ctl();
	if (argc == 2 && !strcmp(argv[1], "json"))
		return do_json();
	fprintf(stderr, "usage: phhostile files|mount|unix|maximal DIR, comm FILE, env PROG ARG, ctl, json\n");
	return 2;
}
