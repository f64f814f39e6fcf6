/* mmcemu-attach: emulated drives in the running kernel, from the shell.
 * A thin front end of libmmcemu_attach (the same calls `mmcemu attach`
 * makes); the VM scenarios use it. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmcemu/attach.h"

static void usage(FILE *f)
{
	fputs("usage: mmcemu-attach attach [--name N] [--profile P] [--faults PLAN]\n"
	      "                            [--clock real|virtual|unlimited] [--profiles DIR]\n"
	      "                            [--max-sectors N] [--cmd-timeout S] [DISC]\n"
	      "       mmcemu-attach detach NAME|/dev/srN|/dev/sgN...\n"
	      "       mmcemu-attach list\n"
	      "       mmcemu-attach load NAME|DEV [--profile P] DISC\n"
	      "       mmcemu-attach eject NAME|DEV\n"
	      "attach prints: NAME /dev/srN /dev/sgN\n",
	      f);
}

/* The handler wants absolute paths; a new disc's file does not exist yet,
 * so only its directory is resolved. */
static char *absolute(const char *path)
{
	static char out[PATH_MAX];
	char dir[PATH_MAX], rdir[PATH_MAX];
	if (path[0] == '/')
		return (char *)path;
	const char *slash = strrchr(path, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1,
		 slash ? path : ".");
	if (!realpath(dir, rdir)) {
		fprintf(stderr, "mmcemu-attach: %s: %s\n", dir, strerror(errno));
		exit(1);
	}
	int n = snprintf(out, sizeof(out), "%s/%s", rdir, slash ? slash + 1 : path);
	if (n < 0 || (size_t)n >= sizeof(out)) {
		fprintf(stderr, "mmcemu-attach: %s: path too long\n", path);
		exit(1);
	}
	return out;
}

static int cmd_attach(int argc, char **argv, const char *profile_only)
{
	static const struct option longopts[] = {
		{"name", required_argument, 0, 'n'},
		{"profile", required_argument, 0, 'p'},
		{"faults", required_argument, 0, 'f'},
		{"clock", required_argument, 0, 'c'},
		{"profiles", required_argument, 0, 'P'},
		{"max-sectors", required_argument, 0, 'm'},
		{"cmd-timeout", required_argument, 0, 't'},
		{0, 0, 0, 0},
	};
	struct mmcemu_attach_opts o = {0};
	int c;
	(void)profile_only;
	while ((c = getopt_long(argc, argv, "n:p:f:c:P:m:t:", longopts, NULL)) != -1) {
		switch (c) {
		case 'n': o.name = optarg; break;
		case 'p': o.profile = optarg; break;
		case 'f': o.fault_plan = optarg[0] != '/' && strchr(optarg, '/') ? absolute(optarg) : optarg; break;
		case 'c': o.clock = optarg; break;
		case 'P': o.profiles_dir = optarg; break;
		case 'm': o.hw_max_sectors = (unsigned)strtoul(optarg, NULL, 0); break;
		case 't': o.cmd_time_out = (unsigned)strtoul(optarg, NULL, 0); break;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc)
		o.disc_path = strdup(absolute(argv[optind++]));
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	struct mmcemu_attached a;
	char err[512];
	if (mmcemu_attach(&o, &a, err, sizeof(err))) {
		fprintf(stderr, "mmcemu-attach: %s\n", err);
		return 1;
	}
	printf("%s %s %s\n", a.name, a.sr, a.sg);
	return 0;
}

static int cmd_list(void)
{
	struct mmcemu_attached a[64];
	size_t n;
	char err[512];
	if (mmcemu_attach_list(a, 64, &n, err, sizeof(err))) {
		fprintf(stderr, "mmcemu-attach: %s\n", err);
		return 1;
	}
	for (size_t i = 0; i < n && i < 64; i++)
		printf("%s %s %s %s %s\n", a[i].name, a[i].sr[0] ? a[i].sr : "-",
		       a[i].sg[0] ? a[i].sg : "-", a[i].hctl[0] ? a[i].hctl : "-", a[i].config);
	return 0;
}

static int cmd_load(int argc, char **argv)
{
	const char *profile = NULL;
	int c;
	static const struct option longopts[] = {{"profile", required_argument, 0, 'p'}, {0, 0, 0, 0}};
	while ((c = getopt_long(argc, argv, "p:", longopts, NULL)) != -1) {
		if (c != 'p') {
			usage(stderr);
			return 2;
		}
		profile = optarg;
	}
	if (argc - optind != 2) {
		usage(stderr);
		return 2;
	}
	char err[512];
	if (mmcemu_attach_change_media(argv[optind], absolute(argv[optind + 1]), profile, err,
				       sizeof(err))) {
		fprintf(stderr, "mmcemu-attach: %s\n", err);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	char err[512];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "attach"))
		return cmd_attach(argc - 1, argv + 1, NULL);
	if (!strcmp(cmd, "list"))
		return cmd_list();
	if (!strcmp(cmd, "load"))
		return cmd_load(argc - 1, argv + 1);
	if (!strcmp(cmd, "detach") && argc > 2) {
		int rc = 0;
		for (int i = 2; i < argc; i++) {
			if (mmcemu_detach(argv[i], err, sizeof(err))) {
				fprintf(stderr, "mmcemu-attach: %s\n", err);
				rc = 1;
			}
		}
		return rc;
	}
	if (!strcmp(cmd, "eject") && argc == 3) {
		if (mmcemu_attach_change_media(argv[2], NULL, NULL, err, sizeof(err))) {
			fprintf(stderr, "mmcemu-attach: %s\n", err);
			return 1;
		}
		return 0;
	}
	usage(stderr);
	return 2;
}
