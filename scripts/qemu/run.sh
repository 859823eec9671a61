#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel in QEMU (TCG, no KVM needed) with our modules and run system
# tests in the guest.
#
#   scripts/qemu/run.sh --preset debug|distro|peer|bench [options] [TEST...]
#   scripts/qemu/run.sh --kernel IMG --modules DIR [options] [TEST...]
#
# --preset debug    the cached debug kernel; modules built against it
# --preset distro   Debian's /boot/vmlinuz-6.12.*; modules built against
#                   linux-headers-6.12; Debian's own hv modules included
# --preset peer     the debug kernel with our modules and, in /peer, Linux's
#                   own Hyper-V modules and hvshim (scripts/build-peer.sh);
#                   the VMBus described in ACPI; tests from tests/peer/
# --preset bench    as peer, on the perf kernel (the debug kernel without
#                   its debugging options); benchmarks from tests/bench/
# --tests GLOB      tests/system/GLOB.sh instead of all (e.g. '00-*')
# --append ARGS     extra kernel command line
# --smp N / --mem SIZE / --timeout SECONDS (one boot; default 600 plus
#                   180 per test in it: in-guest hangs are caught per test)
# --name LABEL      label of the results (default: the preset or "qemu")
# --logdir DIR      where the console log goes (default $HVDRV_CACHE/logs/qemu)
# --results FILE    also append the result lines to FILE
# --verbose         show the console live
# TEST...           explicit test scripts (default: tests/system/*.sh)
#
# Prints "PASS|FAIL LABEL: <test>" per test plus "LABEL: kernel log clean"
# per boot; exits non-zero if any failed. Tests with a "# hvtest-ends-vm"
# line (power off, reboot, panic) run in a boot each, after the others;
# their results come from the console (scripts/qemu/check-log.sh).
# Tests with a "# hvtest-append: ARGS" line run in a boot each too, with
# ARGS added to the kernel command line (e.g. swiotlb=force).

set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=scripts/qemu/splats.sh
. "$(dirname "$0")/splats.sh"

# The emulated CPU: QEMU's default model without CMPXCHG16B and with
# RDRAND. Under TCG, Debian's kernel occasionally took a #DB or a double
# fault with a corrupt EFLAGS at SLUB's per-CPU cmpxchg16b; without CX16
# the kernel uses its own emulation of that instruction. RDRAND lets the
# kernel seed its RNG at boot, before the second CPU runs: otherwise the
# "crng init done" static-key patch lands mid-test, and a CPU in the
# patched function now and then hit the int3 of the patch (urandom_read_iter
# oops). Neither is a driver path; both are emulation faults.
QEMU_CPU=${HVDRV_QEMU_CPU:-qemu64,-cx16,+rdrand}

# Kernel release from a bzImage: the setup header holds, at 0x20e, the
# offset (minus 0x200) of the version string.
bzimage_kver() {
	local off
	off=$(od -An -tu2 -j $((0x20e)) -N2 "$1" | tr -d ' ')
	dd if="$1" bs=1 skip=$((off + 0x200)) count=128 status=none |
		tr '\0' '\n' | head -n1 | cut -d' ' -f1
}

# preset_debug [debug|perf]: the debug (or perf) kernel and our modules.
preset_debug() {
	local flavour=${1:-debug} kdir
	kdir=$("$HV_ROOT/scripts/build-debug-kernel.sh" "--$flavour")
	KERNEL=$kdir/arch/x86/boot/bzImage
	KVER=$(cat "$kdir/kernelrelease")
	BUILTIN=$kdir SYMVERS=$kdir/Module.symvers KIND=$flavour
	MODULES=${MODULES:-$HVDRV_CACHE/out/$flavour}
	[[ $PREBUILT == 1 ]] ||
		"$HV_ROOT/scripts/build-modules.sh" "$kdir" "$MODULES" >"$LOGDIR/$LABEL.modules.log" 2>&1 ||
		{ cat "$LOGDIR/$LABEL.modules.log" >&2; hv_die "module build failed"; }
}

