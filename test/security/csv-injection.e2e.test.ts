/**
 * CSV formula injection (issue 12, item 8) in what the built CLI writes: `sanad screen
 * --format csv` (the batch results, also when worker threads format them) and `sanad audit
 * export --format csv` (an actor's name is the operator's text).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/store/audit.js';
import { Store } from '../../src/store/store.js';
import { runCli, type Run, useBuiltCli } from '../helpers/cli.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-csv-'));
const HOME = path.join(TMP, 'home');
const FORMULA = '=HYPERLINK("http://x","Abu Bakr al-Baghdadi")';
const ACTOR = '@SUM(1+1)*cmd';

/** What a spreadsheet would take for a formula. */
const live = (cell: string) => /^\s*[=+\-@\t\r]/.test(cell);

function sanad(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, SANAD_HOME: HOME, ...extra };
  delete env.DATABASE_URL;
  return runCli(args, TMP, env);
}

useBuiltCli(TMP);

describe('the CLI’s CSV outputs carry formulas as text', () => {
  it('sanad screen --format csv neutralises the input’s id and name', async () => {
    const file = path.join(TMP, 'in.csv');
    fs.writeFileSync(file, `id,name\n-1,"${FORMULA.replace(/"/g, '""')}"\n`);
    const r = await sanad(['screen', '--input', file, '--format', 'csv']);
    expect(r.code, r.stderr).toBe(1);
    const [header, ...rows] = parse(r.stdout) as string[][];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]![header!.indexOf('id')]).toBe("'-1");
    expect(rows[0]![header!.indexOf('name')]).toBe(`'${FORMULA}`);
    for (const row of rows) for (const c of row) expect(live(c), c).toBe(false);
  });

  it('sanad audit export --format csv neutralises the actor and object id of a record', async () => {
    // A partner's subject ids and actors reach the trail over HTTP; here they are written directly.
    const store = await Store.open(HOME, '');
    await store.write((trx) =>
      appendAudit(trx, [
        {
          actor: ACTOR,
          action: 'subject.create',
          objectType: 'subject',
          objectId: '+SUBJ-1',
          data: {},
        },
      ]),
    );
    await store.close();
    const r = await sanad(['audit', 'export', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const [header, ...rows] = parse(r.stdout) as string[][];
    const row = rows.find((x) => x[header!.indexOf('action')] === 'subject.create')!;
    expect(row[header!.indexOf('actor')]).toBe(`'${ACTOR}`);
    expect(row[header!.indexOf('object_id')]).toBe("'+SUBJ-1");
    for (const row of rows) for (const c of row) expect(live(c), c).toBe(false);
  });
});
