/* The handler's data path (handler_xfer.c) without a kernel: a command's
 * data buffer arrives as TCMU's iovec, split at the ring's data-block
 * (page) boundaries and as long as the initiator's transfer, whatever the
 * sector size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "emu_harness.h"
#include "handler_xfer.h"
#include "mmc/be.h"

#define IOV_MAX_TEST 8

/* A ring-like buffer: one allocation split into segments of the given
 * sizes (0-terminated), prefilled with stale bytes. */
struct ring {
	uint8_t *buf;
	size_t len;
	struct iovec iov[IOV_MAX_TEST];
	size_t cnt;
};

static void ring_make(struct ring *r, const size_t *segs, uint8_t stale)
{
	memset(r, 0, sizeof(*r));
	for (size_t i = 0; segs[i]; i++)
		r->len += segs[i];
	r->buf = malloc(r->len);
	assert_non_null(r->buf);
	memset(r->buf, stale, r->len);
	size_t off = 0;
	for (r->cnt = 0; segs[r->cnt]; r->cnt++) {
		assert_true(r->cnt < IOV_MAX_TEST);
		r->iov[r->cnt] = (struct iovec){.iov_base = r->buf + off, .iov_len = segs[r->cnt]};
		off += segs[r->cnt];
	}
}

static struct mmcemu_io run(struct emu *e, struct mmcemu_tcmu_xfer *x, const char *cdb_hex,
			    struct ring *r)
{
	static uint8_t cdb[16];
	size_t n = emu_hex(cdb_hex, cdb, sizeof(cdb));
	struct mmcemu_io io;
	assert_int_equal(mmcemu_tcmu_xfer_run(e->drive, x, cdb, n, r->iov, r->cnt, &io), 0);
	return io;
}

static bool all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

/* Data-in shorter than the buffer: the answer, then zeros where the ring
 * held stale bytes (libtcmu cannot report the residual). */
static void data_in_then_zeros(void **state)
{
	(void)state;
	struct emu e;
	struct mmcemu_tcmu_xfer x = {0};
	emu_open(&e, "cd-r");
	uint8_t want[96];
	struct emu_result direct = emu_cmd(&e, "12 00 00 00 60 00", want, sizeof(want));
	assert_good(direct);
	struct ring r;
	ring_make(&r, (const size_t[]){7, 50, 200, 0}, 0xAA);
	struct mmcemu_io io = run(&e, &x, "12 00 00 00 60 00", &r);
	assert_int_equal(io.status, 0);
	/* The emulator saw the buffer's size, not a block multiple. */
	assert_int_equal(io.data_in_cap, 257);
	assert_int_equal(io.data_out_len, 257);
	assert_int_equal(io.data_in_len, direct.len);
	assert_memory_equal(r.buf, want, direct.len);
	assert_true(all_bytes(r.buf + direct.len, r.len - direct.len, 0));
	free(r.buf);
	mmcemu_tcmu_xfer_free(&x);
	emu_close(&e);
}

/* A GOOD data-in command that transfers nothing (READ CD with no field
 * selected, MMC-6 6.19) leaves no stale ring bytes either. */
static void no_data_in_zeroes(void **state)
{
	(void)state;
	struct emu e;
	struct mmcemu_tcmu_xfer x = {0};
	emu_open(&e, "cd-r");
	uint8_t sector[2048];
	memset(sector, 0x5C, sizeof(sector));
	assert_good(emu_cmd_data(&e, "2A 00 00 00 00 00 00 00 01 00", sector, sizeof(sector),
				 NULL, 0));
	struct ring r;
	ring_make(&r, (const size_t[]){2048, 0}, 0xAA);
	struct mmcemu_io io = run(&e, &x, "BE 00 00 00 00 00 00 00 01 00 00 00", &r);
	assert_int_equal(io.status, 0);
	assert_int_equal(io.data_in_len, 0);
	assert_true(all_bytes(r.buf, r.len, 0));
	free(r.buf);
	mmcemu_tcmu_xfer_free(&x);
	emu_close(&e);
}

/* Sectors straddling the ring's segments go to the disc in order, and
 * come back the same way through differently split segments. */
static void sectors_across_segments(void **state)
{
	(void)state;
	struct emu e;
	struct mmcemu_tcmu_xfer x = {0};
	emu_open(&e, "cd-r");
	struct ring w;
	ring_make(&w, (const size_t[]){1000, 4096, 1048, 0}, 0);
	uint8_t sent[3 * 2048];
	for (size_t i = 0; i < w.len; i++)
		w.buf[i] = sent[i] = (uint8_t)(i * 7 + i / 2048);
	struct mmcemu_io io = run(&e, &x, "2A 00 00 00 00 00 00 00 03 00", &w);
	assert_int_equal(io.status, 0);
	assert_int_equal(io.data_out_len, 3 * 2048);
	struct ring r;
	ring_make(&r, (const size_t[]){4096, 1, 2047, 0}, 0xAA);
	io = run(&e, &x, "28 00 00 00 00 00 00 00 03 00", &r);
	assert_int_equal(io.status, 0);
	assert_int_equal(io.data_in_len, 3 * 2048);
	assert_memory_equal(r.buf, sent, sizeof(sent));
	free(r.buf);
	free(w.buf);
	mmcemu_tcmu_xfer_free(&x);
	emu_close(&e);
}

/* The buffer is passed as long as it is, never stretched to the CDB's
 * block count: a WRITE whose data is shorter than its blocks fails as on
 * a real drive (the emulator checks the length), and a failed command
 * leaves the iovec as it was. */
