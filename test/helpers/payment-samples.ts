/**
 * Payment messages written the way banks write them, for tests and the scan benchmark: SWIFT
 * MT103 / MT202 (block structure and field layout after SWIFT's published MT103 and MT202
 * examples) and ISO 20022 pacs.008 / pacs.009 (after the CBPR+ sample messages). Every function
 * is deterministic: the same options give the same text.
 */

export type Eol = '\r\n' | '\n';

export interface MtEnvelope {
  /** Sender and receiver BICs for blocks 1 and 2. */
  sender?: string;
  receiver?: string;
  /** Blocks 1, 2, 3 and 5 around the text block (default), or the bare text block. */
  envelope?: boolean;
  /** Line end: SWIFT sends CRLF (default). */
  eol?: Eol;
}

export interface Mt103Options extends MtEnvelope {
  ref: string;
  orderingName: string;
  orderingAddress?: string[];
  orderingAccount?: string;
  /** 50K (default), 50F (structured: `1/` name lines, `2/` address, `3/CC/town`) or 50A. */
  orderingOption?: 'K' | 'F' | 'A';
  /** For 50F: the `3/` country code and town. */
  orderingCountry?: string;
  orderingTown?: string;
  /** For 50A: the BIC (the name is then not written). */
  orderingBic?: string;
  beneficiaryName: string;
  beneficiaryAddress?: string[];
  beneficiaryAccount?: string;
  /** 59 without a letter (default), 59F or 59A. */
  beneficiaryOption?: '' | 'F' | 'A';
  beneficiaryCountry?: string;
  beneficiaryTown?: string;
  beneficiaryBic?: string;
  /** Field 70; a string is wrapped at 35 characters, an array is written as lines. */
  remittance?: string | string[];
  /** Field 72 lines as written (`/INS/…`, `//…`). */
  senderToReceiver?: string[];
  orderingInstitution?: string;
  intermediary?: { bic: string } | { name: string; address?: string[] };
  accountWithInstitution?: string;
  currency?: string;
  amount?: string;
  valueDate?: string;
}

export interface Mt202Options extends MtEnvelope {
  ref: string;
  related?: string;
  orderingInstitution?: string;
  intermediary?: string;
  accountWithInstitution?: string;
  beneficiaryInstitution: { bic: string; account?: string } | { name: string; address?: string[] };
  senderToReceiver?: string[];
  currency?: string;
  amount?: string;
  valueDate?: string;
}

/** Splits free text into lines of at most `width` characters, at spaces where it can. */
export function wrap(text: string, width = 35): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    let rest = word;
    while (rest.length > width) {
      if (line) lines.push(line);
      line = '';
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= width) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function field(tag: string, lines: readonly string[]): string[] {
  const [first = '', ...rest] = lines;
  return [`:${tag}:${first}`, ...rest];
}

function structured(name: string, address: string[] | undefined, cc?: string, town?: string) {
  const lines = wrap(name, 33).map((l) => `1/${l}`);
  for (const a of address ?? []) lines.push(`2/${a}`);
  if (cc) lines.push(`3/${cc}${town ? `/${town}` : ''}`);
  return lines;
}

function envelope(type: '103' | '202', fields: string[], opts: MtEnvelope): string {
  const eol = opts.eol ?? '\r\n';
  const text = [...fields, '-'].join(eol);
  if (opts.envelope === false) return text;
  const sender = (opts.sender ?? 'BANKDEFFXXX').padEnd(12, 'X').slice(0, 12);
  const receiver = (opts.receiver ?? 'BANKBEBBAXXX').padEnd(12, 'X').slice(0, 12);
  return (
    `{1:F01${sender}0000000000}{2:I${type}${receiver}N}{3:{108:MT${type}}{121:` +
    '4fa9f3e2-1c7b-4d6a-9b8e-2f0c1d3e5a77}}' +
    `{4:${eol}${text}}{5:{MAC:00000000}{CHK:0123456789AB}}`
  );
}

