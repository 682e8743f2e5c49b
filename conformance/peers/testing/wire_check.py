"""Namespace-aware checks of a WS-Management answer against an expected-shape file (NAME.expect
beside NAME.xml in fixtures/wire/requests; the format is described in that folder's README.md).

Everything is compared by namespace URI and local name, never by prefix: paths use the prefixes
declared below or with `ns`, and QName-valued text (a fault's s:Value) is resolved with the
namespace declarations in scope at that element of the answer. Standard library only.
"""

import io
import re
import xml.etree.ElementTree as ET

# Prefixes every expect file may use without declaring them (spec/wsman-wire.md "Namespaces").
STANDARD_NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "a": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "w": "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd",
    "n": "http://schemas.xmlsoap.org/ws/2004/09/enumeration",
    "x": "http://schemas.xmlsoap.org/ws/2004/09/transfer",
    "b": "http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd",
    "p": "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd",
    "f": "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault",
    "wsmid": "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd",
    "cim": "http://schemas.dmtf.org/wbem/wscim/1/common",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
V2 = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/"

_PLACEHOLDER = re.compile(r"\{\{([A-Za-z0-9_]+)\}\}")


class Document:
    """A parsed XML document that remembers the namespace declarations in scope at every
    element (ElementTree alone forgets prefixes, which QName-valued text needs)."""

    def __init__(self, data):
        self.scope = {}
        parser = ET.XMLPullParser(events=("start-ns", "start", "end"))
        pending = {}
        stack = [{"xml": "http://www.w3.org/XML/1998/namespace"}]
        parser.feed(data)
        parser.close()
        for event, item in parser.read_events():
            if event == "start-ns":
                prefix, uri = item
                pending[prefix] = uri
            elif event == "start":
                scope = dict(stack[-1])
                scope.update(pending)
                pending = {}
                stack.append(scope)
                self.scope[id(item)] = scope
                if len(stack) == 2:
                    self.document_element = item
            elif event == "end":
                stack.pop()
        self.root = self.document_element

    def resolve_qname(self, element, text):
        """The {uri}local form of the QName `text` as written at `element`."""
        text = (text or "").strip()
        prefix, _, local = text.rpartition(":")
        uri = self.scope.get(id(element), {}).get(prefix)
        if uri is None:
            return "{?%s}%s" % (prefix, local)
        return "{%s}%s" % (uri, local) if uri else local


def substitute(text, variables, where):
    """Replaces each {{NAME}} in `text` by variables[NAME]; an unknown name is an error."""

    def one(m):
        name = m.group(1)
        if name not in variables:
            raise KeyError("%s uses {{%s}}, which no earlier answer captured" % (where, name))
        return variables[name]

    return _PLACEHOLDER.sub(one, text)


def clark(name, ns):
    """'pfx:local' → '{uri}local' with the prefixes `ns`."""
    prefix, _, local = name.rpartition(":")
    if not prefix:
        return local
    if prefix not in ns:
        raise ValueError("undeclared prefix %r in %r" % (prefix, name))
    return "{%s}%s" % (ns[prefix], local)


def show(clark_name, ns):
    """'{uri}local' → 'pfx:local' for messages, when a prefix names uri."""
    m = re.match(r"\{([^}]*)\}(.*)", clark_name)
    if not m:
        return clark_name
    for prefix, uri in ns.items():
        if uri == m.group(1):
            return "%s:%s" % (prefix, m.group(2))
    return clark_name


def parse_expect(text):
    """The directives of an expect file: a list of (line number, words, rest-of-line)."""
    directives = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        words = stripped.split()
        rest = stripped[len(words[0]):].strip()
        directives.append((number, words, rest))
    return directives


def poll_rule(directives):
    """(path, accepted values, max tries, interval s) of the file's `poll` directive, or None."""
    for number, words, _ in directives:
        if words[0] == "poll":
            if len(words) != 5:
                raise ValueError("line %d: poll PATH VALUES MAX INTERVAL" % number)
            return words[1], set(words[2].split(",")), int(words[3]), float(words[4])
    return None


def request_message_id(request_bytes):
    """The a:MessageID of a request envelope, or None."""
    try:
        root = ET.fromstring(request_bytes)
    except ET.ParseError:
        return None
    node = root.find("./{%s}Header/{%s}MessageID" % (STANDARD_NS["s"], STANDARD_NS["a"]))
    return node.text.strip() if node is not None and node.text else None


