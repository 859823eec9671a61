// SPDX-License-Identifier: GPL-2.0
/*
 * storvsp's backing stores: a LUN keeps its blocks in RAM (vmalloc) or in
 * a file the host opens (a block device or a regular file).
 */
#include <linux/fs.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "../core/model.h"
#include "storvsp.h"

/**
 * storvsp_lun_backing() - give a new LUN its backing store
 * @l: the LUN
 * @bytes: capacity; 0 with a file: the file's size
 * @path: a file to back the LUN, or NULL for RAM
 *
 * Return: 0 or a negative errno (the caller frees what was set up).
 */
int storvsp_lun_backing(struct storvsp_lun *l, u64 bytes, const char *path)
{
	if (path) {
		l->file = filp_open(path, O_RDWR | O_LARGEFILE, 0);
		if (IS_ERR(l->file)) {
			int ret = PTR_ERR(l->file);

			l->file = NULL;
			return ret;
		}
		if (!bytes)
			bytes = i_size_read(file_inode(l->file));
	} else if (bytes > STORVSP_MAX_RAM) {
		return -E2BIG;
	}
	bytes = round_down(bytes, STORVSP_BLOCK_SIZE);
	if (bytes < STORVSP_MIN_BYTES)
		return -EINVAL;
	l->blocks = bytes / STORVSP_BLOCK_SIZE;
	if (!path) {
		l->ram = vzalloc(bytes);
		if (!l->ram)
			return -ENOMEM;
	}
	return 0;
}

/**
 * storvsp_lun_io() - read or write a file-backed LUN
 * @l: the LUN
 * @off: byte offset
 * @buf: the data
 * @len: its length
 * @write: write (else read)
 *
 * Return: 0 or -EIO.
 */
int storvsp_lun_io(struct storvsp_lun *l, u64 off, void *buf, u32 len,
		   bool write)
{
	loff_t pos = off;
	ssize_t n;

	while (len) {
		n = write ? kernel_write(l->file, buf, len, &pos) :
			    kernel_read(l->file, buf, len, &pos);
		if (n <= 0) {
			/* Past the end of a sparse file reads zeros. */
			if (!write && !n) {
				memset(buf, 0, len);
				return 0;
			}
			return -EIO;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

/**
 * storvsp_lun_sync() - flush a LUN's backing store
 * @l: the LUN
 *
 * Return: 0 or -EIO.
 */
int storvsp_lun_sync(struct storvsp_lun *l)
{
	return l->file && vfs_fsync(l->file, 0) ? -EIO : 0;
}