export function mt103(opts: Mt103Options): string {
  const f: string[] = [];
  f.push(...field('20', [opts.ref]), ...field('23B', ['CRED']));
  f.push(
    ...field('32A', [
      `${opts.valueDate ?? '261201'}${opts.currency ?? 'USD'}${opts.amount ?? '1000,'}`,
    ]),
  );
  const account = (a?: string) => (a ? [`/${a}`] : []);
  switch (opts.orderingOption ?? 'K') {
    case 'A':
      f.push(...field('50A', [...account(opts.orderingAccount), opts.orderingBic ?? 'BANKDEFF']));
      break;
    case 'F':
      f.push(...field('50F', [
        opts.orderingAccount ? `/${opts.orderingAccount}` : 'NIDN/DE/121231234342',
        ...structured(opts.orderingName, opts.orderingAddress, opts.orderingCountry, opts.orderingTown),
      ])); // prettier-ignore
      break;
    default:
      f.push(...field('50K', [...account(opts.orderingAccount), ...wrap(opts.orderingName), ...(opts.orderingAddress ?? [])])); // prettier-ignore
  }
  if (opts.orderingInstitution) f.push(...field('52A', [opts.orderingInstitution]));
  const intermediary = opts.intermediary;
  if (intermediary && 'bic' in intermediary) f.push(...field('56A', [intermediary.bic]));
  else if (intermediary) f.push(...field('56D', [intermediary.name, ...(intermediary.address ?? [])])); // prettier-ignore
  if (opts.accountWithInstitution) f.push(...field('57A', [opts.accountWithInstitution]));
  switch (opts.beneficiaryOption ?? '') {
    case 'A':
      f.push(
        ...field('59A', [...account(opts.beneficiaryAccount), opts.beneficiaryBic ?? 'BANKBEBB']),
      );
      break;
    case 'F':
      f.push(...field('59F', [
        ...account(opts.beneficiaryAccount),
        ...structured(opts.beneficiaryName, opts.beneficiaryAddress, opts.beneficiaryCountry, opts.beneficiaryTown),
      ])); // prettier-ignore
      break;
    default:
      f.push(...field('59', [...account(opts.beneficiaryAccount), ...wrap(opts.beneficiaryName), ...(opts.beneficiaryAddress ?? [])])); // prettier-ignore
  }
  const remittance = opts.remittance;
  if (remittance !== undefined)
    f.push(...field('70', typeof remittance === 'string' ? wrap(remittance) : remittance));
  f.push(...field('71A', ['SHA']));
  if (opts.senderToReceiver) f.push(...field('72', opts.senderToReceiver));
  return envelope('103', f, opts);
}

export function mt202(opts: Mt202Options): string {
  const f: string[] = [];
  f.push(...field('20', [opts.ref]), ...field('21', [opts.related ?? 'NONREF']));
  f.push(
    ...field('32A', [
      `${opts.valueDate ?? '261201'}${opts.currency ?? 'EUR'}${opts.amount ?? '1000000,'}`,
    ]),
  );
  if (opts.orderingInstitution) f.push(...field('52A', [opts.orderingInstitution]));
  if (opts.intermediary) f.push(...field('56A', [opts.intermediary]));
  if (opts.accountWithInstitution) f.push(...field('57A', [opts.accountWithInstitution]));
  const b = opts.beneficiaryInstitution;
  if ('bic' in b) f.push(...field('58A', [...(b.account ? [`/${b.account}`] : []), b.bic]));
  else f.push(...field('58D', [b.name, ...(b.address ?? [])]));
  if (opts.senderToReceiver) f.push(...field('72', opts.senderToReceiver));
  return envelope('202', f, opts);
}

/** Messages one after another: no separator (full messages only), `$` lines or blank lines. */
export function mtBatch(
  messages: readonly string[],
  separator: '' | '$' | 'blank',
  eol: Eol = '\r\n',
) {
  const sep = separator === '' ? '' : separator === '$' ? `${eol}$${eol}` : `${eol}${eol}`;
  return messages.join(sep) + (separator === '' ? '' : eol);
}

export interface PacsParty {
  name?: string;
  country?: string;
  town?: string;
  street?: string;
  addressLines?: string[];
  /** An organisation (Id/OrgId, with AnyBIC when given) or a person (Id/PrvtId). */
  kind?: 'org' | 'person';
  bic?: string;
}

export interface PacsAgent {
  bic?: string;
  name?: string;
  country?: string;
}

export interface Pacs008Tx {
  endToEndId: string;
  amount?: string;
  debtor: PacsParty;
  creditor: PacsParty;
  ultimateDebtor?: PacsParty;
  ultimateCreditor?: PacsParty;
  debtorAgent?: PacsAgent;
  creditorAgent?: PacsAgent;
  intermediary?: PacsAgent;
  remittance?: string[];
  structuredRemittance?: string[];
  instructions?: string[];
}

