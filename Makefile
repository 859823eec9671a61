# SPDX-License-Identifier: GPL-2.0
#
# Wrapper around the kernel's out-of-tree module build.  Kbuild itself reads
# the top-level Kbuild file, never this Makefile.
#
#   make [KDIR=/lib/modules/<kver>/build]     build the modules
#   make install                               install to <kver>/updates/
#   make clean
#   make check                                 all static gates
#   make checkpatch|sparse|w1|kernel-doc|exports
#   make test                                  scripts/run-tests.sh
#   make demo                                  scripts/run-demo.sh

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
HV_CONFIG := CONFIG_HYPERV_VMBUS=m CONFIG_HYPERV_VMBUSSIM=m CONFIG_HYPERV_UTILS=m \
	CONFIG_HYPERV_STORAGE=m CONFIG_HYPERV_NET=m
KMAKE = $(MAKE) -C $(KDIR) M=$(CURDIR) $(HV_CONFIG)

GATES := checkpatch sparse w1 kernel-doc exports

.PHONY: all modules install clean check test demo $(GATES)

all: modules

modules:
	$(KMAKE) modules

install: modules
	$(KMAKE) INSTALL_MOD_DIR=updates modules_install
	depmod -a $(KVER)

clean:
	if [ -e $(KDIR)/Makefile ]; then $(KMAKE) clean; fi
	find . -path ./.git -prune -o \( -name '*.o' -o -name '*.ko' \
		-o -name '*.mod' -o -name '*.mod.c' -o -name '.*.cmd' \
		-o -name '*.a' -o -name Module.symvers -o -name modules.order \) \
		-type f -print0 | xargs -0r rm -f
	rm -rf build

$(GATES):
	scripts/gates.sh $@

check:
	scripts/gates.sh $(GATES)

test:
	scripts/run-tests.sh

demo:
	scripts/run-demo.sh
