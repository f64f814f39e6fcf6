/* Every fault preset of the emulator that fires while WriteEngine2 writes
 * a section comes out of write_section as the IMAPI status the preset
 * names (emulator/src/fault_presets.c), through the one retry policy:
 * transient conditions are waited out, the rest map through the sense
 * table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "discburn/emu.h"
#include "discburn/mmc.h"
#include "discburn/recorder.h"
#include "discburn/write_engine.h"
#include "mmc/opcodes.h"
#include "mmcemu/mmcemu.h"

struct preset_case {
	const char *preset;
	db_status expect;
	/* Conditions that clear after a while pass on the VIRTUAL clock
	 * through the transport's host_wait (the backoff advances the drive's
	 * clock); they are run on the REAL clock too, where the engine
	 * sleeps. */
	bool real_clock;
};

static const struct preset_case cases[] = {
	{"NO_MEDIA", DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA, false},
	{"BECOMING_READY", DB_S_OK, false},
	{"BECOMING_READY", DB_S_OK, false},
	{"BECOMING_READY_FOREVER", DB_E_IMAPI_RECORDER_MEDIA_BECOMING_READY, false},
	{"INITIALIZING_COMMAND_REQUIRED", DB_S_OK, false},
	{"FORMAT_IN_PROGRESS", DB_E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS, false},
	{"MEDIA_BUSY", DB_S_OK, false},
	{"MEDIA_BUSY", DB_S_OK, true},
	{"MEDIA_BUSY", DB_S_OK, false},
	{"MEDIA_BUSY", DB_S_OK, true},
	{"MEDIA_BUSY_FOREVER", DB_E_IMAPI_RECORDER_MEDIA_BUSY, false},
	{"LOSS_OF_STREAMING", DB_E_IMAPI_LOSS_OF_STREAMING, false},
	{"MEDIA_INCOMPATIBLE", DB_E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, false},
	{"WRITE_PROTECTED", DB_E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED, false},
	{"SPEED_MISMATCH", DB_E_IMAPI_RECORDER_MEDIA_SPEED_MISMATCH, false},
	{"UPSIDE_DOWN", DB_E_IMAPI_RECORDER_MEDIA_UPSIDE_DOWN, false},
	{"COMMAND_TIMEOUT", DB_E_IMAPI_RECORDER_COMMAND_TIMEOUT, false},
	{"UNEXPECTED_RESPONSE_FROM_DEVICE", DB_E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, false},
	{"DEV_NOT_EXIST", DB_ERROR_DEV_NOT_EXIST, false},
	{"MEDIA_CHANGED_MID_BURN", DB_E_IMAPI_RECORDER_MEDIA_NO_MEDIA, false},
};

static db_status zero_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	int64_t *pos = s->ctx;
	size_t n = s->size - *pos < (int64_t)len ? (size_t)(s->size - *pos) : len;
	memset(buf, 0xA5, n);
	*pos += (int64_t)n;
	*got = n;
	*eof = n == 0;
	return DB_S_OK;
}

static void zero_close(struct db_stream *s)
{
	free(s->ctx);
	db_stream_free(s);
}

static const struct db_stream_ops zero_ops = {.read = zero_read, .close = zero_close};

struct burn_log {
	uint64_t start_stop_units; /* START STOP UNIT the drive saw */
	unsigned long starts; /* START STOP UNIT the device policy sent */
	uint64_t writes;
	bool read_back; /* the sectors read back as written */
};

