/* The tcmu handler's configuration string (emulator/tcmu/handler_cfg.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "handler_cfg.h"

static char err[512];

static void full_string(void **state)
{
	(void)state;
	struct mmcemu_tcmu_cfg c;
	assert_int_equal(mmcemu_tcmu_cfg_parse(
		"mmcemu/disc=/tmp/d1;profile=dvd+r;faults=loss_of_streaming;clock=virtual;profiles=/usr/share/p",
		NULL, &c, err, sizeof(err)), 0);
	assert_string_equal(c.disc, "/tmp/d1");
	assert_string_equal(c.profile, "dvd+r");
	assert_string_equal(c.faults, "loss_of_streaming");
	assert_string_equal(c.profiles, "/usr/share/p");
	assert_int_equal(c.clock, MMCEMU_CLOCK_VIRTUAL);
	mmcemu_tcmu_cfg_free(&c);
}

static void defaults_and_empty_tray(void **state)
{
	(void)state;
	struct mmcemu_tcmu_cfg c;
	/* No prefix, no keys: an empty tray on a real clock. */
	assert_int_equal(mmcemu_tcmu_cfg_parse("", NULL, &c, err, sizeof(err)), 0);
	assert_null(c.disc);
	assert_int_equal(c.clock, MMCEMU_CLOCK_REAL);
	mmcemu_tcmu_cfg_free(&c);
	assert_int_equal(mmcemu_tcmu_cfg_parse("mmcemu/", NULL, &c, err, sizeof(err)), 0);
	mmcemu_tcmu_cfg_free(&c);
	/* Empty items are tolerated. */
	assert_int_equal(mmcemu_tcmu_cfg_parse("disc=/a;;clock=unlimited;", NULL, &c, err,
					       sizeof(err)), 0);
	assert_int_equal(c.clock, MMCEMU_CLOCK_UNLIMITED);
	mmcemu_tcmu_cfg_free(&c);
}

static void expect_error(const char *cfg, const char *base, const char *needle)
{
	struct mmcemu_tcmu_cfg c;
	int rc = mmcemu_tcmu_cfg_parse(cfg, base, &c, err, sizeof(err));
	if (rc != -EINVAL || !strstr(err, needle))
		fail_msg("\"%s\": rc %d, message \"%s\", expected \"%s\"", cfg, rc, err, needle);
}

static void rejects(void **state)
{
	(void)state;
	expect_error("disc=/a,dev_size=5", NULL, "commas");
	expect_error("disc=/a;disc=/b", NULL, "twice");
	expect_error("disk=/a", NULL, "unknown key \"disk\"");
	expect_error("disc", NULL, "not KEY=VALUE");
	expect_error("disc=", NULL, "empty value");
	expect_error("disc=relative/d", NULL, "absolute");
	expect_error("disc=/tmp/../etc/d", NULL, "\"..\"");
	expect_error("disc=/tmp/d;clock=fast", NULL, "clock=fast");
	expect_error("disc=/tmp/d;profile=../x", NULL, "profile=");
	expect_error("profile=cd-r", NULL, "without disc");
	expect_error("disc=/tmp/d;faults=a b", NULL, "faults=");
	expect_error("profiles=/x/..", NULL, "\"..\"");
}

static void dots_inside_names_are_fine(void **state)
{
	(void)state;
	struct mmcemu_tcmu_cfg c;
	assert_int_equal(mmcemu_tcmu_cfg_parse("disc=/tmp/a..b/..c", NULL, &c, err,
					       sizeof(err)), 0);
	mmcemu_tcmu_cfg_free(&c);
}

static void base_directory(void **state)
{
	(void)state;
	char base[] = "/tmp/tcmu-cfg-XXXXXX";
	assert_non_null(mkdtemp(base));
	char sub[64], inside[128], outside_link[128], cfg[512];
	snprintf(sub, sizeof(sub), "%s/discs", base);
	assert_int_equal(mkdir(sub, 0700), 0);
	struct mmcemu_tcmu_cfg c;

	snprintf(cfg, sizeof(cfg), "disc=%s/d1;faults=%s/plan", sub, sub);
	assert_int_equal(mmcemu_tcmu_cfg_parse(cfg, base, &c, err, sizeof(err)), 0);
	mmcemu_tcmu_cfg_free(&c);

	expect_error("disc=/etc/d1", base, "outside the allowed directory");
	snprintf(cfg, sizeof(cfg), "disc=%s/missing/d1", base);
	expect_error(cfg, base, "No such file");

	/* A symlinked directory or file pointing out is outside too. */
	snprintf(outside_link, sizeof(outside_link), "%s/out", base);
	assert_int_equal(symlink("/etc", outside_link), 0);
	snprintf(cfg, sizeof(cfg), "disc=%s/d1", outside_link);
	expect_error(cfg, base, "outside");
	snprintf(inside, sizeof(inside), "%s/passwd-link", sub);
	assert_int_equal(symlink("/etc/passwd", inside), 0);
	snprintf(cfg, sizeof(cfg), "disc=%s", inside);
	expect_error(cfg, base, "resolves outside");

	unlink(inside);
	unlink(outside_link);
	rmdir(sub);
	rmdir(base);
}

static void drive_differs(void **state)
{
	(void)state;
	struct mmcemu_tcmu_cfg a, b;
	assert_int_equal(mmcemu_tcmu_cfg_parse("disc=/a;faults=x", NULL, &a, err, sizeof(err)), 0);
	assert_int_equal(mmcemu_tcmu_cfg_parse("disc=/b;faults=x", NULL, &b, err, sizeof(err)), 0);
	assert_false(mmcemu_tcmu_cfg_drive_differs(&a, &b));
	mmcemu_tcmu_cfg_free(&b);
	assert_int_equal(mmcemu_tcmu_cfg_parse("disc=/b", NULL, &b, err, sizeof(err)), 0);
	assert_true(mmcemu_tcmu_cfg_drive_differs(&a, &b));
	mmcemu_tcmu_cfg_free(&a);
	mmcemu_tcmu_cfg_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_string),
		cmocka_unit_test(defaults_and_empty_tray),
		cmocka_unit_test(rejects),
		cmocka_unit_test(dots_inside_names_are_fine),
		cmocka_unit_test(base_directory),
		cmocka_unit_test(drive_differs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
