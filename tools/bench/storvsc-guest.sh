#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of tools/bench/storvsc.sh (not a test: it asserts only that
# the runs happened). fio reads a RAM LUN of vmbussim's storvsp through
# hv_storvsc with one channel, then with two (subchannels=1), each with
# the host answering in the guest's signal (storvsc-Nch) and from its
# channel work on another CPU (storvsc-Nch-work), and the
# kernel's brd RAM disk of the same size: 4 KiB random reads at queue
# depth 1 and 32 (one job; and two jobs of 16, one per CPU), 1 MiB
# sequential reads. One line per run on the console:
#   BENCH <device> <job> iops=<n> kib_s=<n>
#
# hvtest-tools: fio
# hvtest-kmods: sd_mod brd

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib

# The size of storvsp's first RAM LUN (storvsp_lun_mb).
MB=64
SECS=${BENCH_SECS:-8}

# run DEV LABEL JOB FIO-ARGS...: one fio run, its result line.
run() {
	_dev=$1 _label=$2 _job=$3
	shift 3
	fio --name="$_job" --filename="$_dev" --direct=1 --ioengine=libaio \
		--time_based --runtime="$SECS" --ramp_time=1 --size="${MB}M" \
		--group_reporting --minimal "$@" >/tmp/bench.out 2>&1 ||
		{ cat /tmp/bench.out; fail "fio $_label $_job"; }
	# Terse format: field 7 read KiB/s, field 8 read IOPS.
	awk -F';' -v d="$_label" -v j="$_job" \
		'NF > 8 { printf "BENCH %s %s iops=%d kib_s=%d\n", d, j, $8, $7 }' \
		/tmp/bench.out
}

# all DEV LABEL: every job against DEV.
all() {
	# Fill it: brd allocates pages on first write, unwritten reads are free.
	dd if=/dev/urandom of="$1" bs=1M count="$MB" oflag=direct 2>/dev/null ||
		fail "fill $1"
	run "$1" "$2" rand4k-qd1 --rw=randread --bs=4k --iodepth=1
	run "$1" "$2" rand4k-qd32 --rw=randread --bs=4k --iodepth=32
	run "$1" "$2" rand4k-qd16x2 --rw=randread --bs=4k --iodepth=16 \
		--numjobs=2 --cpus_allowed=0-1 --cpus_allowed_policy=split --thread
	run "$1" "$2" seq1m-qd4 --rw=read --bs=1M --iodepth=4
}

# controller SUBCHANNELS: add a storvsp device (its RAM LUN 0:0 has MB
# MiB) with that many subchannels open, print its disk.
controller() {
	echo "$1" >/sys/module/hv_storvsc/parameters/subchannels ||
		fail "subchannels=$1"
	_c=$(stor_add) || fail "$_c"
	if [ "$1" -gt 0 ]; then
		wait_for 20 sh -c "awk '\$3 == \"$_c\" && \$4 == \"open\" && \$5 == \"sub=$1\"' $SIM/devices | grep -q ." ||
			fail "subchannel $1 not open"
	fi
	stor_wait_disk "$_c" 0:0
}

stor_modules
modprobe hv_storvsc
modprobe brd rd_nr=1 rd_size=$((MB * 1024)) || fail "brd"
echo "BENCH-INFO kernel=$(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo) mb=$MB secs=$SECS"
d1=$(controller 0) || fail "$d1"
all "/dev/$d1" storvsc-1ch
# The same with the host answering from its channel work, on another
# CPU, instead of in the guest's signal (vmbussim's storvsp_now=0).
echo 0 >/sys/module/vmbussim/parameters/storvsp_now || fail "storvsp_now=0"
all "/dev/$d1" storvsc-1ch-work
echo 1 >/sys/module/vmbussim/parameters/storvsp_now || fail "storvsp_now=1"
d2=$(controller 1) || fail "$d2"
all "/dev/$d2" storvsc-2ch
echo 0 >/sys/module/vmbussim/parameters/storvsp_now || fail "storvsp_now=0"
all "/dev/$d2" storvsc-2ch-work
echo 1 >/sys/module/vmbussim/parameters/storvsp_now || fail "storvsp_now=1"
all /dev/ram0 brd
echo "BENCH-DONE"
