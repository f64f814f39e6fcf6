/* mmcemu raw DISC HEXCDB [--send FILE] [--save FILE] [HEXCDB ...]
 *
 * Runs one or several commands in one power-on of a drive holding DISC,
 * so a MODE SELECT of page 05h followed by WRITEs and CLOSE works in one
 * invocation. Every invocation is a fresh power-on: the 06/29/00 unit
 * attention is consumed first, as an initiator's first TEST UNIT READY
 * would. Stops at the first CHECK CONDITION (exit 1) unless -k.
 * --faults PLAN runs the power-on under a fault plan (a preset of
 * `mmcemu faults` or a plan file); its power-on TEST UNIT READY counts as
 * the plan's first command. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "drive.h"
#include "mmc/cdb.h"
#include "mmc/opcodes.h"
#include "mmcemu/mmcemu.h"

struct raw_cmd {
	uint8_t cdb[16];
	size_t cdb_len;
	const char *send; /* data-out file */
	const char *save; /* data-in file */
};

struct raw_args {
	const char *disc;
	bool keep_going;
	const char *faults; /* fault plan: preset name or file */
	enum mmcemu_clock_kind clock;
	struct raw_cmd *cmds;
	size_t n;
};

/* --clock: unlimited (default: no waiting), virtual (time moves with the
 * drive's work, deterministic), real (a drive's real pace; timed faults
 * such as "not-ready 2s" expire in wall-clock time). */
static int raw_clock(const struct cli *cli, const char *v, enum mmcemu_clock_kind *out)
{
	static const struct {
		const char *name;
		enum mmcemu_clock_kind kind;
	} kinds[] = {{"unlimited", MMCEMU_CLOCK_UNLIMITED},
		     {"virtual", MMCEMU_CLOCK_VIRTUAL},
		     {"real", MMCEMU_CLOCK_REAL}};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(v, kinds[i].name)) {
			*out = kinds[i].kind;
			return CLI_OK;
		}
	return cli_fail(cli, "--clock %s: want real, virtual or unlimited", v);
}

/* --faults and --clock apply to the whole power-on. */
static int raw_drive_option(const struct cli *cli, struct raw_args *a, int argc, char **argv,
			    int *i, bool *taken)
{
	bool missing;
	const char *v = cli_option(argc, argv, i, "--faults", &missing);
	*taken = v || missing;
	if (missing)
		return cli_fail(cli, "--faults needs a preset name or a plan file");
	if (v) {
		a->faults = v;
		return CLI_OK;
	}
	v = cli_option(argc, argv, i, "--clock", &missing);
	*taken = v || missing;
	if (missing)
		return cli_fail(cli, "--clock needs real, virtual or unlimited");
	return v ? raw_clock(cli, v, &a->clock) : CLI_OK;
}

/* --send/--save attach to the command before them. */
static int raw_file_option(const struct cli *cli, struct raw_args *a, int argc, char **argv,
			   int *i)
{
	static const char *const names[] = {"--send", "--save"};
	for (int k = 0; k < 2; k++) {
		bool missing;
		const char *v = cli_option(argc, argv, i, names[k], &missing);
		if (missing)
			return cli_fail(cli, "%s needs a file name", names[k]);
		if (!v)
			continue;
		if (!a->n)
			return cli_fail(cli, "%s must follow a HEXCDB", names[k]);
		*(k ? &a->cmds[a->n - 1].save : &a->cmds[a->n - 1].send) = v;
		return CLI_OK;
	}
	return cli_fail(cli, "raw: unknown option %s", argv[*i]);
}

