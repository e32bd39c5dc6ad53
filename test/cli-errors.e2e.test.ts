/**
 * The CLI at its edges, run as the built binary: errors a person can read (one line, never a
 * stack trace), a reader that closes the pipe, help that names the exit codes and required
 * options, version names that are read as versions, and `--actor` for four-eyes from one
 * workstation.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/main.js';
import { appendAudit } from '../src/store/audit.js';
import { Store } from '../src/store/store.js';
import { BIN } from './helpers/build.js';
import { runCli, type Run, useBuiltCli } from './helpers/cli.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-cli-errors-'));
const STACK_LINE = /\n\s+at /;
/** Each test runs the binary many times: room for a loaded machine. */
const SLOW = { timeout: 180_000 };

/** The environment of a child: this one's, less what would change its store or its actor. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  delete clean.SANAD_ACTOR;
  delete clean.SANAD_DEBUG;
  return { ...clean, ...env };
}

function sanad(args: string[], home: string, env: Record<string, string> = {}): Promise<Run> {
  return runCli(args, TMP, childEnv({ SANAD_HOME: home, ...env }));
}

function input(name: string, content: string): string {
  const file = path.join(TMP, 'inputs', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** Stderr is one line (and maybe a hint line), with no stack trace in it. */
function expectReadable(r: Run, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.stderr).not.toMatch(/unexpected error/);
  expect(r.stderr.trimEnd().split('\n').length, r.stderr).toBeLessThanOrEqual(2);
}

/**
 * Runs the binary with stdout on a pipe that this process closes after the first chunk, as
 * `| head -1` does, and waits for the process to end.
 */
