// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of netvsp_l4_find(), the netvsp model's check of the IP and
 * TCP/UDP headers of a guest frame before it completes a checksum or
 * passes an LSO packet on: well-formed frames are located, and every
 * malformed one is refused.
 */

#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "netvsp.h"

#define L4T_MAX		128

/* Ethernet (with a VLAN tag if @vlan) + IPv4 + @l4 bytes of @proto. */
static u32 l4t_v4(u8 *f, bool vlan, u8 proto, u32 l4)
{
	u32 l3 = vlan ? VLAN_ETH_HLEN : ETH_HLEN;
	struct iphdr *ip = (void *)(f + l3);

	memset(f, 0, L4T_MAX);
	*(__be16 *)(f + 12) = htons(vlan ? ETH_P_8021Q : ETH_P_IP);
	if (vlan)
		*(__be16 *)(f + 16) = htons(ETH_P_IP);
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(sizeof(*ip) + l4);
	ip->protocol = proto;
	return l3 + sizeof(*ip) + l4;
}

static u32 l4t_v6(u8 *f, u8 proto, u32 l4)
{
	struct ipv6hdr *ip6 = (void *)(f + ETH_HLEN);

	memset(f, 0, L4T_MAX);
	*(__be16 *)(f + 12) = htons(ETH_P_IPV6);
	ip6->version = 6;
	ip6->payload_len = htons(l4);
	ip6->nexthdr = proto;
	return ETH_HLEN + sizeof(*ip6) + l4;
}

static void l4_good_test(struct kunit *test)
{
	struct netvsp_l4 l;
	u8 f[L4T_MAX];
	u32 len;

	len = l4t_v4(f, false, IPPROTO_TCP, sizeof(struct tcphdr));
	KUNIT_ASSERT_EQ(test, netvsp_l4_find(f, len, false, &l), 0);
	KUNIT_EXPECT_EQ(test, l.l3off, (u32)ETH_HLEN);
	KUNIT_EXPECT_EQ(test, l.l4off, (u32)(ETH_HLEN + sizeof(struct iphdr)));
	KUNIT_EXPECT_EQ(test, l.l4len, (u32)sizeof(struct tcphdr));
	KUNIT_EXPECT_FALSE(test, l.v6);
	/* Ethernet padding after the IP packet is not part of it. */
	KUNIT_ASSERT_EQ(test, netvsp_l4_find(f, len + 6, false, &l), 0);
	KUNIT_EXPECT_EQ(test, l.l4len, (u32)sizeof(struct tcphdr));

	len = l4t_v4(f, true, IPPROTO_UDP, 12);
	KUNIT_ASSERT_EQ(test, netvsp_l4_find(f, len, false, &l), 0);
	KUNIT_EXPECT_EQ(test, l.l3off, (u32)VLAN_ETH_HLEN);
	KUNIT_EXPECT_EQ(test, l.proto, (u8)IPPROTO_UDP);
	KUNIT_EXPECT_EQ(test, l.l4len, 12U);

	len = l4t_v6(f, IPPROTO_TCP, 32);
	KUNIT_ASSERT_EQ(test, netvsp_l4_find(f, len, false, &l), 0);
	KUNIT_EXPECT_TRUE(test, l.v6);
	KUNIT_EXPECT_EQ(test, l.l4off, (u32)(ETH_HLEN + sizeof(struct ipv6hdr)));
	KUNIT_EXPECT_EQ(test, l.l4len, 32U);
}

/* An LSO packet's lengths come from the frame, not its IP header. */
static void l4_lso_test(struct kunit *test)
{
	struct netvsp_l4 l;
	u8 f[L4T_MAX];
	u32 len = l4t_v4(f, false, IPPROTO_TCP, 60);

	((struct iphdr *)(f + ETH_HLEN))->tot_len = 0;
	KUNIT_EXPECT_EQ(test, netvsp_l4_find(f, len, false, &l), -EINVAL);
	KUNIT_ASSERT_EQ(test, netvsp_l4_find(f, len, true, &l), 0);
	KUNIT_EXPECT_EQ(test, l.l4len, 60U);
	len = l4t_v6(f, IPPROTO_TCP, 60);
	((struct ipv6hdr *)(f + ETH_HLEN))->payload_len = 0;
	KUNIT_ASSERT_EQ(test, netvsp_l4_find(f, len, true, &l), 0);
	KUNIT_EXPECT_EQ(test, l.l4len, 60U);
}

