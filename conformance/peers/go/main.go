// The peer scenario driven through Debian's Go github.com/masterzen/winrm
// (golang-github-masterzen-winrm-dev): its NTLM transport (winrm.ClientNTLM, which wraps Go's
// net/http in github.com/Azure/go-ntlmssp's Negotiator) posts each SOAP message with
// ClientNTLM.Post, over HTTPS (masterzen/winrm has no message encryption, so plain http with
// NTLM is what a real host refuses). The envelopes are built with masterzen's own XML DOM
// (github.com/masterzen/simplexml/dom) and soap namespaces, in the shape of its header builder
// (unprefixed mustUnderstand, MaxEnvelopeSize 153600, PT60S); soap.SoapHeader cannot write a
// SelectorSet other than ShellId, so the header is assembled here element by element and set as
// the message document's root. Answers are read by namespace with encoding/xml.
//
//	go run main.go --url https://127.0.0.1:PORT/wsman --user 'DOMAIN\user' --password P --ca-cert F
//
// Steps (conformance/peers/README.md): Identify; Enumerate Msvm_VirtualSystemCollection with WQL
// and Pull; Get a VM; DefineCollection and AddMember (REF parameters); CreateReferencePoint
// (ReferencePointType 2); each job polled with Get on its own ResourceURI, its result found with
// ASSOCIATORS OF {job} WHERE ResultClass = …; three faults. Exit status 0 when all answers are as
// expected.
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/masterzen/simplexml/dom"
	"github.com/masterzen/winrm"
	"github.com/masterzen/winrm/soap"
)

const (
	nsS     = "http://www.w3.org/2003/05/soap-envelope"
	nsA     = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
	nsW     = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
	nsN     = "http://schemas.xmlsoap.org/ws/2004/09/enumeration"
	nsWsmid = "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"
	v2      = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/"
	wql     = "http://schemas.microsoft.com/wbem/wsman/1/WQL"
	anon    = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
	actGet  = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get"
	actEnum = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/"
)

var (
	domNsEnum   = soap.DOM_NS_ENUM
	domNsWsmid  = dom.Namespace{Prefix: "wsmid", Uri: nsWsmid}
	jobDeadline = 60 * time.Second
	jobPoll     = 200 * time.Millisecond
)

// scenarioError is a wrong answer (as opposed to a transport failure).
type scenarioError struct{ msg string }

func (e scenarioError) Error() string { return e.msg }

func check(ok bool, format string, args ...interface{}) {
	if !ok {
		panic(scenarioError{fmt.Sprintf(format, args...)})
	}
}

func must(err error, what string) {
	if err != nil {
		panic(scenarioError{what + ": " + err.Error()})
	}
}

func step(text string) { fmt.Println("== " + text) }

// --- reading answers ------------------------------------------------------------------------

// node is an element of an answer: its name (namespace URI + local), attributes, children, text,
// and the prefixes in scope (for QName-valued text such as a fault's s:Value).
type node struct {
	name     xml.Name
	attrs    []xml.Attr
	children []*node
	text     string
	scope    map[string]string
}

func parseXML(text string) (*node, error) {
	dec := xml.NewDecoder(strings.NewReader(text))
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			scope := map[string]string{}
			if len(stack) > 0 {
				for k, v := range stack[len(stack)-1].scope {
					scope[k] = v
				}
			}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" {
					scope[a.Name.Local] = a.Value
				} else if a.Name.Space == "" && a.Name.Local == "xmlns" {
					scope[""] = a.Value
				}
			}
			n := &node{name: t.Name, attrs: t.Attr, scope: scope}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no document element")
	}
	return root, nil
}

func (n *node) child(space, local string) *node {
	if n == nil {
		return nil
	}
	for _, c := range n.children {
		if c.name.Space == space && c.name.Local == local {
			return c
		}
	}
	return nil
}

func (n *node) childText(space, local string) (string, bool) {
	c := n.child(space, local)
	if c == nil {
		return "", false
	}
	return strings.TrimSpace(c.text), true
}