function runUntilFirstChunk(args: string[], home: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: TMP,
      env: childEnv({ SANAD_HOME: home, NO_COLOR: '1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const err: Buffer[] = [];
    child.stdout.once('data', (b: Buffer) => {
      stdout = b.toString('utf8');
      child.stdout.destroy();
    });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout, stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

useBuiltCli(TMP);

describe('errors a person can read', SLOW, () => {
  const home = path.join(TMP, 'home-errors');

  it('a SANAD_HOME that cannot be created fails at once, naming it (no spinning)', async () => {
    // mkdir under /proc answers ENOENT for a parent that exists: Node's own recursive mkdir
    // loops on it forever.
    expectReadable(
      await sanad(['lists'], '/proc/sanad-home'),
      /cannot create the state directory \/proc\/sanad-home/,
    );
    const file = input('a-file', 'not a directory\n');
    expectReadable(
      await sanad(['lists'], path.join(file, 'home')),
      /cannot create the state directory .*a-file\/home: a part of the path is a file/,
    );
  });

  it('a SANAD_HOME or store file this user may not write is named', async () => {
    // Root writes anywhere: as root, the binary runs as nobody, as any other user it runs as is.
    const root = process.getuid?.() === 0;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-perm-'));
    try {
      fs.chmodSync(dir, 0o755);
      const locked = path.join(dir, 'locked');
      fs.mkdirSync(locked, { mode: 0o555 });
      const readOnlyStore = path.join(dir, 'read-only-store');
      fs.mkdirSync(readOnlyStore);
      const seeded = await Store.open(readOnlyStore, '');
      await seeded.close();
      fs.chmodSync(path.join(readOnlyStore, 'sanad.db'), 0o444);
      fs.chmodSync(readOnlyStore, 0o555);
      const run = (home: string) =>
        new Promise<Run>((resolve, reject) => {
          const child = spawn(process.execPath, [BIN, 'lists'], {
            cwd: dir,
            env: childEnv({ SANAD_HOME: home, NO_COLOR: '1' }),
            stdio: ['ignore', 'pipe', 'pipe'],
            ...(root ? { uid: 65534, gid: 65534 } : {}),
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
          child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
          child.on('error', reject);
          child.on('close', (code) => resolve({ code, stdout, stderr }));
        });
      expectReadable(
        await run(path.join(locked, 'home')),
        /cannot create the state directory .*locked\/home: permission denied/,
      );
      expectReadable(
        await run(locked),
        /cannot open the store .*locked\/sanad\.db: it cannot be created or written here/,
      );
      expectReadable(
        await run(readOnlyStore),
        /cannot open the store .*read-only-store\/sanad\.db: it cannot be created or written here/,
      );
    } finally {
      for (const sub of ['locked', 'read-only-store'])
        if (fs.existsSync(path.join(dir, sub))) fs.chmodSync(path.join(dir, sub), 0o755);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a store file that is not a database is named', async () => {
    const bad = path.join(TMP, 'home-not-a-db');
    fs.mkdirSync(bad, { recursive: true });
    fs.writeFileSync(path.join(bad, 'sanad.db'), 'x'.repeat(4096));
    expectReadable(await sanad(['lists'], bad), /sanad\.db: it is not a sanad database/);
  });

  it('an output path that cannot be written is named', async () => {
    const file = input('plain-file', 'x\n');
    const target = path.join(file, 'audit.jsonl');
    expectReadable(
      await sanad(['audit', 'export', '--output', target], home),
      new RegExp(`${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: a part of this path is a file`),
    );
  });

  it('serve: a busy port and an address not of this machine', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      expectReadable(
        await sanad(
          ['serve', '--port', String(port), '--watch', '0', '--pull-interval', '0'],
          home,
        ),
        new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is already in use`),
      );
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine; nothing is sent.
    expectReadable(
      await sanad(['serve', '--host', '192.0.2.1', '--port', '0', '--watch', '0'], home),
      /cannot listen on 192\.0\.2\.1:0: 192\.0\.2\.1 is not an address of this machine/,
    );
  });

  it('serve prints one human line on start, on stderr, before its logs', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--watch', '0', '--pull-interval', '0'],
      { cwd: TMP, env: childEnv({ SANAD_HOME: home, NO_COLOR: '1' }), stdio: 'pipe' },
    );
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    const first = await new Promise<string>((resolve) => {
      let err = '';
      child.stderr.on('data', (b: Buffer) => {
        err += b.toString('utf8');
        if (err.includes('\n')) resolve(err.split('\n')[0]!);
      });
    });
    const logsBefore = stdout;
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
    expect(first).toMatch(
      /^sanad \d+\.\d+\.\d+ serving on http:\/\/127\.0\.0\.1:\d+; open it and sign in with a key from 'sanad keys create'$/,
    );
    expect(first).not.toMatch(/:0;/);
    expect(logsBefore).not.toMatch(/Server listening/);
  });

  it('an unexpected error is one line and a hint; SANAD_DEBUG=1 shows the stack', async () => {
    // A damaged store: the migrations say every table exists, but one is gone.
    const damaged = path.join(TMP, 'home-damaged');
    const store = await Store.open(damaged, '');
    await sql`drop table list_version`.execute(store.db);
    await store.close();
    const r = await sanad(['lists'], damaged);
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines, r.stderr).toHaveLength(2);
    expect(lines[0]).toBe('sanad: unexpected error: no such table: list_version');
    expect(lines[1]).toMatch(/SANAD_DEBUG=1/);
    const debug = await sanad(['lists'], damaged, { SANAD_DEBUG: '1' });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(STACK_LINE);
  });
});

describe('a reader that closes the pipe', SLOW, () => {
  const home = path.join(TMP, 'home-pipe');

  beforeAll(async () => {
    // Enough audit records that the export is still writing when the reader has gone.
    const store = await Store.open(home, '');
    try {
      for (let i = 0; i < 20; i++)
        await store.write((trx) =>
          appendAudit(
            trx,
            Array.from({ length: 500 }, (_, j) => ({
              actor: 'cli:tester',
              action: 'test.fill',
              objectType: 'test',
              objectId: `${i}-${j}`,
              data: { padding: 'x'.repeat(200) },
            })),
          ),
        );
    } finally {
      await store.close();
    }
  }, 120_000);

  it('audit export | head ends quietly', async () => {
    const r = await runUntilFirstChunk(['audit', 'export'], home);
    expect(r.stdout).toMatch(/^\{"seq":1,/);
    expect([0, 141]).toContain(r.code);
    expect(r.stderr).not.toMatch(/EPIPE|unexpected|Error/);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('screen --input | head -1 ends quietly', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `R-${i},Customer Number ${i}`);
    const file = input('many.csv', `id,name\n${rows.join('\n')}\n`);
    const r = await runUntilFirstChunk(
      ['screen', '--input', file, '--no-progress', '--workers', '0'],
      home,
    );
    expect(r.stdout).toMatch(/^\{"id":"R-0"/);
    expect([0, 141]).toContain(r.code);
    expect(r.stderr).not.toMatch(/EPIPE|unexpected|Error/);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});

describe('help and usage errors', SLOW, () => {
  const home = path.join(TMP, 'home-help');

  it('--help gives the exit codes', async () => {
    for (const args of [['--help'], ['screen', '--help']]) {
      const r = await sanad(args, home);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Exit codes:/);
      expect(r.stdout).toMatch(/^\s+0\s+clean: every name or row was screened and none matched$/m);
      expect(r.stdout).toMatch(/^\s+1\s+every row was screened and at least one matched$/m);
      expect(r.stdout).toMatch(/^\s+2\s+usage or input error \(nothing was screened\)$/m);
      expect(r.stdout).toMatch(/^\s+3\s+incomplete: some rows could not be read or screened/m);
    }
    const root = await sanad(['--help'], home);
    expect(root.stdout).toMatch(/--actor <name>/);
    expect(root.stdout).toMatch(/for the operators who own this node/);
  });

  it('marks required options', async () => {
    const decide = await sanad(['alerts', 'decide', '--help'], home);
    expect(decide.stdout).toMatch(/--action <action>.*\(required\)/s);
    expect(decide.stdout).toMatch(/--reason <text>[^\n]*\(required\)/);
    const keys = await sanad(['keys', 'create', '--help'], home);
    expect(keys.stdout).toMatch(/--name <name>[^\n]*\(required\)/);
    expect(keys.stdout).not.toMatch(/--partner <id>[^\n]*\(required\)/);
  });

  it('describes every command, and each group lists its subcommands with that description', () => {
    const walk = (command: ReturnType<typeof buildProgram>, at: string): void => {
      for (const sub of command.commands) {
        const name = `${at} ${sub.name()}`;
        expect(sub.description().trim(), name).not.toBe('');
        const listing = command.helpInformation();
        const row = listing.split('\n').find((l) => l.trim().startsWith(sub.name()));
        expect(row, `${at} --help lists ${sub.name()}`).toBeDefined();
        expect(listing.replace(/\s+/g, ' '), name).toContain(
          sub.description().replace(/\s+/g, ' ').slice(0, 30),
        );
        walk(sub, name);
      }
    };
    walk(buildProgram(), 'sanad');
  });

  it('a usage error prints the error and one line pointing at --help', async () => {
    const unknown = await sanad(['screen', 'Abu Bakr', '--nope'], home);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      "error: unknown option '--nope'\nRun 'sanad screen --help' for usage.\n",
    );
    const missing = await sanad(['alerts', 'decide', '1', '--action', 'dismiss'], home);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "error: required option '--reason <text>' not specified\nRun 'sanad alerts decide --help' for usage.\n",
    );
    const command = await sanad(['nosuch'], home);
    expect(command.code).toBe(2);
    expect(command.stderr.trimEnd().split('\n')).toHaveLength(2);
    expect(command.stderr).toMatch(/Run 'sanad --help' for usage\.\n$/);
  });
});

describe('list versions', SLOW, () => {
  const home = path.join(TMP, 'home-versions');

  beforeAll(async () => {
    const csv = input('watch.csv', 'id,name,schema\nW1,Zubayr Fadlallah Qutaybi,Person\n');
    const r = await sanad(['lists', 'import', 'watch', csv], home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/watch loaded v1 \(\d{4}-\d{2}-\d{2}\), 1 entries/);
  });

  it('are shown as v1 (date), never as a raw timestamp', async () => {
    const r = await sanad(['lists'], home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^un-sc\s+v1 \(2026-02-27\)\s+active\s+1003\s/m);
    expect(r.stdout).toMatch(/^watch\s+v1 \(\d{4}-\d{2}-\d{2}\)\s+active\s+1\s/m);
    // The only timestamps are the load times, in their own column, with no ISO "T…Z".
    expect(r.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  });

  it('lists diff refuses a version that does not exist, even one a label starts with', async () => {
    // Both labels start with "2": a number is a version number only.
    for (const [list, ref] of [
      ['watch', '2'],
      ['un-sc', '2'],
      ['un-sc', 'v20'],
    ]) {
      const r = await sanad(['lists', 'diff', list!, '1', ref!], home);
      expectReadable(r, new RegExp(`no version "${ref}" of list ${list}; known: v1 \\(\\d{4}-`));
      expect(r.stdout).toBe('');
    }
    const byDate = await sanad(['lists', 'diff', 'un-sc', '2026-02-27', '1'], home);
    expect(byDate.code, byDate.stderr).toBe(0);
    expect(byDate.stdout.split('\n')[0]).toBe('un-sc: v1 (2026-02-27) → v1 (2026-02-27)');
  });
});

describe('--actor names the person acting', SLOW, () => {
  const home = path.join(TMP, 'home-actor');
  const MATCHING = 'Zubayr Fadlallah Qutaybi';

  interface Decision {
    decision: number;
    status: string;
    state: string;
  }

  beforeAll(async () => {
    const csv = input('actor-watch.csv', `id,name,schema\nW1,${MATCHING},Person\n`);
    expect((await sanad(['lists', 'import', 'watch', csv], home)).code).toBe(0);
    const recorded = await sanad(
      [
        'screen',
        '--input',
        input('actor-run.csv', `id,name\nC-1,${MATCHING}\nC-2,${MATCHING}\n`),
        '--run',
        'actor-run',
        '--no-progress',
      ],
      home,
    );
    expect(recorded.code, recorded.stderr).toBe(1);
  }, 120_000);

  async function alertIds(): Promise<string[]> {
    const r = await sanad(['alerts', 'list', '--format', 'json'], home);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { id: string }[]).map((a) => a.id).sort();
  }

  async function auditActors(action: string): Promise<string[]> {
    const r = await sanad(['audit', 'export'], home);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { actor: string; action: string })
      .filter((x) => x.action === action)
      .map((x) => x.actor);
  }

  it('two analysts on one workstation do four-eyes: --actor and SANAD_ACTOR', async () => {
    const [first, second] = await alertIds();
    expect(second).toBeDefined();
    expect((await sanad(['--actor', 'amal', 'settings', 'four-eyes', 'on'], home)).code).toBe(0);
    // Amal proposes (the global option before the command), and cannot approve her own.
    const proposed = await sanad(
      [
        '--actor',
        'amal',
        'alerts',
        'decide',
        String(first),
        '--action',
        'dismiss',
        '--reason',
        'no',
      ],
      home,
    );
    expect(proposed.code, proposed.stderr).toBe(0);
    const p = JSON.parse(proposed.stdout) as Decision;
    expect(p.status).toBe('pending');
    const own = await sanad(['alerts', 'approve', String(first), String(p.decision)], home, {
      SANAD_ACTOR: 'amal',
    });
    expectReadable(own, /cannot approve their own decision/);
    // Omar, the second analyst, approves (SANAD_ACTOR; --actor after the command works too).
    const approved = await sanad(['alerts', 'approve', String(first), String(p.decision)], home, {
      SANAD_ACTOR: 'omar',
    });
    expect(approved.code, approved.stderr).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ status: 'effective', state: 'dismissed' });

    const second1 = await sanad(
      [
        'alerts',
        'decide',
        String(second),
        '--action',
        'dismiss',
        '--reason',
        'no',
        '--actor',
        'omar',
      ],
      home,
      { SANAD_ACTOR: 'amal' },
    );
    const q = JSON.parse(second1.stdout) as Decision;
    const rejected = await sanad(
      ['alerts', 'reject', String(second), String(q.decision), '--actor', 'amal'],
      home,
    );
    expect(rejected.code, rejected.stderr).toBe(0);

    const show = await sanad(['alerts', 'show', String(first)], home);
    expect(JSON.parse(show.stdout)).toMatchObject({
      decisions: [{ decidedBy: 'cli:amal', approvedBy: 'cli:omar', status: 'effective' }],
    });
    expect(await auditActors('decision.propose')).toEqual(['cli:amal', 'cli:omar']);
    expect(await auditActors('decision.approve')).toEqual(['cli:omar']);
    expect(await auditActors('decision.reject')).toEqual(['cli:amal']);
    expect(await auditActors('setting.four_eyes')).toEqual(['cli:amal']);
  });

  it('without --actor the OS user acts', async () => {
    const me = `cli:${os.userInfo().username}`;
    const csv = input(
      'actor-watch-2.csv',
      `id,name,schema\nW1,${MATCHING},Person\nW2,Other Name,Person\n`,
    );
    expect((await sanad(['lists', 'import', 'watch', csv], home)).code).toBe(0);
    expect((await auditActors('list.load')).at(-1)).toBe(me);
  });

  it('refuses an empty, overlong or control-character name', async () => {
    for (const [args, env, message] of [
      [['--actor', '  '], {}, /--actor.*the actor name is empty/],
      [['--actor', 'x'.repeat(101)], {}, /longer than 100 characters/],
      [['--actor', 'amal\u001b[2Komar'], {}, /control characters/],
      [['--actor', 'amal\u202eramo'], {}, /control characters/],
      [[], { SANAD_ACTOR: 'amal\nomar' }, /SANAD_ACTOR: the actor name contains control/],
    ] as [string[], Record<string, string>, RegExp][]) {
      const r = await sanad([...args, 'settings', 'four-eyes', 'off'], home, env);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
    // Persian names keep their zero-width non-joiner.
    const persian = await sanad(['--actor', 'مهر\u200cناز', 'settings', 'four-eyes', 'off'], home);
    expect(persian.code, persian.stderr).toBe(0);
    expect((await auditActors('setting.four_eyes')).at(-1)).toBe('cli:مهر\u200cناز');
  });
});
