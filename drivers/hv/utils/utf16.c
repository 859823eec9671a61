// SPDX-License-Identifier: GPL-2.0
/*
 * UTF-16LE (the host's strings) to UTF-8 (the daemons') and back, for
 * KVP keys and values, addresses and file names. Both directions refuse
 * what is not valid text (unpaired surrogates, malformed or overlong
 * UTF-8) and never write beyond the destination; results are always
 * NUL-terminated.
 */
#include <linux/errno.h>
#include <linux/string.h>

#include "ic.h"

/* Byte by byte: the fields are unaligned inside packed messages. */
static u16 ic_utf16_at(const u8 *src, u32 i)
{
	return src[2 * i] | (src[2 * i + 1] << 8);
}

static void ic_utf16_put(u8 *dst, u32 i, u16 c)
{
	dst[2 * i] = c & 0xff;
	dst[2 * i + 1] = c >> 8;
}

/* Append code point @c to @dst at *@n; false if it does not fit. */
static bool ic_put_utf8(char *dst, u32 size, u32 *n, u32 c)
{
	u32 len = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
	u32 i;

	if (*n + len >= size)	/* room for the NUL too */
		return false;
	if (len == 1) {
		dst[(*n)++] = c;
		return true;
	}
	dst[*n] = (0xf0 << (4 - len)) | (c >> (6 * (len - 1)));
	for (i = 1; i < len; i++)
		dst[*n + i] = 0x80 | ((c >> (6 * (len - 1 - i))) & 0x3f);
	*n += len;
	return true;
}

/**
 * ic_utf16_to_utf8() - convert a UTF-16LE string to UTF-8
 * @src: the string, possibly unaligned
 * @src_bytes: bytes of @src that may be read; conversion stops at a NUL
 *	unit or there (an odd last byte is ignored)
 * @dst: the result, always NUL-terminated
 * @dst_size: bytes of @dst, at least 1
 *
 * Return: bytes written before the NUL; -EILSEQ for an unpaired
 * surrogate; -ENAMETOOLONG if @dst is too small.
 */
int ic_utf16_to_utf8(const u8 *src, u32 src_bytes, char *dst, u32 dst_size)
{
	u32 units = src_bytes / 2, i, n = 0, c, lo;

	dst[0] = '\0';
	for (i = 0; i < units; i++) {
		c = ic_utf16_at(src, i);
		if (!c)
			break;
		if (c >= 0xdc00 && c <= 0xdfff)
			return -EILSEQ;
		if (c >= 0xd800 && c <= 0xdbff) {
			if (i + 1 >= units)
				return -EILSEQ;
			lo = ic_utf16_at(src, i + 1);
			if (lo < 0xdc00 || lo > 0xdfff)
				return -EILSEQ;
			c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
			i++;
		}
		if (!ic_put_utf8(dst, dst_size, &n, c)) {
			dst[n] = '\0';
			return -ENAMETOOLONG;
		}
	}
	dst[n] = '\0';
	return n;
}

/* Decode one code point at @s (at most @left bytes); its length or 0. */
static u32 ic_get_utf8(const u8 *s, u32 left, u32 *c)
{
	static const u32 min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	u32 len, i;

	if (s[0] < 0x80) {
		*c = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		len = 2;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4;
	else
		return 0;
	if (len > left)
		return 0;
	*c = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*c = (*c << 6) | (s[i] & 0x3f);
	}
	if (*c < min[len] || *c > 0x10ffff || (*c >= 0xd800 && *c <= 0xdfff))
		return 0;
	return len;
}

/**
 * ic_utf8_to_utf16() - convert a UTF-8 string to UTF-16LE
 * @src: the string
 * @src_len: bytes of @src that may be read; conversion stops at a NUL
 *	or there
 * @dst: the result, NUL-terminated, possibly unaligned
 * @dst_units: 16-bit units of @dst, at least 1
 *
 * Return: units written before the NUL; -EILSEQ for malformed UTF-8;
 * -ENAMETOOLONG if @dst is too small.
 */
int ic_utf8_to_utf16(const char *src, u32 src_len, u8 *dst, u32 dst_units)
{
	const u8 *s = (const u8 *)src;
	u32 i = 0, n = 0, c, len;

	ic_utf16_put(dst, 0, 0);
	while (i < src_len && s[i]) {
		len = ic_get_utf8(s + i, src_len - i, &c);
		if (!len)
			return -EILSEQ;
		if (n + (c >= 0x10000 ? 2 : 1) >= dst_units)
			return -ENAMETOOLONG;
		if (c >= 0x10000) {
			c -= 0x10000;
			ic_utf16_put(dst, n++, 0xd800 + (c >> 10));
			ic_utf16_put(dst, n++, 0xdc00 + (c & 0x3ff));
		} else {
			ic_utf16_put(dst, n++, c);
		}
		i += len;
	}
	ic_utf16_put(dst, n, 0);
	return n;
}
