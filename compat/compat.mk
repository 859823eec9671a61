# SPDX-License-Identifier: GPL-2.0
#
# The out-of-tree overlay's make side (Documentation/building.rst, "The
# in-tree form and the overlay"). The sources are written against the
# current kernel API; this file finds, in the headers of the kernel we
# build against, each older interface that Debian 12's 6.1 or 6.12 still
# has, and sets one HV_COMPAT_* for it. compat/hv_compat.h, forced into
# every file, and the header wrappers in compat/include/ map the current
# spellings onto those interfaces; compat/<kernel>/ holds the definitions
# that must differ (see hv-compat-subst below). Included by the top-level
# Kbuild and by each directory's Kbuild; a kernel tree has none of this
# (scripts/intree.sh leaves it out).

# This file's directory, and the tree's root above it (found from here,
# so that every make of the tree, "make clean" too, finds them).
hv-compat := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
hv-root := $(abspath $(hv-compat)/..)

comma := ,
hv-has = $(shell grep -qsF '$($(2))' $(srctree)/$(1) && echo y)

# MODULE_IMPORT_NS() took a bare name before 6.13 (stringified it).
hv-old-import := MODULE_INFO(import_ns$(comma) __stringify(ns))
# DEFAULT_SYMBOL_NAMESPACE was a bare name before 6.4 (6.12 takes the
# string already).
hv-old-nsdef := __stringify(DEFAULT_SYMBOL_NAMESPACE)
# bus_register() took, and wrote into, a non-const struct bus_type; its
# match() took a non-const driver, uevent() and bus attributes' show()
# a non-const device and bus.
hv-old-busreg := bus_register(struct bus_type *bus)
hv-old-match := (*match)(struct device *dev$(comma) struct device_driver *drv)
hv-old-uevent := (*uevent)(struct device *dev$(comma)
# Synthetic registers through hv_get_register(), not hv_get_msr() (6.9).
hv-old-getreg := u64 hv_get_register(unsigned int reg)
# eh_timed_out() returned enum blk_eh_timer_return (6.2); scsi_host_alloc()
# took, and the midlayer wrote into, a non-const template (6.4).
hv-old-scsi-timeout := enum blk_eh_timer_return (*eh_timed_out)
hv-old-scsi-alloc := scsi_host_alloc(struct scsi_host_template
# ethtool's get_rxfh()/set_rxfh() took separate arguments (6.8).
hv-new-rxfh := struct ethtool_rxfh_param {

hv-compat-flags :=
hv-compat-flags += $(if $(call hv-has,include/linux/module.h,hv-old-import),-DHV_COMPAT_IMPORT_NS_TOKEN)
hv-compat-flags += $(if $(call hv-has,include/linux/export.h,hv-old-nsdef),-DHV_COMPAT_NSDEF_TOKEN)
hv-compat-flags += $(if $(call hv-has,include/linux/device/bus.h,hv-old-busreg),-DHV_COMPAT_BUS_NONCONST)
hv-compat-flags += $(if $(call hv-has,include/linux/device/bus.h,hv-old-match),-DHV_COMPAT_BUS_MATCH_NONCONST)
hv-compat-flags += $(if $(call hv-has,include/linux/device/bus.h,hv-old-uevent),-DHV_COMPAT_BUS_UEVENT_NONCONST)
hv-compat-flags += $(if $(call hv-has,arch/x86/include/asm/mshyperv.h,hv-old-getreg),-DHV_COMPAT_HV_GET_REGISTER)
hv-compat-flags += $(if $(call hv-has,include/scsi/scsi_host.h,hv-old-scsi-timeout),-DHV_COMPAT_SCSI_BLK_EH_TIMER)
hv-compat-flags += $(if $(call hv-has,include/scsi/scsi_host.h,hv-old-scsi-alloc),-DHV_COMPAT_SCSI_TEMPLATE_NONCONST)
hv-compat-flags += $(if $(call hv-has,include/linux/ethtool.h,hv-new-rxfh),,-DHV_COMPAT_ETHTOOL_RXFH_ARGS)
# Headers that moved: <net/page_pool/helpers.h> (6.6), <linux/unaligned.h>
# (6.12; <asm/unaligned.h> before).
hv-compat-flags += $(if $(wildcard $(srctree)/include/net/page_pool/helpers.h),,-DHV_COMPAT_PAGE_POOL_H)
hv-compat-flags += $(if $(wildcard $(srctree)/include/linux/unaligned.h),,-DHV_COMPAT_ASM_UNALIGNED)

# What every file of the out-of-tree build gets: our include/ (in a
# kernel tree it is the kernel's), the forced header and the flags.
hv-cflags := -I$(hv-root)/include -include $(hv-compat)/hv_compat.h $(hv-compat-flags)
# The header wrappers (each includes the kernel's header of the same name,
# then adjusts it) must come before the kernel's include directories.
hv-nostdinc := -I$(hv-compat)/include

# Definitions that an older kernel needs different, where a macro cannot
# do it: an object the sources declare const that the kernel writes into
# (bus_register() sets bus->p before 6.3; the SCSI midlayer counts hosts
# in the template before 6.4). Each sits alone in a small file of the
# sources, and compat/6.1/ has Debian 12's 6.1 version of that file at
# the same path, used when bus_register() takes a non-const bus (the
# files are written for 6.1's interfaces, not for 6.3 to 6.10). A
# directory's Kbuild, after including its Makefile, calls
#   $(call hv-compat-subst,<module>-y,<directory in the tree>)
# which swaps those objects. The files that use such an object see its
# const declaration, which 6.1's functions take non-const:
# hv-compat-noqual is for them.
hv-compat-kernel := $(if $(filter -DHV_COMPAT_BUS_NONCONST,$(hv-compat-flags)),6.1)
hv-compat-dir = $(hv-compat)/$(hv-compat-kernel)/$(1)
hv-compat-objs = $(if $(hv-compat-kernel),\
	$(patsubst $(call hv-compat-dir,$(1))/%.c,%.o,$(wildcard $(call hv-compat-dir,$(1))/*.c)))
hv-space := $(subst ,, )
hv-compat-up = $(subst $(hv-space),,$(patsubst %,../,$(subst /, ,$(1))))
hv-compat-subst = $(foreach o,$(call hv-compat-objs,$(2)),$(eval $(1) := $(patsubst \
	$(o),$(call hv-compat-up,$(2))compat/$(hv-compat-kernel)/$(2)/$(o),$($(1)))))
hv-compat-noqual := $(if $(hv-compat-kernel),-Wno-discarded-qualifiers)
