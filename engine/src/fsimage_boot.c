/* BootOptions (IMAPI2FS IBootOptions) and the El Torito boot image of a
 * FileSystemImage: libisofs writes the Boot Record Volume Descriptor, the
 * catalog and the image (iso_image_set_boot_image); here are the options'
 * rules and the image's bytes, which live in memory, since libisofs reads
 * a hard-disk image's MBR before it writes it (a db_stream reads once). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsimage_internal.h"

struct db_boot_options {
	struct db_stream *stream;
	unsigned char *data;
	size_t size;
	char manufacturer[25];
	uint32_t platform, emulation;
};

db_status db_boot_options_create(struct db_boot_options **out)
{
	if (!out)
		return DB_E_POINTER;
	*out = calloc(1, sizeof(**out));
	return *out ? DB_S_OK : DB_E_OUTOFMEMORY;
}

void db_boot_options_destroy(struct db_boot_options *b)
{
	if (!b)
		return;
	db_stream_close(b->stream);
	free(b->data);
	free(b);
}

db_status db_boot_options_assign_boot_image(struct db_boot_options *b, struct db_stream *s)
{
	if (!b || !s)
		return DB_E_POINTER;
	int64_t size = db_stream_size(s);
	if (size > DB_BOOT_IMAGE_MAX)
		return DB_IMAPI_E_BOOT_IMAGE_DATA;
	size_t cap = size > 0 ? (size_t)size : 65536, n = 0;
	unsigned char *buf = malloc(cap);
	if (!buf)
		return DB_E_OUTOFMEMORY;
	for (;;) {
		if (n == cap) {
			if (cap >= DB_BOOT_IMAGE_MAX) {
				free(buf);
				return DB_IMAPI_E_BOOT_IMAGE_DATA;
			}
			cap *= 2;
			unsigned char *bigger = realloc(buf, cap);
			if (!bigger) {
				free(buf);
				return DB_E_OUTOFMEMORY;
			}
			buf = bigger;
		}
		size_t got = 0;
		bool eof = false;
		db_status st = db_stream_read(s, buf + n, cap - n, &got, &eof);
		if (db_failed(st)) {
			free(buf);
			return DB_IMAPI_E_BOOT_IMAGE_DATA;
		}
		n += got;
		if (eof)
			break;
	}
	if (n == 0) {
		free(buf);
		return DB_IMAPI_E_BOOT_IMAGE_DATA;
	}
	db_stream_close(b->stream);
	free(b->data);
	b->stream = s;
	b->data = buf;
	b->size = n;
	return DB_S_OK;
}

struct db_stream *db_boot_options_get_boot_image(const struct db_boot_options *b)
{
	return b->stream;
}

int64_t db_boot_options_get_image_size(const struct db_boot_options *b)
{
	return (int64_t)b->size;
}

db_status db_boot_options_put_manufacturer(struct db_boot_options *b, const char *m)
{
	if (!m)
		return DB_E_POINTER;
	size_t n = strlen(m);
	if (n > 24)
		return DB_IMAPI_E_INVALID_PARAM;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)m[i] < 0x20 || (unsigned char)m[i] > 0x7E)
			return DB_IMAPI_E_INVALID_PARAM;
	memcpy(b->manufacturer, m, n + 1);
	return DB_S_OK;
}

const char *db_boot_options_get_manufacturer(const struct db_boot_options *b)
{
	return b->manufacturer;
}

db_status db_boot_options_put_platform_id(struct db_boot_options *b, uint32_t id)
{
	if (id != DB_PLATFORM_X86 && id != DB_PLATFORM_POWERPC && id != DB_PLATFORM_MAC &&
	    id != DB_PLATFORM_EFI)
		return DB_IMAPI_E_INVALID_PARAM;
	b->platform = id;
	return DB_S_OK;
}

uint32_t db_boot_options_get_platform_id(const struct db_boot_options *b)
{
	return b->platform;
}

db_status db_boot_options_put_emulation(struct db_boot_options *b, uint32_t e)
{
	if (e > DB_EMULATION_HARD_DISK)
		return DB_IMAPI_E_INVALID_PARAM;
	b->emulation = e;
	return DB_S_OK;
}

uint32_t db_boot_options_get_emulation(const struct db_boot_options *b)
{
	return b->emulation;
}

db_status db_fs_image_put_boot_image_options_array(struct db_fs_image *img,
						   struct db_boot_options *const *opts, size_t n)
{
	if (!img || (n && !opts))
		return DB_E_POINTER;
	if (img->result) {
		fsimage_error(img, "a result image of this tree is still being read");
		return DB_IMAPI_E_READONLY;
	}
	if (n > DB_BOOT_IMAGES_MAX) {
		fsimage_error(img, "%zu boot images: El Torito takes at most %d here", n,
			      DB_BOOT_IMAGES_MAX);
		return DB_IMAPI_E_INVALID_PARAM;
	}
	for (size_t i = 0; i < n; i++) {
		if (!opts[i] || !opts[i]->data) {
			fsimage_error(img, "boot options %zu have no boot image (AssignBootImage)", i);
			return DB_IMAPI_E_BOOT_IMAGE_DATA;
		}
		for (size_t j = 0; j < i; j++)
			if (opts[j] == opts[i]) {
				fsimage_error(img, "boot options %zu and %zu are the same", j, i);
				return DB_IMAPI_E_INVALID_PARAM;
			}
	}
	for (size_t i = 0; i < img->n_boot; i++) {
		bool kept = false;
		for (size_t j = 0; j < n && !kept; j++)
			kept = opts[j] == img->boot[i];
		if (!kept)
			db_boot_options_destroy(img->boot[i]);
	}
	for (size_t i = 0; i < n; i++)
		img->boot[i] = opts[i];
	img->n_boot = n;
	return DB_S_OK;
}

db_status db_fs_image_get_boot_image_options_array(const struct db_fs_image *img,
						   struct db_boot_options *const **opts,
						   size_t *n)
{
	if (!img || !opts || !n)
		return DB_E_POINTER;
	*opts = img->boot;
	*n = img->n_boot;
	return DB_S_OK;
}

db_status db_fs_image_put_boot_image_options(struct db_fs_image *img, struct db_boot_options *b)
{
	return db_fs_image_put_boot_image_options_array(img, b ? &b : NULL, b ? 1 : 0);
}

struct db_boot_options *db_fs_image_get_boot_image_options(const struct db_fs_image *img)
{
	return img->n_boot ? img->boot[0] : NULL;
}

/* The node names of the image and the catalog: in the root, hidden from
 * every directory listing (the Boot Record and catalog point at them). */