static int parse_raw_args(const struct cli *cli, int argc, char **argv, struct raw_args *a)
{
	a->cmds = calloc((size_t)argc, sizeof(*a->cmds));
	if (!a->cmds)
		return cli_fail(cli, "out of memory");
	for (int i = 1; i < argc;) {
		const char *arg = argv[i];
		if (!strcmp(arg, "-k") || !strcmp(arg, "--keep-going")) {
			a->keep_going = true;
			i++;
		} else if (arg[0] == '-' && arg[1] == '-') {
			bool taken;
			int rc = raw_drive_option(cli, a, argc, argv, &i, &taken);
			if (!rc && !taken)
				rc = raw_file_option(cli, a, argc, argv, &i);
			if (rc)
				return rc;
		} else if (!a->disc) {
			a->disc = argv[i++];
		} else {
			struct raw_cmd *c = &a->cmds[a->n];
			int n = cli_parse_hex(arg, c->cdb, sizeof(c->cdb));
			if (n <= 0)
				return cli_fail(cli, "bad CDB \"%s\": want 1-16 hex bytes", arg);
			c->cdb_len = (size_t)n;
			/* "12 00 00 00 60 00" unquoted arrives as six 1-byte
			 * CDBs: refuse a CDB shorter than its opcode's group. */
			if (c->cdb_len < mmc_cdb_length(c->cdb[0]))
				return cli_fail(cli, "CDB \"%s\" has %zu bytes, opcode %02Xh takes %u: "
						     "quote the whole CDB as one argument",
						arg, c->cdb_len, c->cdb[0], mmc_cdb_length(c->cdb[0]));
			a->n++;
			i++;
		}
	}
	if (!a->disc || !a->n)
		return cli_fail(cli, "usage: mmcemu raw DISC [-k] [--faults PLAN] [--clock KIND] "
				     "HEXCDB [--send FILE] [--save FILE] [HEXCDB ...]");
	return CLI_OK;
}

/* Bytes of data-out the CDB announces: sectors for WRITE (of the block
 * size mode page 05h sets: 2352 for audio), the parameter list length for
 * MODE SELECT, SEND CUE SHEET and the like; -1 for FORMAT UNIT with
 * FmtData, whose list length is in the list itself. */
static long expected_data_out(const struct mmcemu_drive *d, const uint8_t *cdb, size_t len)
{
	struct mmc_rw_cdb rw;
	uint8_t op = cdb[0];
	if ((op == MMC_OP_WRITE_10 || op == MMC_OP_WRITE_12 || op == MMC_OP_WRITE_AND_VERIFY_10) &&
	    mmc_decode_rw(cdb, len, &rw))
		return (long)rw.blocks * (long)drive_write_block_size(d);
	if (op == MMC_OP_FORMAT_UNIT)
		return len > 1 && (cdb[1] & 0x10) ? -1 : 0;
	long n = mmc_parameter_list_length(cdb, len);
	return n < 0 ? 0 : n;
}

/* Room for the answer: READ commands return their sectors (READ CD up to
 * 2448 bytes each with subchannels), everything else fits the drive's
 * largest response. */
static size_t data_in_capacity(const uint8_t *cdb, size_t len)
{
	struct mmc_rw_cdb rw;
	size_t cap = DRIVE_RESPONSE_MAX;
	if ((cdb[0] == MMC_OP_READ_10 || cdb[0] == MMC_OP_READ_12) &&
	    mmc_decode_rw(cdb, len, &rw) && (size_t)rw.blocks * DISC_SECTOR_SIZE > cap)
		cap = (size_t)rw.blocks * DISC_SECTOR_SIZE;
	if (cdb[0] == MMC_OP_READ_CD && len >= 9) {
		size_t n = ((size_t)cdb[6] << 16 | (size_t)cdb[7] << 8 | cdb[8]) * 2448;
		if (n > cap)
			cap = n;
	}
	return cap;
}

/* Loads --send and checks its size against the CDB. */
static int load_data_out(const struct cli *cli, const struct mmcemu_drive *d,
			 const struct raw_cmd *c, uint8_t **out, size_t *len)
{
	long want = expected_data_out(d, c->cdb, c->cdb_len);
	*out = NULL;
	*len = 0;
	if (!c->send) {
		if (want > 0)
			return cli_fail(cli, "this CDB sends %ld bytes to the drive: give --send FILE",
					want);
		return CLI_OK;
	}
	if (want == 0)
		return cli_fail(cli, "--send %s: this CDB sends no data to the drive", c->send);
	int rc = cli_read_file(c->send, out, len);
	if (rc)
		return cli_fail(cli, "%s: %s", c->send, strerror(-rc));
	if (want > 0 && *len != (size_t)want) {
		free(*out);
		return cli_fail(cli, "%s holds %zu bytes, the CDB says %ld", c->send, *len, want);
	}
	return CLI_OK;
}

