// Burn an ISO image from C++: the same DiscFormat2Data calls as
// burn_iso.c, with the C objects owned by std::unique_ptr so every exit
// path releases the drive.
//
//   burn_iso_cpp DRIVE IMAGE
//
// Build: c++ -std=c++17 burn_iso.cpp $(pkg-config --cflags --libs discburn-emu)
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include <discburn/emu.h>
#include <discburn/format2data.h>
#include <discburn/recorder.h>
#include <discburn/stream.h>
#include <discburn/version.h>

namespace {

struct Closer {
	void operator()(db_recorder *r) const { db_recorder_close(r); }
	void operator()(db_stream *s) const { db_stream_close(s); }
	void operator()(db_format2data *f) const { db_format2data_destroy(f); }
};
template <class T> using Owned = std::unique_ptr<T, Closer>;

void check(db_status st, const std::string &what)
{
	if (db_failed(st))
		throw std::runtime_error(what + ": " + db_status_name(st) + ": " + db_strerror(st));
}

} // namespace

int main(int argc, char **argv)
{
	if (argc != 3) {
		std::fprintf(stderr, "usage: burn_iso_cpp DRIVE IMAGE\n");
		return 2;
	}
	try {
		std::printf("libdiscburn %s (built with %s)\n", db_version(), DISCBURN_VERSION_STRING);
		check(db_emu_register(), "emu");
		db_recorder *r = nullptr;
		check(db_recorder_open(argv[1], DB_OPEN_EXCLUSIVE, &r), argv[1]);
		Owned<db_recorder> rec(r);
		db_stream *s = nullptr;
		check(db_stream_open_file(argv[2], &s), argv[2]);
		Owned<db_stream> image(s);
		db_format2data *f = nullptr;
		check(db_format2data_create(&f), "create");
		Owned<db_format2data> format(f);
		check(db_format2data_put_recorder(format.get(), rec.get()), "recorder");
		check(db_format2data_put_client_name(format.get(), "burn_iso_cpp example"), "client");
		db_format2data_set_progress(
			format.get(),
			[](const db_format2data_progress *p, void *) {
				if (p->current_action != DB_DF2D_WRITING_DATA)
					std::printf("%s\n", db_format2data_action_name(p->current_action));
			},
			nullptr);
		check(db_format2data_write(format.get(), image.get()), "write");
		std::printf("burned %s onto %s\n", argv[2], argv[1]);
	} catch (const std::exception &e) {
		std::fprintf(stderr, "burn_iso_cpp: %s\n", e.what());
		return 1;
	}
	return 0;
}
