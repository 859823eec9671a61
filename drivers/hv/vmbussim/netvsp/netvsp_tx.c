// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: frames from the guest to vsimN. The host does
 * what a frame's per-packet infos ask (and the guest's parameters
 * allow): completes a checksum, checks an LSOv2 packet and passes it on
 * whole as a GSO skb, inserts a VLAN tag. Other frames reach vsimN like
 * a NIC's, with the sum of their bytes (CHECKSUM_COMPLETE); all go
 * through a NAPI context that runs GRO.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
#include <net/tcp.h>

#include "netvsp.h"

static void netvsp_deliver(struct netvsp *np, struct sk_buff *skb,
			   const __le32 *vlan)
{
	u32 v;

	skb->protocol = eth_type_trans(skb, np->vsim);
	if (vlan) {
		v = le32_to_cpu(*vlan);
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q),
				       ((v >> RNDIS_VLAN_ID_SHIFT) & RNDIS_VLAN_ID_MASK) |
				       ((v & RNDIS_VLAN_PRI_MASK) << VLAN_PRIO_SHIFT));
		atomic64_inc(&np->off.vlan_tx);
	}
	if (skb_queue_len(&np->off.rxq) >= NETVSP_RXQ_MAX) {
		atomic64_inc(&np->drops);
		kfree_skb(skb);
		return;
	}
	atomic64_inc(&np->tx_frames);
	dev_sw_netstats_rx_add(np->vsim, skb->len + ETH_HLEN);
	skb_queue_tail(&np->off.rxq, skb);
}

/* Hand the frames queued for vsimN to its NAPI, which runs GRO. */
static void netvsp_vsim_kick(struct netvsp *np)
{
	local_bh_disable();
	napi_schedule(&np->off.napi);
	local_bh_enable();
}

static int netvsp_vsim_poll(struct napi_struct *napi, int budget)
{
	struct netvsp_offload *o = container_of(napi, struct netvsp_offload, napi);
	struct sk_buff *skb;
	int n = 0;

	while (n < budget && (skb = skb_dequeue(&o->rxq))) {
		napi_gro_receive(napi, skb);
		n++;
	}
	/* A frame queued meanwhile set NAPI_STATE_MISSED: polled again. */
	if (n < budget)
		napi_complete_done(napi, n);
	return n;
}

/**
 * netvsp_vsim_napi_init() - give vsimN the NAPI context its frames from
 *	the guest go through
 * @np: the NIC, np->vsim allocated, not yet registered
 */
void netvsp_vsim_napi_init(struct netvsp *np)
{
	skb_queue_head_init(&np->off.rxq);
	netif_napi_add(np->vsim, &np->off.napi, netvsp_vsim_poll);
	napi_enable(&np->off.napi);
}

/**
 * netvsp_vsim_napi_fini() - stop vsimN's NAPI and drop what it holds
 * @np: the NIC, np->vsim unregistered or never registered
 */
void netvsp_vsim_napi_fini(struct netvsp *np)
{
	napi_disable(&np->off.napi);
	netif_napi_del(&np->off.napi);
	skb_queue_purge(&np->off.rxq);
}

static struct sk_buff *netvsp_skb(struct netvsp *np, u32 len)
{
	struct sk_buff *skb = netdev_alloc_skb(np->vsim, len + NET_IP_ALIGN);

	if (!skb) {
		atomic64_inc(&np->drops);
		return NULL;
	}
	skb_reserve(skb, NET_IP_ALIGN);
	skb_put(skb, len);
	return skb;
}

/*
 * An LSO packet reaches vsimN whole, as one GSO skb: what a host's switch
 * hands another VM (or a NIC cuts into MSS-sized frames itself). Its
 * headers are copied into the skb's head, its payload into page frags.
 * Its lengths are the packet's. Its TCP checksum is left to whoever puts
 * it on a wire (CHECKSUM_PARTIAL, as virtio-net delivers GSO packets),
 * with the pseudo-header sum of the whole that the kernel's GSO expects
 * in place of the guest's LSO seed. The guest is untrusted, hence
 * SKB_GSO_DODGY: a stack that segments it recounts the segments.
 */
