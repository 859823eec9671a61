// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: the host's part of the task offloads. It
 * advertises checksum, LSOv2 and VLAN offloads, keeps the parameters the
 * guest sets, and on frames from the guest completes checksums the guest
 * left to it, cuts LSO packets into MSS-sized frames with their own
 * headers and checksums, and inserts VLAN tags. On frames toward the
 * guest it strips the tag into a per-packet info, completes or verifies
 * the checksums and says so, and adds the flow hash.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/seq_file.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>

#include "model_netvsp.h"
#include "../../net/hyperv/rndis_offload.h"
#include "../../net/hyperv/rndis_parse.h"

#define NETVSP_LSO_MAX		62780
#define NETVSP_CSUM_TX4		(NDIS_CSUM_CAP_TCP4 | NDIS_CSUM_CAP_UDP4 | \
				 NDIS_CSUM_CAP_IP4 | NDIS_CSUM_CAP_TCP4_OPTS | \
				 NDIS_CSUM_CAP_IP4_OPTS)
#define NETVSP_CSUM_TX6		(NDIS_CSUM_CAP_TCP6 | NDIS_CSUM_CAP_UDP6 | \
				 NDIS_CSUM_CAP_TCP6_OPTS)

/* Where a frame's transport header and its checksum are. */
struct netvsp_l4 {
	u32 l3off;
	u32 l4off;
	u32 l4len;
	u8 proto;
	bool v6;
};

/**
 * netvsp_offload_query() - answer OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES
 * @np: the NIC
 * @oid: the object
 * @val: NETVSP_INFO_MAX bytes for the value
 *
 * Return: bytes of the value, 0 if @oid is not an offload object.
 */
u32 netvsp_offload_query(struct netvsp *np, u32 oid, u8 *val)
{
	struct ndis_offload_caps c = {
		.hdr.type = NDIS_OBJ_TYPE_OFFLOAD,
		.hdr.rev = NDIS_OFFLOAD_CAPS_REV_3,
		.hdr.size = cpu_to_le16(sizeof(c)),
		.ip4_tx_encap = cpu_to_le32(NDIS_ENCAP_8023),
		.ip4_tx = cpu_to_le32(NETVSP_CSUM_TX4),
		.ip4_rx_encap = cpu_to_le32(NDIS_ENCAP_8023),
		.ip4_rx = cpu_to_le32(NETVSP_CSUM_TX4),
		.ip6_tx_encap = cpu_to_le32(NDIS_ENCAP_8023),
		.ip6_tx = cpu_to_le32(NETVSP_CSUM_TX6),
		.ip6_rx_encap = cpu_to_le32(NDIS_ENCAP_8023),
		.ip6_rx = cpu_to_le32(NETVSP_CSUM_TX6),
		.lso2_ip4_encap = cpu_to_le32(NDIS_ENCAP_8023),
		.lso2_ip4_max = cpu_to_le32(NETVSP_LSO_MAX),
		.lso2_ip4_min_segs = cpu_to_le32(2),
		.lso2_ip6_encap = cpu_to_le32(NDIS_ENCAP_8023),
		.lso2_ip6_max = cpu_to_le32(NETVSP_LSO_MAX),
		.lso2_ip6_min_segs = cpu_to_le32(2),
		.lso2_ip6_opts = cpu_to_le32(NDIS_LSO2_CAP_IP6_EXT |
					     NDIS_LSO2_CAP_TCP6_OPTS),
	};

	if (oid != RNDIS_OID_TCP_OFFLOAD_HW_CAPS)
		return 0;
	BUILD_BUG_ON(sizeof(c) > NETVSP_INFO_MAX);
	memcpy(val, &c, sizeof(c));
	return sizeof(c);
}

/* Apply one checksum parameter to the TX bit @tx and the RX bit @rx. */
static int netvsp_csum_param(u32 *on, u8 p, u32 tx, u32 rx)
{
	if (p == NDIS_PARAM_NO_CHANGE)
		return 0;
	if (p > NDIS_PARAM_CSUM_TX_RX)
		return -EINVAL;
	*on &= ~(tx | rx);
	if (p == NDIS_PARAM_CSUM_TX || p == NDIS_PARAM_CSUM_TX_RX)
		*on |= tx;
	if (p == NDIS_PARAM_CSUM_RX || p == NDIS_PARAM_CSUM_TX_RX)
		*on |= rx;
	return 0;
}

