#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run our KUnit tests under UML with the kernel's kunit.py.
#
#   scripts/kunit.sh [--kunitconfig FILE] [--results FILE] [kunit.py args...]
#
# kunit.py needs the tests inside a kernel tree, so a copy of the extracted
# source (hard links, cheap) in $HVDRV_CACHE/uml/<key>/src gets our code
# merged in, as scripts/intree.sh makes it (the in-tree form: no
# out-of-tree overlay). The build dir beside it stays warm between runs,
# and the compiler goes through the ccache the debug kernel build uses.
#
# Default kunitconfig: drivers/hv/tests/.kunitconfig.  Every KUnit test
# case is one result: "PASS kunit: <suite>.<case>".  Exit non-zero if any
# case failed or kunit.py itself failed (build error, crash).

set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

# Bump when the graft below changes, to get a fresh copy of the tree.
GRAFT_VERSION=4

uml_dir() {
	printf '%s/uml/%s\n' "$HVDRV_CACHE" "$(hv_key "$(hv_src_version)" "graft-$GRAFT_VERSION")"
}

# Copy the pristine source once; hard links cost no space, and everything
# the graft changes is replaced (new inode), never edited in place.
make_tree() {
	local src=$1 tree=$2
	[[ -e $tree/.ok ]] && return 0
	hv_log "kunit: copying kernel tree to $tree"
	rm -rf "$tree"
	cp -al "$src" "$tree"
	touch "$tree/.ok"
}

# Our code goes in as the in-tree form (scripts/intree.sh): the tests run
# on what a kernel tree would build.
graft() {
	"$HV_ROOT/scripts/intree.sh" --kernel "$(hv_kernel_src)" "$1"
}

# The graft comes from one tree (this clone, a CI clone, a worktree); an
# object built from another can be newer than this tree's source and make
# would keep it. Our objects start afresh when the tree changes.
forget_other_tree() {
	local build=$1 mark=$1/.hv-tree
	[[ $(cat "$mark" 2>/dev/null) == "$HVDRV_TREE" ]] && return 0
	hv_log "kunit: sources now from $HVDRV_TREE; rebuilding our objects"
	rm -rf "$build/drivers/hv" "$build/drivers/net/hyperv" "$build"/drivers/scsi/hv_storvsc*
	mkdir -p "$build"
	printf '%s\n' "$HVDRV_TREE" >"$mark"
}

default_kunitconfig() {
	local f=$HVDRV_TREE/drivers/hv/tests/.kunitconfig
	if [[ -f $f ]]; then
		printf '%s\n' "$f"
	else
		f=$1/default.kunitconfig
		printf 'CONFIG_KUNIT=y\nCONFIG_HYPERV_VMBUS=y\nCONFIG_HYPERV_VMBUS_KUNIT_TEST=y\n' >"$f"
		printf '%s\n' "$f"
	fi
}

# One result line per test case, from kunit.py's KernelCI-style JSON.
json_results() {
	python3 - "$1" <<'PY'
import json, sys
def walk(node, prefix):
    name = node.get("name", "")
    for c in node.get("test_cases", []):
        status = {"PASS": "PASS", "SKIP": "SKIP"}.get(c.get("status"), "FAIL")
        print(f"{status} kunit: {prefix}{name}.{c['name']}" if prefix or name != "KUnit Test Group"
              else f"{status} kunit: {c['name']}")
    for g in node.get("sub_groups", []):
        walk(g, "" if name == "KUnit Test Group" else prefix + name + ".")
with open(sys.argv[1]) as f:
    walk(json.load(f), "")
PY
}

main() {
	local kunitconfig="" results="" dir src tree build json rc=0 out
	while [[ $# -gt 0 ]]; do
		case $1 in
		--kunitconfig) kunitconfig=$(realpath "$2"); shift 2 ;;
		--results) results=$2; shift 2 ;;
		*) break ;;
		esac
	done
	dir=$(uml_dir) tree=$(uml_dir)/src build=$(uml_dir)/build
	src=$(hv_kernel_src)
	mkdir -p "$dir" "$CCACHE_DIR"
	hv_lock "$dir"
	make_tree "$src" "$tree"
	graft "$tree"
	forget_other_tree "$build"
	[[ -n $kunitconfig ]] || kunitconfig=$(default_kunitconfig "$dir")
	json=$dir/results.json
	rm -f "$json"
	export CCACHE_BASEDIR=$HVDRV_CACHE
	# kunit.py changes into the tree: every path given to it is absolute.
	# --json=FILE, not --json FILE: kunit.py rewrites a bare --json to
	# --json=stdout, and FILE would become the filter_glob.
	(cd "$tree" && python3 tools/testing/kunit/kunit.py run --arch um \
		--build_dir "$build" --kunitconfig "$kunitconfig" \
		--jobs "$(hv_nproc)" --make_options "CC=ccache gcc" \
		--json="$json" "$@") || rc=$?
	out=""
	[[ -s $json ]] && out=$(json_results "$json")
	if [[ -z $out ]]; then
		out="FAIL kunit: no test results (build or boot failed, see above)"
	elif [[ $rc != 0 ]] && ! grep -q '^FAIL' <<<"$out"; then
		out+=$'\n'"FAIL kunit: kunit.py exit status $rc"
	fi
	printf '%s\n' "$out"
	[[ -z $results ]] || printf '%s\n' "$out" >>"$results"
	! grep -q '^FAIL' <<<"$out"
}

main "$@"
