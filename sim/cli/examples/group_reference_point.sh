#!/usr/bin/env bash
# A VM group's reference point, end to end, driven one hvsim command at a time through a state
# file (hvsim --help, "State files"):
#   1. define the VM group Nightly and add sql-01 and web-01 to it
#   2. write 1 MiB to one of sql-01's virtual disks and read it back
#   3. CreateReferencePoint (RCT based) on the group: ReturnValue 0
#   4. the group now holds one per-VM reference point for each member, each with one RCT id per disk
#   5. on a second host with the async-jobs profile, a log-based reference point for a group
#      whose VMs do not replicate: ReturnValue 4096, the job ends in JobState 10, and GetErrorEx
#      returns the Msvm_Error as CIM-XML
# Every step is echoed with its output; the script exits non-zero at the first step whose result
# is not the expected one (ReturnValues through --expect, output through grep).
#
# Usage: sim/cli/examples/group_reference_point.sh   (from any directory)
# Uses hvsim from PATH, else <repo>/build/release/sim/cli/hvsim (cmake --preset release).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
fixtures="$repo/fixtures"
if command -v hvsim >/dev/null 2>&1; then
  HVSIM="$(command -v hvsim)"
else
  HVSIM="$repo/build/release/sim/cli/hvsim"
fi
if [[ ! -x "$HVSIM" ]]; then
  echo "group_reference_point.sh: no hvsim on PATH or at $HVSIM (build it: cmake --preset release" \
    "&& cmake --build --preset release --target hvsim)" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
state="$work/host.json"        # doc-strict: every method answers at once
async_state="$work/async.json"  # async-jobs: results and errors arrive through jobs

V2=root/virtualization/v2
CMS="$V2:Msvm_CollectionManagementService.CreationClassName=\"Msvm_CollectionManagementService\""
CRPS="$V2:Msvm_CollectionReferencePointService.CreationClassName=\"Msvm_CollectionReferencePointService\""
NIGHTLY_ID=6A1E5E0C-3C1B-4B8A-9F3E-2D7C4B1A9E01
NIGHTLY="$V2:Msvm_VirtualSystemCollection.CollectionID=\"$NIGHTLY_ID\""
FINANCE="$V2:Msvm_VirtualSystemCollection.CollectionID=\"17941B31-5A9C-49EB-A8FA-AF67311F9463\""
SQL01=D253BD21-5401-450B-BB44-63660F5A3E14
WEB01=76025F59-0F17-4B48-8F74-15952224C2B7
vm() { echo "$V2:Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\",Name=\"$1\""; }

step() { printf '\n== %s\n' "$*"; }
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
  out="$("$HVSIM" "$@")"
  printf '%s\n' "$out"
}
# expect PATTERN WHAT: the last output matches PATTERN (grep -E), or the script fails.
expect() {
  if ! grep -qE -- "$1" <<<"$out"; then
    echo "group_reference_point.sh: FAILED: $2 (no match for: $1)" >&2
    exit 1
  fi
}

step "1. Define the VM group Nightly and add sql-01 and web-01"
run invoke --state "$state" --inventory "$fixtures/inventories/small.json" \
  "$CMS" DefineCollection Name=Nightly "Id=$NIGHTLY_ID" Type=0 --expect 0
run invoke --state "$state" "$CMS" AddMember "Member=$(vm $SQL01)" "Collection=$NIGHTLY" --expect 0
run invoke --state "$state" "$CMS" AddMember "Member=$(vm $WEB01)" "Collection=$NIGHTLY" --expect 0
run query --state "$state" --value ElementName \
  "ASSOCIATORS OF {$NIGHTLY} WHERE AssocClass=Msvm_CollectedVirtualSystems"
expect '^sql-01$' "sql-01 is a member of Nightly"
expect '^web-01$' "web-01 is a member of Nightly"

step "2. Write 1 MiB to sql-01's first disk and read it back"
run query --state "$state" --namespace $V2 --value InstanceID \
  "SELECT * FROM Msvm_StorageAllocationSettingData WHERE InstanceID LIKE '%$SQL01%'"
disk="$(head -n 1 <<<"$out")"
[[ -n "$disk" ]] || { echo "group_reference_point.sh: FAILED: sql-01 has no disk" >&2; exit 1; }
run disk write --state "$state" "$disk" --offset 0 --length 1MiB --byte 0x5A
run disk read --state "$state" "$disk" --offset 0 --length 1MiB
expect '^uniform = 0x5A$' "the disk reads back what was written"

step "3. CreateReferencePoint on the group, RCT based (ReferencePointType 2): ReturnValue 0"
run invoke --state "$state" "$CRPS" CreateReferencePoint "Collection=$NIGHTLY" \
  ReferencePointSettings= ReferencePointType=2 --expect 0
expect '^ResultingReferencePointCollection = .*Msvm_ReferencePointCollection' \
  "the out-parameter names the new Msvm_ReferencePointCollection"

step "4. One per-VM reference point per member, each with RCT ids"
run query --state "$state" --namespace $V2 "SELECT * FROM Msvm_VirtualSystemReferencePoint"
expect '^# 2 instances$' "two per-VM reference points"
run query --state "$state" --namespace $V2 --value VirtualSystemIdentifier \
  "SELECT * FROM Msvm_VirtualSystemReferencePoint WHERE ReferencePointType = 2"
expect "^$SQL01\$" "a reference point of sql-01"
expect "^$WEB01\$" "a reference point of web-01"
run query --state "$state" --namespace $V2 --value ResilientChangeTrackingIdentifiers \
  "SELECT * FROM Msvm_VirtualSystemReferencePoint"
if [[ "$(grep -c . <<<"$out")" != 3 ]]; then  # sql-01 has two disks, web-01 one
  echo "group_reference_point.sh: FAILED: expected 3 RCT ids (one per disk)" >&2
  exit 1
fi

step "5. With async-jobs: a log-based point without replication fails through its job"
run invoke --state "$async_state" --profile "$fixtures/profiles/async-jobs.json" \
  "$CRPS" CreateReferencePoint "Collection=$FINANCE" ReferencePointSettings= \
  ReferencePointType=1 --expect 4096 --wait
expect '^  JobState = 10;$' "the job ends in JobState 10 (Exception)"
job="$(sed -n 's/^Job = \(.*\);$/\1/p' <<<"$out")"
run invoke --state "$async_state" "$job" GetErrorEx --expect 0
expect 'CLASSNAME="Msvm_Error"' "GetErrorEx returns an embedded Msvm_Error"
run query --state "$async_state" --namespace $V2 "SELECT * FROM Msvm_ReferencePointCollection"
expect '^# 0 instances$' "the failed call left no log-based reference point behind"

step "The state files' journals"
run state show "$state"
run state show "$async_state"
printf '\ngroup_reference_point.sh: all steps gave the expected results\n'
