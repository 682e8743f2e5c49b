#!/usr/bin/python3
"""ctest driver of the python3-winrm peer: starts `hvsim serve` (async-jobs profile, small
inventory) for one transport and runs scenario.py against it with Debian's /usr/bin/python3.

  run_python_winrm.py --hvsim BIN --transport ssl    Basic over HTTPS; the test makes a
                                                     self-signed certificate and validates it
  run_python_winrm.py --hvsim BIN --transport ntlm   NTLM over plain http with
                                                     message_encryption='always' (MS-WSMV
                                                     multipart/encrypted both ways)

NTLM on Debian 12: python3-ntlm-auth needs MD4, which OpenSSL 3 keeps in its legacy provider, so
the scenario runs with OPENSSL_CONF pointing at a file (made here) that activates the `default`
and `legacy` providers.
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "testing"))
import peer_testing  # noqa: E402

PYTHON = "/usr/bin/python3"  # Debian's: the first python3 on some PATHs cannot see python3-winrm
SCENARIO_TIMEOUT_S = 90


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hvsim", required=True)
    parser.add_argument("--transport", choices=("ssl", "ntlm"), required=True)
    args = parser.parse_args()

    def body():
        with peer_testing.Workdir("python-winrm-" + args.transport) as work:
            users = peer_testing.write_users(work)
            server_args = ["--inventory", peer_testing.SMALL_INVENTORY,
                           "--profile", peer_testing.ASYNC_JOBS_PROFILE, "--users", users]
            login = peer_testing.USER if args.transport == "ssl" else peer_testing.NTLM_LOGIN
            scenario = [PYTHON, os.path.join(HERE, "scenario.py"), "--transport", args.transport,
                        "--username", login, "--password", peer_testing.PASSWORD]
            env = peer_testing.loopback_env()
            if args.transport == "ssl":
                cert, key = peer_testing.make_tls_cert(work)
                server_args += ["--auth", "basic", "--tls-cert", cert, "--tls-key", key]
                scenario += ["--ca-cert", cert]
            else:
                server_args += ["--auth", "negotiate"]
                env["OPENSSL_CONF"] = peer_testing.write_openssl_legacy_conf(work)
            with peer_testing.HvsimServer(args.hvsim, server_args, work.path,
                                          env=peer_testing.loopback_env()) as server:
                if args.transport == "ssl" and not server.url.startswith("https://"):
                    raise AssertionError("the server with --tls-cert listens on %s" % server.url)
                if args.transport == "ntlm" and not server.url.startswith("http://"):
                    raise AssertionError("the server without TLS listens on %s" % server.url)
                scenario += ["--url", server.url]
                log_line = " ".join(a if a != peer_testing.PASSWORD else "***" for a in scenario)
                peer_testing.log("$", log_line)
                try:
                    done = subprocess.run(scenario, env=env, timeout=SCENARIO_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    raise AssertionError("the scenario did not finish within %ss" % SCENARIO_TIMEOUT_S)
                if done.returncode != 0:
                    raise AssertionError("the python3-winrm scenario failed (exit %d)" % done.returncode)

    peer_testing.main_wrapper(body)


if __name__ == "__main__":
    main()
