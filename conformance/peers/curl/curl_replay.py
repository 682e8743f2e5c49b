#!/usr/bin/python3
"""The curl peer: replays every request envelope of fixtures/wire/requests (in file-name order,
the real winrm.exe Invoke capture included) against an `hvsim serve` started for the test, with
curl, and checks each answer's shape against NAME.expect (fixtures/wire/requests/README.md).

  curl_replay.py --hvsim BIN --auth basic      Basic over HTTPS (self-signed certificate made here)
  throwaway_kdc.sh run -- curl_replay.py --hvsim BIN --auth kerberos
                                               Negotiate (Kerberos) over HTTPS: `curl --negotiate
                                               -u :` with the ticket of a throwaway loopback KDC
                                               (sim/server/testing/throwaway_kdc.sh); the server
                                               gets the service keytab with --keytab, and the URL
                                               names the host localhost (HTTP/localhost)

The server runs the async-jobs profile (fixtures/profiles/async-jobs.json) on the small inventory,
so the Invoke requests answer 4096 and their jobs are polled. Exit status 0 when every answer has
its expected shape; on a mismatch the request sent and the answer got are printed.
"""

import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testing"))
import peer_testing  # noqa: E402
import wire_check  # noqa: E402

CURL_TIMEOUT_S = 30
UTF16_BOM = b"\xff\xfe"


def request_files(folder):
    names = sorted(n for n in os.listdir(folder) if n.endswith(".xml"))
    if not names:
        raise peer_testing.PeerTestError("no request files in %s" % folder)
    for name in names:
        if not os.path.exists(os.path.join(folder, name[:-4] + ".expect")):
            raise peer_testing.PeerTestError("%s has no %s.expect beside it" % (name, name[:-4]))
    return names


def load_request(path, variables):
    """The request's bytes with {{NAME}} placeholders filled in, in the file's own encoding
    (UTF-16LE with a byte-order mark, or UTF-8), and the Content-Type charset to send."""
    raw = open(path, "rb").read()
    if raw.startswith(UTF16_BOM):
        text = raw[2:].decode("utf-16-le")
        text = wire_check.substitute(text, variables, os.path.basename(path))
        return UTF16_BOM + text.encode("utf-16-le"), "UTF-16"
    text = wire_check.substitute(raw.decode("utf-8"), variables, os.path.basename(path))
    return text.encode("utf-8"), "UTF-8"


class Curl:
    """One `curl` process per request, as a shell script replaying captures would run it."""

    def __init__(self, url, auth_args, work, env, tls_args=()):
        self.url = url
        self.auth_args = auth_args + list(tls_args)
        self.tls_args = list(tls_args)
        self.work = work
        self.env = env
        self.sent = 0

    def post(self, body, charset):
        self.sent += 1
        stem = os.path.join(self.work, "exchange-%03d" % self.sent)
        with open(stem + ".request", "wb") as f:
            f.write(body)
        cmd = ["curl", "--silent", "--show-error", "--max-time", str(CURL_TIMEOUT_S),
               "--request", "POST", "--data-binary", "@" + stem + ".request",
               "--header", "Content-Type: application/soap+xml;charset=" + charset,
               "--header", "Expect:",  # no 100-continue round trip (Windows clients send none)
               "--user-agent", "Microsoft WinRM Client",
               "--output", stem + ".body", "--dump-header", stem + ".headers",
               "--write-out", "%{http_code}"] + self.auth_args + [self.url]
        try:
            done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  timeout=CURL_TIMEOUT_S + 10, env=self.env)
        except subprocess.TimeoutExpired:
            raise peer_testing.PeerTestError("curl did not finish: " + " ".join(cmd))
        if done.returncode != 0:
            raise peer_testing.PeerTestError("curl exit %d: %s" % (done.returncode, done.stderr))
        status = int(done.stdout.strip() or 0)
        headers = parse_last_headers(open(stem + ".headers", encoding="latin-1").read())
        body = open(stem + ".body", "rb").read() if os.path.exists(stem + ".body") else b""
        return wire_check.Answer(status, headers, body)


