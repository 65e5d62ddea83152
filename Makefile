# phtrack top-level Makefile.  `make help` lists the targets.
KERNELS ?= $(shell grep -v '^\#' tools/kernels.conf)
# The kernel `make module` builds for: KDIR=, else the running kernel when
# its headers are installed, else the first pinned kernel.
KVER ?= $(if $(wildcard /lib/modules/$(shell uname -r)/build),$(shell uname -r),$(firstword $(KERNELS)))
DEMO_KVER ?= $(lastword $(KERNELS))
CMAKE_FLAGS ?=

.PHONY: all help deps kernels module modules userspace userspace-asan unit \
	vmtest check store-full tomoyo-interop upgrade-check demo bench bench-boot bench-audit bench-who \
	bench-store bench-editpolicy tui profile-dot bench-profile lint clean \
	install install-files uninstall dkms-src deb deb-check

# make install: where the files go (DESTDIR= stages them elsewhere).
# initramfs-tools reads hooks only from /usr/share/initramfs-tools and
# /etc/initramfs-tools, dracut modules only from /usr/lib/dracut: with
# PREFIX=/usr/local, set INITRAMFSDIR=/etc/initramfs-tools if wanted.
VERSION := 0.1.0
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
UNITDIR ?= $(PREFIX)/lib/systemd/system
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
INITRAMFSDIR ?= $(PREFIX)/share/initramfs-tools
DRACUTDIR ?= $(PREFIX)/lib/dracut/modules.d
USERSPACE_BUILD ?= build/userspace

all: module userspace

help:
	@echo "make            build the module (KDIR= or running kernel) and userspace"
	@echo "make check      install deps, run unit tests and VM scenarios on all kernels"
	@echo "make demo       boot a VM with the module and show what phtrack sees"
	@echo "make modules    build phtrack.ko for every kernel in tools/kernels.conf"
	@echo "make unit       unit tests under ASan/UBSan"
	@echo "make vmtest     VM scenarios only (KERNELS=... SCENARIOS=... to narrow)"
	@echo "make store-full the full-store acceptance run: Debian bed, both kernels (VM)"
	@echo "make tomoyo-interop policy files exchanged with TOMOYO 2.6 (Debian bed, VM)"
	@echo "make upgrade-check  a service profile across a dpkg upgrade: Debian bed, both kernels (VM)"
	@echo "make bench      measure phtrack against no module and TOMOYO (VM)"
	@echo "make bench-boot the real-boot row alone: Debian bed, none/phtrack/TOMOYO (VM)"
	@echo "make bench-audit watched accesses: phtrack against Linux audit (Debian bed, VM)"
	@echo "make bench-who  time ph who on a 10-million-row store (host)"
	@echo "make bench-store  the store's write path, rows/s by batch size (host)"
	@echo "make bench-editpolicy  ph-editpolicy on a 10,000-domain store (host)"
	@echo "make profile-dot  a profile as DOT drawn by Graphviz (host)"
	@echo "make bench-profile  profile export and diff on a real-boot store (host, <= 1 s)"
	@echo "make tui        ph-editpolicy's terminal test in tmux (host;"
	@echo "                UPDATE_GOLDEN=1 rewrites its golden screens)"
	@echo "make lint       checkpatch --strict and clang-format checks"
	@echo "make install    ph, phd, man pages, unit, completion, initramfs hook, dracut module"
	@echo "                and /etc/phtrack/ (DESTDIR=, PREFIX=/usr/local); make uninstall"
	@echo "make deb        phtrack and phtrack-dkms .debs in build/deb/, checked by lintian"
	@echo "make deb-check  the .debs on the Debian bed: apt install, DKMS, update-initramfs,"
	@echo "                boot from that initrd with phtrack=learning, =enforcing (the saved"
	@echo "                policy) and =off, purge (VM, about 17 minutes per kernel)"

deps:
	@tools/deps.sh all

kernels:
	@tools/fetch-kernels.sh

module:
	@tools/build-module.sh $(KVER)

