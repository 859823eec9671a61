// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc: task offloads. At probe the host's capabilities
 * (OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES) decide which netdev features
 * the NIC offers; the features in force are sent to the host as
 * OID_TCP_OFFLOAD_PARAMETERS, again whenever ethtool -K changes them.
 * Per frame, per-packet infos ask the host to complete a checksum,
 * segment a TSO packet (LSOv2) or insert a VLAN tag, and tell the guest
 * whether a received frame's checksums are valid, its VLAN tag and its
 * hash.
 */

#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip6_checksum.h>
#include <net/tcp.h>

#include "netvsc.h"
#include <linux/hyperv/spec/ndis.h>
#include "rndis_parse.h"

#define NETVSC_CSUM_FEATURES	(NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM)
#define NETVSC_OFFLOAD_FEATURES	(NETVSC_CSUM_FEATURES | NETIF_F_TSO | \
				 NETIF_F_TSO6 | NETIF_F_RXCSUM)
/* The smallest LSO limit worth offering TSO for. */
#define NETVSC_LSO_MIN		(16 * 1024)

/* What the host's capabilities allow, as NETVSC_HOST_* bits. */
static u32 netvsc_host_bits(const struct ndis_offload_caps *c, bool udp)
{
	u32 t4 = le32_to_cpu(c->ip4_tx), t6 = le32_to_cpu(c->ip6_tx);
	u32 r4 = le32_to_cpu(c->ip4_rx), r6 = le32_to_cpu(c->ip6_rx);
	u32 bits = 0;

	if (t4 & NDIS_CSUM_CAP_TCP4)
		bits |= NETVSC_HOST_TCP4;
	if (udp && (t4 & NDIS_CSUM_CAP_UDP4))
		bits |= NETVSC_HOST_UDP4;
	if (t6 & NDIS_CSUM_CAP_TCP6)
		bits |= NETVSC_HOST_TCP6;
	if (udp && (t6 & NDIS_CSUM_CAP_UDP6))
		bits |= NETVSC_HOST_UDP6;
	if ((r4 & NDIS_CSUM_CAP_TCP4) && (r6 & NDIS_CSUM_CAP_TCP6))
		bits |= NETVSC_HOST_RXCSUM;
	if (le32_to_cpu(c->lso2_ip4_encap) & NDIS_ENCAP_8023 &&
	    le32_to_cpu(c->lso2_ip4_max) >= NETVSC_LSO_MIN)
		bits |= NETVSC_HOST_LSO4;
	if (le32_to_cpu(c->lso2_ip6_encap) & NDIS_ENCAP_8023 &&
	    le32_to_cpu(c->lso2_ip6_max) >= NETVSC_LSO_MIN &&
	    (le32_to_cpu(c->lso2_ip6_opts) & NDIS_LSO2_CAP_TCP6_OPTS))
		bits |= NETVSC_HOST_LSO6;
	return bits;
}

static netdev_features_t netvsc_host_features(u32 bits)
{
	netdev_features_t f = 0;

	if (bits & NETVSC_HOST_TCP4)
		f |= NETIF_F_IP_CSUM;
	if (bits & NETVSC_HOST_TCP6)
		f |= NETIF_F_IPV6_CSUM;
	if (bits & NETVSC_HOST_RXCSUM)
		f |= NETIF_F_RXCSUM;
	if ((bits & NETVSC_HOST_LSO4) && (f & NETIF_F_IP_CSUM))
		f |= NETIF_F_TSO;
	if ((bits & NETVSC_HOST_LSO6) && (f & NETIF_F_IPV6_CSUM))
		f |= NETIF_F_TSO6;
	return f;
}

static u8 netvsc_csum_param(bool tx, bool rx)
{
	if (tx && rx)
		return NDIS_PARAM_CSUM_TX_RX;
	if (tx)
		return NDIS_PARAM_CSUM_TX;
	return rx ? NDIS_PARAM_CSUM_RX : NDIS_PARAM_CSUM_OFF;
}

/**
 * netvsc_offload_apply() - tell the host which offloads to perform
 * @nd: the device
 * @f: the netdev features that will be in force
 *
 * Return: as netvsc_rndis_set().
 */
int netvsc_offload_apply(struct netvsc_dev *nd, netdev_features_t f)
{
	struct ndis_offload_params p = {
		.hdr.type = NDIS_OBJ_TYPE_DEFAULT,
		.hdr.rev = NDIS_OFFLOAD_PARAMS_REV_3,
	};
	bool rx = f & NETIF_F_RXCSUM, v4 = f & NETIF_F_IP_CSUM;
	bool v6 = f & NETIF_F_IPV6_CSUM;
	u32 size = NDIS_OFFLOAD_PARAMS_SIZE;

	p.ip4_csum = netvsc_csum_param(false, rx);
	p.tcp4_csum = netvsc_csum_param(v4, rx);
	p.tcp6_csum = netvsc_csum_param(v6, rx);
	if (nd->nvsp_ver > NVSP_VER_4) {
		p.udp4_csum = netvsc_csum_param(v4 && (nd->host_off & NETVSC_HOST_UDP4),
						rx);
		p.udp6_csum = netvsc_csum_param(v6 && (nd->host_off & NETVSC_HOST_UDP6),
						rx);
	} else {
		size = NDIS_OFFLOAD_PARAMS_SIZE_V4;
	}
	p.lso2_ip4 = f & NETIF_F_TSO ? NDIS_PARAM_LSO2_ON : NDIS_PARAM_LSO2_OFF;
	p.lso2_ip6 = f & NETIF_F_TSO6 ? NDIS_PARAM_LSO2_ON : NDIS_PARAM_LSO2_OFF;
	p.hdr.size = cpu_to_le16(size);
	return netvsc_rndis_set(nd, RNDIS_OID_TCP_OFFLOAD_PARAMETERS, &p, size);
}

