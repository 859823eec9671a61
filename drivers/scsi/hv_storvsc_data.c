// SPDX-License-Identifier: GPL-2.0
/*
 * A command's data for the host: its scatterlist mapped through the DMA
 * API by the bus and described as one GPA range (the host template's
 * virt_boundary_mask makes it one run of whole Hyper-V pages), unmapped
 * when the command goes back to the midlayer.
 */

#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include "hv_storvsc.h"

/**
 * storvsc_data_map() - map a command's data and fill its range
 * @cmd: the command, being queued
 *
 * The data stays mapped until storvsc_data_unmap(), which whoever gives
 * the command back to the midlayer calls.
 *
 * Return: the range's page numbers (0: no data), -ENOMEM if the mapping
 * failed for now, -EINVAL or -E2BIG if the data is not one page run or
 * is larger than the host's largest transfer.
 */
int storvsc_data_map(struct scsi_cmnd *cmd)
{
	struct storvsc_host *sh = shost_priv(cmd->device->host);
	struct storvsc_cmd *sc = scsi_cmd_priv(cmd);
	u32 len = scsi_bufflen(cmd);
	int ret;

	sc->npfns = 0;
	if (!len)
		return 0;
	ret = vmbus_dma_map_sg(sh->hdev, scsi_sglist(cmd), scsi_sg_count(cmd),
			       len, cmd->sc_data_direction, &sc->range.r,
			       sh->max_transfer / HV_PAGE_SIZE + 1);
	if (ret > 0)
		sc->npfns = ret;
	return ret;
}

/**
 * storvsc_data_unmap() - unmap a command's data, if mapped
 * @cmd: the command, no longer held by the host
 *
 * What the host wrote becomes visible to the CPU.
 */
void storvsc_data_unmap(struct scsi_cmnd *cmd)
{
	struct storvsc_host *sh = shost_priv(cmd->device->host);
	struct storvsc_cmd *sc = scsi_cmd_priv(cmd);

	if (!sc->npfns)
		return;
	vmbus_dma_unmap_sg(sh->hdev, scsi_sglist(cmd), scsi_sg_count(cmd),
			   cmd->sc_data_direction);
	sc->npfns = 0;
}
