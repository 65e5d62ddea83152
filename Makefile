# phtrack top-level Makefile.  `make help` lists the targets.
KERNELS ?= $(shell grep -v '^\#' tools/kernels.conf)
# The kernel `make module` builds for: KDIR=, else the running kernel when
# its headers are installed, else the first pinned kernel.
KVER ?= $(if $(wildcard /lib/modules/$(shell uname -r)/build),$(shell uname -r),$(firstword $(KERNELS)))
DEMO_KVER ?= $(lastword $(KERNELS))
CMAKE_FLAGS ?=

.PHONY: all help deps kernels module modules userspace userspace-asan unit \
	vmtest check demo bench bench-boot bench-who bench-editpolicy tui lint clean

all: module userspace

help:
	@echo "make            build the module (KDIR= or running kernel) and userspace"
	@echo "make check      install deps, run unit tests and VM scenarios on all kernels"
	@echo "make demo       boot a VM with the module and show what phtrack sees"
	@echo "make modules    build phtrack.ko for every kernel in tools/kernels.conf"
	@echo "make unit       unit tests under ASan/UBSan"
	@echo "make vmtest     VM scenarios only (KERNELS=... SCENARIOS=... to narrow)"
	@echo "make bench      measure phtrack against no module and TOMOYO (VM)"
	@echo "make bench-boot the real-boot row alone: Debian bed, none/phtrack/TOMOYO (VM)"
	@echo "make bench-who  time ph who on a 10-million-row store (host)"
	@echo "make bench-editpolicy  ph-editpolicy on a 10,000-domain store (host)"
	@echo "make tui        ph-editpolicy's terminal test in tmux (host;"
	@echo "                UPDATE_GOLDEN=1 rewrites its golden screens)"
	@echo "make lint       checkpatch --strict and clang-format checks"

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

bench-who:
	@tools/bench-who.sh

bench-editpolicy:
	@tools/bench-editpolicy.sh

tui: userspace
	@tests/editpolicy/tui.sh

lint:
	@tools/lint.sh

clean:
	rm -rf build
