/* The data path of one command between TCMU's iovec and libmmcemu,
 * kept free of libtcmu so it is unit tested (test_tcmu_xfer) without a
 * kernel. docs/tcmu-handler.md, "What the handler does with a command". */
#ifndef MMCEMU_TCMU_HANDLER_XFER_H
#define MMCEMU_TCMU_HANDLER_XFER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "mmcemu/mmcemu.h"

/* One worker thread's transfer buffers, grown on demand. */
struct mmcemu_tcmu_xfer {
	uint8_t *out, *in;
	size_t out_cap, in_cap;
};

void mmcemu_tcmu_xfer_free(struct mmcemu_tcmu_xfer *x);

/* Runs cdb on the drive with the command's data buffer iov[0..cnt).
 *
 * The buffer's size is the transfer length the initiator asked for (the
 * kernel sizes TCMU's iovec from it and from nothing else: no block size
 * is assumed anywhere on the path), so the emulator gets exactly that many
 * bytes both ways and checks them against the CDB and the current write
 * parameters itself: 2048 bytes a sector for mode 1, 2352 for CD-DA, 2352
 * plus 16 or 96 for READ CD with sub-channel, an allocation length for the
 * rest. TCMU does not say which way the data goes, so the iovec's bytes
 * are the data-out (stale for a data-in command, and ignored by it) and a
 * buffer as large is the data-in.
 *
 * GOOD: the data-in bytes are copied into the iovec and the rest of it is
 * zeroed (libtcmu 1.5.4 cannot report a residual: the initiator receives
 * the whole buffer and must not see stale ring contents), also when a
 * data-in command transferred nothing. A data-out command's iovec is
 * zeroed too: the kernel never copies it back. Otherwise the iovec is
 * left alone. io is the command as executed (status, sense,
 * dropped, device_gone). Returns 0, or -ENOMEM with io untouched. */
int mmcemu_tcmu_xfer_run(struct mmcemu_drive *d, struct mmcemu_tcmu_xfer *x,
			 const uint8_t *cdb, size_t cdb_len, const struct iovec *iov,
			 size_t cnt, struct mmcemu_io *io);

#endif