static int netvsp_lso_gso(struct netvsp *np, const struct netvsp_frame *fr,
			  const struct netvsp_l4 *l, u32 thl, u32 mss,
			  const __le32 *vlan)
{
	u32 hl = l->l4off + thl, pay = l->l4len - thl;
	struct sk_buff *skb;
	struct tcphdr *th;
	int ret;

	skb = __netdev_alloc_skb(np->vsim, NET_IP_ALIGN + hl, GFP_KERNEL);
	if (!skb) {
		atomic64_inc(&np->drops);
		return 0;
	}
	skb_reserve(skb, NET_IP_ALIGN);
	skb_put_data(skb, fr->f, hl);
	ret = netvsp_frags_fill(fr, skb, hl, pay);
	if (ret) {
		kfree_skb(skb);
		if (ret == -EINVAL)
			return ret;
		atomic64_inc(&np->drops);
		return 0;
	}
	th = (void *)(skb->data + l->l4off);
	if (l->v6) {
		struct ipv6hdr *ip6 = (void *)(skb->data + l->l3off);

		ip6->payload_len = htons(l->l4len);
		th->check = ~tcp_v6_check(l->l4len, &ip6->saddr, &ip6->daddr, 0);
	} else {
		struct iphdr *iph = (void *)(skb->data + l->l3off);

		iph->tot_len = htons(l->l4off - l->l3off + l->l4len);
		iph->check = 0;
		iph->check = ip_fast_csum(iph, iph->ihl);
		th->check = ~tcp_v4_check(l->l4len, iph->saddr, iph->daddr, 0);
	}
	/* Inside the headers copied above: cannot fail. */
	skb_partial_csum_set(skb, l->l4off, offsetof(struct tcphdr, check));
	skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(pay, mss);
	if (skb_shinfo(skb)->gso_segs > 1) {
		skb_shinfo(skb)->gso_size = mss;
		skb_shinfo(skb)->gso_type = SKB_GSO_DODGY |
			(l->v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4);
	}
	atomic64_add(skb_shinfo(skb)->gso_segs, &np->off.lso_segs);
	netvsp_deliver(np, skb, vlan);
	return 0;
}

/* Bytes of a frame that its Ethernet, VLAN, IP and TCP headers span at most. */
#define NETVSP_LSO_HDR_MAX	(VLAN_ETH_HLEN + 60 + 60)

/* Check an LSOv2 packet and pass it on whole. */
static int netvsp_lso(struct netvsp *np, struct netvsp_frame *fr, u32 val,
		      const __le32 *vlan)
{
	u32 mss = val & RNDIS_LSO2_MSS_MASK, thl;
	u32 toff = (val >> RNDIS_LSO2_TCP_OFF_SHIFT) & RNDIS_LSO2_TCP_OFF_MASK;
	bool v6 = val & RNDIS_LSO2_IPV6;
	const u8 *f = fr->f;
	struct netvsp_l4 l;

	if (!(READ_ONCE(np->off.on) & (v6 ? NETVSP_OFF_LSO6 : NETVSP_OFF_LSO4)))
		return -EPERM;
	/* The headers are read in host memory. */
	if (fr->have < min_t(u32, fr->len, NETVSP_LSO_HDR_MAX) &&
	    netvsp_frame_pull(fr))
		return -EINVAL;
	if (netvsp_l4_find(f, fr->len, true, &l) || l.proto != IPPROTO_TCP ||
	    l.v6 != v6 || l.l4off != toff || mss < 8 || mss > NETVSP_MAX_MTU)
		return -EINVAL;
	thl = ((const struct tcphdr *)(f + l.l4off))->doff * 4;
	if (thl < sizeof(struct tcphdr) || thl > l.l4len)
		return -EINVAL;
	/*
	 * Each segment must fit the guest's MTU; no payload, no segments;
	 * the whole must fit an IP header's length.
	 */
	if (l.l4len == thl || l.l4off - l.l3off + l.l4len > IP_MAX_MTU ||
	    l.l4off + thl + mss > netvsp_mtu(np) + ETH_HLEN + VLAN_HLEN)
		return -EINVAL;
	atomic64_inc(&np->off.lso);
	return netvsp_lso_gso(np, fr, &l, thl, mss, vlan);
}

