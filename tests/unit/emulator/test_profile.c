/* Media profile parser: the shipped profiles load with the values the docs
 * promise, and every kind of bad file is refused with "path:line: problem". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

static void load(const char *name, struct mmcemu_profile *p)
{
	char err[256] = "";
	int rc = profile_load(DISCBURN_PROFILES_DIR, name, p, err, sizeof(err));
	if (rc)
		fail_msg("%s: %s", name, err);
	assert_string_equal(p->name, name);
}

static void test_cd_r(void **state)
{
	(void)state;
	struct mmcemu_profile p;
	load("cd-r", &p);
	assert_int_equal(p.number, 0x0009);
	assert_int_equal(p.family, MMC_FAMILY_CD);
	assert_int_equal(p.capacity, 359849);
	assert_true(p.sequential);
	assert_false(p.rewritable);
	assert_false(p.needs_format);
	assert_int_equal(p.write_modes, WRITE_MODE_TAO | WRITE_MODE_SAO | WRITE_MODE_RAW);
	assert_int_equal(p.n_write_speeds, 7);
	assert_int_equal(p.write_speeds_kbps[0], 706); /* 4 x 176.4 */
	assert_int_equal(p.write_speeds_kbps[6], 8467); /* 48x */
	assert_int_equal(p.buffer_bytes, 2 * 1024 * 1024);
	assert_int_equal(p.format_ms, 0); /* optional: nothing to format */
	assert_int_equal(p.atip_lead_in_msf[0], 97);
	assert_int_equal(p.atip_lead_in_msf[1], 24);
	assert_int_equal(p.atip_lead_in_msf[2], 1);
	assert_int_equal(p.session_gap, 11400);
	assert_int_equal(p.next_session_gap, 6900);
	assert_int_equal(p.speed_model, SPEED_CAV);
	assert_int_equal(p.cav_inner_percent, 42);
	assert_int_equal(p.cav_from_kbps, 5645); /* 32x */
	assert_false(profile_speed_is_cav(&p, 4234)); /* 24x: CLV */
	assert_true(profile_speed_is_cav(&p, 8467));
	/* CAV at 48x: 42 % at LBA 0, the full speed at the end, the
	 * radius (not the LBA) halfway between at a quarter of the area. */
	assert_true(profile_speed_factor(&p, 8467, 0) > 0.4199 &&
		    profile_speed_factor(&p, 8467, 0) < 0.4201);
	assert_true(profile_speed_factor(&p, 8467, p.capacity) == 1.0);
	assert_true(profile_speed_factor(&p, 4234, 0) == 1.0);
}

static void test_dvd_plus_r(void **state)
{
	(void)state;
	struct mmcemu_profile p;
	load("dvd+r", &p);
	assert_int_equal(p.number, 0x001B);
	assert_int_equal(p.capacity, 2295104);
	assert_int_equal(p.write_speeds_kbps[0], 3324); /* 2.4 x 1385 */
	assert_int_equal(p.write_speeds_kbps[p.n_write_speeds - 1], 22160);
	assert_string_equal(p.manufacturer_id, "MCC");
	assert_string_equal(p.media_type_id, "004");
}

static void test_dvd_plus_rw(void **state)
{
	(void)state;
	struct mmcemu_profile p;
	load("dvd+rw", &p);
	assert_int_equal(p.number, 0x001A);
	assert_true(p.needs_format);
	assert_true(p.rewritable);
	assert_false(p.sequential);
	assert_int_equal(p.write_modes, WRITE_MODE_RANDOM);
	assert_int_equal(p.max_sessions, 1);
	assert_int_equal(p.format_ms, 2000); /* busy, then background format */
}

static void test_bd(void **state)
{
	(void)state;
	struct mmcemu_profile p;
	load("bd-r", &p);
	assert_int_equal(p.number, 0x0041);
	assert_int_equal(p.capacity, 12219392);
	assert_int_equal(p.write_speeds_kbps[p.n_write_speeds - 1], 53948); /* 12x */
	assert_int_equal(p.buffer_bytes, 4 * 1024 * 1024);
	assert_string_equal(p.manufacturer_id, "VERBAT");
	load("bd-re", &p);
	assert_int_equal(p.number, 0x0043);
	assert_int_equal(p.n_write_speeds, 1);
	assert_int_equal(profile_1x_kbps(&p), 4496);
	assert_int_equal(p.format_ms, 5000);
}

