#!/usr/bin/python3
"""ctest driver of the npm peer (@device-management-toolkit/wsman-messages with node's https):
installs the packages if needed (install.sh), starts `hvsim serve` (Basic over HTTPS with a
self-signed certificate made here, async-jobs profile, small inventory) and runs scenario.js.

  run_node.py --hvsim BIN [--node /usr/bin/node]
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "testing"))
import peer_testing  # noqa: E402

SCENARIO_TIMEOUT_S = 90


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hvsim", required=True)
    parser.add_argument("--node", default="/usr/bin/node")
    args = parser.parse_args()

    def body():
        peer_testing.log(peer_testing.run(["bash", os.path.join(HERE, "install.sh")], timeout=300).strip())
        with peer_testing.Workdir("node") as work:
            cert, key = peer_testing.make_tls_cert(work)
            users = peer_testing.write_users(work)
            server_args = ["--inventory", peer_testing.SMALL_INVENTORY,
                           "--profile", peer_testing.ASYNC_JOBS_PROFILE,
                           "--auth", "basic", "--users", users, "--tls-cert", cert, "--tls-key", key]
            env = peer_testing.loopback_env()
            with peer_testing.HvsimServer(args.hvsim, server_args, work.path, env=env) as server:
                scenario = [args.node, os.path.join(HERE, "scenario.js"), "--url", server.url,
                            "--user", peer_testing.USER, "--password", peer_testing.PASSWORD,
                            "--ca-cert", cert]
                peer_testing.log("$", " ".join("***" if a == peer_testing.PASSWORD else a
                                               for a in scenario))
                try:
                    done = subprocess.run(scenario, env=env, cwd=HERE, timeout=SCENARIO_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    raise AssertionError("the scenario did not finish within %ss" % SCENARIO_TIMEOUT_S)
                if done.returncode != 0:
                    raise AssertionError("the node scenario failed (exit %d)" % done.returncode)

    peer_testing.main_wrapper(body)


if __name__ == "__main__":
    main()