/**
 * netvsc_offload_init() - learn the host's offloads and set the netdev
 *	features from them
 * @nd: the device, RNDIS initialized, not yet registered
 *
 * A host that does not answer the capabilities query gets no offloads.
 *
 * Return: 0, or the error of setting the parameters.
 */
int netvsc_offload_init(struct netvsc_dev *nd)
{
	struct net_device *ndev = nd->ndev;
	struct ndis_offload_caps c = {};
	u32 len = sizeof(c), max;
	netdev_features_t f;

	nd->host_off = 0;
	if (nd->nvsp_ver >= NVSP_VER_2 &&
	    !netvsc_rndis_query(nd, RNDIS_OID_TCP_OFFLOAD_HW_CAPS, &c, &len) &&
	    len >= NDIS_OFFLOAD_CAPS_SIZE_1 && c.hdr.type == NDIS_OBJ_TYPE_OFFLOAD &&
	    c.hdr.rev >= NDIS_OFFLOAD_CAPS_REV_1 &&
	    le16_to_cpu(c.hdr.size) >= NDIS_OFFLOAD_CAPS_SIZE_1)
		nd->host_off = netvsc_host_bits(&c, nd->nvsp_ver > NVSP_VER_4);
	f = netvsc_host_features(nd->host_off);
	if (f & (NETIF_F_TSO | NETIF_F_TSO6)) {
		max = min(le32_to_cpu(c.lso2_ip4_max), le32_to_cpu(c.lso2_ip6_max));
		if (!(f & NETIF_F_TSO6))
			max = le32_to_cpu(c.lso2_ip4_max);
		else if (!(f & NETIF_F_TSO))
			max = le32_to_cpu(c.lso2_ip6_max);
		netif_set_tso_max_size(ndev, min_t(u32, max, GSO_LEGACY_MAX_SIZE));
	}
	ndev->hw_features |= f;
	ndev->features |= f;
	ndev->vlan_features |= NETIF_F_SG | (f & ~NETIF_F_RXCSUM);
	if (!f)
		return 0;
	return netvsc_offload_apply(nd, ndev->features);
}

/**
 * netvsc_set_features() - ndo_set_features: re-set the host's offload
 *	parameters when an offload is turned on or off
 * @ndev: the device
 * @f: the features wanted
 *
 * Return: 0 or the error of the request (the features stay as they were).
 */
int netvsc_set_features(struct net_device *ndev, netdev_features_t f)
{
	struct netvsc_dev *nd = netdev_priv(ndev);

	if (!((ndev->features ^ f) & NETVSC_OFFLOAD_FEATURES))
		return 0;
	return netvsc_offload_apply(nd, f);
}

/* LSOv2: the host wants the pseudo-header sums without the length. */
static u32 netvsc_tx_lso(struct sk_buff *skb)
{
	u32 val = skb_shinfo(skb)->gso_size | RNDIS_LSO2_TYPE_V2 |
		  skb_transport_offset(skb) << RNDIS_LSO2_TCP_OFF_SHIFT;

	if (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV6) {
		tcp_hdr(skb)->check = ~csum_ipv6_magic(&ipv6_hdr(skb)->saddr,
						       &ipv6_hdr(skb)->daddr,
						       0, IPPROTO_TCP, 0);
		return val | RNDIS_LSO2_IPV6;
	}
	ip_hdr(skb)->check = 0;
	tcp_hdr(skb)->check = ~csum_tcpudp_magic(ip_hdr(skb)->saddr,
						 ip_hdr(skb)->daddr, 0,
						 IPPROTO_TCP, 0);
	return val;
}

