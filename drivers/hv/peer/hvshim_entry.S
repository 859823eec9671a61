/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypercall page of the peer lane: the code that the kernel's
 * hv_do_hypercall() and hv_do_fast_hypercall*() call through
 * hv_hypercall_pg. Its register contract is the hypervisor's (TLFS,
 * hypercall calling conventions on x64): the control word in RCX, the
 * input GPA (or fast input) in RDX, the output GPA (or second fast input)
 * in R8, the result in RAX; the callers assume only RAX, RCX, RDX and
 * R8-R11 change. A C function may also change RSI and RDI, so they are
 * saved around the dispatcher.
 */
#include <linux/linkage.h>
#include <asm/frame.h>
#include <asm/nospec-branch.h>

	.text
/* SYM_FUNC_START places the ENDBR an IBT kernel needs at an indirect target. */
SYM_FUNC_START(hvshim_hypercall_entry)
	FRAME_BEGIN
	push	%rdi
	push	%rsi
	mov	%rcx, %rdi
	mov	%rdx, %rsi
	mov	%r8, %rdx
	call	hvshim_hypercall
	pop	%rsi
	pop	%rdi
	FRAME_END
	RET
SYM_FUNC_END(hvshim_hypercall_entry)
