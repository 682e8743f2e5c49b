#!/usr/bin/python3
"""The peer scenario, driven through Debian's python3-winrm 0.3.0: every envelope is built with
pywinrm's own header (Protocol._get_soap_header: `env:` prefix, unprefixed mustUnderstand, a:To
hard-coded to http://windows-host:5985/wsman, MaxEnvelopeSize 153600) and posted with
Protocol.send_message, which is how pywinrm users reach WMI.

  scenario.py --url URL --transport ssl --ca-cert CERT        Basic over HTTPS
  scenario.py --url URL --transport ntlm                      NTLM, message_encryption='always'

The steps (conformance/peers/README.md): Identify; Enumerate Msvm_VirtualSystemCollection with
WQL and Pull; Get a VM; DefineCollection and AddMember (REF parameters); CreateReferencePoint
(ReferencePointType 2); each job polled with Get on its own ResourceURI until it ends, its result
found with ASSOCIATORS OF {job} WHERE ResultClass = …; three faults. The server runs the
async-jobs profile on the small inventory. Exits 0 when every step gave the expected answer.
"""

import argparse
import os
import sys
import time
import traceback
import uuid
import xml.etree.ElementTree as ET

import xmltodict
from winrm.exceptions import WinRMError
from winrm.protocol import Protocol

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testing"))
import wire_check  # noqa: E402

NS = wire_check.STANDARD_NS
V2 = wire_check.V2
WILDCARD = V2 + "*"
WQL = "http://schemas.microsoft.com/wbem/wsman/1/WQL"
ANONYMOUS = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
GET = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get"
ENUMERATION = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/"
JOB_DEADLINE_S = 60
JOB_POLL_S = 0.2


def step(text):
    print("== " + text, flush=True)


def q(ns_uri, local):
    return "{%s}%s" % (ns_uri, local)


def child_text(element, ns_uri, local):
    node = element.find(q(ns_uri, local))
    return None if node is None else (node.text or "").strip()


