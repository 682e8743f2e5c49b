#!/usr/bin/python3
"""Self-test of wire_check (the curl peer's shape checker): it must accept the real Windows
captures of fixtures/wire for what they are, and reject a wrong status, a wrong subcode (by
namespace, whatever the prefix), a missing element, an unknown placeholder. Run by ctest as
peer.testing.wire_check; standard library only."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_testing  # noqa: E402
import wire_check  # noqa: E402

WIRE = os.path.dirname(peer_testing.WIRE_REQUESTS)


def capture(*parts):
    with open(os.path.join(WIRE, *parts), "rb") as f:
        return f.read()


def run(expect, status, body, request=b"", variables=None):
    answer = wire_check.Answer(status, {"content-type": "application/soap+xml;charset=UTF-8"}, body)
    return wire_check.check(wire_check.parse_expect(expect), answer, request,
                            {} if variables is None else variables)


class RealCaptures(unittest.TestCase):
    def test_enumerate_response_with_items(self):
        failures = run("status 200\n"
                       "action http://schemas.xmlsoap.org/ws/2004/09/enumeration/EnumerateResponse\n"
                       "body-root n:EnumerateResponse\n"
                       "ns wp http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/Win32_Process\n"
                       "present n:EnumerateResponse/w:Items/wp:Win32_Process\n"
                       "nil n:EnumerateResponse/w:Items/wp:Win32_Process/wp:CommandLine\n"
                       "absent n:EnumerateResponse/w:EndOfSequence\n"
                       "capture CTX n:EnumerateResponse/n:EnumerationContext\n",
                       200, capture("winrb", "mock_enumerate_1.xml"))
        self.assertEqual(failures, [])

    def test_fault_matches_by_namespace(self):
        body = capture("winrb", "mock_wsman_fault.xml")
        self.assertEqual(run("status 500\nfault s:Sender n:CannotProcessFilter 2150858778\n", 500, body), [])
        # Another prefix for the same namespace is the same subcode.
        self.assertEqual(run("ns enum http://schemas.xmlsoap.org/ws/2004/09/enumeration\n"
                             "fault s:Sender enum:CannotProcessFilter\n", 500, body), [])

    def test_wrong_answers_are_reported(self):
        body = capture("winrb", "mock_wsman_fault.xml")
        self.assertEqual(len(run("status 200\n", 500, body)), 1)
        self.assertEqual(len(run("fault s:Sender w:InvalidSelectors\n", 500, body)), 1)
        self.assertEqual(len(run("fault s:Receiver n:CannotProcessFilter 1\n", 500, body)), 2)
        self.assertEqual(len(run("present n:EnumerateResponse\n", 500, body)), 1)
        # The prefix of a subcode means nothing by itself: "n" bound elsewhere is another name.
        rebound = body.replace(b'<s:Value>n:CannotProcessFilter</s:Value>',
                               b'<s:Value xmlns:n="urn:other">n:CannotProcessFilter</s:Value>')
        self.assertEqual(len(run("fault s:Sender n:CannotProcessFilter\n", 500, rebound)), 1)

    def test_invoke_output_order(self):
        body = capture("openwsman", "EnumKey.xml")
        ns = "ns r http://schemas.microsoft.com/wbem/wsman/1/wmi/root/default/StdRegProv\n"
        self.assertEqual(run(ns + "body-root r:EnumKey_OUTPUT\nlast-child r:EnumKey_OUTPUT r:ReturnValue\n"
                                  "text r:EnumKey_OUTPUT/r:ReturnValue 0\n", 200, body), [])
        self.assertEqual(len(run(ns + "last-child r:EnumKey_OUTPUT r:sNames\n", 200, body)), 1)

    def test_relates_to_and_placeholders(self):
        request = capture("requests", "02_get_vm.xml")
        answer = (b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
                  b'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"><s:Header>'
                  b'<a:RelatesTo>uuid:other</a:RelatesTo></s:Header><s:Body/></s:Envelope>')
        self.assertEqual(len(run("relates-to\nbody-empty\n", 200, answer, request)), 1)
        with self.assertRaises(KeyError):
            wire_check.substitute("{{NOT_CAPTURED}}", {}, "x")
        self.assertEqual(wire_check.substitute("{{{A}}.B}", {"A": "C"}, "x"), "{C.B}")

    def test_every_request_has_an_expect_file_that_parses(self):
        names = sorted(n for n in os.listdir(peer_testing.WIRE_REQUESTS) if n.endswith(".xml"))
        self.assertGreater(len(names), 10)
        for name in names:
            with open(os.path.join(peer_testing.WIRE_REQUESTS, name[:-4] + ".expect"),
                      encoding="utf-8") as f:
                directives = wire_check.parse_expect(f.read())
            kinds = {w[0] for _, w, _ in directives}
            self.assertIn("status", kinds, name)


if __name__ == "__main__":
    unittest.main(verbosity=2)
