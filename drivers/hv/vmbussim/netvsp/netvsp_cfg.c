// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: the RNDIS configuration parameters. Like
 * Hyper-V, netvsp refuses a SET of RNDIS_OID_802_3_CURRENT_ADDRESS; a
 * guest gives the adapter a new MAC address as the string parameter
 * "NetworkAddress" (12 hex digits, UTF-16LE) of a SET of
 * RNDIS_OID_GEN_RNDIS_CONFIG_PARAMETER. The parameter is guest input:
 * every offset and length is checked against the information buffer.
 */

#include <linux/etherdevice.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "netvsp.h"

/* Whether [off, off + n) lies in the buffer of @len, after the header. */
static bool netvsp_cfg_span(u32 off, u32 n, u32 len)
{
	return off >= sizeof(struct rndis_config_param) && off <= len &&
	       n <= len - off;
}

/* The UTF-16 unit at @u; as an ASCII character, or 0 if it is none. */
static char netvsp_cfg_char(const u8 *u)
{
	u16 c = u[0] | u[1] << 8;

	return c && c < 0x80 ? c : 0;
}

/* Whether the UTF-16LE string @u of @ulen bytes is @s, ignoring case. */
static bool netvsp_cfg_name_is(const u8 *u, u32 ulen, const char *s)
{
	u32 i, n = strlen(s);

	if (ulen != 2 * n)
		return false;
	for (i = 0; i < n; i++)
		if (tolower(netvsp_cfg_char(u + 2 * i)) != tolower(s[i]))
			return false;
	return true;
}

/* A MAC address from 12 hex digits in UTF-16LE at @u; false if not. */
static bool netvsp_cfg_hex_mac(const u8 *u, u8 *mac)
{
	int hi, lo;
	u32 i;

	for (i = 0; i < ETH_ALEN; i++) {
		hi = hex_to_bin(netvsp_cfg_char(u + 4 * i));
		lo = hex_to_bin(netvsp_cfg_char(u + 4 * i + 2));
		if (hi < 0 || lo < 0)
			return false;
		mac[i] = hi << 4 | lo;
	}
	return true;
}

/**
 * netvsp_cfg_mac() - read the MAC address a configuration parameter sets
 * @info: the information buffer of the SET, a struct rndis_config_param
 *	and the name and value it points to
 * @len: its length
 * @mac: set to the address
 *
 * Return: RNDIS_STATUS_SUCCESS; RNDIS_STATUS_INVALID_LENGTH if the
 * parameter's header, name or value does not lie inside @info after the
 * header; RNDIS_STATUS_NOT_SUPPORTED for a parameter other than
 * "NetworkAddress" (Hyper-V's answer to those is a guess); or
 * RNDIS_STATUS_INVALID_DATA if the value is no string of 12 hex digits
 * naming a unicast address other than zero.
 */
u32 netvsp_cfg_mac(const u8 *info, u32 len, u8 *mac)
{
	struct rndis_config_param p;
	u32 noff, nlen, voff, vlen;

	if (len < sizeof(p))
		return RNDIS_STATUS_INVALID_LENGTH;
	memcpy(&p, info, sizeof(p));
	noff = le32_to_cpu(p.name_offset);
	nlen = le32_to_cpu(p.name_len);
	voff = le32_to_cpu(p.value_offset);
	vlen = le32_to_cpu(p.value_len);
	if (!netvsp_cfg_span(noff, nlen, len) ||
	    !netvsp_cfg_span(voff, vlen, len))
		return RNDIS_STATUS_INVALID_LENGTH;
	if (!netvsp_cfg_name_is(info + noff, nlen, RNDIS_CONFIG_NETWORK_ADDRESS))
		return RNDIS_STATUS_NOT_SUPPORTED;
	if (le32_to_cpu(p.type) != RNDIS_CONFIG_PARAM_STRING ||
	    vlen != 4 * ETH_ALEN || !netvsp_cfg_hex_mac(info + voff, mac) ||
	    !is_valid_ether_addr(mac))
		return RNDIS_STATUS_INVALID_DATA;
	return RNDIS_STATUS_SUCCESS;
}

/**
 * netvsp_config_param() - a SET of RNDIS_OID_GEN_RNDIS_CONFIG_PARAMETER
 * @np: the NIC
 * @val: the information buffer
 * @len: its length
 *
 * Return: the RNDIS status of the answer.
 */
u32 netvsp_config_param(struct netvsp *np, const u8 *val, u32 len)
{
	u8 mac[ETH_ALEN];
	u32 status = netvsp_cfg_mac(val, len, mac);

	if (status != RNDIS_STATUS_SUCCESS) {
		atomic64_inc(&np->bad_msgs);
		pr_warn_ratelimited("vmbussim: netvsp: guest sent a configuration parameter refused with %#x\n",
				    status);
		return status;
	}
	spin_lock_bh(&np->lock);
	ether_addr_copy(np->mac, mac);
	spin_unlock_bh(&np->lock);
	atomic64_inc(&np->mac_cfg);
	return status;
}

/**
 * netvsp_current_address_set() - a SET of RNDIS_OID_802_3_CURRENT_ADDRESS,
 *	which Hyper-V does not support
 * @np: the NIC
 *
 * Return: RNDIS_STATUS_NOT_SUPPORTED.
 */
u32 netvsp_current_address_set(struct netvsp *np)
{
	atomic64_inc(&np->mac_oid_refused);
	return RNDIS_STATUS_NOT_SUPPORTED;
}

/**
 * netvsp_mac_stats() - the address part of the NIC's stats line: the
 *	address in force, how the guest set it, its capabilities
 * @np: the NIC
 * @m: the stats file
 */
void netvsp_mac_stats(struct netvsp *np, struct seq_file *m)
{
	u8 mac[ETH_ALEN];

	spin_lock_bh(&np->lock);
	ether_addr_copy(mac, np->mac);
	spin_unlock_bh(&np->lock);
	seq_printf(m, " mac=%pM mac_cfg=%lld mac_oid_refused=%lld guest_caps=%#llx",
		   mac, atomic64_read(&np->mac_cfg),
		   atomic64_read(&np->mac_oid_refused), READ_ONCE(np->guest_caps));
}
