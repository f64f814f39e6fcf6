/* Hostile initiators: any sequence of CDBs and data-out against every
 * profile in several media states. The drive must answer each with GOOD or
 * CHECK CONDITION and well-formed sense, never write past the buffers it is
 * given, and leave a disc that reopens.
 *
 * Input: [profile][state] then commands, each: CDB (length from its opcode
 * group, 12 for vendor groups), a 16-bit data-out length, data-out bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mmc/opcodes.h"
#include "mmcemu/mmcemu.h"

static const char *const profiles[] = {"cd-r", "cd-rw", "dvd+r", "dvd+rw",
				       "dvd-r", "bd-r", "bd-re"};
#define N_PROFILES (sizeof(profiles) / sizeof(profiles[0]))
#define IN_CAP (256 * 1024)

static uint8_t *in_buf;
static uint8_t *zero_data;

static void run(struct mmcemu_drive *d, const uint8_t *cdb, size_t len,
		const uint8_t *out, size_t out_len)
{
	/* Canary past the end of the buffer the drive was given. */
	in_buf[IN_CAP] = 0xA5;
	struct mmcemu_io io = {.cdb = cdb, .cdb_len = len, .data_out = out,
			       .data_out_len = out_len, .data_in = in_buf,
			       .data_in_cap = IN_CAP};
	int st = mmcemu_execute(d, &io);
	if (in_buf[IN_CAP] != 0xA5 || io.data_in_len > IN_CAP)
		abort();
	if (io.dropped)
		return;
	if (st != 0 && st != 2)
		abort();
	if (st == 2 && (io.sense_len != 18 || (io.sense[0] & 0x7F) != 0x70))
		abort();
}

/* Puts the medium in one of a few states with valid commands first, so the
 * fuzzed commands meet written, closed and formatted discs too. */
static void prepare_state(struct mmcemu_drive *d, unsigned state)
{
	static const uint8_t tur[6] = {0};
	static const uint8_t fmt_dvdrw[] = {0x04, 0x11, 0, 0, 0, 0};
	/* FOV, no Immed: the format is over when the WRITE comes (with
	 * Immed the drive would still be busy on its clock, 02/04/04). */
	static const uint8_t fmt_list[12] = {0x00, 0x80, 0x00, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x26 << 2, 0, 0, 0};
	static const uint8_t write16[10] = {0x2A, 0, 0, 0, 0, 0, 0, 0, 16, 0};
	static const uint8_t sync[10] = {0x35};
	static const uint8_t close_track[10] = {0x5B, 0, 1, 0, 0, 1};
	static const uint8_t close_session[10] = {0x5B, 0, 2};
	run(d, tur, 6, NULL, 0); /* power-on unit attention */
	if (state >= 1) {
		run(d, fmt_dvdrw, 6, fmt_list, sizeof(fmt_list));
		run(d, write16, 10, zero_data, 16 * 2048);
		run(d, sync, 10, NULL, 0);
	}
	if (state >= 2)
		run(d, close_track, 10, NULL, 0);
	if (state >= 3)
		run(d, close_session, 10, NULL, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	if (!in_buf) {
		in_buf = malloc(IN_CAP + 1);
		zero_data = calloc(1, 64 * 1024 + 16 * 2048);
	}
	/* tmpfs: the disc store fsyncs every save, which on a disk would cap
	 * the fuzzer at a few dozen inputs a second. */
	char dir[] = "/dev/shm/fuzz-cdb-XXXXXX";
	if (!mkdtemp(dir))
		return 0;
	char disc[80];
	snprintf(disc, sizeof(disc), "%s/disc", dir);
	struct mmcemu_drive_config cfg = {.profiles_dir = DISCBURN_PROFILES_DIR,
					  .profile = profiles[data[0] % N_PROFILES],
					  .disc_path = disc,
					  .clock = MMCEMU_CLOCK_VIRTUAL};
	struct mmcemu_drive *d;
	char err[256];
	if (mmcemu_drive_open(&cfg, &d, err, sizeof(err)) != 0)
		abort(); /* a fresh disc of a shipped profile always opens */
	prepare_state(d, data[1] % 4);
	size_t i = 2;
	while (i < size) {
		unsigned len = mmc_cdb_length(data[i]);
		if (len == 0)
			len = 12;
		if (i + len + 2 > size)
			break;
		const uint8_t *cdb = data + i;
		i += len;
		size_t out_len = (size_t)data[i] << 8 | data[i + 1];
		i += 2;
		const uint8_t *out = data + i;
		if (out_len > size - i) /* data-out longer than given: zeros */
			out = zero_data, out_len = out_len > 64 * 1024 ? 64 * 1024 : out_len;
		else
			i += out_len;
		run(d, cdb, len, out, out_len);
	}
	mmcemu_drive_close(d);
	/* Whatever the commands did, the disc reopens. */
	cfg.profile = NULL;
	if (mmcemu_drive_open(&cfg, &d, err, sizeof(err)) != 0) {
		fprintf(stderr, "disc does not reopen: %s\n", err);
		abort();
	}
	mmcemu_drive_close(d);
	char path[112];
	snprintf(path, sizeof(path), "%s/disc.img", dir);
	unlink(path);
	unlink(disc);
	rmdir(dir);
	return 0;
}