/* The checksum info of a CHECKSUM_PARTIAL frame; 0 to do it here. */
static u32 netvsc_tx_csum(struct netvsc_dev *nd, struct sk_buff *skb)
{
	u32 val = skb_transport_offset(skb) << RNDIS_CSUM_TX_TCP_OFF_SHIFT;
	u8 proto;

	if (skb->protocol == htons(ETH_P_IP)) {
		proto = ip_hdr(skb)->protocol;
		if (proto == IPPROTO_TCP && (nd->host_off & NETVSC_HOST_TCP4))
			return val | RNDIS_CSUM_TX_IPV4 | RNDIS_CSUM_TX_TCP;
		if (proto == IPPROTO_UDP && (nd->host_off & NETVSC_HOST_UDP4))
			return val | RNDIS_CSUM_TX_IPV4 | RNDIS_CSUM_TX_UDP;
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		proto = ipv6_hdr(skb)->nexthdr;
		if (proto == IPPROTO_TCP && (nd->host_off & NETVSC_HOST_TCP6))
			return val | RNDIS_CSUM_TX_IPV6 | RNDIS_CSUM_TX_TCP;
		if (proto == IPPROTO_UDP && (nd->host_off & NETVSC_HOST_UDP6))
			return val | RNDIS_CSUM_TX_IPV6 | RNDIS_CSUM_TX_UDP;
	}
	return 0;
}

/**
 * netvsc_tx_ppi() - build the per-packet infos a frame needs
 * @nd: the device
 * @skb: the frame
 * @buf: NETVSC_TX_PPI_MAX bytes for the infos
 *
 * A checksum the host cannot complete is computed here instead. The
 * headers of a TSO frame are prepared as the host expects them.
 *
 * Return: bytes written to @buf, or a negative errno (drop the frame).
 */
int netvsc_tx_ppi(struct netvsc_dev *nd, struct sk_buff *skb, void *buf)
{
	void *pos = buf;
	u32 csum;
	int ret;

	if (skb_vlan_tag_present(skb))
		pos = rndis_ppi_put(pos, RNDIS_PPI_VLAN,
				    (skb_vlan_tag_get_id(skb) << RNDIS_VLAN_ID_SHIFT) |
				    skb_vlan_tag_get_prio(skb));
	if (skb_is_gso(skb)) {
		ret = skb_cow_head(skb, 0);
		if (ret)
			return ret;
		pos = rndis_ppi_put(pos, RNDIS_PPI_LSO, netvsc_tx_lso(skb));
	} else if (skb->ip_summed == CHECKSUM_PARTIAL) {
		csum = netvsc_tx_csum(nd, skb);
		if (csum) {
			pos = rndis_ppi_put(pos, RNDIS_PPI_CSUM, csum);
		} else {
			ret = skb_checksum_help(skb);
			if (ret)
				return ret;
		}
	}
	return pos - buf;
}

/**
 * netvsc_rx_ppi_parse() - read the per-packet infos of a received frame
 * @ppi: the info area, its bounds checked by rndis_packet_parse()
 * @len: its length
 * @info: filled in
 *
 * Return: 0, or -EINVAL for a malformed area.
 */
int netvsc_rx_ppi_parse(const void *ppi, u32 len, struct netvsc_rx_info *info)
{
	const __le32 *csum, *vlan, *hash;

	if (rndis_ppi_find(ppi, len, RNDIS_PPI_CSUM, sizeof(*csum),
			   (const void **)&csum) ||
	    rndis_ppi_find(ppi, len, RNDIS_PPI_VLAN, sizeof(*vlan),
			   (const void **)&vlan) ||
	    rndis_ppi_find(ppi, len, RNDIS_PPI_HASH, sizeof(*hash),
			   (const void **)&hash))
		return -EINVAL;
	info->csum = csum ? le32_to_cpu(*csum) : 0;
	info->has_vlan = vlan;
	info->vlan = vlan ? le32_to_cpu(*vlan) : 0;
	info->has_hash = hash;
	info->hash = hash ? le32_to_cpu(*hash) : 0;
	return 0;
}

/* Whether the host vouches for every checksum of the frame. */
static bool netvsc_rx_csum_ok(u32 csum, __be16 proto)
{
	if (csum & (RNDIS_CSUM_RX_TCP_FAILED | RNDIS_CSUM_RX_UDP_FAILED |
		    RNDIS_CSUM_RX_IP_FAILED))
		return false;
	if (!(csum & (RNDIS_CSUM_RX_TCP_OK | RNDIS_CSUM_RX_UDP_OK)))
		return false;
	if (proto == htons(ETH_P_IP))
		return csum & RNDIS_CSUM_RX_IP_OK;
	return proto == htons(ETH_P_IPV6);
}

/**
 * netvsc_rx_ppi_apply() - apply what the infos say to the frame's skb
 * @ndev: the device
 * @skb: the frame, its protocol set
 * @info: from netvsc_rx_ppi_parse()
 */
void netvsc_rx_ppi_apply(struct net_device *ndev, struct sk_buff *skb,
			 const struct netvsc_rx_info *info)
{
	u32 v = info->vlan;

	if ((ndev->features & NETIF_F_RXCSUM) &&
	    netvsc_rx_csum_ok(info->csum, skb->protocol))
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	if (info->has_vlan)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q),
				       ((v >> RNDIS_VLAN_ID_SHIFT) & RNDIS_VLAN_ID_MASK) |
				       ((v & RNDIS_VLAN_PRI_MASK) << VLAN_PRIO_SHIFT));
	if (info->has_hash && (ndev->features & NETIF_F_RXHASH))
		skb_set_hash(skb, info->hash, PKT_HASH_TYPE_L4);
}
