/* Speeds and the buffer: GET PERFORMANCE, SET STREAMING, SET CD SPEED,
 * READ BUFFER CAPACITY. All speeds are kB/s (1000 B/s) as MMC counts
 * them; the drive's write speeds are the profile's list, and a requested
 * speed snaps to the fastest listed speed not above it, as real drives do
 * (the slowest when the request is below them all). */
#include <string.h>

#include "drive.h"
#include "mmc/be.h"

/* ---- speed selection ---- */

static uint32_t snap_write_speed(const struct mmcemu_profile *p, uint32_t kbps)
{
	if (!p->n_write_speeds)
		return 0;
	uint32_t best = p->write_speeds_kbps[0];
	for (unsigned i = 0; i < p->n_write_speeds; i++)
		if (p->write_speeds_kbps[i] <= kbps)
			best = p->write_speeds_kbps[i];
	return best;
}

/* The medium has one read speed: requests at or above it get it, lower
 * ones are honoured (reading slower is always possible). */
static uint32_t snap_read_speed(const struct mmcemu_profile *p, uint32_t kbps)
{
	return kbps && kbps < p->read_speed_kbps ? kbps : p->read_speed_kbps;
}

/* A new write speed also sets the rate the medium drains the drive
 * buffer at, when the buffer model runs (drive_buffer.h). */
static void set_write_speed(struct mmcemu_drive *d, uint32_t kbps)
{
	d->write_speed_kbps = kbps;
	if (d->buffer.capacity)
		buffer_set_rate(&d->buffer, clock_now_ns(&d->clk),
				drive_write_rate(d) * drive_buffer_block(d) / DISC_SECTOR_SIZE);
}

/* ---- GET PERFORMANCE (MMC-6 6.7) ---- */

#define PERF_HEADER 8
#define PERF_DESC 16

struct perf_request {
	uint8_t type;
	bool write; /* type 00h: write performance */
	uint8_t except; /* type 00h: 00b nominal, 01b/10b exceptions */
	uint32_t start_lba;
	uint16_t max_desc;
};

/* Type 00h nominal performance: one descriptor from the start LBA to
 * the end of the medium, with the speed at each end. CLV: constant; CAV:
 * growing with the radius (profile_speed_factor), as the drive records. */
static size_t perf_nominal(const struct mmcemu_drive *d, const struct perf_request *r,
			   uint8_t *p)
{
	const struct mmcemu_profile *pr = &d->media.profile;
	uint32_t end = pr->capacity ? pr->capacity - 1 : 0;
	if (r->start_lba > end)
		return 0;
	uint32_t speed = r->write ? d->write_speed_kbps : d->read_speed_kbps;
	double f = profile_speed_factor(pr, speed, r->start_lba);
	mmc_put_be32(&p[0], r->start_lba);
	mmc_put_be32(&p[4], (uint32_t)(speed * f + 0.5));
	mmc_put_be32(&p[8], end);
	mmc_put_be32(&p[12], speed);
	return 1;
}

/* Type 03h write speed descriptors (MMC-5 6.8.5.3), fastest first: WRC (CAV
 * 01b / default 00b), end LBA, read and write speed. Exact=0: the list
 * is the drive's, valid for this medium. */
static size_t perf_write_speeds(const struct mmcemu_drive *d, const struct perf_request *r,
				uint8_t *p)
{
	const struct mmcemu_profile *pr = &d->media.profile;
	(void)r;
	for (unsigned i = 0; i < pr->n_write_speeds; i++) {
		uint8_t *q = p + (size_t)i * PERF_DESC;
		memset(q, 0, PERF_DESC);
		uint32_t speed = pr->write_speeds_kbps[pr->n_write_speeds - 1 - i];
		q[0] = profile_speed_is_cav(pr, speed) ? 0x08 : 0x00;
		mmc_put_be32(&q[4], pr->capacity ? pr->capacity - 1 : 0);
		mmc_put_be32(&q[8], pr->read_speed_kbps);
		mmc_put_be32(&q[12], speed);
	}
	return pr->n_write_speeds;
}

/* Decodes the CDB; type 00h exceptions lists are empty (the emulated
 * medium has no slow zones), so only the header is returned. */
static enum mmc_sense_code perf_parse(struct mmcemu_cmd *c, struct perf_request *r)
{
	r->type = c->cdb[10];
	r->write = c->cdb[1] & 0x04;
	r->except = c->cdb[1] & 0x03;
	r->start_lba = mmc_get_be32(&c->cdb[2]);
	r->max_desc = mmc_get_be16(&c->cdb[8]);
	if (r->type != 0x00 && r->type != 0x03)
		return cdb_field_error(c, 10, 7);
	if (r->type == 0x00 && r->except == 3)
		return cdb_field_error(c, 1, 1);
	return MMC_SENSE_NO_SENSE;
}

/* The data length counts every descriptor available, the transfer only
 * the Maximum Number of Descriptors asked for: dvd+rw-mediainfo and
 * growisofs ask for one, then again for the count the length implies. */
enum mmc_sense_code cmd_get_performance(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	struct perf_request r;
	enum mmc_sense_code rc = perf_parse(c, &r);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	rc = drive_medium_ready(d);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	size_t n = 0;
	memset(c->in, 0, PERF_HEADER);
	if (r.type == 0x03)
		n = perf_write_speeds(d, &r, c->in + PERF_HEADER);
	else if (r.except == 0)
		n = perf_nominal(d, &r, c->in + PERF_HEADER);
	if (r.type == 0x00)
		c->in[4] = (uint8_t)((r.write ? 0x02 : 0) | (r.except ? 0x01 : 0));
	mmc_put_be32(&c->in[0], (uint32_t)(4 + n * PERF_DESC));
	c->in_len = PERF_HEADER + (n < r.max_desc ? n : r.max_desc) * PERF_DESC;
	return MMC_SENSE_NO_SENSE;
}

