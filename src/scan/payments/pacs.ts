/**
 * ISO 20022 pacs.008 (customer credit transfer) and pacs.009 (financial institution credit
 * transfer) as documents to scan. A file holds one `Document`, or several under any wrapper
 * (with or without a Business Application Header); each Document is one message. Per
 * transaction, the parties (Dbtr, Cdtr, UltmtDbtr, UltmtCdtr, and in a pacs.009 cover the
 * underlying customer transfer's) are screened as names, the agents by name and BIC, and the
 * remittance information and instructions are scanned as free text. A field is named by its
 * element path below CdtTrfTxInf (`Cdtr/Nm`), with the transaction's position when a message
 * has several (`CdtTrfTxInf[2]/Cdtr/Nm`). The older versions' `FinInstnId/BIC` and
 * `OrgId/BICOrBEI` (001.02 to 001.04) are read like `BICFI` and `AnyBIC`.
 */
import type { DocumentKind, PartyField, ScanDocument, Span, TextSegment } from '../types.js';
import type { MessageError, ParsedPayments } from './message-error.js';
import type { FieldProblem } from './mt-parties.js';
import { childNamed, childrenNamed, valueSpan, xmlTree, type XmlElement } from './xml-tree.js';

const BODY: Record<string, DocumentKind> = { FIToFICstmrCdtTrf: 'pacs.008', FICdtTrf: 'pacs.009' };
const PARTIES = ['Dbtr', 'Cdtr', 'UltmtDbtr', 'UltmtCdtr'];
/** Parties that every transaction has: their lack of a name is reported. */
const REQUIRED = new Set(['Dbtr', 'Cdtr']);
const AGENTS = [
  'InstgAgt', 'InstdAgt', 'PrvsInstgAgt1', 'PrvsInstgAgt2', 'PrvsInstgAgt3',
  'IntrmyAgt1', 'IntrmyAgt2', 'IntrmyAgt3', 'DbtrAgt', 'CdtrAgt',
]; // prettier-ignore
const ADDRESS = ['AdrLine', 'StrtNm', 'BldgNb', 'PstCd', 'TwnNm', 'CtrySubDvsn'];

/** Every message of a pacs.008 / pacs.009 file. */
export function parsePacsFile(file: string, name: string): ParsedPayments {
  const tree = xmlTree(file);
  const units: XmlElement[] = [];
  for (const root of tree.roots) collectMessages(root, units);
  const complete = units.filter((u) => u.end >= 0);
  const out: ParsedPayments = { messages: [], errors: [] };
  const single = units.length + (tree.error && complete.length === units.length ? 1 : 0) <= 1;
  complete.forEach((unit, n) => {
    const index = n + 1;
    const read = readMessage(file, unit, single, single ? name : `${name}#${index}`);
    for (const e of read.errors) out.errors.push({ index, ...e });
    if (read.doc !== undefined) out.messages.push(read.doc);
  });
  if (tree.error !== undefined) {
    const field = tree.openAt && fieldPath(tree.openAt);
    out.errors.push({
      index: complete.length + 1,
      ...(field ? { field } : {}),
      message: tree.error,
    });
  } else if (units.length === 0) {
    out.errors.push({
      index: 1,
      field: 'Document',
      message: 'no pacs.008 or pacs.009 message (FIToFICstmrCdtTrf or FICdtTrf)',
    });
  }
  return out;
}

/**
 * The field an element is in, named as the parties are (`Cdtr/Nm`, `CdtTrfTxInf[2]/Cdtr/Nm`
 * once a second transaction has begun, `GrpHdr/MsgId`), for an error met inside it; undefined
 * outside any message body.
 */
function fieldPath(element: XmlElement): string | undefined {
  const names: string[] = [];
  for (let at: XmlElement | undefined = element; at !== undefined; at = at.parent) {
    if (BODY[at.name] !== undefined) return names.join('/') || at.name;
    if (at.name !== 'CdtTrfTxInf') names.unshift(at.name);
    else {
      const txs = at.parent ? childrenNamed(at.parent, at.name) : [at];
      if (txs.length > 1) names.unshift(`CdtTrfTxInf[${txs.indexOf(at) + 1}]`);
    }
  }
  return undefined;
}