preset_distro() {
	local kdir
	KVER=$(hv_debian_kver) || hv_die "no /boot/vmlinuz-6.12.* (scripts/setup.sh)"
	kdir=$(hv_kdir_612) || hv_die "no linux-headers-$KVER"
	KERNEL=/boot/vmlinuz-$KVER
	SYMVERS=$kdir/Module.symvers KIND=distro DISTRO_MODULES=1
	MODULES=${MODULES:-$HVDRV_CACHE/out/6.12}
	[[ $PREBUILT == 1 ]] ||
		"$HV_ROOT/scripts/build-modules.sh" "$kdir" "$MODULES" >"$LOGDIR/$LABEL.modules.log" 2>&1 ||
		{ cat "$LOGDIR/$LABEL.modules.log" >&2; hv_die "module build failed"; }
}

# The peer lane: the debug (or perf) kernel and its modules, plus the
# peer's.
preset_peer() {
	local flavour=${1:-debug} args=()
	preset_debug "$flavour"
	KIND=peer TESTDIR=${TESTDIR:-tests/peer}
	PEER=${PEER:-$HVDRV_CACHE/out/peer}
	if [[ $flavour == perf ]]; then
		KIND=bench TESTDIR=tests/bench PEER=$HVDRV_CACHE/out/peer-perf
		args=(--perf)
	fi
	[[ $PREBUILT == 1 ]] ||
		"$HV_ROOT/scripts/build-peer.sh" "${args[@]}" "$PEER" >"$LOGDIR/$LABEL.peer.log" 2>&1 ||
		{ cat "$LOGDIR/$LABEL.peer.log" >&2; hv_die "peer build failed"; }
	ACPI_TABLE=$PEER/vmbus-ssdt.aml
	[[ -r $ACPI_TABLE ]] || hv_die "no $ACPI_TABLE (scripts/build-peer.sh)"
}

