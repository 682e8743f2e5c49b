#!/usr/bin/env bash
# A throwaway MIT Kerberos KDC on loopback, for tests that need Kerberos (hvsim serve --auth
# negotiate with a keytab, curl --negotiate, GSSAPI clients). Everything lives in one temporary
# directory; the KDC listens on 127.0.0.1 only, on a free port; nothing outside the directory is
# read or written (own krb5.conf and kdc.conf, own database, replay caches and logs there too).
#
# Usage:
#   sim/server/testing/throwaway_kdc.sh run [--] COMMAND [ARG...]
#       Starts the KDC, runs COMMAND with the environment below, then stops the KDC and removes
#       the directory (also on failure or Ctrl-C). Exits with COMMAND's status.
#   sim/server/testing/throwaway_kdc.sh env
#       Starts the KDC, prints the environment as `export NAME=value` lines, and waits; the KDC
#       stops and the directory goes when this script is interrupted or killed (SIGINT/SIGTERM)
#       or its stdin reaches end of file. For trying things by hand:
#         coproc KDC { sim/server/testing/throwaway_kdc.sh env; }
#         while read -r line <&"${KDC[0]}" && [[ $line != "# ready" ]]; do eval "$line"; done
#         ...                        # use the KDC
#         kill "$KDC_PID"            # stops the KDC and removes its directory
#
# The environment COMMAND gets (and `env` prints):
#   KRB5_CONFIG          the throwaway krb5.conf (realm HVSIM.TEST, rdns = false,
#                        dns_canonicalize_hostname = false, no DNS look-ups)
#   KRB5_KDC_PROFILE     the throwaway kdc.conf
#   KRB5CCNAME           a credential cache where the user principal is already kinit'd
#   KRB5RCACHEDIR        where an acceptor's replay cache goes (inside the directory)
#   HVSIM_KDC_DIR        the temporary directory
#   HVSIM_KDC_PORT       the KDC's port on 127.0.0.1 (UDP and TCP)
#   HVSIM_KDC_REALM      HVSIM.TEST
#   HVSIM_KDC_USER       the user principal, alice@HVSIM.TEST
#   HVSIM_KDC_PASSWORD   its password (a throwaway principal's; exported, never printed by `run`)
#   HVSIM_KDC_SERVICE    the service principal, HTTP/localhost@HVSIM.TEST (clients target
#                        http://localhost:PORT/wsman, i.e. GSS name HTTP@localhost)
#   HVSIM_KDC_KEYTAB     a keytab holding the service principal's keys (hvsim serve --keytab)
#
# Needs Debian's krb5-kdc, krb5-admin-server (kadmin.local, kdb5_util) and krb5-user (kinit).
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

