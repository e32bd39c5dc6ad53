/**
 * The audit trail at the command line, as the built binary, on SQLite and PostgreSQL (issue 12,
 * items 13 and 14): every write names the person acting (`--actor`, also before a `sanad lists`
 * subcommand), keys name their person, `sanad audit head` prints a signed head, and
 * `sanad audit verify --anchor` catches a tail rewritten with its head that the chain alone
 * (`--full`) does not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { rewriteTail } from '../helpers/audit-tamper.js';
import { runCli, type Run, useBuiltCli } from '../helpers/cli.js';
import { DATABASES } from '../helpers/databases.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-audit-cli-'));
useBuiltCli(TMP);

describe.each(DATABASES)('sanad audit at the command line ($name)', (database) => {
  it('records the person acting, prints a signed head, and verifies against it', async () => {
    const url = await database.url();
    const home = fs.mkdtempSync(path.join(TMP, 'home-'));
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, SANAD_HOME: home };
    delete env.SANAD_ACTOR;
    const sanad = (...args: string[]): Promise<Run> => runCli(args, TMP, env);
    const okRun = async (...args: string[]) => {
      const run = await sanad(...args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      return run;
    };

    const created = await okRun(
      'keys',
      'create',
      '--role',
      'analyst',
      '--name',
      'desk 2',
      '--person',
      'Alice Haddad',
      '--actor',
      'Root Admin',
    );
    expect(created.stdout).toContain('(person "Alice Haddad")');
    const csv = path.join(TMP, `wl-${database.name}.csv`);
    fs.writeFileSync(csv, 'id,name,schema\nW1,Salim Nuri Haddadin,Person\n');
    await okRun('lists', '--actor', 'Lina Qasim', 'import', 'wl', csv);

    const trail = (await okRun('audit', 'export')).stdout
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { action: string; actor: string; objectId: string; data: object },
      );
    expect(trail.find((r) => r.action === 'key.create')).toMatchObject({
      actor: 'cli:Root Admin',
      data: { person: 'Alice Haddad' },
    });
    expect(trail.find((r) => r.action === 'list.load' && r.objectId === 'wl')?.actor).toBe(
      'cli:Lina Qasim',
    );

    const head = await okRun('audit', 'head');
    const line = head.stdout.trim();
    expect(line).toMatch(/^sanad-audit-head\.1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(head.stderr).toMatch(/chain node: record \d+, hash [0-9a-f]{64}/);
    const anchorFile = path.join(home, 'anchor.txt');
    fs.writeFileSync(anchorFile, `${line}\n`);
    expect((await okRun('audit', 'verify', '--anchor', anchorFile)).stdout).toMatch(/intact/);

    const store = await Store.open(home, url);
    try {
      await rewriteTail(store, 'node', 2);
      // The last verification's checkpoint notices, and even a full pass holds the chain to it…
      const resumed = await sanad('audit', 'verify');
      expect(resumed.code).toBe(1);
      expect(resumed.stdout).toMatch(/BROKEN .*checkpoint/);
      const full = await sanad('audit', 'verify', '--full');
      expect(full.code).toBe(1);
      expect(full.stdout).toMatch(/differs from its last verified head/);
      // …so the attacker removes the checkpoints too: the chain alone now holds.
      await store.db.deleteFrom('audit_checkpoint').execute();
    } finally {
      await store.close();
    }
    expect((await okRun('audit', 'verify', '--full')).stdout).toMatch(/intact/);
    for (const given of [anchorFile, line]) {
      const anchored = await sanad('audit', 'verify', '--anchor', given);
      expect(anchored.code, anchored.stderr).toBe(1);
      expect(anchored.stdout).toMatch(/BROKEN on chain node .*differs from the anchor/);
    }
    const [, payload, signature] = line.slice('sanad-audit-head'.length).split('.').slice(1);
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { at: string };
    claims.at = '2020-01-01T00:00:00.000Z';
    const altered = `sanad-audit-head.1.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const refused = await sanad('audit', 'verify', '--anchor', altered);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/signature does not verify/);
    const bogus = await sanad('audit', 'verify', '--anchor', 'sanad-audit-head.1.e30.AAAA');
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toMatch(/not an audit head/);
  });
});
