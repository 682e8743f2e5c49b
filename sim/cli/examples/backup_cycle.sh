#!/usr/bin/env bash
# A VM group's backups as a vendor runs them (spec §5, group path), one hvsim command at a time
# through a state file (hvsim --help, "State files"): a full backup and two incrementals of the
# group Nightly (app-01 with two disks, db-01 with one; backup_cycle.inventory.json), then a
# restore of every point, checked byte for byte with cmp. Each cycle:
#   1. the guests write (random ranges and bytes; the seed is printed and replays the run);
#      the script keeps each disk's bytes at this instant as the expected image
#   2. Msvm_CollectionSnapshotService.CreateSnapshot(SnapshotType=2, recovery) on the group
#   3. the guests keep writing (the backup must not see these writes)
#   4. ConvertToReferencePoint: the snapshot collection becomes a Msvm_ReferencePointCollection
#   5. ExportReferencePoint into D:\Backups\cycle<N>: in full for the first cycle, then with
#      BaseReferencePointCollection = the previous cycle's point (only the changed ranges)
#   6. DestroyReferencePoint on the previous cycle's point (a vendor that forgets leaves them)
# Then for each point N and each disk: `hvsim export restore cycle0 .. cycleN` into a local file,
# and cmp against the expected image of cycle N. Exits non-zero at the first unexpected result.
#
# Usage: sim/cli/examples/backup_cycle.sh [SEED]   (from any directory; SEED default: random)
# Uses hvsim from PATH, else <repo>/build/release/sim/cli/hvsim (cmake --preset release).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
if command -v hvsim >/dev/null 2>&1; then
  HVSIM="$(command -v hvsim)"
else
  HVSIM="$repo/build/release/sim/cli/hvsim"
fi
if [[ ! -x "$HVSIM" ]]; then
  echo "backup_cycle.sh: no hvsim on PATH or at $HVSIM (build it: cmake --preset release" \
    "&& cmake --build --preset release --target hvsim)" >&2
  exit 1
fi
seed="${1:-$((RANDOM * 32768 + RANDOM))}"
[[ "$seed" =~ ^[0-9]+$ ]] || { echo "backup_cycle.sh: SEED must be a number, not '$seed'" >&2; exit 2; }
echo "backup_cycle.sh: seed $seed (replay: $0 $seed)"
RANDOM=$seed

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
state="$work/host.json"

V2=root/virtualization/v2
CSS="$V2:Msvm_CollectionSnapshotService.CreationClassName=\"Msvm_CollectionSnapshotService\""
CRPS="$V2:Msvm_CollectionReferencePointService.CreationClassName=\"Msvm_CollectionReferencePointService\""
NIGHTLY="$V2:Msvm_VirtualSystemCollection.CollectionID=\"B7D3C1A9-2E4F-4A6B-9C8D-1F0E3A5B7C92\""
APP01=0C1B7E52-6D3A-4B9E-8F21-3A5D9C7E1B40
DB01=9E4F2A17-8B6C-4D05-A3E9-5C1D7B2F6A88
# Every disk of the group (HostResource) with its size in bytes, as the inventory declares them.
DISKS=("C:\\Hyper-V\\$APP01\\Disk0.vhdx" "C:\\Hyper-V\\$APP01\\Disk1.vhdx" "C:\\Hyper-V\\$DB01\\Disk0.vhdx")
SIZES=($((8 << 20)) $((4 << 20)) $((16 << 20)))
CYCLES=3

