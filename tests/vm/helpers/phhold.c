// SPDX-License-Identifier: GPL-2.0
/*
 * phhold: keep a task inside a system call, after phtrack's hook queued its
 * deferred work and before it returns to userspace (issue 17):
 *
 *   phhold getdents DIR READY   read DIR's entries into a page that a
 *                               userfaultfd never fills: the call blocks in
 *                               its page fault, holding DIR's inode lock
 *                               (shared), until the process is killed;
 *                               READY is created just before the call
 *   phhold move SRC DST         mount(SRC, DST, MS_MOVE): phtrack's sb_mount
 *                               hook queues its topology work, then the
 *                               move waits for DST's inode lock
 *
 * Exit status 1 on any failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fail(const char *what)
{
	fprintf(stderr, "phhold: %s: %s\n", what, strerror(errno));
	return 1;
}

static int hold_getdents(const char *dir, const char *ready)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	long page = sysconf(_SC_PAGESIZE);
	int uffd, fd, rfd;
	void *buf;

	uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
	if (uffd < 0)
		return fail("userfaultfd");
	if (ioctl(uffd, UFFDIO_API, &api))
		return fail("UFFDIO_API");
	buf = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return fail("mmap");
	reg.range.start = (unsigned long)buf;
	reg.range.len = page;
	if (ioctl(uffd, UFFDIO_REGISTER, &reg))
		return fail("UFFDIO_REGISTER");
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return fail(dir);
	rfd = open(ready, O_WRONLY | O_CREAT, 0644);
	if (rfd < 0)
		return fail(ready);
	close(rfd);
	/* Blocks in the fault on buf, which nobody resolves. */
	syscall(SYS_getdents64, fd, buf, page);
	return fail("getdents64 returned");
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "getdents"))
		return hold_getdents(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "move")) {
		if (mount(argv[2], argv[3], NULL, MS_MOVE, NULL))
			return fail("mount MS_MOVE");
		return 0;
	}
	fprintf(stderr, "usage: phhold getdents DIR READY | phhold move SRC DST\n");
	return 2;
}
