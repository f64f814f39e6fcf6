/* Every DiscFormat2Data property (IMAPI2 IDiscFormat2 / IDiscFormat2Data)
 * of the medium in a drive, before and after a burn: the read-only ones
 * the drive answers, the speed descriptors (IWriteSpeedDescriptor), the
 * multisession objects (IMultisessionSequential2 / RandomWrite) and the
 * getters of the put properties.
 *
 *   format2data_properties DRIVE [SECTORS]
 *
 * burns SECTORS (default 300) of generated data with quick verification
 * between the two listings. A property that fails prints its status:
 * on a closed disc NextWritableAddress is E_IMAPI_DF2DATA_INVALID_MEDIA_STATE.
 *
 * Build: cc format2data_properties.c $(pkg-config --cflags --libs discburn-emu)
 * Try:   ./format2data_properties emu:dvd+r:/tmp/disc */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <discburn/emu.h>
#include <discburn/format2data.h>
#include <discburn/multisession.h>
#include <discburn/recorder.h>

static void show_status(const char *name, db_status st)
{
	printf("  %-40s %s\n", name, db_status_name(st));
}

static void show_i32(const char *name, db_status st, int32_t v)
{
	if (db_failed(st))
		show_status(name, st);
	else
		printf("  %-40s %d\n", name, v);
}

static void show_bool(const char *name, db_status st, bool v)
{
	if (db_failed(st))
		show_status(name, st);
	else
		printf("  %-40s %s\n", name, v ? "true" : "false");
}

static void show_bits(const char *name, db_status st, uint32_t bits,
		      const char *(*bit_name)(uint32_t))
{
	if (db_failed(st)) {
		show_status(name, st);
		return;
	}
	printf("  %-40s 0x%04X", name, bits);
	for (unsigned b = 0; b < 32; b++)
		if (bits & (1u << b))
			printf(" %s", bit_name(1u << b) ? bit_name(1u << b) : "?");
	printf("\n");
}

static void show_multisession(struct db_format2data *f)
{
	struct db_multisession_interfaces mi;
	db_status st = db_format2data_get_multisession_interfaces(f, &mi);
	if (db_failed(st) || mi.count == 0) {
		printf("  %-40s %s\n", "MultisessionInterfaces",
		       db_failed(st) ? db_status_name(st) : "(none)");
		return;
	}
	int32_t v;
	bool b;
	if (mi.sequential) {
		printf("  MultisessionInterfaces: MultisessionSequential2\n");
		struct db_multisession_sequential *m = mi.sequential;
		st = db_multisession_sequential_get_is_first_data_session(m, &b);
		show_bool("    IsFirstDataSession", st, b);
		st = db_multisession_sequential_get_start_address_of_previous_session(m, &v);
		show_i32("    StartAddressOfPreviousSession", st, v);
		st = db_multisession_sequential_get_last_written_address_of_previous_session(m, &v);
		show_i32("    LastWrittenAddressOfPreviousSession", st, v);
		st = db_multisession_sequential_get_next_writable_address(m, &v);
		show_i32("    NextWritableAddress", st, v);
		st = db_multisession_sequential_get_free_sectors_on_media(m, &v);
		show_i32("    FreeSectorsOnMedia", st, v);
		st = db_multisession_sequential_get_write_unit_size(m, &v);
		show_i32("    WriteUnitSize", st, v);
	}
	if (mi.random) {
		printf("  MultisessionInterfaces: MultisessionRandomWrite\n");
		st = db_multisession_random_get_write_unit_size(mi.random, &v);
		show_i32("    WriteUnitSize", st, v);
		st = db_multisession_random_get_last_written_address(mi.random, &v);
		show_i32("    LastWrittenAddress", st, v);
		st = db_multisession_random_get_total_sectors_on_media(mi.random, &v);
		show_i32("    TotalSectorsOnMedia", st, v);
	}
	db_multisession_interfaces_free(&mi);
}

