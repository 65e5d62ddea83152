// SPDX-License-Identifier: GPL-2.0
/*
 * phx "do" operations: each makes exactly the system calls of one access,
 * so a VM scenario can assert the one entry it produces.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "phx.h"

static int fail(const char *what)
{
	fprintf(stderr, "phx do %s: %s\n", what, strerror(errno));
	return 1;
}

static long num(const char *s)
{
	return strtol(s, NULL, 0);
}

/* unix address: "@name" is abstract. */
static socklen_t unix_addr(struct sockaddr_un *sun, const char *name)
{
	size_t len = strlen(name);

	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (name[0] == '@') {
		memcpy(sun->sun_path + 1, name + 1, len - 1);
		return offsetof(struct sockaddr_un, sun_path) + len;
	}
	memcpy(sun->sun_path, name, len);
	return offsetof(struct sockaddr_un, sun_path) + len + 1;
}

/* inet address "A.B.C.D" or IPv6 text, with a port. */
static socklen_t inet_addr_of(struct sockaddr_storage *ss, const char *addr, int port)
{
	memset(ss, 0, sizeof(*ss));
	if (strchr(addr, ':')) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		inet_pton(AF_INET6, addr, &s6->sin6_addr);
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	inet_pton(AF_INET, addr, &s4->sin_addr);
	return sizeof(*s4);
}

static int sock_type(const char *t)
{
	if (!strcmp(t, "stream"))
		return SOCK_STREAM;
	if (!strcmp(t, "dgram"))
		return SOCK_DGRAM;
	if (!strcmp(t, "seqpacket"))
		return SOCK_SEQPACKET;
	return SOCK_RAW;
}

/* inet TYPE ADDR PORT: bind, listen, accept one connection from a child. */
static int inet_server(const char *type, const char *addr, int port)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, addr, port);
	int fd = socket(ss.ss_family, sock_type(type), 0), c;
	pid_t child;

	if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len))
		return fail("bind");
	if (sock_type(type) == SOCK_DGRAM) {
		char b[8];

		child = fork();
		if (child == 0) {
			int s = socket(ss.ss_family, SOCK_DGRAM, 0);

			sendto(s, "x", 1, 0, (struct sockaddr *)&ss, len);
			_exit(0);
		}
		recv(fd, b, sizeof(b), 0);
		waitpid(child, NULL, 0);
		return 0;
	}
	if (listen(fd, 1))
		return fail("listen");
	child = fork();
	if (child == 0) {
		int s = socket(ss.ss_family, SOCK_STREAM, 0);

		_exit(connect(s, (struct sockaddr *)&ss, len) ? 1 : 0);
	}
	c = accept(fd, NULL, NULL);
	waitpid(child, NULL, 0);
	return c < 0 ? fail("accept") : 0;
}

static int unix_server(const char *type, const char *name)
{
	struct sockaddr_un sun;
	socklen_t len = unix_addr(&sun, name);
	int st = sock_type(type), fd = socket(AF_UNIX, st, 0), c;
	pid_t child;

	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, len))
		return fail("unix bind");
	if (st == SOCK_DGRAM) {
		char b[8];

		child = fork();
		if (child == 0) {
			int s = socket(AF_UNIX, SOCK_DGRAM, 0);

			sendto(s, "x", 1, 0, (struct sockaddr *)&sun, len);
			_exit(0);
		}
		recv(fd, b, sizeof(b), 0);
		waitpid(child, NULL, 0);
		return 0;
	}
	if (listen(fd, 1))
		return fail("unix listen");
	child = fork();
	if (child == 0) {
		int s = socket(AF_UNIX, st, 0);

		_exit(connect(s, (struct sockaddr *)&sun, len) ? 1 : 0);
	}
	c = accept(fd, NULL, NULL);
	waitpid(child, NULL, 0);
	return c < 0 ? fail("unix accept") : 0;
}

