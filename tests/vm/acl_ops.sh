# Scenario: one test per recorded operation.  Each runs as a fresh domain
# ("<shell domain> /tmp/ops/NAME", a copy of the phx helper making exactly
# the system calls of one access) and the exact TOMOYO-notation line is
# asserted among that domain's learned entries.
. /lib/phtrack/testlib.sh
PHX=/usr/libexec/phtrack/phx
ph_load
mkdir -p /tmp/ops /tmp/o /tmp/o/rdir /tmp/o/root /tmp/o/mnt /tmp/o/newroot
echo data >/tmp/o/f
echo x >/tmp/o/del
echo x >/tmp/o/r1
D0=$(ph domain-of $$ | sed 's/ (reconstructed)$//')
pass=0

# t NAME EXPECTED-LINE OP ARGS...: run "phx do OP ARGS" as /tmp/ops/NAME
t() {
	name=$1; want=$2; shift 2
	cp $PHX /tmp/ops/$name
	/tmp/ops/$name do "$@" || fail "$name: phx do $* failed"
	ph acl "$D0 /tmp/ops/$name" >/tmp/ops/$name.acl || fail "$name: ph acl"
	if ! grep -qxF -e "$want" /tmp/ops/$name.acl; then
		cat /tmp/ops/$name.acl
		fail "$name: no line '$want'"
	fi
	echo "ok: $want"
	pass=$((pass + 1))
}

t read "file read /tmp/o/f" read /tmp/o/f
t write "file write /tmp/o/f" write /tmp/o/f
t append "file append /tmp/o/f" append /tmp/o/f
t create "file create /tmp/o/new 0640" create /tmp/o/new 0640
t unlink "file unlink /tmp/o/del" unlink /tmp/o/del
t mkdir "file mkdir /tmp/o/dir/ 0750" mkdir /tmp/o/dir 0750
t rmdir "file rmdir /tmp/o/rdir/" rmdir /tmp/o/rdir
t mkfifo "file mkfifo /tmp/o/fifo 0600" mkfifo /tmp/o/fifo 0600
t mksock "file mksock /tmp/o/sock 0600" mksock /tmp/o/sock 0600
t mkchar "file mkchar /tmp/o/null 0666 1 3" mkchar /tmp/o/null 0666 1 3
t mkblock "file mkblock /tmp/o/loop 0660 7 0" mkblock /tmp/o/loop 0660 7 0
t truncate "file truncate /tmp/o/f" truncate /tmp/o/f
t symlink "file symlink /tmp/o/sl" symlink /tmp/o/f /tmp/o/sl
t rename "file rename /tmp/o/r1 /tmp/o/r2" rename /tmp/o/r1 /tmp/o/r2
t link "file link /tmp/o/f /tmp/o/hl" link /tmp/o/f /tmp/o/hl
t chmod "file chmod /tmp/o/f 0600" chmod /tmp/o/f 0600
t chown "file chown /tmp/o/f 1000" chown /tmp/o/f 1000
t chgrp "file chgrp /tmp/o/f 100" chgrp /tmp/o/f 100
t ioctl "file ioctl /dev/null 0x5401" ioctl /dev/null 0x5401
t getattr "file getattr /etc/passwd" getattr /etc/passwd
t chroot "file chroot /tmp/o/root/" chroot /tmp/o/root
t mount "file mount none /tmp/o/mnt/ tmpfs 0x0" mount none /tmp/o/mnt tmpfs
t unmount "file unmount /tmp/o/mnt/" unmount /tmp/o/mnt
t pivot_root "file pivot_root /tmp/o/newroot/ /tmp/o/newroot/old/" \
	pivot_root /tmp/o/newroot /tmp/o/newroot/old
t proc "file read proc:/self/status" read /proc/self/status
t devpts "file read devpts:/ptmx" read /dev/pts/ptmx
# A pipe is named by its inode number, new for every pipe: the module
# learns every pipe as the one pattern entry (ph_name_generalize()).
cp $PHX /tmp/ops/pipe
echo x | /tmp/ops/pipe do getattr /proc/self/fd/0 || fail "pipe: getattr of a pipe"
echo y | /tmp/ops/pipe do getattr /proc/self/fd/0 || fail "pipe: getattr of another pipe"
ph acl "$D0 /tmp/ops/pipe" >/tmp/ops/pipe.acl || fail "pipe: ph acl"
cat /tmp/ops/pipe.acl
grep -qxF 'file getattr pipe:[\$]' /tmp/ops/pipe.acl || fail "pipe: no 'file getattr pipe:[\$]'"
grep -q 'pipe:\[[0-9]' /tmp/ops/pipe.acl && fail "pipe: a pipe's own name was learned"
pass=$((pass + 1))
t dir "file read /tmp/o/" read /tmp/o
t inet4 "network inet stream bind/listen/connect/accept 127.0.0.1 8080" inet stream 127.0.0.1 8080
t inet6 "network inet stream bind/listen/connect/accept ::1 8081" inet stream ::1 8081
t udp4 "network inet dgram bind/send/recv 127.0.0.1 5353" inet dgram 127.0.0.1 5353
t udp6 "network inet dgram bind/send/recv ::1 5354" inet dgram ::1 5354
t connect "network inet stream connect 127.0.0.1 9" inet-connect stream 127.0.0.1 9
t send "network inet dgram send 127.0.0.2 53" inet-send 127.0.0.2 53
t raw "network inet raw send 127.0.0.1 1" raw-send 127.0.0.1 1
t unixstream "network unix stream bind/listen/connect/accept /tmp/o/us" unix stream /tmp/o/us
t unixsock "file mksock /tmp/o/us2 0777" unix stream /tmp/o/us2
t unixdgram "network unix dgram bind/send/recv /tmp/o/ud" unix dgram /tmp/o/ud
t unixseq "network unix seqpacket bind/listen/connect/accept \\000phtrack-test" \
	unix seqpacket @phtrack-test
t unixsend "network unix dgram send /tmp/o/nobody-listens" unix-send /tmp/o/nobody-listens
t capability "capability sys_admin" sethostname phvm
PH_TEST_VAR=1 t env "misc env PH_TEST_VAR" getattr /
ph acl "$D0" >/tmp/ops/parent.acl
# Merged with other bits on the same object, e.g. "file execute/read ...".
grep -qx 'file \([a-z]*/\)*execute\(/[a-z]*\)* /tmp/ops/read' /tmp/ops/parent.acl ||
	fail "execute not recorded in the parent domain"
echo "ok: file execute /tmp/ops/read (in the parent domain)"
pass=$((pass + 1))

note "merging: one entry per object"
grep -c '/tmp/o/f$' /tmp/ops/read.acl | grep -qx 1 || fail "read entry not unique"
ph acl --all >/tmp/ops/all
grep -q "^use_profile 1$" /tmp/ops/all || fail "acl --all lacks use_profile"
echo "$pass operation tests passed"
ph_unload
echo "acl_ops ok"
