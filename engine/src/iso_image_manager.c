/* IsoImageManager (IIsoImageManager, imapi2fs.h): Validate reads the
 * volume recognition sequence (iso_image_manager.h says what is
 * checked). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discburn/iso_image_manager.h"

#define SECTOR 2048
/* The volume recognition sequence begins at byte 32768 (ECMA-119 6.2.1:
 * sectors 0-15 are the System Area; ECMA-167 2/8.3), i.e. sector 16. */
#define VRS_FIRST 16
/* How far a sequence may run before Validate gives up on it: tools write
 * a handful of descriptors (PVD, boot record, Joliet SVD, terminator,
 * BEA01, NSR0x, TEA01). */
#define VRS_MAX_SECTORS 256
/* What Validate reads of the image: the sequence, and room for the
 * root directory of a later session's image (later_session()). */
#define HEAD_SECTORS (VRS_FIRST + 2048)
/* IMAPI: "Image size exceeds MAXLONG sectors". */
#define MAX_SECTORS 0x7FFFFFFFll

struct db_iso_image_manager {
	char *path;
	struct db_stream *stream;
	bool own; /* opened by SetPath */
	struct db_iso_image_report report;
};

db_status db_iso_image_manager_create(struct db_iso_image_manager **out)
{
	if (!out)
		return DB_E_POINTER;
	*out = calloc(1, sizeof(**out));
	return *out ? DB_S_OK : DB_E_OUTOFMEMORY;
}

static void drop_image(struct db_iso_image_manager *m)
{
	if (m->own)
		db_stream_close(m->stream);
	free(m->path);
	m->path = NULL;
	m->stream = NULL;
	m->own = false;
}

void db_iso_image_manager_destroy(struct db_iso_image_manager *m)
{
	if (!m)
		return;
	drop_image(m);
	free(m);
}

db_status db_iso_image_manager_set_path(struct db_iso_image_manager *m, const char *path)
{
	if (!m || !path)
		return DB_E_POINTER;
	if (!*path)
		return DB_IMAPI_E_INVALID_PATH;
	char *copy = strdup(path);
	if (!copy)
		return DB_E_OUTOFMEMORY;
	struct db_stream *s;
	db_status st = db_stream_open_file(path, &s);
	if (db_failed(st)) {
		free(copy);
		return st;
	}
	drop_image(m);
	m->path = copy;
	m->stream = s;
	m->own = true;
	return DB_S_OK;
}

db_status db_iso_image_manager_set_stream(struct db_iso_image_manager *m, struct db_stream *s)
{
	if (!m)
		return DB_E_POINTER;
	drop_image(m);
	m->stream = s;
	return DB_S_OK;
}

const char *db_iso_image_manager_get_path(const struct db_iso_image_manager *m)
{
	return m ? m->path : NULL;
}

struct db_stream *db_iso_image_manager_get_stream(const struct db_iso_image_manager *m)
{
	return m ? m->stream : NULL;
}

const struct db_iso_image_report *db_iso_image_manager_get_report(const struct db_iso_image_manager *m)
{
	return m ? &m->report : NULL;
}

/* ---- the volume recognition sequence, one sector at a time ------------ */

enum vrs_phase { VRS_START, VRS_ISO, VRS_AFTER_ISO, VRS_EXTENDED, VRS_DONE };

struct vrs {
	enum vrs_phase phase;
	bool pvd, terminator, bea, nsr, tea;
	int64_t bea_sector, last_sector;
	struct db_iso_image_report *r;
};

