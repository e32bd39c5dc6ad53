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
 * whose span overlaps an occurrence of `text` in `file` is expected, not false. With `kind:
 * 'collision'`, the text names someone else who bears one of the entry's listed names word for
 * word (a name screener is right to alert on it; the alert is cleared by the facts, not the
 * name): such hits are counted apart, neither true mentions nor false hits.
 */
export interface ExpectedMention {
  file: string;
  text: string;
  list: string;
  ref: string;
  /** Why it is a true mention (the entry it names), or whose name it is for a collision. */
  note: string;
  kind?: 'mention' | 'collision';
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

/** The annotation that accounts for a hit of `file`, if one does. */
export function annotationOf(
  file: ProseFile,
  hit: Pick<ScanHit, 'list' | 'ref' | 'start' | 'end'>,
  expected: ExpectedMention[],
): ExpectedMention | undefined {
  return expected.find(
    (m) =>
      m.file === file.file &&
      m.list === hit.list &&
      m.ref === hit.ref &&
      occurrences(file.text, m.text).some(([s, e]) => hit.start < e && s < hit.end),
  );
}

/** Whether a hit of `file` is one of the corpus's true mentions. */
export function isExpected(
  file: ProseFile,
  hit: Pick<ScanHit, 'list' | 'ref' | 'start' | 'end'>,
  expected: ExpectedMention[],
): boolean {
  const m = annotationOf(file, hit, expected);
  return m !== undefined && m.kind !== 'collision';
}

export interface FalseHits {
  words: number;
  /** Hits with `match: true` that no expected mention accounts for. */
  hits: { file: string; hit: ScanHit }[];
  /** Expected mentions found (true hits), for the report. */
  expectedFound: number;
  /** Hits on annotated name collisions (another person bearing a listed name). */
  collisions: { file: string; hit: ScanHit }[];
  /** True mentions (of the lists scanned) that no hit found. */
  missedMentions: ExpectedMention[];
  per100kWords: number;
}

/**
 * The false hits of scanning every file with `scan`, per 100,000 words of prose, and the true
 * mentions of `lists` (the lists scanned) that it missed.
 */
export function falseHits(
  files: ProseFile[],
  expected: ExpectedMention[],
  scan: (text: string) => ScanHit[],
  lists: ReadonlySet<string> = new Set(expected.map((m) => m.list)),
): FalseHits {
  const hits: FalseHits['hits'] = [];
  const collisions: FalseHits['collisions'] = [];
  const found = new Set<ExpectedMention>();
  let expectedFound = 0;
  let words = 0;
  for (const f of files) {
    words += f.words;
    for (const hit of scan(f.text)) {
      if (!hit.match) continue;
      const m = annotationOf(f, hit, expected);
      if (m) found.add(m);
      if (m?.kind === 'collision') collisions.push({ file: f.file, hit });
      else if (m) expectedFound++;
      else hits.push({ file: f.file, hit });
    }
  }
  const missedMentions = expected.filter(
    (m) => m.kind !== 'collision' && lists.has(m.list) && !found.has(m),
  );
  const per100kWords = (hits.length / words) * 100_000;
  return { words, hits, expectedFound, collisions, missedMentions, per100kWords };
}
