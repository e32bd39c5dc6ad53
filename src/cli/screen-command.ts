/**
 * `sanad screen`: one name to a table (or JSONL/CSV), or every row of a file, optionally as a
 * recorded run. Exit 1 when anything matched, so that scripts can branch on it; exit 3 when
 * rows of a file were not screened, so that such a batch never passes for a clean one.
 */
import { Command, Option } from 'commander';
import { SanadError } from '../core/errors.js';
import { describeEncoding } from '../core/text-encoding.js';
import { explainBrief } from '../match/explain.js';
import { DEFAULT_MATCH_OPTIONS } from '../match/matcher.js';
import { defaultThresholdText } from '../screening/default-threshold.js';
import type { ScreenOptions } from '../screening/screener.js';
import type { VersionSummary } from '../store/store.js';
import { webhookFromEnv } from '../screening/webhooks.js';
import { NODE_PARTNER } from '../store/partners.js';
import { versionName } from '../store/version-name.js';
import { buildQuery } from './build-query.js';
import { EXIT_INCOMPLETE, EXIT_MATCH, EXIT_OK, parseNumberOption } from './cli-options.js';
import { openScreener, openWorkerSource } from './open-screener.js';
import { openOutputFile, type OutputFile } from './output-file.js';
import { screeningInput } from '../screening/read-rows.js';
import { toMatchRecord } from './result-record.js';
import { resolveDatasets } from '../screening/collections.js';
import { createWriter, type OutputFormat } from './result-writer.js';
import { batchWorkers, screenFile, type BatchEngine, type BatchSummary } from './screen-batch.js';
import { screenRun } from './screen-run.js';
import { formatTable } from './table.js';

interface ScreenCliOptions {
  schema?: string;
  birthDate?: string;
  nationality?: string;
  input?: string;
  encoding?: string;
  output?: string;
  format?: OutputFormat;
  threshold?: number;
  limit: number;
  list?: string[];
  progress: boolean;
  workers?: number;
  run?: string;
  monitor?: boolean;
  partner: string;
  /** False with --no-worker. */
  worker: boolean;
}