class Peer:
    def __init__(self, protocol):
        self.protocol = protocol

    # --- messages, built the pywinrm way -------------------------------------------------
    def envelope(self, action, resource_uri, body, selectors=None):
        header = self.protocol._get_soap_header(action=action, resource_uri=resource_uri)
        if selectors:
            header["env:Header"]["w:SelectorSet"] = {
                "w:Selector": [{"@Name": k, "#text": v} for k, v in selectors]}
        header["env:Body"] = body
        return xmltodict.unparse({"env:Envelope": header})

    def send(self, message):
        """The answer's s:Body element; a fault raises WinRMError (pywinrm's own fault path)."""
        answer = self.protocol.send_message(message)
        doc = wire_check.Document(answer)
        if doc.root.tag != q(NS["s"], "Envelope"):
            raise AssertionError("the answer is not a SOAP envelope: %r" % answer[:200])
        body = doc.root.find(q(NS["s"], "Body"))
        if body is None:
            raise AssertionError("the answer has no s:Body")
        return body

    def only_child(self, body, ns_uri, local):
        children = list(body)
        if len(children) != 1 or children[0].tag != q(ns_uri, local):
            raise AssertionError("s:Body holds %s, expected one {%s}%s"
                                 % ([c.tag for c in children], ns_uri, local))
        return children[0]

    # --- operations --------------------------------------------------------------------------
    def identify(self):
        message = ('<s:Envelope xmlns:s="%s" xmlns:wsmid="%s"><s:Header/>'
                   "<s:Body><wsmid:Identify/></s:Body></s:Envelope>" % (NS["s"], NS["wsmid"]))
        body = self.send(message)
        return self.only_child(body, NS["wsmid"], "IdentifyResponse")

    def get(self, resource_uri, selectors):
        body = self.send(self.envelope(GET, resource_uri, None, selectors))
        children = list(body)
        if len(children) != 1:
            raise AssertionError("Get answered %d body elements" % len(children))
        return children[0]

    def enumerate_wql(self, wql, optimize=None, resource_uri=WILDCARD):
        """Enumerate (+ optional OptimizeEnumeration/MaxElements) and Pull until the end, one
        item per Pull. Returns (items, number of Pulls)."""
        enum = {}
        if optimize is not None:
            enum["w:OptimizeEnumeration"] = None
            enum["w:MaxElements"] = str(optimize)
        enum["w:Filter"] = {"@Dialect": WQL, "#text": wql}
        body = self.send(self.envelope(ENUMERATION + "Enumerate", resource_uri,
                                       {"n:Enumerate": enum}))
        response = self.only_child(body, NS["n"], "EnumerateResponse")
        items = []
        inline = response.find(q(NS["w"], "Items"))
        if inline is not None:
            items.extend(list(inline))
        if optimize is None and inline is not None:
            raise AssertionError("w:Items in an EnumerateResponse without OptimizeEnumeration")
        context = child_text(response, NS["n"], "EnumerationContext")
        ended = response.find(q(NS["w"], "EndOfSequence")) is not None
        if ended and context:
            raise AssertionError("w:EndOfSequence together with an n:EnumerationContext")
        pulls = 0
        while not ended:
            if not context:
                raise AssertionError("neither an n:EnumerationContext nor the end of the sequence")
            pulls += 1
            if pulls > 100:
                raise AssertionError("more than 100 Pulls")
            body = self.send(self.envelope(
                ENUMERATION + "Pull", resource_uri,
                {"n:Pull": {"n:EnumerationContext": context, "n:MaxElements": "1"}}))
            response = self.only_child(body, NS["n"], "PullResponse")
            pulled = response.find(q(NS["n"], "Items"))
            got = list(pulled) if pulled is not None else []
            if len(got) > 1:
                raise AssertionError("a Pull with MaxElements 1 returned %d items" % len(got))
            items.extend(got)
            context = child_text(response, NS["n"], "EnumerationContext")
            ended = response.find(q(NS["n"], "EndOfSequence")) is not None
            if ended and context:
                raise AssertionError("n:EndOfSequence together with an n:EnumerationContext")
        return items, pulls

    def invoke(self, class_name, method, params):
        """Invoke on the class's singleton service (CreationClassName selector, as real hosts
        require); params are (name, value) with value a string or an EPR dict. Returns the
        <Method>_OUTPUT element after checking that ReturnValue comes last."""
        uri = V2 + class_name
        body = {"p:%s_INPUT" % method: dict([("@xmlns:p", uri)] +
                                            [("p:" + k, v) for k, v in params])}
        answer = self.send(self.envelope(uri + "/" + method, uri, body,
                                         [("CreationClassName", class_name)]))
        output = self.only_child(answer, uri, method + "_OUTPUT")
        if not len(output) or output[-1].tag != q(uri, "ReturnValue"):
            raise AssertionError("%s_OUTPUT does not end with ReturnValue: %s"
                                 % (method, [c.tag for c in output]))
        return output

    def wait_for_job(self, output, uri):
        """Polls the Job reference of an Invoke answer with Get on the reference's own
        ResourceURI until the job ends; returns (job instance, job class, selectors)."""
        job = output.find(q(uri, "Job"))
        if job is None:
            raise AssertionError("ReturnValue 4096 without a Job out-parameter")
        if job.find(q(NS["a"], "EndpointReference")) is not None:
            raise AssertionError("the Job reference is wrapped in a:EndpointReference")
        if child_text(job, NS["a"], "Address") != ANONYMOUS:
            raise AssertionError("the Job reference has no anonymous a:Address")
        params = job.find(q(NS["a"], "ReferenceParameters"))
        resource_uri = child_text(params, NS["w"], "ResourceURI")
        selectors = [(s.get("Name"), (s.text or "").strip())
                     for s in params.find(q(NS["w"], "SelectorSet"))]
        job_class = resource_uri.rsplit("/", 1)[1]
        deadline = time.monotonic() + JOB_DEADLINE_S
        polls = 0
        while True:
            polls += 1
            instance = self.get(resource_uri, selectors)
            if instance.tag != q(resource_uri, job_class):
                raise AssertionError("Get of the job answered %s" % instance.tag)
            state = int(child_text(instance, resource_uri, "JobState"))
            if state in (7, 8, 9, 10) or state >= 32768:
                print("   job %s ended in JobState %d after %d polls"
                      % (dict(selectors).get("InstanceID"), state, polls), flush=True)
                if state != 7:
                    raise AssertionError("the job ended in JobState %d (ErrorCode %s: %s)"
                                         % (state, child_text(instance, resource_uri, "ErrorCode"),
                                            child_text(instance, resource_uri, "ErrorDescription")))
                return instance, job_class, selectors
            if time.monotonic() > deadline:
                raise AssertionError("the job still runs (JobState %d) after %ds"
                                     % (state, JOB_DEADLINE_S))
            time.sleep(JOB_POLL_S)

    def expect_fault(self, what, message, subcode):
        """Sends `message`; pywinrm must report a SOAP fault (HTTP 500) whose subcode is
        `subcode` ('pfx:Local' with the standard prefixes), resolved by namespace."""
        try:
            self.protocol.send_message(message)
        except WinRMError as e:
            transport = e.__context__
            text = getattr(transport, "response_text", None)
            code = getattr(transport, "code", None)
            if text is None:
                raise AssertionError("%s: WinRMError without a fault body: %s" % (what, e))
            if code != 500:
                raise AssertionError("%s: HTTP %s, expected 500" % (what, code))
            doc = wire_check.Document(text.encode("utf-8") if isinstance(text, str) else text)
            fault = doc.root.find("%s/%s" % (q(NS["s"], "Body"), q(NS["s"], "Fault")))
            if fault is None:
                raise AssertionError("%s: no s:Fault in the answer" % what)
            value = fault.find("%s/%s/%s" % (q(NS["s"], "Code"), q(NS["s"], "Subcode"),
                                             q(NS["s"], "Value")))
            got = doc.resolve_qname(value, value.text) if value is not None else None
            if got != wire_check.clark(subcode, NS):
                raise AssertionError("%s: fault subcode %s, expected %s" % (what, got, subcode))
            print("   %s → %s (%s)" % (what, subcode, str(e).split(" (extended")[0]), flush=True)
            return
        raise AssertionError("%s: no fault (the request succeeded)" % what)


