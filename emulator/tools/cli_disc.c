/* mmcemu new --profile NAME DISC: a blank disc (DISC + DISC.img). */
#include <unistd.h>

#include "cli.h"
#include "mmcemu/mmcemu.h"

int cli_new(const struct cli *cli, int argc, char **argv)
{
	const char *profile = NULL, *disc = NULL;
	for (int i = 1; i < argc;) {
		bool missing;
		const char *v = cli_option(argc, argv, &i, "--profile", &missing);
		if (missing)
			return cli_fail(cli, "--profile needs a profile name (see mmcemu profiles)");
		if (v) {
			profile = v;
		} else if (argv[i][0] == '-' || disc) {
			return cli_fail(cli, "new: unexpected argument %s", argv[i]);
		} else {
			disc = argv[i++];
		}
	}
	if (!profile || !disc)
		return cli_fail(cli, "usage: mmcemu new --profile NAME DISC");
	if (access(disc, F_OK) == 0)
		return cli_fail(cli, "%s already exists; not overwriting it", disc);
	char err[512] = "";
	if (mmcemu_disc_create(cli->profiles_dir, profile, disc, err, sizeof(err)) != 0)
		return cli_fail(cli, "%s", err);
	return CLI_OK;
}

/* mmcemu rm DISC: the disc whole (DISC, DISC.img and the drive's leftovers
 * beside them), or an orphan DISC.img whose DISC is gone. A file that is
 * not an emulated disc's metadata, or a disc a drive holds, is refused. */
int cli_rm(const struct cli *cli, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_fail(cli, "usage: mmcemu rm DISC");
	char err[512] = "";
	if (mmcemu_disc_remove(argv[1], err, sizeof(err)) != 0)
		return cli_fail(cli, "%s", err);
	return CLI_OK;
}
