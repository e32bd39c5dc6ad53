import fs from 'node:fs';
import { Command, Option } from 'commander';
import { csvLine } from '../core/csv-cell.js';
import { SanadError } from '../core/errors.js';
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
];

export function registerAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description('the hash-chained audit trail: verify it, export it');
  audit
    .command('verify')
    .description('prove the chain intact (exit 0) or name the first broken record (exit 1)')
    .action(async () => {
      const result = await withStore((store) => verifyAudit(store.db));
      if (result.ok) {
        process.stdout.write(`audit trail intact: ${result.records} records\n`);
        process.exitCode = EXIT_OK;
      } else {
        process.stdout.write(
          `audit trail BROKEN at record ${result.broken!.seq}: ${result.broken!.reason} (${result.records} records verified before it)\n`,
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
