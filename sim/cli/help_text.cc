#include "sim/cli/help_text.h"

#include <fmt/format.h>

#include "sim/cli/command_line.h"

namespace sim::cli {

std::string main_description() {
  return R"HELP(hvsim: an in-memory simulator of the Hyper-V backup WMI API (VM groups, reference points,
Resilient Change Tracking, jobs). Each host command builds a simulated host from an inventory, a
profile, a seed and fault rules, runs one call against it and prints the result.)HELP";
}

std::string main_footer() {
  return fmt::format(
      R"HELP(Host commands (query, get, invoke, disk, export, crash, clock) take:
  --inventory F  inventory JSON (default {inventory})
  --profile P    profile JSON (default: doc-strict, built in)
  --seed N       run seed (default 1)
  --faults F     fault-rule JSON (default: none)
  --state S      keep the host in file S across commands (below)

State files: with --state S a command loads the host from S (creating S from the other
options when it does not exist), runs, and, when it succeeded, saves S back atomically
(temporary file in the target's directory, then rename; a symlink S is written through to
its target). S starts with a header "hvsim-state-2 length=N crc32c=C": a file of another
format version, or one altered by hand, is refused. Its JSON body holds the setup (seed,
inventory, profile, faults) and a journal of the host commands that succeeded, argv without
"hvsim" and the setup options, with exit status and output checksum. Loading rebuilds the
host and replays the journal (never a command that writes a local file); the host is
deterministic, so this is exact, and a divergence is an error. A command that fails leaves
S byte for byte as it was. Once S exists it fixes the setup: giving --inventory, --profile,
--seed or --faults with it is an error. Commands sharing S take turns: a second one waits
up to 30 s (HVSIM_STATE_LOCK_TIMEOUT=SECONDS) for the first, then fails; no update is lost.
`hvsim state show S` lists the journal.

A real host: query, get and invoke take --target wsman+http(s)://HOST[:PORT]/wsman to talk
WS-Management to a Windows host's WinRM listener (or `hvsim serve`) instead of simulating:
  --auth MODE        none, basic (https only, except to loopback), negotiate, ntlm, kerberos
                     (default: negotiate with --user, else none); over plain http negotiate,
                     ntlm and kerberos seal every message, as Windows requires by default
  --user U           DOMAIN\user (NTLM), user@REALM (Kerberos; without a password the
                     ticket in KRB5CCNAME is used) or user (Basic)
  --password-env VAR the password is read from environment variable VAR, never from the
                     command line
  --ca F | --insecure  verify the https server with CA file F, or not at all
  --spn-host HOST    Negotiate's service name HTTP@HOST when not the URL's host (against
                     hvsim serve by address: localhost)
  --timeout D        per request (default 60s)
Without --namespace a query runs in root/virtualization/v2; invoke types Name=Value as the
simulator declares the method (a WMI path becomes a reference); --wait polls in real time.
  HVSIM_PW=... hvsim query --target wsman+https://hv01:5986/wsman --auth basic \
    --user administrator --password-env HVSIM_PW --ca hv01-ca.pem "SELECT * FROM Msvm_ComputerSystem"

Exit status: 0 done (invoke: the call was made, whatever its ReturnValue); 1 the command
failed (bad path, WQL or file, host error, --expect mismatch); 2 usage error. Errors are
one line on stderr: "hvsim: error: ...".)HELP",
      fmt::arg("inventory", default_inventory_path()));
}

std::string invoke_footer() {
  return
      R"HELP(Every Name=Value is passed as a string; the host converts it to the parameter's declared
type: numbers as decimal text ("ReferencePointType=2"), references as WMI path strings
('Collection=root/virtualization/v2:Msvm_VirtualSystemCollection.CollectionID="…"'),
embedded instances as CIM-XML or MOF text, "" (Name=) for an empty string.

Prints "ReturnValue = N (meaning)" and the out-parameters, MOF-like (references bare, as
WMI paths). With --wait and ReturnValue 4096 it polls the Job out-parameter until the job
finishes, advancing the virtual clock by --poll-interval between polls (no wall time), and
prints the finished job. What a successful job made is found with
  hvsim query "ASSOCIATORS OF {<job path>} WHERE AssocClass=Msvm_AffectedJobElement"
Example:
  hvsim invoke --state s.json \
    'root/virtualization/v2:Msvm_CollectionManagementService.CreationClassName="Msvm_CollectionManagementService"' \
    DefineCollection Name=Nightly Id=5C5B6F2E-0D0B-4F0B-9C3B-6E1C2A7D9F10 Type=0 --expect 0)HELP";
}

std::string query_footer() {
  return R"HELP(Without --namespace the query runs in every namespace the host serves
(root/virtualization/v2, then root/HyperVCluster/v2; with --target root/virtualization/v2
only), or for ASSOCIATORS/REFERENCES OF a path that names a namespace, in that one. A namespace that lacks the class is a note on
stderr; the command fails only when no namespace answers.
Text output: each instance as a MOF-like block after its '# path:' line (strings quoted
with MOF escapes, references bare), then '# N instances' ('# N instances in NS' for each
namespace when there are several). --json: an array of {"path", "class", "properties"}.
--value NAME: just that property, raw, one line each.
Examples:
  hvsim query "SELECT * FROM Msvm_VirtualSystemCollection"
  hvsim query --value InstanceID "SELECT * FROM Msvm_StorageAllocationSettingData"
  hvsim query --namespace 'root\HyperVCluster\v2' \
    "SELECT * FROM Msvm_CollectionReferencePointService")HELP";
}

std::string serve_footer() {
  return R"HELP(Answers WS-Management on /wsman exactly as a Windows WinRM listener serving WMI does:
Identify, Get, Enumerate/Pull/Release (WQL to .../wmi/root/virtualization/v2/*), Invoke.
Once ready it prints 'hvsim: listening on http://127.0.0.1:PORT/wsman'; SIGINT or SIGTERM
finish the requests in flight, then it exits 0. The host's clock runs in real time times
--time-scale; with --enable-control, HvSim_Clock.Advance moves it without waiting.
Authentication: --auth none binds loopback only; basic over plain http binds loopback
only (elsewhere give --tls-cert/--tls-key); negotiate (NTLM with --users, Kerberos with
--keytab) requires Microsoft's message encryption over plain http.
Examples:
  hvsim serve
  hvsim serve --listen 127.0.0.1:0 --profile fixtures/profiles/async-jobs.json --enable-control
  hvsim serve --listen 0.0.0.0:5986 --auth basic --users users.txt \
    --tls-cert cert.pem --tls-key key.pem)HELP";
}

}  // namespace sim::cli
