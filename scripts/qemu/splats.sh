# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Kernel messages that fail a run (sourced by check-log.sh and run.sh).
# Only lines carrying a printk timestamp count, so that test output such
# as "grep WARNING:" cannot match.
SPLATS='BUG:|WARNING:|KASAN|UBSAN|kmemleak: .*new suspected memory leak|possible circular locking|possible recursive locking|INFO: |Oops|Call Trace|general protection|list_add corruption|list_del corruption|sleeping function called from invalid context|inconsistent lock state|Kernel panic'
STAMP='\[ *[0-9]+\.[0-9]+\]'

# Kernel splats in the lines of the log given on stdin, numbered.
splats_in() {
	grep -nE "$STAMP.*($SPLATS)" || true
}
