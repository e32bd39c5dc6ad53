/**
 * SWIFT MT103 and MT202 messages as documents to scan: the parties of fields 50a, 59a and
 * 51a–58a screened as names, the remittance information (70) and sender-to-receiver
 * information (72) scanned as free text. Offsets are into the message as written.
 */
import type { DocumentKind, PartyField, ScanDocument, TextSegment } from '../types.js';
import { PAYMENT_LIMITS, type MessageError, type ParsedPayments } from './message-error.js';
import { lineText, mtFields, type MtField } from './mt-fields.js';
import { lineLengths, mtParty, type FieldProblem } from './mt-parties.js';
import { splitMt, type MtChunk } from './mt-split.js';
import { trimRange, type Range } from './spans.js';

const PARTY_TAGS = new Set([
  '50A', '50F', '50K', '59', '59A', '59F',
  '51A', '52A', '52D', '53A', '53B', '53D', '54A', '54B', '54D', '55A', '55B', '55D',
  '56A', '56C', '56D', '57A', '57B', '57C', '57D', '58A', '58D',
]); // prettier-ignore
/** Free-text fields: lines and width as SWIFT allows them. */
const TEXT_TAGS: Record<string, { lines: number; width: number }> = {
  '70': { lines: 4, width: 35 },
  '72': { lines: 6, width: 35 },
};

/** Every message of an MT file. */
export function parseMtFile(text: string, name: string): ParsedPayments {
  const chunks = splitMt(text);
  const single = chunks.length === 1;
  const out: ParsedPayments = { messages: [], errors: [] };
  chunks.forEach((chunk, n) => {
    const index = n + 1;
    if (index > PAYMENT_LIMITS.messages) {
      if (index === PAYMENT_LIMITS.messages + 1)
        out.errors.push({ index, message: `more than ${PAYMENT_LIMITS.messages} messages` });
      return;
    }
    const read = readMessage(text, chunk, single, single ? name : `${name}#${index}`);
    for (const e of read.errors) out.errors.push({ index, ...e });
    if (read.doc !== undefined) out.messages.push(read.doc);
  });
  return out;
}

interface ReadMessage {
  doc?: ScanDocument;
  errors: Omit<MessageError, 'index'>[];
}

function readMessage(file: string, chunk: MtChunk, whole: boolean, name: string): ReadMessage {
  if (chunk.error !== undefined) return { errors: [chunk.error] };
  if (chunk.end - chunk.start > PAYMENT_LIMITS.mtMessageChars)
    return {
      errors: [{ message: `longer than ${PAYMENT_LIMITS.mtMessageChars} characters` }],
    };
  // A file of one message keeps the file's offsets; a message of many is its own text.
  const text = whole ? file : file.slice(chunk.start, chunk.end);
  const shift = (r: Range): Range =>
    whole ? r : { start: r.start - chunk.start, end: r.end - chunk.start };
  const { fields, stray } = mtFields(text, shift(chunk.fields!));
  if (stray.length > 0)
    return { errors: [{ field: '{4:', message: 'text before the first field (:20:)' }] };
  const block2 = chunk.blocks.get('2');
  const kind = messageKind(block2 && file.slice(block2.start, block2.end), fields);
  if (typeof kind === 'object') return { errors: [{ field: '{2:', message: kind.error }] };
  const ref = fields.find((f) => f.tag === '20');
  const id = ref && lineText(text, ref.lines[0]!).trim();
  if (!id) return { errors: [{ field: '20', message: 'no transaction reference (field 20)' }] };

  const parties: PartyField[] = [];
  const segments: TextSegment[] = [];
  const problems: FieldProblem[] = [];
  for (const field of fields) {
    if (PARTY_TAGS.has(field.tag)) {
      const read = mtParty(text, field);
      parties.push(...read.parties);
      problems.push(...read.problems);
    }
    const shape = TEXT_TAGS[field.tag];
    if (shape !== undefined) {
      problems.push(...lineLengths(text, field, shape.width, shape.lines));
      const segment = textSegment(text, field);
      if (segment !== undefined) segments.push(segment);
    }
  }
  const doc: ScanDocument = { kind, name, id, text, segments, parties };
  return { doc, errors: problems.map((p) => ({ ...p, screened: true })) };
}

/** MT103 or MT202 from block 2 (`I103…`, `O2021200…`), or from the fields of a bare block 4. */
function messageKind(
  block2: string | undefined,
  fields: readonly MtField[],
): DocumentKind | { error: string } {
  if (block2 !== undefined) {
    const type = /^[IO](\d{3})/.exec(block2)?.[1];
    if (type === '103') return 'mt103';
    if (type === '202') return 'mt202';
    return {
      error: type
        ? `MT${type} is not a payment message read here (MT103 or MT202)`
        : `application header ${JSON.stringify(block2.slice(0, 4))} names no message type`,
    };
  }
  const tags = new Set(fields.map((f) => f.tag));
  const customer = ['50A', '50F', '50K', '59', '59A', '59F'].some((t) => tags.has(t));
  return !customer && (tags.has('58A') || tags.has('58D')) ? 'mt202' : 'mt103';
}

/** A free-text field as one segment from its first character to its last. */
function textSegment(text: string, field: MtField): TextSegment | undefined {
  const range = trimRange(text, { start: field.lines[0]!.start, end: field.lines.at(-1)!.end });
  if (range.end === range.start) return undefined;
  return { field: field.tag, start: range.start, end: range.end };
}
