/* mmcemu attach / detach: a drive in the running kernel (/dev/srN +
 * /dev/sgN) through libmmcemu_attach (emulator/attach/). Needs root,
 * configfs and tcmu-runner with the mmcemu handler (docs/tcmu-handler.md).
 *
 *   mmcemu attach [--profile P] [--name N] [--faults PLAN]
 *                 [--max-sectors N] DISC     prints: NAME /dev/srN /dev/sgN
 *   mmcemu detach NAME|/dev/srN|/dev/sgN */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "mmcemu/attach.h"
#include "mmcemu/mmcemu.h"

/* tcmu-runner opens the disc from its own working directory: hand it an
 * absolute path (the file itself may not exist yet, its directory must). */
static int absolute_path(const struct cli *cli, const char *path, char *out, size_t len)
{
	char dir[PATH_MAX], rdir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	if (path[0] == '/') {
		snprintf(out, len, "%s", path);
		return CLI_OK;
	}
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
	if (!realpath(dir, rdir))
		return cli_fail(cli, "%s: %s", dir, strerror(errno));
	int n = snprintf(out, len, "%s/%s", rdir, slash ? slash + 1 : path);
	if (n < 0 || (size_t)n >= len)
		return cli_fail(cli, "%s: path too long", path);
	return CLI_OK;
}

/* A disc is DISC (metadata) + DISC.img (mmcemu.h). */
static void remove_disc(const char *disc)
{
	char img[PATH_MAX + 8];
	snprintf(img, sizeof(img), "%s.img", disc);
	unlink(disc);
	unlink(img);
}

struct attach_args {
	struct mmcemu_attach_opts o;
	const char *disc;
};

static int parse_attach(const struct cli *cli, int argc, char **argv, struct attach_args *a)
{
	for (int i = 1; i < argc;) {
		bool missing = false;
		const char *v;
		if ((v = cli_option(argc, argv, &i, "--profile", &missing)))
			a->o.profile = v;
		else if (!missing && (v = cli_option(argc, argv, &i, "--name", &missing)))
			a->o.name = v;
		else if (!missing && (v = cli_option(argc, argv, &i, "--faults", &missing)))
			a->o.fault_plan = v;
		else if (!missing && (v = cli_option(argc, argv, &i, "--max-sectors", &missing)))
			a->o.hw_max_sectors = (unsigned)strtoul(v, NULL, 0);
		else if (missing)
			return cli_fail(cli, "%s needs a value", argv[i - 1]);
		else if (argv[i][0] == '-' || a->disc)
			return cli_fail(cli, "attach: unexpected argument %s", argv[i]);
		else
			a->disc = argv[i++];
	}
	if (!a->disc)
		return cli_fail(cli, "usage: mmcemu attach [--profile P] [--name N] "
				     "[--faults PLAN] [--max-sectors N] DISC");
	return CLI_OK;
}

int cli_attach(const struct cli *cli, int argc, char **argv)
{
	static char disc[PATH_MAX], dir[PATH_MAX];
	struct attach_args a = {{0}, NULL};
	char err[512] = "";
	int rc = parse_attach(cli, argc, argv, &a);
	if (!rc)
		rc = absolute_path(cli, a.disc, disc, sizeof(disc));
	if (!rc && cli->profiles_dir)
		rc = absolute_path(cli, cli->profiles_dir, dir, sizeof(dir));
	if (rc)
		return rc;
	/* A new disc is made here, so a bad profile is reported before any
	 * kernel object exists; it goes again if the attach fails. */
	bool created = false;
	if (access(disc, F_OK) != 0) {
		char img[sizeof(disc) + 4];
		snprintf(img, sizeof(img), "%s.img", disc);
		/* An orphan image is not a missing disc: creating would fail on it. */
		if (!a.o.profile && access(img, F_OK) == 0)
			return cli_fail(cli, "%s: orphan image: its metadata %s is missing (removed?); "
					     "restore %s, or remove the image (mmcemu rm %s)",
					img, disc, disc, disc);
		if (!a.o.profile)
			return cli_fail(cli, "%s does not exist: give --profile to create it", disc);
		if (mmcemu_disc_create(cli->profiles_dir, a.o.profile, disc, err, sizeof(err)))
			return cli_fail(cli, "%s", err);
		created = true;
	}
	a.o.disc_path = disc;
	a.o.profiles_dir = cli->profiles_dir ? dir : NULL;
	struct mmcemu_attached at;
	if (mmcemu_attach(&a.o, &at, err, sizeof(err))) {
		if (created)
			remove_disc(disc);
		return cli_fail(cli, "attach: %s", err);
	}
	printf("%s %s %s\n", at.name, at.sr, at.sg);
	return CLI_OK;
}

int cli_detach(const struct cli *cli, int argc, char **argv)
{
	char err[512] = "";
	if (argc < 2)
		return cli_fail(cli, "usage: mmcemu detach NAME|/dev/srN|/dev/sgN ...");
	int rc = CLI_OK;
	for (int i = 1; i < argc; i++)
		if (mmcemu_detach(argv[i], err, sizeof(err)))
			rc = cli_fail(cli, "detach %s: %s", argv[i], err);
	return rc;
}
