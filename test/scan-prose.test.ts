/**
 * Prose that names no listed person raises no person alert (issue 16, precision in prose):
 * the benchmark's corpus (bench/prose/, Arabic and English, full of Arabic names that are not
 * listed and of words that are also name tokens) scanned against the UN list. The listed people
 * and organisations it does name are in bench/prose/expected.json; every other hit with
 * `match: true` on a person is a false alert.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectedMentions,
  falseHits,
  isExpected,
  proseFiles,
  type ExpectedMention,
  type ProseFile,
} from '../bench/scan-corpus.js';
import { scanText } from '../src/scan/scanner.js';
import type { ScanHit } from '../src/scan/types.js';
import { BUNDLED_UN_LIST } from '../src/screening/resources.js';
import { Screener } from '../src/screening/screener.js';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';

let screener: Screener;
let files: ProseFile[];
let expected: ExpectedMention[];

beforeAll(async () => {
  screener = Screener.fromEntities(
    (await readUnXml(fs.createReadStream(BUNDLED_UN_LIST))).entities,
  );
  files = proseFiles();
  expected = expectedMentions();
});

const brief = ({ file, hit }: { file: string; hit: ScanHit }) =>
  `${file} ${hit.start}-${hit.end}: ${hit.ref} ${hit.caption} ${hit.score.toFixed(2)}`;

describe('the prose corpus', () => {
  it('is Arabic and English prose, each language some thousands of words', () => {
    const words = (lang: string) =>
      files.filter((f) => f.lang === lang).reduce((n, f) => n + f.words, 0);
    expect(words('ar')).toBeGreaterThan(5000);
    expect(words('en')).toBeGreaterThan(4000);
  });

  it('annotates only text that is in the file it names', () => {
    for (const m of expected) {
      const f = files.find((x) => x.file === m.file);
      expect(f?.text.includes(m.text), `${m.file}: ${m.text}`).toBe(true);
    }
  });

  it('counts a hit on an annotated mention as expected, and one elsewhere as not', () => {
    const m = expected[0]!;
    const f = files.find((x) => x.file === m.file)!;
    const at = f.text.indexOf(m.text);
    const hit = { list: m.list, ref: m.ref, start: at, end: at + m.text.length };
    expect(isExpected(f, hit, expected)).toBe(true);
    expect(isExpected(f, { ...hit, ref: 'QDi.000' }, expected)).toBe(false);
    expect(
      isExpected(
        f,
        { ...hit, start: at + m.text.length + 1, end: at + m.text.length + 9 },
        expected,
      ),
    ).toBe(false);
  });
});

describe('scanning the prose corpus against the UN list', () => {
  it('raises no person alert beyond the annotated mentions', () => {
    const fh = falseHits(files, expected, (text) => scanText(screener, text));
    expect(fh.hits.filter(({ hit }) => hit.schema === 'Person').map(brief)).toEqual([]);
  });

  it('raises at most one false hit per 100,000 words, of any kind', () => {
    const fh = falseHits(files, expected, (text) => scanText(screener, text));
    const allowed = Math.floor(fh.words / 100_000);
    expect(fh.hits.map(brief).slice(allowed)).toEqual([]);
  });
});
