#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Multiqueue over subchannels: with hv_storvsc's subchannels=1 the driver
# asks storvsp for one subchannel (CREATE_SUB_CHANNELS), opens it, and
# runs two blk-mq hardware queues; fio jobs pinned to each CPU write and
# verify, and both channels carry I/O. A rescind of the subchannel under
# I/O sends its commands again on the primary: no error, no mismatch.
# Each channel interrupts the CPU of its queue: commands complete on the
# CPU that sent them. The first run has the host answer from its channel
# work (storvsp_now=0), in parallel with the guest; the run with the
# rescind has it answer in the guest's signal.
#
# hvtest-tools: fio
# hvtest-kmods: sd_mod

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib

# sub_relid INST N: relid of subchannel N of the device.
sub_relid() {
	awk -v g="$1" -v s="sub=$2" '$3 == g && $5 == s { print $1 }' "$SIM/devices"
}

# run_fio DISK SECONDS: two verifying writers, one per CPU.
run_fio() {
	stor_fio "/dev/$1" 64 --thread --name=mq --filename="/dev/$1" --direct=1 --ioengine=libaio \
		--iodepth=8 --rw=randwrite --bs=4k --size="$(scaled 32 8)M" --numjobs=2 \
		--offset_increment=32M --cpus_allowed=0-1 --cpus_allowed_policy=split \
		--verify=crc32c --verify_fatal=1 --do_verify=1 --randrepeat=0 \
		--output=/tmp/fio.out
}

stor_modules
[ "$(grep -c ^processor /proc/cpuinfo)" -ge 2 ] || fail "needs 2 CPUs"
echo 1 >/sys/module/hv_storvsc/parameters/subchannels 2>/dev/null ||
	{ modprobe hv_storvsc; echo 1 >/sys/module/hv_storvsc/parameters/subchannels; } ||
	fail "subchannels parameter"
inst=$(stor_add) || fail "$inst"
wait_for 20 sh -c "[ -n \"\$(awk '\$3 == \"$inst\" && \$5 == \"sub=1\"' $SIM/devices)\" ]" ||
	fail "no subchannel offered"
sub=$(sub_relid "$inst" 1)
wait_for 20 sh -c "grep -q '^$sub .* open' $SIM/devices" || fail "subchannel $sub not opened"
d=$(stor_wait_disk "$inst" 0:0) || fail "$d"
h=$(stor_host "$inst")
ls /sys/block/"$d"/mq
[ "$(ls /sys/block/"$d"/mq | wc -l)" = 2 ] || fail "not two hardware queues"
relid=$(stor_relid "$inst")
grep "^$relid \|^$sub " "$SIM/stats"

now=/sys/module/vmbussim_storvsp/parameters/storvsp_now
before="$(sim_field "$relid" pkts_now) $(sim_field "$sub" pkts_now)"
echo 0 >"$now" || fail "storvsp_now=0"
run_fio "$d" || { echo 1 >"$now"; cat /tmp/fio.out; fail "fio over two queues"; }
echo 1 >"$now"
grep "^$relid \|^$sub " "$SIM/stats"
[ "$(sim_field "$relid" pkts_now) $(sim_field "$sub" pkts_now)" = "$before" ] ||
	fail "storvsp_now=0 answered in signals"
[ "$(sim_field "$sub" pkts_in)" -gt 1000 ] || fail "the subchannel carried no I/O"
[ "$(sim_field "$relid" pkts_in)" -gt 1000 ] || fail "the primary carried no I/O"
# One CREATE_SUB_CHANNELS for one in all (an absolute count), in order.
[ "$(sim_field "$relid" subchannels)" = 1 ] ||
	fail "host offered $(sim_field "$relid" subchannels) subchannels"
stor_host_strict "$relid"

# Completions on the submitting CPU: each channel interrupts the CPU its
# hardware queue serves, so a command completes where it was sent.
stats=/sys/kernel/debug/hv_storvsc/$inst/stats
cat "$stats"
cpus=$(sed -n 's/^chan=[01] cpu=\([0-9]*\) .*/\1/p' "$stats" | sort -u | wc -l)
[ "$cpus" = 2 ] || fail "both channels interrupt one CPU"
awk -F'[ =]' '/^chan=/ { done += $6; remote += $8 }
	END { printf "completions %d, on another CPU %d\n", done, remote;
	      exit !(done > 2000 && remote * 100 <= done) }' "$stats" ||
	fail "more than 1% of the completions ran on another CPU than the sender"

echo "rescind of the subchannel under I/O"
errors=$(sim_field "$relid" errors)
base=$(sim_field "$sub" pkts_in)
run_fio "$d" &
fio_pid=$!
# Rescind once the subchannel carries the writes (a fixed sleep let a
# fast run end first), with most of the job still to go.
wait_for 30 sim_took_more "$sub" $((base + 500)) || fail "no I/O on the subchannel"
echo "rescind $sub" >"$SIM/ctl" || fail "rescind $sub"
kill -0 "$fio_pid" 2>/dev/null || fail "fio ended before the rescind: no I/O in flight"
wait "$fio_pid" || { cat /tmp/fio.out; fail "fio failed when the subchannel went"; }
grep -q "err= 0" /tmp/fio.out || { cat /tmp/fio.out; fail "fio errors"; }
grep "^$relid " "$SIM/stats"
[ "$(sim_field "$relid" pkts_now) $(sim_field "$sub" pkts_now)" != "$before" ] ||
	fail "no SRB answered in the signal"
[ "$(sim_field "$relid" errors)" = "$errors" ] || fail "host saw failed SRBs"
echo "remove $relid" >"$SIM/ctl"
wait_for 20 sh -c "[ ! -e $BUS/$inst ]" || fail "controller not removed"
echo -1 >/sys/module/hv_storvsc/parameters/subchannels