static void short_data_out_refused(void **state)
{
	(void)state;
	struct emu e;
	struct mmcemu_tcmu_xfer x = {0};
	emu_open(&e, "cd-r");
	struct ring w;
	ring_make(&w, (const size_t[]){2048, 0}, 0x33);
	struct mmcemu_io io = run(&e, &x, "2A 00 00 00 00 00 00 00 02 00", &w);
	assert_int_equal(io.status, 2);
	assert_true(all_bytes(w.buf, w.len, 0x33));
	/* Nothing reached the disc. */
	uint8_t di[32];
	assert_good(emu_cmd(&e, "52 01 00 00 00 01 00 00 20 00", di, sizeof(di)));
	assert_int_equal(mmc_get_be32(di + 12), 0); /* NWA still 0 */
	free(w.buf);
	mmcemu_tcmu_xfer_free(&x);
	emu_close(&e);
}

/* A command with no data at all (TEST UNIT READY): empty iovec. */
static void no_buffer(void **state)
{
	(void)state;
	struct emu e;
	struct mmcemu_tcmu_xfer x = {0};
	emu_open(&e, "cd-r");
	struct ring r;
	ring_make(&r, (const size_t[]){0}, 0);
	struct mmcemu_io io = run(&e, &x, "00 00 00 00 00 00", &r);
	assert_int_equal(io.status, 0);
	assert_int_equal(io.data_out_len, 0);
	free(r.buf);
	mmcemu_tcmu_xfer_free(&x);
	emu_close(&e);
}


/* Page 05h for audio Track At Once: write type 01h, track mode 0 (2
 * channels, no pre-emphasis), data block type 0 (2352 bytes of CD-DA),
 * 2 s audio pause (MMC-6 7.5.4, Table 654). */
static void select_audio_tao(struct emu *e)
{
	uint8_t p[8 + 52] = {0};
	p[8] = 0x05;
	p[9] = 0x32;
	p[10] = 0x01;
	p[23] = 150;
	assert_good(emu_cmd_data(e, "55 10 00 00 00 00 00 00 3C 00", p, sizeof(p), NULL, 0));
}

/* A wodim/cdrskin audio WRITE: N x 2352 bytes in ring segments that split
 * the sectors; then READ CD of CD-DA (BEh, type 1, user data), with the
 * formatted Q sub-channel (+16 bytes a sector) and READ CD MSF (B9h), the
 * way cdparanoia reads, into iovecs as long as the initiator's request. */
static void audio_sectors_both_ways(void **state)
{
	(void)state;
	struct emu e;
	struct mmcemu_tcmu_xfer x = {0};
	emu_open(&e, "cd-r");
	select_audio_tao(&e);
	enum { N = 300 }; /* the shortest track: nothing padded */
	static uint8_t sent[N * 2352];
	for (size_t i = 0; i < sizeof(sent); i++)
		sent[i] = (uint8_t)(i * 13 + i / 2352);
	/* Segments that cut sectors anywhere (the ring's are 4 KiB data
	 * blocks; 2352 never lines up with them). */
	struct ring w;
	ring_make(&w, (const size_t[]){1000, 4096, sizeof(sent) - 1000 - 4096 - 1216, 1216, 0}, 0);
	memcpy(w.buf, sent, sizeof(sent));
	struct mmcemu_io io = run(&e, &x, "2A 00 00 00 00 00 00 01 2C 00", &w);
	assert_int_equal(io.status, 0);
	assert_int_equal(io.data_out_len, sizeof(sent));
	/* wodim and cdrskin close a TAO track with SYNCHRONIZE CACHE. */
	assert_good(emu_cmd(&e, "35 00 00 00 00 00 00 00 00 00", NULL, 0));

	/* 27 sectors (cdparanoia's 63504-byte reads) from LBA 10, into a
	 * buffer 100 bytes longer than the request needs. */
	struct ring r;
	ring_make(&r, (const size_t[]){4096, 4096, 27 * 2352 - 8192 + 100, 0}, 0xAA);
	io = run(&e, &x, "BE 04 00 00 00 0A 00 00 1B 10 00 00", &r);
	assert_int_equal(io.status, 0);
	assert_int_equal(io.data_in_len, 27 * 2352);
	assert_memory_equal(r.buf, sent + 10 * 2352, 27 * 2352);
	assert_true(all_bytes(r.buf + 27 * 2352, 100, 0));
	free(r.buf);

	/* With formatted Q: 2368 bytes a sector, the samples first. */
	ring_make(&r, (const size_t[]){3000, 2 * 2368 - 3000, 0}, 0xAA);
	io = run(&e, &x, "BE 04 00 00 00 05 00 00 02 10 02 00", &r);
	assert_int_equal(io.status, 0);
	assert_int_equal(io.data_in_len, 2 * 2368);
	assert_memory_equal(r.buf, sent + 5 * 2352, 2352);
	assert_memory_equal(r.buf + 2368, sent + 6 * 2352, 2352);
	free(r.buf);

	/* READ CD MSF: 00:02:00 (LBA 0) up to, not including, 00:02:03. */
	ring_make(&r, (const size_t[]){2352, 2 * 2352, 0}, 0xAA);
	io = run(&e, &x, "B9 04 00 00 02 00 00 02 03 10 00 00", &r);
	assert_int_equal(io.status, 0);
	assert_int_equal(io.data_in_len, 3 * 2352);
	assert_memory_equal(r.buf, sent, 3 * 2352);
	free(r.buf);
	free(w.buf);
	mmcemu_tcmu_xfer_free(&x);
	emu_close(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(data_in_then_zeros),
		cmocka_unit_test(no_data_in_zeroes),
		cmocka_unit_test(sectors_across_segments),
		cmocka_unit_test(short_data_out_refused),
		cmocka_unit_test(no_buffer),
		cmocka_unit_test(audio_sectors_both_ways),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
