#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The guest booted the kernel the harness built the initramfs for, and the
# module tree for that kernel is in place.

set -e
kver=$(uname -r)
echo "uname -r: $kver (expected $HVTEST_KVER)"
[ "$kver" = "$HVTEST_KVER" ]
[ -d "/lib/modules/$kver/updates" ]
[ -s "/lib/modules/$kver/modules.dep" ]
ls "/lib/modules/$kver/updates"
