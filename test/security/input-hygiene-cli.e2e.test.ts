/**
 * Issue 12, item 3, through the CLI on SQLite and PostgreSQL: `sanad screen --input FILE --run`
 * with a name holding NUL (escaped in JSON Lines) makes that row a row error, screens the rest
 * and finishes the run; on PostgreSQL, which cannot store NUL, the run used to stay `running`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { runCli, useBuiltCli } from '../helpers/cli.js';
import { DATABASES } from '../helpers/databases.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-hygiene-cli-'));
useBuiltCli(TMP);

const ROWS = [
  { id: 'C1', name: 'Marwan Tahsin Jabburi' },
  { id: 'C2', name: 'Salim\u0000Haddadin' },
  { id: 'C3', name: 'Zubayr Fadlallah Qutaybi' },
];

describe.each(DATABASES)('sanad screen --run with a control character ($name)', (database) => {
  it('makes the row a row error and finishes the run', async () => {
    const home = path.join(TMP, `home-${database.name}`);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: TMP, SANAD_HOME: home };
    let open: () => Promise<Store>;
    if (database.name === 'postgres') {
      const url = await database.url();
      env.DATABASE_URL = url;
      open = () => Store.openPostgres(url);
    } else open = () => Store.openSqlite(path.join(home, 'sanad.db'));
    const input = path.join(TMP, `rows-${database.name}.jsonl`);
    fs.writeFileSync(input, ROWS.map((r) => JSON.stringify(r)).join('\n') + '\n');

    const run = await runCli(
      ['screen', '--input', input, '--run', 'nul', '--format', 'jsonl', '--no-progress'],
      TMP,
      env,
    );
    expect(run.code, run.stderr).not.toBe(2);
    expect(run.stderr).not.toMatch(/internal|unexpected|invalid byte sequence/i);

    const store = await open();
    try {
      const status = await store.db
        .selectFrom('run')
        .select(['status', 'error'])
        .where('id', '=', 'nul')
        .executeTakeFirstOrThrow();
      expect(status).toEqual({ status: 'done', error: null });
      const rows = await store.db
        .selectFrom('run_row')
        .select(['line', 'error'])
        .where('run_id', '=', 'nul')
        .orderBy('line')
        .execute();
      expect(rows.map((r) => [Number(r.line), r.error])).toEqual([
        [1, null],
        [2, 'control character U+0000 in field "name" at position 5'],
        [3, null],
      ]);
    } finally {
      await store.close();
    }
  });
});
