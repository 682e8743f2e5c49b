"""Shared support for the third-party peer tests (conformance/peers): a scratch directory, a
self-signed TLS certificate, a users file, an OpenSSL configuration with the legacy provider, and an
`hvsim serve` started on 127.0.0.1 port 0 and stopped with SIGTERM (exit 0 required).

Every file lives in one temporary directory that is removed when the test ends, pass or fail (set
HVSIM_PEER_KEEP=1 to keep it for a post-mortem; its path is printed). Runs under Debian's
/usr/bin/python3 and uses only the standard library.

Typical use:

    with peer_testing.Workdir("python_winrm") as work:
        cert, key = peer_testing.make_tls_cert(work)
        users = peer_testing.write_users(work, {peer_testing.USER: peer_testing.PASSWORD})
        with peer_testing.HvsimServer(hvsim, ["--auth", "basic", "--tls-cert", cert,
                                              "--tls-key", key, "--users", users], work) as server:
            ... server.url ...   # "https://127.0.0.1:PORT/wsman"
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

# The account every peer logs in with. Not a secret: loopback test servers only. Basic logs in as
# USER; NTLM as NTLM_LOGIN ("DOMAIN\\USER": NTLMv2 hashes the domain as the client spells it, and
# pywinrm upper-cases it, so the users file spells it in upper case too).
DOMAIN = "HVSIM"
USER = "peer-admin"
PASSWORD = "Peer-Passw0rd"
NTLM_LOGIN = DOMAIN + "\\" + USER
# The NetBIOS computer name hvsim serve announces as TargetName in its NTLM CHALLENGE: the first
# label of its acceptor host, localhost (sim/server/gss_acceptor.h). Clients that log in "in the
# server's domain", as to a local account of a Windows host, use it as the domain: Go's
# go-ntlmssp (masterzen/winrm) always does, whatever domain the user typed.
SERVER_NETBIOS_NAME = "LOCALHOST"

# How long the server may take to print its "listening on" line, and to exit after SIGTERM.
START_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 20.0

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SMALL_INVENTORY = os.path.join(REPO, "fixtures", "inventories", "small.json")
ASYNC_JOBS_PROFILE = os.path.join(REPO, "fixtures", "profiles", "async-jobs.json")
WIRE_REQUESTS = os.path.join(REPO, "fixtures", "wire", "requests")

_LISTENING = re.compile(r"hvsim: listening on (https?://[^\s/]+/wsman)")


class PeerTestError(Exception):
    """A failure of the test's own machinery (server did not start, did not stop cleanly, ...)."""


def log(*parts):
    print("peer:", *parts, flush=True)


def loopback_env(extra=None):
    """os.environ for a peer process: proxies off for loopback (a proxy variable in CI's
    environment must not send 127.0.0.1 through a proxy), plus `extra`."""
    env = dict(os.environ)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(name, None)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost,::1"
    if extra:
        env.update(extra)
    return env


class Workdir:
    """A temporary directory for one test, removed on exit unless HVSIM_PEER_KEEP=1."""

    def __init__(self, name):
        self.path = tempfile.mkdtemp(prefix="hvsim-peer-%s-" % name)

    def join(self, *parts):
        return os.path.join(self.path, *parts)

    def __fspath__(self):
        return self.path

    def __str__(self):
        return self.path

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if os.environ.get("HVSIM_PEER_KEEP") == "1":
            log("kept the work directory", self.path)
        else:
            shutil.rmtree(self.path, ignore_errors=True)
        return False


def run(cmd, timeout=60, **kwargs):
    """subprocess.run with a bound, output captured as text; raises PeerTestError on failure."""
    try:
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired as e:
        raise PeerTestError("timed out after %ss: %s" % (timeout, " ".join(cmd))) from e
    if done.returncode != 0:
        raise PeerTestError("exit %d: %s\n%s" % (done.returncode, " ".join(cmd), done.stdout))
    return done.stdout


def make_tls_cert(work, cn="localhost"):
    """A self-signed certificate for localhost and 127.0.0.1 (RSA 2048, 2 days), made with openssl
    in `work`. Returns (cert_path, key_path); the certificate is also the trust anchor clients
    use to validate the server."""
    cert = os.path.join(work, "server-cert.pem")
    key = os.path.join(work, "server-key.pem")
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
         "-keyout", key, "-out", cert, "-subj", "/CN=%s" % cn,
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-addext", "extendedKeyUsage=serverAuth"])
    os.chmod(key, 0o600)
    return cert, key