export interface PacsOptions {
  msgId: string;
  /** Wrap the Document in a `BizMsg` with a Business Application Header. */
  appHdr?: boolean;
  /** Write every element with this namespace prefix (`<p:Document xmlns:p=…>`). */
  prefix?: string;
  /** Write every non-ASCII character of names and texts as a character reference. */
  charRefs?: boolean;
  eol?: Eol;
}

/** Escapes text for XML: `&`, `<`, `>`, and, with charRefs, every non-ASCII character. */
export function xmlText(text: string, charRefs = false): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (!charRefs) return escaped;
  return [...escaped]
    .map((c) =>
      c.codePointAt(0)! > 0x7e ? `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};` : c,
    )
    .join('');
}

class XmlWriter {
  private readonly out: string[] = [];
  private depth = 0;

  constructor(private readonly opts: PacsOptions) {}

  private tag(name: string): string {
    return this.opts.prefix ? `${this.opts.prefix}:${name}` : name;
  }

  open(name: string, attrs = ''): this {
    this.out.push(`${'  '.repeat(this.depth++)}<${this.tag(name)}${attrs}>`);
    return this;
  }

  close(name: string): this {
    this.out.push(`${'  '.repeat(--this.depth)}</${this.tag(name)}>`);
    return this;
  }

  leaf(name: string, value: string | undefined): this {
    if (value === undefined) return this;
    const text = xmlText(value, this.opts.charRefs);
    this.out.push(`${'  '.repeat(this.depth)}<${this.tag(name)}>${text}</${this.tag(name)}>`);
    return this;
  }

  /** An amount: `<IntrBkSttlmAmt Ccy="EUR">1000.00</IntrBkSttlmAmt>`. */
  amount(name: string, currency: string, value: string): this {
    const tag = this.tag(name);
    this.out.push(`${'  '.repeat(this.depth)}<${tag} Ccy="${currency}">${value}</${tag}>`);
    return this;
  }

  party(name: string, p: PacsParty | undefined): this {
    if (p === undefined) return this;
    this.open(name).leaf('Nm', p.name);
    if (p.country || p.town || p.street || p.addressLines) {
      this.open('PstlAdr').leaf('StrtNm', p.street).leaf('TwnNm', p.town).leaf('Ctry', p.country);
      for (const l of p.addressLines ?? []) this.leaf('AdrLine', l);
      this.close('PstlAdr');
    }
    if (p.kind === 'org')
      this.open('Id').open('OrgId').leaf('AnyBIC', p.bic).close('OrgId').close('Id');
    if (p.kind === 'person')
      this.open('Id').open('PrvtId').open('Othr').leaf('Id', '123456789').close('Othr').close('PrvtId').close('Id'); // prettier-ignore
    return this.close(name);
  }

  agent(name: string, a: PacsAgent | undefined): this {
    if (a === undefined) return this;
    this.open(name).open('FinInstnId').leaf('BICFI', a.bic).leaf('Nm', a.name);
    if (a.country) this.open('PstlAdr').leaf('Ctry', a.country).close('PstlAdr');
    return this.close('FinInstnId').close(name);
  }

  text(): string {
    return this.out.join(this.opts.eol ?? '\n');
  }
}

function document(
  kind: 'pacs.008.001.08' | 'pacs.009.001.08',
  opts: PacsOptions,
  body: (w: XmlWriter) => void,
): string {
  const w = new XmlWriter(opts);
  const ns = `urn:iso:std:iso:20022:tech:xsd:${kind}`;
  const xmlns = opts.prefix ? ` xmlns:${opts.prefix}="${ns}"` : ` xmlns="${ns}"`;
  const bodyName = kind.startsWith('pacs.008') ? 'FIToFICstmrCdtTrf' : 'FICdtTrf';
  w.open('Document', xmlns).open(bodyName);
  body(w);
  w.close(bodyName).close('Document');
  const doc = w.text();
  if (!opts.appHdr) return `<?xml version="1.0" encoding="UTF-8"?>${opts.eol ?? '\n'}${doc}`;
  const eol = opts.eol ?? '\n';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<BizMsg xmlns="urn:swift:xsd:envelope">',
    '<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">',
    '<Fr><FIId><FinInstnId><BICFI>BANKDEFFXXX</BICFI></FinInstnId></FIId></Fr>',
    '<To><FIId><FinInstnId><BICFI>BANKBEBBXXX</BICFI></FinInstnId></FIId></To>',
    `<BizMsgIdr>${xmlText(opts.msgId)}</BizMsgIdr>`,
    `<MsgDefIdr>${kind}</MsgDefIdr>`,
    '<BizSvc>swift.cbprplus.02</BizSvc>',
    '<CreDt>2026-12-01T09:30:47Z</CreDt>',
    '</AppHdr>',
    doc,
    '</BizMsg>',
  ].join(eol);
}

