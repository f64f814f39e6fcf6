/* Fault plan language: parsing (good rules, each rejection with file:line),
 * matching semantics (nth, once/always/times, LBA ranges, time), presets. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fault_plan.h"
#include "mmc/opcodes.h"

static struct fault_plan plan;
static char err[256];

static int parse(const char *text)
{
	err[0] = 0;
	return fault_plan_parse(text, "t.plan", &plan, err, sizeof(err));
}

static const struct fault_action *cmd(uint8_t op, int64_t lba, uint32_t blocks, uint64_t ms)
{
	struct fault_ctx c = {.opcode = op, .has_lba = lba >= -1000, .lba = lba,
			      .blocks = blocks, .now_ms = ms};
	return fault_plan_match(&plan, &c);
}

static void parses_rules_and_comments(void **state)
{
	(void)state;
	assert_int_equal(parse("# a comment\n\n"
			       "on WRITE_10|0x2A nth 3 times 2 do sense 3/0C/09  # trailing\n"
			       "on any after 2s always do delay 250ms\n"
			       "on READ lba 100-199 do corrupt\n"),
			 0);
	assert_int_equal(plan.n_rules, 3);
	const struct fault_rule *r = &plan.rules[0];
	assert_int_equal(r->n_opcodes, 2);
	assert_int_equal(r->nth, 3);
	assert_int_equal(r->repeat, FAULT_TIMES);
	assert_int_equal(r->times, 2);
	assert_int_equal(r->action.kind, FAULT_SENSE);
	assert_int_equal(r->action.sense.key, 3);
	assert_int_equal(r->action.sense.asc, 0x0C);
	assert_int_equal(r->action.sense.ascq, 0x09);
	assert_int_equal(plan.rules[1].after_ms, 2000);
	assert_int_equal(plan.rules[1].action.ms, 250);
	assert_int_equal(plan.rules[2].n_opcodes, 3); /* READ(10), READ(12), READ CD */
	assert_true(plan.rules[2].has_lba);
	assert_int_equal(plan.rules[2].lba_first, 100);
	assert_int_equal(plan.rules[2].lba_last, 199);
}

static void sense_by_name(void **state)
{
	(void)state;
	assert_int_equal(parse("on WRITE do sense MEDIUM_LOSS_OF_STREAMING\n"), 0);
	assert_int_equal(plan.rules[0].action.sense.asc, 0x0C);
	assert_int_equal(plan.rules[0].action.sense.ascq, 0x09);
}

static void rejects_with_line_numbers(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *expect;
	} bad[] = {
		{"\non WRITE_99 do drop\n", "t.plan:2: unknown opcode 'WRITE_99'"},
		{"on WRITE nth 2 drop\n", "t.plan:1: missing 'do'"},
		{"on WRITE do explode\n", "t.plan:1: unknown action 'explode'"},
		{"on WRITE do sense 3/0C\n", "t.plan:1: 'sense' wants"},
		{"on WRITE do sense 3/0C/09/1\n", "t.plan:1: 'sense' wants"},
		{"on WRITE nth 0 do drop\n", "t.plan:1: 'nth' wants"},
		{"on WRITE lba 9-3 do drop\n", "t.plan:1: bad LBA range"},
		{"on WRITE do delay soon\n", "t.plan:1: 'delay' wants a duration"},
		{"on WRITE do drop now\n", "t.plan:1: 'drop' takes no argument"},
		{"on WRITE sometimes do drop\n", "t.plan:1: 'sometimes' needs a value"},
		{"on WRITE every 3 do drop\n", "t.plan:1: unknown trigger word 'every'"},
		{"WRITE do drop\n", "t.plan:1: a rule reads"},
		{"on WRITE after -5 do drop\n", "t.plan:1: 'after' wants"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_not_equal(parse(bad[i].text), 0);
		if (strncmp(err, bad[i].expect, strlen(bad[i].expect)) != 0)
			fail_msg("case %zu: got '%s', want '%s...'", i, err, bad[i].expect);
	}
}

static void nth_once_fires_exactly_once(void **state)
{
	(void)state;
	assert_int_equal(parse("on WRITE_10 nth 3 do drop\n"), 0);
	assert_null(cmd(MMC_OP_WRITE_10, 0, 16, 0));
	assert_null(cmd(MMC_OP_READ_10, 0, 16, 0)); /* not counted */
	assert_null(cmd(MMC_OP_WRITE_10, 16, 16, 0));
	const struct fault_action *a = cmd(MMC_OP_WRITE_10, 32, 16, 0);
	assert_non_null(a);
	assert_int_equal(a->kind, FAULT_DROP);
	assert_null(cmd(MMC_OP_WRITE_10, 48, 16, 0));
}

