/* The device layer's retry policy and the MMC executors' two-pass reads,
 * against the scripted drive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "discburn/mmc.h"
#include "fake_drive.h"

struct fixture {
	struct fake_drive *f;
	struct db_recorder *r;
	struct db_device *d;
};

static int setup(void **state)
{
	struct fixture *x = calloc(1, sizeof(*x));
	x->f = fake_new(0x0009);
	x->r = fake_recorder(x->f);
	x->d = db_recorder_device(x->r);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *x = *state;
	db_recorder_close(x->r);
	fake_free(x->f);
	free(x);
	return 0;
}

static void test_becoming_ready_waited_out(void **state)
{
	struct fixture *x = *state;
	fake_fail_next(x->f, 0x00, MMC_SENSE_NOT_READY_BECOMING_READY);
	fake_fail_next(x->f, 0x00, MMC_SENSE_NOT_READY_BECOMING_READY);
	assert_int_equal(db_mmc_test_unit_ready(x->d), DB_S_OK);
	struct db_device_stats s;
	db_device_get_stats(x->d, &s);
	assert_int_equal(s.commands, 3);
	assert_int_equal(s.retries, 2);
	/* Backoff 1 ms then 2 ms, through the transport's host_wait. */
	assert_int_equal(x->f->host_waited_ms, 3);
}

static void test_wait_budget_bounded(void **state)
{
	struct fixture *x = *state;
	struct db_retry_policy p;
	db_device_get_retry_policy(x->d, &p);
	p.ready_wait_ms = 20;
	db_device_set_retry_policy(x->d, &p);
	for (int i = 0; i < FAKE_MAX_SCRIPT; i++)
		fake_fail_next(x->f, 0x00, MMC_SENSE_NOT_READY_OPERATION_IN_PROGRESS);
	/* 20 ms budget, waits of 1, 2, 4, 5, 5 ms: gives up with the mapped
	 * status long before the script runs out, having waited 17 ms. */
	assert_int_equal(db_mmc_test_unit_ready(x->d), DB_E_IMAPI_RECORDER_MEDIA_BUSY);
	struct mmc_sense s = db_device_last_sense(x->d);
	assert_int_equal(s.key, 2);
	assert_int_equal(s.asc, 0x04);
	assert_int_equal(s.ascq, 0x07);
	assert_int_equal(db_device_last_opcode(x->d), 0x00);
	assert_int_equal(x->f->host_waited_ms, 17);
}

static void test_unit_attention_at_most_twice(void **state)
{
	struct fixture *x = *state;
	for (int i = 0; i < 3; i++)
		fake_fail_next(x->f, 0xFF, MMC_SENSE_UNIT_ATTENTION_MEDIUM_CHANGED);
	assert_int_equal(db_mmc_test_unit_ready(x->d), DB_E_IMAPI_RECORDER_MEDIA_BECOMING_READY);
	assert_int_equal(db_mmc_test_unit_ready(x->d), DB_S_OK);
}

static void test_no_medium_not_retried(void **state)
{
	struct fixture *x = *state;
	fake_fail_next(x->f, 0x00, MMC_SENSE_NOT_READY_NO_MEDIUM);
	bool present = true;
	assert_int_equal(db_recorder_media_present(x->r, &present), DB_S_OK);
	assert_false(present);
	struct db_device_stats s;
	db_device_get_stats(x->d, &s);
	assert_int_equal(s.retries, 0);
}

/* 02/04/02: one START STOP UNIT (Start=1, LoEj=0, Immed=0), then the
 * command again, with no backoff wait. */
static void test_initializing_command_required_starts_unit(void **state)
{
	struct fixture *x = *state;
	unsigned first = x->f->n_log;
	fake_fail_next(x->f, MMC_OP_TEST_UNIT_READY, MMC_SENSE_NOT_READY_INITIALIZING_COMMAND_REQUIRED);
	assert_int_equal(db_mmc_test_unit_ready(x->d), DB_S_OK);
	assert_int_equal(x->f->n_log - first, 3);
	assert_int_equal(x->f->log_op[first], MMC_OP_TEST_UNIT_READY);
	assert_int_equal(x->f->log_op[first + 1], MMC_OP_START_STOP_UNIT);
	assert_int_equal(x->f->log_cdb4[first + 1] & 0x03, 0x01);
	assert_int_equal(x->f->log_cdb1[first + 1] & 0x01, 0);
	assert_int_equal(x->f->log_op[first + 2], MMC_OP_TEST_UNIT_READY);
	assert_int_equal(x->f->host_waited_ms, 0);
	assert_int_equal(db_device_last_opcode(x->d), MMC_OP_TEST_UNIT_READY);
	struct db_device_stats st;
	db_device_get_stats(x->d, &st);
	assert_int_equal(st.start_units, 1);
}