/** Documents, and message bodies outside any Document, in file order. */
function collectMessages(element: XmlElement, into: XmlElement[]): void {
  if (element.name === 'Document' || BODY[element.name] !== undefined) {
    into.push(element);
    return;
  }
  for (const c of element.children) collectMessages(c, into);
}

interface ReadMessage {
  doc?: ScanDocument;
  errors: Omit<MessageError, 'index'>[];
}

function readMessage(file: string, unit: XmlElement, whole: boolean, name: string): ReadMessage {
  const body = BODY[unit.name] ? unit : unit.children.find((c) => BODY[c.name] !== undefined);
  if (body === undefined) {
    const ns = unit.namespace ? ` (namespace ${unit.namespace})` : '';
    return {
      errors: [{ field: 'Document', message: `not a pacs.008 or pacs.009 message${ns}` }],
    };
  }
  const kind = BODY[body.name]!;
  const txs = childrenNamed(body, 'CdtTrfTxInf');
  if (txs.length === 0) return { errors: [{ field: 'CdtTrfTxInf', message: 'no transaction' }] };
  const reader = new MessageReader(file, whole ? 0 : unit.start);
  const header = childNamed(body, 'GrpHdr');
  for (const agent of ['InstgAgt', 'InstdAgt'])
    reader.agent(childNamed(header, agent), `GrpHdr/${agent}`);
  const ends: string[] = [];
  txs.forEach((tx, n) => {
    const prefix = txs.length > 1 ? `CdtTrfTxInf[${n + 1}]/` : '';
    reader.transaction(tx, prefix);
    const cover = childNamed(tx, 'UndrlygCstmrCdtTrf');
    if (cover !== undefined) reader.transaction(cover, `${prefix}UndrlygCstmrCdtTrf/`);
    const end = reader.string(childNamed(tx, 'PmtId', 'EndToEndId'));
    if (end) ends.push(end);
  });
  const msgId = reader.string(childNamed(header, 'MsgId'));
  const id = [msgId, ends.length === 1 ? ends[0] : undefined].filter(Boolean).join('/');
  const text = whole ? file : file.slice(unit.start, unit.end);
  const doc: ScanDocument = {
    kind,
    name,
    text,
    segments: reader.segments.sort((a, b) => a.start - b.start),
    parties: reader.parties.sort((a, b) => a.name.start - b.name.start),
  };
  if (id) doc.id = id;
  return { doc, errors: reader.problems.map((p) => ({ ...p, screened: true })) };
}

