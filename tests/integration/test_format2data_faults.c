/* The fault matrix (issue 5): IDiscFormat2Data::Write under every fault
 * preset of the emulator (one per IMAPI failure condition,
 * docs/fault-plans.md) and a few plans of our own, all in virtual time.
 * Each burn ends with the status the condition names, transient ones are
 * waited out (the engine's waits pass on the drive's clock), a drive busy
 * after an Immed CLOSE is polled until done, sectors that read back wrong
 * fail verification, and afterwards every disc reopens. The matrix is
 * printed as a table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "format2data_harness.h"
#include "mmcemu/mmcemu.h"

struct fault_case {
	const char *profile;
	const char *faults; /* preset name, or plan text (contains " do ") */
	db_status expect;
	enum db_verification_level verify;
};

static const struct fault_case cases[] = {
	{"dvd+r", "NO_MEDIA", DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA, 0},
	{"dvd+r", "BECOMING_READY", DB_S_OK, 0},
	{"dvd+r", "BECOMING_READY_FOREVER", DB_E_IMAPI_RECORDER_MEDIA_BECOMING_READY, 0},
	{"dvd+r", "INITIALIZING_COMMAND_REQUIRED", DB_S_OK, DB_VERIFY_FULL},
	{"dvd+r", "FORMAT_IN_PROGRESS", DB_E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS, 0},
	{"dvd+r", "MEDIA_BUSY", DB_S_OK, 0},
	{"dvd+r", "MEDIA_BUSY_FOREVER", DB_E_IMAPI_RECORDER_MEDIA_BUSY, 0},
	{"dvd+r", "LOSS_OF_STREAMING", DB_E_IMAPI_LOSS_OF_STREAMING, 0},
	{"dvd+r", "MEDIA_INCOMPATIBLE", DB_E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, 0},
	{"cd-r", "NO_SUCH_MODE_PAGE", DB_E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE, 0},
	{"cd-r", "INVALID_MODE_PARAMETERS", DB_E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS, 0},
	{"dvd+r", "WRITE_PROTECTED", DB_E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED, 0},
	{"dvd+r", "SPEED_MISMATCH", DB_E_IMAPI_RECORDER_MEDIA_SPEED_MISMATCH, 0},
	{"dvd+r", "UPSIDE_DOWN", DB_E_IMAPI_RECORDER_MEDIA_UPSIDE_DOWN, 0},
	{"dvd+r", "COMMAND_TIMEOUT", DB_E_IMAPI_RECORDER_COMMAND_TIMEOUT, 0},
	{"dvd+r", "UNEXPECTED_RESPONSE_FROM_DEVICE", DB_E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, 0},
	{"dvd+r", "DEV_NOT_EXIST", DB_ERROR_DEV_NOT_EXIST, 0},
	{"dvd+r", "POWER_CALIBRATION_FAILED", DB_E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, 0},
	{"dvd+r", "MEDIA_CHANGED_MID_BURN", DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA, 0},
	{"dvd+r", "DVD_STRUCTURE_NOT_PRESENT", DB_E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT, 0},
	{"dvd-r", "INVALID_RESPONSE_FROM_DEVICE", DB_E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE, 0},
	{"dvd+r", "on READ nth 3 do corrupt", DB_E_IMAPI_BURN_VERIFICATION_FAILED, DB_VERIFY_FULL},
	{"dvd+r", "on READ nth 1 do corrupt", DB_E_IMAPI_BURN_VERIFICATION_FAILED, DB_VERIFY_QUICK},
	/* Busy for 1.5 s after the Immed CLOSE TRACK: the engine polls. */
	{"cd-r", "on CLOSE_TRACK_SESSION nth 1 do long-write 1500ms", DB_S_OK, DB_VERIFY_FULL},
	/* An OPC the drive does not do (ILLEGAL REQUEST) is skipped. */
	{"dvd+r", "on SEND_OPC_INFORMATION always do sense 5/20/00", DB_S_OK, DB_VERIFY_FULL},
};

static const char *faults_spec(const char *faults, const char *dir, char *buf, size_t cap)
{
	if (!strstr(faults, " do "))
		return faults;
	snprintf(buf, cap, "%s/plan.txt", dir);
	FILE *f = fopen(buf, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", faults);
	fclose(f);
	return buf;
}

/* 2048 sectors: 16 WRITEs of 256 KiB, enough for the "nth 8" rules. */
static db_status burn_with(const struct fault_case *c)
{
	struct h_disc *x = calloc(1, sizeof(*x));
	strcpy(x->dir, "/tmp/f2d-faults-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	char plan[128];
	setenv("DISCBURN_EMU_FAULTS", faults_spec(c->faults, x->dir, plan, sizeof(plan)), 1);
	setenv("DISCBURN_EMU_CLOCK", "virtual", 1);
	h_open_named(x, c->profile);
	unsetenv("DISCBURN_EMU_FAULTS");
	unsetenv("DISCBURN_EMU_CLOCK");
	/* "Forever" conditions give up after 4 s instead of 120 s. */
	struct db_retry_policy p;
	db_device_get_retry_policy(x->d, &p);
	p.ready_wait_ms = 4000;
	p.backoff_max_ms = 200;
	db_device_set_retry_policy(x->d, &p);
	struct db_stream *s = h_pattern(2048 * 2048, 1);
	db_status st = h_write(x, s, &(struct h_burn){.verify = c->verify}, NULL);
	db_stream_close(s);
	db_recorder_close(x->r);
	x->r = NULL;
	/* Whatever the fault did, the disc reopens in a consistent state
	 * (the loader validates tracks against sessions and the image). */
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR,
					  .disc_path = x->path, .clock = MMCEMU_CLOCK_VIRTUAL};
	struct mmcemu_drive *md;
	char err[256];
	if (mmcemu_drive_open(&cfg, &md, err, sizeof(err)) != 0)
		fail_msg("%s: the disc does not reopen: %s", c->faults, err);
	mmcemu_drive_close(md);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", x->dir);
	assert_int_equal(system(cmd), 0);
	free(x);
	return st;
}

static void test_faults(void **state)
{
	(void)state;
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	assert_int_equal(db_emu_register(), DB_S_OK);
	unsigned bad = 0;
	print_message("| fault | medium | expected | got | |\n|---|---|---|---|---|\n");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		db_status st = burn_with(&cases[i]);
		bool ok = st == cases[i].expect;
		print_message("| %s | %s | %s | %s | %s |\n", cases[i].faults, cases[i].profile,
			      db_status_name(cases[i].expect), db_status_name(st),
			      ok ? "ok" : "WRONG");
		bad += !ok;
	}
	assert_int_equal(bad, 0);
}

/* Every preset the emulator offers is in the matrix, expecting what the
 * preset itself names: a new preset cannot be skipped, nor drift. */
static void test_matrix_covers_every_preset(void **state)
{
	(void)state;
	const char *want;
	for (unsigned i = 0; mmcemu_fault_preset(i, &want); i++) {
		const char *name = mmcemu_fault_preset(i, NULL);
		const struct fault_case *c = NULL;
		for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]) && !c; k++)
			if (strcmp(cases[k].faults, name) == 0)
				c = &cases[k];
		if (!c)
			fail_msg("preset %s is not in the fault matrix", name);
		if (strcmp(db_status_name(c->expect), want) != 0)
			fail_msg("preset %s: the matrix expects %s, the preset names %s", name,
				 db_status_name(c->expect), want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_matrix_covers_every_preset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