class Answer:
    """An HTTP answer: status, headers (lower-case names) and body bytes."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.doc = None
        self.error = None
        if body:
            try:
                self.doc = Document(body)
            except ET.ParseError as e:
                self.error = "the body is not well-formed XML: %s" % e

    def body_element(self):
        if self.doc is None:
            return None
        return self.doc.root.find("{%s}Body" % STANDARD_NS["s"])

    def header_element(self):
        if self.doc is None:
            return None
        return self.doc.root.find("{%s}Header" % STANDARD_NS["s"])


def text_at(base, path, ns):
    node = base.find(path, ns) if base is not None else None
    if node is None:
        return None
    return (node.text or "").strip()


def check(directives, answer, request_bytes, variables):
    """Checks `answer` against the directives. Returns a list of failure messages (empty when
    the answer has the expected shape); fills `variables` from `capture` directives."""
    failures = []
    ns = dict(STANDARD_NS)

    def fail(number, message):
        failures.append("line %d: %s" % (number, message))

    # `ns` lines first, so that a declaration may follow its use.
    for number, words, _ in directives:
        if words[0] == "ns":
            if len(words) != 3:
                fail(number, "ns PREFIX URI")
            else:
                ns[words[1]] = words[2]

    needs_xml = any(w[0] not in ("ns", "status", "poll", "content-type") for _, w, _ in directives)
    if needs_xml and answer.doc is None:
        failures.append("the answer (HTTP %d) has no XML body to check: %s"
                        % (answer.status, answer.error or "empty body"))
        for number, words, _ in directives:
            if words[0] == "status" and int(words[1]) != answer.status:
                fail(number, "HTTP status %d, expected %s" % (answer.status, words[1]))
        return failures

    if answer.doc is not None and answer.doc.root.tag != "{%s}Envelope" % STANDARD_NS["s"]:
        failures.append("the document element is %s, not s:Envelope" % answer.doc.root.tag)
        return failures
    body = answer.body_element()
    header = answer.header_element()
    if needs_xml and body is None:
        failures.append("the envelope has no s:Body")
        return failures

    for number, words, rest in directives:
        kind = words[0]
        try:
            if kind in ("ns", "poll"):
                continue
            elif kind == "status":
                if answer.status != int(words[1]):
                    fail(number, "HTTP status %d, expected %s" % (answer.status, words[1]))
            elif kind == "content-type":
                got = answer.headers.get("content-type", "")
                if not got.lower().replace(" ", "").startswith(rest.lower().replace(" ", "")):
                    fail(number, "Content-Type %r, expected it to start with %r" % (got, rest))
            elif kind == "action":
                got = text_at(header, "a:Action", ns)
                if got != rest:
                    fail(number, "a:Action %r, expected %r" % (got, rest))
            elif kind == "relates-to":
                want = request_message_id(request_bytes)
                got = text_at(header, "a:RelatesTo", ns)
                if want is None:
                    fail(number, "relates-to: the request has no a:MessageID")
                elif got != want:
                    fail(number, "a:RelatesTo %r, expected the request's a:MessageID %r"
                         % (got, want))
            elif kind == "body-root":
                children = list(body)
                want = clark(words[1], ns)
                if not children:
                    fail(number, "s:Body is empty, expected %s" % words[1])
                elif children[0].tag != want or len(children) != 1:
                    fail(number, "s:Body holds %s, expected exactly one %s"
                         % (", ".join(show(c.tag, ns) for c in children), words[1]))
            elif kind == "body-empty":
                if len(body):
                    fail(number, "s:Body holds %s, expected nothing"
                         % ", ".join(show(c.tag, ns) for c in body))
            elif kind == "present":
                if body.find(words[1], ns) is None:
                    fail(number, "%s is missing" % words[1])
            elif kind == "absent":
                if body.find(words[1], ns) is not None:
                    fail(number, "%s is present, expected absent" % words[1])
            elif kind == "text":
                want = rest[len(words[1]):].strip()
                got = text_at(body, words[1], ns)
                if got != want:
                    fail(number, "%s is %r, expected %r" % (words[1], got, want))
            elif kind == "nonempty":
                got = text_at(body, words[1], ns)
                if not got:
                    fail(number, "%s is %s, expected text" % (words[1],
                                                              "missing" if got is None else "empty"))
            elif kind == "nil":
                node = body.find(words[1], ns)
                if node is None:
                    fail(number, "%s is missing" % words[1])
                elif node.get("{%s}nil" % ns["xsi"]) != "true" or len(node) or (node.text or "").strip():
                    fail(number, "%s is not an empty element with xsi:nil=\"true\"" % words[1])
            elif kind == "last-child":
                parent = body.find(words[1], ns)
                if parent is None:
                    fail(number, "%s is missing" % words[1])
                elif not len(parent) or parent[-1].tag != clark(words[2], ns):
                    fail(number, "the last child of %s is %s, expected %s"
                         % (words[1], show(parent[-1].tag, ns) if len(parent) else "(none)",
                            words[2]))
            elif kind == "count":
                got = len(body.findall(words[1], ns))
                if got != int(words[2]):
                    fail(number, "%d × %s, expected %s" % (got, words[1], words[2]))
            elif kind == "fault":
                fault = body.find("s:Fault", ns)
                if fault is None:
                    fail(number, "no s:Fault in s:Body")
                    continue
                code = fault.find("s:Code/s:Value", ns)
                sub = fault.find("s:Code/s:Subcode/s:Value", ns)
                got_code = answer.doc.resolve_qname(code, code.text) if code is not None else None
                got_sub = answer.doc.resolve_qname(sub, sub.text) if sub is not None else None
                if got_code != clark(words[1], ns):
                    fail(number, "fault code %s, expected %s"
                         % (show(got_code or "(none)", ns), words[1]))
                if len(words) > 2 and got_sub != clark(words[2], ns):
                    fail(number, "fault subcode %s, expected %s"
                         % (show(got_sub or "(none)", ns), words[2]))
                if len(words) > 3:
                    detail = fault.find("s:Detail/f:WSManFault", ns)
                    got_wsman = detail.get("Code") if detail is not None else None
                    if got_wsman != words[3]:
                        fail(number, "f:WSManFault Code %s, expected %s" % (got_wsman, words[3]))
                reason = text_at(fault, "s:Reason/s:Text", ns)
                if not reason:
                    fail(number, "the fault has no s:Reason/s:Text")
            elif kind == "capture":
                got = text_at(body, words[2], ns)
                if not got:
                    fail(number, "cannot capture %s: %s is missing or empty" % (words[1], words[2]))
                else:
                    variables[words[1]] = got
            elif kind == "capture-class":
                got = text_at(body, words[2], ns)
                if not got or "/" not in got:
                    fail(number, "cannot capture %s: %s is not a ResourceURI" % (words[1], words[2]))
                else:
                    variables[words[1]] = got.rsplit("/", 1)[1]
            else:
                fail(number, "unknown directive %r" % kind)
        except (ValueError, IndexError, SyntaxError, KeyError) as e:
            fail(number, "cannot apply %r: %s" % (" ".join(words), e))
    return failures
