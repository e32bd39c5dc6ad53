import fs from 'node:fs';
import { Command, Option } from 'commander';
import { csvLine } from '../core/csv-cell.js';
import { SanadError } from '../core/errors.js';
import { anchorFromFile, readAnchor, takeAnchor } from '../sharing/audit-anchor.js';
import { verifyCaseFile } from '../screening/case-verify.js';
import { appendAudit, auditRecords, verifyAudit } from '../store/audit.js';
import { cliActor } from './actor.js';
import { withStore } from './with-store.js';
import { EXIT_MATCH, EXIT_OK } from './cli-options.js';

function isoBound(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new SanadError('invalid_input', `--${name} "${value}" is not a date or timestamp`);
  return d.toISOString();
}

const CSV_COLUMNS = [
  'seq',
  'at',
  'actor',
  'action',
  'object_type',
  'object_id',
  'data',
  'prev_hash',
  'hash',
  'chain',
  'chain_seq',
  'format',
  'partner',
];

interface VerifyOpts {
  full?: boolean;
  anchor?: string;
  partner?: string;
  case?: string;
  key?: string;
  keyFile?: string;
  trustEmbeddedKey?: boolean;
}

/** `audit verify --case`: offline, no store opened. Unreadable input throws (exit 2). */
function verifyCase(opts: VerifyOpts): void {
  const file = opts.case!;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new SanadError('invalid_input', `--case ${file}: cannot be read`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new SanadError('invalid_input', `--case ${file}: not JSON (is it a case file?)`);
  }
  const key = caseKey(opts, parsed);
  const result = verifyCaseFile(parsed, key);
  if (result.ok) {
    // With the file's own key, anyone may have edited and resealed it: consistency only.
    const verdict = opts.trustEmbeddedKey
      ? 'case file self-consistent (key taken from the file, origin not proven)'
      : 'case file intact';
    process.stdout.write(
      `${verdict}: ${result.records} records on chain ${result.chain} (${result.about} about the case, ${result.links} linking them, ${result.waypoints} signed waypoint${result.waypoints === 1 ? '' : 's'}), up to the signed head at record ${result.headSeq}\n`,
    );
    process.exitCode = EXIT_OK;
  } else {
    process.stdout.write(`case file BROKEN: ${result.problem}\n`);
    process.exitCode = EXIT_MATCH;
  }
}

function caseKey(opts: VerifyOpts, parsed: unknown): string {
  const given = [opts.key, opts.keyFile, opts.trustEmbeddedKey].filter((x) => x !== undefined);
  if (given.length !== 1)
    throw new SanadError(
      'invalid_input',
      "--case needs the node's public key: --key KEY or --key-file FILE (or, knowingly, --trust-embedded-key)",
    );
  if (opts.key !== undefined) return opts.key.trim();
  if (opts.keyFile !== undefined) {
    try {
      return fs.readFileSync(opts.keyFile, 'utf8').trim();
    } catch {
      throw new SanadError('invalid_input', `--key-file ${opts.keyFile}: cannot be read`);
    }
  }
  const embedded = (parsed as { made?: { node?: unknown } } | null)?.made?.node;
  if (typeof embedded !== 'string')
    throw new SanadError('invalid_input', `--case ${opts.case}: names no node key`);
  process.stderr.write(
    'sanad: WARNING: checking against the key the file itself names: this proves the file is consistent, not that your node made it; compare it with `sanad node key` on the node\n',
  );
  return embedded;
}

