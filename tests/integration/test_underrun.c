/* Buffer underrun (issue 5), in virtual time: a burn whose source stalls
 * longer than the drive buffer plus the engine's ring buffer can cover
 * fails with E_IMAPI_LOSS_OF_STREAMING when BURN-Free is off, and succeeds
 * with a counted link when it is on; a stall shorter than the buffers
 * succeeds without a link.
 *
 * The stall happens in the drive's time, as it would on a real burner: the
 * stream stops delivering, the engine keeps writing what its ring holds
 * (each WRITE waiting for room in the drive buffer moves the drive clock),
 * and once the ring is empty the rest of the stall passes on the drive
 * clock (mmcemu_advance_clock). So the outcome depends only on sizes and
 * speeds, never on the machine's load. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "discburn/emu.h"
#include "discburn/recorder.h"
#include "discburn/write_engine.h"
#include "mmc/be.h"
#include "mmcemu/mmcemu.h"

#define SECTOR 2048
#define SECTORS 16384 /* 32 MiB */
#define STALL_AT (8u << 20) /* bytes into the stream */
#define RING (4u << 20)
#define MS 1000000ull

struct stall_stream {
	struct mmcemu_drive *drive;
	uint64_t pos;
	uint64_t stall_ns;
	bool stalled;
	uint64_t quiet_since_ns; /* drive time the source falls silent (on_progress) */
	/* Published by the progress callback (writer thread). */
	atomic_int last_written;
};

static void on_progress(const struct db_write_progress *p, void *ctx)
{
	struct stall_stream *ss = ctx;
	/* A real source that outpaces the disc keeps the ring full, so it
	 * hands over its last byte before the stall when the drive has taken
	 * everything but one ring's worth: that drive time is when the
	 * source falls silent. (In virtual time the drive is faster than any
	 * thread, so the ring's fill at the moment the stream is called says
	 * nothing.) */
	uint64_t written = (uint64_t)(p->last_written_lba + 1) * SECTOR;
	if (!ss->quiet_since_ns && written + p->total_system_buffer >= STALL_AT)
		ss->quiet_since_ns = mmcemu_now_ns(ss->drive);
	atomic_store(&ss->last_written, p->last_written_lba);
}

/* The source has been quiet since quiet_since_ns: wait (in real time,
 * bounded) until the engine has written everything it read, then let what
 * is left of the stall pass on the drive's clock. */
static void stall(struct stall_stream *ss)
{
	uint64_t t0 = ss->quiet_since_ns;
	int32_t read_so_far = (int32_t)(ss->pos / SECTOR) - 1;
	for (int i = 0; i < 10000; i++) {
		/* Only the stream's own count: last_read from an older
		 * progress event can lag behind. */
		if (atomic_load(&ss->last_written) >= read_so_far)
			break;
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	uint64_t drained = mmcemu_now_ns(ss->drive) - t0;
	if (ss->stall_ns > drained)
		mmcemu_advance_clock(ss->drive, ss->stall_ns - drained);
}

static db_status stall_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	struct stall_stream *ss = s->ctx;
	uint64_t left = (uint64_t)s->size - ss->pos;
	if (!ss->stalled && ss->pos >= STALL_AT) {
		ss->stalled = true;
		stall(ss);
	}
	size_t n = left < len ? (size_t)left : len;
	if (!ss->stalled && ss->pos + n > STALL_AT)
		n = (size_t)(STALL_AT - ss->pos); /* stall exactly at STALL_AT */
	memset(buf, 0x5A, n);
	ss->pos += n;
	*got = n;
	*eof = n == 0;
	return DB_S_OK;
}

static void stall_close(struct db_stream *s)
{
	db_stream_free(s);
}

static const struct db_stream_ops stall_ops = {.read = stall_read, .close = stall_close};

/* BURN-Free on or off through mode page 05h, as the host sets it. */
static void set_bufe(struct mmcemu_drive *d, bool on)
{
	uint8_t sense10[10] = {0x5A, 0x08, 0x05, 0, 0, 0, 0, 0, 255, 0};
	uint8_t page[255];
	struct mmcemu_io io = {.cdb = sense10, .cdb_len = 10, .data_in = page,
			       .data_in_cap = sizeof(page)};
	assert_int_equal(mmcemu_execute(d, &io), 0);
	size_t len = io.data_in_len;
	assert_true(len >= 8 + 2 && page[8] == 0x05);
	mmc_put_be16(page, 0); /* mode data length is reserved in MODE SELECT */
	page[8] &= 0x3F; /* PS bit must be zero when sent */
	page[10] = (uint8_t)((page[10] & ~0x40) | (on ? 0x40 : 0));
	uint8_t select10[10] = {0x55, 0x10, 0, 0, 0, 0, 0, 0, 0, 0};
	mmc_put_be16(&select10[7], (uint16_t)len);
	io = (struct mmcemu_io){.cdb = select10, .cdb_len = 10, .data_out = page,
				.data_out_len = len};
	if (mmcemu_execute(d, &io) != 0)
		fail_msg("MODE SELECT page 05h: %X/%02X/%02X", io.sense[2] & 0xF,
			 io.sense[12], io.sense[13]);
}