static int netvsp_lso_param(u32 *on, u8 p, u32 bit)
{
	if (p == NDIS_PARAM_NO_CHANGE)
		return 0;
	if (p != NDIS_PARAM_LSO2_OFF && p != NDIS_PARAM_LSO2_ON)
		return -EINVAL;
	*on = p == NDIS_PARAM_LSO2_ON ? *on | bit : *on & ~bit;
	return 0;
}

/**
 * netvsp_offload_set() - take OID_TCP_OFFLOAD_PARAMETERS
 * @np: the NIC
 * @oid: the object
 * @val: its value
 * @len: bytes of @val
 *
 * Return: an RNDIS status; RNDIS_STATUS_NOT_SUPPORTED for other objects.
 */
u32 netvsp_offload_set(struct netvsp *np, u32 oid, const u8 *val, u32 len)
{
	struct ndis_offload_params p = {};
	u32 on = READ_ONCE(np->off.on), size;

	if (oid != RNDIS_OID_TCP_OFFLOAD_PARAMETERS)
		return RNDIS_STATUS_NOT_SUPPORTED;
	if (len < NDIS_OFFLOAD_PARAMS_SIZE_V4)
		return RNDIS_STATUS_INVALID_LENGTH;
	memcpy(&p, val, min_t(u32, len, sizeof(p)));
	size = le16_to_cpu(p.hdr.size);
	if (p.hdr.type != NDIS_OBJ_TYPE_DEFAULT || size > len ||
	    size < NDIS_OFFLOAD_PARAMS_SIZE_V4)
		return RNDIS_STATUS_INVALID_DATA;
	if (netvsp_csum_param(&on, p.ip4_csum, NETVSP_OFF_TX_IP4, NETVSP_OFF_RX) ||
	    netvsp_csum_param(&on, p.tcp4_csum, NETVSP_OFF_TX_TCP4, NETVSP_OFF_RX) ||
	    netvsp_csum_param(&on, p.udp4_csum, NETVSP_OFF_TX_UDP4, NETVSP_OFF_RX) ||
	    netvsp_csum_param(&on, p.tcp6_csum, NETVSP_OFF_TX_TCP6, NETVSP_OFF_RX) ||
	    netvsp_csum_param(&on, p.udp6_csum, NETVSP_OFF_TX_UDP6, NETVSP_OFF_RX) ||
	    netvsp_lso_param(&on, p.lso2_ip4, NETVSP_OFF_LSO4) ||
	    netvsp_lso_param(&on, p.lso2_ip6, NETVSP_OFF_LSO6))
		return RNDIS_STATUS_INVALID_DATA;
	WRITE_ONCE(np->off.on, on);
	return RNDIS_STATUS_SUCCESS;
}

/* Locate the IP and TCP/UDP headers; @lso: take lengths from the frame. */
static int netvsp_l4_find(const u8 *f, u32 len, bool lso, struct netvsp_l4 *l)
{
	__be16 proto = *(const __be16 *)(f + 12);
	u32 hl, tot;

	l->l3off = ETH_HLEN;
	if (proto == htons(ETH_P_8021Q) && len >= VLAN_ETH_HLEN) {
		proto = *(const __be16 *)(f + 16);
		l->l3off = VLAN_ETH_HLEN;
	}
	l->v6 = proto == htons(ETH_P_IPV6);
	if (l->v6) {
		const struct ipv6hdr *h = (const void *)(f + l->l3off);

		if (len < l->l3off + sizeof(*h))
			return -EINVAL;
		hl = sizeof(*h);
		tot = hl + ntohs(h->payload_len);
		l->proto = h->nexthdr;
	} else if (proto == htons(ETH_P_IP)) {
		const struct iphdr *h = (const void *)(f + l->l3off);

		if (len < l->l3off + sizeof(*h) || h->ihl < 5 ||
		    (h->frag_off & htons(IP_MF | IP_OFFSET)))
			return -EINVAL;
		hl = h->ihl * 4;
		tot = ntohs(h->tot_len);
		l->proto = h->protocol;
	} else {
		return -EINVAL;
	}
	if (lso)
		tot = len - l->l3off;
	if (tot < hl || len - l->l3off < tot)
		return -EINVAL;
	l->l4off = l->l3off + hl;
	l->l4len = tot - hl;
	if (l->proto == IPPROTO_TCP && l->l4len >= sizeof(struct tcphdr))
		return 0;
	if (l->proto == IPPROTO_UDP && l->l4len >= sizeof(struct udphdr))
		return 0;
	return -EINVAL;
}

