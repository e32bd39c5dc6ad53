/**
 * `sanad scan FILE|DIR|-`: every listed name in a document's text, located (issue 16). A file
 * is plain text, PDF, .docx, e-mail, or a file of SWIFT MT103/MT202 or ISO 20022 pacs.008/009
 * messages; a directory is every file in it. Hits go to stdout as one JSON array (`--format
 * json`), one per line (`jsonl`) or a table; what could not be read goes to stderr, naming the
 * file and field, and the others are still screened. With `--run NAME` the documents are a
 * recorded screening run: each document is a subject of the run, its hits open alerts, and
 * every document is audited, as rows of `screen --input --run` are.
 *
 * Exit codes as for `screen`: 0 everything screened and nothing matched, 1 a match, 2 nothing
 * could be read (usage or input error), 3 some documents or messages were not screened.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { SanadError } from '../core/errors.js';
import type { MatchResult } from '../core/query.js';
import { readDocuments } from '../scan/extract/index.js';
import { scannerOf, TEXT_THRESHOLD, type ScanOptions } from '../scan/scanner.js';
import { ScanInputError, type ScanDocument, type ScanHit } from '../scan/types.js';
import { runBatch, type RunInput, type RunSummary } from '../screening/batch-run.js';
import { resolveDatasets } from '../screening/collections.js';
import { defaultThresholdText } from '../screening/default-threshold.js';
import type { Screener } from '../screening/screener.js';
import { ScreeningService } from '../screening/screening-service.js';
import { webhookFromEnv } from '../screening/webhooks.js';
import { NODE_PARTNER } from '../store/partners.js';
import { defaultHome, Store } from '../store/store.js';
import { cliActor } from './actor.js';
import {
  EXIT_ERROR,
  EXIT_INCOMPLETE,
  EXIT_MATCH,
  EXIT_OK,
  parseNumberOption,
} from './cli-options.js';
import { openScreener } from './open-screener.js';
import { openOutputFile } from './output-file.js';
import { formatTable, isolate } from './table.js';

/** A file larger than this is refused, naming it (a disk image, a dump). */
export const MAX_SCAN_FILE_BYTES = 256 * 1024 * 1024;
/** Files read from a directory, at most; more is an error, not a silent cut. */
export const MAX_SCAN_FILES = 100_000;

type ScanFormat = 'json' | 'jsonl' | 'table';

interface ScanCliOptions {
  format?: ScanFormat;
  list?: string[];
  threshold?: number;
  output?: string;
  partner: string;
  run?: string;
}

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description(
      'find listed names in a document: text, PDF, .docx, e-mail, SWIFT MT103/MT202 or pacs.008/009 messages (a file, a directory, or - for stdin)',
    )
    .argument('<input>', 'a file, a directory of files, or - to read standard input')
    .addOption(
      new Option('-f, --format <format>', 'output format (default: json)').choices([
        'json',
        'jsonl',
        'table',
      ]),
    )
    .option(
      '-l, --list <id...>',
      'scan against these lists only (default: all lists; `partners` for partner records)',
    )
    .option(
      '-t, --threshold <score>',
      `score at or above which a hit is reported (default: ${TEXT_THRESHOLD} in free text; for the parties of payment messages, screened as names, ${defaultThresholdText().replace('default: ', '')})`,
      parseNumberOption(0, 1),
    )
    .option('-o, --output <file>', 'write the hits to a file instead of stdout')
    .option(
      '--partner <id>',
      'scan as this partner: the public lists and the partner records in its scope',
      NODE_PARTNER,
    )
    .option(
      '--run <name>',
      'record the scan as a screening run: each hit a subject with its alert, every document audited; an interrupted run resumes under its name',
    )
    .action(async (input: string, opts: ScanCliOptions) => {
      process.exitCode = await scanCommand(input, opts);
    });
}

/** One input file as read: its documents, or why it (or some of its messages) could not be. */
interface ReadFile {
  name: string;
  documents: ScanDocument[];
  errors: ScanInputError[];
  /** Problems of messages that were read and screened all the same (a line too long). */
  warnings?: ScanInputError[];
  bytes: Uint8Array;
}