static void times_and_always(void **state)
{
	(void)state;
	assert_int_equal(parse("on WRITE times 2 do sense 2/04/08\n"), 0);
	assert_non_null(cmd(MMC_OP_WRITE_12, 0, 1, 0));
	assert_non_null(cmd(MMC_OP_WRITE_10, 0, 1, 0));
	assert_null(cmd(MMC_OP_WRITE_10, 0, 1, 0));
	assert_int_equal(parse("on any always do delay 5ms\n"), 0);
	for (int i = 0; i < 10; i++)
		assert_non_null(cmd((uint8_t)i, -5000, 0, 0));
}

static void lba_range_overlap_and_time(void **state)
{
	(void)state;
	assert_int_equal(parse("on READ lba 100-199 always do corrupt\n"
			       "on WRITE after 1500ms do drop\n"), 0);
	assert_null(cmd(MMC_OP_READ_10, 80, 20, 0)); /* 80..99 */
	assert_non_null(cmd(MMC_OP_READ_10, 90, 20, 0)); /* 90..109 overlaps */
	assert_non_null(cmd(MMC_OP_READ_12, 199, 1, 0));
	assert_null(cmd(MMC_OP_READ_10, 200, 1, 0));
	assert_null(cmd(MMC_OP_WRITE_10, 0, 1, 1499));
	assert_non_null(cmd(MMC_OP_WRITE_10, 0, 1, 1500));
}

/* "until OPCODES": the rule fires until one of those commands arrives,
 * and that command itself already runs clean; then never again. */
static void until_opcode_ends_the_rule(void **state)
{
	(void)state;
	assert_int_equal(parse("on TEST_UNIT_READY|WRITE always until START_STOP_UNIT|0x1E "
			       "do sense NOT_READY_INITIALIZING_COMMAND_REQUIRED\n"),
			 0);
	assert_int_equal(plan.rules[0].n_until, 2);
	assert_int_equal(plan.rules[0].action.sense.ascq, 0x02);
	assert_non_null(cmd(MMC_OP_TEST_UNIT_READY, -2000, 0, 0));
	assert_non_null(cmd(MMC_OP_WRITE_10, 0, 16, 0));
	assert_null(cmd(MMC_OP_INQUIRY, -2000, 0, 0));
	assert_null(cmd(MMC_OP_START_STOP_UNIT, -2000, 0, 0));
	assert_null(cmd(MMC_OP_TEST_UNIT_READY, -2000, 0, 0));
	assert_null(cmd(MMC_OP_WRITE_10, 16, 16, 0));
	/* An "until" command before the rule ever fired ends it too. */
	assert_int_equal(parse("on WRITE nth 2 always until START_STOP_UNIT do sense 2/04/02\n"), 0);
	assert_null(cmd(MMC_OP_WRITE_10, 0, 16, 0));
	assert_null(cmd(MMC_OP_START_STOP_UNIT, -2000, 0, 0));
	assert_null(cmd(MMC_OP_WRITE_10, 16, 16, 0));
	/* "until any" would end at once: refused, as are unknown opcodes. */
	assert_int_equal(parse("on WRITE until any do drop\n"), -EINVAL);
	assert_non_null(strstr(err, "t.plan:1: 'until' wants opcodes"));
	assert_int_equal(parse("on WRITE until NOPE do drop\n"), -EINVAL);
	assert_non_null(strstr(err, "t.plan:1: unknown opcode 'NOPE'"));
	assert_int_equal(parse("on WRITE until\n do drop\n"), -EINVAL);
}

static void every_preset_parses(void **state)
{
	(void)state;
	int n = 0;
	for (const struct fault_preset *p = fault_presets; p->name; p++, n++) {
		if (fault_plan_load(p->name, &plan, err, sizeof(err)) != 0)
			fail_msg("preset %s: %s", p->name, err);
		assert_true(plan.n_rules > 0);
		assert_non_null(p->imapi_status);
	}
	assert_true(n >= 18);
	assert_non_null(fault_preset_find("loss_of_streaming"));
	assert_null(fault_preset_find("NO_SUCH_PRESET"));
}

static void missing_file_names_itself(void **state)
{
	(void)state;
	assert_int_not_equal(fault_plan_load("/nonexistent/plan", &plan, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "/nonexistent/plan"));
	assert_non_null(strstr(err, "preset"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_rules_and_comments),
		cmocka_unit_test(sense_by_name),
		cmocka_unit_test(rejects_with_line_numbers),
		cmocka_unit_test(nth_once_fires_exactly_once),
		cmocka_unit_test(times_and_always),
		cmocka_unit_test(lba_range_overlap_and_time),
		cmocka_unit_test(until_opcode_ends_the_rule),
		cmocka_unit_test(every_preset_parses),
		cmocka_unit_test(missing_file_names_itself),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
