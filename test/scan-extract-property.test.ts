/**
 * Whatever bytes a user sends, reading them either yields documents whose segments lie in order
 * inside their text, or fails with a ScanInputError naming the file: never another exception
 * (a TypeError from a parser, a RangeError from a decoder) that would stop a batch.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDocuments } from '../src/scan/extract/index.js';
import { ScanInputError } from '../src/scan/types.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/scan/${name}`, import.meta.url));

async function readsOrRefuses(bytes: Uint8Array, name: string): Promise<void> {
  try {
    const { documents } = await readDocuments(bytes, name);
    for (const doc of documents) {
      let previous = 0;
      for (const s of doc.segments) {
        expect(s.start).toBeGreaterThanOrEqual(previous);
        expect(s.end).toBeGreaterThan(s.start);
        expect(s.end).toBeLessThanOrEqual(doc.text.length);
        previous = s.end;
      }
    }
  } catch (error) {
    expect(error).toBeInstanceOf(ScanInputError);
    expect((error as Error).message.startsWith(name)).toBe(true);
  }
}

/** A file cut short and with a few bytes overwritten, as a broken transfer leaves it. */
const damage = (file: Buffer) =>
  fc
    .record({
      cut: fc.integer({ min: 1, max: file.length }),
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
    })
    .map(({ cut, flips }) => {
      const bytes = Buffer.from(file.subarray(0, cut));
      for (const [at, value] of flips) bytes[at % bytes.length] = value;
      return bytes;
    });

describe('readDocuments on any bytes', () => {
  it('reads or refuses arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2_000 }), (bytes) =>
        readsOrRefuses(bytes, 'any.txt'),
      ),
      { numRuns: 300 },
    );
  });

  for (const [file, runs] of [
    ['mail.eml', 150],
    ['memo.docx', 150],
    ['report.pdf', 60],
  ] as const) {
    it(`reads or refuses ${file} cut short and damaged`, async () => {
      await fc.assert(
        fc.asyncProperty(damage(fixture(file)), (bytes) => readsOrRefuses(bytes, file)),
        { numRuns: runs },
      );
    });
  }
});