step() { printf '\n== %s\n' "$*"; }
fail() { echo "backup_cycle.sh: FAILED: $*" >&2; exit 1; }
# run ARGS...: echoes the hvsim command line and its output and keeps the output in $out.
# A non-zero exit status (a failed call, a ReturnValue other than --expect) ends the script.
run() {
  local line='$ hvsim' arg
  for arg in "$@"; do  # quoted so that the line can be pasted into a shell
    if [[ "$arg" =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then
      line+=" $arg"
    else
      line+=" '${arg//\'/\'\\\'\'}'"
    fi
  done
  printf '%s\n' "$line"
  out="$("$HVSIM" "$@" --state "$state")"
  printf '%s\n' "$out"
}
# out_param NAME: the value of out-parameter NAME in the last invoke's output.
out_param() {
  local value
  value="$(sed -n "s/^$1 = \\(.*\\);\$/\\1/p" <<<"$out")"
  [[ -n "$value" ]] || fail "no $1 in the answer"
  printf '%s' "$value"
}
# guest_writes: three random writes on every disk (4 KiB-aligned, 4 KiB..256 KiB, one fill byte).
guest_writes() {
  local i n offset length
  for i in "${!DISKS[@]}"; do
    for n in 1 2 3; do
      length=$(((RANDOM % 64 + 1) * 4096))
      offset=$(((RANDOM * 32768 + RANDOM) % ((SIZES[i] - length) / 4096 + 1) * 4096))
      run disk write "${DISKS[i]}" --offset "$offset" --length "$length" --byte $((RANDOM % 256))
    done
  done
}

# The first command creates the state file from the example's inventory (doc-strict profile).
"$HVSIM" query --state "$state" --inventory "$here/backup_cycle.inventory.json" \
  --namespace $V2 "SELECT * FROM Msvm_VirtualSystemCollection" >/dev/null

previous_point=""
for ((cycle = 0; cycle < CYCLES; cycle++)); do
  kind=$([[ $cycle == 0 ]] && echo full || echo incremental)
  step "cycle $cycle ($kind) 1. the guests write; keep each disk's bytes as expected"
  guest_writes
  for i in "${!DISKS[@]}"; do
    run disk read "${DISKS[i]}" --length "${SIZES[i]}" --output "$work/expected-$cycle-$i.img"
  done

  step "cycle $cycle 2. CreateSnapshot on Nightly, SnapshotType 2 (recovery)"
  run invoke "$CSS" CreateSnapshot "Collection=$NIGHTLY" SnapshotSettings= SnapshotType=2 --expect 0
  snapshot="$(out_param ResultingSnapshotCollection)"

  step "cycle $cycle 3. the guests keep writing while the backup runs"
  guest_writes

  step "cycle $cycle 4. ConvertToReferencePoint"
  run invoke "$CSS" ConvertToReferencePoint "AffectedSnapshotCollection=$snapshot" --expect 0
  point="$(out_param ResultingReferencePointCollection)"

  step "cycle $cycle 5. ExportReferencePoint into D:\\Backups\\cycle$cycle ($kind)"
  settings=""
  if [[ -n "$previous_point" ]]; then
    settings="<INSTANCE CLASSNAME=\"Msvm_CollectionReferencePointExportSettingData\"><PROPERTY NAME=\"BaseReferencePointCollection\" TYPE=\"string\"><VALUE>${previous_point//\"/\&quot;}</VALUE></PROPERTY></INSTANCE>"
  fi
  run invoke "$CRPS" ExportReferencePoint "ReferencePointCollection=$point" \
    "ExportDirectory=D:\\Backups\\cycle$cycle" "ExportSettingData=$settings" --expect 0
  run export ls "D:\\Backups\\cycle$cycle"

  if [[ -n "$previous_point" ]]; then
    step "cycle $cycle 6. DestroyReferencePoint on the previous cycle's point"
    run invoke "$CRPS" DestroyReferencePoint "AffectedReferencePointCollection=$previous_point" \
      --expect 0
  fi
  previous_point="$point"
done

step "Only the last cycle's points remain: one per VM"
run query --namespace $V2 --value VirtualSystemIdentifier \
  "SELECT * FROM Msvm_VirtualSystemReferencePoint"
[[ "$(grep -c . <<<"$out")" == 2 ]] || fail "expected 2 per-VM reference points"

step "Restore every point and compare it with the disk as it was"
chain=()
for ((cycle = 0; cycle < CYCLES; cycle++)); do
  chain+=("D:\\Backups\\cycle$cycle")
  for i in "${!DISKS[@]}"; do
    run export restore "${chain[@]}" --disk "${DISKS[i]}" --output "$work/restored-$cycle-$i.img"
    echo "\$ cmp restored-$cycle-$i.img expected-$cycle-$i.img"
    cmp "$work/restored-$cycle-$i.img" "$work/expected-$cycle-$i.img" ||
      fail "point $cycle of ${DISKS[i]} does not restore to the disk as it was"
  done
done
printf '\nbackup_cycle.sh: %d points x %d disks restored byte for byte (seed %s)\n' \
  "$CYCLES" "${#DISKS[@]}" "$seed"