async function scanCommand(input: string, opts: ScanCliOptions): Promise<number> {
  const files = await readInputs(input);
  const documents = files.flatMap((f) => f.documents);
  const errors = files.flatMap((f) => f.errors);
  if (documents.length === 0) {
    // Nothing could be read: an input error, said as one, naming each file and field.
    for (const e of errors) process.stderr.write(`sanad: ${e.message}\n`);
    if (errors.length === 0) process.stderr.write(`sanad: ${input}: no documents to scan\n`);
    return errors.length === 1 && files.length === 1 ? EXIT_ERROR : EXIT_INCOMPLETE;
  }
  const several = documents.length + errors.length > 1;
  for (const w of files.flatMap((f) => f.warnings ?? []).slice(0, 20))
    process.stderr.write(`sanad: warning (screened all the same): ${w.message}\n`);
  if (opts.run !== undefined) return scanRun(input, files, several, opts);
  const screener = await openScreener(opts.partner);
  const options = scanOptions(opts, screener);
  const hits: ScanHit[] = [];
  const scanner = scannerOf(screener);
  for (const doc of documents)
    for (const hit of scanner.scan(doc, options))
      hits.push(several ? { ...hit, document: doc.name } : hit);
  await writeHits(hits, opts);
  return report(documents.length, errors, hits);
}

function scanOptions(opts: ScanCliOptions, screener: Screener): ScanOptions {
  return {
    lists: resolveDatasets(opts.list, screener.listIds),
    threshold: opts.threshold,
    partner: opts.partner,
  };
}

async function writeHits(hits: ScanHit[], opts: ScanCliOptions): Promise<void> {
  const output = opts.output ? await openOutputFile(opts.output) : undefined;
  const out = output?.stream ?? process.stdout;
  const format = opts.format ?? 'json';
  let text: string;
  if (format === 'json') text = `${JSON.stringify(hits, null, 2)}\n`;
  else if (format === 'jsonl') text = hits.map((h) => `${JSON.stringify(h)}\n`).join('');
  else {
    const rows = hits.map((h) => [
      h.document ?? '',
      String(h.line),
      h.field ?? '',
      isolate(oneLine(h.text)),
      h.score.toFixed(2),
      h.list,
      h.ref,
      isolate(h.caption),
    ]);
    text = rows.length
      ? formatTable(['document', 'line', 'field', 'text', 'score', 'list', 'ref', 'caption'], rows)
      : 'no hits\n';
  }
  out.write(text);
  await output?.commit();
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ');
}

/** The summary on stderr and the exit code: never clean while anything went unscreened. */
function report(documents: number, errors: ScanInputError[], hits: ScanHit[]): number {
  const matches = hits.filter((h) => h.match).length;
  process.stderr.write(
    `sanad: ${documents} document(s) scanned, ${errors.length} NOT scanned, ${hits.length} hit(s), ${matches} match(es)\n`,
  );
  for (const e of errors.slice(0, 20)) process.stderr.write(`  NOT scanned: ${e.message}\n`);
  if (errors.length > 20) process.stderr.write(`  … and ${errors.length - 20} more\n`);
  if (errors.length > 0) return EXIT_INCOMPLETE;
  return matches > 0 ? EXIT_MATCH : EXIT_OK;
}

// ---- reading -------------------------------------------------------------------------------

/** The input's files, read: standard input, one file, or every file of a directory. */
async function readInputs(input: string): Promise<ReadFile[]> {
  if (input === '-') return [await readOne('-', await readStdin())];
  const stat = await fs.stat(input).catch((error: unknown) => {
    throw new SanadError('invalid_input', `${input}: cannot be read (${codeOf(error)})`, {
      cause: error,
    });
  });
  if (!stat.isDirectory()) return [await readFile(input, input)];
  const names = await listFiles(input);
  const out: ReadFile[] = [];
  for (const name of names) out.push(await readFile(path.join(input, name), name));
  return out;
}

/** The files under a directory, sorted, hidden ones left out (.DS_Store, .git). */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const names: string[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    const rel = path.relative(dir, full);
    if (rel.split(path.sep).some((part) => part.startsWith('.'))) continue;
    names.push(rel);
  }
  if (names.length > MAX_SCAN_FILES)
    throw new SanadError(
      'invalid_input',
      `${dir}: ${names.length} files, more than ${MAX_SCAN_FILES} (scan its folders one by one)`,
    );
  return names.sort();
}

async function readFile(file: string, name: string): Promise<ReadFile> {
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_SCAN_FILE_BYTES)
      throw new ScanInputError(
        name,
        `is ${stat.size} bytes, more than the ${MAX_SCAN_FILE_BYTES} a document may have`,
      );
    return await readOne(name, new Uint8Array(await fs.readFile(file)));
  } catch (error) {
    if (error instanceof ScanInputError)
      return { name, documents: [], errors: [error], bytes: new Uint8Array() };
    throw new SanadError('invalid_input', `${name}: cannot be read (${codeOf(error)})`, {
      cause: error,
    });
  }
}