function groupHeader(w: XmlWriter, opts: PacsOptions, count: number) {
  w.open('GrpHdr').leaf('MsgId', opts.msgId).leaf('CreDtTm', '2026-12-01T09:30:47+00:00');
  w.leaf('NbOfTxs', String(count));
  w.open('SttlmInf').leaf('SttlmMtd', 'INDA').close('SttlmInf').close('GrpHdr');
}

function texts(w: XmlWriter, tx: { remittance?: string[]; structuredRemittance?: string[]; instructions?: string[] }) {
  for (const i of tx.instructions ?? []) w.open('InstrForCdtrAgt').leaf('InstrInf', i).close('InstrForCdtrAgt');
  if (tx.remittance || tx.structuredRemittance) {
    w.open('RmtInf');
    for (const u of tx.remittance ?? []) w.leaf('Ustrd', u);
    for (const s of tx.structuredRemittance ?? []) w.open('Strd').leaf('AddtlRmtInf', s).close('Strd');
    w.close('RmtInf');
  }
} // prettier-ignore

export function pacs008(opts: PacsOptions & { transactions: Pacs008Tx[] }): string {
  return document('pacs.008.001.08', opts, (w) => {
    groupHeader(w, opts, opts.transactions.length);
    for (const tx of opts.transactions) {
      w.open('CdtTrfTxInf').open('PmtId').leaf('InstrId', tx.endToEndId).leaf('EndToEndId', tx.endToEndId).close('PmtId'); // prettier-ignore
      w.amount('IntrBkSttlmAmt', 'USD', tx.amount ?? '1000.00');
      w.leaf('ChrgBr', 'SHAR');
      w.agent('IntrmyAgt1', tx.intermediary);
      w.party('UltmtDbtr', tx.ultimateDebtor).party('Dbtr', tx.debtor);
      w.agent('DbtrAgt', tx.debtorAgent ?? { bic: 'BANKDEFFXXX' });
      w.agent('CdtrAgt', tx.creditorAgent ?? { bic: 'BANKBEBBXXX' });
      w.party('Cdtr', tx.creditor).party('UltmtCdtr', tx.ultimateCreditor);
      texts(w, tx);
      w.close('CdtTrfTxInf');
    }
  });
}

export interface Pacs009Tx {
  endToEndId: string;
  amount?: string;
  debtor: PacsAgent;
  creditor: PacsAgent;
  debtorAgent?: PacsAgent;
  creditorAgent?: PacsAgent;
  intermediary?: PacsAgent;
  instructions?: string[];
  /** pacs.009 COV: the underlying customer credit transfer. */
  cover?: { debtor: PacsParty; creditor: PacsParty; remittance?: string[] };
}

export function pacs009(opts: PacsOptions & { transactions: Pacs009Tx[] }): string {
  return document('pacs.009.001.08', opts, (w) => {
    groupHeader(w, opts, opts.transactions.length);
    for (const tx of opts.transactions) {
      w.open('CdtTrfTxInf').open('PmtId').leaf('InstrId', tx.endToEndId).leaf('EndToEndId', tx.endToEndId).close('PmtId'); // prettier-ignore
      w.amount('IntrBkSttlmAmt', 'EUR', tx.amount ?? '1000000.00');
      w.agent('IntrmyAgt1', tx.intermediary);
      w.agent('Dbtr', tx.debtor).agent('DbtrAgt', tx.debtorAgent);
      w.agent('CdtrAgt', tx.creditorAgent).agent('Cdtr', tx.creditor);
      texts(w, tx);
      if (tx.cover) {
        w.open('UndrlygCstmrCdtTrf')
          .party('Dbtr', tx.cover.debtor)
          .party('Cdtr', tx.cover.creditor);
        texts(w, { remittance: tx.cover.remittance });
        w.close('UndrlygCstmrCdtTrf');
      }
      w.close('CdtTrfTxInf');
    }
  });
}

/** Several pacs messages in one file under a wrapper element (their XML declarations dropped). */
export function pacsBatch(documents: readonly string[], wrapper = 'Messages', eol: Eol = '\n') {
  const bodies = documents.map((d) => d.replace(/^<\?xml[^>]*\?>\r?\n?/, ''));
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<${wrapper}>`,
    ...bodies,
    `</${wrapper}>`,
    '',
  ].join(eol);
}