static void test_load_all(void **state)
{
	(void)state;
	static struct mmcemu_profile all[PROFILE_MAX_COUNT];
	char err[256] = "";
	int n = profile_load_all(DISCBURN_PROFILES_DIR, all, PROFILE_MAX_COUNT, err, sizeof(err));
	if (n < 0)
		fail_msg("%s", err);
	assert_true(n >= 7);
	for (int i = 1; i < n; i++)
		assert_true(all[i - 1].number <= all[i].number);
	assert_string_equal(all[0].name, "cd-r");
	const char *want[] = {"cd-r", "cd-rw", "dvd-r", "dvd+rw", "dvd+r", "bd-r", "bd-re"};
	for (size_t w = 0; w < 7; w++) {
		bool found = false;
		for (int i = 0; i < n; i++)
			found |= !strcmp(all[i].name, want[w]);
		assert_true(found);
	}
}

static void test_bad_names(void **state)
{
	(void)state;
	struct mmcemu_profile p;
	char err[256];
	assert_int_equal(profile_load(DISCBURN_PROFILES_DIR, "../etc/passwd", &p, err, sizeof(err)), -EINVAL);
	assert_int_equal(profile_load(DISCBURN_PROFILES_DIR, "", &p, err, sizeof(err)), -EINVAL);
	assert_int_equal(profile_load(DISCBURN_PROFILES_DIR, ".hidden", &p, err, sizeof(err)), -EINVAL);
	assert_int_equal(profile_load(DISCBURN_PROFILES_DIR, "no-such-medium", &p, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "unknown profile 'no-such-medium'"));
}

/* A valid DVD-R profile; bad-file cases patch one line of it. */
static const char *const good_lines[] = {
	"[medium]",                       /* 1 */
	"profile = 0x0011",               /* 2 */
	"family = dvd",                   /* 3 */
	"description = test",             /* 4 */
	"capacity = 2298496",             /* 5 */
	"rewritable = no",                /* 6 */
	"sequential = yes",               /* 7 */
	"needs_format = no",              /* 8 */
	"write_modes = incremental, sao", /* 9 */
	"max_sessions = 99",              /* 10 */
	"[speeds]",                       /* 11 */
	"write = 2, 4, 8x, 16",           /* 12 */
	"read = 16",                      /* 13 */
	"model = clv",                    /* 14 */
	"[drive]",                        /* 15 */
	"buffer_kib = 2048",              /* 16 */
	"[session]",                      /* 17 */
	"first_gap = 100",                /* 18 */
	"next_gap = 100",                 /* 19 */
	"[id]",                           /* 20 */
	"manufacturer = TYG03",           /* 21 */
};
#define N_GOOD (sizeof(good_lines) / sizeof(good_lines[0]))

/* Builds the good file with line `line` (1-based) replaced by `with`
 * (NULL: removed, keeping the line count by leaving it blank). */
static void build(char *buf, size_t cap, unsigned line, const char *with)
{
	buf[0] = 0;
	for (unsigned i = 0; i < N_GOOD; i++) {
		const char *l = i + 1 == line ? (with ? with : "") : good_lines[i];
		strncat(buf, l, cap - strlen(buf) - 2);
		strcat(buf, "\n");
	}
}

static void test_good_text(void **state)
{
	(void)state;
	char buf[2048], err[256] = "";
	struct mmcemu_profile p;
	build(buf, sizeof(buf), 0, NULL);
	int rc = profile_parse_string(buf, "x/t.ini", &p, err, sizeof(err));
	if (rc)
		fail_msg("%s", err);
	assert_string_equal(p.name, "t");
	assert_int_equal(p.n_write_speeds, 4);
	assert_int_equal(p.write_speeds_kbps[2], 11080);
}

struct bad_case {
	unsigned line; /* line to replace */
	const char *with;
	const char *expect; /* "t.ini:LINE: ...substring" */
};