/* Fold the sum @s of the transport segment with its pseudo-header. */
static __sum16 netvsp_pseudo(const u8 *f, const struct netvsp_l4 *l, __wsum s)
{
	if (l->v6) {
		const struct ipv6hdr *h = (const void *)(f + l->l3off);

		return csum_ipv6_magic(&h->saddr, &h->daddr, l->l4len, l->proto, s);
	}
	return csum_tcpudp_magic(((const struct iphdr *)(f + l->l3off))->saddr,
				 ((const struct iphdr *)(f + l->l3off))->daddr,
				 l->l4len, l->proto, s);
}

/* The transport checksum of the frame as it stands: 0 if valid. */
static __sum16 netvsp_l4_sum(const u8 *f, const struct netvsp_l4 *l)
{
	return netvsp_pseudo(f, l, csum_partial(f + l->l4off, l->l4len, 0));
}

static __sum16 *netvsp_l4_check(u8 *f, const struct netvsp_l4 *l)
{
	if (l->proto == IPPROTO_TCP)
		return &((struct tcphdr *)(f + l->l4off))->check;
	return &((struct udphdr *)(f + l->l4off))->check;
}

/* Write the transport checksum (and the IPv4 header's with @ip). */
static void netvsp_l4_fill(u8 *f, const struct netvsp_l4 *l, bool ip)
{
	__sum16 *check = netvsp_l4_check(f, l), sum;
	struct iphdr *iph = (void *)(f + l->l3off);

	*check = 0;
	sum = netvsp_l4_sum(f, l);
	*check = sum || l->proto == IPPROTO_TCP ? sum : CSUM_MANGLED_0;
	if (ip && !l->v6) {
		iph->check = 0;
		iph->check = ip_fast_csum(iph, iph->ihl);
	}
}

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

/* One segment of an LSO packet: headers of @f, payload [off, off + n). */
static void netvsp_lso_seg(struct netvsp *np, const u8 *f,
			   const struct netvsp_l4 *l, u32 thl, u32 off, u32 n,
			   u32 idx, bool last, const __le32 *vlan)
{
	struct netvsp_l4 sl = *l;
	struct sk_buff *skb = netvsp_skb(np, l->l4off + thl + n);
	const struct tcphdr *oth = (const void *)(f + l->l4off);
	struct tcphdr *th;
	__wsum psum;
	u8 *d;

	if (!skb)
		return;
	d = skb->data;
	memcpy(d, f, l->l4off + thl);
	psum = csum_partial_copy_nocheck(f + l->l4off + thl + off,
					 d + l->l4off + thl, n);
	sl.l4len = thl + n;
	if (l->v6) {
		((struct ipv6hdr *)(d + l->l3off))->payload_len =
			htons(l->l4off - l->l3off - sizeof(struct ipv6hdr) + sl.l4len);
	} else {
		struct iphdr *iph = (void *)(d + l->l3off);

		iph->tot_len = htons(l->l4off - l->l3off + sl.l4len);
		iph->id = htons(ntohs(iph->id) + idx);
	}
	th = (void *)(d + l->l4off);
	th->seq = htonl(ntohl(oth->seq) + off);
	if (!last) {
		th->fin = 0;
		th->psh = 0;
	}
	if (off)
		th->cwr = 0;
	th->check = 0;
	th->check = netvsp_pseudo(d, &sl, csum_add(csum_partial(th, thl, 0), psum));
	if (!l->v6) {
		struct iphdr *iph = (void *)(d + l->l3off);

		iph->check = 0;
		iph->check = ip_fast_csum(iph, iph->ihl);
	}
	/* Like a NIC: the sum of all past the Ethernet header. */
	skb->csum = csum_add(csum_partial(d + ETH_HLEN, l->l4off + thl - ETH_HLEN, 0),
			     psum);
	skb->ip_summed = CHECKSUM_COMPLETE;
	netvsp_deliver(np, skb, vlan);
}