def epr(class_name, keys):
    return {"a:Address": ANONYMOUS,
            "a:ReferenceParameters": {
                "w:ResourceURI": V2 + class_name,
                "w:SelectorSet": {"w:Selector": [{"@Name": k, "#text": v} for k, v in keys]}}}


def wql_path(class_name, keys):
    def quote(v):
        return '"%s"' % v.replace("\\", "\\\\").replace('"', '\\"')
    return "%s.%s" % (class_name, ",".join("%s=%s" % (k, quote(v)) for k, v in keys))


def run(peer, label):
    step("Identify")
    identify = peer.identify()
    version = child_text(identify, NS["wsmid"], "ProtocolVersion")
    assert version == "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd", version
    assert child_text(identify, NS["wsmid"], "ProductVendor"), "no ProductVendor"
    print("   %s, %s" % (child_text(identify, NS["wsmid"], "ProductVendor"),
                        child_text(identify, NS["wsmid"], "ProductVersion")), flush=True)

    step("Enumerate Msvm_VirtualSystemCollection with WQL, then Pull")
    vsc = V2 + "Msvm_VirtualSystemCollection"
    groups, pulls = peer.enumerate_wql("SELECT * FROM Msvm_VirtualSystemCollection")
    assert pulls >= 1, "an Enumerate without OptimizeEnumeration must leave the items to Pull"
    for g in groups:
        assert g.tag == q(vsc, "Msvm_VirtualSystemCollection"), g.tag
        assert child_text(g, vsc, "CollectionID"), "a group without CollectionID"
    names = sorted(child_text(g, vsc, "ElementName") for g in groups)
    print("   %d group(s) in %d Pulls: %s" % (len(groups), pulls, ", ".join(names)), flush=True)
    assert "Finance" in names, "the inventory's VM group Finance is missing"

    step("Find the running VMs (WQL with OptimizeEnumeration), Get one")
    cs = V2 + "Msvm_ComputerSystem"
    vms, _ = peer.enumerate_wql('SELECT * FROM Msvm_ComputerSystem WHERE Caption = "Virtual Machine"'
                                " AND EnabledState = 2", optimize=32000)
    assert vms, "no running VM"
    vms.sort(key=lambda v: child_text(v, cs, "ElementName"))
    vm_name = child_text(vms[0], cs, "Name")
    vm_element_name = child_text(vms[0], cs, "ElementName")
    vm = peer.get(cs, [("CreationClassName", "Msvm_ComputerSystem"), ("Name", vm_name)])
    assert vm.tag == q(cs, "Msvm_ComputerSystem"), vm.tag
    assert child_text(vm, cs, "Name") == vm_name
    assert child_text(vm, cs, "ElementName") == vm_element_name
    print("   %s = %s" % (vm_element_name, vm_name), flush=True)
    vm_keys = [("CreationClassName", "Msvm_ComputerSystem"), ("Name", vm_name)]

    step("DefineCollection (ReturnValue 4096, job), the group found through the job")
    cms = V2 + "Msvm_CollectionManagementService"
    group_id = str(uuid.uuid4()).upper()
    group_name = "peer-python-winrm-" + label
    out = peer.invoke("Msvm_CollectionManagementService", "DefineCollection",
                      [("Name", group_name), ("Id", group_id), ("Type", "0")])
    assert child_text(out, cms, "ReturnValue") == "4096", child_text(out, cms, "ReturnValue")
    _, job_class, job_keys = peer.wait_for_job(out, cms)
    made, _ = peer.enumerate_wql("ASSOCIATORS OF {%s} WHERE ResultClass = Msvm_VirtualSystemCollection"
                                 % wql_path(job_class, job_keys), optimize=32000)
    assert [child_text(m, vsc, "CollectionID") for m in made] == [group_id], \
        "the job's result is not the new group: %s" % [ET.tostring(m)[:200] for m in made]
    assert child_text(made[0], vsc, "ElementName") == group_name
    group_keys = [("CollectionID", group_id)]

    step("AddMember (REF parameters Member and Collection)")
    out = peer.invoke("Msvm_CollectionManagementService", "AddMember",
                      [("Member", epr("Msvm_ComputerSystem", vm_keys)),
                       ("Collection", epr("Msvm_VirtualSystemCollection", group_keys))])
    assert child_text(out, cms, "ReturnValue") == "4096", child_text(out, cms, "ReturnValue")
    peer.wait_for_job(out, cms)
    members, _ = peer.enumerate_wql(
        "ASSOCIATORS OF {%s} WHERE AssocClass = Msvm_CollectedVirtualSystems"
        % wql_path("Msvm_VirtualSystemCollection", group_keys), optimize=32000)
    assert [child_text(m, cs, "Name") for m in members] == [vm_name], \
        "the group's members are not [%s]" % vm_name

    step("CreateReferencePoint, ReferencePointType 2, found through its job")
    crps = V2 + "Msvm_CollectionReferencePointService"
    rpc = V2 + "Msvm_ReferencePointCollection"
    out = peer.invoke("Msvm_CollectionReferencePointService", "CreateReferencePoint",
                      [("Collection", epr("Msvm_VirtualSystemCollection", group_keys)),
                       ("ReferencePointSettings", ""), ("ReferencePointType", "2")])
    assert child_text(out, crps, "ReturnValue") == "4096", child_text(out, crps, "ReturnValue")
    _, job_class, job_keys = peer.wait_for_job(out, crps)
    points, _ = peer.enumerate_wql(
        "ASSOCIATORS OF {%s} WHERE ResultClass = Msvm_ReferencePointCollection"
        % wql_path(job_class, job_keys), optimize=32000)
    assert len(points) == 1, "%d reference point collections from the job" % len(points)
    assert points[0].tag == q(rpc, "Msvm_ReferencePointCollection"), points[0].tag
    assert child_text(points[0], rpc, "VirtualSystemCollectionId") == group_id
    print("   reference point collection %s" % child_text(points[0], rpc, "CollectionID"),
          flush=True)

    step("Three faults")
    peer.expect_fault("Get with a bad selector",
                      peer.envelope(GET, cs, None, [("Name", vm_name)]), "w:InvalidSelectors")
    peer.expect_fault("Get of an unknown class",
                      peer.envelope(GET, V2 + "Msvm_NoSuchClass", None, [("InstanceID", "x")]),
                      "a:DestinationUnreachable")
    peer.expect_fault("bad WQL",
                      peer.envelope(ENUMERATION + "Enumerate", WILDCARD, {"n:Enumerate": {
                          "w:Filter": {"@Dialect": WQL, "#text": "SELECT * FROM Msvm_ComputerSystem WHERE"}}}),
                      "n:CannotProcessFilter")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--transport", choices=("ssl", "ntlm"), required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--ca-cert")
    args = parser.parse_args()
    if args.transport == "ssl":
        protocol = Protocol(args.url, transport="ssl", username=args.username,
                            password=args.password, server_cert_validation="validate",
                            ca_trust_path=args.ca_cert, message_encryption="never")
    else:
        protocol = Protocol(args.url, transport="ntlm", username=args.username,
                            password=args.password, message_encryption="always")
    try:
        run(Peer(protocol), args.transport)
    except Exception as e:  # noqa: BLE001 - any error of the peer fails the scenario
        traceback.print_exc()
        print("FAIL: %s: %s" % (type(e).__name__, e), flush=True)
        sys.exit(1)
    print("scenario passed", flush=True)


if __name__ == "__main__":
    main()