func (n *node) attr(local string) string {
	for _, a := range n.attrs {
		if a.Name.Space == "" && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func (n *node) is(space, local string) bool { return n.name.Space == space && n.name.Local == local }

func (n *node) String() string { return "{" + n.name.Space + "}" + n.name.Local }

// qname resolves the QName written as n's text with the prefixes in scope at n.
func (n *node) qname() string {
	text := strings.TrimSpace(n.text)
	prefix, local := "", text
	if i := strings.Index(text, ":"); i >= 0 {
		prefix, local = text[:i], text[i+1:]
	}
	return "{" + n.scope[prefix] + "}" + local
}

// --- building messages with masterzen's DOM ---------------------------------------------------

func add(parent *dom.Element, name string, ns dom.Namespace, content string) *dom.Element {
	e := dom.CreateElement(name)
	parent.AddChild(e)
	ns.SetTo(e)
	if content != "" {
		var b bytes.Buffer
		xml.EscapeText(&b, []byte(content)) // simplexml writes content as is
		e.SetContent(b.String())
	}
	return e
}

func newUUID() string {
	b := make([]byte, 16)
	_, err := rand.Read(b)
	must(err, "random")
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return strings.ToUpper(fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:]))
}

type selector struct{ name, value string }

// message builds an envelope like masterzen's header builder does, plus a SelectorSet; fill
// writes the body.
func message(action, resourceURI string, selectors []selector, fill func(body *dom.Element)) *soap.SoapMessage {
	msg := soap.NewMessage()
	env := dom.CreateElement("Envelope")
	soap.AddUsualNamespaces(env)
	env.DeclareNamespace(domNsEnum)
	soap.DOM_NS_SOAP_ENV.SetTo(env)
	msg.Doc().SetRoot(env)
	header := add(env, "Header", soap.DOM_NS_SOAP_ENV, "")
	if action != "" {
		add(header, "To", soap.DOM_NS_ADDRESSING, "http://windows-host:5986/wsman")
		replyTo := add(header, "ReplyTo", soap.DOM_NS_ADDRESSING, "")
		add(replyTo, "Address", soap.DOM_NS_ADDRESSING, anon).SetAttr("mustUnderstand", "true")
		add(header, "MaxEnvelopeSize", soap.DOM_NS_WSMAN_DMTF, "153600").SetAttr("mustUnderstand", "true")
		add(header, "OperationTimeout", soap.DOM_NS_WSMAN_DMTF, "PT60S")
		add(header, "MessageID", soap.DOM_NS_ADDRESSING, "uuid:"+newUUID())
		add(header, "Locale", soap.DOM_NS_WSMAN_DMTF, "").SetAttr("mustUnderstand", "false").SetAttr("xml:lang", "en-US")
		add(header, "DataLocale", soap.DOM_NS_WSMAN_MSFT, "").SetAttr("mustUnderstand", "false").SetAttr("xml:lang", "en-US")
		add(header, "Action", soap.DOM_NS_ADDRESSING, action).SetAttr("mustUnderstand", "true")
		if len(selectors) > 0 {
			set := add(header, "SelectorSet", soap.DOM_NS_WSMAN_DMTF, "")
			for _, s := range selectors {
				add(set, "Selector", soap.DOM_NS_WSMAN_DMTF, s.value).SetAttr("Name", s.name)
			}
		}
		add(header, "ResourceURI", soap.DOM_NS_WSMAN_DMTF, resourceURI).SetAttr("mustUnderstand", "true")
	}
	body := add(env, "Body", soap.DOM_NS_SOAP_ENV, "")
	if fill != nil {
		fill(body)
	}
	return msg
}

// --- the client ---------------------------------------------------------------------------------

type wsmanFault struct {
	status                   int
	code, subcode, wsmanCode string
	reason                   string
}

func (f *wsmanFault) Error() string {
	return fmt.Sprintf("HTTP %d fault %s / %s (%s): %s", f.status, f.code, f.subcode, f.wsmanCode, f.reason)
}

type peer struct {
	client *winrm.Client
	ntlm   *winrm.ClientNTLM
}