async function readOne(name: string, bytes: Uint8Array): Promise<ReadFile> {
  try {
    const { documents, errors, warnings } = await readDocuments(bytes, name);
    return { name, documents, errors, warnings, bytes };
  } catch (error) {
    if (error instanceof ScanInputError) return { name, documents: [], errors: [error], bytes };
    throw error;
  }
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_SCAN_FILE_BYTES)
      throw new ScanInputError(
        '-',
        `standard input is more than the ${MAX_SCAN_FILE_BYTES} bytes a document may have`,
      );
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function codeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' ? 'no such file or directory' : (code ?? String(error));
}

// ---- runs ----------------------------------------------------------------------------------

/**
 * The documents as a recorded run, in order (a file's messages one after the other). Each hit
 * is a row whose subject is the text found (`a.txt@120-140`, named by what was written there),
 * so that its alert is about a name, as every alert is, and can be scored again on the alert's
 * page; a document without hits is one row, screened and clean; an unreadable document or
 * message is a row that says why. The hits are found before the run starts (scanning is pure)
 * and the run records them: subjects, alerts, webhook messages, audit.
 */
async function scanRun(
  input: string,
  files: ReadFile[],
  several: boolean,
  opts: ScanCliOptions,
): Promise<number> {
  const sha = createHash('sha256');
  for (const f of files) sha.update(f.name).update('\0').update(f.bytes).update('\0');
  const home = defaultHome();
  const store = await Store.open(home);
  const hits: ScanHit[] = [];
  let summary: RunSummary;
  let documents = 0;
  try {
    const service = new ScreeningService(store, store.dialect === 'sqlite' ? home : undefined);
    await service.start();
    const screener = service.screener;
    const options = scanOptions(opts, screener);
    const scanner = scannerOf(screener);
    const items: RunInput[] = [];
    const results = new Map<number, MatchResult[]>();
    const row = (id: string, name: string, found: MatchResult[]) => {
      const line = items.length + 1;
      results.set(line, found);
      items.push({ line, row: { id, idGiven: true, name } });
    };
    for (const f of files) {
      for (const doc of f.documents) {
        documents++;
        const found = scanner.scanWithResults(doc, options);
        if (found.length === 0) row(doc.name, subjectName(doc), []);
        for (const { hit, result } of found) {
          hits.push(several ? { ...hit, document: doc.name } : hit);
          row(`${doc.name}@${hit.start}-${hit.end}`, oneLine(hit.text), [result]);
        }
      }
      for (const e of f.errors)
        items.push({ line: items.length + 1, id: f.name, error: e.message });
    }
    summary = await runBatch(store, screener, input, iterate(items), {
      runId: opts.run!,
      partner: opts.partner,
      monitor: false,
      actor: cliActor(),
      match: { threshold: opts.threshold, lists: options.lists },
      webhook: webhookFromEnv() !== undefined,
      sourceSha256: sha.digest('hex'),
      sourceName: input === '-' ? 'stdin' : input,
      screen: (item) => results.get(item.line) ?? [],
    });
  } finally {
    await store.close();
  }
  await writeHits(hits, opts);
  const errors = files.flatMap((f) => f.errors);
  process.stderr.write(
    `sanad: run ${summary.runId}${summary.resumed ? ' (resumed)' : ''}: ${documents + errors.length} document(s), ${documents} scanned, ${errors.length} NOT scanned, ${hits.length} hit(s) recorded as ${summary.withHits} subject(s) with a match, ${summary.alerts} new alert(s)\n`,
  );
  for (const e of errors.slice(0, 20)) process.stderr.write(`  NOT scanned: ${e.message}\n`);
  if (summary.unscreened > 0 || summary.rows === 0) return EXIT_INCOMPLETE;
  return summary.withHits > 0 ? EXIT_MATCH : EXIT_OK;
}

/** What a run's subject is called: the document, and its reference when it has one. */
function subjectName(doc: ScanDocument): string {
  return doc.id ? `${doc.name} (${doc.kind} ${doc.id})` : `${doc.name} (${doc.kind})`;
}

async function* iterate(items: RunInput[]): AsyncIterable<RunInput> {
  for (const item of items) yield item;
}