/* ---- SET STREAMING (MMC-5 6.39) ---- */

#define STREAMING_PERF_DESC 28

/* kB/s of size (kB) per time (ms); 0 when the descriptor leaves it out. */
static uint32_t perf_rate(const uint8_t *size, const uint8_t *time)
{
	uint32_t kb = mmc_get_be32(size), ms = mmc_get_be32(time);
	if (!ms)
		return 0;
	uint64_t rate = (uint64_t)kb * 1000 / ms;
	return rate > UINT32_MAX ? UINT32_MAX : (uint32_t)rate;
}

/* Type 00h performance descriptor. RDD restores the defaults; otherwise
 * read size/time and write size/time give the requested rates. A zero
 * time with a non-zero size is a division by zero the drive refuses. */
static enum mmc_sense_code streaming_performance(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	const uint8_t *p = c->out;
	if (c->out_len < STREAMING_PERF_DESC)
		return MMC_SENSE_ILLEGAL_PARAMETER_LIST_LENGTH;
	if (p[0] & 0x04) {
		drive_reset_speeds(d);
		set_write_speed(d, d->write_speed_kbps);
		return MMC_SENSE_NO_SENSE;
	}
	if (mmc_get_be32(&p[12]) && !mmc_get_be32(&p[16]))
		return param_field_error(c, 16, 7);
	if (mmc_get_be32(&p[20]) && !mmc_get_be32(&p[24]))
		return param_field_error(c, 24, 7);
	uint32_t rd = perf_rate(&p[12], &p[16]), wr = perf_rate(&p[20], &p[24]);
	const struct mmcemu_profile *pr = &d->media.profile;
	if (rd)
		d->read_speed_kbps = snap_read_speed(pr, rd);
	if (wr)
		set_write_speed(d, snap_write_speed(pr, wr));
	return MMC_SENSE_NO_SENSE;
}

/* Type 05h (DBI cache zone) and the reserved types are not supported. */
enum mmc_sense_code cmd_set_streaming(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	if (c->cdb[8] != 0x00)
		return cdb_field_error(c, 8, 7);
	enum mmc_sense_code rc = drive_medium_ready(d);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	return streaming_performance(d, c);
}

/* ---- SET CD SPEED (MMC-5 6.37) ---- */

/* Read and write speeds in kB/s, FFFFh = the fastest; rotation control
 * 00b CLV or 01b CAV (others reserved). DVD and BD drives accept it and
 * apply the figures to the loaded medium, as real ones do; with no
 * medium there is nothing to set and the command is a no-op. */
enum mmc_sense_code cmd_set_cd_speed(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	if ((c->cdb[1] & 0x03) > 1)
		return cdb_field_error(c, 1, 1);
	if (!d->has_medium)
		return MMC_SENSE_NO_SENSE;
	uint16_t rd = mmc_get_be16(&c->cdb[2]), wr = mmc_get_be16(&c->cdb[4]);
	const struct mmcemu_profile *pr = &d->media.profile;
	d->read_speed_kbps = snap_read_speed(pr, rd == 0xFFFF ? UINT32_MAX : rd);
	set_write_speed(d, snap_write_speed(pr, wr == 0xFFFF ? UINT32_MAX : wr));
	return MMC_SENSE_NO_SENSE;
}

/* ---- READ BUFFER CAPACITY (MMC-6 6.17) ---- */

/* Buffer length and free bytes: from the buffer model when it runs
 * (bytes still to be recorded at this moment of the drive's clock), else
 * the profile's buffer, always drained by the time a command arrives. */
static uint32_t buffer_length(const struct mmcemu_drive *d)
{
	uint64_t cap = d->buffer.capacity ? d->buffer.capacity : d->media.profile.buffer_bytes;
	return cap > UINT32_MAX ? UINT32_MAX : (uint32_t)cap;
}

static uint32_t buffer_free_bytes(struct mmcemu_drive *d)
{
	if (!d->buffer.capacity || !clock_is_timed(&d->clk))
		return buffer_length(d);
	uint64_t free = buffer_free(&d->buffer, clock_now_ns(&d->clk));
	return free > UINT32_MAX ? UINT32_MAX : (uint32_t)free;
}

/* Block=0: buffer length and free bytes. Block=1 (RBCB in feature
 * 0107h): free space in 2048-byte blocks. */
enum mmc_sense_code cmd_read_buffer_capacity(struct mmcemu_drive *d, struct mmcemu_cmd *c)
{
	enum mmc_sense_code rc = drive_medium_ready(d);
	if (rc != MMC_SENSE_NO_SENSE)
		return rc;
	bool block = c->cdb[1] & 0x01;
	memset(c->in, 0, 12);
	mmc_put_be16(&c->in[0], 10);
	if (block) {
		c->in[3] = 0x01;
		mmc_put_be32(&c->in[8], buffer_free_bytes(d) / drive_buffer_block(d));
	} else {
		mmc_put_be32(&c->in[4], buffer_length(d));
		mmc_put_be32(&c->in[8], buffer_free_bytes(d));
	}
	c->in_len = 12;
	return MMC_SENSE_NO_SENSE;
}