/* Cut an LSOv2 packet into frames of at most the MSS. */
static int netvsp_lso(struct netvsp *np, const u8 *f, u32 len, u32 val,
		      const __le32 *vlan)
{
	u32 mss = val & RNDIS_LSO2_MSS_MASK, thl, pay, off = 0, n, idx = 0;
	u32 toff = (val >> RNDIS_LSO2_TCP_OFF_SHIFT) & RNDIS_LSO2_TCP_OFF_MASK;
	bool v6 = val & RNDIS_LSO2_IPV6;
	struct netvsp_l4 l;

	if (!(READ_ONCE(np->off.on) & (v6 ? NETVSP_OFF_LSO6 : NETVSP_OFF_LSO4)))
		return -EPERM;
	if (netvsp_l4_find(f, len, true, &l) || l.proto != IPPROTO_TCP ||
	    l.v6 != v6 || l.l4off != toff || mss < 8 || mss > NETVSP_MAX_MTU)
		return -EINVAL;
	thl = ((const struct tcphdr *)(f + l.l4off))->doff * 4;
	if (thl < sizeof(struct tcphdr) || thl > l.l4len)
		return -EINVAL;
	pay = l.l4len - thl;
	atomic64_inc(&np->off.lso);
	do {
		n = min(mss, pay - off);
		netvsp_lso_seg(np, f, &l, thl, off, n, idx++, off + n >= pay,
			       vlan);
		atomic64_inc(&np->off.lso_segs);
		off += n;
	} while (off < pay);
	return 0;
}