#define BOOT_NODE "discburn-boot.img"
#define BOOT_NODE_N "discburn-boot-%zu.img"
#define CATALOG_NODE "discburn-boot.cat"

/* One boot image: its node (hidden from every tree, data written) and
 * its El Torito entry, the first through iso_image_set_boot_image (which
 * makes the catalog), the others through iso_image_add_boot_image. */
static db_status prepare_one(struct db_fs_image *img, size_t i)
{
	struct db_boot_options *b = img->boot[i];
	/* El Torito 1.0 2.5: a floppy image is that floppy's whole size. */
	static const size_t floppy[] = {0, 1228800, 1474560, 2949120};
	if (b->emulation >= DB_EMULATION_12M_FLOPPY && b->emulation <= DB_EMULATION_288M_FLOPPY &&
	    b->size != floppy[b->emulation]) {
		fsimage_error(img, "boot image %zu: a %s floppy boot image is %zu bytes, this one %zu",
			      i, b->emulation == 1 ? "1.2 MB" : b->emulation == 2 ? "1.44 MB" : "2.88 MB",
			      floppy[b->emulation], b->size);
		return DB_IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH;
	}
	char name[64], path[80];
	if (i == 0)
		snprintf(name, sizeof(name), "%s", BOOT_NODE);
	else
		snprintf(name, sizeof(name), BOOT_NODE_N, i);
	snprintf(path, sizeof(path), "/%s", name);
	unsigned char *copy = malloc(b->size);
	if (!copy)
		return DB_E_OUTOFMEMORY;
	memcpy(copy, b->data, b->size);
	IsoStream *st;
	if (iso_memory_stream_new(copy, b->size, &st) < 0) {
		free(copy);
		return DB_E_OUTOFMEMORY;
	}
	IsoDir *root = iso_image_get_root(img->iso);
	IsoFile *file;
	int ret = iso_image_add_new_file(img->iso, root, name, st, &file);
	if (ret < 0) {
		iso_stream_unref(st);
		fsimage_error(img, "/%s: the name is taken in the tree", name);
		return DB_IMAPI_E_BOOT_IMAGE_DATA;
	}
	iso_node_set_hidden((IsoNode *)file, LIBISO_HIDE_ON_RR | LIBISO_HIDE_ON_JOLIET |
						     LIBISO_HIDE_ON_1999 | LIBISO_HIDE_BUT_WRITE);
	enum eltorito_boot_media_type type = b->emulation == DB_EMULATION_NONE ? ELTORITO_NO_EMUL
					     : b->emulation == DB_EMULATION_HARD_DISK
						     ? ELTORITO_HARD_DISC_EMUL
						     : ELTORITO_FLOPPY_EMUL;
	ElToritoBootImage *boot;
	fsimage_take_msgs(img);
	ret = i == 0 ? iso_image_set_boot_image(img->iso, path, type, "/" CATALOG_NODE, &boot)
		     : iso_image_add_boot_image(img->iso, path, type, 0, &boot);
	if (ret < 0) {
		if (!fsimage_take_msgs(img))
			fsimage_error(img, "libisofs refused boot image %zu: error 0x%X", i,
				      (unsigned)ret);
		return DB_IMAPI_E_BOOT_IMAGE_DATA;
	}
	el_torito_set_boot_platform_id(boot, (uint8_t)b->platform);
	if (type == ELTORITO_NO_EMUL)
		/* 4 virtual 512-byte sectors, the load size mkisofs uses by
		 * default (-boot-load-size 4), the whole first 2 KiB. */
		el_torito_set_load_size(boot, 4);
	uint8_t id[28] = {0};
	memcpy(id, b->manufacturer, strlen(b->manufacturer));
	el_torito_set_id_string(boot, id);
	return DB_S_OK;
}

