# The file list of the package test (tests/vm/deb/): every path on the root
# file system but the volatile ones (logs, caches, apt's and systemd's own
# state, the journal), so that the lists before the install and after
# `apt purge` show what the packages leave behind.
filelist() {
	find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp \
		-o -path /var/tmp -o -path /var/log -o -path /var/cache -o -path /var/lib/apt \
		-o -path /var/lib/dpkg -o -path /var/lib/systemd -o -path /var/lib/initramfs-tools \
		-o -path /root -o -path /include -o -path /lost+found \) -prune -o -print | sort
}