modules:
	@for k in $(KERNELS); do tools/build-module.sh $$k || exit 1; done

userspace:
	@cmake -S userspace -B build/userspace -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DPH_TESTS=OFF $(CMAKE_FLAGS) >/dev/null
	@cmake --build build/userspace -j2

userspace-asan:
	@cmake -S userspace -B build/asan -DCMAKE_BUILD_TYPE=Debug -DPH_SANITIZE=ON \
		$(CMAKE_FLAGS) >/dev/null
	@cmake --build build/asan -j2

unit: userspace-asan
	@cd build/asan && ctest --output-on-failure

vmtest: modules userspace
	@tools/build-helpers.sh
	@tools/check.sh --vm-only

check:
	@tools/check.sh

demo:
	@tools/deps.sh all
	@tools/fetch-kernels.sh
	@tools/build-module.sh $(DEMO_KVER) >/dev/null
	@$(MAKE) -s userspace >/dev/null
	@tools/build-helpers.sh
	@tools/vm/run.sh -k $(DEMO_KVER) tests/vm/demo.sh

bench:
	@tools/bench.sh

bench-boot:
	@tools/bench-boot.sh

bench-audit:
	@tools/bench-audit.sh

bench-who:
	@tools/bench-who.sh

bench-store:
	@tools/bench-store.sh

bench-editpolicy:
	@tools/bench-editpolicy.sh

tui: userspace
	@tests/editpolicy/tui.sh

# ph profile export --format dot drawn by Graphviz (host); UPDATE_DOC=1
# refreshes docs/profile-example.png.
profile-dot: userspace
	@tests/profile/dot.sh

# ph profile export and diff on a real-boot store (host; the first run
# boots the Debian bed once to make the store): docs/performance.md.
bench-profile: modules userspace
	@tools/bench-profile.sh

lint:
	@tools/lint.sh

install: userspace
	@$(MAKE) -s install-files