static const struct bad_case bad_cases[] = {
	{2, "profile = 0x0099", "t.ini:2: profile: unknown MMC profile number"},
	{2, "profile = twelve", "t.ini:2: profile: not a number"},
	{3, "family = hddvd", "t.ini:3: family: family must be cd, dvd or bd"},
	{5, "capacity = -5", "t.ini:5: capacity: not a number"},
	{5, "capacity = 0", "t.ini:5: capacity: number out of range"},
	{5, "capacity = 12x", "t.ini:5: capacity: not a number"},
	{5, "capacity = 99999999999", "t.ini:5: capacity: number out of range"},
	{5, NULL, "t.ini:1: missing required key 'capacity' in [medium]"},
	{6, "rewritable = maybe", "t.ini:6: rewritable: expected yes or no"},
	{9, "write_modes = tao, floppy", "t.ini:9: write_modes: unknown write mode"},
	{9, "write_modes = tao, tao", "t.ini:9: write_modes: write mode listed twice"},
	{9, "write_modes = random", "t.ini:1: sequential media cannot list write mode 'random'"},
	{10, "colour = blue", "t.ini:10: unknown key 'colour' in [medium]"},
	{12, "write = 4, 2", "t.ini:12: write: write speeds must be listed in ascending order"},
	{12, "write = 4, 4", "t.ini:12: write: write speeds must be listed in ascending order"},
	{12, "write = 4, fast", "t.ini:12: write: bad speed"},
	{12, "write = 0", "t.ini:12: write: speed must be above 0"},
	{12, "write = ", "t.ini:12: write: empty list"},
	{13, "read = 1", "t.ini:1: read speed is below the slowest write speed"},
	{14, "model = cav", "t.ini:11: missing required key 'cav_inner_percent' in [speeds]"},
	{14, "model = zclv", "t.ini:14: model: model must be clv or cav"},
	{14, "model = clv\ncav_from = 8", "t.ini:1: cav_from needs model = cav"},
	{14, "model = cav\ncav_inner_percent = 40\ncav_from = fast", "t.ini:16: cav_from: bad speed"},
	{16, "buffer_kib = 1", "t.ini:16: buffer_kib: number out of range"},
	{16, "buffer_kib = 2048\nformat_ms = 600001", "t.ini:17: format_ms: number out of range"},
	{16, "buffer_kib = 2048\nformat_ms = 2000", "t.ini:1: format_ms applies to random-access media only"},
	{14, "read = 8", "t.ini:14: duplicate key 'read' (first on line 13)"},
	{17, "[sessions]", "t.ini:17: unknown section [sessions]"},
	{18, NULL, "t.ini:17: missing required key 'first_gap' in [session]"},
	{20, "[id", "t.ini:20: syntax error"},
	{21, "atip_lead_in = 97:24:01", "t.ini:21: key 'atip_lead_in' does not apply to this family"},
	{21, "manufacturer = ", "t.ini:21: manufacturer: empty value"},
	{21, "just some words", "t.ini:21: syntax error"},
	{3, "family = cd", "t.ini:1: family does not match the profile number"},
};

static void test_bad_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *bc = &bad_cases[i];
		char buf[2048], err[256] = "";
		struct mmcemu_profile p;
		build(buf, sizeof(buf), bc->line, bc->with);
		int rc = profile_parse_string(buf, "t.ini", &p, err, sizeof(err));
		if (rc != -EINVAL || strncmp(err, bc->expect, strlen(bc->expect)))
			fail_msg("case %zu (line %u '%s'): rc %d, got '%s', want '%s'", i,
				 bc->line, bc->with ? bc->with : "(removed)", rc, err, bc->expect);
	}
}

static void test_cd_keys(void **state)
{
	(void)state;
	char err[256] = "";
	struct mmcemu_profile p;
	static const char bad_msf[] =
		"[medium]\nprofile = 9\nfamily = cd\ndescription = x\ncapacity = 1000\n"
		"rewritable = no\nsequential = yes\nneeds_format = no\nwrite_modes = tao\n"
		"max_sessions = 1\n[speeds]\nwrite = 4\nread = 4\nmodel = clv\n"
		"[drive]\nbuffer_kib = 2048\n[session]\nfirst_gap = 1\nnext_gap = 1\n"
		"[id]\natip_lead_in = 97:60:01\natip_disc_subtype = 0\nmanufacturer = x\n";
	assert_int_equal(profile_parse_string(bad_msf, "c.ini", &p, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "c.ini:21: atip_lead_in: lead-in start"));
}

static void test_missing_file(void **state)
{
	(void)state;
	char err[256] = "";
	struct mmcemu_profile p;
	assert_int_equal(profile_parse_file("/nonexistent/x.ini", &p, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "/nonexistent/x.ini"));
	assert_true(profile_load_all("/nonexistent", &p, 1, err, sizeof(err)) < 0);
}

/* One bad file in the directory stops the drive from starting, and the
 * message names it (a typo in a profile must not pass unnoticed). */
static void test_load_all_bad_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/profiles-XXXXXX", path[64], cmd[128], err[256] = "";
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "cp %s/cd-r.ini %s/", DISCBURN_PROFILES_DIR, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/broken.ini", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("[medium]\r\nprofile = 0x0009\r\nfamily = tape\r\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/README", dir); /* not a profile */
	f = fopen(path, "w");
	fclose(f);
	static struct mmcemu_profile all[PROFILE_MAX_COUNT];
	assert_int_equal(profile_load_all(dir, all, PROFILE_MAX_COUNT, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "broken.ini:3: family: family must be cd, dvd or bd: 'tape'"));
	snprintf(cmd, sizeof(cmd), "rm -f %s/broken.ini", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(profile_load_all(dir, all, PROFILE_MAX_COUNT, err, sizeof(err)), 1);
	assert_int_equal(profile_load_all(dir, all, 0, err, sizeof(err)), -E2BIG);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cd_r),
		cmocka_unit_test(test_dvd_plus_r),
		cmocka_unit_test(test_dvd_plus_rw),
		cmocka_unit_test(test_bd),
		cmocka_unit_test(test_load_all),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_good_text),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_cd_keys),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_load_all_bad_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
