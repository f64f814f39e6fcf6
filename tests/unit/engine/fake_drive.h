/* A scripted in-memory drive behind a db_transport, for engine unit tests
 * that need no emulator: it stores WRITE data by LBA, answers the few
 * commands the write engine sends, and can be told to fail the next
 * commands with given sense, or to block each WRITE for a while (cancel
 * tests). Header-only; include after <cmocka.h>. */
#ifndef FAKE_DRIVE_H
#define FAKE_DRIVE_H

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "discburn/device.h"
#include "discburn/recorder.h"
#include "discburn/transport.h"
#include "mmc/be.h"
#include "mmc/opcodes.h"
#include "mmc/sense.h"

#define FAKE_SECTORS 4096
#define FAKE_MAX_SCRIPT 16
#define FAKE_LOG 4096

struct fake_drive {
	struct db_transport base;
	pthread_mutex_t lock;
	unsigned char *disc; /* FAKE_SECTORS x 2048 */
	uint16_t profile;
	size_t max_transfer;
	/* Bytes a WRITE carries per block: 2048, or 2352 for CD-DA (page
	 * 05h data block type 0); the disc keeps 2352-byte slots. */
	size_t sector_bytes;
	/* Scripted failures for the next commands whose opcode matches
	 * (0xFF: any). */
	struct {
		uint8_t opcode;
		struct mmc_sense sense;
	} script[FAKE_MAX_SCRIPT];
	unsigned n_script;
	/* Each WRITE sleeps this long (cancel tests). */
	unsigned write_delay_ms;
	/* Misbehaviour: the n-th WRITE (1-based) reports this residual. */
	unsigned resid_on_write;
	size_t write_resid;
	/* Misbehaviour: every command ends in CHECK CONDITION with these
	 * sense bytes (garbage_sense_len 0: no sense at all). */
	bool garbage_sense;
	uint8_t garbage_sense_bytes[18];
	size_t garbage_sense_len;
	/* What was sent. */
	uint8_t log_op[FAKE_LOG];
	uint32_t log_blocks[FAKE_LOG];
	bool log_streaming[FAKE_LOG];
	uint8_t log_cdb1[FAKE_LOG], log_cdb4[FAKE_LOG]; /* START STOP UNIT: Immed; LoEj, Start */
	unsigned n_log;
	unsigned writes;
	unsigned rbc_polls;
	unsigned host_waited_ms; /* backoff and polling waits, not slept */
	bool closed;
};

static void fake_sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static bool fake_scripted(struct fake_drive *f, struct db_cmd *c)
{
	for (unsigned i = 0; i < f->n_script; i++) {
		if (f->script[i].opcode != 0xFF && f->script[i].opcode != c->cdb[0])
			continue;
		c->scsi_status = DB_SCSI_CHECK_CONDITION;
		c->sense_len = mmc_sense_encode(c->sense, f->script[i].sense, NULL);
		memmove(&f->script[i], &f->script[i + 1], (f->n_script - i - 1) * sizeof(f->script[0]));
		f->n_script--;
		return true;
	}
	return false;
}

static void fake_check(struct db_cmd *c, enum mmc_sense_code code)
{
	c->scsi_status = DB_SCSI_CHECK_CONDITION;
	c->sense_len = mmc_sense_encode(c->sense, mmc_sense_of(code), NULL);
}

static void fake_write(struct fake_drive *f, struct db_cmd *c)
{
	int64_t lba = (int32_t)mmc_get_be32(&c->cdb[2]);
	uint32_t n = c->cdb[0] == MMC_OP_WRITE_10 ? mmc_get_be16(&c->cdb[7]) : mmc_get_be32(&c->cdb[6]);
	size_t bs = f->sector_bytes ? f->sector_bytes : 2048;
	if (lba < 0 || lba + n > FAKE_SECTORS || c->len != (size_t)n * bs) {
		fake_check(c, MMC_SENSE_ILLEGAL_LBA_OUT_OF_RANGE);
		return;
	}
	memcpy(f->disc + lba * (int64_t)bs, c->buf, c->len);
	f->writes++;
}

static void fake_answer(struct fake_drive *f, struct db_cmd *c)
{
	uint8_t *b = c->buf;
	switch (c->cdb[0]) {
	case MMC_OP_WRITE_10:
	case MMC_OP_WRITE_12:
		fake_write(f, c);
		break;
	case MMC_OP_READ_BUFFER_CAPACITY:
		f->rbc_polls++;
		memset(b, 0, c->len);
		mmc_put_be16(b, 10);
		mmc_put_be32(b + 4, 4 << 20);
		mmc_put_be32(b + 8, 4 << 20);
		break;
	case MMC_OP_GET_CONFIGURATION:
		memset(b, 0, c->len);
		if (c->len >= 8) {
			mmc_put_be32(b, 4);
			mmc_put_be16(b + 6, f->profile);
		}
		c->resid = c->len > 8 ? c->len - 8 : 0;
		break;
	case MMC_OP_INQUIRY:
		fake_check(c, MMC_SENSE_ILLEGAL_INVALID_FIELD_IN_CDB); /* no VPD B0h */
		break;
	default:
		break; /* TUR, SYNCHRONIZE CACHE...: GOOD */
	}
}