// send posts msg with masterzen's NTLM transport; returns s:Body, or a *wsmanFault when the
// answer is a SOAP fault. masterzen's Post returns a soap+xml body with a nil error whatever the
// HTTP status (its deferred "http error" assignment does not reach the unnamed results), so a
// fault is recognised, as its callers must, by the s:Fault in the body; the status it hides.
func (p *peer) send(msg *soap.SoapMessage) (*node, error) {
	text, err := p.ntlm.Post(p.client, msg)
	if err != nil {
		return nil, err
	}
	root, perr := parseXML(text)
	check(perr == nil, "the answer is not well-formed XML: %v", perr)
	check(root.is(nsS, "Envelope"), "the answer is a %s, not a SOAP 1.2 envelope", root)
	body := root.child(nsS, "Body")
	check(body != nil, "no s:Body")
	fault := body.child(nsS, "Fault")
	if fault == nil {
		return body, nil
	}
	f := &wsmanFault{}
	code := fault.child(nsS, "Code")
	if v := code.child(nsS, "Value"); v != nil {
		f.code = v.qname()
	}
	if v := code.child(nsS, "Subcode").child(nsS, "Value"); v != nil {
		f.subcode = v.qname()
	}
	if d := fault.child(nsS, "Detail"); d != nil {
		for _, c := range d.children {
			if c.name.Local == "WSManFault" {
				f.wsmanCode = c.attr("Code")
			}
		}
	}
	f.reason, _ = fault.child(nsS, "Reason").childText(nsS, "Text")
	return nil, f
}

func (p *peer) mustSend(msg *soap.SoapMessage, what string) *node {
	body, err := p.send(msg)
	must(err, what)
	return body
}

func only(body *node, space, local string) *node {
	check(len(body.children) == 1 && body.children[0].is(space, local),
		"s:Body holds %d element(s) (first %v), expected {%s}%s", len(body.children), first(body), space, local)
	return body.children[0]
}

func first(n *node) string {
	if len(n.children) == 0 {
		return "none"
	}
	return n.children[0].String()
}

func (p *peer) identify() *node {
	msg := message("", "", nil, func(b *dom.Element) { add(b, "Identify", domNsWsmid, "") })
	return only(p.mustSend(msg, "Identify"), nsWsmid, "IdentifyResponse")
}

func (p *peer) get(resourceURI string, selectors []selector) *node {
	body := p.mustSend(message(actGet, resourceURI, selectors, nil), "Get "+resourceURI)
	class := resourceURI[strings.LastIndex(resourceURI, "/")+1:]
	return only(body, resourceURI, class)
}

func enumerateMessage(query string, maxElements int) *soap.SoapMessage {
	return message(actEnum+"Enumerate", v2+"*", nil, func(b *dom.Element) {
		e := add(b, "Enumerate", domNsEnum, "")
		if maxElements > 0 {
			add(e, "OptimizeEnumeration", soap.DOM_NS_WSMAN_DMTF, "")
			add(e, "MaxElements", soap.DOM_NS_WSMAN_DMTF, strconv.Itoa(maxElements))
		}
		add(e, "Filter", soap.DOM_NS_WSMAN_DMTF, query).SetAttr("Dialect", wql)
	})
}

// query runs WQL with Enumerate to the wildcard URI and Pulls (MaxElements 1) to the end.
func (p *peer) query(q string, maxElements int) (items []*node, pulls int) {
	response := only(p.mustSend(enumerateMessage(q, maxElements), "Enumerate "+q), nsN, "EnumerateResponse")
	inline := response.child(nsW, "Items")
	check(maxElements > 0 || inline == nil, "w:Items without OptimizeEnumeration")
	if inline != nil {
		items = append(items, inline.children...)
	}
	context, _ := response.childText(nsN, "EnumerationContext")
	ended := response.child(nsW, "EndOfSequence") != nil
	check(!(ended && context != ""), "w:EndOfSequence together with an n:EnumerationContext")
	for !ended {
		check(context != "", "neither an n:EnumerationContext nor the end of the sequence")
		pulls++
		check(pulls <= 100, "more than 100 Pulls")
		msg := message(actEnum+"Pull", v2+"*", nil, func(b *dom.Element) {
			pull := add(b, "Pull", domNsEnum, "")
			add(pull, "EnumerationContext", domNsEnum, context)
			add(pull, "MaxElements", domNsEnum, "1")
		})
		pr := only(p.mustSend(msg, "Pull"), nsN, "PullResponse")
		if got := pr.child(nsN, "Items"); got != nil {
			check(len(got.children) <= 1, "a Pull with MaxElements 1 returned %d items", len(got.children))
			items = append(items, got.children...)
		}
		context, _ = pr.childText(nsN, "EnumerationContext")
		ended = pr.child(nsN, "EndOfSequence") != nil
		check(!(ended && context != ""), "n:EndOfSequence together with an n:EnumerationContext")
	}
	return items, pulls
}