db_status fsimage_boot_prepare(struct db_fs_image *img)
{
	for (size_t i = 0; i < img->n_boot; i++) {
		db_status st = prepare_one(img, i);
		if (db_failed(st)) {
			fsimage_boot_cleanup(img);
			return st;
		}
	}
	if (img->n_boot)
		iso_image_set_boot_catalog_hidden(img->iso, LIBISO_HIDE_ON_RR |
								    LIBISO_HIDE_ON_JOLIET |
								    LIBISO_HIDE_ON_1999);
	return DB_S_OK;
}

void fsimage_boot_cleanup(struct db_fs_image *img)
{
	if (!img->n_boot)
		return;
	iso_image_remove_boot_image(img->iso);
	IsoDir *root = iso_image_get_root(img->iso);
	for (size_t i = 0; i < img->n_boot; i++) {
		char name[64];
		if (i == 0)
			snprintf(name, sizeof(name), "%s", BOOT_NODE);
		else
			snprintf(name, sizeof(name), BOOT_NODE_N, i);
		IsoNode *n;
		/* Only our hidden node: a user's file of that name stays. */
		if (iso_dir_get_node(root, name, &n) == 1 &&
		    (iso_node_get_hidden(n) & LIBISO_HIDE_BUT_WRITE))
			iso_node_remove(n);
	}
}
