/**
 * `sanad audit verify --case`, the built CLI on a real case file, with no database: a file as
 * the node made it holds (exit 0); an edited reason, a record taken out, another node's key
 * fail (exit 1) naming what; input that is not a case file at all is an error (exit 2).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseFile, type CaseFile } from '../src/screening/case-file.js';
import { nodeKey } from '../src/sharing/node-key.js';
import { Store } from '../src/store/store.js';
import { caseScenario } from './helpers/case-scenario.js';
import { runCli, useBuiltCli, type Run } from './helpers/cli.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-verify-case-'));
useBuiltCli(TMP);
/** The CLI's home: empty, and it stays so (the check opens no store). */
const HOME = path.join(TMP, 'home');

function sanad(args: string[]): Promise<Run> {
  const { DATABASE_URL: _database, ...env } = process.env;
  return runCli(['audit', 'verify', ...args], TMP, { ...env, SANAD_HOME: HOME });
}

function write(name: string, content: unknown): string {
  const file = path.join(TMP, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

describe('sanad audit verify --case', () => {
  let file: CaseFile;
  let key: string;
  let otherKey: string;

  beforeAll(async () => {
    fs.mkdirSync(HOME);
    const store = await Store.openSqlite(':memory:');
    const other = await Store.openSqlite(':memory:');
    try {
      const s = await caseScenario(store);
      file = await caseFile(
        store,
        s.screener,
        'acme',
        'alert',
        s.alert,
        'key:cccccccccccc (Carla)',
      );
      key = (await nodeKey(store)).publicKey;
      otherKey = (await nodeKey(other)).publicKey;
    } finally {
      await store.close();
      await other.close();
    }
  });

  const edited = (edit: (c: CaseFile) => void): CaseFile => {
    const c = JSON.parse(JSON.stringify(file)) as CaseFile;
    edit(c);
    return c;
  };

  it('a file as made holds, with the key given or in a file, without a database', async () => {
    const valid = write('case.json', file);
    const run = await sanad(['--case', valid, '--key', key]);
    expect(run.stdout).toMatch(/^case file intact: \d+ records on chain acme \(\d+ about the case/);
    expect(run.code).toBe(0);
    const keyFile = write('node.key', `${key}\n`);
    expect((await sanad(['--case', valid, '--key-file', keyFile])).code).toBe(0);
    expect(fs.readdirSync(HOME)).toEqual([]);
  });

  it('the key the file names is used only when asked, with a warning', async () => {
    const valid = write('case.json', file);
    const none = await sanad(['--case', valid]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--key/);
    const both = await sanad(['--case', valid, '--key', key, '--partner', 'acme']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/offline/);
    const embedded = await sanad(['--case', valid, '--trust-embedded-key']);
    expect(embedded.code).toBe(0);
    expect(embedded.stderr).toMatch(/WARNING/);
    expect(embedded.stdout).toMatch(
      /^case file self-consistent \(key taken from the file, origin not proven\): \d+ records/,
    );
    expect(embedded.stdout).not.toMatch(/intact/);
  });

  it('an edited reason fails, naming the decision and the field', async () => {
    const tampered = write(
      'reason.json',
      edited((c) => {
        c.alerts[0]!.decisions[0]!.reason = 'Not him.';
      }),
    );
    const run = await sanad(['--case', tampered, '--key', key]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^case file BROKEN: decision dc_\w+ on alert al_\w+: field reason/);
  });

  it('an edited approver fails', async () => {
    const tampered = write(
      'approver.json',
      edited((c) => {
        c.alerts[0]!.decisions[0]!.approvedBy = c.alerts[0]!.decisions[0]!.decidedBy;
      }),
    );
    const run = await sanad(['--case', tampered, '--key', key]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/field approvedBy/);
  });

  it('a record taken out fails, naming the record', async () => {
    const removed = write(
      'removed.json',
      edited((c) => {
        const i = c.trail.records.findIndex((r) => !r.link && r.action === 'decision.propose');
        c.trail.records.splice(i, 1);
      }),
    );
    const run = await sanad(['--case', removed, '--key', key]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^case file BROKEN: record \d+ \(/);
  });

  it("a link record's hash edited breaks the chain", async () => {
    expect(file.trail.records.some((r) => r.link)).toBe(true);
    const tampered = write(
      'link.json',
      edited((c) => {
        const link = c.trail.records.find((r) => r.link)!;
        link.hash = link.hash.replace(/^./, (x) => (x === '0' ? '1' : '0'));
      }),
    );
    const run = await sanad(['--case', tampered, '--key', key]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^case file BROKEN: record \d+ .*field prevHash: does not follow/);
  });

  it("another node's key fails", async () => {
    const run = await sanad(['--case', write('case.json', file), '--key', otherKey]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/BROKEN: made.node/);
    // The file re-signed as if by the other node: the signatures do not verify.
    const forged = write(
      'forged.json',
      edited((c) => {
        c.made.node = otherKey;
      }),
    );
    const again = await sanad(['--case', forged, '--key', otherKey]);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/trail.head: its signature does not verify/);
  });

  it('garbage, a missing file or not a case file', async () => {
    const garbage = await sanad(['--case', write('garbage.json', '\u0000{not json'), '--key', key]);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/not JSON/);
    expect((await sanad(['--case', path.join(TMP, 'none.json'), '--key', key])).code).toBe(2);
    const shape = await sanad(['--case', write('shape.json', { format: 'x' }), '--key', key]);
    expect(shape.code).toBe(1);
    expect(shape.stdout).toMatch(/not a case file: field format/);
  });
});
