/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMBus as Hyper-V's firmware describes it in ACPI, for the peer
 * lane's guest (QEMU -acpitable): a module device (ACPI0004) holding the
 * MMIO ranges that VMBus devices may claim, and below it the VMBus device
 * itself (_HID "VMBus") with its interrupt. Linux's hv_vmbus binds to the
 * VMBus device and reads both resources; on x86 it then uses the
 * hypervisor callback vector instead of the interrupt.
 *
 * The MMIO range lies at 64 GiB, far from the test VM's RAM and QEMU's
 * PCI hole.
 */
DefinitionBlock ("", "SSDT", 2, "HVDRV", "VMBUS", 1)
{
	Scope (\_SB)
	{
		Device (VMOD)
		{
			Name (_HID, "ACPI0004")
			Name (_UID, 0)
			Name (_CRS, ResourceTemplate ()
			{
				QWordMemory (ResourceProducer, PosDecode,
					MinFixed, MaxFixed, NonCacheable,
					ReadWrite, 0x0,
					0x1000000000, 0x10FFFFFFFF, 0x0,
					0x100000000)
			})

			Device (VMBS)
			{
				Name (_DDN, "VMBUS")
				/*
				 * A method: iasl checks a named _HID against
				 * the ACPI/PNP id forms, which Hyper-V's
				 * "VMBus" is not.
				 */
				Method (_HID, 0, NotSerialized)
				{
					Return ("VMBus")
				}
				Name (_UID, 0)
				Name (_CRS, ResourceTemplate ()
				{
					IRQ (Edge, ActiveHigh, Exclusive) {5}
				})
			}
		}
	}
}
