/* The initiator's command policy, in one place: deliver, read the sense,
 * retry what a burner is expected to retry, map the rest to a status. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "discburn/device.h"
#include "discburn/mmc.h"
#include "discburn/sense_map.h"
#include "mmc/opcodes.h"

struct db_device {
	struct db_transport *t;
	struct db_retry_policy policy;
	db_cancel_check cancel;
	void *cancel_ctx;
	struct mmc_sense last_sense;
	uint8_t last_opcode;
	size_t max_transfer; /* cached; SIZE_MAX until probed */
	struct db_device_stats stats;
};

static const struct db_retry_policy default_policy = {
	.unit_attention_retries = 2,
	.ready_wait_ms = 120000,
	.backoff_min_ms = 10,
	.backoff_max_ms = 500,
};

db_status db_device_wrap(struct db_transport *t, struct db_device **out)
{
	*out = NULL;
	struct db_device *d = calloc(1, sizeof(*d));
	if (!d) {
		db_transport_close(t);
		return DB_E_OUTOFMEMORY;
	}
	d->t = t;
	d->policy = default_policy;
	d->max_transfer = SIZE_MAX;
	*out = d;
	return DB_S_OK;
}

db_status db_device_open(const char *drive, unsigned flags, struct db_device **out)
{
	struct db_transport *t;
	*out = NULL;
	db_status st = db_transport_open(drive, flags, &t);
	if (db_failed(st))
		return st;
	return db_device_wrap(t, out);
}

void db_device_close(struct db_device *d)
{
	if (!d)
		return;
	db_transport_close(d->t);
	free(d);
}

struct db_transport *db_device_transport(struct db_device *d)
{
	return d->t;
}

void db_device_get_retry_policy(const struct db_device *d, struct db_retry_policy *p)
{
	*p = d->policy;
}

void db_device_set_retry_policy(struct db_device *d, const struct db_retry_policy *p)
{
	d->policy = *p;
}

void db_device_set_cancel_check(struct db_device *d, db_cancel_check fn, void *ctx)
{
	d->cancel = fn;
	d->cancel_ctx = ctx;
}

void db_device_get_cancel_check(const struct db_device *d, db_cancel_check *fn, void **ctx)
{
	*fn = d->cancel;
	*ctx = d->cancel_ctx;
}

struct mmc_sense db_device_last_sense(const struct db_device *d)
{
	return d->last_sense;
}

uint8_t db_device_last_opcode(const struct db_device *d)
{
	return d->last_opcode;
}

void db_device_get_stats(const struct db_device *d, struct db_device_stats *out)
{
	*out = d->stats;
}

