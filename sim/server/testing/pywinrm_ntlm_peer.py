#!/usr/bin/python3
"""Test peer: the client half of pywinrm 0.3.0's NTLM transport with message encryption, driven
over stdin/stdout instead of HTTP, so that a C++ test can put the simulator's acceptor in front of
pywinrm's own code (Debian python3-winrm, python3-requests-ntlm, python3-ntlm-auth):

  * ntlm_auth.ntlm.Ntlm, used as requests_ntlm 1.1.0's HttpNtlmAuth uses it (NEGOTIATE, then
    AUTHENTICATE from the server's CHALLENGE, then its session_security for sealing);
  * winrm.encryption.Encryption('ntlm'): prepare_encrypted_request() builds each sealed request,
    parse_encrypted_response() opens each sealed answer.

Protocol, one line each, payloads in Base64:
  peer -> test   AUTH <Authorization header value>          ("Negotiate <NEGOTIATE message>")
  test -> peer   CHALLENGE <WWW-Authenticate header value>  ("Negotiate <CHALLENGE message>")
  peer -> test   AUTH <Authorization header value>          ("Negotiate <AUTHENTICATE message>")
  then for each message given on the command line:
  peer -> test   REQUEST <Content-Type> <body>
  test -> peer   RESPONSE <Content-Type> <body>
  peer -> test   PLAIN <the answer as parse_encrypted_response returned it>
  peer -> test   DONE
Usage: pywinrm_ntlm_peer.py DOMAIN\\USER PASSWORD MESSAGE...
Needs MD4 (OpenSSL 3's legacy provider): run it with OPENSSL_CONF naming a configuration that
activates the default and legacy providers. Not a server; nothing listens anywhere.
"""
import base64
import sys

import requests
from ntlm_auth.ntlm import Ntlm
from winrm.encryption import Encryption

ENDPOINT = "http://localhost:5985/wsman"


def b64(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.b64encode(data).decode()


def unb64(text):
    return base64.b64decode(text.encode(), validate=True)


def send(*words):
    sys.stdout.write(" ".join(words) + "\n")
    sys.stdout.flush()


def receive(expected):
    line = sys.stdin.readline()
    if not line:
        sys.exit("peer: the test closed the pipe")
    words = line.split()
    if not words or words[0] != expected:
        sys.exit("peer: expected %s, got %r" % (expected, line[:40]))
    return words[1:]


class Auth(object):
    """What Encryption reads from session.auth: requests_ntlm's session_security attribute."""
    session_security = None


class Session(object):
    auth = Auth()

    def __init__(self):
        self._requests = requests.Session()

    def prepare_request(self, request):
        return self._requests.prepare_request(request)


class Response(object):
    """What parse_encrypted_response reads of a requests.Response."""

    def __init__(self, content_type, content):
        self.headers = {"Content-Type": content_type}
        self.content = content
        self.text = content.decode("utf-8", "replace")

        class Request(object):
            url = ENDPOINT
        self.request = Request()


def main():
    login, password, messages = sys.argv[1], sys.argv[2], sys.argv[3:]
    # requests_ntlm: "DOMAIN\\user" split, domain upper-cased.
    domain, user = login.split("\\", 1) if "\\" in login else ("", login)
    domain = domain.upper()
    context = Ntlm()
    # requests_ntlm picks "NTLM" if the server offers it, else "Negotiate" (what hvsim offers).
    scheme = "Negotiate"
    send("AUTH", b64("%s %s" % (scheme, context.create_negotiate_message(domain).decode("ascii"))))
    (challenge_header,) = receive("CHALLENGE")
    header = unb64(challenge_header).decode()
    prefix = scheme + " "
    token = next(s for s in (v.lstrip() for v in header.split(",")) if s.startswith(prefix))
    context.parse_challenge_message(token[len(prefix):].strip())
    authenticate = context.create_authenticate_message(user, password, domain)
    send("AUTH", b64("%s %s" % (scheme, authenticate.decode("ascii"))))

    session = Session()
    session.auth.session_security = context.session_security
    encryption = Encryption(session, "ntlm")
    for message in messages:
        request = encryption.prepare_encrypted_request(session, ENDPOINT, message.encode("utf-8"))
        send("REQUEST", b64(request.headers["Content-Type"]), b64(request.body))
        content_type, body = receive("RESPONSE")
        plain = encryption.parse_encrypted_response(Response(unb64(content_type).decode(),
                                                             unb64(body)))
        send("PLAIN", b64(plain))
    send("DONE")


if __name__ == "__main__":
    main()
