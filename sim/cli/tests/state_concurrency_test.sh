#!/usr/bin/env bash
# Two hvsim processes writing through one --state file at once never lose an update (the state
# file's lock, sim/cli/state_lock.h), over 50 rounds; a symlinked state file is updated at its
# target and stays a symlink.
# Usage: state_concurrency_test.sh [HVSIM]   (default: hvsim from PATH)
set -euo pipefail
HVSIM="${1:-hvsim}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rounds=50

disk_of_web01() {
  "$HVSIM" query --state "$1" --namespace root/virtualization/v2 --value InstanceID \
    "SELECT * FROM Msvm_StorageAllocationSettingData WHERE InstanceID LIKE '%76025F59%'"
}

# uniform_at STATE OFFSET: the "uniform = …" line of a 4 KiB read at OFFSET.
uniform_at() {
  "$HVSIM" disk read --state "$1" "$disk" --offset "$2" --length 4KiB | grep '^uniform = '
}

lost=0
for round in $(seq 1 "$rounds"); do
  state="$work/s$round.state"
  disk="$(disk_of_web01 "$state")"
  "$HVSIM" disk write --state "$state" "$disk" --offset 0 --length 4KiB --byte 0x11 >/dev/null &
  first=$!
  "$HVSIM" disk write --state "$state" "$disk" --offset 1MiB --length 4KiB --byte 0x22 >/dev/null &
  second=$!
  wait "$first"
  wait "$second"
  if [[ "$(uniform_at "$state" 0)" != "uniform = 0x11" ||
    "$(uniform_at "$state" 1MiB)" != "uniform = 0x22" ]]; then
    lost=$((lost + 1))
    echo "FAIL: round $round lost an update" >&2
  fi
done
echo "$((rounds - lost))/$rounds rounds kept both concurrent writes"

symlink_ok=1
mkdir "$work/real"
ln -s real/linked.state "$work/link.state"
disk="$(disk_of_web01 "$work/link.state")"
"$HVSIM" disk write --state "$work/link.state" "$disk" --length 4KiB --byte 0x33 >/dev/null
if [[ ! -L "$work/link.state" || ! -f "$work/real/linked.state" ||
  "$(uniform_at "$work/real/linked.state" 0)" != "uniform = 0x33" ]]; then
  symlink_ok=0
  echo "FAIL: the symlinked state file was not written through to its target" >&2
fi
if [[ -n "$(find "$work" -name '.*tmp*')" ]]; then
  symlink_ok=0
  echo "FAIL: a temporary file was left behind" >&2
fi

[[ "$lost" == 0 && "$symlink_ok" == 1 ]]
