// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: the host's part of the task offloads. It
 * advertises checksum, LSOv2 and VLAN offloads and keeps the parameters
 * the guest sets (netvsp_tx.c does the work on the guest's
 * frames). On frames toward the guest it strips the tag into a
 * per-packet info, completes or verifies the checksums and says so, and
 * adds the flow hash.
 */

#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/seq_file.h>
#include <net/checksum.h>

#include "netvsp.h"

#define NETVSP_LSO_MAX		62780
#define NETVSP_CSUM_TX4		(NDIS_CSUM_CAP_TCP4 | NDIS_CSUM_CAP_UDP4 | \
				 NDIS_CSUM_CAP_IP4 | NDIS_CSUM_CAP_TCP4_OPTS | \
				 NDIS_CSUM_CAP_IP4_OPTS)
#define NETVSP_CSUM_TX6		(NDIS_CSUM_CAP_TCP6 | NDIS_CSUM_CAP_UDP6 | \
				 NDIS_CSUM_CAP_TCP6_OPTS)

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

/* The checksum bits of one direction that @on turns on. */
static u32 netvsp_csum_on(u32 on, bool v6, bool tx)
{
	u32 v = 0;

	if (!tx)
		return on & NETVSP_OFF_RX ? (v6 ? NETVSP_CSUM_TX6 : NETVSP_CSUM_TX4) : 0;
	if (v6) {
		v |= on & NETVSP_OFF_TX_TCP6 ? NDIS_CSUM_CAP_TCP6 | NDIS_CSUM_CAP_TCP6_OPTS : 0;
		v |= on & NETVSP_OFF_TX_UDP6 ? NDIS_CSUM_CAP_UDP6 : 0;
		return v;
	}
	v |= on & NETVSP_OFF_TX_IP4 ? NDIS_CSUM_CAP_IP4 | NDIS_CSUM_CAP_IP4_OPTS : 0;
	v |= on & NETVSP_OFF_TX_TCP4 ? NDIS_CSUM_CAP_TCP4 | NDIS_CSUM_CAP_TCP4_OPTS : 0;
	v |= on & NETVSP_OFF_TX_UDP4 ? NDIS_CSUM_CAP_UDP4 : 0;
	return v;
}

/**
 * netvsp_offload_indicate() - tell the guest the offloads in force, with
 *	an RNDIS_STATUS_OFFLOAD_CURRENT indication, as a Microsoft host does
 *	after each offload parameters set
 * @np: the NIC
 *
 * The status buffer is an offload object of the capabilities' shape that
 * names only what the guest turned on.
 */
void netvsp_offload_indicate(struct netvsp *np)
{
	u8 val[NETVSP_INFO_MAX] = {};
	struct ndis_offload_caps *c = (void *)val;
	u32 on = READ_ONCE(np->off.on);
	u32 n = netvsp_offload_query(np, RNDIS_OID_TCP_OFFLOAD_HW_CAPS, val);

	c->ip4_tx = cpu_to_le32(netvsp_csum_on(on, false, true));
	c->ip4_rx = cpu_to_le32(netvsp_csum_on(on, false, false));
	c->ip6_tx = cpu_to_le32(netvsp_csum_on(on, true, true));
	c->ip6_rx = cpu_to_le32(netvsp_csum_on(on, true, false));
	if (!(on & NETVSP_OFF_LSO4)) {
		c->lso2_ip4_encap = 0;
		c->lso2_ip4_max = 0;
		c->lso2_ip4_min_segs = 0;
	}
	if (!(on & NETVSP_OFF_LSO6)) {
		c->lso2_ip6_encap = 0;
		c->lso2_ip6_max = 0;
		c->lso2_ip6_min_segs = 0;
		c->lso2_ip6_opts = 0;
	}
	atomic64_inc(&np->offload_ind);
	netvsp_indicate_buf(np, RNDIS_STATUS_OFFLOAD_CURRENT, val, n);
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
	u8 *ppi = buf + sizeof(*hdr) + sizeof(*pkt), *pos = ppi;
	u32 val, hlen;

	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		return 0;
	memset(buf, 0, sizeof(*hdr) + sizeof(*pkt));
	if (skb_vlan_tag_present(skb)) {
		pos = netvsp_ppi_add(pos, RNDIS_PPI_VLAN,
				     (skb_vlan_tag_get_id(skb) << RNDIS_VLAN_ID_SHIFT) |
				     skb_vlan_tag_get_prio(skb));
		atomic64_inc(&np->off.vlan_rx);
	}
	if (READ_ONCE(np->off.on) & NETVSP_OFF_RX) {
		val = netvsp_csum_rx(np, skb);
		if (val)
			pos = netvsp_ppi_add(pos, RNDIS_PPI_CSUM, val);
	}
	pos = netvsp_ppi_add(pos, RNDIS_PPI_HASH, skb_get_hash(skb));
	hlen = pos - (u8 *)buf;
	/* The frame goes at the slot's data offset (netvsp_rx.c). */
	hdr->type = cpu_to_le32(RNDIS_MSG_PACKET);
	hdr->len = cpu_to_le32(NETVSP_RX_DATA_OFF + skb->len);
	pkt->data_offset = cpu_to_le32(NETVSP_RX_DATA_OFF - sizeof(*hdr));
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
