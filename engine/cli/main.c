/* discburn: the command-line face of libdiscburn. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "discburn/emu.h"
#include "discburn/version.h"
#include "mmc/opcodes.h"

const char *cli_command = "discburn";

/* The synopses and option texts live in help.c (`discburn COMMAND --help`). */
static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{"drives", cli_cmd_drives},
	{"info", cli_cmd_info},
	{"write-section", cli_cmd_write_section},
	{"write", cli_cmd_write},
	{"burn", cli_cmd_burn},
	{"mkimage", cli_cmd_mkimage},
	{"erase", cli_cmd_erase},
	{"msinfo", cli_cmd_msinfo},
	{"read", cli_cmd_read},
	{"eject", cli_cmd_eject},
	{"load", cli_cmd_load},
	{"check-image", cli_cmd_check_image},
	{"audio", cli_cmd_audio},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage_all(FILE *f)
{
	fprintf(f, "usage: discburn [--version] [--help] [GLOBAL OPTIONS] COMMAND ...\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  discburn %s\n", cli_help_synopsis(commands[i].name));
	fprintf(f, "DRIVE: /dev/srN, /dev/sgN, or emu:PROFILE:DISCFILE (an emulated drive;\n"
		   "       the disc is created blank when DISCFILE is missing)\n"
		   "options before COMMAND, for emu: drives:\n"
		   "  --fault-plan FILE|PRESET   inject faults (docs/fault-plans.md; mmcemu faults)\n"
		   "  --emu-clock virtual|real|unlimited   the drive's time (default virtual)\n"
		   "discburn COMMAND --help shows every option of COMMAND; man discburn.\n");
}

/* Global options for emulated drives. They travel to the emu backend the
 * way its documented environment does (engine/emu/include/discburn/emu.h),
 * so a plan given either way behaves the same. Returns how many argv
 * entries were consumed, or -1 after a usage message. */
static int global_options(int argc, char **argv)
{
	int i = 1;
	while (i < argc && strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i], "--help") != 0 &&
	       strcmp(argv[i], "--version") != 0) {
		const char *opt = argv[i];
		const char *env = strcmp(opt, "--fault-plan") == 0 ? "DISCBURN_EMU_FAULTS"
				  : strcmp(opt, "--emu-clock") == 0 ? "DISCBURN_EMU_CLOCK"
								     : NULL;
		if (!env) {
			fprintf(stderr, "discburn: unknown option '%s'\n", opt);
			return -1;
		}
		if (i + 1 >= argc || !*argv[i + 1]) {
			fprintf(stderr, "discburn: %s needs a value\n", opt);
			return -1;
		}
		const char *v = argv[i + 1];
		if (strcmp(opt, "--emu-clock") == 0 && strcmp(v, "virtual") && strcmp(v, "real") && strcmp(v, "unlimited")) {
			fprintf(stderr, "discburn: --emu-clock: '%s' is not virtual, real or unlimited\n", v);
			return -1;
		}
		setenv(env, v, 1);
		i += 2;
	}
	return i - 1;
}

int cli_usage(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "discburn: %s: ", cli_command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, cli_command) == 0)
			fprintf(stderr, "usage: discburn %s (--help: every option)\n",
				cli_help_synopsis(commands[i].name));
	return CLI_USAGE;
}

bool cli_number(const char *option, const char *arg, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(arg, &end, 0);
	if (!*arg || *end || errno) {
		cli_usage("--%s '%s' is not a whole number", option, arg);
		return false;
	}
	*out = v;
	return true;
}

bool cli_json;
static char fact[256];
/* The drive's answer that failed, kept by cli_hold_sense before a probe
 * for the fact sends commands of its own. */
static bool held;
static struct mmc_sense held_sense;
static uint8_t held_opcode;

/* IMAPI's message, said for what the command does: IMAPI has only
 * burning objects, so some messages begin "The write failed because";
 * a command that writes nothing (read, info, msinfo, erase, drives)
 * says the rest of it instead ("The drive returned error information
 * that could not be recovered from."). */
static const char *message_of(db_status st, char *buf, size_t cap)
{
	static const char prefix[] = "The write failed because the ";
	const char *m = db_strerror(st);
	bool writes = strcmp(cli_command, "write") == 0 || strcmp(cli_command, "write-section") == 0 ||
		      strcmp(cli_command, "burn") == 0;
	if (writes || strncmp(m, prefix, sizeof(prefix) - 1) != 0)
		return m;
	snprintf(buf, cap, "The %s", m + sizeof(prefix) - 1);
	return buf;
}

void cli_hold_sense(struct db_device *d)
{
	held = true;
	held_sense = db_device_last_sense(d);
	held_opcode = db_device_last_opcode(d);
}

static struct mmc_sense last_sense(struct db_device *d, const char **op)
{
	struct mmc_sense s = held ? held_sense : db_device_last_sense(d);
	*op = NULL;
	if (s.key || s.asc || s.ascq) {
		*op = mmc_opcode_name(held ? held_opcode : db_device_last_opcode(d));
		if (!*op)
			*op = "?";
	}
	return s;
}

void cli_fact(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(fact, sizeof(fact), fmt, ap);
	va_end(ap);
}

const char *cli_grouped(long long v, char out[32])
{
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%lld", v < 0 ? -v : v);
	int o = 0;
	if (v < 0)
		out[o++] = '-';
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return out;
}