/* The first problem found is the one reported. */
static void problem(struct vrs *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct vrs *v, const char *fmt, ...)
{
	if (v->r->problem[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->r->problem, sizeof(v->r->problem), fmt, ap);
	va_end(ap);
}

/* A Volume Structure Descriptor (ECMA-167 2/9.1; ECMA-119 8.1 has the
 * same first 7 bytes): type, 5-byte identifier, version. */
static bool is_id(const uint8_t *b, const char *id)
{
	return memcmp(b + 1, id, 5) == 0;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ECMA-119 8.1-8.5: the descriptors of the ISO 9660 set. */
static void iso_descriptor(struct vrs *v, const uint8_t *b, int64_t n)
{
	struct db_iso_image_report *r = v->r;
	switch (b[0]) {
	case 1: /* 8.4 Primary Volume Descriptor: version 1 (BP 7), file
		 * structure version 1 (BP 882); the first one counts. */
		if (!v->pvd && b[6] == 1 && b[881] == 1) {
			v->pvd = true;
			r->pvd_sector = (int32_t)n;
			r->volume_space_size = le32(b + 80); /* BP 81-88, both-endian (7.3.3) */
			r->root_extent = le32(b + 156 + 2); /* the root's record, BP 157-190 */
			memcpy(r->volume_id, b + 40, 32);    /* BP 41-72 */
			for (int i = 31; i >= 0 && (r->volume_id[i] == ' ' || !r->volume_id[i]); i--)
				r->volume_id[i] = '\0';
		}
		break;
	case 2: /* 8.5 Supplementary VD; Joliet marks UCS-2 with the escape
		 * sequence %/@, %/C or %/E in BP 89-91. */
		if (b[88] == '%' && b[89] == '/' && (b[90] == '@' || b[90] == 'C' || b[90] == 'E'))
			r->joliet = true;
		break;
	case 0: /* 8.2 Boot Record: El Torito names itself in BP 8-39. */
		if (memcmp(b + 7, "EL TORITO SPECIFICATION", 23) == 0)
			r->el_torito = true;
		break;
	case 255: /* 8.3 Volume Descriptor Set Terminator */
		v->terminator = true;
		v->phase = VRS_AFTER_ISO;
		break;
	default:
		break;
	}
}

static void vrs_sector(struct vrs *v, const uint8_t *b, int64_t n)
{
	v->last_sector = n;
	if (n >= VRS_FIRST + VRS_MAX_SECTORS) {
		problem(v, "no end of the volume recognition sequence within %d sectors of sector 16",
			VRS_MAX_SECTORS);
		v->phase = VRS_DONE;
		return;
	}
	bool cd001 = is_id(b, "CD001");
	switch (v->phase) {
	case VRS_START:
		if (cd001) {
			v->phase = VRS_ISO;
			iso_descriptor(v, b, n);
		} else if (is_id(b, "BEA01")) {
			v->phase = VRS_EXTENDED;
			v->bea = true;
			v->bea_sector = n;
		} else {
			problem(v, "sector %lld holds no volume descriptor (neither ISO 9660's CD001 nor "
				   "ECMA-167's BEA01)",
				(long long)n);
			v->phase = VRS_DONE;
		}
		break;
	case VRS_ISO:
		if (cd001) {
			iso_descriptor(v, b, n);
		} else {
			problem(v, "the ISO 9660 volume descriptor set has no terminator: sector %lld is no "
				   "volume descriptor",
				(long long)n);
			v->phase = VRS_DONE;
		}
		break;
	case VRS_AFTER_ISO:
		/* 8.3: "a sequence of one or more" terminators; then the
		 * ECMA-167 extended area may follow (2/8.3). */
		if (cd001 && b[0] == 255)
			break;
		if (is_id(b, "BEA01")) {
			v->phase = VRS_EXTENDED;
			v->bea = true;
			v->bea_sector = n;
		} else {
			v->phase = VRS_DONE;
		}
		break;
	case VRS_EXTENDED:
		/* 3/9.1: NSR02 (ECMA-167 2nd edition, UDF up to 1.50) or
		 * NSR03 (3rd edition, UDF 2.00 on); structure type 0,
		 * version 1. 2/9.3: TEA01 ends the extended area. */
		if (is_id(b, "TEA01")) {
			v->tea = true;
			v->phase = VRS_DONE;
		} else if ((is_id(b, "NSR02") || is_id(b, "NSR03")) && b[0] == 0 && b[6] == 1) {
			v->nsr = true;
			v->r->nsr = b[5] - '0';
		} else if (!cd001 && !is_id(b, "BOOT2") && !is_id(b, "BEA01")) {
			problem(v, "the ECMA-167 extended area begun at sector %lld is not ended by TEA01: "
				   "sector %lld is no volume structure descriptor",
				(long long)v->bea_sector, (long long)n);
			v->phase = VRS_DONE;
		}
		break;
	case VRS_DONE:
		break;
	}
}

static bool later_session(const uint8_t *head, int64_t n_head, struct db_iso_image_report *r);

/* The verdict once the sectors are read. */
static db_status vrs_verdict(struct vrs *v, const uint8_t *head, int64_t n_head)
{
	struct db_iso_image_report *r = v->r;
	r->iso9660 = v->pvd && v->terminator;
	r->udf = v->bea && v->nsr && v->tea;
	if (r->sectors <= VRS_FIRST)
		problem(v, "the image has %lld sectors: a volume recognition sequence starts at sector "
			   "16",
			(long long)r->sectors);
	else if (v->phase == VRS_ISO || (v->phase == VRS_EXTENDED && !v->tea))
		problem(v, "the image ends at sector %lld inside its volume recognition sequence",
			(long long)v->last_sector);
	if (v->phase != VRS_START && !v->pvd && v->terminator)
		problem(v, "the ISO 9660 volume descriptor set has no Primary Volume Descriptor");
	if (v->bea && v->tea && !v->nsr)
		problem(v, "the ECMA-167 extended area at sector %lld has no NSR02/NSR03 descriptor",
			(long long)v->bea_sector);
	if (!r->iso9660 && !r->udf) {
		problem(v, "no ISO 9660 PVD with a terminator, no ECMA-167 BEA01/NSR/TEA01");
		return DB_IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND;
	}
	/* Beyond IMAPI: a file cut short of the volume its PVD describes. */
	if (r->iso9660 && r->sectors < r->volume_space_size && !later_session(head, n_head, r)) {
		r->problem[0] = '\0';
		problem(v, "truncated: the Primary Volume Descriptor gives %lld sectors, the image has "
			   "%lld",
			(long long)r->volume_space_size, (long long)r->sectors);
		return DB_IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND;
	}
	r->problem[0] = '\0';
	return DB_S_OK;
}

/* Reads up to len bytes: less only at the end of the stream. */
static db_status read_full(struct db_stream *s, uint8_t *buf, size_t len, size_t *got)
{
	*got = 0;
	bool eof = false;
	while (*got < len && !eof) {
		size_t n;
		db_status st = db_stream_read(s, buf + *got, len - *got, &n, &eof);
		if (db_failed(st))
			return st;
		*got += n;
	}
	return DB_S_OK;
}

static db_status size_checks(struct db_iso_image_report *r)
{
	r->sectors = r->bytes / SECTOR;
	if (r->sectors > MAX_SECTORS) {
		snprintf(r->problem, sizeof(r->problem),
			 "%lld bytes is more than 2^31-1 sectors of 2048 bytes", (long long)r->bytes);
		return DB_IMAPI_E_IMAGEMANAGER_IMAGE_TOO_BIG;
	}
	if (r->bytes % SECTOR) {
		snprintf(r->problem, sizeof(r->problem),
			 "%lld bytes is not a whole number of 2048-byte sectors (%lld left over)",
			 (long long)r->bytes, (long long)(r->bytes % SECTOR));
		return DB_IMAPI_E_IMAGEMANAGER_IMAGE_NOT_ALIGNED;
	}
	return DB_S_OK;
}

/* The image's first sectors into head (*n_head full sectors); with the
 * size not known, the rest is read too, to count it. */
static db_status read_head(struct db_stream *s, uint8_t *head, int64_t *n_head, int64_t *bytes)
{
	size_t got;
	db_status st = read_full(s, head, (size_t)HEAD_SECTORS * SECTOR, &got);
	if (db_failed(st))
		return st;
	*n_head = (int64_t)(got / SECTOR);
	*bytes = (int64_t)got;
	if (got < (size_t)HEAD_SECTORS * SECTOR)
		return DB_S_OK;
	uint8_t buf[16384];
	do {
		st = read_full(s, buf, sizeof(buf), &got);
		*bytes += (int64_t)got;
	} while (db_succeeded(st) && got == sizeof(buf));
	return st;
}

/* An image shorter than its PVD's volume space is either cut short or
 * the image of a later session (mkisofs -C start,nwa), whose addresses
 * count from the disc's start: its volume space ends where the image
 * ends, so it would sit at offset = volume space - sectors. Then the root
 * directory (ECMA-119 8.4, BP 157-190) lies inside the image, and its
 * first record is "." (6.8.2.2: the identifier 00h) pointing back at the
 * root's own extent (9.1.3). A truncated image has no such record there. */
static bool later_session(const uint8_t *head, int64_t n_head, struct db_iso_image_report *r)
{
	int64_t offset = (int64_t)r->volume_space_size - r->sectors;
	int64_t rel = (int64_t)r->root_extent - offset;
	if (offset <= 0 || rel <= VRS_FIRST || rel >= n_head)
		return false;
	const uint8_t *d = head + rel * SECTOR;
	if (d[0] < 34 || le32(d + 2) != r->root_extent || !(d[25] & 2) || d[32] != 1 || d[33] != 0)
		return false;
	r->session_start = offset;
	return true;
}

db_status db_iso_image_manager_validate(struct db_iso_image_manager *m)
{
	if (!m)
		return DB_E_POINTER;
	struct db_iso_image_report *r = &m->report;
	memset(r, 0, sizeof(*r));
	if (!m->stream) {
		snprintf(r->problem, sizeof(r->problem), "no image: give a path or a stream first");
		return DB_IMAPI_E_IMAGEMANAGER_NO_IMAGE;
	}
	struct db_stream *s = m->stream;
	r->bytes = db_stream_size(s);
	bool size_known = r->bytes >= 0;
	if (size_known) {
		db_status st = size_checks(r);
		if (db_failed(st))
			return st;
	}
	uint8_t *head = malloc((size_t)HEAD_SECTORS * SECTOR);
	if (!head)
		return DB_E_OUTOFMEMORY;
	int64_t was = 0, n_head = 0, bytes = 0;
	bool seekable = db_succeeded(db_stream_seek(s, 0, DB_STREAM_SEEK_CUR, &was)) &&
			db_succeeded(db_stream_seek(s, 0, DB_STREAM_SEEK_SET, NULL));
	db_status st = read_head(s, head, &n_head, &bytes);
	if (seekable)
		db_stream_seek(s, was, DB_STREAM_SEEK_SET, NULL);
	if (db_succeeded(st) && !size_known) {
		r->bytes = bytes;
		st = size_checks(r);
	}
	if (db_succeeded(st)) {
		struct vrs v = {.phase = VRS_START, .r = r};
		for (int64_t n = VRS_FIRST; n < n_head && v.phase != VRS_DONE; n++)
			vrs_sector(&v, head + n * SECTOR, n);
		st = vrs_verdict(&v, head, n_head);
	}
	free(head);
	return st;
}
