/* The file-system image of mkimage and burn: PATHs and graft points into
 * a FileSystemImage (engine/include/discburn/fsimage.h), the options both
 * commands share, and their errors with the image's facts. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "discburn/fsimage.h"
#include "discburn/multisession.h"

int cli_tree_option(int c, const char *arg, struct cli_tree_opts *t)
{
	long long n;
	switch (c) {
	case 'V': t->volume = arg; return CLI_OK;
	case CLI_OPT_NO_JOLIET: t->no_joliet = true; return CLI_OK;
	case CLI_OPT_JOLIET: t->no_joliet = false; return CLI_OK;
	case CLI_OPT_NO_ROCKRIDGE: t->no_rockridge = true; return CLI_OK;
	case CLI_OPT_ROCKRIDGE: t->no_rockridge = false; return CLI_OK;
	case CLI_OPT_ISO_LEVEL:
		if (!cli_number("iso-level", arg, &n))
			return CLI_USAGE;
		if (n < 1 || n > 3)
			return cli_usage("bad --iso-level %lld (1, 2 or 3)", n);
		t->level = (int)n;
		return CLI_OK;
	case CLI_OPT_GRAFT:
		if (!strchr(arg, '=') || arg[0] == '=' || !strchr(arg, '=')[1])
			return cli_usage("bad --graft '%s' (DISCPATH=LOCALPATH)", arg);
		if (t->n_grafts == CLI_MAX_GRAFTS)
			return cli_usage("more than %d --graft", CLI_MAX_GRAFTS);
		t->grafts[t->n_grafts++] = arg;
		return CLI_OK;
	case CLI_OPT_BOOT: t->boot = arg; return CLI_OK;
	case CLI_OPT_EFI: t->efi = true; return CLI_OK;
	case CLI_OPT_APPEND: t->append = true; return CLI_OK;
	default:
		return -1; /* not a tree option */
	}
}

int cli_fs_image_fail(struct db_fs_image *img, db_status st, const char *what)
{
	const char *e = img ? db_fs_image_last_error(img) : "";
	if (e[0])
		cli_fact("%s", e);
	int rc = cli_fail(st, NULL, what);
	/* A PATH that is not there is bad input, like an image that is not. */
	return st == DB_ERROR_FILE_NOT_FOUND ? CLI_IMAGE_UNREADABLE : rc;
}

/* DISCPATH=LOCALPATH: the directories of DISCPATH are made as needed
 * (mkisofs -graft-points does the same), then the local item goes there. */
static db_status graft(struct db_fs_image *img, const char *spec)
{
	const char *eq = strchr(spec, '=');
	char disc[4096];
	size_t n = (size_t)(eq - spec);
	if (n >= sizeof(disc))
		return DB_IMAPI_E_INVALID_PATH;
	memcpy(disc, spec, n);
	disc[n] = '\0';
	while (n > 1 && disc[n - 1] == '/')
		disc[--n] = '\0';
	struct db_fsi_item *root = db_fs_image_get_root(img);
	for (char *p = disc + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (db_fs_image_exists(img, disc) == DB_FSI_ITEM_NOT_FOUND) {
			db_status st = db_fsi_directory_add_directory(root, disc);
			if (db_failed(st))
				return st;
		}
		*p = '/';
	}
	return db_fsi_directory_add_local(root, disc, eq + 1);
}

/* --boot IMG [--efi]: El Torito, no emulation, the image's first 2 KiB
 * loaded (mkisofs -b IMG -no-emul-boot; xorriso -boot_image any efi_path=
 * for --efi). */
static db_status boot_image(struct db_fs_image *img, const struct cli_tree_opts *t)
{
	struct db_stream *s;
	db_status st = db_stream_open_file(t->boot, &s);
	if (db_failed(st))
		return st;
	struct db_boot_options *b;
	st = db_boot_options_create(&b);
	if (db_failed(st)) {
		db_stream_close(s);
		return st;
	}
	st = db_boot_options_assign_boot_image(b, s);
	if (db_failed(st)) {
		db_stream_close(s);
		db_boot_options_destroy(b);
		cli_fact("%s: empty, unreadable or larger than %d MiB", t->boot,
			 DB_BOOT_IMAGE_MAX >> 20);
		return st;
	}
	if (t->efi)
		st = db_boot_options_put_platform_id(b, DB_PLATFORM_EFI);
	if (db_succeeded(st))
		st = db_boot_options_put_manufacturer(b, "discburn");
	if (db_succeeded(st))
		st = db_fs_image_put_boot_image_options(img, b);
	if (db_failed(st))
		db_boot_options_destroy(b);
	return st;
}

/* --append: the multisession object the image borrows, for the one image
 * a command builds. */
static struct db_multisession_sequential *append_ms;

