/* A 4 GiB image burns onto an emulated DVD+R in-process with the peak
 * resident memory of the whole process (engine + emulator) under 64 MiB:
 * the stream is generated (no 4 GiB file is read), WriteEngine2 holds
 * only its ring, verification keeps hashes, not sectors. The disc image
 * is the emulator's sparse file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>

#include <cmocka.h>

#include "format2data_harness.h"

#define SECTORS (2 * 1024 * 1024) /* 4 GiB of 2048-byte sectors */
#define RSS_LIMIT_KIB (64 * 1024)

/* Each sector: its index in the first 8 bytes, then a byte derived from
 * it; cheap to produce and to check anywhere on the disc. */
static void fill_sector(uint8_t *p, int64_t index)
{
	memset(p, (int)(index * 7 % 253), 2048);
	memcpy(p, &index, sizeof(index));
}

static db_status gen_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	int64_t *pos = s->ctx;
	size_t n = s->size - *pos < (int64_t)len ? (size_t)(s->size - *pos) : len;
	n -= n % 2048; /* the engine asks for whole sectors */
	for (size_t i = 0; i < n; i += 2048)
		fill_sector((uint8_t *)buf + i, (*pos + (int64_t)i) / 2048);
	*pos += (int64_t)n;
	*got = n;
	*eof = *pos >= s->size;
	return DB_S_OK;
}

static void gen_close(struct db_stream *s)
{
	free(s->ctx);
	db_stream_free(s);
}

static const struct db_stream_ops gen_ops = {.read = gen_read, .close = gen_close};

/* Peak resident set of this process (VmHWM, kB). */
static long peak_rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

static void expect_sector(struct h_disc *x, int64_t index)
{
	uint8_t got[2048], want[2048];
	assert_int_equal(db_mmc_read(x->d, (int32_t)index, 1, got), DB_S_OK);
	fill_sector(want, index);
	assert_memory_equal(got, want, 2048);
}

static void test_4gib_dvd_under_64mib(void **state)
{
	(void)state;
	struct h_disc *x = h_open("dvd+r");
	struct db_stream *s;
	assert_int_equal(db_stream_create(&gen_ops, calloc(1, sizeof(int64_t)),
					  (int64_t)SECTORS * 2048, &s), DB_S_OK);
	assert_int_equal(h_write(x, s, &(struct h_burn){.verify = DB_VERIFY_QUICK}, NULL), DB_S_OK);
	db_stream_close(s);
	long peak = peak_rss_kib();
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	print_message("4 GiB DVD+R burn: VmHWM %ld KiB, ru_maxrss %ld KiB\n", peak, ru.ru_maxrss);
	assert_true(peak > 0 && peak < RSS_LIMIT_KIB);
	assert_true(ru.ru_maxrss < RSS_LIMIT_KIB);
	struct db_track_info t1 = h_track(x, 1);
	assert_int_equal(t1.last_recorded, SECTORS - 1);
	assert_int_equal(t1.size, SECTORS); /* already whole ECC blocks */
	struct db_track_info t2 = h_track(x, 2);
	assert_int_equal(t2.nwa, SECTORS + 14336);
	expect_sector(x, 0);
	expect_sector(x, SECTORS / 3);
	expect_sector(x, SECTORS - 1);
	h_close(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_4gib_dvd_under_64mib),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
