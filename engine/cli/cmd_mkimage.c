/* discburn mkimage: FileSystemImage from the command line, the image
 * written to a file as libisofs produces it (mkisofs -o, xorriso -outdev
 * FILE -map). A failed image leaves no file behind. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "discburn/fsimage.h"

static int write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static bool all_zero(const char *buf, size_t n)
{
	return n == 0 || (buf[0] == 0 && memcmp(buf, buf + 1, n - 1) == 0);
}

/* The result's stream into out; DB_S_OK or the failure (the fact set).
 * Into a regular file, whole chunks of zeros become holes (as cp
 * --sparse=auto does): a sparse large file makes a sparse image. */
static db_status copy_out(struct db_fs_image_result *res, int fd, const char *out)
{
	struct stat sb;
	bool sparse = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
	off_t pos = 0;
	struct db_stream *s = db_fs_image_result_get_image_stream(res);
	size_t cap = 1 << 20;
	char *buf = malloc(cap);
	if (!buf)
		return DB_E_OUTOFMEMORY;
	db_status st = DB_S_OK;
	for (;;) {
		size_t got = 0;
		bool eof = false;
		st = db_stream_read(s, buf, cap, &got, &eof);
		if (db_failed(st))
			break;
		if (sparse && got && all_zero(buf, got)) {
			if (lseek(fd, (off_t)got, SEEK_CUR) < 0)
				sparse = false;
		} else if (got && write_all(fd, buf, got) != 0) {
			cli_fact("%s: %s", out, strerror(errno));
			st = db_status_from_errno(errno);
			break;
		}
		pos += (off_t)got;
		if (eof)
			break;
	}
	free(buf);
	/* A hole at the end needs the file's size set. */
	if (db_succeeded(st) && sparse && ftruncate(fd, pos) != 0) {
		cli_fact("%s: %s", out, strerror(errno));
		st = db_status_from_errno(errno);
	}
	return st;
}

int cli_cmd_mkimage(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, 0, 'o'},
		{"volume", required_argument, 0, 'V'},
		{"joliet", no_argument, 0, CLI_OPT_JOLIET},
		{"no-joliet", no_argument, 0, CLI_OPT_NO_JOLIET},
		{"rockridge", no_argument, 0, CLI_OPT_ROCKRIDGE},
		{"no-rockridge", no_argument, 0, CLI_OPT_NO_ROCKRIDGE},
		{"iso-level", required_argument, 0, CLI_OPT_ISO_LEVEL},
		{"graft", required_argument, 0, CLI_OPT_GRAFT},
		{"boot", required_argument, 0, CLI_OPT_BOOT},
		{"efi", no_argument, 0, CLI_OPT_EFI},
		{0, 0, 0, 0},
	};
	struct cli_tree_opts t = {0};
	const char *out = NULL;
	int c, rc;
	while ((c = getopt_long(argc, argv, "o:V:", longopts, NULL)) != -1) {
		if (c == 'o') {
			out = optarg;
			continue;
		}
		rc = cli_tree_option(c, optarg, &t);
		if (rc == -1)
			return cli_usage("bad option");
		if (rc != CLI_OK)
			return rc;
	}
	if (!out)
		return cli_usage("-o OUT.iso is required");
	if (t.efi && !t.boot)
		return cli_usage("--efi without --boot IMG");
	if (optind == argc && t.n_grafts == 0)
		return cli_usage("no PATH to put in the image");
	struct db_fs_image *img;
	rc = cli_build_fs_image(&t, argv + optind, argc - optind, NULL, &img);
	if (rc != CLI_OK)
		return rc;
	struct db_fs_image_result *res;
	db_status st = db_fs_image_create_result_image(img, &res);
	if (db_failed(st)) {
		rc = cli_fs_image_fail(img, st, NULL);
		cli_fs_image_free(img);
		return rc;
	}
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		cli_fact("%s: %s", out, strerror(errno));
		rc = cli_fail(db_status_from_errno(errno), NULL, out);
		cli_fs_image_free(img);
		return rc;
	}
	st = copy_out(res, fd, out);
	if (close(fd) != 0 && db_succeeded(st)) {
		cli_fact("%s: %s", out, strerror(errno));
		st = db_status_from_errno(errno);
	}
	if (db_failed(st)) {
		unlink(out);
		rc = cli_fs_image_fail(img, st, out);
	} else {
		cli_fs_image_summary("mkimage", img, db_fs_image_result_get_total_blocks(res));
		rc = CLI_OK;
	}
	cli_fs_image_free(img); /* and the result with it */
	return rc;
}
