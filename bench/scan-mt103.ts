/**
 * MT103 messages for the scan benchmark: a minimal customer transfer (blocks 1 to 5, fields 20,
 * 23B, 32A, 50K, 59, 70, 71A) with party names drawn from the peer's negatives and remittance
 * lines from the English prose corpus, so that none is meant to be listed. Each message comes
 * with the document the payment parser would make of it (parties 50K and 59 screened as
 * names, field 70 scanned as text), so that scanning can be measured while the parser is a
 * stub, and the parser and scanner together once it is not. Deterministic for a seed.
 */
import type { PartyField, ScanDocument, TextSegment } from '../src/scan/types.js';
import { rng } from './fixtures.js';

const EOL = '\r\n';

/** Free text cut into lines of at most 35 characters (an MT field's line), at spaces. */
function lines35(text: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/u).filter(Boolean)) {
    const w = word.slice(0, 35);
    if (!line) line = w;
    else if (line.length + 1 + w.length <= 35) line += ` ${w}`;
    else {
      out.push(line);
      line = w;
    }
  }
  if (line) out.push(line);
  return out;
}

/** Letters SWIFT's X character set allows, so that the message is valid as written. */
const swiftText = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/gu, '')
    .trim();

export interface Mt103Sample {
  text: string;
  doc: ScanDocument;
}

/**
 * One MT103 as text and document. `names` gives the two party names, `remittance` the field
 * 70 text (up to four lines of 35).
 */
export function mt103Sample(
  i: number,
  ordering: string,
  beneficiary: string,
  remittance: string,
): Mt103Sample {
  const ref = `SANADBENCH${String(i).padStart(6, '0')}`;
  const head =
    `{1:F01BANKDEFFAXXX0000000000}{2:I103BANKBEBBXXXXN}{3:{108:MT103}}{4:${EOL}` +
    `:20:${ref}${EOL}:23B:CRED${EOL}:32A:261201USD${1000 + (i % 9000)},00${EOL}`;
  let text = head;
  const parties: PartyField[] = [];
  const segments: TextSegment[] = [];
  const party = (tag: string, account: string, name: string, address: string) => {
    text += `:${tag}:/${account}${EOL}`;
    const nameLines = lines35(swiftText(name));
    const start = text.length;
    text += nameLines.join(EOL);
    parties.push({
      field: tag,
      name: { start, end: text.length },
      address,
      country: 'DE',
    });
    text += `${EOL}${address}${EOL}`;
  };
  party('50K', `DE89370400440532${String(i).padStart(6, '0')}`, ordering, 'HAUPTSTRASSE 1');
  party('59', `BE71096123456769${String(i).padStart(4, '0')}`, beneficiary, 'RUE DE LA LOI 16');
  const remit = lines35(swiftText(remittance)).slice(0, 4);
  text += ':70:';
  const start = text.length;
  text += remit.join(EOL);
  segments.push({ field: '70', start, end: text.length });
  text += `${EOL}:71A:SHA${EOL}-}{5:{CHK:0123456789AB}}`;
  return {
    text,
    doc: { kind: 'mt103', name: `mt103.txt#${i + 1}`, id: ref, text, segments, parties },
  };
}

/** `count` messages, names and remittance lines drawn with `seed` from the given pools. */
export function mt103Samples(
  count: number,
  seed: number,
  names: readonly string[],
  sentences: readonly string[],
): Mt103Sample[] {
  const rand = rng(seed);
  const draw = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  return Array.from({ length: count }, (_, i) =>
    mt103Sample(i, draw(names), draw(names), draw(sentences)),
  );
}
