/* `discburn COMMAND --help`: each subcommand's synopsis and every option
 * with its meaning and default. The same text is the source of truth for
 * docs/man/discburn.1.scd; tests/cli/test_help.sh checks that every option
 * a subcommand accepts is listed here and in the man page. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct help_option {
	const char *name; /* "--speed N|Nx|max" */
	const char *text; /* meaning, then "(default: ...)" where there is one */
};

struct help_entry {
	const char *command;
	const char *synopsis;
	const char *about;
	struct help_option options[24];
};

#define DRIVE_OPT {"--drive DRIVE", "the drive: /dev/srN, /dev/sgN or emu:PROFILE:DISCFILE (required)"}

#define TREE_OPTS                                                                              \
	{"-V NAME, --volume NAME", "the volume name: up to 15 characters, A-Z a-z 0-9 . _ (A-Z "  \
				   "0-9 _ with --no-joliet) (default: the date and time, "      \
				   "YYYYMMDD_HHMM)"},                                           \
	{"--joliet, --no-joliet", "write the Joliet tree (UCS-2 names up to 64 characters, "     \
				  "for Windows) or not (default: --joliet)"},                   \
	{"--rockridge, --no-rockridge", "write Rock Ridge (POSIX names, modes, owners, times, "   \
					"symlinks, hard links; directories deeper than 8 "     \
					"levels relocated) or not: without it a tree deeper "  \
					"than 8 levels is refused (default: --rockridge)"},    \
	{"--iso-level N", "ISO 9660 interchange level 1, 2 or 3: 8.3 names at 1, 31 characters "  \
			  "at 2, files of 4 GiB and more need 3 (default: 2)"},                 \
	{"--graft DISCPATH=LOCALPATH", "put LOCALPATH (file, directory with its tree, or "        \
				       "symlink) at DISCPATH, making its directories "           \
				       "(mkisofs -graft-points); repeatable"},                    \
	{"--boot IMG", "make the disc bootable (El Torito): IMG is the boot image, no "          \
		       "emulation, its first 2 KiB loaded, image and catalog in no listing "   \
		       "(default: not bootable)"},                                             \
	{"--efi", "the --boot image is for EFI (platform 0xEF), not x86 BIOS"}

