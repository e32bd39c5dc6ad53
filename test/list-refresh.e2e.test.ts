/**
 * `sanad lists refresh` and `sanad serve --refresh-interval` with the built CLI, against a local
 * publisher serving the real UN snapshots: what each refresh prints, that a refused refresh
 * exits non-zero with the active version kept, and that the server refreshes in the background.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './helpers/build.js';
import { runCli, useBuiltCli } from './helpers/cli.js';
import { dataPath } from './helpers/data.js';
import { sleep } from './helpers/http.js';
import { ListServer } from './helpers/list-server.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-refresh-e2e-'));
useBuiltCli(TMP);
const HOME = path.join(TMP, 'home');
const UN_2025 = fs.readFileSync(dataPath('un_sc_consolidated', 'consolidated_2025-08-02.xml'));
const UN_2026 = fs.readFileSync(dataPath('un_sc_consolidated', 'consolidated_2026-02-27.xml'));

/** This process's environment less what would change the store, with the test's home. */
function env(): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = { ...process.env, SANAD_HOME: HOME };
  for (const name of ['DATABASE_URL', 'SANAD_DEBUG', 'SANAD_WEBHOOK_URL', 'SANAD_WEBHOOK_SECRET'])
    delete clean[name];
  return clean;
}

const sanad = (...args: string[]) => runCli(args, TMP, env());

interface ListJson {
  id: string;
  active?: { seq: number; entityCount: number };
  versions: unknown[];
}

async function unList(): Promise<ListJson | undefined> {
  const r = await sanad('lists', '--format', 'json');
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as ListJson[]).find((l) => l.id === 'un-sc');
}

const publisher = new ListServer();
beforeAll(() => publisher.start());
afterAll(() => publisher.close());

describe('sanad lists refresh', () => {
  it('loads from --url, then finds it not modified', async () => {
    publisher.serve(UN_2025);
    const first = await sanad('lists', 'refresh', 'un-sc', '--url', publisher.url);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('un-sc: loaded v1 (2025-08-02), 879 entries\n');
    expect(first.stderr).toMatch(/monitoring: 0 subjects re-screened/);
    // No id: every loaded list with a URL, the stored one here.
    const again = await sanad('lists', 'refresh');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe('un-sc: not modified (v1 (2025-08-02) stays active)\n');
    expect(publisher.seen.at(-1)).toMatchObject({ status: 304 });
  });

  it('exits 2 when the file is refused, and keeps the active version', async () => {
    publisher.serve(UN_2026.subarray(0, UN_2026.length >> 1));
    const r = await sanad('lists', 'refresh', 'un-sc', '--format', 'json');
    expect(r.code, r.stderr).toBe(2);
    const [outcome] = JSON.parse(r.stdout) as { status: string; error: string }[];
    expect(outcome).toMatchObject({ status: 'refused', error: expect.stringMatching(/UN list/) });
    expect((await unList())?.active?.seq).toBe(1);
    publisher.failWith = 500;
    const failed = await sanad('lists', 'refresh', 'un-sc');
    expect(failed.code).toBe(2);
    expect(failed.stdout).toMatch(/^un-sc: refused: .*HTTP 500/);
  });

  it('refuses misuse with exit 2, saying what is wrong, and fetches nothing', async () => {
    const before = publisher.seen.length;
    const cases: [string[], RegExp][] = [
      [['lists', 'refresh', '--url', publisher.url], /--url needs the list/],
      [['lists', 'refresh', 'un-sc', '--url', 'file:///etc/passwd'], /http\(s\) URL/],
      [
        ['lists', 'refresh', 'un-sc', '--url', publisher.url.replace('//', '//user:secret@')],
        /carries credentials/,
      ],
      [['lists', 'refresh', 'no-such-list'], /not a list source sanad reads/],
      [['lists', 'refresh', 'un-sc', '--max-removed', '2'], /from 0 to 1/],
      [['serve', '--refresh-interval', 'soon'], /expected a duration/],
    ];
    for (const [args, message] of cases) {
      const r = await sanad(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    expect(publisher.seen.length).toBe(before);
  });
});

describe('sanad serve --refresh-interval', () => {
  it('refreshes in the background and stops cleanly', async () => {
    const created = await sanad('keys', 'create', '--role', 'analyst', '--name', 'poll');
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.trim().split('\n').at(-1)!;
    publisher.serve(UN_2026);
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--watch', '0', '--pull-interval', '0'].concat([
        '--refresh-interval',
        '2s',
      ]),
      { cwd: TMP, env: { ...env(), NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    let log = '';
    child.stdout.on('data', (b: Buffer) => (log += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (log += b.toString('utf8')));
    try {
      let port: string | undefined;
      for (let i = 0; i < 1200 && !port; i++) {
        port = /serving on http:\/\/127\.0\.0\.1:(\d+);/.exec(log)?.[1];
        if (!port) await sleep(50);
      }
      expect(port, log).toBeDefined();
      type Lists = { lists: { id: string; active: { seq: number } | null; refresh: unknown }[] };
      let un: Lists['lists'][number] | undefined;
      for (let i = 0; i < 1200; i++) {
        const res = await fetch(`http://127.0.0.1:${port}/lists`, {
          headers: { authorization: `ApiKey ${key}` },
        });
        expect(res.status).toBe(200);
        un = ((await res.json()) as Lists).lists.find((l) => l.id === 'un-sc');
        if (un?.active?.seq === 2) break;
        await sleep(100);
      }
      expect(un?.active?.seq, log).toBe(2);
      expect(un?.refresh).toMatchObject({ url: publisher.url, status: 'loaded', error: null });
      // The run logs what it did once it is over.
      for (let i = 0; i < 1200 && !/"status":"loaded".*"msg":"list refreshed"/.test(log); i++)
        await sleep(50);
      expect(log).toMatch(/"list":"un-sc".*"status":"loaded","version":2,"msg":"list refreshed"/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await closed).toBe(0);
  });
});
