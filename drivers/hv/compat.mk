# SPDX-License-Identifier: GPL-2.0
#
# Detection of older kernel interfaces in the headers we build against,
# included by every directory's Makefile of the driver set: sets hv-cflags
# (include/linux/hyperv/compat.h says what each HV_COMPAT_* changes).

# Out of tree our headers live in the project's include/; in a kernel tree
# they are part of the kernel's include/ and HV_SRCROOT is unset.
hv-cflags := $(if $(HV_SRCROOT),-I$(HV_SRCROOT)/include)

comma := ,
hv-has = $(shell grep -qsF '$($(2))' $(srctree)/$(1) && echo y)
hv-old-import := MODULE_INFO(import_ns$(comma) __stringify(ns))
hv-old-match := (*match)(struct device *dev$(comma) struct device_driver *drv)
hv-old-uevent := (*uevent)(struct device *dev$(comma)
hv-old-nsdef := __stringify(DEFAULT_SYMBOL_NAMESPACE)
hv-old-busreg := bus_register(struct bus_type *bus)
hv-cflags += $(if $(call hv-has,include/linux/module.h,hv-old-import),-DHV_COMPAT_IMPORT_NS_TOKEN)
hv-cflags += $(if $(call hv-has,include/linux/device/bus.h,hv-old-busreg),-DHV_COMPAT_BUS_REGISTER_NONCONST)
hv-cflags += $(if $(call hv-has,include/linux/device/bus.h,hv-old-match),-DHV_COMPAT_BUS_MATCH_NONCONST)
hv-cflags += $(if $(call hv-has,include/linux/device/bus.h,hv-old-uevent),-DHV_COMPAT_BUS_UEVENT_NONCONST)
hv-old-getreg := u64 hv_get_register(unsigned int reg)
hv-cflags += $(if $(call hv-has,arch/x86/include/asm/mshyperv.h,hv-old-getreg),-DHV_COMPAT_HV_GET_REGISTER)
hv-old-scsi-timeout := enum blk_eh_timer_return (*eh_timed_out)
hv-old-scsi-alloc := scsi_host_alloc(struct scsi_host_template
hv-cflags += $(if $(call hv-has,include/scsi/scsi_host.h,hv-old-scsi-timeout),-DHV_COMPAT_SCSI_BLK_EH_TIMER)
hv-cflags += $(if $(call hv-has,include/scsi/scsi_host.h,hv-old-scsi-alloc),-DHV_COMPAT_SCSI_TEMPLATE_NONCONST)
hv-new-rxfh := struct ethtool_rxfh_param {
hv-cflags += $(if $(call hv-has,include/linux/ethtool.h,hv-new-rxfh),,-DHV_COMPAT_ETHTOOL_RXFH_ARGS)
hv-cflags += $(if $(wildcard $(srctree)/include/net/page_pool/helpers.h),,-DHV_COMPAT_PAGE_POOL_H)