static void show_all(struct db_format2data *f, struct db_recorder *rec, const char *when)
{
	printf("%s:\n", when);
	bool b;
	int32_t v;
	uint32_t bits;
	db_status st = db_format2data_is_recorder_supported(f, rec, &b);
	show_bool("IsRecorderSupported", st, b);
	st = db_format2data_is_current_media_supported(f, rec, &b);
	show_bool("IsCurrentMediaSupported", st, b);
	st = db_format2data_get_media_physically_blank(f, &b);
	show_bool("MediaPhysicallyBlank", st, b);
	st = db_format2data_get_media_heuristically_blank(f, &b);
	show_bool("MediaHeuristicallyBlank", st, b);
	enum db_media_physical_type types[DB_MEDIA_TYPE_COUNT], t;
	unsigned n;
	st = db_format2data_get_supported_media_types(f, types, DB_MEDIA_TYPE_COUNT, &n);
	printf("  %-40s", "SupportedMediaTypes");
	for (unsigned i = 0; db_succeeded(st) && i < n && i < DB_MEDIA_TYPE_COUNT; i++)
		printf(" %s", db_media_physical_type_name(types[i]) + strlen("MEDIA_TYPE_"));
	printf("%s\n", db_failed(st) ? db_status_name(st) : "");
	st = db_format2data_get_current_physical_media_type(f, &t);
	printf("  %-40s %s\n", "CurrentPhysicalMediaType",
	       db_failed(st) ? db_status_name(st) : db_media_physical_type_name(t));
	st = db_format2data_get_current_media_status(f, &bits);
	show_bits("CurrentMediaStatus", st, bits, db_format2data_media_state_bit_name);
	st = db_format2data_get_write_protect_status(f, &bits);
	show_bits("WriteProtectStatus", st, bits, db_media_write_protect_bit_name);
	st = db_format2data_get_total_sectors_on_media(f, &v);
	show_i32("TotalSectorsOnMedia", st, v);
	st = db_format2data_get_free_sectors_on_media(f, &v);
	show_i32("FreeSectorsOnMedia", st, v);
	st = db_format2data_get_next_writable_address(f, &v);
	show_i32("NextWritableAddress", st, v);
	st = db_format2data_get_start_address_of_previous_session(f, &v);
	show_i32("StartAddressOfPreviousSession", st, v);
	st = db_format2data_get_last_written_address_of_previous_session(f, &v);
	show_i32("LastWrittenAddressOfPreviousSession", st, v);
	struct db_write_speed ws[DB_MAX_SPEEDS];
	st = db_format2data_get_supported_write_speed_descriptors(f, ws, DB_MAX_SPEEDS, &n);
	if (db_failed(st))
		show_status("SupportedWriteSpeedDescriptors", st);
	for (unsigned i = 0; db_succeeded(st) && i < n && i < DB_MAX_SPEEDS; i++)
		printf("  %-40s %d sectors/s%s, %s\n", i ? "" : "SupportedWriteSpeedDescriptors",
		       db_write_speed_get_write_speed(&ws[i]),
		       db_write_speed_get_rotation_type_is_pure_cav(&ws[i]) ? " pure CAV" : "",
		       db_media_physical_type_name(db_write_speed_get_media_type(&ws[i])));
	printf("  %-40s %d\n", "CurrentWriteSpeed", db_format2data_get_current_write_speed(f));
	printf("  %-40s %s\n", "CurrentRotationTypeIsPureCAV",
	       db_format2data_get_current_rotation_type_is_pure_cav(f) ? "true" : "false");
	printf("  %-40s %d\n", "RequestedWriteSpeed", db_format2data_get_requested_write_speed(f));
	printf("  %-40s %s\n", "RequestedRotationTypeIsPureCAV",
	       db_format2data_get_requested_rotation_type_is_pure_cav(f) ? "true" : "false");
	show_multisession(f);
	printf("  %-40s %s\n", "Recorder",
	       db_format2data_get_recorder(f) ? db_recorder_path(db_format2data_get_recorder(f))
					      : "(none)");
	printf("  %-40s \"%s\"\n", "ClientName", db_format2data_get_client_name(f));
	printf("  %-40s %d\n", "ForceOverwrite", db_format2data_get_force_overwrite(f));
	printf("  %-40s %d\n", "ForceMediaToBeClosed", db_format2data_get_force_media_to_be_closed(f));
	printf("  %-40s %d\n", "BufferUnderrunFreeDisabled",
	       db_format2data_get_buffer_underrun_free_disabled(f));
	printf("  %-40s %d\n", "PostgapAlreadyInImage", db_format2data_get_postgap_already_in_image(f));
	printf("  %-40s %d\n", "DisableConsumerDvdCompatibilityMode",
	       db_format2data_get_disable_consumer_dvd_compatibility_mode(f));
	printf("  %-40s %d\n", "BurnVerificationLevel", db_format2data_get_verification_level(f));
}

/* Generated data: a stream of sectors, each filled with its index. */
static db_status gen_read(struct db_stream *s, void *buf, size_t len, size_t *got, bool *eof)
{
	int64_t *pos = s->ctx;
	size_t n = s->size - *pos < (int64_t)len ? (size_t)(s->size - *pos) : len;
	for (size_t i = 0; i < n; i++)
		((unsigned char *)buf)[i] = (unsigned char)((*pos + (int64_t)i) / 2048);
	*pos += (int64_t)n;
	*got = n;
	*eof = n == 0;
	return DB_S_OK;
}

static void gen_close(struct db_stream *s)
{
	free(s->ctx);
	db_stream_free(s);
}

static const struct db_stream_ops gen_ops = {.read = gen_read, .close = gen_close};

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: format2data_properties DRIVE [SECTORS]\n");
		return 2;
	}
	long sectors = argc == 3 ? strtol(argv[2], NULL, 10) : 300;
	if (sectors <= 0) {
		fprintf(stderr, "format2data_properties: SECTORS must be a positive number\n");
		return 2;
	}
	db_emu_register();
	struct db_recorder *rec = NULL;
	struct db_format2data *f = NULL;
	struct db_stream *s = NULL;
	int64_t *pos = calloc(1, sizeof(*pos));
	db_status st = pos ? db_recorder_open(argv[1], 0, &rec) : DB_E_OUTOFMEMORY;
	if (db_succeeded(st))
		st = db_format2data_create(&f);
	if (db_succeeded(st))
		st = db_format2data_put_recorder(f, rec);
	if (db_succeeded(st))
		st = db_format2data_put_client_name(f, "format2data properties");
	if (db_succeeded(st))
		st = db_format2data_put_verification_level(f, DB_VERIFY_QUICK);
	if (db_succeeded(st)) {
		show_all(f, rec, "before");
		st = db_stream_create(&gen_ops, pos, (int64_t)sectors * 2048, &s);
		if (db_succeeded(st))
			pos = NULL; /* the stream owns it */
	}
	if (db_succeeded(st))
		st = db_format2data_write(f, s);
	if (db_succeeded(st)) {
		printf("burned %ld sectors: %s\n", sectors, db_status_name(st));
		show_all(f, rec, "after");
	} else {
		fprintf(stderr, "format2data_properties: %s: %s\n", db_status_name(st),
			db_strerror(st));
	}
	free(pos);
	db_stream_close(s);
	db_format2data_destroy(f);
	db_recorder_close(rec);
	return db_succeeded(st) ? 0 : 1;
}