/* 2048 sectors: 16 WRITEs of 256 KiB, enough for "nth 8" rules. */
static db_status burn_logged(const char *preset, bool real_clock, struct burn_log *log)
{
	char dir[] = "/tmp/engine-faults-XXXXXX", drive[128], cmd[128];
	assert_non_null(mkdtemp(dir));
	snprintf(drive, sizeof(drive), "emu:dvd+r:%s/disc", dir);
	setenv("DISCBURN_EMU_FAULTS", preset, 1);
	setenv("DISCBURN_EMU_CLOCK", real_clock ? "real" : "virtual", 1);
	struct db_recorder *r;
	db_status st = db_recorder_open(drive, 0, &r);
	unsetenv("DISCBURN_EMU_FAULTS");
	unsetenv("DISCBURN_EMU_CLOCK");
	assert_int_equal(st, DB_S_OK);
	/* Transient conditions last 2 s at most; "forever" ones give up
	 * after 4 s instead of the default 120 s. */
	struct db_retry_policy p;
	db_device_get_retry_policy(db_recorder_device(r), &p);
	p.ready_wait_ms = 4000;
	p.backoff_max_ms = 200;
	db_device_set_retry_policy(db_recorder_device(r), &p);

	struct db_write_engine *e;
	struct db_stream *s;
	assert_int_equal(db_write_engine_create(&e), DB_S_OK);
	assert_int_equal(db_write_engine_put_recorder(e, r), DB_S_OK);
	assert_int_equal(db_stream_create(&zero_ops, calloc(1, sizeof(int64_t)), 2048 * 2048, &s), DB_S_OK);
	st = db_write_engine_write_section(e, s, 0, 2048);
	db_stream_close(s);
	db_write_engine_destroy(e);
	if (log) {
		struct mmcemu_stats ms;
		mmcemu_get_stats(db_emu_drive(db_device_transport(db_recorder_device(r))), &ms);
		log->start_stop_units = ms.commands[MMC_OP_START_STOP_UNIT];
		log->writes = ms.commands[MMC_OP_WRITE_10] + ms.commands[MMC_OP_WRITE_12];
		struct db_device_stats ds;
		db_device_get_stats(db_recorder_device(r), &ds);
		log->starts = ds.start_units;
		uint8_t *buf = malloc(2048 * 2048);
		assert_non_null(buf);
		log->read_back = db_succeeded(st) &&
				 db_succeeded(db_mmc_synchronize_cache(db_recorder_device(r))) &&
				 db_succeeded(db_mmc_read(db_recorder_device(r), 0, 2048, buf));
		for (size_t i = 0; log->read_back && i < 2048 * 2048; i++)
			log->read_back = buf[i] == 0xA5;
		free(buf);
	}
	db_recorder_close(r);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	return st;
}

static db_status burn_with_preset(const char *preset, bool real_clock)
{
	return burn_logged(preset, real_clock, NULL);
}

/* 02/04/02 (logical unit not ready, initializing command required): a
 * stopped drive answers TEST UNIT READY, or the first WRITE, with it until
 * START STOP UNIT arrives. The engine starts the unit and the burn goes
 * on: the drive saw START STOP UNIT and the data is on the disc. */
static void test_initializing_command_required(void **state)
{
	(void)state;
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	assert_int_equal(db_emu_register(), DB_S_OK);
	static const char *const plans[] = {
		"INITIALIZING_COMMAND_REQUIRED",
		"on WRITE always until START_STOP_UNIT do sense 2/04/02",
	};
	for (size_t i = 0; i < sizeof(plans) / sizeof(plans[0]); i++) {
		char path[] = "/tmp/engine-faults-plan-XXXXXX";
		const char *spec = plans[i];
		if (strstr(spec, " do ")) {
			int fd = mkstemp(path);
			assert_true(fd >= 0);
			assert_int_equal(write(fd, spec, strlen(spec)), (ssize_t)strlen(spec));
			close(fd);
			spec = path;
		}
		struct burn_log log = {0};
		db_status st = burn_logged(spec, false, &log);
		if (spec == path)
			unlink(path);
		print_message("%s: %s, %llu START STOP UNIT, %llu WRITEs\n", plans[i],
			      db_status_name(st), (unsigned long long)log.start_stop_units,
			      (unsigned long long)log.writes);
		assert_int_equal(st, DB_S_OK);
		/* One start from the policy; the drive may see it twice, the
		 * first consumed by the power-on unit attention. */
		assert_int_equal(log.starts, 1);
		assert_true(log.start_stop_units >= 1);
		assert_true(log.read_back);
	}
}

static void test_presets(void **state)
{
	(void)state;
	setenv("MMCEMU_PROFILES_DIR", DISCBURN_PROFILES_DIR, 1);
	assert_int_equal(db_emu_register(), DB_S_OK);
	unsigned bad = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		db_status st = burn_with_preset(cases[i].preset, cases[i].real_clock);
		const char *got = db_status_name(st), *want = db_status_name(cases[i].expect);
		print_message("%-26s %-7s %s\n", cases[i].preset,
			      cases[i].real_clock ? "real" : "virtual", got ? got : "?");
		if (st != cases[i].expect) {
			print_error("  want %s\n", want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_presets),
		cmocka_unit_test(test_initializing_command_required),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
