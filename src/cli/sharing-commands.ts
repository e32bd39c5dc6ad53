/**
 * Partners, partner records, the node key and feeds from the command line:
 * `sanad partners`, `sanad records`, `sanad node key`, `sanad feeds`.
 */
import { Command, Option } from 'commander';
import { SanadError } from '../core/errors.js';
import {
  addFeed,
  listFeeds,
  pullAllFeeds,
  pullFeed,
  type PullReport,
} from '../sharing/feed-subscribe.js';
import { nodeKey } from '../sharing/node-key.js';
import { checkRecord } from '../sharing/record-input.js';
import { importRecordFile } from '../sharing/record-import.js';
import {
  amendRecord,
  getVisibleRecord,
  listVisibleRecords,
  putRecords,
  recordHistory,
  rescopeRecord,
  withdrawRecord,
  type RecordChange,
} from '../sharing/records.js';
import { scopeText } from '../sharing/scope.js';
import {
  createPartner,
  getPartner,
  listPartners,
  NODE_PARTNER,
  PARTNER_KINDS,
} from '../store/partners.js';
import { defaultHome } from '../store/store.js';
import { cliActor } from './actor.js';
import { EXIT_ERROR } from './cli-options.js';
import { formatTable } from './table.js';
import { withStore } from './with-store.js';
import { monitorAndNotify } from './workflow-commands.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** sanad.moi.example:8443 → sanad-moi-example-8443 */
function feedIdFromUrl(url: string): string {
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    throw new SanadError('invalid_input', `url: "${url}" is not a URL`);
  }
  return host
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

function partnerOption(): Option {
  return new Option('--partner <id>', 'act for this partner (see `sanad partners list`)').default(
    NODE_PARTNER,
  );
}

function printChange(c: RecordChange): void {
  const r = c.record;
  process.stdout.write(
    `${r.id}\t${c.action}\tref ${r.ref}\tversion ${r.version}\t${scopeText(r.scope)}${r.withdrawnAt ? '\twithdrawn' : ''}\n`,
  );
}

interface RecordFlags {
  ref: string;
  name: string[];
  schema?: string;
  alias?: string[];
  birthDate?: string[];
  nationality?: string[];
  passport?: string[];
  idNumber?: string[];
  notes?: string;
  basis: string;
  scope: string;
  partner: string;
}

