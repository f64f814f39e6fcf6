/* BootOptions (IMAPI2FS IBootOptions) and the El Torito boot image of a
 * FileSystemImage: libisofs writes the Boot Record Volume Descriptor, the
 * catalog and the image (iso_image_set_boot_image); here are the options'
 * rules and the image's bytes, which live in memory, since libisofs reads
 * a hard-disk image's MBR before it writes it (a db_stream reads once). */
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

db_status db_fs_image_put_boot_image_options(struct db_fs_image *img, struct db_boot_options *b)
{
	if (img->result) {
		fsimage_error(img, "a result image of this tree is still being read");
		return DB_IMAPI_E_READONLY;
	}
	if (b && !b->data) {
		fsimage_error(img, "the boot options have no boot image (AssignBootImage)");
		return DB_IMAPI_E_BOOT_IMAGE_DATA;
	}
	if (img->boot != b)
		db_boot_options_destroy(img->boot);
	img->boot = b;
	return DB_S_OK;
}

struct db_boot_options *db_fs_image_get_boot_image_options(const struct db_fs_image *img)
{
	return img->boot;
}

/* The node names of the image and the catalog: in the root, hidden from
 * every directory listing (the Boot Record and catalog point at them). */
#define BOOT_NODE "discburn-boot.img"
#define CATALOG_NODE "discburn-boot.cat"

db_status fsimage_boot_prepare(struct db_fs_image *img)
{
	struct db_boot_options *b = img->boot;
	if (!b)
		return DB_S_OK;
	/* El Torito 1.0 2.5: a floppy image is that floppy's whole size. */
	static const size_t floppy[] = {0, 1228800, 1474560, 2949120};
	if (b->emulation >= DB_EMULATION_12M_FLOPPY && b->emulation <= DB_EMULATION_288M_FLOPPY &&
	    b->size != floppy[b->emulation]) {
		fsimage_error(img, "a %s floppy boot image is %zu bytes, this one %zu",
			      b->emulation == 1 ? "1.2 MB" : b->emulation == 2 ? "1.44 MB" : "2.88 MB",
			      floppy[b->emulation], b->size);
		return DB_IMAPI_E_BOOT_EMULATION_IMAGE_SIZE_MISMATCH;
	}
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
	int ret = iso_image_add_new_file(img->iso, root, BOOT_NODE, st, &file);
	if (ret < 0) {
		iso_stream_unref(st);
		fsimage_error(img, "/%s: the name is taken in the tree", BOOT_NODE);
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
	ret = iso_image_set_boot_image(img->iso, "/" BOOT_NODE, type, "/" CATALOG_NODE, &boot);
	if (ret < 0) {
		fsimage_boot_cleanup(img);
		if (!fsimage_take_msgs(img))
			fsimage_error(img, "libisofs refused the boot image: error 0x%X",
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
	iso_image_set_boot_catalog_hidden(img->iso, LIBISO_HIDE_ON_RR | LIBISO_HIDE_ON_JOLIET |
							    LIBISO_HIDE_ON_1999);
	return DB_S_OK;
}

void fsimage_boot_cleanup(struct db_fs_image *img)
{
	if (!img->boot)
		return;
	iso_image_remove_boot_image(img->iso);
	IsoNode *n;
	if (iso_dir_get_node(iso_image_get_root(img->iso), BOOT_NODE, &n) == 1)
		iso_node_remove(n);
}
