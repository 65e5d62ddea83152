// SPDX-License-Identifier: GPL-2.0
/*
 * phtracexec: leave a task stopped by ptrace in the middle of an exec, after
 * the exec committed and before it returns to userspace (issue 17):
 *
 *   phtracexec PIDFILE PROG [ARG...]
 *
 * Forks a child that asks to be traced (PTRACE_TRACEME), stops itself, and
 * execs PROG.  The parent sets PTRACE_O_TRACEEXEC, lets the child run to its
 * exec event stop, writes the child's pid to PIDFILE, and then sleeps until
 * it is killed, never resuming the child.  Exit status 1 on any failure.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int fail(const char *what)
{
	fprintf(stderr, "phtracexec: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	FILE *f;
	pid_t pid;
	int st;

	if (argc < 3) {
		fprintf(stderr, "usage: phtracexec PIDFILE PROG [ARG...]\n");
		return 2;
	}
	pid = fork();
	if (pid < 0)
		return fail("fork");
	if (!pid) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
			_exit(fail("PTRACE_TRACEME"));
		raise(SIGSTOP);
		execv(argv[2], argv + 2);
		_exit(fail("execv"));
	}
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGSTOP)
		return fail("waiting for the child's SIGSTOP");
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)PTRACE_O_TRACEEXEC) ||
	    ptrace(PTRACE_CONT, pid, NULL, NULL))
		return fail("PTRACE_SETOPTIONS/PTRACE_CONT");
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st) ||
	    st >> 8 != (SIGTRAP | (PTRACE_EVENT_EXEC << 8))) {
		fprintf(stderr, "phtracexec: no exec event stop (status %#x)\n", st);
		return 1;
	}
	f = fopen(argv[1], "w");
	if (!f || fprintf(f, "%d\n", (int)pid) < 0 || fclose(f))
		return fail(argv[1]);
	printf("phtracexec: %d stopped at its exec of %s\n", (int)pid, argv[2]);
	fflush(stdout);
	for (;;)
		pause();
}