/* One connect: prints "denied" when the hooks refused it, else "allowed". */
static void connect_verdict(int family, int type, const struct sockaddr *sa, socklen_t len)
{
	int fd = socket(family, type, 0);
	int denied = fd >= 0 && connect(fd, sa, len) && errno == EPERM;

	printf("%s\n", denied ? "denied" : "allowed");
	if (fd >= 0)
		close(fd);
}

/* inet-connects TYPE ADDR PORT...: one connect per port, in this process. */
static int inet_connects(int argc, char **argv)
{
	int i;

	for (i = 2; i < argc; i++) {
		struct sockaddr_storage ss;
		socklen_t len = inet_addr_of(&ss, argv[1], num(argv[i]));

		connect_verdict(ss.ss_family, sock_type(argv[0]), (struct sockaddr *)&ss, len);
	}
	return 0;
}

/* unix-connects TYPE NAME...: one connect per name, in this process. */
static int unix_connects(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		struct sockaddr_un sun;
		socklen_t len = unix_addr(&sun, argv[i]);

		connect_verdict(AF_UNIX, sock_type(argv[0]), (struct sockaddr *)&sun, len);
	}
	return 0;
}

int phx_do(int argc, char **argv)
{
	const char *op = argv[0];
	int fd;

	umask(0);
	if (!strcmp(op, "read") && argc == 2)
		return open(argv[1], O_RDONLY) < 0 ? fail(op) : 0;
	if (!strcmp(op, "write") && argc == 2)
		return open(argv[1], O_WRONLY) < 0 ? fail(op) : 0;
	if (!strcmp(op, "append") && argc == 2)
		return open(argv[1], O_WRONLY | O_APPEND) < 0 ? fail(op) : 0;
	if (!strcmp(op, "create") && argc == 3)
		return open(argv[1], O_WRONLY | O_CREAT | O_EXCL, num(argv[2])) < 0 ? fail(op) : 0;
	if (!strcmp(op, "unlink") && argc == 2)
		return unlink(argv[1]) ? fail(op) : 0;
	if (!strcmp(op, "mkdir") && argc == 3)
		return mkdir(argv[1], num(argv[2])) ? fail(op) : 0;
	if (!strcmp(op, "rmdir") && argc == 2)
		return rmdir(argv[1]) ? fail(op) : 0;
	if (!strcmp(op, "mkfifo") && argc == 3)
		return mknod(argv[1], S_IFIFO | num(argv[2]), 0) ? fail(op) : 0;
	if (!strcmp(op, "mksock") && argc == 3)
		return mknod(argv[1], S_IFSOCK | num(argv[2]), 0) ? fail(op) : 0;
	if ((!strcmp(op, "mkchar") || !strcmp(op, "mkblock")) && argc == 5)
		return mknod(argv[1], (op[2] == 'c' ? S_IFCHR : S_IFBLK) | num(argv[2]),
			     makedev(num(argv[3]), num(argv[4]))) ? fail(op) : 0;
	if (!strcmp(op, "truncate") && argc == 2)
		return truncate(argv[1], 0) ? fail(op) : 0;
	if (!strcmp(op, "symlink") && argc == 3)
		return symlink(argv[1], argv[2]) ? fail(op) : 0;
	if (!strcmp(op, "rename") && argc == 3)
		return rename(argv[1], argv[2]) ? fail(op) : 0;
	if (!strcmp(op, "link") && argc == 3)
		return link(argv[1], argv[2]) ? fail(op) : 0;
	if (!strcmp(op, "chmod") && argc == 3)
		return chmod(argv[1], num(argv[2])) ? fail(op) : 0;
	if (!strcmp(op, "chown") && argc == 3)
		return chown(argv[1], num(argv[2]), -1) ? fail(op) : 0;
	if (!strcmp(op, "chgrp") && argc == 3)
		return chown(argv[1], -1, num(argv[2])) ? fail(op) : 0;
	if (!strcmp(op, "ioctl") && argc == 3) {
		int v = 0;

		fd = open(argv[1], O_RDONLY);
		if (fd < 0)
			return fail(op);
		ioctl(fd, num(argv[2]), &v);	/* the result does not matter */
		return 0;
	}
	if (!strcmp(op, "getattr") && argc == 2) {
		struct stat st;

		return stat(argv[1], &st) ? fail(op) : 0;
	}
	if (!strcmp(op, "chroot") && argc == 2)
		return chroot(argv[1]) ? fail(op) : 0;
	if (!strcmp(op, "mount") && argc == 4)
		return mount(argv[1], argv[2], argv[3], 0, NULL) ? fail(op) : 0;
	if (!strcmp(op, "unmount") && argc == 2)
		return umount(argv[1]) ? fail(op) : 0;
	if (!strcmp(op, "pivot_root") && argc == 3) {
		/* In a private mount namespace: NEW must be a mount point. */
		if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("none", argv[1], "tmpfs", 0, NULL) || mkdir(argv[2], 0755))
			return fail("pivot_root setup");
		/*
		 * Fails with EINVAL when the root is the initramfs, after the
		 * security hook ran: the access is recorded all the same.
		 */
		syscall(SYS_pivot_root, argv[1], argv[2]);
		return 0;
	}
	if (!strcmp(op, "inet") && argc == 4)
		return inet_server(argv[1], argv[2], num(argv[3]));
	if (!strcmp(op, "inet-connect") && argc == 4) {
		struct sockaddr_storage ss;
		socklen_t len = inet_addr_of(&ss, argv[2], num(argv[3]));

		fd = socket(ss.ss_family, sock_type(argv[1]), 0);
		connect(fd, (struct sockaddr *)&ss, len);	/* refused is fine */
		return 0;
	}
	if (!strcmp(op, "inet-send") && argc == 3) {
		struct sockaddr_storage ss;
		socklen_t len = inet_addr_of(&ss, argv[1], num(argv[2]));

		fd = socket(ss.ss_family, SOCK_DGRAM, 0);
		return sendto(fd, "x", 1, 0, (struct sockaddr *)&ss, len) < 0 ? fail(op) : 0;
	}
	if (!strcmp(op, "raw-send") && argc == 3) {
		struct sockaddr_storage ss;
		socklen_t len = inet_addr_of(&ss, argv[1], 0);

		fd = socket(AF_INET, SOCK_RAW, num(argv[2]));
		if (fd < 0)
			return fail(op);
		return sendto(fd, "\x08\0\0\0\0\0\0\0", 8, 0, (struct sockaddr *)&ss, len) < 0 ?
		       fail(op) : 0;
	}
	if (!strcmp(op, "inet-connects") && argc >= 4)
		return inet_connects(argc - 1, argv + 1);
	if (!strcmp(op, "unix-connects") && argc >= 3)
		return unix_connects(argc - 1, argv + 1);
	if (!strcmp(op, "unix") && argc == 3)
		return unix_server(argv[1], argv[2]);
	if (!strcmp(op, "unix-send") && argc == 2) {
		struct sockaddr_un sun;
		socklen_t len = unix_addr(&sun, argv[1]);

		fd = socket(AF_UNIX, SOCK_DGRAM, 0);
		sendto(fd, "x", 1, 0, (struct sockaddr *)&sun, len);
		return 0;
	}
	if (!strcmp(op, "sethostname") && argc == 2)
		return sethostname(argv[1], strlen(argv[1])) ? fail(op) : 0;
	if (!strcmp(op, "open-many") && argc == 3) {
		long i, n = num(argv[2]);

		for (i = 0; i < n; i++) {
			fd = open(argv[1], O_RDONLY);
			if (fd < 0)
				return fail(op);
			close(fd);
		}
		return 0;
	}
	if (!strcmp(op, "create-many") && argc == 3) {
		long i, n = num(argv[2]);
		char path[4096];

		for (i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/f%ld", argv[1], i);
			fd = open(path, O_WRONLY | O_CREAT, 0644);
			if (fd < 0)
				return fail(op);
			close(fd);
		}
		return 0;
	}
	errno = EINVAL;
	return fail(op);
}
