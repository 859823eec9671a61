# SPDX-License-Identifier: GPL-2.0
#
# Detection of older kernels' interfaces in the headers we build against,
# for every module of the set (include/linux/hyperv/compat.h says what
# each HV_COMPAT_* changes). Adds to hv-cflags.

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