/** Reads the parties and texts of one message; spans shift to the message's own text. */
class MessageReader {
  readonly parties: PartyField[] = [];
  readonly segments: TextSegment[] = [];
  readonly problems: FieldProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly offset: number,
  ) {}

  transaction(tx: XmlElement, prefix: string): void {
    for (const role of PARTIES) {
      const element = childNamed(tx, role);
      if (element === undefined) continue;
      if (childNamed(element, 'FinInstnId') !== undefined)
        this.agent(element, prefix + role, REQUIRED.has(role));
      else this.party(element, prefix + role, REQUIRED.has(role));
    }
    for (const agent of AGENTS) this.agent(childNamed(tx, agent), prefix + agent);
    const rmt = childNamed(tx, 'RmtInf');
    for (const u of rmt ? childrenNamed(rmt, 'Ustrd') : [])
      this.segment(u, `${prefix}RmtInf/Ustrd`);
    for (const s of rmt ? childrenNamed(rmt, 'Strd') : [])
      for (const a of childrenNamed(s, 'AddtlRmtInf'))
        this.segment(a, `${prefix}RmtInf/Strd/AddtlRmtInf`);
    for (const instr of ['InstrForCdtrAgt', 'InstrForNxtAgt'])
      for (const i of childrenNamed(tx, instr))
        this.segment(childNamed(i, 'InstrInf'), `${prefix}${instr}/InstrInf`);
  }

  /** A party: a person or organisation with a name, address and identification. */
  private party(element: XmlElement, field: string, required: boolean): void {
    const id = childNamed(element, 'Id');
    const org = childNamed(id, 'OrgId');
    const bicElement = childNamed(org, 'AnyBIC') ?? childNamed(org, 'BICOrBEI');
    const bic = this.string(bicElement);
    const nm = this.span(childNamed(element, 'Nm'));
    const named = nm ?? this.span(bicElement);
    if (named === undefined) {
      if (required) this.problems.push({ field, message: 'no name (Nm) and no BIC' });
      return;
    }
    const party: PartyField = {
      field: nm ? `${field}/Nm` : `${field}/Id/OrgId/${bicElement!.name}`,
      name: named,
    };
    if (org !== undefined) party.schema = 'Organization';
    else if (childNamed(id, 'PrvtId') !== undefined) party.schema = 'Person';
    if (bic) party.bic = bic;
    this.qualify(party, childNamed(element, 'PstlAdr'), childNamed(element, 'CtryOfRes'));
    this.parties.push(party);
  }

  /** A financial institution: BICFI, name and address under FinInstnId. */
  agent(element: XmlElement | undefined, field: string, required = false): void {
    const fin = childNamed(element, 'FinInstnId');
    if (element === undefined) return;
    const bicElement = childNamed(fin, 'BICFI') ?? childNamed(fin, 'BIC');
    const bic = this.string(bicElement);
    const nm = this.span(childNamed(fin, 'Nm'));
    const named = nm ?? this.span(bicElement);
    if (named === undefined) {
      if (required)
        this.problems.push({ field, message: 'no name (FinInstnId/Nm) and no BIC (BICFI)' });
      return;
    }
    const party: PartyField = {
      field: `${field}/FinInstnId/${nm ? 'Nm' : bicElement!.name}`,
      name: named,
      schema: 'Organization',
    };
    if (bic) party.bic = bic;
    this.qualify(party, childNamed(fin, 'PstlAdr'));
    if (party.country === undefined && bic && /^[A-Z]{6}/.test(bic))
      party.country = bic.slice(4, 6).toLowerCase();
    this.parties.push(party);
  }

  private qualify(party: PartyField, address?: XmlElement, residence?: XmlElement): void {
    const country = this.string(childNamed(address, 'Ctry')) || this.string(residence);
    if (country) party.country = /^[A-Z]{2}$/.test(country) ? country.toLowerCase() : country;
    const lines: string[] = [];
    for (const child of address?.children ?? [])
      if (ADDRESS.includes(child.name)) lines.push(this.string(child));
    const written = lines.filter((l) => l !== '');
    if (written.length > 0) party.address = written.join(', ');
  }

  private segment(element: XmlElement | undefined, field: string): void {
    const span = this.span(element);
    if (span !== undefined) this.segments.push({ field, ...span });
  }

  /** The element's value as a span of the message's text. */
  span(element: XmlElement | undefined): Span | undefined {
    if (element === undefined) return undefined;
    const span = valueSpan(this.file, element);
    if (span === undefined || this.offset === 0) return span;
    const d = this.offset;
    const shifted: Span = { start: span.start - d, end: span.end - d };
    const { at, value } = span;
    if (at !== undefined && value !== undefined) {
      shifted.value = value;
      shifted.at = (i) => at(i) - d;
    }
    return shifted;
  }

  /** The element's value as screened, with runs of white space as one space. */
  string(element: XmlElement | undefined): string {
    const span = element && valueSpan(this.file, element);
    if (span === undefined) return '';
    return (span.value ?? this.file.slice(span.start, span.end)).replace(/\s+/g, ' ').trim();
  }
}