def write_users(work, users=None, domain=DOMAIN):
    """The server's --users file (sim/server/users_file.h: gss-ntlmssp's NTLM user file, one
    "DOMAIN:USER:PASSWORD" line each; Basic reads the same file) for `users` ({name: password},
    default {USER: PASSWORD}), all in `domain`. Mode 0600."""
    users = users or {USER: PASSWORD}
    path = os.path.join(work, "users")
    with open(path, "w", encoding="utf-8") as f:
        f.write("# hvsim serve --users: DOMAIN:USER:PASSWORD\n")
        for name, password in users.items():
            f.write("%s:%s:%s\n" % (domain, name, password))
    os.chmod(path, 0o600)
    return path


def write_openssl_legacy_conf(work):
    """An OPENSSL_CONF that activates OpenSSL 3's `default` and `legacy` providers: Debian 12's
    python3-ntlm-auth computes NTLM's MD4 through hashlib, which OpenSSL 3 keeps in the legacy
    provider (legacy.so ships in libssl3)."""
    path = os.path.join(work, "openssl-legacy.cnf")
    with open(path, "w", encoding="utf-8") as f:
        f.write("openssl_conf = openssl_init\n\n"
                "[openssl_init]\nproviders = provider_sect\n\n"
                "[provider_sect]\ndefault = default_sect\nlegacy = legacy_sect\n\n"
                "[default_sect]\nactivate = 1\n\n"
                "[legacy_sect]\nactivate = 1\n")
    return path


class HvsimServer:
    """`hvsim serve --listen 127.0.0.1:0 ARGS...` for the length of a `with` block.

    Start: waits (bounded by START_TIMEOUT_S) for "hvsim: listening on URL" on stdout or stderr
    and keeps URL in .url. Stop: SIGTERM, then requires exit status 0 within STOP_TIMEOUT_S
    (the process is killed and the test fails otherwise). The server's output goes to
    WORK/hvsim-serve.log and is printed when the test fails."""

    def __init__(self, hvsim, args, work, env=None, name="hvsim-serve"):
        self.cmd = [hvsim, "serve", "--listen", "127.0.0.1:0"] + [str(a) for a in args]
        self.work = work
        self.env = env
        self.log_path = os.path.join(work, name + ".log")
        self.url = None
        self.proc = None
        self._lines = []
        self._ready = threading.Event()
        self._reader = None

    def _read(self):
        with open(self.log_path, "w", encoding="utf-8", errors="replace") as log_file:
            for line in self.proc.stdout:
                log_file.write(line)
                log_file.flush()
                self._lines.append(line)
                if self.url is None:
                    m = _LISTENING.search(line)
                    if m:
                        self.url = m.group(1)
                        self._ready.set()
        self._ready.set()  # the process closed its output: stop waiting

    def output(self):
        return "".join(self._lines)

    def start(self):
        log("$", " ".join(self.cmd))
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, text=True, errors="replace",
                                     env=self.env, cwd=self.work)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self._ready.wait(START_TIMEOUT_S) or self.url is None:
            code = self.proc.poll()
            self._kill()
            raise PeerTestError("hvsim serve did not print 'listening on' within %ss (exit %s):\n%s"
                                % (START_TIMEOUT_S, code, self.output()))
        log("server at", self.url)
        return self

    def _kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)

    def stop(self):
        """SIGTERM; the server must exit 0 within STOP_TIMEOUT_S."""
        if self.proc is None:
            return
        if self.proc.poll() is not None:
            raise PeerTestError("hvsim serve exited early with status %d:\n%s"
                                % (self.proc.returncode, self.output()))
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._kill()
            raise PeerTestError("hvsim serve did not exit within %ss of SIGTERM:\n%s"
                                % (STOP_TIMEOUT_S, self.output()))
        if self._reader:
            self._reader.join(5)
        if code != 0:
            raise PeerTestError("hvsim serve exited with status %d after SIGTERM (0 required):\n%s"
                                % (code, self.output()))
        log("server stopped with exit status 0")

    def __enter__(self):
        return self.start()

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            # The test already failed: show what the server said, stop it without masking.
            self._kill()
            sys.stdout.write("---- hvsim serve output ----\n%s---- end ----\n" % self.output())
            return False
        self.stop()
        return False


def url_with_host(url, host):
    """`url` with its host replaced (e.g. 127.0.0.1 → localhost for Kerberos)."""
    return re.sub(r"^(https?://)[^/:]+", lambda m: m.group(1) + host, url)


def main_wrapper(body):
    """Runs body() and turns its outcome into an exit status with a last line ctest's log shows:
    0 and 'PASS' on success, 1 and the reason on failure."""
    try:
        body()
    except (PeerTestError, AssertionError) as e:
        print("FAIL:", e, flush=True)
        sys.exit(1)
    print("PASS", flush=True)
    sys.exit(0)
