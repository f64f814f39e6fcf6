/* A recorder on an emulated drive with a tap between the engine and the
 * drive: every command the engine sends passes through on_cmd before the
 * emulator sees it, so a test asserts what was sent (Immed bits, timeouts,
 * SET STREAMING's rotation). Every other transport operation is passed on
 * unchanged, the clock included, so the engine behaves as on the plain
 * emu transport.
 *   struct tap_rig g; tap_rig_open(&g, "dvd+r", on_cmd, ctx); ... tap_rig_close(&g); */
#ifndef DISCBURN_TEST_TAP_RIG_H
#define DISCBURN_TEST_TAP_RIG_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discburn/device.h"
#include "discburn/emu.h"
#include "discburn/recorder.h"
#include "discburn/transport.h"

typedef void (*tap_fn)(void *ctx, const struct db_cmd *c);

struct tap_transport {
	struct db_transport base; /* first: the device sees a db_transport */
	struct db_transport *inner;
	tap_fn on_cmd;
	void *ctx;
};

static db_status tap_execute(struct db_transport *t, struct db_cmd *c)
{
	struct tap_transport *r = (struct tap_transport *)t;
	if (r->on_cmd)
		r->on_cmd(r->ctx, c);
	return r->inner->ops->execute(r->inner, c);
}

static size_t tap_max_transfer(struct db_transport *t)
{
	struct tap_transport *r = (struct tap_transport *)t;
	return r->inner->ops->max_transfer ? r->inner->ops->max_transfer(r->inner) : 0;
}

static db_status tap_set_exclusive(struct db_transport *t, bool on, const char *client)
{
	struct tap_transport *r = (struct tap_transport *)t;
	return r->inner->ops->set_exclusive ? r->inner->ops->set_exclusive(r->inner, on, client)
					    : DB_S_OK;
}

/* The engine's polls wait through the transport: passed on, they move the
 * emulated drive's clock, as they would without the tap. */
static void tap_host_wait(struct db_transport *t, unsigned ms)
{
	struct tap_transport *r = (struct tap_transport *)t;
	r->inner->ops->host_wait(r->inner, ms);
}

/* The emu transport always has a clock: pacing and erase times stay on
 * the drive's. */
static uint64_t tap_now_ns(struct db_transport *t)
{
	struct tap_transport *r = (struct tap_transport *)t;
	return r->inner->ops->now_ns(r->inner);
}

static void tap_close(struct db_transport *t)
{
	struct tap_transport *r = (struct tap_transport *)t;
	db_transport_close(r->inner);
	free(r);
}

static const struct db_transport_ops tap_ops = {
	.name = "tap",
	.execute = tap_execute,
	.max_transfer = tap_max_transfer,
	.set_exclusive = tap_set_exclusive,
	.host_wait = tap_host_wait,
	.now_ns = tap_now_ns,
	.close = tap_close,
};

struct tap_rig {
	char dir[64];
	struct db_recorder *r;
};

/* A fresh disc of profile in a new temporary directory. */
static void tap_rig_open(struct tap_rig *g, const char *profile, tap_fn on_cmd, void *ctx)
{
	char spec[160];
	strcpy(g->dir, "/tmp/tap-rig-XXXXXX");
	assert_non_null(mkdtemp(g->dir));
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	snprintf(spec, sizeof(spec), "%s:%s/disc", profile, g->dir);
	struct tap_transport *t = calloc(1, sizeof(*t));
	assert_non_null(t);
	t->base.ops = &tap_ops;
	t->on_cmd = on_cmd;
	t->ctx = ctx;
	assert_int_equal(db_emu_transport_open(spec, 0, &t->inner), DB_S_OK);
	struct db_device *d;
	assert_int_equal(db_device_wrap(&t->base, &d), DB_S_OK);
	assert_int_equal(db_recorder_from_device(d, &g->r), DB_S_OK);
}

static void tap_rig_close(struct tap_rig *g)
{
	char cmd[128];
	db_recorder_close(g->r);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g->dir);
	assert_int_equal(system(cmd), 0);
}

#endif