static int netvsp_csum_tx(struct netvsp *np, u8 *f, u32 len, u32 val)
{
	u32 on = READ_ONCE(np->off.on), need;
	struct netvsp_l4 l;

	if (netvsp_l4_find(f, len, false, &l) ||
	    l.l4off != val >> RNDIS_CSUM_TX_TCP_OFF_SHIFT ||
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
 * @f: the frame
 * @len: its length, at least ETH_HLEN
 * @ppi: its per-packet infos, inside the message
 * @ppi_len: their bytes
 */
void netvsp_frame_from_guest(struct netvsp *np, const u8 *f, u32 len,
			     const u8 *ppi, u32 ppi_len)
{
	const __le32 *csum, *lso, *vlan;
	struct sk_buff *skb;
	int ret;

	if (rndis_ppi_find(ppi, ppi_len, RNDIS_PPI_CSUM, sizeof(*csum),
			   (const void **)&csum) ||
	    rndis_ppi_find(ppi, ppi_len, RNDIS_PPI_LSO, sizeof(*lso),
			   (const void **)&lso) ||
	    rndis_ppi_find(ppi, ppi_len, RNDIS_PPI_VLAN, sizeof(*vlan),
			   (const void **)&vlan)) {
		ret = -EINVAL;
		goto bad;
	}
	if (lso) {
		ret = netvsp_lso(np, f, len, le32_to_cpu(*lso), vlan);
		if (ret)
			goto bad;
		netvsp_vsim_kick(np);
		return;
	}
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

static void *netvsp_ppi_put(void *buf, u32 type, u32 val)
{
	struct rndis_ppi *p = buf;
	__le32 *v = buf + sizeof(*p);

	p->size = cpu_to_le32(sizeof(*p) + sizeof(*v));
	p->type = cpu_to_le32(type);
	p->offset = cpu_to_le32(sizeof(*p));
	*v = cpu_to_le32(val);
	return v + 1;
}

/* The checksum info of a frame toward the guest: verified here. */
static u32 netvsp_csum_rx(struct netvsp *np, struct sk_buff *skb)
{
	const struct iphdr *iph;
	struct netvsp_l4 l;
	u32 val;

	if (netvsp_l4_find(skb->data, skb->len, false, &l))
		return 0;
	val = l.proto == IPPROTO_TCP ? RNDIS_CSUM_RX_TCP_OK : RNDIS_CSUM_RX_UDP_OK;
	if (netvsp_l4_sum(skb->data, &l) &&
	    !(l.proto == IPPROTO_UDP && !l.v6 && !*netvsp_l4_check(skb->data, &l)))
		val = l.proto == IPPROTO_TCP ? RNDIS_CSUM_RX_TCP_FAILED :
		      RNDIS_CSUM_RX_UDP_FAILED;
	if (!l.v6) {
		iph = (const void *)(skb->data + l.l3off);
		val |= ip_fast_csum(iph, iph->ihl) ? RNDIS_CSUM_RX_IP_FAILED :
		       RNDIS_CSUM_RX_IP_OK;
	}
	atomic64_inc(val & (RNDIS_CSUM_RX_TCP_OK | RNDIS_CSUM_RX_UDP_OK) ?
		     &np->off.csum_rx : &np->off.csum_rx_bad);
	return val;
}

/**
 * netvsp_rx_hdr() - the RNDIS header of a frame toward the guest
 * @np: the NIC
 * @skb: the frame, linear; a checksum left to the device is completed
 * @buf: NETVSP_RX_HLEN_MAX bytes
 *
 * Return: the header's length, or 0 if the frame cannot be sent.
 */
u32 netvsp_rx_hdr(struct netvsp *np, struct sk_buff *skb, void *buf)
{
	struct rndis_hdr *hdr = buf;
	struct rndis_packet *pkt = buf + sizeof(*hdr);
	void *ppi = buf + sizeof(*hdr) + sizeof(*pkt), *pos = ppi;
	u32 val, hlen;

	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		return 0;
	memset(buf, 0, sizeof(*hdr) + sizeof(*pkt));
	if (skb_vlan_tag_present(skb)) {
		pos = netvsp_ppi_put(pos, RNDIS_PPI_VLAN,
				     (skb_vlan_tag_get_id(skb) << RNDIS_VLAN_ID_SHIFT) |
				     skb_vlan_tag_get_prio(skb));
		atomic64_inc(&np->off.vlan_rx);
	}
	if (READ_ONCE(np->off.on) & NETVSP_OFF_RX) {
		val = netvsp_csum_rx(np, skb);
		if (val)
			pos = netvsp_ppi_put(pos, RNDIS_PPI_CSUM, val);
	}
	pos = netvsp_ppi_put(pos, RNDIS_PPI_HASH, skb_get_hash(skb));
	hlen = pos - buf;
	hdr->type = cpu_to_le32(RNDIS_MSG_PACKET);
	hdr->len = cpu_to_le32(hlen + skb->len);
	pkt->data_offset = cpu_to_le32(hlen - sizeof(*hdr));
	pkt->data_len = cpu_to_le32(skb->len);
	pkt->ppi_offset = cpu_to_le32(sizeof(*pkt));
	pkt->ppi_len = cpu_to_le32(pos - ppi);
	return hlen;
}

/**
 * netvsp_offload_stats() - the offload part of the device's stats line
 * @np: the NIC
 * @m: the stats file
 */
void netvsp_offload_stats(struct netvsp *np, struct seq_file *m)
{
	struct netvsp_offload *o = &np->off;

	seq_printf(m, " offloads=%#x csum_tx=%lld lso=%lld lso_segs=%lld csum_rx=%lld csum_rx_bad=%lld vlan_tx=%lld vlan_rx=%lld refused=%lld",
		   READ_ONCE(o->on), atomic64_read(&o->csum_tx),
		   atomic64_read(&o->lso), atomic64_read(&o->lso_segs),
		   atomic64_read(&o->csum_rx), atomic64_read(&o->csum_rx_bad),
		   atomic64_read(&o->vlan_tx), atomic64_read(&o->vlan_rx),
		   atomic64_read(&o->refused));
}
