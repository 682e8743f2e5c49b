#!/usr/bin/env bash
# The hvsim command line's error handling as a script sees it: exit status 2 for usage errors and
# 1 for failures, exactly one "hvsim: error: ..." line on stderr, nothing half-done on stdout, and
# a --state file left byte-for-byte untouched by every command that did not reach the host.
# Usage: cli_errors_test.sh [HVSIM]   (default: hvsim from PATH)
set -euo pipefail
HVSIM="${1:-hvsim}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
checks=0

# check EXIT_STATUS DESCRIPTION -- ARGS...: runs hvsim ARGS, checks the exit status and, for a
# non-zero status, that stderr is one "hvsim: error:" line.
check() {
  local want="$1" what="$2"
  shift 3
  local got=0
  "$HVSIM" "$@" >"$work/out" 2>"$work/err" || got=$?
  checks=$((checks + 1))
  local problem=""
  if [[ "$got" != "$want" ]]; then
    problem="exit $got, wanted $want"
  elif [[ "$want" != 0 ]]; then
    if [[ "$(wc -l <"$work/err")" != 1 ]] || ! grep -q '^hvsim: error: ' "$work/err"; then
      problem="stderr is not one 'hvsim: error:' line"
    fi
  fi
  if [[ -n "$problem" ]]; then
    failures=$((failures + 1))
    echo "FAIL: $what: $problem" >&2
    echo "  stdout: $(head -c 400 "$work/out")" >&2
    echo "  stderr: $(head -c 400 "$work/err")" >&2
  else
    echo "ok: $what ($(head -n1 "$work/err"))"
  fi
}

# expect_output PATTERN DESCRIPTION: the last check's stdout matches PATTERN (grep -E).
expect_output() {
  checks=$((checks + 1))
  if ! grep -qE -- "$1" "$work/out"; then
    failures=$((failures + 1))
    echo "FAIL: $2: stdout does not match $1" >&2
  fi
}

CMS='root/virtualization/v2:Msvm_CollectionManagementService.CreationClassName="Msvm_CollectionManagementService"'
CRPS='root/virtualization/v2:Msvm_CollectionReferencePointService.CreationClassName="Msvm_CollectionReferencePointService"'
FINANCE='root/virtualization/v2:Msvm_VirtualSystemCollection.CollectionID="17941B31-5A9C-49EB-A8FA-AF67311F9463"'

# Usage errors: exit 2.
check 2 "no command" --
check 2 "unknown command" -- bogus
check 2 "unknown disk command" -- disk bogus
check 2 "unknown option" -- query --bogus "SELECT * FROM Msvm_ComputerSystem"
check 2 "missing WQL" -- query
check 2 "parameter without =" -- invoke "$CMS" DefineCollection Name
check 2 "decimal size unit" -- disk write D --length 64KB
check 2 "duration without unit" -- clock advance 5
check 2 "negative seed" -- query --seed -1 "SELECT * FROM Msvm_ComputerSystem"

# Failures: exit 1.
check 1 "bad WQL" -- query "SELEC * FROM Msvm_ComputerSystem"
check 1 "unknown class" -- query "SELECT * FROM Msvm_NoSuchClass"
check 1 "bad path" -- get "not a path"
check 1 "missing instance" -- get 'root/virtualization/v2:Msvm_ComputerSystem.CreationClassName="Msvm_ComputerSystem",Name="00000000-0000-0000-0000-000000000000"'
check 1 "missing inventory file" -- query --inventory "$work/none.json" "SELECT * FROM Msvm_ComputerSystem"
echo '{"vms": 5}' >"$work/bad-inventory.json"
check 1 "invalid inventory" -- inventory check "$work/bad-inventory.json"
check 1 "missing profile file" -- query --profile "$work/none.json" "SELECT * FROM Msvm_ComputerSystem"
check 1 "--expect mismatch" -- invoke "$CRPS" CreateReferencePoint "Collection=$FINANCE" ReferencePointSettings= ReferencePointType=0 --expect 0
expect_output '^ReturnValue = 4 \(Invalid parameter\)$' "--expect mismatch still prints the result"
check 1 "unknown disk" -- disk read no-such-disk --length 4KiB

# Help on every command: exit 0, usage on stdout.
for cmd in "" query get invoke "disk write" "disk read" "disk resize" crash "clock advance" \
  "clock now" "inventory generate" "inventory check" "profile keys" "profile show" "state show"; do
  # shellcheck disable=SC2086
  check 0 "help: hvsim $cmd" -- $cmd --help
  expect_output '^Usage: hvsim' "help: hvsim $cmd"
done

# State files: a rejected command leaves the file as it was, byte for byte.
state="$work/state.json"
check 1 "first command rejected" -- get --state "$state" "not a path"
checks=$((checks + 1))
if [[ -e "$state" ]]; then
  failures=$((failures + 1))
  echo "FAIL: a rejected first command created the state file" >&2
fi
check 0 "create state" -- query --state "$state" "SELECT * FROM Msvm_ComputerSystem"
expect_output '^# 4 instances in root/virtualization/v2$' "the host and the small inventory's three VMs"
cp "$state" "$work/before.json"
check 1 "bad WQL with state" -- query --state "$state" "SELEC *"
check 1 "bad path with state" -- get --state "$state" "Msvm_ComputerSystem.Name="
check 2 "usage error with state" -- invoke --state "$state" "$CMS" DefineCollection Name
check 2 "setup option on existing state" -- query --state "$state" --seed 2 "SELECT * FROM Msvm_ComputerSystem"
check 2 "inventory on existing state" -- query --state "$state" --inventory x.json "SELECT * FROM Msvm_ComputerSystem"
checks=$((checks + 1))
if ! cmp -s "$state" "$work/before.json"; then
  failures=$((failures + 1))
  echo "FAIL: the state file changed after rejected commands" >&2