static const struct help_entry entries[] = {
	{"drives", "drives [--emu DRIVE]... [--json]",
	 "List the optical drives sysfs knows (SCSI peripheral type 5), and any emulated drive named.",
	 {{"--emu DRIVE", "also describe this drive (emu:PROFILE:DISCFILE or a device); repeatable"},
	  {"--json", "one JSON array instead of a table"}}},
	{"info", "info --drive DRIVE [--json]",
	 "Identity, profiles, speeds and the medium in the drive: disc status, sessions, tracks, "
	 "next writable address, free sectors.",
	 {DRIVE_OPT, {"--json", "one JSON object instead of text"}}},
	{"write", "write --drive DRIVE [OPTIONS] IMAGE|-",
	 "IDiscFormat2Data::Write: validate the medium, format it if needed, write IMAGE as a new "
	 "session (write-once and appendable media) or from sector 0 (rewritables), close, verify.",
	 {DRIVE_OPT,
	  {"--speed N|Nx|max", "write speed in sectors/s (N) or multiples of the medium's 1x (Nx); "
			       "the drive may adjust it (default: max)"},
	  {"--close", "close the disc after this session: no further session can be added "
		      "(ForceMediaToBeClosed; default: leave it appendable)"},
	  {"--force-overwrite", "on a CD-RW that holds data, blank it and write from sector 0 "
				"(ForceOverwrite; default: append a session, or refuse a closed disc)"},
	  {"--no-burnfree", "disable BURN-Free (BufferUnderrunFreeDisabled): an underrun fails the "
			    "burn (default: BURN-Free on)"},
	  {"--verify none|quick|full", "read back after writing and compare with what was sent: "
				       "quick up to 64 sampled sectors (first, last, evenly spaced), "
				       "full every sector (default: none)"},
	  {"--client NAME", "the client name that holds exclusive access (default: discburn)"},
	  {"--json-events", "progress (with the rate and both buffers) and the result as JSON "
			    "lines on stdout"},
	  {"--graph FILE.svg", "write the burn's speed (Nx) and the drive's and host's buffer fill "
			   "against the LBA as an SVG graph (default: none)"},
	  {"--size BYTES", "the image size, needed when IMAGE is - (standard input)"},
	  {"--no-reload", "after a session is closed on a kernel drive (/dev/sgN, /dev/srN), "
			  "do not eject and reload the tray (default: reload, so the kernel sees "
			  "the new session and the disc mounts at once)"},
	  {"--simulate", "test write (cdrecord -dummy): the drive goes through the whole burn "
			 "with the laser off, nothing is recorded and the disc is unchanged; CD-R/RW "
			 "and DVD-R/-RW only, refused on DVD+R, DVD+RW and BD; no close, no --verify "
			 "(default: a real burn)"}}},
	{"mkimage", "mkimage -o OUT.iso [OPTIONS] PATH...",
	 "IFileSystemImage::CreateResultImage into a file: an ISO 9660 image with Joliet and Rock "
	 "Ridge of the PATHs, built with libisofs. A directory's contents go to the root, a file "
	 "or symlink into the root under its name (as mkisofs PATH...). A name that exists twice "
	 "is refused (IMAPI_E_DUP_NAME); a failed image leaves no OUT.",
	 {{"-o OUT.iso, --output OUT.iso", "the image file to write (required)"}, TREE_OPTS}},
	{"burn", "burn --drive DRIVE [--append] [OPTIONS] PATH...",
	 "IDiscFormat2Data::Write of a FileSystemImage of the PATHs (as mkimage builds it), "
	 "streamed straight onto the disc: no temporary file, the size known before the burn, "
	 "FreeMediaBlocks the medium's free sectors (growisofs -Z DRIVE -R -J PATH, xorriso "
	 "-outdev DRIVE -map PATH /).",
	 {DRIVE_OPT, TREE_OPTS,
	  {"--append", "grow the disc: import its last session's tree (read through the drive) "
		       "and write a new session holding it and the PATHs, a new file replacing "
		       "an old one of its name (growisofs -M); CD-R, DVD-R, DVD+R, BD-R get a new "
		       "session, DVD+RW and BD-RE their image at LBA 0 grown (its volume "
		       "descriptors rewritten) (default: a first session)"},
	  {"--speed N|Nx|max", "write speed, as for write (default: max)"},
	  {"--close", "close the disc after this session (default: leave it appendable)"},
	  {"--force-overwrite", "on a CD-RW that holds data, blank it and write from sector 0"},
	  {"--no-burnfree", "disable BURN-Free (default: on)"},
	  {"--verify none|quick|full", "read back and compare, as for write (default: none)"},
	  {"--client NAME", "the client name that holds exclusive access (default: discburn)"},
	  {"--json-events", "progress and the result as JSON lines on stdout"},
	  {"--graph FILE.svg", "the burn's speed and buffers as an SVG graph (default: none)"},
	  {"--no-reload", "do not reload the tray after a closed session on a kernel drive"},
	  {"--simulate", "test write, nothing recorded, as for write (default: a real burn)"}}},
	{"write-section", "write-section --drive DRIVE --lba N [OPTIONS] IMAGE|-",
	 "IWriteEngine2::WriteSection: write IMAGE's sectors at LBA N as they are, with no media "
	 "validation or session handling.",
	 {DRIVE_OPT,
	  {"--lba N", "the first sector to write (required; negative where the medium has such "
		      "addresses)"},
	  {"--streaming-write12", "WRITE(12) with the Streaming bit instead of WRITE(10) "
				  "(UseStreamingWrite12; default: WRITE(10))"},
	  {"--bytes-per-sector N", "sector size of the image: 2048, 2352, ... (default: 2048)"},
	  {"--sectors-per-second START[:END]", "pace the writes from START to END sectors/s "
					       "(Starting/EndingSectorsPerSecond; default: no pacing)"},
	  {"--size BYTES", "the image size, needed when IMAGE is - (standard input)"},
	  {"--buffer BYTES", "the host ring buffer (default: 8 MiB)"},
	  {"--transfer BYTES", "the largest WRITE; the device's own limit always applies "
			       "(default: 256 KiB)"},
	  {"--no-sync", "do not send SYNCHRONIZE CACHE at the end (default: send it)"},
	  {"--no-format", "do not format a blank DVD+RW or BD-RE first (default: format it)"},
	  {"--simulate", "test write: Test Write in mode page 05h for this section, nothing is "
			 "recorded; CD-R/RW and DVD-R/-RW only, refused on DVD+R, DVD+RW and BD; "
			 "formats nothing (default: a real write)"},
	  {"--graph FILE.svg", "write the burn's speed (Nx) and the drive's and host's buffer fill "
			   "against the LBA as an SVG graph (default: none)"},
	  {"--json-events", "progress (with the rate and both buffers) and the result as JSON "
			    "lines on stdout"},
	  {"--verbose", "print each progress event"}}},
	{"erase", "erase --drive DRIVE [--full] [--client NAME] [--json-events]",
	 "IDiscFormat2Erase::EraseMedia: BLANK a CD-RW, FORMAT UNIT a DVD+RW or BD-RE.",
	 {DRIVE_OPT,
	  {"--full", "full erase of every sector (FullErase; default: quick: a minimal BLANK on "
		     "CD-RW, the first 2 MiB zeroed on DVD+RW and BD-RE)"},
	  {"--client NAME", "the client name that holds exclusive access (default: discburn)"},
	  {"--json-events", "progress and the result as JSON lines on stdout"}}},
	{"msinfo", "msinfo --drive DRIVE [--json]",
	 "The multisession numbers for the next session's image, as cdrecord -msinfo prints them: "
	 "START,NWA (start of the last session, next writable address).",
	 {DRIVE_OPT, {"--json", "one JSON object instead of START,NWA"}}},
	{"check-image", "check-image [--json] IMAGE|-",
	 "IIsoImageManager::Validate: is IMAGE fit to burn? A whole number of 2048-byte sectors, "
	 "and from sector 16 a volume recognition sequence: an ISO 9660 Primary Volume Descriptor "
	 "and set terminator, or UDF's BEA01, NSR02/NSR03, TEA01; an ISO 9660 image shorter than "
	 "its volume space is refused as truncated (the image of a later session, mkisofs -C, is "
	 "told apart). Exit 0 valid, 3 unreadable, 4 not whole sectors, 5 over 2^31-1 sectors, "
	 "11 no valid volume descriptor.",
	 {{"--json", "the findings as one JSON object instead of a line"}}},
	{"read", "read --drive DRIVE [--session N | --track N [--audio] | --lba N [--sectors N]] [--json-events] OUT|-",
	 "Read the disc into OUT (or standard output), sector n at byte n x 2048: every session "
	 "at its own LBA, the sectors no track holds (between sessions, run-out and link "
	 "blocks) zero-filled and counted. With --track N --audio, rip audio track N into the "
	 "WAV file OUT.",
	 {DRIVE_OPT,
	  {"--session N", "only session N, from its first sector"},
	  {"--track N", "only track N, from its first sector"},
	  {"--audio", "with --track N: the audio track through READ CD (CD-DA, 2352 bytes a "
		      "sector) into OUT as a 44100 Hz, 16-bit, stereo WAV file, up to the last "
		      "sector written; a data track is refused (default: data sectors, 2048 bytes)"},
	  {"--lba N", "the first sector to read (default: 0)"},
	  {"--sectors N", "how many sectors (default: to the end of the last recorded track)"},
	  {"--json-events", "progress and the result as JSON lines on stdout"}}},
	{"audio", "audio --drive DRIVE [OPTIONS] FILE...",
	 "IDiscFormat2TrackAtOnce: write each FILE (WAV, AIFF, FLAC: 44.1 kHz, 16-bit, "
	 "stereo) as one CD-DA track in Track At Once onto a blank "
	 "or appendable CD-R/RW (PrepareMedia, AddAudioTrack per file, ReleaseMedia), then list the "
	 "tracks written (number, start, length mm:ss:ff). A track under 4 s is padded with silence "
	 "to 4 s, the last partial sector too; the drive records a 2 s pause before each track.",
	 {DRIVE_OPT,
	  {"--speed N|Nx|max", "write speed in sectors/s (N, 75 = 1x) or multiples of CD 1x (Nx); "
			       "the drive may adjust it (default: max)"},
	  {"--no-finalize", "close the session but leave the disc open for another one "
			    "(DoNotFinalizeMedia), e.g. a data session after the audio: an "
			    "Enhanced CD (default: the disc is closed)"},
	  {"--verify none|quick", "quick: READ TRACK INFORMATION after each track and the TOC "
				  "against ExpectedTableOfContents after the session (default: none)"},
	  {"--simulate", "test write (cdrecord -dummy): the drive goes through every track with "
			 "the laser off, nothing is recorded (default: a real burn)"},
	  {"--raw-le", "FILEs are headerless 44.1 kHz 16-bit stereo PCM, little-endian (WAV's "
		       "order) (default: sound files, WAV, AIFF, FLAC, decoded by libsndfile)"},
	  {"--raw-be", "FILEs are headerless PCM, big-endian (cdrdao and wodim raw files)"},
	  {"--no-burnfree", "disable BURN-Free (BufferUnderrunFreeDisabled): an underrun fails "
			    "the track (default: BURN-Free on)"},
	  {"--client NAME", "the client name that holds exclusive access (default: discburn)"}}},
	{"eject", "eject --drive DRIVE", "Open the tray (START STOP UNIT, LoEj).", {DRIVE_OPT}},
	{"load", "load --drive DRIVE", "Close the tray and load the medium.", {DRIVE_OPT}},
};

#define N_ENTRIES (sizeof(entries) / sizeof(entries[0]))

const char *cli_help_synopsis(const char *command)
{
	for (size_t i = 0; i < N_ENTRIES; i++)
		if (strcmp(entries[i].command, command) == 0)
			return entries[i].synopsis;
	return NULL;
}

const char *cli_help_command(size_t i)
{
	return i < N_ENTRIES ? entries[i].command : NULL;
}

bool cli_help_print(FILE *f, const char *command)
{
	for (size_t i = 0; i < N_ENTRIES; i++) {
		const struct help_entry *e = &entries[i];
		if (strcmp(e->command, command) != 0)
			continue;
		fprintf(f, "usage: discburn %s\n\n%s\n", e->synopsis, e->about);
		if (e->options[0].name)
			fprintf(f, "\noptions:\n");
		for (const struct help_option *o = e->options; o->name; o++)
			fprintf(f, "  %s\n      %s\n", o->name, o->text);
		fprintf(f, "\nExit status: docs/errors.md (0 done, 1 the drive or medium failed, "
			   "2 usage, 3-10 bad input of one kind each).\n");
		return true;
	}
	return false;
}