struct outcome {
	db_status status;
	uint64_t links;
};

static struct outcome burn(uint64_t stall_ms, bool bufe)
{
	char dir[] = "/tmp/underrun-XXXXXX", drive[128], cmd[128];
	assert_non_null(mkdtemp(dir));
	snprintf(drive, sizeof(drive), "emu:dvd+r:%s/disc", dir);
	setenv("DISCBURN_EMU_CLOCK", "virtual", 1);
	struct db_recorder *r;
	assert_int_equal(db_recorder_open(drive, 0, &r), DB_S_OK);
	unsetenv("DISCBURN_EMU_CLOCK");
	struct mmcemu_drive *d = db_emu_drive(db_device_transport(db_recorder_device(r)));
	assert_non_null(d);
	uint8_t tur[6] = {0};
	struct mmcemu_io io = {.cdb = tur, .cdb_len = 6};
	mmcemu_execute(d, &io); /* power-on unit attention */
	set_bufe(d, bufe);

	struct stall_stream ss = {.drive = d, .stall_ns = stall_ms * MS};
	atomic_init(&ss.last_written, -1);
	struct db_write_engine *e;
	struct db_stream *s;
	assert_int_equal(db_write_engine_create(&e), DB_S_OK);
	assert_int_equal(db_write_engine_put_recorder(e, r), DB_S_OK);
	assert_int_equal(db_write_engine_put_system_buffer(e, RING), DB_S_OK);
	db_write_engine_set_progress(e, on_progress, &ss);
	assert_int_equal(db_stream_create(&stall_ops, &ss, (int64_t)SECTORS * SECTOR, &s), DB_S_OK);
	struct outcome o = {.status = db_write_engine_write_section(e, s, 0, SECTORS)};
	struct mmcemu_stats st;
	mmcemu_get_stats(d, &st);
	o.links = st.links;
	db_stream_close(s);
	db_write_engine_destroy(e);
	db_recorder_close(r);

	/* Whatever happened, the disc reopens. */
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR,
					  .disc_path = drive + strlen("emu:dvd+r:"),
					  .clock = MMCEMU_CLOCK_VIRTUAL};
	char err[256];
	if (mmcemu_drive_open(&cfg, &d, err, sizeof(err)) != 0)
		fail_msg("disc does not reopen after the burn: %s", err);
	mmcemu_drive_close(d);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	print_message("stall %4llu ms, BURN-Free %-3s -> %-28s links %llu\n",
		      (unsigned long long)stall_ms, bufe ? "on" : "off",
		      db_status_name(o.status), (unsigned long long)o.links);
	return o;
}

static int setup(void **state)
{
	(void)state;
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	return db_emu_register() == DB_S_OK ? 0 : -1;
}

/* DVD+R at 16x drains 22.2 MB/s: the 2 MiB drive buffer covers 95 ms, the
 * 4 MiB ring another 189 ms. */
static void long_stall_without_burnfree_loses_streaming(void **state)
{
	(void)state;
	struct outcome o = burn(1000, false);
	assert_int_equal(o.status, DB_E_IMAPI_LOSS_OF_STREAMING);
	assert_int_equal(o.links, 0);
}

static void long_stall_with_burnfree_links(void **state)
{
	(void)state;
	struct outcome o = burn(1000, true);
	assert_int_equal(o.status, DB_S_OK);
	assert_int_equal(o.links, 1);
}

/* Longer than the drive buffer alone, shorter than drive + ring: the
 * engine's buffer absorbs it. */
static void short_stall_is_absorbed(void **state)
{
	(void)state;
	struct outcome o = burn(200, false);
	assert_int_equal(o.status, DB_S_OK);
	assert_int_equal(o.links, 0);
}

static void no_stall_no_link(void **state)
{
	(void)state;
	struct outcome o = burn(0, true);
	assert_int_equal(o.status, DB_S_OK);
	assert_int_equal(o.links, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(long_stall_without_burnfree_loses_streaming),
		cmocka_unit_test(long_stall_with_burnfree_links),
		cmocka_unit_test(short_stall_is_absorbed),
		cmocka_unit_test(no_stall_no_link),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
