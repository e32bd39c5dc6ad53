import { once } from 'node:events';
import { Command, Option } from 'commander';
import { SanadError } from '../core/errors.js';
import { describeEncoding, type EncodingChoice } from '../core/text-encoding.js';
import { ensureBundledList, importCsvList, loadFromSource } from '../screening/list-loader.js';
import { exportFtm, importFtmList } from '../screening/ftm-import.js';
import { removalGuard } from '../screening/list-refresh.js';
import { findListSource, LIST_SOURCES } from '../sources/registry.js';
import { sniff } from '../sources/sniff.js';
import { defaultHome, Store, type ListDiff, type LoadOutcome } from '../store/store.js';
import { versionName } from '../store/version-name.js';
import { cliActor } from './actor.js';
import { withStore } from './with-store.js';
import { monitorAndNotify } from './workflow-commands.js';
import { registerRefreshCommand } from './refresh-command.js';
import { formatTable } from './table.js';
import { openOutputFile } from './output-file.js';

export function registerListCommands(program: Command): void {
  const lists = program
    .command('lists')
    .description(
      'show the lists, their versions and entry counts; load, import and compare versions',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['table', 'json'])
        .default('table'),
    )
    // Options after a subcommand (lists diff … --format json) belong to the subcommand.
    .passThroughOptions()
    .action(async (opts: { format: string }) =>
      withStore((store) => showLists(store, opts.format)),
    );

  lists
    .command('load')
    .description(
      `load a new version of an official list from its file, directory or URL (${LIST_SOURCES.map((s) => s.id).join(', ')})`,
    )
    .argument('<list>', `list id: ${LIST_SOURCES.map((s) => s.id).join(', ')}`)
    .argument(
      '<source>',
      "file path, directory or http(s) URL of the publisher's file; the format is detected",
    )
    .option('--encoding <name>', "a text file's encoding, e.g. windows-1252 (default: detected)")
    .option(
      '--max-removed <share>',
      "refuse a file that removes more than this share of the active version's entries (0–1)",
      '0.5',
    )
    .action(
      async (list: string, source: string, opts: { encoding?: string; maxRemoved: string }) => {
        const maxRemoved = Number(opts.maxRemoved);
        if (!(maxRemoved >= 0 && maxRemoved <= 1))
          throw new SanadError(
            'invalid_input',
            `--max-removed "${opts.maxRemoved}" must be a number from 0 to 1`,
          );
        if (!findListSource(list))
          throw new SanadError(
            'invalid_input',
            `"${list}" is not an official list sanad reads (${LIST_SOURCES.map((s) => s.id).join(', ')}); import a list of your own with \`sanad lists import NAME FILE\``,
          );
        await withStore(async (store) => {
          const outcome = await loadFromSource(store, list, source, {
            actor: cliActor(),
            encoding: opts.encoding,
            check: removalGuard(store, list, maxRemoved, source),
          });
          report(outcome, list);
          for (const w of outcome.warnings.slice(0, 20)) process.stderr.write(`  warning: ${w}\n`);
          if (outcome.warnings.length > 20)
            process.stderr.write(`  … and ${outcome.warnings.length - 20} more warnings\n`);
          // A new version: the monitored subjects are screened again the same day, now.
          if (outcome.created) await monitorAndNotify(store, defaultHome());
        });
      },
    );

  registerRefreshCommand(lists);

  lists
    .command('import')
    .description(
      'import a local list from CSV (columns id,name,schema,aliases,birth_date,nationality) or from FollowTheMoney JSON lines (an entity file, or an OpenSanctions delta applied on the active version)',
    )
    .argument('<name>', 'list id, e.g. "watchlist"')
    .argument('<file>', 'CSV or FtM JSON lines file')
    .addOption(
      new Option(
        '-f, --format <format>',
        'file format (default: ftm for .json/.jsonl or JSON content, else csv)',
      ).choices(['csv', 'ftm']),
    )
    .option('--allow-invalid', 'import the valid rows even if some rows are invalid (CSV)')
    .option('--encoding <name>', "the file's text encoding, e.g. windows-1256 (default: detected)")
    .action(async (name: string, file: string, opts: ImportOptions) =>
      withStore(async (store) => {
        if ((opts.format ?? (await importFormat(file))) === 'ftm') {
          const outcome = await importFtmList(store, name, file, { actor: cliActor() });
          report(outcome, name);
          process.stderr.write(
            `  ${outcome.fileKind === 'delta' ? `delta: ${outcome.upserted} added or changed, ${outcome.removed} removed` : `${outcome.upserted} entities`}\n`,
          );
          for (const w of outcome.warnings) process.stderr.write(`  warning: ${w}\n`);
          if (outcome.created) await monitorAndNotify(store, defaultHome());
          return;
        }
        const outcome = await importCsvList(store, name, file, { ...opts, actor: cliActor() });
        reportEncoding(file, outcome.encoding);
        report(outcome, name);
        if (outcome.created) await monitorAndNotify(store, defaultHome());
        for (const r of outcome.rejected)
          process.stderr.write(
            `  skipped line ${r.line}${r.id ? ` (id ${r.id})` : ''}: ${r.error}\n`,
          );
      }),
    );

  lists
    .command('export')
    .description('write the active version of a list as FollowTheMoney JSON lines')
    .argument('<list>', 'list id')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['ftm']).default('ftm'))
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .action(async (list: string, opts: { output?: string }) =>
      withStore(async (store) => {
        await ensureBundledList(store);
        const known = (await store.lists()).find((l) => l.id === list);
        if (!known?.active)
          throw new SanadError('not_found', `no list "${list}" with an active version`);
        const entities = await store.activeEntities([list]);
        const output = opts.output ? await openOutputFile(opts.output) : undefined;
        try {
          const stream = output?.stream ?? process.stdout;
          for (const line of exportFtm(entities))
            if (!stream.write(line)) await once(stream, 'drain');
          await output?.commit();
        } catch (error) {
          output?.abandon();
          throw error;
        }
        process.stderr.write(`sanad: exported ${entities.length} entries of ${list}\n`);
      }),
    );

  lists
    .command('diff')
    .description(
      'entries added, removed and amended between two versions: a number (2 or v2), a date (2026-02-27), "active" or "previous"',
    )
    .argument('<list>', 'list id')
    .argument('<from>', 'older version')
    .argument('<to>', 'newer version')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (list: string, from: string, to: string, opts: { format: string }) =>
      withStore(async (store) => {
        const diff = await store.diff(list, from, to);
        process.stdout.write(
          opts.format === 'json' ? JSON.stringify(diff, null, 2) + '\n' : formatDiff(diff),
        );
      }),
    );
}

