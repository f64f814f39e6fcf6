/* The fields of READ CD (BEh, MMC-6 6.19) and READ CD MSF (B9h, MMC-6
 * 6.20): the one list the engine's builder and the emulator's decoder
 * share. Both CDBs put them in the same places: byte 1 bits 4-2 Expected
 * Sector Type, byte 9 the main-channel selection (sync, header codes,
 * user data, EDC & ECC, C2 error information), byte 10 bits 2-0 the
 * sub-channel selection. */
#ifndef MMC_READ_CD_H
#define MMC_READ_CD_H

#ifdef __cplusplus
extern "C" {
#endif

/* Expected Sector Type (MMC-6 6.19): a sector of another type fails
 * 05/64/00, ILLEGAL MODE FOR THIS TRACK. */
enum mmc_read_cd_sector_type {
	MMC_READ_CD_TYPE_ANY = 0,
	MMC_READ_CD_TYPE_CDDA = 1, /* IEC 60908 audio, 2352 bytes */
	MMC_READ_CD_TYPE_MODE1 = 2, /* 2048 user bytes */
	MMC_READ_CD_TYPE_MODE2_FORMLESS = 3, /* 2336 user bytes */
	MMC_READ_CD_TYPE_MODE2_FORM1 = 4, /* 2048 user bytes */
	MMC_READ_CD_TYPE_MODE2_FORM2 = 5, /* 2324 user bytes */
};
#define MMC_READ_CD_TYPE_SHIFT 2 /* byte 1 bits 4-2 */
#define MMC_READ_CD_TYPE_MASK 0x1C

/* Byte 9: which parts of each sector's 2352 main-channel bytes come back. */
#define MMC_READ_CD_SYNC 0x80
#define MMC_READ_CD_HEADER_CODES_MASK 0x60 /* bits 6-5: */
#define MMC_READ_CD_HEADER_NONE 0x00
#define MMC_READ_CD_HEADER_ONLY 0x20 /* the 4-byte header */
#define MMC_READ_CD_SUBHEADER_ONLY 0x40 /* mode 2 form 1/2: the 8-byte subheader */
#define MMC_READ_CD_ALL_HEADERS 0x60
#define MMC_READ_CD_USER_DATA 0x10
#define MMC_READ_CD_EDC_ECC 0x08
#define MMC_READ_CD_C2_MASK 0x06 /* bits 2-1: */
#define MMC_READ_CD_C2_NONE 0x00
#define MMC_READ_CD_C2_ERROR_BITS 0x02 /* 294 bytes, one bit per main-channel byte */
#define MMC_READ_CD_C2_AND_BLOCK_ERROR 0x04 /* 294 + a block error byte + a pad byte */

/* Byte 10 bits 2-0: Sub-channel Data Selection. */
enum mmc_read_cd_subchannel {
	MMC_READ_CD_SUB_NONE = 0,
	MMC_READ_CD_SUB_RAW = 1, /* raw P-W, 96 bytes */
	MMC_READ_CD_SUB_Q = 2, /* formatted Q, 16 bytes */
	MMC_READ_CD_SUB_RW = 4, /* de-interleaved, corrected R-W, 96 bytes */
};
#define MMC_READ_CD_SUB_MASK 0x07

/* A CD sector's main channel. As CD-DA, 588 stereo frames of 4 bytes:
 * left then right, each sample low byte first (MMC-6 6.19, READ CD's
 * CD-DA data format). */
#define MMC_CD_RAW_SECTOR 2352

#ifdef __cplusplus
}
#endif

#endif
