import { Command, Option } from 'commander';
import { SanadError } from '../core/errors.js';
import { describeEncoding, type EncodingChoice } from '../core/text-encoding.js';
import { ensureBundledList, importCsvList, loadFromSource } from '../screening/list-loader.js';
import { findListSource, LIST_SOURCES } from '../sources/registry.js';
import { defaultHome, Store, type ListDiff, type LoadOutcome } from '../store/store.js';
import { versionName } from '../store/version-name.js';
import { cliActor } from './actor.js';
import { withStore } from './with-store.js';
import { monitorAndNotify } from './workflow-commands.js';
import { registerRefreshCommand } from './refresh-command.js';
import { formatTable } from './table.js';

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
    .action(async (list: string, source: string, opts: { encoding?: string }) => {
      if (!findListSource(list))
        throw new SanadError(
          'invalid_input',
          `"${list}" is not an official list sanad reads (${LIST_SOURCES.map((s) => s.id).join(', ')}); import a list of your own with \`sanad lists import NAME FILE\``,
        );
      await withStore(async (store) => {
        const outcome = await loadFromSource(store, list, source, {
          actor: cliActor(),
          encoding: opts.encoding,
        });
        report(outcome, list);
        for (const w of outcome.warnings.slice(0, 20)) process.stderr.write(`  warning: ${w}\n`);
        if (outcome.warnings.length > 20)
          process.stderr.write(`  … and ${outcome.warnings.length - 20} more warnings\n`);
        // A new version: the monitored subjects are screened again the same day, now.
        if (outcome.created) await monitorAndNotify(store, defaultHome());
      });
    });

  registerRefreshCommand(lists);

  lists
    .command('import')
    .description(
      'import a local list from CSV (columns id,name,schema,aliases,birth_date,nationality)',
    )
    .argument('<name>', 'list id, e.g. "watchlist"')
    .argument('<file>', 'CSV file')
    .option('--allow-invalid', 'import the valid rows even if some rows are invalid')
    .option('--encoding <name>', "the file's text encoding, e.g. windows-1256 (default: detected)")
    .action(async (name: string, file: string, opts: ImportOptions) =>
      withStore(async (store) => {
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
  allowInvalid?: boolean;
  encoding?: string;
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