static db_status fake_execute(struct db_transport *t, struct db_cmd *c)
{
	struct fake_drive *f = (struct fake_drive *)t;
	bool is_write = c->cdb[0] == MMC_OP_WRITE_10 || c->cdb[0] == MMC_OP_WRITE_12;
	if (is_write && f->write_delay_ms)
		fake_sleep_ms(f->write_delay_ms);
	pthread_mutex_lock(&f->lock);
	if (f->n_log < FAKE_LOG) {
		f->log_op[f->n_log] = c->cdb[0];
		f->log_blocks[f->n_log] = c->cdb[0] == MMC_OP_WRITE_12 ? mmc_get_be32(&c->cdb[6])
					  : c->cdb[0] == MMC_OP_WRITE_10 ? mmc_get_be16(&c->cdb[7])
									  : 0;
		f->log_streaming[f->n_log] = c->cdb[0] == MMC_OP_WRITE_12 && (c->cdb[10] & 0x80);
		f->log_cdb1[f->n_log] = c->cdb[1];
		f->log_cdb4[f->n_log] = c->cdb[4];
		f->n_log++;
	}
	if (f->garbage_sense) {
		c->scsi_status = DB_SCSI_CHECK_CONDITION;
		memcpy(c->sense, f->garbage_sense_bytes, f->garbage_sense_len);
		c->sense_len = f->garbage_sense_len;
	} else if (!fake_scripted(f, c)) {
		fake_answer(f, c);
		if (is_write && f->resid_on_write && f->writes == f->resid_on_write)
			c->resid = f->write_resid;
	}
	pthread_mutex_unlock(&f->lock);
	return DB_S_OK;
}

static size_t fake_max_transfer(struct db_transport *t)
{
	return ((struct fake_drive *)t)->max_transfer;
}

/* Host waits pass on the fake's own account, without sleeping: retry
 * tests run in no wall time and can check how long the host waited. */
static void fake_host_wait(struct db_transport *t, unsigned ms)
{
	struct fake_drive *f = (struct fake_drive *)t;
	pthread_mutex_lock(&f->lock);
	f->host_waited_ms += ms;
	pthread_mutex_unlock(&f->lock);
}

/* ...and that account is the fake's clock: a host that waits for a
 * deadline (WriteEngine pacing) reaches it without sleeping. */
static uint64_t fake_now_ns(struct db_transport *t)
{
	struct fake_drive *f = (struct fake_drive *)t;
	pthread_mutex_lock(&f->lock);
	uint64_t ns = (uint64_t)f->host_waited_ms * 1000000u;
	pthread_mutex_unlock(&f->lock);
	return ns;
}

static void fake_close(struct db_transport *t)
{
	((struct fake_drive *)t)->closed = true; /* the test owns the memory */
}

static const struct db_transport_ops fake_ops = {
	.name = "fake",
	.execute = fake_execute,
	.max_transfer = fake_max_transfer,
	.host_wait = fake_host_wait,
	.now_ns = fake_now_ns,
	.close = fake_close,
};

static struct fake_drive *fake_new(uint16_t profile)
{
	struct fake_drive *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->base.ops = &fake_ops;
	strcpy(f->base.path, "fake");
	f->disc = calloc(FAKE_SECTORS, 2352);
	assert_non_null(f->disc);
	f->profile = profile;
	f->max_transfer = 64 << 10;
	pthread_mutex_init(&f->lock, NULL);
	return f;
}

static void fake_free(struct fake_drive *f)
{
	pthread_mutex_destroy(&f->lock);
	free(f->disc);
	free(f);
}

static void fake_fail_next(struct fake_drive *f, uint8_t opcode, enum mmc_sense_code code)
{
	pthread_mutex_lock(&f->lock);
	f->script[f->n_script].opcode = opcode;
	f->script[f->n_script].sense = mmc_sense_of(code);
	f->n_script++;
	pthread_mutex_unlock(&f->lock);
}

/* A recorder over the fake (the recorder owns the device, not f). */
static struct db_recorder *fake_recorder(struct fake_drive *f)
{
	struct db_device *d;
	struct db_recorder *r;
	assert_int_equal(db_device_wrap(&f->base, &d), DB_S_OK);
	struct db_retry_policy p;
	db_device_get_retry_policy(d, &p);
	p.backoff_min_ms = 1;
	p.backoff_max_ms = 5;
	p.ready_wait_ms = 200;
	db_device_set_retry_policy(d, &p);
	assert_int_equal(db_recorder_from_device(d, &r), DB_S_OK);
	return r;
}

#endif
