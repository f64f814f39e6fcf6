/* List the optical drives of this machine with DiscMaster2 (sysfs:
 * SCSI devices of peripheral type 5), and describe any drive named on
 * the command line, emulated ones included.
 *
 *   list_drives [DRIVE...]
 *
 * Build: cc list_drives.c $(pkg-config --cflags --libs discburn-emu) */
#include <stdio.h>

#include <discburn/discmaster.h>
#include <discburn/emu.h>

static void show(const struct db_drive_entry *d)
{
	printf("%-24s %-8s %-16s %-4s%s\n", d->path, d->vendor, d->product, d->revision,
	       d->emulated ? "  (emulated)" : "");
}

int main(int argc, char **argv)
{
	db_emu_register();
	struct db_drive_entry drives[32];
	unsigned n = 0;
	db_status st = db_discmaster_enumerate("/sys", drives, 32, &n);
	if (db_failed(st)) {
		fprintf(stderr, "list_drives: %s\n", db_strerror(st));
		return 1;
	}
	printf("%u optical drive(s) on this machine\n", n);
	for (unsigned i = 0; i < n && i < 32; i++)
		show(&drives[i]);
	for (int i = 1; i < argc; i++) {
		struct db_drive_entry d;
		st = db_discmaster_describe(argv[i], &d);
		if (db_failed(st)) {
			fprintf(stderr, "list_drives: %s: %s\n", argv[i], db_strerror(st));
			return 1;
		}
		show(&d);
	}
	return 0;
}
