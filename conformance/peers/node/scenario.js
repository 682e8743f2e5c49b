#!/usr/bin/node
// The peer scenario driven through npm @device-management-toolkit/wsman-messages (a message
// builder) and node's own https module (one keep-alive connection, Basic over HTTPS). Answers are
// read by namespace with @xmldom/xmldom.
//
//   node scenario.js --url URL --user U --password P --ca-cert CERT
//
// What the library builds: every header (createHeader: unprefixed default SOAP namespace, numeric
// a:MessageID, a:To "/wsman", no MaxEnvelopeSize, no mustUnderstand), the Get and Pull bodies
// (createCommonBody) and the Invoke bodies with REF parameters (createBody: a:Address +
// a:ReferenceParameters, no wrapper). What it cannot build is written here in its style: the
// Identify body, the Enumerate body with a WQL w:Filter (its Enumerate has no filter) and a header
// SelectorSet with two selectors (its createSelector writes one key; the two <w:Selector> elements
// it makes are put into one set).
//
// Steps (conformance/peers/README.md): Identify; Enumerate Msvm_VirtualSystemCollection with WQL
// and Pull; Get a VM; DefineCollection and AddMember (REF parameters); CreateReferencePoint
// (ReferencePointType 2); each job polled with Get on its own ResourceURI, its result found with
// ASSOCIATORS OF {job} WHERE ResultClass = …; three faults. Exit status 0 when all answers are as
// expected.
'use strict';

const fs = require('fs');
const https = require('https');
const { randomUUID } = require('crypto');
const { WSManMessageCreator, BaseActions } = require('@device-management-toolkit/wsman-messages/WSMan');
const { DOMParser } = require('@xmldom/xmldom');

const NS = {
  s: 'http://www.w3.org/2003/05/soap-envelope',
  a: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  w: 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
  n: 'http://schemas.xmlsoap.org/ws/2004/09/enumeration',
  wsmid: 'http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd',
};
const V2 = 'http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/';
const WQL = 'http://schemas.microsoft.com/wbem/wsman/1/WQL';
const ENUMERATE_RESPONSE = 'http://schemas.xmlsoap.org/ws/2004/09/enumeration/EnumerateResponse';
const JOB_DEADLINE_MS = 60000;
const JOB_POLL_MS = 200;
const REQUEST_TIMEOUT_MS = 30000;

class ScenarioError extends Error {}
function check(condition, message) {
  if (!condition) throw new ScenarioError(message);
}
function step(text) {
  console.log('== ' + text);
}
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
function escapeXml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// --- reading answers, by namespace -----------------------------------------------------------
function elementChildren(node) {
  const out = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c);
  return out;
}
function child(node, ns, local) {
  return elementChildren(node).find((c) => c.namespaceURI === ns && c.localName === local) || null;
}
function childText(node, ns, local) {
  const c = child(node, ns, local);
  return c === null ? null : c.textContent.trim();
}
function describe(element) {
  return `{${element.namespaceURI}}${element.localName}`;
}

function parseAnswer(status, text) {
  const errors = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } })
    .parseFromString(text, 'text/xml');
  check(errors.length === 0, `HTTP ${status}: the answer is not well-formed XML: ${errors.join('; ')}`);
  const envelope = doc.documentElement;
  check(envelope && envelope.namespaceURI === NS.s && envelope.localName === 'Envelope',
    `HTTP ${status}: the answer is not a SOAP 1.2 envelope`);
  const body = child(envelope, NS.s, 'Body');
  check(body !== null, `HTTP ${status}: the answer has no s:Body`);
  return { envelope, header: child(envelope, NS.s, 'Header'), body };
}

// A fault answer, turned into an error the scenario can inspect.
class WsmanFault extends Error {
  constructor(status, code, subcode, wsmanCode, reason) {
    super(`HTTP ${status} fault ${code} / ${subcode} (${wsmanCode}): ${reason}`);
    this.status = status;
    this.code = code;
    this.subcode = subcode;
    this.wsmanCode = wsmanCode;
  }
}

// The {namespace}local of a QName written as the text of `element` (prefix resolved there).
function resolveQName(element) {
  const text = element.textContent.trim();
  const colon = text.indexOf(':');
  const prefix = colon < 0 ? null : text.slice(0, colon);
  const local = colon < 0 ? text : text.slice(colon + 1);
  return `{${element.lookupNamespaceURI(prefix)}}${local}`;
}