static int netvsp_csum_tx(struct netvsp *np, u8 *f, u32 len, u32 val)
{
	u32 on = READ_ONCE(np->off.on), need;
	struct netvsp_l4 l;

	if (netvsp_l4_find(f, len, false, &l) ||
	    l.l4off != ((val >> RNDIS_CSUM_TX_TCP_OFF_SHIFT) & RNDIS_CSUM_TX_TCP_OFF_MASK) ||
	    !!(val & RNDIS_CSUM_TX_IPV6) != l.v6 ||
	    !(val & (l.proto == IPPROTO_TCP ? RNDIS_CSUM_TX_TCP : RNDIS_CSUM_TX_UDP)))
		return -EINVAL;
	if (l.proto == IPPROTO_TCP)
		need = l.v6 ? NETVSP_OFF_TX_TCP6 : NETVSP_OFF_TX_TCP4;
	else
		need = l.v6 ? NETVSP_OFF_TX_UDP6 : NETVSP_OFF_TX_UDP4;
	if (!(on & need))
		return -EPERM;
	netvsp_l4_fill(f, &l, val & RNDIS_CSUM_TX_IP_HDR);
	atomic64_inc(&np->off.csum_tx);
	return 0;
}

/**
 * netvsp_frame_from_guest() - do what a frame's per-packet infos ask and
 *	send it out of vsimN
 * @np: the NIC
 * @fr: the frame, at least ETH_HLEN bytes, not all of them necessarily
 *	in host memory yet
 * @ppi: its per-packet infos, inside the message, in host memory
 * @ppi_len: their bytes
 */
void netvsp_frame_from_guest(struct netvsp *np, struct netvsp_frame *fr,
			     const u8 *ppi, u32 ppi_len)
{
	const __le32 *csum, *lso, *vlan;
	struct netvsp_ppis in;
	u32 len = fr->len;
	struct sk_buff *skb;
	const u8 *f;
	int ret;

	ret = netvsp_ppis_read(ppi, ppi_len, &in);
	if (ret)
		goto bad;
	csum = in.csum;
	lso = in.lso;
	vlan = in.vlan;
	if (lso) {
		ret = netvsp_lso(np, fr, le32_to_cpu(*lso), vlan);
		if (ret)
			goto bad;
		netvsp_vsim_kick(np);
		return;
	}
	ret = netvsp_frame_pull(fr);
	if (ret)
		goto bad;
	f = fr->f;
	/* An LSO packet exceeds the MTU by design: netvsp_lso() checks. */
	if (!netvsp_mtu_ok(np, len, true))
		return;
	skb = netvsp_skb(np, len);
	if (!skb)
		return;
	memcpy(skb->data, f, ETH_HLEN);
	skb->csum = csum_partial_copy_nocheck(f + ETH_HLEN, skb->data + ETH_HLEN,
					      len - ETH_HLEN);
	skb->ip_summed = CHECKSUM_COMPLETE;
	ret = csum ? netvsp_csum_tx(np, skb->data, len, le32_to_cpu(*csum)) : 0;
	if (ret) {
		kfree_skb(skb);
		goto bad;
	}
	if (csum)
		skb->csum = csum_partial(skb->data + ETH_HLEN, len - ETH_HLEN, 0);
	netvsp_deliver(np, skb, vlan);
	netvsp_vsim_kick(np);
	return;
bad:
	atomic64_inc(ret == -EPERM ? &np->off.refused : &np->bad_msgs);
	pr_warn_ratelimited("vmbussim: netvsp: guest sent %s per-packet info\n",
			    ret == -EPERM ? "a disabled offload's" : "a bad");
}