void cli_fs_image_free(struct db_fs_image *img)
{
	db_fs_image_destroy(img);
	db_multisession_sequential_destroy(append_ms);
	append_ms = NULL;
}

/* ImportFileSystem from the disc in r, before anything is added. */
static db_status import_last_session(struct db_fs_image *img, struct db_recorder *r)
{
	db_status st = db_multisession_sequential_create(r, &append_ms);
	if (db_succeeded(st))
		st = db_fs_image_put_multisession_interfaces(img, append_ms);
	uint32_t fs = 0;
	if (db_succeeded(st))
		st = db_fs_image_import_file_system(img, &fs);
	if (db_succeeded(st))
		fprintf(stderr, "discburn: burn: appending to the disc's last session (%s%s): %d "
				"files, %d directories in it, the new session at LBA %d\n",
			"ISO 9660", fs & DB_FSI_FILE_SYSTEM_JOLIET ? ", Joliet" : "",
			db_fs_image_get_file_count(img), db_fs_image_get_directory_count(img),
			db_fs_image_get_session_start_block(img));
	return st;
}

int cli_build_fs_image(const struct cli_tree_opts *t, char **paths, int n,
		       struct db_recorder *r, struct db_fs_image **out)
{
	struct db_fs_image *img;
	*out = NULL;
	db_status st = db_fs_image_create(&img);
	if (db_failed(st))
		return cli_fail(st, NULL, NULL);
	/* --append: the disc's last session first (a closed or blank disc
	 * is refused for what it is, before its free space is asked). On a
	 * disc: ISO 9660 + Joliet and FreeMediaBlocks the free sectors of the
	 * medium in the drive (ChooseImageDefaults); a file: unlimited. */
	if (r && t->append)
		st = import_last_session(img, r);
	if (db_succeeded(st))
		st = r ? db_fs_image_choose_image_defaults(img, r)
		       : db_fs_image_put_free_media_blocks(img, 0);
	if (db_succeeded(st) && t->no_joliet)
		st = db_fs_image_put_file_systems_to_create(img, DB_FSI_FILE_SYSTEM_ISO9660);
	if (db_succeeded(st) && t->level)
		st = db_fs_image_put_iso9660_interchange_level(img, (uint32_t)t->level);
	if (db_succeeded(st) && t->volume)
		st = db_fs_image_put_volume_name(img, t->volume);
	db_fs_image_put_rock_ridge(img, !t->no_rockridge);
	if (db_failed(st)) {
		int rc = cli_fs_image_fail(img, st, t->volume);
		cli_fs_image_free(img);
		return rc;
	}
	struct db_fsi_item *root = db_fs_image_get_root(img);
	/* mkisofs's PATH: a directory's contents go to the root, a file
	 * (or symlink) into the root under its own name. */
	for (int i = 0; i < n; i++) {
		struct stat sb;
		if (lstat(paths[i], &sb) != 0) {
			cli_fact("no such file or directory: %s", paths[i]);
			st = DB_ERROR_FILE_NOT_FOUND;
		} else if (S_ISDIR(sb.st_mode)) {
			st = db_fsi_directory_add_tree(root, paths[i], false);
		} else {
			const char *base = strrchr(paths[i], '/');
			st = db_fsi_directory_add_local(root, base ? base + 1 : paths[i], paths[i]);
		}
		if (db_failed(st)) {
			int rc = cli_fs_image_fail(st == DB_ERROR_FILE_NOT_FOUND ? NULL : img, st,
						   paths[i]);
			cli_fs_image_free(img);
			return rc;
		}
	}
	for (size_t i = 0; i < t->n_grafts; i++) {
		st = graft(img, t->grafts[i]);
		if (db_failed(st)) {
			int rc = cli_fs_image_fail(img, st, t->grafts[i]);
			cli_fs_image_free(img);
			return rc;
		}
	}
	if (t->boot) {
		st = boot_image(img, t);
		if (db_failed(st)) {
			int rc = st == DB_ERROR_FILE_NOT_FOUND ? cli_fail_image(st, t->boot)
							       : cli_fs_image_fail(img, st, t->boot);
			cli_fs_image_free(img);
			return rc;
		}
	}
	*out = img;
	return CLI_OK;
}

void cli_fs_image_summary(const char *verb, struct db_fs_image *img, int32_t blocks)
{
	char a[32], b[32], c[32];
	fprintf(stderr, "discburn: %s: %s files, %s directories, %s blocks (%.1f MiB), volume %s\n",
		verb, cli_grouped(db_fs_image_get_file_count(img), a),
		cli_grouped(db_fs_image_get_directory_count(img), b), cli_grouped(blocks, c),
		blocks * 2048.0 / (1024 * 1024), db_fs_image_get_volume_name(img));
}