// --- the client ----------------------------------------------------------------------------------
class Peer {
  constructor(url, user, password, ca) {
    this.url = new URL(url);
    this.authorization = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca });
    this.creator = new WSManMessageCreator(V2);
  }

  post(xml) {
    const payload = Buffer.from(xml, 'utf8');
    return new Promise((resolve, reject) => {
      const req = https.request({
        hostname: this.url.hostname, port: this.url.port, path: this.url.pathname, method: 'POST',
        agent: this.agent, timeout: REQUEST_TIMEOUT_MS,
        headers: {
          'Content-Type': 'application/soap+xml;charset=UTF-8',
          'Content-Length': payload.length,
          Authorization: this.authorization,
        },
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new ScenarioError('no answer within 30 s')));
      req.on('error', reject);
      req.end(payload);
    });
  }

  // Posts `xml`; returns the parsed answer of a 200, throws WsmanFault for a SOAP fault (HTTP 500).
  async send(xml) {
    const { status, headers, text } = await this.post(xml);
    check(status === 200 || status === 500, `HTTP ${status}: ${text.slice(0, 300)}`);
    check(/^application\/soap\+xml/i.test(headers['content-type'] || ''),
      `HTTP ${status} with Content-Type ${headers['content-type']}`);
    const answer = parseAnswer(status, text);
    const fault = child(answer.body, NS.s, 'Fault');
    if (status === 500) {
      check(fault !== null, 'HTTP 500 without an s:Fault');
      const code = child(child(fault, NS.s, 'Code'), NS.s, 'Value');
      const subcode = child(child(child(fault, NS.s, 'Code'), NS.s, 'Subcode') || fault, NS.s, 'Value');
      const detail = child(fault, NS.s, 'Detail');
      const wsmanFault = detail && elementChildren(detail).find((e) => e.localName === 'WSManFault');
      const reason = child(child(fault, NS.s, 'Reason'), NS.s, 'Text');
      throw new WsmanFault(status, code && resolveQName(code), subcode && resolveQName(subcode),
        wsmanFault ? wsmanFault.getAttribute('Code') : null, reason ? reason.textContent.trim() : '');
    }
    check(fault === null, 'an s:Fault on HTTP 200');
    return answer;
  }

  only(answer, ns, local) {
    const kids = elementChildren(answer.body);
    check(kids.length === 1 && kids[0].namespaceURI === ns && kids[0].localName === local,
      `s:Body holds ${kids.map(describe).join(', ')}, expected {${ns}}${local}`);
    return kids[0];
  }

  // A header SelectorSet of several keys, made of the library's own <w:Selector> elements.
  headerWithSelectors(creator, action, className, selectors) {
    if (selectors.length === 1) {
      return creator.createHeader(action, className, { name: selectors[0][0], value: escapeXml(selectors[0][1]) });
    }
    const header = creator.createHeader(action, className, null);
    const inner = selectors.map(([name, value]) => creator.createSelector({ name, value: escapeXml(value) })
      .replace('<w:SelectorSet>', '').replace('</w:SelectorSet>', '')).join('');
    return header.replace('</Header>', `<w:SelectorSet>${inner}</w:SelectorSet></Header>`);
  }

  async identify() {
    const xml = this.creator.xmlCommonPrefix + '<Header></Header>' +
      `<Body><Identify xmlns="${NS.wsmid}"></Identify></Body>` + this.creator.xmlCommonEnd;
    return this.only(await this.send(xml), NS.wsmid, 'IdentifyResponse');
  }

  // Get on any ResourceURI (a job's may name another class, e.g. Msvm_StorageJob).
  async get(resourceUri, selectors) {
    const base = resourceUri.slice(0, resourceUri.lastIndexOf('/') + 1);
    const className = resourceUri.slice(base.length);
    const creator = base === V2 ? this.creator : new WSManMessageCreator(base);
    const header = this.headerWithSelectors(creator, BaseActions.GET, className, selectors);
    const answer = await this.send(creator.createXml(header, creator.createCommonBody.Get()));
    return this.only(answer, resourceUri, className);
  }

  enumerateXml(className, wql, maxElements) {
    const header = this.creator.createHeader(BaseActions.ENUMERATE, className);
    const optimize = maxElements ? `<w:OptimizeEnumeration></w:OptimizeEnumeration><w:MaxElements>${maxElements}</w:MaxElements>` : '';
    const body = `<Body><Enumerate xmlns="${NS.n}">${optimize}` +
      `<w:Filter Dialect="${WQL}">${escapeXml(wql)}</w:Filter></Enumerate></Body>`;
    return this.creator.createXml(header, body);
  }

  // Enumerate with WQL to the wildcard URI, then Pull (the library's Pull, MaxElements 1) until
  // the end. Returns { items, pulls }.
  async query(wql, maxElements) {
    const answer = await this.send(this.enumerateXml('*', wql, maxElements));
    const action = answer.header && childText(answer.header, NS.a, 'Action');
    check(action === ENUMERATE_RESPONSE, `EnumerateResponse with a:Action ${action}`);
    const response = this.only(answer, NS.n, 'EnumerateResponse');
    const items = [];
    const inline = child(response, NS.w, 'Items');
    check(maxElements || inline === null, 'w:Items without OptimizeEnumeration');
    if (inline) items.push(...elementChildren(inline));
    let context = childText(response, NS.n, 'EnumerationContext');
    let ended = child(response, NS.w, 'EndOfSequence') !== null;
    check(!(ended && context), 'w:EndOfSequence together with an n:EnumerationContext');
    let pulls = 0;
    while (!ended) {
      check(context, 'neither an n:EnumerationContext nor the end of the sequence');
      check(++pulls <= 100, 'more than 100 Pulls');
      const header = this.creator.createHeader(BaseActions.PULL, '*');
      const pulled = await this.send(this.creator.createXml(header, this.creator.createCommonBody.Pull(context, 1)));
      const pr = this.only(pulled, NS.n, 'PullResponse');
      const got = child(pr, NS.n, 'Items');
      const batch = got ? elementChildren(got) : [];
      check(batch.length <= 1, `a Pull with MaxElements 1 returned ${batch.length} items`);
      items.push(...batch);
      context = childText(pr, NS.n, 'EnumerationContext');
      ended = child(pr, NS.n, 'EndOfSequence') !== null;
      check(!(ended && context), 'n:EndOfSequence together with an n:EnumerationContext');
    }
    return { items, pulls };
  }

  // Invoke on a singleton service (CreationClassName selector); returns <Method>_OUTPUT after
  // checking that ReturnValue is its last child.
  async invoke(className, method, params) {
    const uri = V2 + className;
    const header = this.creator.createHeader(`${uri}/${method}`, className,
      { name: 'CreationClassName', value: className });
    const body = this.creator.createBody(`${method}_INPUT`, className, params);
    const output = this.only(await this.send(this.creator.createXml(header, body)), uri, `${method}_OUTPUT`);
    const kids = elementChildren(output);
    check(kids.length && kids[kids.length - 1].namespaceURI === uri && kids[kids.length - 1].localName === 'ReturnValue',
      `${method}_OUTPUT does not end with ReturnValue: ${kids.map(describe).join(', ')}`);
    return output;
  }

  // Polls the Job out-parameter with Get on its own ResourceURI until the job ends (JobState 7
  // required). Returns { className, selectors }.
  async waitForJob(output, uri) {
    const job = child(output, uri, 'Job');
    check(job !== null, 'ReturnValue 4096 without a Job out-parameter');
    check(child(job, NS.a, 'EndpointReference') === null, 'the Job reference is wrapped in a:EndpointReference');
    const params = child(job, NS.a, 'ReferenceParameters');
    check(params !== null, 'the Job reference has no a:ReferenceParameters');
    const resourceUri = childText(params, NS.w, 'ResourceURI');
    const selectors = elementChildren(child(params, NS.w, 'SelectorSet'))
      .map((s) => [s.getAttribute('Name'), s.textContent.trim()]);
    const className = resourceUri.slice(resourceUri.lastIndexOf('/') + 1);
    const deadline = Date.now() + JOB_DEADLINE_MS;
    for (let polls = 1; ; polls++) {
      const instance = await this.get(resourceUri, selectors);
      const state = Number(childText(instance, resourceUri, 'JobState'));
      if ([7, 8, 9, 10].includes(state) || state >= 32768) {
        console.log(`   job ${selectors.map((s) => s[1]).join(',')} ended in JobState ${state} after ${polls} polls`);
        check(state === 7, `the job ended in JobState ${state} (ErrorCode ${childText(instance, resourceUri, 'ErrorCode')}: ` +
          `${childText(instance, resourceUri, 'ErrorDescription')})`);
        return { className, selectors };
      }
      check(Date.now() < deadline, `the job still runs (JobState ${state}) after ${JOB_DEADLINE_MS / 1000} s`);
      await sleep(JOB_POLL_MS);
    }
  }

  async expectFault(what, xml, subcodeNs, subcodeLocal) {
    try {
      await this.send(xml);
    } catch (e) {
      if (!(e instanceof WsmanFault)) throw e;
      check(e.status === 500, `${what}: HTTP ${e.status}`);
      check(e.code === `{${NS.s}}Sender`, `${what}: fault code ${e.code}`);
      check(e.subcode === `{${subcodeNs}}${subcodeLocal}`, `${what}: fault subcode ${e.subcode}, expected {${subcodeNs}}${subcodeLocal}`);
      console.log(`   ${what} → ${subcodeLocal} (${e.wsmanCode})`);
      return;
    }
    throw new ScenarioError(`${what}: no fault (the request succeeded)`);
  }
}

