#!/usr/bin/python3
"""ctest driver of the Go peer (Debian's golang-github-masterzen-winrm-dev): builds main.go
against the Debian Go sources in /usr/share/gocode (GOPATH mode, no network, no module proxy),
starts `hvsim serve` with Negotiate (NTLM through gss-ntlmssp) over HTTPS (a self-signed
certificate made here; masterzen/winrm has no message encryption, which plain http would need),
async-jobs profile, small inventory, and runs the peer.

  run_go.py --hvsim BIN [--go /usr/bin/go]
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "testing"))
import peer_testing  # noqa: E402

GOPATH = "/usr/share/gocode"  # golang-github-masterzen-winrm-dev and its dependencies
SCENARIO_TIMEOUT_S = 90


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hvsim", required=True)
    parser.add_argument("--go", default="/usr/bin/go")
    args = parser.parse_args()

    def body():
        with peer_testing.Workdir("go") as work:
            binary = work.join("masterzen-peer")
            go_env = dict(os.environ, GO111MODULE="off", GOPATH=GOPATH, GOFLAGS="",
                          GOPROXY="off", CGO_ENABLED="0")
            go_env.setdefault("GOCACHE", os.path.join(
                os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "go-build"))
            peer_testing.log("$ go build", os.path.join(HERE, "main.go"))
            peer_testing.run([args.go, "build", "-o", binary, os.path.join(HERE, "main.go")],
                             timeout=100, env=go_env, cwd=work.path)
            cert, key = peer_testing.make_tls_cert(work)
            # go-ntlmssp ignores the domain in the login and authenticates in the domain the
            # server's CHALLENGE names (its TargetName), as for a local account of a Windows host:
            # the account lives there.
            domain = peer_testing.SERVER_NETBIOS_NAME
            users = peer_testing.write_users(work, domain=domain)
            server_args = ["--inventory", peer_testing.SMALL_INVENTORY,
                           "--profile", peer_testing.ASYNC_JOBS_PROFILE,
                           "--auth", "negotiate", "--users", users,
                           "--tls-cert", cert, "--tls-key", key]
            env = peer_testing.loopback_env()
            with peer_testing.HvsimServer(args.hvsim, server_args, work.path, env=env) as server:
                scenario = [binary, "--url", server.url, "--user", domain + "\\" + peer_testing.USER,
                            "--password", peer_testing.PASSWORD, "--ca-cert", cert]
                peer_testing.log("$", " ".join("***" if a == peer_testing.PASSWORD else a
                                               for a in scenario))
                try:
                    done = subprocess.run(scenario, env=env, timeout=SCENARIO_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    raise AssertionError("the scenario did not finish within %ss" % SCENARIO_TIMEOUT_S)
                if done.returncode != 0:
                    raise AssertionError("the Go scenario failed (exit %d)" % done.returncode)

    peer_testing.main_wrapper(body)


if __name__ == "__main__":
    main()