/* The JSON error object of docs/engine.md "JSON output": one line on
 * stdout, where the --json / --json-events reader already listens. */
void cli_json_error(db_status st, const char *message, const char *what, struct db_device *d)
{
	const char *name = db_status_name(st);
	struct mmc_sense s = {0};
	const char *op = NULL;
	if (d)
		s = last_sense(d, &op);
	printf("{\"event\":\"error\",\"subcommand\":");
	json_string(stdout, cli_command);
	printf(",\"status\":");
	json_string(stdout, name ? name : "UNKNOWN");
	printf(",\"hresult\":\"0x%08X\",\"message\":", db_status_hex(st));
	char buf[256];
	json_string(stdout, message ? message : message_of(st, buf, sizeof(buf)));
	printf(",\"fact\":");
	if (fact[0])
		json_string(stdout, fact);
	else
		printf("null");
	printf(",\"object\":");
	if (what)
		json_string(stdout, what);
	else
		printf("null");
	if (op) {
		printf(",\"command\":");
		json_string(stdout, op);
		printf(",\"sense\":\"%X/%02X/%02X\"", s.key, s.asc, s.ascq);
	} else {
		printf(",\"command\":null,\"sense\":null");
	}
	printf("}\n");
	fflush(stdout);
}

int cli_fail(db_status st, struct db_recorder *rec, const char *what)
{
	const char *name = db_status_name(st);
	char buf[256];
	fprintf(stderr, "discburn: %s: %s%s%s (0x%08X): %s", cli_command, what ? what : "",
		what ? ": " : "", name ? name : "UNKNOWN", db_status_hex(st),
		message_of(st, buf, sizeof(buf)));
	/* The fact the user needs, in Linux terms, after IMAPI's words. */
	if (fact[0])
		fprintf(stderr, " -- %s", fact);
	/* Who holds the drive, where the transport can tell (the emulated
	 * drive; the kernel keeps no name for an sg node's holder). */
	if (st == DB_E_IMAPI_RECORDER_LOCKED && db_recorder_lock_owner()[0])
		fprintf(stderr, " (held by \"%s\")", db_recorder_lock_owner());
	struct db_device *d = rec ? db_recorder_device(rec) : NULL;
	if (d) {
		const char *op;
		struct mmc_sense s = last_sense(d, &op);
		if (op)
			fprintf(stderr, " [sense %X/%02X/%02X %s, after %s]", s.key, s.asc, s.ascq,
				mmc_sense_text(s), op);
	}
	fprintf(stderr, "\n");
	if (cli_json)
		cli_json_error(st, NULL, what, d);
	fact[0] = '\0';
	held = false;
	if (st == DB_E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED ||
	    st == DB_E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED)
		return CLI_IMAGE_NOT_SECTORS;
	if (st == DB_E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA ||
	    st == DB_E_IMAPI_DF2TAO_NOT_ENOUGH_SPACE)
		return CLI_IMAGE_TOO_LARGE;
	return CLI_FAILED;
}

int cli_fail_drive(db_status st, const char *drive)
{
	if (st == DB_ERROR_FILE_NOT_FOUND || st == DB_ERROR_DEV_NOT_EXIST)
		cli_fact("no such drive: %s", drive);
	else if (st == DB_ERROR_NOT_SUPPORTED)
		cli_fact("%s is not an optical (MMC) drive", drive);
	cli_fail(st, NULL, drive);
	switch (st) {
	case DB_ERROR_FILE_NOT_FOUND:
	case DB_ERROR_DEV_NOT_EXIST:
		return CLI_NO_DRIVE;
	case DB_ERROR_NOT_SUPPORTED:
		return CLI_NOT_MMC;
	case DB_E_DISCBURN_EMU_PROFILE:
		return CLI_BAD_PROFILE;
	case DB_E_DISCBURN_EMU_FAULT_PLAN:
		return CLI_BAD_FAULT_PLAN;
	case DB_E_DISCBURN_EMU_DISC:
		return CLI_BAD_DISC;
	default:
		return CLI_FAILED;
	}
}

int cli_fail_image(db_status st, const char *path)
{
	struct stat sb;
	if (path && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		cli_fact("%s is a directory, not an image file", path);
	else if (st == DB_ERROR_FILE_NOT_FOUND)
		cli_fact("no such image file: %s", path);
	cli_fail(st, NULL, path);
	return CLI_IMAGE_UNREADABLE;
}

db_status cli_open_recorder(const char *drive, struct db_recorder **out)
{
	return db_recorder_open(drive, DB_OPEN_EXCLUSIVE, out);
}

void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

int main(int argc, char **argv)
{
	db_emu_register();
	int used = global_options(argc, argv);
	if (used < 0) {
		usage_all(stderr);
		return CLI_USAGE;
	}
	argc -= used;
	argv += used;
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		/* The library's version: the one that does the work. */
		printf("discburn %s\n", db_version());
		return CLI_OK;
	}
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage_all(argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (strcmp(argv[1], commands[i].name) == 0) {
			cli_command = commands[i].name;
			if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0))
				return cli_help_print(stdout, cli_command) ? CLI_OK : CLI_FAILED;
			return commands[i].fn(argc - 1, argv + 1);
		}
	}
	fprintf(stderr, "discburn: unknown command '%s'\n", argv[1]);
	usage_all(stderr);
	return CLI_USAGE;
}
