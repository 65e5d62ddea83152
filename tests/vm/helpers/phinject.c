// SPDX-License-Identifier: GPL-2.0
/*
 * phinject.so: a stand-in for code injected into a running service, for the
 * enforcing test on the Debian bed (tests/vm/enforce/service.sh).  Loaded
 * into nginx with LD_PRELOAD (a systemd drop-in), it does nothing until the
 * process gets SIGURG, which nginx leaves alone.  Then it forks a child that
 * does what an attacker's payload would: read /etc/shadow (root only) and
 * exec a shell that would leave /run/phinject.ran behind.  In an enforcing
 * domain whose list has neither, phtrack refuses both (EPERM), and the
 * child exits without a trace but phtrack's violations.
 *
 * The child writes one line about each attempt to /dev/kmsg, through a
 * descriptor opened when the library is loaded (learned then), so the
 * test's console shows what the payload saw.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int kmsg = -1;

static void say(const char *what, int err)
{
	char line[160];
	int n;

	if (kmsg < 0)
		return;
	n = snprintf(line, sizeof(line), "phinject: pid %d uid %d: %s: %s\n", (int)getpid(),
		     (int)getuid(), what, err ? strerror(err) : "done");
	if (n > 0)
		(void)!write(kmsg, line, (size_t)n);
}

static void payload(int sig)
{
	int fd;

	(void)sig;
	if (fork() != 0)
		return;
	if (getuid() == 0) {
		fd = open("/etc/shadow", O_RDONLY);
		say("open /etc/shadow", fd < 0 ? errno : 0);
		if (fd >= 0)
			close(fd);
	}
	execl("/bin/sh", "sh", "-c", "echo ran >/run/phinject.ran", (char *)NULL);
	say("exec /bin/sh", errno);
	_exit(1);
}

__attribute__((constructor)) static void phinject_init(void)
{
	struct sigaction sa;

	kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = payload;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGURG, &sa, NULL);
}