mode="${1:-}"
case "$mode" in
  run) shift; [[ "${1:-}" == "--" ]] && shift; (($# > 0)) || usage ;;
  env) shift; (($# == 0)) || usage ;;
  *) usage ;;
esac

for tool in /usr/sbin/krb5kdc /usr/sbin/kdb5_util /usr/sbin/kadmin.local /usr/bin/kinit; do
  [[ -x "$tool" ]] || { echo "throwaway_kdc: $tool is missing (ci/setup installs it)" >&2; exit 1; }
done

realm=HVSIM.TEST
user="alice@$realm"
password="hvsim-alice-$RANDOM$RANDOM"
service="HTTP/localhost@$realm"

dir="$(mktemp -d "${TMPDIR:-/tmp}/hvsim-kdc.XXXXXX")"
kdc_pid=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  if [[ -n "$kdc_pid" ]]; then
    kill "$kdc_pid" 2>/dev/null || true
    wait "$kdc_pid" 2>/dev/null || true
  fi
  rm -rf -- "$dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# Everything Kerberos reads or writes points into $dir.
export KRB5_CONFIG="$dir/krb5.conf"
export KRB5_KDC_PROFILE="$dir/kdc.conf"
export KRB5CCNAME="FILE:$dir/ccache"
export KRB5RCACHEDIR="$dir/rcache"
unset KRB5_KTNAME KRB5_CLIENT_KTNAME KRB5_TRACE || true
mkdir -p "$KRB5RCACHEDIR"

free_port() {
  /usr/bin/python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

write_config() {
  local port="$1"
  cat >"$KRB5_CONFIG" <<EOF
[libdefaults]
  default_realm = $realm
  dns_lookup_kdc = false
  dns_lookup_realm = false
  rdns = false
  dns_canonicalize_hostname = false
  default_ccache_name = FILE:$dir/ccache
  default_keytab_name = FILE:$dir/service.keytab
  default_client_keytab_name = FILE:$dir/client.keytab
  udp_preference_limit = 1

[realms]
  $realm = {
    kdc = 127.0.0.1:$port
  }

[domain_realm]
  localhost = $realm

[logging]
  default = FILE:$dir/krb5lib.log
EOF
  cat >"$KRB5_KDC_PROFILE" <<EOF
[kdcdefaults]
  kdc_listen = 127.0.0.1:$port
  kdc_tcp_listen = 127.0.0.1:$port

[realms]
  $realm = {
    database_name = $dir/principal
    key_stash_file = $dir/stash
    acl_file = $dir/kadm5.acl
    kdc_listen = 127.0.0.1:$port
    kdc_tcp_listen = 127.0.0.1:$port
    max_life = 2h
    max_renewable_life = 0
    supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
  }

[logging]
  kdc = FILE:$dir/kdc.log
  admin_server = FILE:$dir/kadmin.log
  default = FILE:$dir/krb5lib.log
EOF
}

port="$(free_port)"
write_config "$port"
: >"$dir/kadm5.acl"
/usr/sbin/kdb5_util -r "$realm" create -s -P "hvsim-master-$RANDOM$RANDOM" >"$dir/setup.log" 2>&1 ||
  { echo "throwaway_kdc: kdb5_util create failed:" >&2; cat "$dir/setup.log" >&2; exit 1; }
{
  /usr/sbin/kadmin.local -r "$realm" -q "addprinc -pw $password $user"
  /usr/sbin/kadmin.local -r "$realm" -q "addprinc -randkey $service"
  /usr/sbin/kadmin.local -r "$realm" -q "ktadd -k $dir/service.keytab $service"
} >>"$dir/setup.log" 2>&1 ||
  { echo "throwaway_kdc: kadmin.local failed (see below)" >&2; grep -v -- "-pw" "$dir/setup.log" >&2; exit 1; }

# Start the KDC in the foreground (-n) as our child; retry on another port if this one was taken
# between choosing it and binding it.
started=0
for _attempt in 1 2 3 4 5; do
  /usr/sbin/krb5kdc -n -r "$realm" >>"$dir/kdc.stdout" 2>&1 &
  kdc_pid=$!
  for _ in $(seq 1 100); do
    if ! kill -0 "$kdc_pid" 2>/dev/null; then break; fi
    if printf '%s\n' "$password" | /usr/bin/kinit "$user" >/dev/null 2>&1; then started=1; break; fi
    sleep 0.1
  done
  ((started)) && break
  kill "$kdc_pid" 2>/dev/null || true
  wait "$kdc_pid" 2>/dev/null || true
  kdc_pid=""
  port="$(free_port)"
  write_config "$port"
done
if ((!started)); then
  echo "throwaway_kdc: the KDC did not come up on 127.0.0.1; its log:" >&2
  cat "$dir/kdc.log" "$dir/kdc.stdout" >&2 2>/dev/null || true
  exit 1
fi

# Should this script die without running its traps (SIGKILL), a watchdog stops the KDC and removes
# the directory once the script is gone. It holds none of the script's output open.
(
  script_pid=$$
  while kill -0 "$script_pid" 2>/dev/null; do sleep 1; done
  kill "$kdc_pid" 2>/dev/null || true
  rm -rf -- "$dir"
) </dev/null >/dev/null 2>&1 &

export HVSIM_KDC_DIR="$dir"
export HVSIM_KDC_PORT="$port"
export HVSIM_KDC_REALM="$realm"
export HVSIM_KDC_USER="$user"
export HVSIM_KDC_PASSWORD="$password"
export HVSIM_KDC_SERVICE="$service"
export HVSIM_KDC_KEYTAB="$dir/service.keytab"

vars=(KRB5_CONFIG KRB5_KDC_PROFILE KRB5CCNAME KRB5RCACHEDIR HVSIM_KDC_DIR HVSIM_KDC_PORT
  HVSIM_KDC_REALM HVSIM_KDC_USER HVSIM_KDC_SERVICE HVSIM_KDC_KEYTAB)

if [[ "$mode" == run ]]; then
  echo "throwaway_kdc: realm $realm on 127.0.0.1:$port in $dir (user $user, service $service)" >&2
  set +e
  "$@"
  status=$?
  set -e
  exit "$status"
fi

# env mode: print the environment (the password too: the caller asked for it), then wait.
for v in "${vars[@]}" HVSIM_KDC_PASSWORD; do printf 'export %s=%q\n' "$v" "${!v}"; done
echo "# ready"
# Wait until stdin closes or a signal arrives (the traps above clean up).
while read -r _; do :; done