function epr(className, keys) {
  return {
    Address: 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous',
    ReferenceParameters: {
      ResourceURI: V2 + className,
      SelectorSet: { Selector: keys.map(([name, value]) => ({ _: escapeXml(value), $: { Name: name } })) },
    },
  };
}
function wqlPath(className, keys) {
  const quote = (v) => '"' + v.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
  return `${className}.${keys.map(([k, v]) => `${k}=${quote(v)}`).join(',')}`;
}

async function run(peer) {
  step('Identify');
  const identify = await peer.identify();
  check(childText(identify, NS.wsmid, 'ProtocolVersion') === 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
    'ProtocolVersion ' + childText(identify, NS.wsmid, 'ProtocolVersion'));
  check(childText(identify, NS.wsmid, 'ProductVendor'), 'no ProductVendor');
  console.log(`   ${childText(identify, NS.wsmid, 'ProductVendor')}, ${childText(identify, NS.wsmid, 'ProductVersion')}`);

  step('Enumerate Msvm_VirtualSystemCollection with WQL, then Pull');
  const vsc = V2 + 'Msvm_VirtualSystemCollection';
  const groups = await peer.query('SELECT * FROM Msvm_VirtualSystemCollection');
  check(groups.pulls >= 1, 'an Enumerate without OptimizeEnumeration must leave the items to Pull');
  for (const g of groups.items) {
    check(g.namespaceURI === vsc && g.localName === 'Msvm_VirtualSystemCollection', 'a group item is ' + describe(g));
    check(childText(g, vsc, 'CollectionID'), 'a group without CollectionID');
  }
  const names = groups.items.map((g) => childText(g, vsc, 'ElementName')).sort();
  console.log(`   ${names.length} group(s) in ${groups.pulls} Pulls: ${names.join(', ')}`);
  check(names.includes('Finance'), "the inventory's VM group Finance is missing");

  step('Find the running VMs (WQL with OptimizeEnumeration), Get one');
  const cs = V2 + 'Msvm_ComputerSystem';
  const vms = (await peer.query('SELECT * FROM Msvm_ComputerSystem WHERE Caption = "Virtual Machine" AND EnabledState = 2', 32000)).items;
  check(vms.length > 0, 'no running VM');
  vms.sort((x, y) => childText(x, cs, 'ElementName').localeCompare(childText(y, cs, 'ElementName')));
  const vmName = childText(vms[0], cs, 'Name');
  const vmElementName = childText(vms[0], cs, 'ElementName');
  const vmKeys = [['CreationClassName', 'Msvm_ComputerSystem'], ['Name', vmName]];
  const vm = await peer.get(cs, vmKeys);
  check(childText(vm, cs, 'Name') === vmName && childText(vm, cs, 'ElementName') === vmElementName,
    `Get answered ${childText(vm, cs, 'ElementName')} = ${childText(vm, cs, 'Name')}`);
  console.log(`   ${vmElementName} = ${vmName}`);

  step('DefineCollection (ReturnValue 4096, job), the group found through the job');
  const cms = V2 + 'Msvm_CollectionManagementService';
  const groupId = randomUUID().toUpperCase();
  const groupName = 'peer-node-wsman-messages';
  let out = await peer.invoke('Msvm_CollectionManagementService', 'DefineCollection',
    { Name: groupName, Id: groupId, Type: 0 });
  check(childText(out, cms, 'ReturnValue') === '4096', 'DefineCollection ReturnValue ' + childText(out, cms, 'ReturnValue'));
  let job = await peer.waitForJob(out, cms);
  const made = (await peer.query(`ASSOCIATORS OF {${wqlPath(job.className, job.selectors)}} WHERE ResultClass = Msvm_VirtualSystemCollection`, 32000)).items;
  check(made.length === 1 && childText(made[0], vsc, 'CollectionID') === groupId && childText(made[0], vsc, 'ElementName') === groupName,
    `the job's result is not the new group (${made.length} items)`);
  const groupKeys = [['CollectionID', groupId]];

  step('AddMember (REF parameters Member and Collection)');
  out = await peer.invoke('Msvm_CollectionManagementService', 'AddMember',
    { Member: epr('Msvm_ComputerSystem', vmKeys), Collection: epr('Msvm_VirtualSystemCollection', groupKeys) });
  check(childText(out, cms, 'ReturnValue') === '4096', 'AddMember ReturnValue ' + childText(out, cms, 'ReturnValue'));
  await peer.waitForJob(out, cms);
  const members = (await peer.query(`ASSOCIATORS OF {${wqlPath('Msvm_VirtualSystemCollection', groupKeys)}} WHERE AssocClass = Msvm_CollectedVirtualSystems`, 32000)).items;
  check(members.length === 1 && childText(members[0], cs, 'Name') === vmName, `the group's members are not [${vmName}]`);

  step('CreateReferencePoint, ReferencePointType 2, found through its job');
  const crps = V2 + 'Msvm_CollectionReferencePointService';
  const rpc = V2 + 'Msvm_ReferencePointCollection';
  out = await peer.invoke('Msvm_CollectionReferencePointService', 'CreateReferencePoint',
    { Collection: epr('Msvm_VirtualSystemCollection', groupKeys), ReferencePointSettings: '', ReferencePointType: 2 });
  check(childText(out, crps, 'ReturnValue') === '4096', 'CreateReferencePoint ReturnValue ' + childText(out, crps, 'ReturnValue'));
  job = await peer.waitForJob(out, crps);
  const points = (await peer.query(`ASSOCIATORS OF {${wqlPath(job.className, job.selectors)}} WHERE ResultClass = Msvm_ReferencePointCollection`, 32000)).items;
  check(points.length === 1, `${points.length} reference point collections from the job`);
  check(points[0].namespaceURI === rpc && points[0].localName === 'Msvm_ReferencePointCollection', 'the result is ' + describe(points[0]));
  check(childText(points[0], rpc, 'VirtualSystemCollectionId') === groupId, 'the reference point is not of the new group');
  console.log(`   reference point collection ${childText(points[0], rpc, 'CollectionID')}`);

  step('Three faults');
  const badSelector = peer.headerWithSelectors(peer.creator, BaseActions.GET, 'Msvm_ComputerSystem', [['Name', vmName]]);
  await peer.expectFault('Get with a bad selector', peer.creator.createXml(badSelector, peer.creator.createCommonBody.Get()),
    NS.w, 'InvalidSelectors');
  const unknown = peer.headerWithSelectors(peer.creator, BaseActions.GET, 'Msvm_NoSuchClass', [['InstanceID', 'x']]);
  await peer.expectFault('Get of an unknown class', peer.creator.createXml(unknown, peer.creator.createCommonBody.Get()),
    NS.a, 'DestinationUnreachable');
  await peer.expectFault('bad WQL', peer.enumerateXml('*', 'SELECT * FROM Msvm_ComputerSystem WHERE'),
    NS.n, 'CannotProcessFilter');
}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    check(argv[i].startsWith('--') && i + 1 < argv.length, 'usage: scenario.js --url U --user U --password P --ca-cert F');
    args[argv[i].slice(2)] = argv[i + 1];
  }
  for (const k of ['url', 'user', 'password', 'ca-cert']) check(args[k], `--${k} is required`);
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const peer = new Peer(args.url, args.user, args.password, fs.readFileSync(args['ca-cert']));
  try {
    await run(peer);
  } finally {
    peer.agent.destroy();
  }
  console.log('scenario passed');
}

main().catch((e) => {
  console.log('FAIL: ' + (e instanceof ScenarioError || e instanceof WsmanFault ? e.message : (e && e.stack) || e));
  process.exit(1);
});