# The files of the phtrack package, from an existing userspace build.
# Existing configuration files are kept.
install-files:
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(SYSCONFDIR)/phtrack \
		$(DESTDIR)$(INITRAMFSDIR)/hooks $(DESTDIR)$(INITRAMFSDIR)/scripts/init-top \
		$(DESTDIR)$(DRACUTDIR)/90phtrack
	install -m 755 $(USERSPACE_BUILD)/ph $(USERSPACE_BUILD)/phd $(USERSPACE_BUILD)/ph-editpolicy \
		$(DESTDIR)$(SBINDIR)/
	install -m 644 docs/man/ph.1 $(DESTDIR)$(MANDIR)/man1/ph.1
	install -m 644 docs/man/phd.8 docs/man/ph-editpolicy.8 $(DESTDIR)$(MANDIR)/man8/
	sed 's|/usr/sbin/phd|$(SBINDIR)/phd|' userspace/daemon/phd.service >$(DESTDIR)$(UNITDIR)/phd.service
	chmod 644 $(DESTDIR)$(UNITDIR)/phd.service
	install -m 644 packaging/bash-completion/ph $(DESTDIR)$(BASHCOMPDIR)/ph
	sed 's|/usr/sbin/ph|$(SBINDIR)/ph|' packaging/initramfs-tools/hooks/phtrack \
		>$(DESTDIR)$(INITRAMFSDIR)/hooks/phtrack
	chmod 755 $(DESTDIR)$(INITRAMFSDIR)/hooks/phtrack
	install -m 755 packaging/initramfs-tools/scripts/init-top/phtrack \
		$(DESTDIR)$(INITRAMFSDIR)/scripts/init-top/phtrack
	install -m 755 packaging/dracut/90phtrack/module-setup.sh \
		packaging/dracut/90phtrack/phtrack-load.sh $(DESTDIR)$(DRACUTDIR)/90phtrack/
	sed -i 's|/usr/sbin/ph$$|$(SBINDIR)/ph|' $(DESTDIR)$(DRACUTDIR)/90phtrack/module-setup.sh
	for f in packaging/etc/boot.conf packaging/etc/exception_policy.conf policy/patternize.conf; do \
		[ -e $(DESTDIR)$(SYSCONFDIR)/phtrack/$${f##*/} ] || \
			install -m 644 $$f $(DESTDIR)$(SYSCONFDIR)/phtrack/$${f##*/}; \
	done

# Removes what install-files put in place; a configuration file only when
# it is unchanged, and /etc/phtrack/ only when empty.  The store
# (/var/lib/phtrack/) is left alone.
uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/ph $(DESTDIR)$(SBINDIR)/phd $(DESTDIR)$(SBINDIR)/ph-editpolicy \
		$(DESTDIR)$(MANDIR)/man1/ph.1 $(DESTDIR)$(MANDIR)/man8/phd.8 \
		$(DESTDIR)$(MANDIR)/man8/ph-editpolicy.8 \
		$(DESTDIR)$(UNITDIR)/phd.service $(DESTDIR)$(BASHCOMPDIR)/ph \
		$(DESTDIR)$(INITRAMFSDIR)/hooks/phtrack $(DESTDIR)$(INITRAMFSDIR)/scripts/init-top/phtrack \
		$(DESTDIR)$(DRACUTDIR)/90phtrack/module-setup.sh $(DESTDIR)$(DRACUTDIR)/90phtrack/phtrack-load.sh
	-rmdir $(DESTDIR)$(DRACUTDIR)/90phtrack 2>/dev/null
	for f in packaging/etc/boot.conf packaging/etc/exception_policy.conf policy/patternize.conf; do \
		! cmp -s $$f $(DESTDIR)$(SYSCONFDIR)/phtrack/$${f##*/} || \
			rm -f $(DESTDIR)$(SYSCONFDIR)/phtrack/$${f##*/}; \
	done
	-rmdir $(DESTDIR)$(SYSCONFDIR)/phtrack 2>/dev/null

# The module's self-contained source tree for DKMS, in DKMS_SRC: kernel/
# without the selftest, the shared policy/ code in its policy/ folder (as
# tools/build-module.sh copies it), and dkms.conf.
DKMS_SRC ?= build/dkms/phtrack-$(VERSION)
dkms-src:
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)/policy $(DKMS_SRC)/uapi/linux
	install -m 644 kernel/*.c kernel/*.h kernel/Kbuild kernel/Makefile $(DKMS_SRC)/
	install -m 644 kernel/uapi/linux/* $(DKMS_SRC)/uapi/linux/
	install -m 644 policy/*.c policy/*.h $(DKMS_SRC)/policy/
	sed 's/#MODULE_VERSION#/$(VERSION)/' packaging/dkms.conf >$(DKMS_SRC)/dkms.conf

deb:
	@tools/deb.sh

# Builds what the VM runs need first (a fresh clone has none of it).
deb-check: deb
	@tools/deps.sh vm
	@$(MAKE) -s modules userspace
	@tools/build-helpers.sh
	@tools/deb-check.sh

# The full-store acceptance run (issue 18): longer than make check's budget
# for a scenario (the Debian bed's boot alone takes over a minute).
store-full: modules userspace
	@tools/build-helpers.sh
	@set -e; for k in $(KERNELS); do tools/vm/run.sh -k $$k tests/vm/acceptance/store_full.sh; done

# Policy files exchanged with TOMOYO 2.6 itself (issue 19): about 110 to
# 145 s per kernel, most of it the Debian bed's boot and workload.
tomoyo-interop: modules userspace
	@tools/build-helpers.sh
	@set -e; for k in $(KERNELS); do tools/vm/run.sh -k $$k tests/vm/acceptance/tomoyo_interop.sh; done

# The upgrade acceptance run (issue 21): a service's profile across a
# dpkg -i upgrade, on the Debian bed; a bed boot of its own per kernel.
upgrade-check: modules userspace
	@tools/build-helpers.sh
	@set -e; for k in $(KERNELS); do tools/vm/run.sh -k $$k tests/vm/acceptance/upgrade.sh; done

clean:
	rm -rf build