interface ImportOptions {
  format?: 'csv' | 'ftm';
  allowInvalid?: boolean;
  encoding?: string;
}

/** FtM for `.json`, `.jsonl` and `.ftm.json` files, or files whose content is JSON; else CSV. */
async function importFormat(file: string): Promise<'csv' | 'ftm'> {
  if (/\.(jsonl?|ndjson)$/i.test(file)) return 'ftm';
  const found = await sniff(file);
  return found.kind === 'json' ? 'ftm' : 'csv';
}

/** Says which encoding a file was read in, unless it was UTF-8 or the user named it. */
function reportEncoding(file: string, encoding: EncodingChoice | undefined): void {
  if (encoding && encoding.name !== 'utf-8' && encoding.how !== 'given')
    process.stderr.write(`sanad: read ${file} as ${describeEncoding(encoding)}\n`);
}

async function showLists(store: Store, format: string): Promise<void> {
  await ensureBundledList(store);
  const lists = await store.lists();
  if (format === 'json') {
    process.stdout.write(JSON.stringify(lists, null, 2) + '\n');
    return;
  }
  const rows = lists.flatMap((l) =>
    l.versions.map((v) => [
      v.active ? l.id : '',
      versionName(v),
      v.active ? 'active' : '',
      String(v.entityCount),
      v.loadedAt.slice(0, 19).replace('T', ' '),
      v.source,
    ]),
  );
  process.stdout.write(
    formatTable(['list', 'version', 'state', 'entries', 'loaded', 'source'], rows, 80),
  );
}

function report(outcome: LoadOutcome, list: string): void {
  const v = outcome.version;
  const what = outcome.created ? 'loaded' : 'already stored; made active again:';
  process.stderr.write(
    `sanad: ${list} ${what} ${versionName(v)}, ${v.entityCount} entries${outcome.previous && outcome.previous.id !== v.id ? `; previous active ${versionName(outcome.previous)}` : ''}\n`,
  );
}

function formatDiff(d: ListDiff): string {
  const lines = [
    `${d.listId}: ${versionName(d.from)} → ${versionName(d.to)}`,
    `added ${d.added.length}, removed ${d.removed.length}, amended ${d.amended.length}, unchanged ${d.unchanged}`,
    '',
  ];
  for (const e of d.added) lines.push(`+ ${e.ref}  ${e.caption}`);
  for (const e of d.removed) lines.push(`- ${e.ref}  ${e.caption}`);
  for (const e of d.amended) lines.push(`~ ${e.ref}  ${e.caption}  [${e.changed.join(', ')}]`);
  return lines.join('\n') + '\n';
}
