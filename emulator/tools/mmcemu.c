/* mmcemu: create, inspect and drive emulated discs from the shell.
 *
 *   mmcemu [--profiles-dir DIR] profiles
 *   mmcemu [--profiles-dir DIR] new --profile NAME DISC
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

static const struct {
	const char *name;
	int (*run)(const struct cli *cli, int argc, char **argv);
} subcommands[] = {
	{"profiles", cli_profiles},
	{"new", cli_new},
	{"show", cli_show},
	{"raw", cli_raw},
	{"faults", cli_faults},
#ifdef MMCEMU_CLI_ATTACH
	{"attach", cli_attach},
	{"detach", cli_detach},
#endif
};

static void usage(FILE *f)
{
	fputs("usage: mmcemu [--version] [--help] [--profiles-dir DIR] COMMAND ...\n"
	      "  profiles                          list the media profiles\n"
	      "  new --profile NAME DISC           create a blank disc\n"
	      "  show DISC [--json]                show a disc's sessions and tracks\n"
	      "  raw DISC [-k] [--faults PLAN] [--clock real|virtual|unlimited]\n"
	      "      HEXCDB [--send FILE] [--save FILE] [HEXCDB ...]\n"
	      "                                    run commands in one power-on of a drive\n"
	      "  faults [PRESET]                   list the fault plan presets, or show one\n"
#ifdef MMCEMU_CLI_ATTACH
	      "  attach [--profile P] [--name N] [--faults PLAN] [--max-sectors N] DISC\n"
	      "                                    a drive in the kernel: prints NAME /dev/srN /dev/sgN\n"
	      "  detach NAME|/dev/srN|/dev/sgN     remove it\n"
#endif
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
	for (size_t k = 0; k < sizeof(subcommands) / sizeof(subcommands[0]); k++)
		if (!strcmp(argv[i], subcommands[k].name))
			return subcommands[k].run(&cli, argc - i, argv + i);
	return cli_fail(&cli, "unknown command %s (try --help)", argv[i]);
}
