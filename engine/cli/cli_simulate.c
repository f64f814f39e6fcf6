/* --simulate on write and write-section: the Test Write bit of mode page
 * 05h (MMC-6 7.5.4, byte 2 bit 4), as cdrecord -dummy and growisofs
 * -dry-run set it. Only media written through page 05h have it (CD-R/RW,
 * DVD-R/-RW); elsewhere the burn is refused before anything is sent. */
#include "cli.h"
#include "discburn/format2data.h"
#include "discburn/mmc.h"
#include "mmc/features.h"
#include "mmc/profiles.h"

db_status cli_simulate_refusal(struct db_recorder *r)
{
	uint16_t profile = 0;
	db_status st = db_recorder_current_profile(r, &profile);
	if (db_failed(st) || db_format2data_profile_can_simulate(profile))
		return st;
	const char *name = mmc_profile_name(profile);
	fprintf(stderr, "discburn: %s: %s has no test write (simulation): nothing was written\n",
		cli_command, name ? name : "this medium");
	return DB_E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE;
}

db_status cli_simulate_set(struct db_recorder *r, bool on)
{
	struct db_device *d = db_recorder_device(r);
	struct db_write_params w;
	uint16_t profile = 0;
	db_status st = db_recorder_current_profile(r, &profile);
	if (db_succeeded(st))
		st = db_mmc_get_write_params(d, &w);
	if (db_failed(st))
		return st;
	w.test_write = on;
	/* A drive's power-on page says TAO, which DVD-R has not: the page
	 * is only accepted with a DVD-R write type, incremental as
	 * DiscFormat2Data sends it (MMC-6 7.5.4.3), unless disc at once is
	 * already chosen. */
	if (mmc_profile_family(profile) == MMC_FAMILY_DVD &&
	    w.write_type != MMC_WRITE_TYPE_PACKET_INCREMENTAL && w.write_type != MMC_WRITE_TYPE_SAO) {
		w.write_type = MMC_WRITE_TYPE_PACKET_INCREMENTAL;
		w.track_mode = 5;
		w.fp = false;
	}
	return db_mmc_set_write_params(d, &w);
}
