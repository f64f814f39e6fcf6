#!/usr/bin/env bash
# The test command (README command 2; .ci/run calls it).
#   ./test.sh            all suites: unit, integration, cli and corpus
#                        replays under ASan+UBSan, the threaded tests
#                        (label tsan) under ThreadSanitizer, 20 s of each
#                        fuzzer, valgrind, the installed tree, then the
#                        kernel-path (vm) suite
#   ./test.sh -L unit    only the suites with that ctest label
# DISCBURN_SKIP_VM=1 / DISCBURN_SKIP_FUZZ=1 / DISCBURN_SKIP_DEB=1 leave
# those out.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-deps.sh

jobs=$(nproc)
t_start=$(date +%s)
t_stage=$t_start
stage() { # name: the time the previous stage took, then this one's name
  local now; now=$(date +%s)
  [ -z "${stage_name:-}" ] || echo "== test.sh: $stage_name took $((now - t_stage)) s"
  stage_name=$1; t_stage=$now
  [ -z "$1" ] || echo "== test.sh: $1"
}
build() { # dir, extra cmake args...
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
}

if [ $# -gt 0 ]; then
  build build-test
  ctest --test-dir build-test --output-on-failure "$@"
  exit
fi

# One build with ASan+UBSan runs everything that does not go through the
# kernel (sanitized code cannot be loaded into tcmu-runner).
stage "ASan+UBSan build and suite"
build build-asan -DDISCBURN_SANITIZE=ON
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE vm

# ThreadSanitizer (a build of its own: it cannot share a process with
# ASan) on the tests that run threads: WriteEngine2's reader thread,
# cancels from another thread (the 1,000-section stress test), the
# emulator's drive lock. About a minute on two idle cores. Any report
# fails the test (halt_on_error: exit 66).
stage "ThreadSanitizer build and the threaded tests"
build build-tsan -DDISCBURN_SANITIZE_THREAD=ON
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
  ctest --test-dir build-tsan --output-on-failure -j"$jobs" -L tsan

# Every fuzz harness for a short while (clang + libFuzzer); tests/fuzz/run
# N runs them longer.
if [ "${DISCBURN_SKIP_FUZZ:-0}" != 1 ]; then
  stage "fuzzers"
  tests/fuzz/run "${DISCBURN_FUZZ_SECONDS:-20}"
fi

# Without sanitizers: valgrind memcheck on one burn, and the kernel path
# (tcmu-runner cannot load an ASan-built handler).
stage "plain build: valgrind"
build build-test
ctest --test-dir build-test --output-on-failure -L valgrind
# The installed product from its prefix alone: exports, headers as C and
# C++, pkg-config and find_package builds of examples/ (docs/install.md).
stage "the installed tree"
ctest --test-dir build-test --output-on-failure -L install
# The .debs: dpkg-buildpackage, lintian, installed into a fresh bookworm root.
if [ "${DISCBURN_SKIP_DEB:-0}" != 1 ]; then
  stage "the Debian packages"
  ctest --test-dir build-test --output-on-failure -L deb
fi
if [ "${DISCBURN_SKIP_VM:-0}" != 1 ]; then
  stage "the kernel path (VM)"
  ctest --test-dir build-test --output-on-failure -L vm
fi
stage ""
echo "== test.sh: all stages passed in $(( $(date +%s) - t_start )) s"
