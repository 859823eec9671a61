#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# storvsc: random 4 KiB reads at queue depth 1 and 32, and 128 KiB
# sequential reads, over one channel and over two (a subchannel), on our
# stack and on Linux's own, against a RAM-backed storvsp LUN; brd (a RAM
# disk in the guest, no VMBus at all) is the baseline. IOPS, bandwidth,
# CPU busy, the host's interrupts and the guest's signals per job.
#
# hvtest-tools: fio

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib
. /tests/peer/peer-lib
. /tests/bench/bench-lib

# The region read: small enough for brd's default RAM disk.
SIZE=4M

# fio_job NAME DEV RW BS QD: one timed job; prints "iops bw_kib".
fio_job() {
	fio --name="$1" --filename="$2" --rw="$3" --bs="$4" --iodepth="$5" \
		--ioengine=libaio --direct=1 --thread --size=$SIZE \
		--time_based --runtime="$SECS" --minimal >/tmp/fio.terse 2>/tmp/fio.err ||
		{ cat /tmp/fio.err; return 1; }
	awk -F';' '$5 != 0 { exit 1 } { print $8, $7 }' /tmp/fio.terse
}

# One job, its figures recorded.
fio_record() {
	_fr=$(fio_job "$@") || return 1
	set -- $_fr
	[ "${1:-0}" -gt 0 ] || { echo "no I/O completed"; return 1; }
	result "$FR_BENCH" "$FR_STACK" iops "$1"
	result "$FR_BENCH" "$FR_STACK" bw_kib "$2"
}

bench_disk() {
	RJ_STACK=$1 RJ_LABEL=$2 RJ_DEV=$3 RJ_RELIDS=$4
	for _job in "randread4k_qd1 randread 4k 1" "randread4k_qd32 randread 4k 32" \
		    "seqread128k_qd8 read 128k 8"; do
		# shellcheck disable=SC2086
		set -- $_job
		FR_BENCH=storvsc_${1}_$RJ_LABEL FR_STACK=$RJ_STACK
		measure "$FR_BENCH" "$RJ_STACK" "$RJ_RELIDS" \
			fio_record "$1" "$RJ_DEV" "$2" "$3" "$4"
	done
}

# bench_stack STACK SUBCHANNELS LABEL
bench_stack() {
	bench_up "$1" storvsp_max_subchannels="$2"
	# Each driver asked for the subchannels the host allows.
	if [ "$1" = upstream ]; then
		peer_insmod hv_storvsc storvsc_vcpus_per_sub_channel=1
	else
		modprobe hv_storvsc subchannels="$2" || fail "modprobe hv_storvsc"
	fi
	inst=$(stor_add) || fail "$inst"
	d=$(stor_wait_disk "$inst" 0:0) || fail "$d"
	wait_for 10 sh -c "[ \$(awk -v i=$inst '\$3 == i' $SIM/devices | wc -l) -gt $2 ]" ||
		echo "note: $1 uses $(dev_relids "$inst" | wc -w) channel(s), not $(($2 + 1))"
	result "storvsc_$3" "$1" channels "$(dev_relids "$inst" | wc -w)"
	bench_disk "$1" "$3" "/dev/$d" "$(dev_relids "$inst")"
	[ "$(sim_field "$(stor_relid "$inst")" bad_requests)" = 0 ] ||
		fail "$1: host saw malformed requests"
	rmmod hv_storvsc
	echo "remove $inst" >"$SIM/ctl"
	bench_down
}

for stack in ours upstream; do
	bench_stack "$stack" 0 1ch
	bench_stack "$stack" 1 2ch
done
[ -b /dev/ram0 ] || fail "no /dev/ram0 (brd)"
for l in 1ch 2ch; do
	bench_disk brd "$l" /dev/ram0 ""
done