/* A drive that still says 02/04/02 after a good START STOP UNIT gets one
 * start per command, not a loop: the command fails with the mapped
 * status and the sense is kept. */
static void test_initializing_command_required_once(void **state)
{
	struct fixture *x = *state;
	unsigned first = x->f->n_log;
	for (int i = 0; i < 2; i++)
		fake_fail_next(x->f, MMC_OP_WRITE_10, MMC_SENSE_NOT_READY_INITIALIZING_COMMAND_REQUIRED);
	uint8_t buf[2048] = {0};
	struct db_cmd c;
	db_cdb_write10(&c, 0, 1, buf, sizeof(buf));
	assert_int_equal(db_device_exec(x->d, &c), DB_E_IMAPI_RECORDER_MEDIA_BECOMING_READY);
	assert_int_equal(x->f->n_log - first, 3); /* WRITE, START STOP UNIT, WRITE */
	assert_int_equal(x->f->log_op[first + 1], MMC_OP_START_STOP_UNIT);
	struct mmc_sense s = db_device_last_sense(x->d);
	assert_int_equal(s.asc, 0x04);
	assert_int_equal(s.ascq, 0x02);
	assert_int_equal(db_device_last_opcode(x->d), MMC_OP_WRITE_10);
}

/* START STOP UNIT refused with no medium: that is the answer, named
 * after the START STOP UNIT; and it answers 02/04/02 itself: no second
 * start from inside the first. */
static void test_start_unit_failure_is_reported(void **state)
{
	struct fixture *x = *state;
	fake_fail_next(x->f, MMC_OP_TEST_UNIT_READY, MMC_SENSE_NOT_READY_INITIALIZING_COMMAND_REQUIRED);
	fake_fail_next(x->f, MMC_OP_START_STOP_UNIT, MMC_SENSE_NOT_READY_NO_MEDIUM_TRAY_OPEN);
	assert_int_equal(db_mmc_test_unit_ready(x->d), DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
	assert_int_equal(db_device_last_opcode(x->d), MMC_OP_START_STOP_UNIT);

	unsigned first = x->f->n_log;
	fake_fail_next(x->f, MMC_OP_TEST_UNIT_READY, MMC_SENSE_NOT_READY_INITIALIZING_COMMAND_REQUIRED);
	fake_fail_next(x->f, MMC_OP_START_STOP_UNIT, MMC_SENSE_NOT_READY_INITIALIZING_COMMAND_REQUIRED);
	assert_int_equal(db_mmc_test_unit_ready(x->d), DB_E_IMAPI_RECORDER_MEDIA_BECOMING_READY);
	assert_int_equal(x->f->n_log - first, 2); /* TUR, START STOP UNIT */
}

static bool always(void *ctx)
{
	(void)ctx;
	return true;
}

static void test_cancel_stops_waiting(void **state)
{
	struct fixture *x = *state;
	fake_fail_next(x->f, 0x00, MMC_SENSE_NOT_READY_BECOMING_READY);
	db_device_set_cancel_check(x->d, always, NULL);
	assert_int_equal(db_mmc_test_unit_ready(x->d), DB_E_IMAPI_REQUEST_CANCELLED);
	db_device_set_cancel_check(x->d, NULL, NULL);
}

static void test_two_pass_configuration(void **state)
{
	struct fixture *x = *state;
	uint8_t *buf;
	size_t len;
	assert_int_equal(db_mmc_get_configuration(x->d, &buf, &len), DB_S_OK);
	assert_int_equal(len, 8);
	free(buf);
	/* Header first (8 bytes), then the reported length. */
	unsigned n = 0;
	for (unsigned i = 0; i < x->f->n_log; i++)
		n += x->f->log_op[i] == 0x46;
	assert_int_equal(n, 2);
	uint16_t p;
	assert_int_equal(db_recorder_current_profile(x->r, &p), DB_S_OK);
	assert_int_equal(p, 0x0009);
}

static void test_max_transfer_from_transport(void **state)
{
	struct fixture *x = *state;
	/* The fake has no Block Limits page (05/24/00): the transport's
	 * 64 KiB stands. */
	assert_int_equal(db_device_max_transfer(x->d), 64 << 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_becoming_ready_waited_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_budget_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unit_attention_at_most_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_medium_not_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(test_initializing_command_required_starts_unit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_initializing_command_required_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_unit_failure_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_stops_waiting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_pass_configuration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_max_transfer_from_transport, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
