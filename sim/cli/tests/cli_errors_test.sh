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

echo "$((checks - failures))/$checks checks passed"
[[ "$failures" == 0 ]]
