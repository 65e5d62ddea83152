// SPDX-License-Identifier: GPL-2.0
/*
 * phx: a static multi-tool the VM scenarios use to make exact system calls.
 *
 *   phx exec PATH [ARG...]        execv(PATH) with argv[0] = PATH
 *   phx chain N                   exec itself (argv[0]) N more times
 *   phx stress EXECS WORKERS PROG fork WORKERS processes that together
 *                                 fork+exec PROG EXECS times, waiting for
 *                                 each child, while also forking and
 *                                 reaping plain children
 *   phx pid-after FILE            wait until FILE exists, then print the pid
 *   phx runas UID GID PROG [ARG...] drop to UID/GID (no groups), exec PROG
 *   phx do OP ARGS...             one access, see phx_ops.c
 *   phx bench NAME N [B]          a microbenchmark in B batches, see phx_bench.c
 *   phx storm FILE N RATE         N opens of FILE at RATE/s, see phx_bench.c
 *   phx time PROG [ARG...]        run PROG, print its wall time in ns
 *   phx true                      exit 0
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "phx.h"

static int usage(void)
{
	fprintf(stderr, "usage: phx exec|chain|stress|true ...\n");
	return 2;
}

static int do_stress(long execs, long workers, const char *prog)
{
	long per = execs / workers, w, i;
	int status, failed = 0;

	for (w = 0; w < workers; w++) {
		if (fork() == 0) {
			for (i = 0; i < per; i++) {
				pid_t c = fork();

				if (c == 0) {
					execl(prog, prog, "true", (char *)NULL);
					_exit(127);
				}
				/* A plain fork+exit alongside, to churn task records. */
				if (i % 4 == 0 && fork() == 0)
					_exit(0);
				while (waitpid(-1, &status, 0) > 0)
					if (!WIFEXITED(status) || WEXITSTATUS(status))
						failed++;
			}
			_exit(failed ? 1 : 0);
		}
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed++;
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "true"))
		return 0;
	if (!strcmp(argv[1], "exec") && argc >= 3) {
		execv(argv[2], argv + 2);
		fprintf(stderr, "phx: exec %s: %s\n", argv[2], strerror(errno));
		return 126;
	}
	if (!strcmp(argv[1], "chain") && argc == 3) {
		long n = strtol(argv[2], NULL, 10);
		char num[32];

		if (n <= 0)
			return 0;
		snprintf(num, sizeof(num), "%ld", n - 1);
		execl(argv[0], argv[0], "chain", num, (char *)NULL);
		fprintf(stderr, "phx: chain exec %s: %s\n", argv[0], strerror(errno));
		return 126;
	}
	if (!strcmp(argv[1], "stress") && argc == 5)
		return do_stress(strtol(argv[2], NULL, 10), strtol(argv[3], NULL, 10), argv[4]);
	if (!strcmp(argv[1], "do") && argc >= 3)
		return phx_do(argc - 2, argv + 2);
	if (!strcmp(argv[1], "bench") && argc >= 3)
		return phx_bench(argc - 2, argv + 2, argv[0]);
	if (!strcmp(argv[1], "time") && argc >= 3)
		return phx_time(argc - 2, argv + 2);
	if (!strcmp(argv[1], "storm") && argc >= 3)
		return phx_storm(argc - 2, argv + 2);
	if (!strcmp(argv[1], "runas") && argc >= 5) {
		uid_t uid = strtoul(argv[2], NULL, 10);
		gid_t gid = strtoul(argv[3], NULL, 10);

		if (setgroups(0, NULL) || setgid(gid) || setuid(uid)) {
			perror("phx runas");
			return 126;
		}
		execv(argv[4], argv + 4);
		fprintf(stderr, "phx: exec %s: %s\n", argv[4], strerror(errno));
		return 126;
	}
	if (!strcmp(argv[1], "pid-after") && argc == 3) {
		struct stat st;

		while (stat(argv[2], &st))
			usleep(20000);
		printf("%d\n", getpid());
		return 0;
	}
	return usage();
}
