/* DisableMcn for the length of a Write and an erase (issue 14,
 * DiscRecorder2 EnableMcn/DisableMcn): while DiscFormat2Data writes, and
 * while DiscFormat2Erase erases, media change notification is off through
 * the recorder, and afterwards the count is back where the caller left it
 * (a caller's own DisableMcn stays in force). On a kernel drive that is
 * the sr disk's events_poll_msecs (test_recorder_sysfs covers the knob). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "discburn/erase.h"
#include "format2data_harness.h"

struct seen {
	struct db_recorder *r;
	unsigned events, off_while_writing;
};

static void on_write(const struct db_format2data_progress *p, void *ctx)
{
	struct seen *s = ctx;
	if (p->current_action != DB_DF2D_WRITING_DATA)
		return;
	s->events++;
	s->off_while_writing += db_recorder_mcn_disabled(s->r);
}

static void on_erase(int32_t el, int32_t total, int progress, void *ctx)
{
	(void)el, (void)total, (void)progress;
	struct seen *s = ctx;
	s->events++;
	s->off_while_writing += db_recorder_mcn_disabled(s->r);
}

static void test_write_disables_mcn(void **state)
{
	(void)state;
	struct h_disc *x = h_open("dvd+r");
	struct seen s = {.r = x->r};
	assert_false(db_recorder_mcn_disabled(x->r));
	h_burn_pattern(x, 2000, 1, &(struct h_burn){.progress = on_write, .ctx = &s});
	assert_true(s.events > 0);
	assert_int_equal(s.off_while_writing, s.events);
	assert_false(db_recorder_mcn_disabled(x->r));

	/* The caller's own DisableMcn outlasts the burn. */
	assert_int_equal(db_recorder_disable_mcn(x->r), DB_S_OK);
	h_burn_pattern(x, 100, 2, &(struct h_burn){0});
	assert_true(db_recorder_mcn_disabled(x->r));
	assert_int_equal(db_recorder_enable_mcn(x->r), DB_S_OK);
	assert_false(db_recorder_mcn_disabled(x->r));
	h_close(x);
}

static void test_erase_disables_mcn(void **state)
{
	(void)state;
	struct h_disc *x = h_open("cd-rw");
	h_burn_pattern(x, 500, 1, &(struct h_burn){0});
	struct seen s = {.r = x->r};
	struct db_format2erase *e;
	assert_int_equal(db_format2erase_create(&e), DB_S_OK);
	assert_int_equal(db_format2erase_put_recorder(e, x->r), DB_S_OK);
	assert_int_equal(db_format2erase_put_client_name(e, "mcn-test"), DB_S_OK);
	db_format2erase_set_progress(e, on_erase, &s);
	assert_int_equal(db_format2erase_erase_media(e), DB_S_OK);
	assert_true(s.events > 0);
	assert_int_equal(s.off_while_writing, s.events);
	assert_false(db_recorder_mcn_disabled(x->r));
	db_format2erase_destroy(e);
	h_close(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_disables_mcn),
		cmocka_unit_test(test_erase_disables_mcn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
