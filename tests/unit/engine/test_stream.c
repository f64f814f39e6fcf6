/* File and fd streams: sizes, short reads, a starved pipe that hands
 * control back (so a cancel is seen), errors. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "discburn/stream.h"

static void test_file_size_and_read(void **state)
{
	(void)state;
	char path[] = "/tmp/discburn-stream-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	uint8_t data[5000];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	assert_int_equal(write(fd, data, sizeof(data)), sizeof(data));
	close(fd);
	struct db_stream *s;
	assert_int_equal(db_stream_open_file(path, &s), DB_S_OK);
	assert_int_equal(db_stream_size(s), 5000);
	uint8_t buf[8192];
	size_t have = 0, got;
	bool eof = false;
	while (!eof) {
		assert_int_equal(db_stream_read(s, buf + have, sizeof(buf) - have, &got, &eof), DB_S_OK);
		have += got;
	}
	assert_int_equal(have, 5000);
	assert_memory_equal(buf, data, 5000);
	db_stream_close(s);
	unlink(path);
	assert_int_equal(db_stream_open_file(path, &s), DB_ERROR_FILE_NOT_FOUND);
	assert_null(s);
	assert_int_equal(db_stream_open_file(NULL, &s), DB_E_POINTER);
}

static void test_starved_pipe_returns(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	struct db_stream *s;
	assert_int_equal(db_stream_from_fd(p[0], -1, true, &s), DB_S_OK);
	assert_int_equal(db_stream_size(s), -1);
	uint8_t buf[16];
	size_t got = 99;
	bool eof = true;
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	/* Nothing written: the read comes back empty-handed, not at EOF. */
	assert_int_equal(db_stream_read(s, buf, sizeof(buf), &got, &eof), DB_S_OK);
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_int_equal(got, 0);
	assert_false(eof);
	double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	assert_true(ms < 1000);
	assert_int_equal(write(p[1], "abc", 3), 3);
	assert_int_equal(db_stream_read(s, buf, sizeof(buf), &got, &eof), DB_S_OK);
	assert_int_equal(got, 3);
	close(p[1]);
	assert_int_equal(db_stream_read(s, buf, sizeof(buf), &got, &eof), DB_S_OK);
	assert_int_equal(got, 0);
	assert_true(eof);
	db_stream_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_size_and_read),
		cmocka_unit_test(test_starved_pipe_returns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
