/* mmcemu profiles: the media the drive knows, from media-profiles/. */
#include <string.h>

#include "cli.h"
#include "mmcemu/mmcemu.h"
#include "profile.h"

/* "2.4x" / "48x": speeds in multiples of the family's 1x in the kB/s
 * drives report (CD 176.4: 75 sectors of 2352 bytes, DVD 1385,
 * BD 4495.625). */
static void print_speed(FILE *f, const struct mmcemu_profile *p, uint32_t kbps)
{
	double one = p->family == MMC_FAMILY_CD    ? 176.4
		     : p->family == MMC_FAMILY_DVD ? 1385.0
						   : 4495.625;
	unsigned tenths = (unsigned)(kbps * 10 / one + 0.5);
	if (tenths % 10)
		fprintf(f, "%u.%ux", tenths / 10, tenths % 10);
	else
		fprintf(f, "%ux", tenths / 10);
}

static void print_profile(const struct mmcemu_profile *p)
{
	const char *kind = mmc_profile_name(p->number);
	printf("%-8s %04Xh %-26s %9u sectors %6.0f MB  write ", p->name, p->number,
	       kind ? kind : "?", p->capacity, p->capacity * 2048.0 / 1e6);
	for (unsigned i = 0; i < p->n_write_speeds; i++) {
		if (i)
			putchar(',');
		print_speed(stdout, p, p->write_speeds_kbps[i]);
	}
	printf("  read ");
	print_speed(stdout, p, p->read_speed_kbps);
	printf("  %s\n", p->description);
}

int cli_profiles(const struct cli *cli, int argc, char **argv)
{
	static struct mmcemu_profile profiles[PROFILE_MAX_COUNT];
	char err[512] = "";
	(void)argv;
	if (argc > 1)
		return cli_fail(cli, "profiles takes no arguments");
	const char *dir = cli->profiles_dir ? cli->profiles_dir : mmcemu_default_profiles_dir();
	int n = profile_load_all(dir, profiles, PROFILE_MAX_COUNT, err, sizeof(err));
	if (n < 0)
		return cli_fail(cli, "%s", err[0] ? err : dir);
	/* Which directory answered (--profiles-dir, MMCEMU_PROFILES_DIR, beside
	 * the program, or /usr/share): a comment line, so parsers skip it. */
	printf("# %d profiles from %s\n", n, dir);
	for (int i = 0; i < n; i++)
		print_profile(&profiles[i]);
	return CLI_OK;
}