export function registerAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description('the hash-chained audit trail: verify it, export it');
  audit
    .command('head')
    .description(
      "print the head of each chain (record number and hash), signed with the node's key, to keep elsewhere or send to a partner",
    )
    .option('--partner <id>', "only this partner's chain")
    .action(async (opts: { partner?: string }) =>
      withStore(async (store) => {
        const { anchor, text } = await takeAnchor(store, opts.partner);
        for (const h of anchor.chains)
          process.stderr.write(`sanad: chain ${h.chain}: record ${h.seq}, hash ${h.hash}\n`);
        process.stdout.write(`${text}\n`);
      }),
    );
  audit
    .command('verify')
    .description(
      'prove the chains intact (exit 0) or name the first broken record (exit 1); resumes from the last verified heads unless --full',
    )
    .option('--full', 'reread every record, not only those after the last verified heads')
    .option(
      '--anchor <head>',
      'a head printed by `sanad audit head` (or a file holding it): prove nothing up to it changed',
    )
    .option('--partner <id>', "only this partner's chain")
    .option(
      '--case <file>',
      'check a case file offline (GET /alerts/{id}/case), without the database: its records, their links to the signed head, and what it shows of decisions and comments',
    )
    .option('--key <publicKey>', "with --case: the node's public key (`sanad node key`)")
    .option('--key-file <file>', "with --case: a file holding the node's public key")
    .option(
      '--trust-embedded-key',
      'with --case: check against the key the file names (proves only that the file is self-consistent: anyone who edits it can reseal it with their own key)',
    )
    .action(async (opts: VerifyOpts) => {
      const caseOnly = [opts.key, opts.keyFile, opts.trustEmbeddedKey];
      if (opts.case !== undefined) {
        if (opts.full || opts.anchor !== undefined || opts.partner !== undefined)
          throw new SanadError(
            'invalid_input',
            '--case checks a file offline: it takes no --full, --anchor or --partner',
          );
        verifyCase(opts);
        return;
      }
      if (caseOnly.some((x) => x !== undefined))
        throw new SanadError(
          'invalid_input',
          '--key, --key-file and --trust-embedded-key go with --case',
        );
      const result = await withStore(async (store) => {
        const anchor = opts.anchor
          ? await readAnchor(store, anchorFromFile(opts.anchor))
          : undefined;
        return verifyAudit(store.db, {
          full: opts.full === true,
          chain: opts.partner,
          anchor: anchor?.chains,
        });
      });
      if (result.ok) {
        const chains = result.heads!.length;
        process.stdout.write(
          `audit trail intact: ${result.records} records on ${chains} chain${chains === 1 ? '' : 's'} (${result.reread} read now)\n`,
        );
        process.exitCode = EXIT_OK;
      } else {
        const b = result.broken!;
        process.stdout.write(
          `audit trail BROKEN on chain ${b.chain} at record ${b.seq}: ${b.reason}\n`,
        );
        process.exitCode = EXIT_MATCH;
      }
    });
  audit
    .command('export')
    .description('write the records of a period as JSONL or CSV')
    .option('--from <date>', 'from this date or timestamp (inclusive)')
    .option('--to <date>', 'until this date or timestamp (exclusive)')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['jsonl', 'csv'])
        .default('jsonl'),
    )
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(
      async (opts: { from?: string; to?: string; format: 'jsonl' | 'csv'; output?: string }) => {
        const from = isoBound(opts.from, 'from');
        const to = isoBound(opts.to, 'to');
        await withStore(async (store) => {
          // Opened here, so that a path that cannot be written fails now, naming it.
          const out = opts.output
            ? fs.createWriteStream(opts.output, { fd: fs.openSync(opts.output, 'w') })
            : process.stdout;
          if (opts.format === 'csv') out.write(csvLine(CSV_COLUMNS));
          let count = 0;
          for await (const r of auditRecords(store.db, from, to)) {
            count++;
            out.write(
              opts.format === 'jsonl'
                ? JSON.stringify(r) + '\n'
                : csvLine([
                    r.seq,
                    r.at,
                    r.actor,
                    r.action,
                    r.objectType,
                    r.objectId,
                    JSON.stringify(r.data),
                    r.prevHash,
                    r.hash,
                    r.chain,
                    r.chainSeq,
                    r.format,
                    r.partner,
                  ]),
            );
          }
          if (out !== process.stdout)
            await new Promise<void>((resolve) => out.end(() => resolve()));
          await store.write((trx) =>
            appendAudit(trx, [
              {
                actor: cliActor(),
                action: 'audit.export',
                objectType: 'audit',
                objectId: `${from ?? ''}..${to ?? ''}`,
                data: { from, to, format: opts.format, records: count },
              },
            ]),
          );
          process.stderr.write(`sanad: exported ${count} audit records\n`);
        });
      },
    );
}