export function registerScreenCommand(program: Command): void {
  program
    .command('screen')
    .description('screen one name, or every row of a CSV/JSONL file (--input)')
    .argument('[name]', 'the name to screen, in Arabic or Latin script')
    .option('--schema <schema>', `Person, Organization, LegalEntity or Vessel`)
    .option('--birth-date <date>', 'date of birth: YYYY, YYYY-MM or YYYY-MM-DD')
    .option('--nationality <country>', 'nationality: ISO code or country name')
    .option(
      '-i, --input <file>',
      'screen a .csv, .tsv, .xlsx or .jsonl file (columns id,name,schema,birth_date,nationality)',
    )
    .option(
      '--encoding <name>',
      "the input's text encoding, e.g. windows-1256 (default: detected; see README)",
    )
    .option('-o, --output <file>', 'write results to a file instead of stdout')
    .addOption(
      new Option(
        '-f, --format <format>',
        'output format (default: table for a name, jsonl for a file)',
      ).choices(['jsonl', 'csv', 'table']),
    )
    .option(
      '-t, --threshold <score>',
      `score at or above which a result is a match (${defaultThresholdText()})`,
      parseNumberOption(0, 1),
    )
    .option(
      '-n, --limit <n>',
      'results per name',
      parseNumberOption(1, 100, true),
      DEFAULT_MATCH_OPTIONS.limit,
    )
    .option(
      '-l, --list <id>',
      'screen against this list only (repeatable; default: all lists)',
      collect,
    )
    .option('--no-progress', 'no progress bar')
    .option(
      '--run <name>',
      'record this batch as a screening run (subjects, alerts); run again to resume',
    )
    .option(
      '--monitor',
      "keep the run's subjects under monitoring: re-screened when a list changes",
    )
    .option(
      '--partner <id>',
      'screen as this partner: the public lists and the partner records in its scope',
      NODE_PARTNER,
    )
    .option(
      '--no-worker',
      'with --run on PostgreSQL: leave the chunks to `sanad worker` processes instead of helping',
    )
    .option(
      '--workers <n>',
      'worker threads for --input (default: one per core for files over 1 MB; 0: none)',
      parseNumberOption(0, 64, true),
    )
    .action(async (name: string | undefined, opts: ScreenCliOptions) => {
      process.exitCode = await screenCommand(name, opts);
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

async function screenCommand(name: string | undefined, opts: ScreenCliOptions): Promise<number> {
  if ((name === undefined) === (opts.input === undefined)) {
    throw new SanadError(
      'invalid_input',
      'give either a NAME or --input FILE (see sanad screen --help)',
    );
  }
  if (opts.monitor && !opts.run)
    throw new SanadError('invalid_input', '--monitor needs --run NAME');
  if (opts.encoding !== undefined && opts.input === undefined)
    throw new SanadError('invalid_input', '--encoding needs --input FILE');
  // The file is checked and its encoding settled before any output is opened.
  const encoding = opts.input === undefined ? undefined : await inputEncoding(opts.input, opts);
  if (opts.run !== undefined) {
    if (opts.input === undefined) throw new SanadError('invalid_input', '--run needs --input FILE');
    return screenRun(
      opts.input,
      { threshold: opts.threshold, limit: opts.limit, lists: opts.list },
      {
        run: opts.run,
        partner: opts.partner,
        monitor: opts.monitor ?? false,
        format: opts.format ?? 'jsonl',
        output: opts.output,
        progress: opts.progress && process.stderr.isTTY,
        // Checked now, before the run queues a message for a webhook that cannot take it.
        webhook: webhookFromEnv() !== undefined,
        encoding,
        worker: opts.worker,
      },
    );
  }
  if (opts.input !== undefined) return screenInput(opts.input, { ...opts, encoding });
  const screener = await openScreener(opts.partner);
  const options = screenOptions(opts, screener.listIds);
  const query = buildQuery(name!, opts);
  const results = screener.screen(query, options);
  const output = opts.output ? await openOutputFile(opts.output) : undefined;
  const out = output?.stream ?? process.stdout;
  const format = opts.format ?? 'table';
  if (format === 'table') {
    const rows = results.map((r, i) => [
      String(i + 1),
      r.score.toFixed(2),
      r.match ? 'MATCH' : '',
      r.entity.provenance.listId,
      r.entity.provenance.ref,
      r.entity.caption,
      explainBrief(r.explanation),
    ]);
    out.write(
      rows.length
        ? formatTable(['rank', 'score', 'match', 'list', 'ref', 'caption', 'explanation'], rows)
        : `no result for "${name}"\n`,
    );
  } else {
    const writer = createWriter(format, out);
    writer.write({ id: '1', name: name!, matches: results.map(toMatchRecord) });
    writer.end();
  }
  await output?.commit();
  return results.some((r) => r.match) ? EXIT_MATCH : EXIT_OK;
}

function screenOptions(opts: ScreenCliOptions, listIds: string[]): ScreenOptions {
  return {
    threshold: opts.threshold,
    limit: opts.limit,
    lists: resolveDatasets(opts.list, listIds),
    partner: opts.partner,
  };
}

/**
 * A file is screened in this thread, or by worker threads that open the index themselves: then
 * this thread opens none (it would hold it, unused, beside theirs).
 */
async function screenInput(input: string, opts: ScreenCliOptions): Promise<number> {
  const workers = batchWorkers(input, opts.workers);
  let engine: BatchEngine;
  let source: { versions: VersionSummary[]; listIds: string[] };
  if (workers > 0) {
    const index = await openWorkerSource(opts.partner);
    engine = { workers, index };
    source = index;
  } else {
    const screener = await openScreener(opts.partner);
    engine = { screener };
    source = screener;
  }
  const options = screenOptions(opts, source.listIds);
  const output = opts.output ? await openOutputFile(opts.output) : undefined;
  const summary = await screenFile(engine, input, output?.stream ?? process.stdout, {
    format: opts.format ?? 'jsonl',
    encoding: opts.encoding,
    match: options,
    progress: opts.progress && process.stderr.isTTY,
  }).catch((error: unknown) => abandon(output, error));
  await output?.commit();
  const rate =
    summary.seconds > 0 ? Math.round(summary.screened / summary.seconds) : summary.screened;
  process.stderr.write(
    `sanad: ${summary.rows} rows, ${summary.screened} screened, ${summary.withMatches} with a match (${summary.matches} matches), ` +
      `${summary.failed.length} NOT screened; ${summary.seconds.toFixed(2)} s, ${rate} names/s, ${summary.workers || 1} thread(s); lists: ${source.versions.map((v) => `${v.listId} ${versionName(v)}`).join(', ')}\n`,
  );
  for (const f of summary.failed.slice(0, 20))
    process.stderr.write(`  line ${f.line}${f.id ? ` (id ${f.id})` : ''}: ${f.error}\n`);
  if (summary.failed.length > 20)
    process.stderr.write(`  … and ${summary.failed.length - 20} more unreadable rows\n`);
  return verdict(input, summary);
}

/** A file with unscreened rows, or none at all, is incomplete, whatever else it held. */
function verdict(input: string, summary: BatchSummary): number {
  if (summary.rows === 0) {
    process.stderr.write(`sanad: ${input} has no data rows: nothing was screened\n`);
    return EXIT_INCOMPLETE;
  }
  const failed = summary.failed;
  if (failed.length > 0) {
    const lines = failed.slice(0, 20).map((f) => f.line);
    process.stderr.write(
      `sanad: ${failed.length} row(s) not screened: see line(s) ${lines.join(', ')}${failed.length > 20 ? ', …' : ''}\n`,
    );
    return EXIT_INCOMPLETE;
  }
  return summary.withMatches > 0 ? EXIT_MATCH : EXIT_OK;
}

function abandon(output: OutputFile | undefined, error: unknown): never {
  output?.abandon();
  throw error;
}

/** The input's encoding; said on stderr unless it is UTF-8 or the user named it. */
async function inputEncoding(input: string, opts: ScreenCliOptions): Promise<string | undefined> {
  const { encoding } = await screeningInput(input, { encoding: opts.encoding });
  if (encoding && encoding.name !== 'utf-8' && encoding.how !== 'given')
    process.stderr.write(`sanad: reading ${input} as ${describeEncoding(encoding)}\n`);
  return encoding?.name;
}
