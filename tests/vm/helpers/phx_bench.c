// SPDX-License-Identifier: GPL-2.0
/*
 * phx bench NAME ITERATIONS: run one microbenchmark and print
 * "NAME NS_PER_OP".  Used by tests/vm/bench.sh; the host turns the numbers
 * into ratios against the no-module baseline of the same round.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "phx.h"

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int b_open(long n)
{
	char buf[64];
	long i;

	for (i = 0; i < n; i++) {
		int fd = open("/etc/passwd", O_RDONLY);

		if (fd < 0 || read(fd, buf, sizeof(buf)) < 0)
			return 1;
		close(fd);
	}
	return 0;
}

static int b_stat(long n)
{
	struct stat st;
	long i;

	for (i = 0; i < n; i++)
		if (stat("/etc/passwd", &st))
			return 1;
	return 0;
}

static int b_exec(long n, const char *self)
{
	long i;
	int status;

	for (i = 0; i < n; i++) {
		pid_t c = fork();

		if (c == 0) {
			execl(self, self, "true", (char *)NULL);
			_exit(127);
		}
		if (waitpid(c, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			return 1;
	}
	return 0;
}

/* connect + accept n times over one listening socket. */
static int b_sock(long n, int family)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int l, i;

	memset(&ss, 0, sizeof(ss));
	if (family == AF_UNIX) {
		struct sockaddr_un *sun = (struct sockaddr_un *)&ss;

		sun->sun_family = AF_UNIX;
		/* Fixed names: a converged domain has learned them. */
		snprintf(sun->sun_path, sizeof(sun->sun_path), "/tmp/phx-bench.sock");
		unlink(sun->sun_path);
		len = sizeof(*sun);
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sin->sin_port = htons(18080);
		len = sizeof(*sin);
	}
	l = socket(family, SOCK_STREAM, 0);
	if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &(int){ 1 }, sizeof(int)) ||
	    bind(l, (struct sockaddr *)&ss, len) || listen(l, 64))
		return 1;
	for (i = 0; i < n; i++) {
		int c = socket(family, SOCK_STREAM, 0), a;

		if (c < 0 || connect(c, (struct sockaddr *)&ss, len))
			return 1;
		a = accept(l, NULL, NULL);
		if (a < 0)
			return 1;
		close(a);
		close(c);
	}
	close(l);
	if (family == AF_UNIX)
		unlink(((struct sockaddr_un *)&ss)->sun_path);
	return 0;
}

static int bench_run(const char *name, long n, const char *self)
{
	if (!strcmp(name, "open"))
		return b_open(n);
	if (!strcmp(name, "stat"))
		return b_stat(n);
	if (!strcmp(name, "exec"))
		return b_exec(n, self);
	if (!strcmp(name, "unix"))
		return b_sock(n, AF_UNIX);
	if (!strcmp(name, "tcp"))
		return b_sock(n, AF_INET);
	return 2;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/*
 * phx bench NAME N [BATCHES]: N operations in BATCHES equal batches (default
 * 1); prints "NAME NS_PER_OP", the median over the batches, so that a
 * hiccup of the host during one batch does not move the figure.
 */
int phx_bench(int argc, char **argv, const char *self)
{
	long n = argc >= 2 ? strtol(argv[1], NULL, 10) : 0;
	long batches = argc == 3 ? strtol(argv[2], NULL, 10) : 1;
	long long per[64], t0;
	long b;
	int err;

	if (argc < 2 || argc > 3 || n <= 0 || batches <= 0 || batches > 64 || n < batches) {
		fprintf(stderr, "usage: phx bench open|stat|exec|unix|tcp N [BATCHES<=64]\n");
		return 2;
	}
	for (b = 0; b < batches; b++) {
		t0 = now_ns();
		err = bench_run(argv[0], n / batches, self);
		if (err == 2)
			return 2;
		if (err) {
			perror("phx bench");
			return 1;
		}
		per[b] = (now_ns() - t0) / (n / batches);
	}
	qsort(per, batches, sizeof(per[0]), cmp_ll);
	printf("%s %lld\n", argv[0], per[batches / 2]);
	return 0;
}

/* phx time CMD ARGS: run CMD, print its wall time in ns. */
int phx_time(int argc, char **argv)
{
	long long t0 = now_ns();
	pid_t c = fork();
	int status;

	if (c == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	waitpid(c, &status, 0);
	printf("%lld\n", now_ns() - t0);
	return (argc && WIFEXITED(status)) ? WEXITSTATUS(status) : 1;
}

/*
 * phx storm FILE N RATE: open and close FILE N times, paced at RATE opens
 * per second (0: as fast as possible), and print "storm N SECONDS RATE"
 * with the rate achieved.
 */
int phx_storm(int argc, char **argv)
{
	long n = argc == 3 ? strtol(argv[1], NULL, 10) : 0;
	long rate = argc == 3 ? strtol(argv[2], NULL, 10) : -1;
	long long t0, t1, due;
	long i;

	if (n <= 0 || rate < 0) {
		fprintf(stderr, "usage: phx storm FILE N RATE\n");
		return 2;
	}
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		int fd = open(argv[0], O_RDONLY);

		if (fd < 0) {
			perror("phx storm");
			return 1;
		}
		close(fd);
		if (rate) {
			/* Pace in steps of 100 opens so the clock reads stay cheap. */
			if (i % 100)
				continue;
			due = t0 + (long long)i * 1000000000LL / rate;
			while (now_ns() < due)
				;
		}
	}
	t1 = now_ns();
	printf("storm %ld %.3f %.0f\n", n, (t1 - t0) / 1e9, n / ((t1 - t0) / 1e9));
	return 0;
}
