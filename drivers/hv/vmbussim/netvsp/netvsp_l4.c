// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: finding, checking and writing the IP and
 * TCP/UDP checksums of a frame, for the offloads the host performs.
 */

#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>

#include "netvsp.h"

/**
 * netvsp_l4_find() - locate a frame's IP and TCP/UDP headers
 * @f: the frame, at least ETH_HLEN bytes
 * @len: its length
 * @lso: an LSO packet: take the lengths from the frame, not the IP header
 * @l: filled in
 *
 * Return: 0, or -EINVAL if the frame is not an unfragmented TCP or UDP
 * packet over IPv4 or IPv6 (without extension headers) that fits.
 */
int netvsp_l4_find(const u8 *f, u32 len, bool lso, struct netvsp_l4 *l)
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

/**
 * netvsp_pseudo() - fold a transport segment's sum with its pseudo-header
 * @f: the frame
 * @l: from netvsp_l4_find()
 * @s: the sum of the transport header and payload
 *
 * Return: the checksum field's value (0 when checking a filled one).
 */
__sum16 netvsp_pseudo(const u8 *f, const struct netvsp_l4 *l, __wsum s)
{
	if (l->v6) {
		const struct ipv6hdr *h = (const void *)(f + l->l3off);

		return csum_ipv6_magic(&h->saddr, &h->daddr, l->l4len, l->proto, s);
	}
	return csum_tcpudp_magic(((const struct iphdr *)(f + l->l3off))->saddr,
				 ((const struct iphdr *)(f + l->l3off))->daddr,
				 l->l4len, l->proto, s);
}

/**
 * netvsp_l4_sum() - the transport checksum of a frame as it stands
 * @f: the frame
 * @l: from netvsp_l4_find()
 *
 * Return: 0 if the checksum field is right.
 */
__sum16 netvsp_l4_sum(const u8 *f, const struct netvsp_l4 *l)
{
	return netvsp_pseudo(f, l, csum_partial(f + l->l4off, l->l4len, 0));
}

/**
 * netvsp_l4_check() - the checksum field of a frame's TCP or UDP header
 * @f: the frame
 * @l: from netvsp_l4_find()
 *
 * Return: its address.
 */
__sum16 *netvsp_l4_check(u8 *f, const struct netvsp_l4 *l)
{
	if (l->proto == IPPROTO_TCP)
		return &((struct tcphdr *)(f + l->l4off))->check;
	return &((struct udphdr *)(f + l->l4off))->check;
}

/**
 * netvsp_l4_fill() - write a frame's transport checksum
 * @f: the frame
 * @l: from netvsp_l4_find()
 * @ip: also the IPv4 header's checksum
 */
void netvsp_l4_fill(u8 *f, const struct netvsp_l4 *l, bool ip)
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
