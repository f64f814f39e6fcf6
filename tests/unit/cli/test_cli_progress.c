/* The CLI's progress arithmetic (engine/cli/progress.c) and write graph
 * (engine/cli/graph.c) as pure functions: the rate is a moving window,
 * not the average since the start; ETA; Nx from the family's 1x in
 * mmc/profiles.h; the SVG has one polyline per series with data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "mmc/profiles.h"

/* main.c's, which this test does not link. */
const char *cli_command = "test";
void json_string(FILE *f, const char *s)
{
	fprintf(f, "\"%s\"", s);
}

static void test_rate_is_a_moving_window(void **state)
{
	(void)state;
	struct cli_rate r;
	cli_rate_init(&r, 2000);
	assert_true(cli_rate_per_second(&r) == 0);
	/* 10 s at 100 units/s, then 10 s at 1000 units/s. */
	int64_t done = 0;
	for (uint64_t ms = 0; ms <= 10000; ms += 100, done += 10)
		cli_rate_add(&r, ms, done);
	assert_float_equal(cli_rate_per_second(&r), 100, 1);
	done -= 10;
	for (uint64_t ms = 10100; ms <= 20000; ms += 100) {
		done += 100;
		cli_rate_add(&r, ms, done);
	}
	/* The average since the start would be 550. */
	assert_float_equal(cli_rate_per_second(&r), 1000, 1);
	/* 1 s into a stall the window still holds half of the fast part. */
	for (uint64_t ms = 20100; ms <= 21000; ms += 100)
		cli_rate_add(&r, ms, done);
	double mid = cli_rate_per_second(&r);
	assert_true(mid > 300 && mid < 700);
	for (uint64_t ms = 21100; ms <= 23000; ms += 100)
		cli_rate_add(&r, ms, done);
	assert_float_equal(cli_rate_per_second(&r), 0, 1);
}

static void test_rate_with_fast_events(void **state)
{
	(void)state;
	/* Events every millisecond (an emulated drive): the ring keeps the
	 * window, the rate is the event rate. */
	struct cli_rate r;
	cli_rate_init(&r, 2500);
	for (uint64_t ms = 0; ms <= 10000; ms++)
		cli_rate_add(&r, ms, (int64_t)ms * 3);
	assert_float_equal(cli_rate_per_second(&r), 3000, 1);
	/* Two events in the same millisecond: no rate yet, no division by 0. */
	cli_rate_init(&r, 2500);
	cli_rate_add(&r, 5, 10);
	cli_rate_add(&r, 5, 20);
	assert_true(cli_rate_per_second(&r) == 0);
	cli_rate_add(&r, 15, 30);
	assert_float_equal(cli_rate_per_second(&r), 2000, 1);
}

static void test_eta(void **state)
{
	(void)state;
	assert_float_equal(cli_eta_seconds(100, 1100, 50), 20, 1e-9);
	assert_float_equal(cli_eta_seconds(1100, 1100, 0), 0, 1e-9);
	assert_true(cli_eta_seconds(0, 1100, 0) < 0);
	char t[32];
	cli_format_time(t, sizeof(t), 3725.4);
	assert_string_equal(t, "1:02:05");
	cli_format_time(t, sizeof(t), -1);
	assert_string_equal(t, "-:--:--");
}

static void test_speed_x(void **state)
{
	(void)state;
	uint32_t cd = mmc_family_1x_bytes_per_second(MMC_FAMILY_CD);
	uint32_t dvd = mmc_family_1x_bytes_per_second(MMC_FAMILY_DVD);
	/* CD 1x: 75 sectors/s; DVD 1x: 1,385,000 B/s. */
	assert_float_equal(cli_speed_x(75, 2048, cd), 1, 1e-9);
	assert_float_equal(cli_speed_x(75 * 48, 2048, cd), 48, 1e-9);
	assert_float_equal(cli_speed_x(16 * 1385000.0 / 2048, 2048, dvd), 16, 1e-9);
	assert_true(cli_speed_x(100, 2048, 0) < 0);
}

static void test_pipe_line_format(void **state)
{
	(void)state;
	/* Not a terminal: one line per 2 s, with Nx and both buffers. */
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	assert_non_null(mem);
	FILE *saved = stderr;
	stderr = mem;
	struct cli_progress p;
	cli_progress_init(&p, "write", false);
	p.tty = false;
	p.one_x = mmc_family_1x_bytes_per_second(MMC_FAMILY_CD);
	p.drive_fill = 90;
	for (uint64_t ms = 0; ms <= 6000; ms += 100)
		cli_progress_show(&p, (int64_t)ms * 150 / 1000, 900, ms, 50, ms == 6000);
	stderr = saved;
	fclose(mem);
	int lines = 0;
	for (char *c = buf; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, 4); /* 0, 2, 4 s and the final 6 s */
	assert_non_null(strstr(buf, "write: 300/900 sectors (33%), 2.0x, ETA 0:00:04, "
				    "drive buffer 90%, host buffer 50%\n"));
	assert_non_null(strstr(buf, "write: 900/900 sectors (100%), 2.0x, ETA 0:00:00"));
	free(buf);
}

static void test_erase_shows_percent_and_time(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	FILE *saved = stderr;
	stderr = mem;
	struct cli_progress p;
	cli_progress_init(&p, "quick erase", false);
	p.tty = false;
	p.time_only = true;
	cli_progress_show(&p, 32768, 65536, 10000, -1, false);
	stderr = saved;
	fclose(mem);
	assert_string_equal(buf, "quick erase: 50%, 0:00:10 elapsed, ETA -:--:--\n");
	assert_null(strstr(buf, "sectors"));
	free(buf);
}

static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void test_graph_svg(void **state)
{
	(void)state;
	struct cli_graph g;
	cli_graph_init(&g, "unused.svg");
	g.start_lba = 0;
	g.end_lba = 999;
	for (int i = 0; i < 10; i++) {
		struct cli_graph_point pt = {.lba = i * 100 + 99, .x = 4.0 + i, .host = 80,
					     .drive = i ? 95 : -1};
		cli_graph_add(&g, &pt);
	}
	cli_graph_mark(&g, 500, "BURN-Free link <1>");
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	assert_true(cli_graph_write_svg(&g, mem));
	fclose(mem);
	assert_int_equal(count(buf, "<polyline"), 3);
	assert_non_null(strstr(buf, ">LBA</text>"));
	assert_non_null(strstr(buf, ">speed (x)</text>"));
	assert_non_null(strstr(buf, ">buffer fill (%)</text>"));
	assert_non_null(strstr(buf, "BURN-Free link &lt;1&gt;"));
	/* The speed axis tops at a round value above the maximum 13x. */
	assert_non_null(strstr(buf, ">20x</text>"));
	free(buf);
	/* No drive buffer data: that polyline is left out. */
	for (size_t i = 0; i < g.n; i++)
		g.pts[i].drive = -1;
	mem = open_memstream(&buf, &len);
	assert_true(cli_graph_write_svg(&g, mem));
	fclose(mem);
	assert_int_equal(count(buf, "<polyline"), 2);
	assert_null(strstr(buf, "class=\"drive-buffer\""));
	free(buf);
	cli_graph_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_is_a_moving_window),
		cmocka_unit_test(test_rate_with_fast_events),
		cmocka_unit_test(test_eta),
		cmocka_unit_test(test_speed_x),
		cmocka_unit_test(test_pipe_line_format),
		cmocka_unit_test(test_erase_shows_percent_and_time),
		cmocka_unit_test(test_graph_svg),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