static void print_cdb(const struct raw_cmd *c)
{
	const char *name = mmc_opcode_name(c->cdb[0]);
	printf(">");
	for (size_t i = 0; i < c->cdb_len; i++)
		printf(" %02X", c->cdb[i]);
	printf("  (%s)\n", name ? name : "unknown opcode");
}

/* SPC-4 4.5.2.4.2 sense-key-specific field pointer, when valid. */
static void print_field_pointer(const uint8_t *sense)
{
	if (!(sense[15] & 0x80))
		return;
	printf("field:  %s byte %u", sense[15] & 0x40 ? "CDB" : "parameter list",
	       sense[16] << 8 | sense[17]);
	if (sense[15] & 0x08)
		printf(" bit %u", sense[15] & 7);
	printf("\n");
}

static void print_result(const struct mmcemu_io *io)
{
	if (io->dropped) {
		printf("status: no reply (the fault plan dropped it%s)\n",
		       io->device_gone ? "; the device is gone" : "");
		return;
	}
	if (io->status == 0) {
		printf("status: GOOD\n");
	} else {
		struct mmc_sense s = {0};
		mmc_sense_decode(io->sense, io->sense_len, &s);
		const char *name = mmc_sense_name(s);
		printf("status: CHECK CONDITION\n");
		printf("sense:  %X/%02X/%02X %s (%s)\n", s.key, s.asc, s.ascq, name ? name : "-",
		       mmc_sense_text(s));
		print_field_pointer(io->sense);
	}
	if (io->data_in_len) {
		printf("data-in: %zu bytes\n", io->data_in_len);
		cli_hexdump(stdout, io->data_in, io->data_in_len);
	}
}

/* One command: CLI_OK, CLI_CHECK_CONDITION, or CLI_USAGE for file
 * problems. */
static int run_one(const struct cli *cli, struct mmcemu_drive *d, const struct raw_cmd *c)
{
	uint8_t *out;
	size_t out_len;
	int rc = load_data_out(cli, d, c, &out, &out_len);
	if (rc)
		return rc;
	size_t cap = data_in_capacity(c->cdb, c->cdb_len);
	uint8_t *in = malloc(cap);
	if (!in) {
		free(out);
		return cli_fail(cli, "out of memory");
	}
	struct mmcemu_io io = {.cdb = c->cdb, .cdb_len = c->cdb_len, .data_out = out,
			       .data_out_len = out_len, .data_in = in, .data_in_cap = cap};
	mmcemu_execute(d, &io);
	print_cdb(c);
	print_result(&io);
	rc = io.status || io.dropped ? CLI_CHECK_CONDITION : CLI_OK;
	if (c->save) {
		int w = cli_write_file(c->save, in, io.data_in_len);
		if (w)
			rc = cli_fail(cli, "%s: %s", c->save, strerror(-w));
	}
	free(in);
	free(out);
	return rc;
}

/* Power on with the disc and consume the power-on unit attention. */
static int power_on(const struct cli *cli, const struct raw_args *a, struct mmcemu_drive **d)
{
	struct mmcemu_drive_config cfg = {.profiles_dir = cli->profiles_dir,
					  .disc_path = a->disc,
					  .fault_plan = a->faults,
					  .clock = a->clock};
	char err[512] = "";
	if (mmcemu_drive_open(&cfg, d, err, sizeof(err)) != 0)
		return cli_fail(cli, "%s", err[0] ? err : a->disc);
	uint8_t tur[6] = {0};
	struct mmcemu_io io = {.cdb = tur, .cdb_len = sizeof(tur)};
	mmcemu_execute(*d, &io);
	return CLI_OK;
}

int cli_raw(const struct cli *cli, int argc, char **argv)
{
	struct raw_args a = {.clock = MMCEMU_CLOCK_UNLIMITED};
	int rc = parse_raw_args(cli, argc, argv, &a);
	struct mmcemu_drive *d = NULL;
	if (!rc)
		rc = power_on(cli, &a, &d);
	int result = CLI_OK;
	for (size_t i = 0; !rc && i < a.n; i++) {
		int r = run_one(cli, d, &a.cmds[i]);
		if (r == CLI_USAGE)
			rc = r;
		else if (r == CLI_CHECK_CONDITION && (result = r, !a.keep_going))
			break;
	}
	mmcemu_drive_close(d);
	free(a.cmds);
	return rc ? rc : result;
}