export function registerSharingCommands(program: Command): void {
  const partners = program.command('partners').description('the partners on this node');
  partners
    .command('list')
    .description('list the partners')
    .action(async () =>
      withStore(async (store) => {
        const rows = (await listPartners(store)).map((p) => [
          p.id,
          p.kind,
          p.name,
          p.createdAt.slice(0, 19),
        ]);
        process.stdout.write(formatTable(['id', 'kind', 'name', 'created'], rows));
      }),
    );
  partners
    .command('add')
    .description('add a partner: an organisation with its own keys, records, runs and alerts')
    .argument('<id>', 'short id: lower-case letters, digits and "-" (e.g. bank-a)')
    .requiredOption('--name <name>', 'the organisation')
    .addOption(
      new Option('--kind <kind>', 'what it is').choices([...PARTNER_KINDS]).makeOptionMandatory(),
    )
    .action(async (id: string, opts: { name: string; kind: string }) =>
      withStore(async (store) => {
        const p = await createPartner(store, { id, ...opts }, cliActor());
        process.stderr.write(`sanad: partner ${p.id} (${p.name}) added\n`);
      }),
    );

  const records = program
    .command('records')
    .description("partner records: share, amend, re-scope, withdraw and list a partner's records");
  records
    .command('add')
    .description('share one record')
    .requiredOption('--ref <ref>', "the partner's own reference for the record")
    .requiredOption('--name <name>', 'a name (repeat for names in other scripts)', collect)
    .option('--schema <schema>', 'Person, Organization or LegalEntity', 'Person')
    .option('--alias <alias>', 'an alias (repeatable)', collect)
    .option('--birth-date <date>', 'date of birth (repeatable)', collect)
    .option('--nationality <country>', 'nationality (repeatable)', collect)
    .option('--passport <number>', 'passport number (repeatable)', collect)
    .option('--id-number <number>', 'national ID number (repeatable)', collect)
    .option('--notes <text>', 'notes')
    .requiredOption('--basis <text>', 'the legal basis or reference for listing')
    .requiredOption('--scope <scope>', 'private, coalition, or partners:<id>,<id>')
    .addOption(partnerOption())
    .action(async (o: RecordFlags) =>
      withStore(async (store) => {
        await getPartner(store, o.partner);
        const checked = checkRecord(
          {
            ref: o.ref,
            schema: o.schema,
            properties: {
              name: o.name,
              alias: o.alias,
              birthDate: o.birthDate,
              nationality: o.nationality,
              passportNumber: o.passport,
              idNumber: o.idNumber,
              notes: o.notes,
            },
            basis: o.basis,
            scope: o.scope,
          },
          o.partner,
        );
        const [c] = await putRecords(store, o.partner, [checked], cliActor());
        printChange(c!);
        if (c!.action !== 'unchanged') await monitorAndNotify(store, defaultHome());
      }),
    );
  records
    .command('import')
    .description('share the records of a CSV, TSV or XLSX file (matched to existing ones by id)')
    .argument(
      '<file>',
      'columns: id, name, schema, aliases, birth_date, nationality, … basis, scope',
    )
    .option('--basis <text>', 'basis for rows without one')
    .option('--scope <scope>', 'scope for rows without one')
    .option('--encoding <name>', "a CSV/TSV file's text encoding (default: detected)")
    .addOption(partnerOption())
    .action(async (file: string, o: RecordsImportOptions) =>
      withStore(async (store) => {
        await getPartner(store, o.partner);
        const report = await importRecordFile(
          store,
          o.partner,
          file,
          { basis: o.basis, scope: o.scope },
          cliActor(),
          { encoding: o.encoding },
        );
        if (report.encoding && report.encoding !== 'utf-8' && !o.encoding)
          process.stderr.write(`sanad: read ${file} as ${report.encoding}\n`);
        for (const f of report.failed)
          process.stderr.write(`sanad: line ${f.line}${f.ref ? ` (${f.ref})` : ''}: ${f.error}\n`);
        process.stderr.write(
          `sanad: ${report.rows} rows: ${report.created} created, ${report.amended} amended, ${report.restored} restored, ${report.unchanged} unchanged, ${report.failed.length} failed\n`,
        );
        if (report.created + report.amended + report.restored > 0)
          await monitorAndNotify(store, defaultHome());
        if (report.failed.length > 0) process.exitCode = 2;
      }),
    );
  records
    .command('list')
    .description("the records in a partner's scope: its own and those shared with it")
    .option('--mine', 'only its own')
    .option('--withdrawn', 'its withdrawn records too')
    .addOption(partnerOption())
    .action(async (o: { mine?: boolean; withdrawn?: boolean; partner: string }) =>
      withStore(async (store) => {
        await getPartner(store, o.partner);
        const { records: list, total } = await listVisibleRecords(store, o.partner, {
          mine: o.mine,
          withdrawn: o.withdrawn,
          limit: 10_000,
        });
        const rows = list.map((r) => [
          r.id,
          r.ref,
          r.properties.name?.[0] ?? '',
          r.owner,
          scopeText(r.scope),
          String(r.version),
          r.withdrawnAt ? 'withdrawn' : 'live',
        ]);
        process.stdout.write(
          formatTable(['id', 'ref', 'name', 'shared by', 'scope', 'version', 'state'], rows),
        );
        if (total > list.length)
          process.stderr.write(`sanad: ${list.length} of ${total} shown; export over the API\n`);
      }),
    );
  records
    .command('show')
    .description('one record in the scope of a partner')
    .argument('<id>', 'record id')
    .addOption(partnerOption())
    .action(async (id: string, o: { partner: string }) =>
      withStore(async (store) => {
        const r = await getVisibleRecord(store, o.partner, id);
        if (!r || (r.withdrawnAt && r.owner !== o.partner))
          throw new SanadError('not_found', `no record ${id}`);
        process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      }),
    );
  records
    .command('history')
    .description('every version of a record (its owner only)')
    .argument('<id>', 'record id')
    .addOption(partnerOption())
    .action(async (id: string, o: { partner: string }) =>
      withStore(async (store) => {
        const versions = await recordHistory(store, o.partner, id);
        const rows = versions.map((v) => [
          String(v.version),
          v.action,
          v.at.slice(0, 19),
          v.actor,
          scopeText(v.scope),
          v.properties.name?.[0] ?? '',
        ]);
        process.stdout.write(formatTable(['version', 'action', 'at', 'by', 'scope', 'name'], rows));
      }),
    );
  records
    .command('amend')
    .description("replace a record's names, aliases or basis")
    .argument('<id>', 'record id')
    .option('--name <name>', 'names (repeatable; replace the names)', collect)
    .option('--alias <alias>', 'aliases (repeatable; replace the aliases)', collect)
    .option('--basis <text>', 'new basis')
    .addOption(partnerOption())
    .action(
      async (
        id: string,
        o: { name?: string[]; alias?: string[]; basis?: string; partner: string },
      ) =>
        withStore(async (store) => {
          const r = await getVisibleRecord(store, o.partner, id);
          if (!r) throw new SanadError('not_found', `no record ${id}`);
          const properties = { ...r.properties };
          if (o.name) properties.name = o.name;
          if (o.alias) properties.alias = o.alias;
          const c = await amendRecord(
            store,
            o.partner,
            id,
            { properties, basis: o.basis },
            cliActor(),
          );
          printChange(c);
          if (c.action !== 'unchanged') await monitorAndNotify(store, defaultHome());
        }),
    );
  records
    .command('rescope')
    .description('change who sees a record')
    .argument('<id>', 'record id')
    .requiredOption('--scope <scope>', 'private, coalition, or partners:<id>,<id>')
    .addOption(partnerOption())
    .action(async (id: string, o: { scope: string; partner: string }) =>
      withStore(async (store) => {
        const c = await rescopeRecord(store, o.partner, id, o.scope, cliActor());
        printChange(c);
        if (c.action !== 'unchanged') await monitorAndNotify(store, defaultHome());
      }),
    );
  records
    .command('withdraw')
    .description('withdraw a record (its history stays)')
    .argument('<id>', 'record id')
    .requiredOption('--reason <text>', 'why')
    .addOption(partnerOption())
    .action(async (id: string, o: { reason: string; partner: string }) =>
      withStore(async (store) => {
        printChange(await withdrawRecord(store, o.partner, id, o.reason, cliActor()));
      }),
    );

  program
    .command('node')
    .description('this node')
    .command('key')
    .description("print this node's Ed25519 public key (give it to nodes that subscribe)")
    .action(async () =>
      withStore(async (store) => {
        process.stdout.write(`${(await nodeKey(store)).publicKey}\n`);
      }),
    );

  const feeds = program.command('feeds').description("other nodes' feeds this node pulls");
  feeds
    .command('add')
    .description("subscribe to another node's feed")
    .argument('<url>', "the publishing node's base URL (e.g. https://sanad.ministry.example)")
    .requiredOption('--key <pubkey>', "the publisher's public key (`sanad node key` there)")
    .addOption(
      new Option('--api-key <key>', "this node's API key on the publisher")
        .env('SANAD_FEED_API_KEY')
        .makeOptionMandatory(),
    )
    .option('--name <id>', "a short id for the feed (default: from the URL's host and port)")
    .option('--scope <scope>', 'who on this node sees what it brings', 'coalition')
    .action(async (url: string, o: { key: string; apiKey: string; name?: string; scope: string }) =>
      withStore(async (store) => {
        const f = await addFeed(
          store,
          {
            id: o.name ?? feedIdFromUrl(url),
            url,
            publicKey: o.key,
            apiKey: o.apiKey,
            scope: o.scope,
          },
          cliActor(),
        );
        process.stderr.write(
          `sanad: feed ${f.id} added; pull it with \`sanad feeds pull ${f.id}\`\n`,
        );
      }),
    );
  feeds
    .command('list')
    .description('the feeds and their state (never their API keys)')
    .action(async () =>
      withStore(async (store) => {
        const rows = (await listFeeds(store)).map((f) => [
          f.id,
          f.url,
          scopeText(f.scope),
          String(f.batches),
          String(f.refused),
          f.lastOkAt?.slice(0, 19) ?? '',
          f.lastError ?? '',
        ]);
        process.stdout.write(
          formatTable(['id', 'url', 'scope', 'batches', 'refused', 'last ok', 'last error'], rows),
        );
      }),
    );
  feeds
    .command('pull')
    .description('pull a feed (or all) now; every batch is verified before it is applied')
    .argument('[id]', 'feed id (default: every feed)')
    .action(async (id: string | undefined) =>
      withStore(async (store) => {
        const reports: PullReport[] = id
          ? [await pullFeed(store, id, cliActor())]
          : await pullAllFeeds(store, cliActor());
        let failed = false;
        for (const r of reports) {
          process.stderr.write(
            `sanad: feed ${r.feed}: ${r.batches} batch(es), ${r.created} created, ${r.amended} amended, ${r.restored} restored, ${r.withdrawn} withdrawn\n`,
          );
          if (r.refused)
            process.stderr.write(`sanad: feed ${r.feed}: batch refused: ${r.refused}\n`);
          if (r.error) process.stderr.write(`sanad: feed ${r.feed}: ${r.error}\n`);
          failed ||= Boolean(r.refused || r.error);
        }
        if (reports.some((r) => r.created + r.amended + r.restored + r.withdrawn > 0))
          await monitorAndNotify(store, defaultHome());
        if (failed) process.exitCode = EXIT_ERROR;
      }),
    );
}

interface RecordsImportOptions {
  basis?: string;
  scope?: string;
  partner: string;
  encoding?: string;
}
