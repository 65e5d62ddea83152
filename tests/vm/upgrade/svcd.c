// svcd: the small service of the upgrade acceptance test (issue 21,
// tests/vm/acceptance/upgrade.sh).  At start it reads its configuration, a
// file under /etc/ssl/ and (1.0 only) a banner, uses a scratch file made by
// mkstemp, writes /run/svc/PID.pid (systemd's RuntimeDirectory=svc makes
// /run/svc) and listens on 127.0.0.1 on every "port N" of its
// configuration; each connection gets one line naming the version of
// libsvc.  1.1 (SVC_V11) also reads /etc/svc/ports.conf and no longer reads
// the banner.  SIGTERM removes the pid file and ends it.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "libsvc.h"

#define MAX_PORTS 8

static int ports[MAX_PORTS];
static int nports;
static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

// Read a whole small file; "port N" lines add a port.  Exits when a
// required file is missing.
static void read_config(const char *path, int parse)
{
	char buf[4096], *line, *save = NULL;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "svcd: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		exit(1);
	buf[n] = '\0';
	for (line = strtok_r(buf, "\n", &save); parse && line; line = strtok_r(NULL, "\n", &save)) {
		int p;

		if (sscanf(line, "port %d", &p) == 1 && p > 0 && p < 65536 && nports < MAX_PORTS)
			ports[nports++] = p;
	}
}

static void scratch(void)
{
	char name[] = "/tmp/svc.XXXXXX";
	int fd = mkstemp(name);

	if (fd < 0)
		exit(1);
	if (write(fd, "scratch\n", 8) != 8)
		exit(1);
	unlink(name);
	close(fd);
}

static void write_pidfile(char *path, size_t size)
{
	FILE *f;

	snprintf(path, size, "/run/svc/%d.pid", (int)getpid());
	f = fopen(path, "we");
	if (!f)
		exit(1);
	fprintf(f, "%d\n", (int)getpid());
	if (fclose(f))
		exit(1);
}

static int listen_on(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 8)) {
		fprintf(stderr, "svcd: port %d: %s\n", port, strerror(errno));
		exit(1);
	}
	return fd;
}

int main(void)
{
	struct pollfd pfd[MAX_PORTS];
	struct sigaction sa = { .sa_handler = on_term };
	char pidfile[64], reply[64];
	int i, len;

	read_config("/etc/svc/svc.conf", 1);
#ifdef SVC_V11
	read_config("/etc/svc/ports.conf", 1);
#endif
	read_config("/etc/ssl/svc/svc.pem", 0);
#ifndef SVC_V11
	read_config("/usr/share/svc/banner.txt", 0);
#endif
	scratch();
	write_pidfile(pidfile, sizeof(pidfile));
	sigaction(SIGTERM, &sa, NULL);
	for (i = 0; i < nports; i++) {
		pfd[i].fd = listen_on(ports[i]);
		pfd[i].events = POLLIN;
	}
	len = snprintf(reply, sizeof(reply), "svc %s\n", svc_version());
	while (!stop) {
		if (poll(pfd, nports, -1) < 0)
			continue;
		for (i = 0; i < nports; i++) {
			int c;

			if (!(pfd[i].revents & POLLIN))
				continue;
			c = accept4(pfd[i].fd, NULL, NULL, SOCK_CLOEXEC);
			if (c < 0)
				continue;
			if (write(c, reply, len) != len)
				fprintf(stderr, "svcd: short reply\n");
			close(c);
		}
	}
	unlink(pidfile);
	return 0;
}
