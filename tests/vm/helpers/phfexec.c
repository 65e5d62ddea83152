// SPDX-License-Identifier: GPL-2.0
/*
 * phfexec: exec a program through a magic link, the ways containers and
 * re-executing programs do (issue 16):
 *
 *   phfexec fexecve PROG [ARG...]        fexecve() of an O_PATH-less fd
 *   phfexec proc-self-fd PROG [ARG...]   execv("/proc/self/fd/N")
 *   phfexec dev-fd PROG [ARG...]         execv("/dev/fd/N")
 *   phfexec proc-self-exe PROG [ARG...]  re-exec itself through
 *                                        /proc/self/exe, then exec PROG
 *   phfexec proc-pid-exe PROG [ARG...]   the same through /proc/PID/exe
 *
 * argv[0] of PROG is PROG.  Exit status 126 when an exec fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static int fail(const char *what, const char *path)
{
	fprintf(stderr, "phfexec: %s %s: %s\n", what, path, strerror(errno));
	return 126;
}

int main(int argc, char **argv)
{
	char link[64];
	const char *mode;
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: phfexec fexecve|proc-self-fd|dev-fd|%s PROG [ARG...]\n",
			"proc-self-exe|proc-pid-exe");
		return 2;
	}
	mode = argv[1];
	if (!strcmp(mode, "run")) {
		execv(argv[2], argv + 2);
		return fail("exec", argv[2]);
	}
	if (!strcmp(mode, "proc-self-exe") || !strcmp(mode, "proc-pid-exe")) {
		if (!strcmp(mode, "proc-self-exe"))
			snprintf(link, sizeof(link), "/proc/self/exe");
		else
			snprintf(link, sizeof(link), "/proc/%d/exe", (int)getpid());
		argv[1] = "run";
		execv(link, argv);
		return fail("exec", link);
	}
	fd = open(argv[2], O_RDONLY);
	if (fd < 0)
		return fail("open", argv[2]);
	if (!strcmp(mode, "fexecve")) {
		fexecve(fd, argv + 2, environ);
		return fail("fexecve", argv[2]);
	}
	if (!strcmp(mode, "proc-self-fd")) {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	} else if (!strcmp(mode, "dev-fd")) {
		snprintf(link, sizeof(link), "/dev/fd/%d", fd);
	} else {
		fprintf(stderr, "phfexec: unknown mode %s\n", mode);
		return 2;
	}
	execv(link, argv + 2);
	return fail("exec", link);
}
