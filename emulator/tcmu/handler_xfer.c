/* The data path of one command: TCMU iovec <-> libmmcemu (handler_xfer.h). */
#include "handler_xfer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void mmcemu_tcmu_xfer_free(struct mmcemu_tcmu_xfer *x)
{
	free(x->out);
	free(x->in);
	x->out = x->in = NULL;
	x->out_cap = x->in_cap = 0;
}

static int grow(uint8_t **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	uint8_t *n = realloc(*buf, need);
	if (!n)
		return -ENOMEM;
	*buf = n;
	*cap = need;
	return 0;
}

static size_t iovec_length(const struct iovec *iov, size_t cnt)
{
	size_t len = 0;
	for (size_t i = 0; i < cnt; i++)
		len += iov[i].iov_len;
	return len;
}

/* The iovec's bytes, in order. The ring's iovecs split the buffer at data
 * block (page) boundaries, which a 2352-byte sector straddles. */
static void gather(uint8_t *dst, const struct iovec *iov, size_t cnt)
{
	for (size_t i = 0; i < cnt; i++) {
		if (iov[i].iov_len)
			memcpy(dst, iov[i].iov_base, iov[i].iov_len);
		dst += iov[i].iov_len;
	}
}

/* len bytes of src into the iovec, then zeros to its end. */
static void scatter_zero_rest(const struct iovec *iov, size_t cnt, const uint8_t *src,
			      size_t len)
{
	for (size_t i = 0; i < cnt; i++) {
		size_t n = iov[i].iov_len < len ? iov[i].iov_len : len;
		if (n)
			memcpy(iov[i].iov_base, src, n);
		if (iov[i].iov_len > n)
			memset((uint8_t *)iov[i].iov_base + n, 0, iov[i].iov_len - n);
		src += n;
		len -= n;
	}
}

int mmcemu_tcmu_xfer_run(struct mmcemu_drive *d, struct mmcemu_tcmu_xfer *x,
			 const uint8_t *cdb, size_t cdb_len, const struct iovec *iov,
			 size_t cnt, struct mmcemu_io *io)
{
	size_t len = iovec_length(iov, cnt);
	/* At least one byte each, so a command without data still gets
	 * valid (empty) buffers. */
	if (grow(&x->out, &x->out_cap, len ? len : 1) || grow(&x->in, &x->in_cap, len ? len : 1))
		return -ENOMEM;
	gather(x->out, iov, cnt);
	*io = (struct mmcemu_io){
		.cdb = cdb,
		.cdb_len = cdb_len,
		.data_out = x->out,
		.data_out_len = len,
		.data_in = x->in,
		.data_in_cap = len,
	};
	mmcemu_execute(d, io);
	if (io->status == 0x00 && !io->dropped && !io->device_gone && len) {
		size_t n = io->data_in_len < len ? io->data_in_len : len;
		scatter_zero_rest(iov, cnt, x->in, n);
	}
	return 0;
}
