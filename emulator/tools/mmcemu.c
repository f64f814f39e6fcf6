/* mmcemu: create, inspect and drive emulated discs from the shell.
 *
 *   mmcemu [--profiles-dir DIR] profiles
 *   mmcemu [--profiles-dir DIR] new --profile NAME DISC
 *   mmcemu rm DISC
 *   mmcemu [--profiles-dir DIR] show DISC [--json]
 *   mmcemu [--profiles-dir DIR] raw DISC [-k] [--faults PLAN] [--clock KIND]
 *                                  HEXCDB [--send FILE] [--save FILE] ...
 *   mmcemu faults [PRESET]
 *   mmcemu [--profiles-dir DIR] attach [--profile P] [--name N] [--faults PLAN] DISC
 *   mmcemu detach NAME|/dev/srN|/dev/sgN
 *
 * See docs/emulator-commands.md. */
#include <string.h>

#include "discburn/version.h"
#include "cli.h"

/* Each subcommand with its synopsis and every option (`mmcemu COMMAND
 * --help`); usage() lists the synopses. docs/man/mmcemu.1.scd follows it. */
static const struct {
	const char *name;
	int (*run)(const struct cli *cli, int argc, char **argv);
	const char *synopsis;
	const char *help;
} subcommands[] = {
	{"profiles", cli_profiles, "profiles",
	 "List the media profiles (capacity, speeds), and the directory they were read from.\n"},
	{"new", cli_new, "new --profile NAME DISC",
	 "Create a blank disc: DISC (metadata) and DISC.img (sparse sectors).\n"
	 "  --profile NAME   the medium: a name from `mmcemu profiles` (required)\n"},
	{"rm", cli_rm, "rm DISC",
	 "Remove a disc whole: DISC, DISC.img and DISC.tmp/DISC.lock beside them, or an orphan\n"
	 "DISC.img whose DISC is gone. Refuses a file that is not an emulated disc and a disc a\n"
	 "drive holds.\n"},
	{"show", cli_show, "show DISC [--json]",
	 "Show a disc's status, sessions, tracks and next writable address.\n"
	 "  --json           one JSON object instead of text\n"},
	{"raw", cli_raw,
	 "raw DISC [-k] [--faults PLAN] [--clock real|virtual|unlimited]\n"
	 "      HEXCDB [--send FILE] [--save FILE] [HEXCDB ...]",
	 "Run CDBs in one power-on of a drive holding DISC; sense is decoded by name.\n"
	 "  -k, --keep-going  go on after a CHECK CONDITION (default: stop at the first)\n"
	 "  --faults PLAN     a fault plan file or preset (docs/fault-plans.md; default: none)\n"
	 "  --clock KIND      the drive's time: real, virtual or unlimited (default: unlimited)\n"
	 "  --send FILE       data-out for the CDB before it (WRITE, MODE SELECT, ...)\n"
	 "  --save FILE       write the CDB's data-in to FILE (default: hex dump on stdout)\n"},
	{"faults", cli_faults, "faults [PRESET]",
	 "List the fault plan presets (one per IMAPI failure condition), or print one.\n"},
#ifdef MMCEMU_CLI_ATTACH
	{"attach", cli_attach, "attach [--profile P] [--name N] [--faults PLAN] [--max-sectors N] DISC",
	 "Serve DISC as a kernel drive through TCMU and tcm_loop (root, tcmu-runner running with\n"
	 "handler_mmcemu.so); prints NAME /dev/srN /dev/sgN.\n"
	 "  --profile P       create DISC blank with this medium when it does not exist\n"
	 "  --name N          the backstore name (default: mmcemuN, the first free)\n"
	 "  --faults PLAN     a fault plan file or preset (default: none)\n"
	 "  --max-sectors N   the largest transfer in blocks, hw_max_sectors (default: 128)\n"},
	{"detach", cli_detach, "detach NAME|/dev/srN|/dev/sgN", "Remove an attached drive.\n"},
#endif
};

#define N_SUBCOMMANDS (sizeof(subcommands) / sizeof(subcommands[0]))

static void usage(FILE *f)
{
	fputs("usage: mmcemu [--version] [--help] [--profiles-dir DIR] COMMAND ...\n", f);
	for (size_t k = 0; k < N_SUBCOMMANDS; k++)
		fprintf(f, "  %s\n", subcommands[k].synopsis);
	fputs("  --profiles-dir DIR   read media profiles from DIR (default: mmcemu profiles says)\n"
	      "mmcemu COMMAND --help shows every option of COMMAND; man mmcemu.\n"
	      "Exit status: 0 ok, 1 a command got CHECK CONDITION, 2 bad usage or files.\n",
	      f);
}

int main(int argc, char **argv)
{
	struct cli cli = {.prog = "mmcemu"};
	int i = 1;
	while (i < argc && argv[i][0] == '-') {
		bool missing;
		const char *v = cli_option(argc, argv, &i, "--profiles-dir", &missing);
		if (missing)
			return cli_fail(&cli, "--profiles-dir needs a directory");
		if (v) {
			cli.profiles_dir = v;
			continue;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return CLI_OK;
		}
		if (!strcmp(argv[i], "--version")) {
			printf("mmcemu %s\n", DISCBURN_VERSION_STRING);
			return CLI_OK;
		}
		return cli_fail(&cli, "unknown option %s (try --help)", argv[i]);
	}
	if (i >= argc) {
		usage(stderr);
		return CLI_USAGE;
	}
	for (size_t k = 0; k < N_SUBCOMMANDS; k++) {
		if (strcmp(argv[i], subcommands[k].name))
			continue;
		if (i + 1 < argc && (!strcmp(argv[i + 1], "--help") || !strcmp(argv[i + 1], "-h"))) {
			printf("usage: mmcemu %s\n\n%s", subcommands[k].synopsis, subcommands[k].help);
			return CLI_OK;
		}
		return subcommands[k].run(&cli, argc - i, argv + i);
	}
	return cli_fail(&cli, "unknown command %s (try --help)", argv[i]);
}