# $TESTDIR/*.sh whose name matches GLOB (".sh" optional), in order.
select_tests() {
	local pat=$GLOB t
	[[ $pat == *.sh ]] || pat=$pat.sh
	if [[ ${#TESTS[@]} -eq 0 ]]; then
		for t in "$HV_ROOT/$TESTDIR"/*.sh; do
			# shellcheck disable=SC2254 # GLOB is a pattern on purpose
			case ${t##*/} in
			$pat) TESTS+=("$t") ;;
			esac
		done
	fi
	[[ ${#TESTS[@]} -gt 0 ]] || hv_die "no tests match '$GLOB'"
}

build_initramfs() {
	local args=(--kver "$KVER" --modules "$MODULES" --out "$INITRD" --kind "$KIND")
	[[ -n $BUILTIN ]] && args+=(--builtin "$BUILTIN")
	[[ -n $SYMVERS && -r $SYMVERS ]] && args+=(--symvers "$SYMVERS")
	[[ $DISTRO_MODULES == 1 ]] && args+=(--distro-modules)
	[[ -n $PEER ]] && args+=(--peer "$PEER")
	"$HV_ROOT/scripts/qemu/mkinitramfs.sh" "${args[@]}" -- "${BOOT_TESTS[@]}"
}

# The guest powered off on a kernel without ACPI power-off (the debug
# kernel): it halts, and QEMU would wait for ever. $1: the console log.
guest_halted() {
	grep -qE 'reboot: .*System halted' "$1" 2>/dev/null
}

# One boot that runs the tests after the first $1 of BOOT_TESTS; its
# console is appended to $LOG.
run_qemu() {
	local rc=0 cmdline part=$LOG.part pidfile=$HVDRV_CACHE/qemu/$BOOT.pid qpid
	local limit=${TIMEOUT:-$((600 + 180 * (${#BOOT_TESTS[@]} - $1)))}
	# nowatchdog and no RCU stall warnings: an emulated CPU starved by a
	# busy host (TCG, e.g. beside a kernel build) trips the soft-lockup and
	# RCU-stall detectors with false reports.  Real deadlocks are still
	# caught by lockdep and the hung-task detector.
	cmdline="console=ttyS0 panic=-1 printk.time=1 nowatchdog"
	cmdline+=" rcupdate.rcu_cpu_stall_suppress=1 hvtest.timeout=$TEST_TIMEOUT hvtest.skip=$1 $APPEND"
	hv_log "qemu: $BOOT: booting $KVER, $((${#BOOT_TESTS[@]} - $1)) test(s), log $LOG"
	rm -f "$pidfile" "$part"
	local acpi=()
	[[ -z $ACPI_TABLE ]] || acpi=(-acpitable "file=$ACPI_TABLE")
	# -nic none: with QEMU's default NIC the debug kernel stalls ~30 s in
	# ACPI.  stdin is /dev/null so -nographic never touches the terminal.
	# -cpu: see QEMU_CPU.
	timeout -k 10 "$limit" qemu-system-x86_64 -accel tcg -cpu "$QEMU_CPU" \
		-m "$MEM" -smp "$SMP" \
		-nographic -no-reboot -nic none -pidfile "$pidfile" \
		"${acpi[@]}" -kernel "$KERNEL" -initrd "$INITRD" -append "$cmdline" </dev/null |
		stdbuf -o0 tr -d '\r' >"$part" &
	qpid=$!
	[[ $VERBOSE == 0 ]] || tail -n +1 -f --pid="$qpid" "$part" 2>/dev/null &
	while kill -0 "$qpid" 2>/dev/null; do
		if guest_halted "$part" && [[ -s $pidfile ]]; then
			hv_log "qemu: $BOOT: the guest halted; stopping QEMU"
			kill "$(cat "$pidfile")" 2>/dev/null || true
			break
		fi
		sleep 1
	done
	wait "$qpid" || rc=$?
	guest_halted "$part" && rc=0
	cat "$part" >>"$LOG"
	[[ $rc == 0 ]] || hv_log "qemu: $BOOT: exit status $rc (124: timed out after ${limit}s)"
	return "$rc"
}

# The kernel splats on the console $1 before /init started (before
# "HVTEST BOOTED", when no module of ours can have run): faults of the
# emulation at boot, such as the int3 of a static-key patch that the
# other CPU ran after the patch was done (seen in sched_clock_cpu, Debian's
# kernel, not tainted).
boot_splats() {
	sed '/^HVTEST BOOTED /q' "$1" | splats_in
}

# Boot until every test of BOOT_TESTS ran.  A test that ends its boot on
# purpose through the kernel's orderly poweroff or reboot (the Hyper-V
# shutdown service, see scripts/qemu/init) leaves the rest of the list to
# a new boot; anything else ends the run.  A boot whose kernel faulted
# before /init ran is booted once more (boot_splats).  Returns the last
# QEMU status.
run_boots() {
	local started=0 retried=0 now rc splats
	: >"$LOG"
	while :; do
		rc=0
		run_qemu "$started" || rc=$?
		splats=$(boot_splats "$LOG.part")
		if [[ $retried == 0 && -n $splats ]]; then
			retried=1
			hv_log "qemu: $BOOT: the kernel faulted before /init ran; its console is $LOG.boot-fault; booting once more"
			head -n 3 <<<"$splats" >&2
			cp "$LOG.part" "$LOG.boot-fault"
			truncate -s -"$(stat -c %s "$LOG.part")" "$LOG"
			continue
		fi
		if [[ $rc != 0 ]] || ! grep -q '^HVTEST ORDERLY ' "$LOG.part"; then
			break
		fi
		now=$(grep -c '^HVTEST START ' "$LOG" || true)
		[[ $now -gt $started && $now -lt ${#BOOT_TESTS[@]} ]] || break
		started=$now
	done
	rm -f "$LOG.part"
	return "$rc"
}

# Tests with a "# hvtest-ends-vm" line end the VM: each gets a boot of
# its own, after one boot for all the others.
split_tests() {
	local t
	NORMAL=() ENDING=() OWNCMD=()
	for t in "${TESTS[@]}"; do
		if grep -q '^# *hvtest-ends-vm' "$t"; then
			ENDING+=("$t")
		elif grep -q '^# *hvtest-append:' "$t"; then
			OWNCMD+=("$t")
		else
			NORMAL+=("$t")
		fi
	done
}

# The kernel command line a test asks for ("# hvtest-append: ARGS").
test_append() {
	sed -n 's/^# *hvtest-append: *//p' "$1" | head -n 1
}

# One QEMU boot running BOOT_TESTS; judge its console. $1: check-log.sh
# mode option (empty, or --ends-vm).
boot() {
	local mode=$1 t names=() qrc=0 out rc=0
	INITRD=$HVDRV_CACHE/qemu/$BOOT.cpio.gz
	LOG=$LOGDIR/$BOOT.console.log
	build_initramfs
	run_boots || qrc=$?
	for t in "${BOOT_TESTS[@]}"; do
		names+=("$(basename "$t" .sh)")
	done
	out=$("$HV_ROOT/scripts/qemu/check-log.sh" ${mode:+"$mode"} --qemu-status "$qrc" \
		"$LOG" "$LABEL" "${names[@]}") || rc=$?
	printf '%s\n' "$out"
	[[ -z $RESULTS ]] || printf '%s\n' "$out" >>"$RESULTS"
	return "$rc"
}


main() {
	local preset=""
	KERNEL="" KVER="" MODULES="" BUILTIN="" SYMVERS="" KIND=custom DISTRO_MODULES=0
	GLOB='*' APPEND="" SMP=2 MEM=1G TIMEOUT="" TEST_TIMEOUT=600 LABEL="" VERBOSE=0
	PREBUILT=0 LOGDIR=$HVDRV_CACHE/logs/qemu TESTS=() RESULTS=""
	TESTDIR="" PEER="" ACPI_TABLE=""
	while [[ $# -gt 0 ]]; do
		case $1 in
		--preset) preset=$2; shift 2 ;;
		--kernel) KERNEL=$2; shift 2 ;;
		--kver) KVER=$2; shift 2 ;;
		--modules) MODULES=$2; shift 2 ;;
		--prebuilt) PREBUILT=1; shift ;;
		--builtin) BUILTIN=$2; shift 2 ;;
		--symvers) SYMVERS=$2; shift 2 ;;
		--distro-modules) DISTRO_MODULES=1; shift ;;
		--tests) GLOB=$2; shift 2 ;;
		--append) APPEND=$2; shift 2 ;;
		--smp) SMP=$2; shift 2 ;;
		--mem) MEM=$2; shift 2 ;;
		--timeout) TIMEOUT=$2; shift 2 ;;
		--test-timeout) TEST_TIMEOUT=$2; shift 2 ;;
		--name) LABEL=$2; shift 2 ;;
		--logdir) LOGDIR=$2; shift 2 ;;
		--results) RESULTS=$2; shift 2 ;;
		--verbose) VERBOSE=1; shift ;;
		--) shift; break ;;
		-*) hv_die "unknown option $1 (see the comment at the top of $0)" ;;
		*) break ;;
		esac
	done
	TESTS=("$@")
	LABEL=${LABEL:-${preset:-qemu}}
	mkdir -p "$LOGDIR" "$HVDRV_CACHE/qemu"
	case $preset in
	debug) preset_debug ;;
	distro) preset_distro ;;
	peer) preset_peer ;;
	bench) preset_peer perf ;;
	"") [[ -n $KERNEL && -d $MODULES ]] || hv_die "need --preset or --kernel and --modules" ;;
	*) hv_die "unknown preset $preset" ;;
	esac
	[[ -n $KVER ]] || KVER=$(bzimage_kver "$KERNEL")
	TESTDIR=${TESTDIR:-tests/system}
	select_tests
	split_tests
	local rc=0 t
	if [[ ${#NORMAL[@]} -gt 0 ]]; then
		BOOT=$LABEL BOOT_TESTS=("${NORMAL[@]}")
		boot "" || rc=1
	fi
	local base_append=$APPEND
	for t in "${OWNCMD[@]}"; do
		BOOT=$LABEL-$(basename "$t" .sh) BOOT_TESTS=("$t")
		APPEND="$base_append $(test_append "$t")"
		boot "" || rc=1
	done
	APPEND=$base_append
	for t in "${ENDING[@]}"; do
		BOOT=$LABEL-$(basename "$t" .sh) BOOT_TESTS=("$t")
		boot --ends-vm || rc=1
	done
	return "$rc"
}

main "$@"
