#!/bin/sh
# Smoke test of the VM itself: modules loaded, configfs and shares mounted,
# tcmu-runner up.
set -e
for m in target_core_user tcm_loop sr_mod sg; do
	grep -q "^$m " /proc/modules || { echo "module $m not loaded"; exit 1; }
done
test -d /sys/kernel/config/target/core
pidof tcmu-runner
ls /src/vm
echo boot ok