// param is one in-parameter: a string value, or a reference (class + keys).
type param struct {
	name  string
	value string
	class string
	keys  []selector
}

func (p *peer) invoke(class, method string, params []param) *node {
	uri := v2 + class
	msg := message(uri+"/"+method, uri, []selector{{"CreationClassName", class}}, func(b *dom.Element) {
		classNs := dom.Namespace{Prefix: "p", Uri: uri}
		input := add(b, method+"_INPUT", classNs, "")
		for _, prm := range params {
			if prm.class == "" {
				add(input, prm.name, classNs, prm.value)
				continue
			}
			ref := add(input, prm.name, classNs, "")
			add(ref, "Address", soap.DOM_NS_ADDRESSING, anon)
			rp := add(ref, "ReferenceParameters", soap.DOM_NS_ADDRESSING, "")
			add(rp, "ResourceURI", soap.DOM_NS_WSMAN_DMTF, v2+prm.class)
			set := add(rp, "SelectorSet", soap.DOM_NS_WSMAN_DMTF, "")
			for _, k := range prm.keys {
				add(set, "Selector", soap.DOM_NS_WSMAN_DMTF, k.value).SetAttr("Name", k.name)
			}
		}
	})
	output := only(p.mustSend(msg, method), uri, method+"_OUTPUT")
	n := len(output.children)
	check(n > 0 && output.children[n-1].is(uri, "ReturnValue"), "%s_OUTPUT does not end with ReturnValue", method)
	return output
}

type jobRef struct {
	class     string
	selectors []selector
}

func (p *peer) waitForJob(output *node, uri string) jobRef {
	job := output.child(uri, "Job")
	check(job != nil, "ReturnValue 4096 without a Job out-parameter")
	check(job.child(nsA, "EndpointReference") == nil, "the Job reference is wrapped in a:EndpointReference")
	address, _ := job.childText(nsA, "Address")
	check(address == anon, "the Job reference's a:Address is %q", address)
	params := job.child(nsA, "ReferenceParameters")
	check(params != nil, "the Job reference has no a:ReferenceParameters")
	resourceURI, _ := params.childText(nsW, "ResourceURI")
	var selectors []selector
	set := params.child(nsW, "SelectorSet")
	check(set != nil, "the Job reference has no w:SelectorSet")
	for _, s := range set.children {
		selectors = append(selectors, selector{s.attr("Name"), strings.TrimSpace(s.text)})
	}
	class := resourceURI[strings.LastIndex(resourceURI, "/")+1:]
	deadline := time.Now().Add(jobDeadline)
	for polls := 1; ; polls++ {
		instance := p.get(resourceURI, selectors)
		stateText, _ := instance.childText(resourceURI, "JobState")
		state, err := strconv.Atoi(stateText)
		check(err == nil, "JobState %q", stateText)
		if state == 7 || state == 8 || state == 9 || state == 10 || state >= 32768 {
			fmt.Printf("   job %s ended in JobState %d after %d polls\n", selectors[0].value, state, polls)
			code, _ := instance.childText(resourceURI, "ErrorCode")
			desc, _ := instance.childText(resourceURI, "ErrorDescription")
			check(state == 7, "the job ended in JobState %d (ErrorCode %s: %s)", state, code, desc)
			return jobRef{class, selectors}
		}
		check(time.Now().Before(deadline), "the job still runs (JobState %d) after %v", state, jobDeadline)
		time.Sleep(jobPoll)
	}
}

func (p *peer) expectFault(what string, msg *soap.SoapMessage, subcode string) {
	_, err := p.send(msg)
	check(err != nil, "%s: no fault (the request succeeded)", what)
	f, ok := err.(*wsmanFault)
	check(ok, "%s: not a SOAP fault: %v", what, err)
	check(f.code == "{"+nsS+"}Sender", "%s: fault code %s", what, f.code)
	check(f.subcode == subcode, "%s: fault subcode %s, expected %s", what, f.subcode, subcode)
	fmt.Printf("   %s → %s (%s)\n", what, subcode[strings.Index(subcode, "}")+1:], f.wsmanCode)
}

