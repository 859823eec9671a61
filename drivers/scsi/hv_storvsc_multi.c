// SPDX-License-Identifier: GPL-2.0
/*
 * Multiqueue: hv_storvsc asks the host for subchannels (CREATE_SUB_CHANNELS),
 * one per blk-mq hardware queue beyond the first, and opens each as the bus
 * offers it. A command goes out on its hardware queue's channel, and the
 * host completes it there, so completions reach the CPUs that submitted.
 */

#include <linux/blk-mq.h>
#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_host.h>

#include "hv_storvsc.h"

static int storvsc_subchannels = -1;
module_param_named(subchannels, storvsc_subchannels, int, 0644);
MODULE_PARM_DESC(subchannels, "Subchannels to ask for (default -1: one per vcpus_per_subchannel CPUs beyond the first)");

static unsigned int storvsc_vcpus_per_sc = 4;
module_param_named(vcpus_per_subchannel, storvsc_vcpus_per_sc, uint, 0444);
MODULE_PARM_DESC(vcpus_per_subchannel, "CPUs per subchannel when subchannels is -1 (default 4)");

/* How many subchannels to ask for, within what the host offers. */
static u16 storvsc_want_subchannels(struct storvsc_host *sh)
{
	int want = READ_ONCE(storvsc_subchannels);

	if (want < 0)
		want = (num_online_cpus() - 1) / max(storvsc_vcpus_per_sc, 1U);
	return min_t(int, want, sh->max_subchannels);
}

/*
 * Completions on the submitting CPU: the host interrupts, for the channel
 * of hardware queue @index, a CPU that blk-mq maps to that queue, so that
 * the callback completes each command on a CPU of the queue that sent
 * it (with a queue per CPU, on that very CPU). Before blk-mq has its map
 * (SCSI host not added yet) there is nothing to follow.
 */
static void storvsc_steer(struct storvsc_host *sh, struct vmbus_channel *ch,
			  u16 index)
{
	const unsigned int *map = sh->shost->tag_set.map[HCTX_TYPE_DEFAULT].mq_map;
	unsigned int cpu = vmbus_channel_cpu(ch);
	int ret;

	lockdep_assert_held(&sh->sc_lock);
	if (!sh->mapped || map[cpu] == index)
		return;
	for_each_online_cpu(cpu)
		if (map[cpu] == index)
			break;
	if (cpu >= nr_cpu_ids)
		return;
	ret = vmbus_channel_set_cpu(ch, cpu);
	if (ret)
		dev_dbg(&sh->hdev->device, "channel %u stays on CPU %u: %d\n",
			index, vmbus_channel_cpu(ch), ret);
}

/**
 * storvsc_steer_channels() - let the open channels follow blk-mq's map
 * @sh: a controller whose SCSI host was just added
 *
 * Subchannels that open later follow it as they open.
 */
void storvsc_steer_channels(struct storvsc_host *sh)
{
	u16 i;

	mutex_lock(&sh->sc_lock);
	sh->mapped = true;
	for (i = 0; i < sh->nr_chans; i++)
		if (!sh->chans[i].gone)
			storvsc_steer(sh, sh->chans[i].ch, i);
	mutex_unlock(&sh->sc_lock);
}

/* The bus offers a subchannel: open it and give it a slot. */
static void storvsc_sc_offered(struct vmbus_channel *ch)
{
	struct storvsc_host *sh = dev_get_drvdata(&vmbus_channel_device(ch)->device);
	u16 slot;
	int ret;

	mutex_lock(&sh->sc_lock);
	slot = sh->nr_chans;
	if (READ_ONCE(sh->dead) || slot >= STORVSC_MAX_CHANNELS)
		goto out_unlock;
	storvsc_steer(sh, ch, slot);
	ret = storvsc_open_chan(sh, ch, slot);
	if (ret) {
		dev_warn(&sh->hdev->device, "subchannel %u: open failed: %d\n",
			 vmbus_subchannel_index(ch), ret);
		goto out_unlock;
	}
	/* Pairs with the acquire in storvsc_pick_chan(). */
	smp_store_release(&sh->nr_chans, slot + 1);
out_unlock:
	mutex_unlock(&sh->sc_lock);
}

static bool storvsc_requeue_chan(struct scsi_cmnd *cmd, void *data)
{
	struct storvsc_cmd *sc = scsi_cmd_priv(cmd);

	if (sc->chan == data && atomic_xchg(&sc->owned, 0)) {
		cmd->result = 0;
		set_host_byte(cmd, DID_REQUEUE);
		scsi_done(cmd);
	}
	return true;
}

/*
 * The host withdraws a subchannel: no new command goes to it, it is
 * closed, and the commands it held are sent again on another channel.
 */
static void storvsc_sc_rescinded(struct vmbus_channel *ch)
{
	struct storvsc_host *sh = dev_get_drvdata(&vmbus_channel_device(ch)->device);
	struct storvsc_chan *chan = NULL;
	u16 i;

	mutex_lock(&sh->sc_lock);
	for (i = 1; i < sh->nr_chans; i++)
		if (sh->chans[i].ch == ch)
			chan = &sh->chans[i];
	if (chan) {
		WRITE_ONCE(chan->gone, true);
		/* Senders check gone under RCU: wait for those that missed it. */
		synchronize_rcu();
		vmbus_close(ch);
		scsi_host_busy_iter(sh->shost, storvsc_requeue_chan, chan);
	}
	mutex_unlock(&sh->sc_lock);
}

/**
 * storvsc_setup_subchannels() - ask the host for subchannels
 * @sh: a controller past its handshake, SCSI host not yet added
 *
 * Sets the SCSI host's hardware queues to one per channel asked for. The
 * subchannels open as the bus offers them; until then their queues use
 * the channels already open. A host that refuses leaves one queue.
 */
void storvsc_setup_subchannels(struct storvsc_host *sh)
{
	struct vmbus_channel *primary = sh->hdev->channel;
	struct vstor_packet pkt = {};
	u16 want = storvsc_want_subchannels(sh);
	int ret;

	if (!want)
		return;
	vmbus_set_subchannel_callback(primary, storvsc_sc_offered);
	vmbus_set_subchannel_rescind_callback(primary, storvsc_sc_rescinded);
	pkt.subchannels = cpu_to_le16(want);
	ret = storvsc_ctl_exec(sh, VSTOR_OP_CREATE_SUB_CHANNELS, &pkt);
	if (ret || pkt.status) {
		dev_warn(&sh->hdev->device, "host refused %u subchannels: %d, status %#x\n",
			 want, ret, le32_to_cpu(pkt.status));
		vmbus_set_subchannel_callback(primary, NULL);
		vmbus_set_subchannel_rescind_callback(primary, NULL);
		return;
	}
	sh->shost->nr_hw_queues = 1 + want;
	dev_info(&sh->hdev->device, "%u subchannels requested\n", want);
}
