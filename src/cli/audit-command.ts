import fs from 'node:fs';
import { Command, Option } from 'commander';
import { csvLine } from '../core/csv-cell.js';
import { SanadError } from '../core/errors.js';
import { anchorFromFile, readAnchor, takeAnchor } from '../sharing/audit-anchor.js';
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
    .action(async (opts: { full?: boolean; anchor?: string; partner?: string }) => {
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