func wqlPath(class string, keys []selector) string {
	var parts []string
	for _, k := range keys {
		v := strings.ReplaceAll(strings.ReplaceAll(k.value, `\`, `\\`), `"`, `\"`)
		parts = append(parts, fmt.Sprintf(`%s="%s"`, k.name, v))
	}
	return class + "." + strings.Join(parts, ",")
}

func text(n *node, space, local string) string {
	t, _ := n.childText(space, local)
	return t
}

func run(p *peer) {
	step("Identify")
	id := p.identify()
	check(text(id, nsWsmid, "ProtocolVersion") == "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd",
		"ProtocolVersion %q", text(id, nsWsmid, "ProtocolVersion"))
	check(text(id, nsWsmid, "ProductVendor") != "", "no ProductVendor")
	fmt.Printf("   %s, %s\n", text(id, nsWsmid, "ProductVendor"), text(id, nsWsmid, "ProductVersion"))

	step("Enumerate Msvm_VirtualSystemCollection with WQL, then Pull")
	vsc := v2 + "Msvm_VirtualSystemCollection"
	groups, pulls := p.query("SELECT * FROM Msvm_VirtualSystemCollection", 0)
	check(pulls >= 1, "an Enumerate without OptimizeEnumeration must leave the items to Pull")
	var names []string
	for _, g := range groups {
		check(g.is(vsc, "Msvm_VirtualSystemCollection"), "a group item is %s", g)
		check(text(g, vsc, "CollectionID") != "", "a group without CollectionID")
		names = append(names, text(g, vsc, "ElementName"))
	}
	sort.Strings(names)
	fmt.Printf("   %d group(s) in %d Pulls: %s\n", len(groups), pulls, strings.Join(names, ", "))
	found := false
	for _, n := range names {
		found = found || n == "Finance"
	}
	check(found, "the inventory's VM group Finance is missing")

	step("Find the running VMs (WQL with OptimizeEnumeration), Get one")
	cs := v2 + "Msvm_ComputerSystem"
	vms, _ := p.query(`SELECT * FROM Msvm_ComputerSystem WHERE Caption = "Virtual Machine" AND EnabledState = 2`, 32000)
	check(len(vms) > 0, "no running VM")
	sort.Slice(vms, func(i, j int) bool { return text(vms[i], cs, "ElementName") < text(vms[j], cs, "ElementName") })
	vmName, vmElementName := text(vms[0], cs, "Name"), text(vms[0], cs, "ElementName")
	vmKeys := []selector{{"CreationClassName", "Msvm_ComputerSystem"}, {"Name", vmName}}
	vm := p.get(cs, vmKeys)
	check(text(vm, cs, "Name") == vmName && text(vm, cs, "ElementName") == vmElementName,
		"Get answered %s = %s", text(vm, cs, "ElementName"), text(vm, cs, "Name"))
	fmt.Printf("   %s = %s\n", vmElementName, vmName)

	step("DefineCollection (ReturnValue 4096, job), the group found through the job")
	cms := v2 + "Msvm_CollectionManagementService"
	groupID, groupName := newUUID(), "peer-go-masterzen-winrm"
	out := p.invoke("Msvm_CollectionManagementService", "DefineCollection",
		[]param{{name: "Name", value: groupName}, {name: "Id", value: groupID}, {name: "Type", value: "0"}})
	check(text(out, cms, "ReturnValue") == "4096", "DefineCollection ReturnValue %s", text(out, cms, "ReturnValue"))
	job := p.waitForJob(out, cms)
	made, _ := p.query(fmt.Sprintf("ASSOCIATORS OF {%s} WHERE ResultClass = Msvm_VirtualSystemCollection",
		wqlPath(job.class, job.selectors)), 32000)
	check(len(made) == 1 && text(made[0], vsc, "CollectionID") == groupID && text(made[0], vsc, "ElementName") == groupName,
		"the job's result is not the new group (%d items)", len(made))
	groupKeys := []selector{{"CollectionID", groupID}}

	step("AddMember (REF parameters Member and Collection)")
	out = p.invoke("Msvm_CollectionManagementService", "AddMember", []param{
		{name: "Member", class: "Msvm_ComputerSystem", keys: vmKeys},
		{name: "Collection", class: "Msvm_VirtualSystemCollection", keys: groupKeys}})
	check(text(out, cms, "ReturnValue") == "4096", "AddMember ReturnValue %s", text(out, cms, "ReturnValue"))
	p.waitForJob(out, cms)
	members, _ := p.query(fmt.Sprintf("ASSOCIATORS OF {%s} WHERE AssocClass = Msvm_CollectedVirtualSystems",
		wqlPath("Msvm_VirtualSystemCollection", groupKeys)), 32000)
	check(len(members) == 1 && text(members[0], cs, "Name") == vmName, "the group's members are not [%s]", vmName)

	step("CreateReferencePoint, ReferencePointType 2, found through its job")
	crps := v2 + "Msvm_CollectionReferencePointService"
	rpc := v2 + "Msvm_ReferencePointCollection"
	out = p.invoke("Msvm_CollectionReferencePointService", "CreateReferencePoint", []param{
		{name: "Collection", class: "Msvm_VirtualSystemCollection", keys: groupKeys},
		{name: "ReferencePointSettings", value: ""}, {name: "ReferencePointType", value: "2"}})
	check(text(out, crps, "ReturnValue") == "4096", "CreateReferencePoint ReturnValue %s", text(out, crps, "ReturnValue"))
	job = p.waitForJob(out, crps)
	points, _ := p.query(fmt.Sprintf("ASSOCIATORS OF {%s} WHERE ResultClass = Msvm_ReferencePointCollection",
		wqlPath(job.class, job.selectors)), 32000)
	check(len(points) == 1, "%d reference point collections from the job", len(points))
	check(points[0].is(rpc, "Msvm_ReferencePointCollection"), "the result is %s", points[0])
	check(text(points[0], rpc, "VirtualSystemCollectionId") == groupID, "the reference point is not of the new group")
	fmt.Printf("   reference point collection %s\n", text(points[0], rpc, "CollectionID"))

	step("Three faults")
	p.expectFault("Get with a bad selector", message(actGet, cs, []selector{{"Name", vmName}}, nil), "{"+nsW+"}InvalidSelectors")
	p.expectFault("Get of an unknown class", message(actGet, v2+"Msvm_NoSuchClass", []selector{{"InstanceID", "x"}}, nil),
		"{"+nsA+"}DestinationUnreachable")
	p.expectFault("bad WQL", enumerateMessage("SELECT * FROM Msvm_ComputerSystem WHERE", 32000), "{"+nsN+"}CannotProcessFilter")
}

func main() {
	rawURL := flag.String("url", "", "https://127.0.0.1:PORT/wsman")
	user := flag.String("user", "", `NTLM login, DOMAIN\user`)
	password := flag.String("password", "", "password")
	caCert := flag.String("ca-cert", "", "the server's certificate (PEM), trusted")
	flag.Parse()
	u, err := url.Parse(*rawURL)
	if err != nil || u.Scheme != "https" || *user == "" || *password == "" || *caCert == "" {
		fmt.Println("usage: --url https://HOST:PORT/wsman --user DOMAIN\\user --password P --ca-cert F")
		os.Exit(2)
	}
	port, _ := strconv.Atoi(u.Port())
	pem, err := os.ReadFile(*caCert)
	if err != nil {
		fmt.Println("FAIL:", err)
		os.Exit(1)
	}
	endpoint := winrm.NewEndpoint(u.Hostname(), port, true, false, pem, nil, nil, 30*time.Second)
	params := *winrm.DefaultParameters
	var ntlm *winrm.ClientNTLM
	params.TransportDecorator = func() winrm.Transporter {
		ntlm = &winrm.ClientNTLM{}
		return ntlm
	}
	client, err := winrm.NewClientWithParameters(endpoint, *user, *password, &params)
	if err != nil {
		fmt.Println("FAIL:", err)
		os.Exit(1)
	}
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(scenarioError); ok {
				fmt.Println("FAIL:", e.msg)
				os.Exit(1)
			}
			panic(r)
		}
	}()
	run(&peer{client: client, ntlm: ntlm})
	fmt.Println("scenario passed")
}