static void l4_bad_test(struct kunit *test)
{
	u32 tcp = sizeof(struct tcphdr), len;
	u8 f[L4T_MAX];
	struct iphdr *ip = (void *)(f + ETH_HLEN);
	struct netvsp_l4 l;

	/* Not IP. */
	len = l4t_v4(f, false, IPPROTO_TCP, tcp);
	*(__be16 *)(f + 12) = htons(ETH_P_ARP);
	KUNIT_EXPECT_EQ(test, netvsp_l4_find(f, len, false, &l), -EINVAL);
	/* Neither TCP nor UDP. */
	len = l4t_v4(f, false, IPPROTO_ICMP, tcp);
	KUNIT_EXPECT_EQ(test, netvsp_l4_find(f, len, false, &l), -EINVAL);
	/* A header length below the minimum. */
	len = l4t_v4(f, false, IPPROTO_TCP, tcp);
	ip->ihl = 4;
	KUNIT_EXPECT_EQ(test, netvsp_l4_find(f, len, false, &l), -EINVAL);
	/* A fragment, first or later. */
	len = l4t_v4(f, false, IPPROTO_TCP, tcp);
	ip->frag_off = htons(IP_MF);
	KUNIT_EXPECT_EQ(test, netvsp_l4_find(f, len, false, &l), -EINVAL);
	ip->frag_off = htons(8);
	KUNIT_EXPECT_EQ(test, netvsp_l4_find(f, len, false, &l), -EINVAL);
	/* A total length past the frame, and one inside its own header. */
	len = l4t_v4(f, false, IPPROTO_TCP, tcp);
	KUNIT_EXPECT_EQ(test, netvsp_l4_find(f, len - 1, false, &l), -EINVAL);
	ip->tot_len = htons(16);
	KUNIT_EXPECT_EQ(test, netvsp_l4_find(f, len, false, &l), -EINVAL);
	/* A TCP segment shorter than its header; a UDP one too. */
	len = l4t_v4(f, false, IPPROTO_TCP, tcp - 1);
	KUNIT_EXPECT_EQ(test, netvsp_l4_find(f, len, false, &l), -EINVAL);
	len = l4t_v4(f, false, IPPROTO_UDP, sizeof(struct udphdr) - 1);
	KUNIT_EXPECT_EQ(test, netvsp_l4_find(f, len, false, &l), -EINVAL);
	/* Too short for the IP header at all. */
	len = l4t_v4(f, false, IPPROTO_TCP, tcp);
	KUNIT_EXPECT_EQ(test, netvsp_l4_find(f, ETH_HLEN + 19, false, &l), -EINVAL);
	len = l4t_v6(f, IPPROTO_TCP, tcp);
	KUNIT_EXPECT_EQ(test, netvsp_l4_find(f, ETH_HLEN + 39, false, &l), -EINVAL);
	/* IPv6: a payload past the frame; an extension header. */
	KUNIT_EXPECT_EQ(test, netvsp_l4_find(f, len - 1, false, &l), -EINVAL);
	len = l4t_v6(f, NEXTHDR_HOP, tcp);
	KUNIT_EXPECT_EQ(test, netvsp_l4_find(f, len, false, &l), -EINVAL);
	/* LSO: the frame must still hold the IP and TCP headers. */
	len = l4t_v4(f, false, IPPROTO_TCP, tcp);
	KUNIT_EXPECT_EQ(test, netvsp_l4_find(f, len - 1, true, &l), -EINVAL);
}

static struct kunit_case l4_cases[] = {
	KUNIT_CASE(l4_good_test),
	KUNIT_CASE(l4_lso_test),
	KUNIT_CASE(l4_bad_test),
	{}
};

static struct kunit_suite l4_suite = {
	.name = "vmbussim_netvsp_l4",
	.test_cases = l4_cases,
};

kunit_test_suite(l4_suite);