def parse_last_headers(text):
    """The headers of the last HTTP response in a --dump-header file (a Negotiate exchange dumps
    the 401 first), names in lower case."""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    headers = {}
    if blocks:
        for line in blocks[-1].split("\n")[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    return headers


def describe(name, body, answer):
    shown = answer.body.decode("utf-8", "replace") if answer.body else "(empty)"
    if answer.body.startswith(UTF16_BOM):
        shown = answer.body[2:].decode("utf-16-le", "replace")
    sent = body[2:].decode("utf-16-le") if body.startswith(UTF16_BOM) else body.decode("utf-8")
    return ("---- %s: sent ----\n%s\n---- got HTTP %d ----\n%s\n%s\n---- end ----"
            % (name, sent, answer.status,
               "\n".join("%s: %s" % kv for kv in answer.headers.items()), shown))


def check_login_required(curl, folder, scheme, wrong_auth):
    """Without credentials, and with wrong ones, a request gets a bare 401 that names `scheme`
    in WWW-Authenticate (spec/wsman-wire.md: a failed login is a bare 401 with the challenges)."""
    body, charset = load_request(os.path.join(folder, "02_get_vm.xml"), {})
    for what, auth in (("no credentials", []), ("wrong credentials", wrong_auth)):
        if auth is None:
            continue
        answer = Curl(curl.url, auth + curl.tls_args, curl.work, curl.env).post(body, charset)
        challenge = answer.headers.get("www-authenticate", "")
        if answer.status != 401 or answer.body or not challenge.lower().startswith(scheme.lower()):
            raise AssertionError("%s: HTTP %d, WWW-Authenticate %r, %d body bytes; expected a bare "
                                 "401 with a %s challenge" % (what, answer.status, challenge,
                                                              len(answer.body), scheme))
        print("ok   %s → HTTP 401, WWW-Authenticate: %s" % (what, challenge), flush=True)


def replay(curl, folder, final_token=False):
    """Posts every request of `folder`, checks every answer. With final_token, each answer must
    also carry the server's last Negotiate token (a Kerberos 200 does: mutual authentication)."""
    variables = {}
    failed = []
    names = request_files(folder)
    for name in names:
        stem = os.path.join(folder, name[:-4])
        try:
            body, charset = load_request(stem + ".xml", variables)
            expect_text = wire_check.substitute(open(stem + ".expect", encoding="utf-8").read(),
                                                variables, name[:-4] + ".expect")
        except KeyError as e:
            failed.append(name)
            print("FAIL %s: %s" % (name, e.args[0]), flush=True)
            continue
        directives = wire_check.parse_expect(expect_text)
        poll = wire_check.poll_rule(directives)
        tries = 0
        while True:
            tries += 1
            answer = curl.post(body, charset)
            if poll is None or answer.doc is None:
                break
            path, accepted, max_tries, interval = poll
            body_element = answer.body_element()
            value = wire_check.text_at(body_element, path, dict(
                wire_check.STANDARD_NS, **{w[1]: w[2] for _, w, _ in directives if w[0] == "ns"}))
            if value in accepted or tries >= max_tries:
                break
            time.sleep(interval)
        failures = wire_check.check(directives, answer, body, variables)
        token = answer.headers.get("www-authenticate", "")
        if final_token and not (token.startswith("Negotiate ") and len(token) > len("Negotiate ")):
            failures.append("no final Negotiate token in WWW-Authenticate (got %r)" % token)
        suffix = " (%d polls)" % tries if poll else ""
        if failures:
            failed.append(name)
            print("FAIL %s%s:\n  %s" % (name, suffix, "\n  ".join(failures)), flush=True)
            print(describe(name, body, answer), flush=True)
        else:
            print("ok   %s → HTTP %d%s" % (name, answer.status, suffix), flush=True)
    print("%d passed, %d failed" % (len(names) - len(failed), len(failed)), flush=True)
    if failed:
        raise AssertionError("%d of %d replayed requests got an answer of the wrong shape: %s"
                             % (len(failed), len(names), ", ".join(failed)))


def check_capture_copy():
    """The winrm.exe capture in requests/ must be the capture itself, byte for byte."""
    wire = os.path.dirname(peer_testing.WIRE_REQUESTS)
    name = "winrm_exe_RealizePlannedSystem_request.xml"
    a = open(os.path.join(wire, "openwsman", name), "rb").read()
    b = open(os.path.join(peer_testing.WIRE_REQUESTS, name), "rb").read()
    if a != b:
        raise AssertionError("requests/%s differs from openwsman/%s (it must be a verbatim copy)"
                             % (name, name))


def kerberos_environment():
    """The throwaway KDC's settings, from the environment sim/server/testing/throwaway_kdc.sh
    gives the command it runs (the ctest runs this script under `throwaway_kdc.sh run --`)."""
    names = ("KRB5_CONFIG", "KRB5CCNAME", "HVSIM_KDC_KEYTAB", "HVSIM_KDC_SERVICE")
    missing = [n for n in names if not os.environ.get(n)]
    if missing:
        raise peer_testing.PeerTestError(
            "--auth kerberos runs under sim/server/testing/throwaway_kdc.sh run -- ...; "
            "missing from the environment: " + ", ".join(missing))
    peer_testing.log("KDC: service %s, client ticket cache %s"
                     % (os.environ["HVSIM_KDC_SERVICE"], os.environ["KRB5CCNAME"]))
    return {n: os.environ[n] for n in names}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hvsim", required=True, help="the hvsim binary")
    parser.add_argument("--auth", choices=("basic", "kerberos"), required=True)
    parser.add_argument("--requests", default=peer_testing.WIRE_REQUESTS)
    args = parser.parse_args()

    def body():
        check_capture_copy()
        with peer_testing.Workdir("curl-" + args.auth) as work:
            cert, key = peer_testing.make_tls_cert(work)
            setup = ["--inventory", peer_testing.SMALL_INVENTORY,
                     "--profile", peer_testing.ASYNC_JOBS_PROFILE,
                     "--tls-cert", cert, "--tls-key", key]
            env = peer_testing.loopback_env()
            if args.auth == "basic":
                users = peer_testing.write_users(work)
                server_args = setup + ["--auth", "basic", "--users", users]
                server_env = env
                auth = ["--basic", "--user", "%s:%s" % (peer_testing.USER, peer_testing.PASSWORD)]
                scheme = "Basic"
                wrong = ["--basic", "--user", "%s:%s" % (peer_testing.USER, "not-the-password")]
            else:
                kdc = kerberos_environment()
                server_args = setup + ["--auth", "negotiate", "--keytab", kdc["HVSIM_KDC_KEYTAB"]]
                server_env = env  # KRB5_CONFIG and KRB5RCACHEDIR come from throwaway_kdc.sh
                auth = ["--negotiate", "--user", ":"]
                scheme = "Negotiate"
                wrong = None  # a wrong Kerberos ticket cannot be had from this KDC
            with peer_testing.HvsimServer(args.hvsim, server_args, work.path,
                                          env=server_env) as server:
                url = server.url
                if args.auth == "kerberos":
                    # The service principal is HTTP/localhost: clients must name the host so.
                    url = peer_testing.url_with_host(url, "localhost")
                # --ipv4: localhost must reach the server's 127.0.0.1, not ::1.
                curl = Curl(url, auth, work.path, env, tls_args=["--cacert", cert, "--ipv4"])
                check_login_required(curl, args.requests, scheme, wrong)
                replay(curl, args.requests, final_token=args.auth == "kerberos")

    peer_testing.main_wrapper(body)


if __name__ == "__main__":
    main()