fi
checks=$((checks + 1))
if [[ "$(find "$work" -name '.*tmp*' | wc -l)" != 0 ]]; then
  failures=$((failures + 1))
  echo "FAIL: a temporary state file was left behind" >&2
fi
echo "not json" >"$work/corrupt.json"
check 1 "corrupt state file" -- query --state "$work/corrupt.json" "SELECT * FROM Msvm_ComputerSystem"
check 1 "state in a missing directory" -- query --state "$work/no/such/dir/s.json" "SELECT * FROM Msvm_ComputerSystem"

# Bad input changes nothing (issue 20 §2): whole ranges are checked first, errors are one bounded
# line that names what the user typed.
# expect_error PATTERN DESCRIPTION: the last check's stderr matches PATTERN and is at most 320 bytes.
expect_error() {
  checks=$((checks + 1))
  if ! grep -qE -- "$1" "$work/err" || [[ "$(wc -c <"$work/err")" -gt 320 ]]; then
    failures=$((failures + 1))
    echo "FAIL: $2: stderr does not match $1 in 320 bytes: $(head -c 400 "$work/err")" >&2
  fi
}
data="$work/data.json"
check 0 "web-01's disk" -- query --state "$data" --value InstanceID \
  "SELECT * FROM Msvm_StorageAllocationSettingData WHERE InstanceID LIKE '%76025F59%'"
web_disk="$(head -n 1 "$work/out")"
last_64mib=68652367872 # 64 GiB - 64 MiB
check 1 "write past the end" -- disk write --state "$data" "$web_disk" --offset $last_64mib --length 128MiB --byte 0x77
expect_error "range \[$last_64mib, \+134217728\) is outside the 68719476736-byte disk" "the error names the user's range"
check 1 "offline write past the end" -- disk write --state "$data" "$web_disk" --offset $last_64mib --length 128MiB --byte 0x77 --offline
check 0 "the disk's tail after the refused writes" -- disk read --state "$data" "$web_disk" --offset $last_64mib --length 64MiB
expect_output '^uniform = 0x00$' "a refused write wrote nothing"
check 1 "read far past the end" -- disk read "$web_disk" --length 64TiB --output "$work/never.img"
expect_error "range \[0, \+70368744177664\) is outside" "a read checks its range before reading"
checks=$((checks + 1))
if [[ -e "$work/never.img" ]]; then
  failures=$((failures + 1))
  echo "FAIL: a refused read created its --output file" >&2
fi
# A zero fill of the whole disk stores no payload: it fits in 1 GB of address space.
zero_fill_status=0
(ulimit -v 1000000 && "$HVSIM" disk write "$web_disk" --length 64GiB --byte 0 >"$work/out" 2>"$work/err") || zero_fill_status=$?
checks=$((checks + 1))
if [[ "$zero_fill_status" != 0 ]]; then
  failures=$((failures + 1))
  echo "FAIL: a 64 GiB zero fill in 1 GB of address space: exit $zero_fill_status: $(head -c 300 "$work/err")" >&2
fi
check 1 "output on a full device" -- disk read "$web_disk" --length 1MiB --output /dev/full
expect_error ": No space left on device$" "a failed write says why"
partial_status=0
(ulimit -f 100 && trap '' XFSZ && "$HVSIM" disk read "$web_disk" --length 1MiB --output "$work/partial.img" 2>"$work/err") || partial_status=$?
checks=$((checks + 1))
if [[ "$partial_status" != 1 || -e "$work/partial.img" ]] || ! grep -q "File too large (the partial file was removed)" "$work/err"; then
  failures=$((failures + 1))
  echo "FAIL: a write that fails half-way: exit $partial_status, $(head -c 300 "$work/err")" >&2
fi
# 80 advances of 100 years from 2024 pass year 9999: the 80th is refused.
clock="$work/clock.json"
for _ in $(seq 1 79); do "$HVSIM" clock advance --state "$clock" 36500d >/dev/null; done
check 1 "clock past year 9999" -- clock advance --state "$clock" 36500d
expect_error "would pass 9999-12-31T23:59:59.999999Z" "the clock stays in the DMTF range"
check 0 "the clock after the refusal" -- clock now --state "$clock"
expect_output '^now = 9[0-9]{13}\.[0-9]{6}\+000$' "the clock stayed in range"
long_value="$(head -c 100000 /dev/zero | tr '\0' x)"
check 1 "a 100 kB path" -- get "$long_value"
expect_error "bytes elided" "a long value is elided"
check 0 "a 100 kB embedded instance" -- invoke "$CRPS" CreateReferencePoint "Collection=$FINANCE" "ReferencePointSettings=<$long_value" ReferencePointType=2
checks=$((checks + 1))
if [[ "$(wc -c <"$work/out")" -gt 1000 ]] || ! grep -q "^# ReferencePointSettings is neither CIM-XML" "$work/out"; then
  failures=$((failures + 1))
  echo "FAIL: the embedded instance's problem is not one short line: $(head -c 400 "$work/out")" >&2
fi
check 1 "a newline in a selector key" -- get $'root/virtualization/v2:Msvm_ComputerSystem.Na\nme="x"'
expect_error 'Na\\nme' "the newline is escaped"

echo "$((checks - failures))/$checks checks passed"
[[ "$failures" == 0 ]]