static bool cancelled(const struct db_device *d)
{
	return d->cancel && d->cancel(d->cancel_ctx);
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

void db_device_host_wait(struct db_device *d, unsigned ms)
{
	if (d->t->ops->host_wait)
		d->t->ops->host_wait(d->t, ms);
	else
		sleep_ms(ms);
}

uint64_t db_device_now_ns(struct db_device *d)
{
	if (d->t->ops->now_ns)
		return d->t->ops->now_ns(d->t);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t db_device_now_ms(struct db_device *d)
{
	return db_device_now_ns(d) / 1000000u;
}

/* One wait of the bounded backoff: doubles from backoff_min_ms up to
 * backoff_max_ms, and fails once the total would pass ready_wait_ms. */
struct backoff {
	unsigned next_ms;
	unsigned waited_ms;
};

static db_status backoff_wait(struct db_device *d, struct backoff *b)
{
	if (b->next_ms == 0)
		b->next_ms = d->policy.backoff_min_ms ? d->policy.backoff_min_ms : 1;
	if (b->waited_ms + b->next_ms > d->policy.ready_wait_ms)
		return DB_E_FAIL;
	/* Sleep in slices so a cancel is seen within one slice. */
	for (unsigned left = b->next_ms; left > 0;) {
		if (cancelled(d))
			return DB_E_IMAPI_REQUEST_CANCELLED;
		unsigned slice = left < 50 ? left : 50;
		db_device_host_wait(d, slice);
		left -= slice;
	}
	b->waited_ms += b->next_ms;
	b->next_ms *= 2;
	if (b->next_ms > d->policy.backoff_max_ms)
		b->next_ms = d->policy.backoff_max_ms;
	d->stats.retries++;
	return DB_S_OK;
}

static db_status deliver(struct db_device *d, struct db_cmd *c)
{
	c->scsi_status = DB_SCSI_GOOD;
	c->sense_len = 0;
	c->resid = 0;
	d->stats.commands++;
	return d->t->ops->execute(d->t, c);
}

/* 02/04/08 on a WRITE: the drive is still writing its buffer out. Poll
 * READ BUFFER CAPACITY (which a drive answers while busy) until there is
 * room for this write, then let the caller repeat it. */
static db_status wait_for_buffer(struct db_device *d, const struct db_cmd *w, struct backoff *b)
{
	for (;;) {
		db_status st = backoff_wait(d, b);
		if (db_failed(st))
			return st;
		uint8_t buf[12];
		struct db_cmd rbc;
		db_cdb_read_buffer_capacity(&rbc, buf, sizeof(buf));
		d->stats.buffer_polls++;
		st = deliver(d, &rbc);
		if (db_failed(st))
			return st;
		if (rbc.scsi_status != DB_SCSI_GOOD)
			continue; /* still busy: keep waiting */
		struct db_buffer_capacity cap;
		if (db_failed(db_decode_buffer_capacity(buf, sizeof(buf) - rbc.resid, &cap)) ||
		    cap.available >= w->len || cap.available == cap.size)
			return DB_S_OK;
	}
}

static struct mmc_sense sense_of(const struct db_cmd *c)
{
	struct mmc_sense s = {0xFF, 0, 0};
	if (!mmc_sense_decode(c->sense, c->sense_len, &s))
		s.key = 0xFF; /* CHECK CONDITION without usable sense */
	return s;
}

static db_status exec(struct db_device *d, struct db_cmd *c, bool may_start);

/* 02/04/02: the drive waits for an initializing command. START STOP UNIT
 * with Start=1, LoEj=0 spins it up; Immed=0, so the drive answers once it
 * is ready (a drive still spinning answers 02/04/01, which the nested
 * policy waits out). It goes through the same policy but may not start
 * the unit again: a drive that answers START STOP UNIT itself with
 * 02/04/02 gets no loop. Its failure (no medium, say) is the answer. */
static db_status start_unit(struct db_device *d)
{
	struct db_cmd su;
	db_cdb_start_stop(&su, false, true, false);
	su.timeout_ms = 60000;
	d->stats.start_units++;
	db_status st = exec(d, &su, false);
	/* The sense kept for the caller's message is this command's now. */
	if (db_failed(st))
		d->last_opcode = su.cdb[0];
	return st;
}

/* Decides what to do with a CHECK CONDITION: S_OK to retry, else the
 * final status. */
static db_status handle_check_condition(struct db_device *d, struct db_cmd *c,
					unsigned *ua_left, struct backoff *b, bool *may_start)
{
	struct mmc_sense s = sense_of(c);
	d->last_sense = s;
	if (s.key == 0xFF)
		return DB_E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
	const struct db_sense_rule *r = db_sense_rule_for(c->cdb[0], s);
	db_status st = DB_E_FAIL;
	switch (r->retry) {
	case DB_RETRY_UNIT_ATTENTION:
		if (*ua_left == 0)
			return r->status;
		(*ua_left)--;
		d->stats.retries++;
		return DB_S_OK;
	case DB_RETRY_WAIT:
		st = backoff_wait(d, b);
		break;
	case DB_RETRY_WAIT_BUFFER:
		st = wait_for_buffer(d, c, b);
		break;
	case DB_RETRY_START_UNIT:
		/* Once per command: 02/04/02 again after a good START STOP
		 * UNIT is a drive that will not start. */
		if (!*may_start)
			return r->status;
		*may_start = false;
		st = start_unit(d);
		if (db_failed(st))
			return st;
		d->stats.retries++;
		return DB_S_OK;
	case DB_RETRY_NEVER:
		return r->status;
	}
	if (st == DB_E_IMAPI_REQUEST_CANCELLED)
		return st;
	return db_failed(st) ? r->status : DB_S_OK;
}

static db_status handle_status(struct db_device *d, struct db_cmd *c, unsigned *ua_left,
			       struct backoff *b, bool *may_start, bool *retry)
{
	*retry = false;
	db_status st;
	switch (c->scsi_status) {
	case DB_SCSI_GOOD:
		d->last_sense = (struct mmc_sense){0, 0, 0};
		return DB_S_OK;
	case DB_SCSI_CHECK_CONDITION:
		st = handle_check_condition(d, c, ua_left, b, may_start);
		if (st == DB_S_OK) {
			*retry = true;
			return st;
		}
		/* A recovered error completed the command: keep its sense but
		 * report success (S_IMAPI_COMMAND_HAS_SENSE_DATA). */
		return st;
	case DB_SCSI_BUSY:
	case DB_SCSI_TASK_SET_FULL:
		st = backoff_wait(d, b);
		if (st == DB_E_IMAPI_REQUEST_CANCELLED)
			return st;
		*retry = db_succeeded(st);
		return *retry ? DB_S_OK : DB_E_IMAPI_RECORDER_MEDIA_BUSY;
	case DB_SCSI_RESERVATION_CONFLICT:
		return DB_E_IMAPI_RECORDER_LOCKED;
	default:
		return DB_E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
	}
}

/* One command through the policy. may_start: whether 02/04/02 may be
 * answered with START STOP UNIT (not for that START STOP UNIT itself). */
static db_status exec(struct db_device *d, struct db_cmd *c, bool may_start)
{
	unsigned ua_left = d->policy.unit_attention_retries;
	struct backoff b = {0};
	for (;;) {
		db_status st = deliver(d, c);
		if (db_failed(st))
			return st;
		bool retry;
		st = handle_status(d, c, &ua_left, &b, &may_start, &retry);
		if (!retry)
			return st;
		if (cancelled(d))
			return DB_E_IMAPI_REQUEST_CANCELLED;
	}
}

db_status db_device_exec(struct db_device *d, struct db_cmd *c)
{
	d->last_opcode = c->cdb[0];
	return exec(d, c, true);
}

/* What one WRITE may carry: the transport's limit, narrowed by the drive's
 * Block Limits VPD page when it reports one (TCMU devices do: their
 * hw_max_sectors). */
size_t db_device_max_transfer(struct db_device *d)
{
	if (d->max_transfer != SIZE_MAX)
		return d->max_transfer;
	size_t max = d->t->ops->max_transfer ? d->t->ops->max_transfer(d->t) : 0;
	struct db_block_limits bl;
	if (db_succeeded(db_mmc_block_limits(d, &bl)) && bl.max_transfer_blocks) {
		size_t vpd = (size_t)bl.max_transfer_blocks * 2048;
		if (max == 0 || vpd < max)
			max = vpd;
	}
	d->max_transfer = max;
	return max;
}
