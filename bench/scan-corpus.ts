/**
 * The prose corpus of the free-text scan benchmarks (issue 16): news-like Arabic and English
 * text from openly licensed and public-domain sources (bench/prose/PROVENANCE.md), with the
 * listed organisations and people it truly mentions (bench/prose/expected.json), so that a true
 * mention is not counted as a false hit. The planted-name generator draws its sentences here,
 * and the false-hit rate is measured on it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ScanHit } from '../src/scan/types.js';

export const PROSE_DIR = path.resolve(import.meta.dirname, 'prose');

export interface ProseFile {
  /** The file name in bench/prose/ (`ar-….txt`, `en-….txt`). */
  file: string;
  lang: 'ar' | 'en';
  text: string;
  words: number;
}

/**
 * A listed entity truly mentioned in the corpus: every hit on that entity (same list and ref)
 * whose span overlaps an occurrence of `text` in `file` is expected, not false.
 */
export interface ExpectedMention {
  file: string;
  text: string;
  list: string;
  ref: string;
  /** Why it is a true mention: the entry it names. */
  note: string;
}

/** A stretch of one corpus file: where the planted names go. */
export interface Sentence {
  file: string;
  lang: 'ar' | 'en';
  text: string;
}

/** Words as the per-100,000-words rate counts them: runs of non-space characters. */
export function wordCount(text: string): number {
  return text.split(/\s+/u).filter(Boolean).length;
}

/** Every corpus file, in name order (so every run reads them alike). */
export function proseFiles(dir: string = PROSE_DIR): ProseFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^(ar|en)-.+\.txt$/u.test(f))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      return { file, lang: file.slice(0, 2) as 'ar' | 'en', text, words: wordCount(text) };
    });
}

export function expectedMentions(dir: string = PROSE_DIR): ExpectedMention[] {
  return JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as ExpectedMention[];
}

/**
 * The corpus cut into sentences of 8 to 60 words: at a full stop, question mark or line end
 * (Latin and Arabic punctuation). Shorter pieces are headings and list items, not prose.
 */
export function sentencesOf(files: ProseFile[]): Sentence[] {
  const out: Sentence[] = [];
  for (const f of files)
    for (const piece of f.text.split(/(?<=[.!?؟])\s+|\n+/u)) {
      const text = piece.trim();
      const n = wordCount(text);
      if (n >= 8 && n <= 60) out.push({ file: f.file, lang: f.lang, text });
    }
  return out;
}

/** Where `needle` occurs in `text`, as [start, end) spans. */
function occurrences(text: string, needle: string): [number, number][] {
  const spans: [number, number][] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1))
    spans.push([i, i + needle.length]);
  return spans;
}

/** Whether a hit of `file` is one of the corpus's true mentions. */
export function isExpected(
  file: ProseFile,
  hit: Pick<ScanHit, 'list' | 'ref' | 'start' | 'end'>,
  expected: ExpectedMention[],
): boolean {
  return expected.some(
    (m) =>
      m.file === file.file &&
      m.list === hit.list &&
      m.ref === hit.ref &&
      occurrences(file.text, m.text).some(([s, e]) => hit.start < e && s < hit.end),
  );
}

export interface FalseHits {
  words: number;
  /** Hits with `match: true` that no expected mention accounts for. */
  hits: { file: string; hit: ScanHit }[];
  /** Expected mentions found (true hits), for the report. */
  expectedFound: number;
  per100kWords: number;
}

/** The false hits of scanning every file with `scan`, per 100,000 words of prose. */
export function falseHits(
  files: ProseFile[],
  expected: ExpectedMention[],
  scan: (text: string) => ScanHit[],
): FalseHits {
  const hits: FalseHits['hits'] = [];
  let expectedFound = 0;
  let words = 0;
  for (const f of files) {
    words += f.words;
    for (const hit of scan(f.text)) {
      if (!hit.match) continue;
      if (isExpected(f, hit, expected)) expectedFound++;
      else hits.push({ file: f.file, hit });
    }
  }
  return { words, hits, expectedFound, per100kWords: (hits.length / words) * 100_000 };
}
