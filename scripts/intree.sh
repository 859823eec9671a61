#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The in-tree form of the driver set: the sources, Kconfig and Makefiles as
# they sit in a kernel tree, without the out-of-tree overlay.
#
#   scripts/intree.sh [--kernel KSRC] DEST
#
# DEST a copy of a kernel tree (files are replaced, never written through,
# so a hard-link farm of a kept tree is safe): our directories replace the
# kernel's drivers/hv/ and drivers/net/hyperv/, our storvsc replaces
# drivers/scsi/storvsc_drv.c, include/linux/hyperv/ is added, and the
# Kconfig and Makefile entries are wired in (see splice_*).
# DEST anything else (made if missing): the files such a merge adds or
# changes. The spliced files are always made from KSRC's (default: the
# extracted linux-source-6.12), so DEST may be merged into again.
#
# Left out: the overlay (compat/, each directory's Kbuild, the top-level
# Kbuild, Kconfig and Makefile) and the peer lane's hvshim (drivers/hv/peer,
# test code that stands in for a Hyper-V kernel). Directory trees are
# copied whole, so new files and subdirectories need no change here.

set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

# Our directories that replace the kernel's, and the directory whose
# Kconfig and Makefile are the kernel's own with our entries in them.
HV_INTREE_DIRS=(drivers/hv drivers/net/hyperv include/linux/hyperv)
HV_INTREE_SPLICED=drivers/scsi

usage() {
	hv_die "usage: $0 [--kernel KSRC] DEST"
}

is_kernel_tree() {
	[[ -f $1/Makefile && -f $1/Kconfig && -d $1/drivers && -d $1/arch ]]
}

# Copy one of our directory trees, without the overlay and artefacts
# (with --delete: and without anything else that was there). rsync
# replaces a file by renaming a new one over it, so hard links to a kept
# tree stay intact.
#
# Every file copied gets the current time: rsync would give it the
# source's, which can be older than an object built from another tree
# (a second worktree), and make would keep that object.
copy_dir() {
	local dir=$1 dest=$2 f
	shift 2
	# A symlink there (an older graft) is removed, never followed.
	[[ ! -L $dest/$dir ]] || rm -f "$dest/$dir"
	mkdir -p "$dest/$dir"
	rsync -a -c --out-format='%n' --exclude=Kbuild --exclude=/peer/ "$@" \
		--exclude='*.o' --exclude='*.ko' --exclude='*.mod' --exclude='*.mod.c' \
		--exclude='.*.cmd' --exclude='*.a' --exclude='*.order' \
		--exclude='*.symvers' --exclude='.*.d' \
		"$HVDRV_TREE/$dir/" "$dest/$dir/" |
		while IFS= read -r f; do
			[[ ! -f $dest/$dir/$f ]] || touch "$dest/$dir/$f"
		done
}

# Our fragment of a kernel file: the file without its SPDX line and the
# blank or bare "#" lines after it.
fragment() {
	awk 'NR == 1 && /^# SPDX-License-Identifier:/ { next }
		!body && /^#?$/ { next }
		{ body = 1; print }' "$HVDRV_TREE/$1"
}

# Write stdin to a file by renaming a new file over it (hard links), and
# only when the content changed (make sees no new timestamp otherwise).
replace_file() {
	local f=$1 tmp
	tmp=$(mktemp "$f.XXXXXX")
	cat >"$tmp"
	if cmp -s "$tmp" "$f"; then
		rm -f "$tmp"
	else
		chmod 644 "$tmp"
		mv -f "$tmp" "$f"
	fi
}

# drivers/scsi/Kconfig: the kernel's HYPERV_STORAGE entry becomes ours.
splice_scsi_kconfig() {
	local in=$1 out=$2 frag
	frag=$(fragment drivers/scsi/Kconfig)
	grep -q '^config HYPERV_STORAGE$' "$in" || hv_die "$in: no HYPERV_STORAGE entry"
	awk -v frag="$frag" '
		/^config HYPERV_STORAGE$/ { print frag; print ""; skip = 1; next }
		skip && /^(config|menuconfig|menu|endmenu|if|endif|source|comment|choice) / { skip = 0 }
		skip && /^(endmenu|endif)$/ { skip = 0 }
		!skip { print }
	' "$in" | replace_file "$out"
}

# drivers/scsi/Makefile: the kernel's hv_storvsc lines become ours.
splice_scsi_makefile() {
	local in=$1 out=$2 frag
	frag=$(fragment drivers/scsi/Makefile | grep -v '^#' | sed '/^$/d')
	# shellcheck disable=SC2016 # make syntax, not shell expansion
	grep -q '^obj-$(CONFIG_HYPERV_STORAGE)' "$in" || hv_die "$in: no hv_storvsc entry"
	awk -v frag="$frag" '
		/^obj-\$\(CONFIG_HYPERV_STORAGE\)/ { print frag; next }
		/^hv_storvsc-/ { next }
		{ print }
	' "$in" | replace_file "$out"
}

# drivers/Makefile: hv/ is reached through our bus's symbol. (The
# kernel's reaches it through CONFIG_HYPERV, the Hyper-V platform, which
# the kernel's drivers/hv/Kconfig defines and ours replaces: with it go
# every driver and platform part that depends on it.)
splice_drivers_makefile() {
	local in=$1 out=$2
	# shellcheck disable=SC2016 # make syntax, not shell expansion
	grep -q '^obj-$(subst m,y,$(CONFIG_HYPERV))[[:space:]]*+= hv/$' "$in" ||
		hv_die "$in: no hv/ entry"
	# shellcheck disable=SC2016 # make syntax, not shell expansion
	sed 's|^obj-$(subst m,y,$(CONFIG_HYPERV))\([[:space:]]*\)+= hv/$|obj-$(CONFIG_HYPERV_VMBUS)\1+= hv/|' \
		"$in" | replace_file "$out"
}

main() {
	local ksrc="" dest d
	while [[ $# -gt 0 ]]; do
		case $1 in
		--kernel) ksrc=$2; shift 2 ;;
		-*) usage ;;
		*) break ;;
		esac
	done
	[[ $# -eq 1 ]] || usage
	dest=$1
	mkdir -p "$dest"
	[[ -n $ksrc ]] || ksrc=$(hv_kernel_src)
	is_kernel_tree "$ksrc" || hv_die "$ksrc is not a kernel tree"
	[[ $(realpath "$ksrc") != $(realpath "$dest") ]] ||
		hv_die "$dest: merge into a copy of the kernel tree, not the tree itself"

	for d in "${HV_INTREE_DIRS[@]}"; do
		copy_dir "$d" "$dest" --delete
	done
	# Beside the kernel's other SCSI drivers, in place of its storvsc.
	copy_dir "$HV_INTREE_SPLICED" "$dest" --exclude=/Kconfig --exclude=/Makefile
	rm -f "$dest/drivers/scsi/storvsc_drv.c"
	mkdir -p "$dest/drivers/scsi"
	splice_scsi_kconfig "$ksrc/drivers/scsi/Kconfig" "$dest/drivers/scsi/Kconfig"
	splice_scsi_makefile "$ksrc/drivers/scsi/Makefile" "$dest/drivers/scsi/Makefile"
	splice_drivers_makefile "$ksrc/drivers/Makefile" "$dest/drivers/Makefile"
}

main "$@"
