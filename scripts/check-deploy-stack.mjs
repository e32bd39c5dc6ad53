/* global fetch, AbortSignal */
// `npm run check:deploy -- --stack`: compose.yaml's sanad services as processes on this machine,
// where no Docker is: the API replicas and the workers with the commands compose.yaml gives
// them, run from the tree the Dockerfile's steps built, on a database of their own in the local
// PostgreSQL, behind Caddy with deploy/Caddyfile (when caddy is installed). Everything listens on
// 127.0.0.1 only. It checks what `docker compose up` would show: each replica becomes ready, the
// load balancer answers through either replica and keeps answering when one stops, the workers
// screen a run that an API-less client queues, and every process stops cleanly on SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import YAML from 'yaml';

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function get(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { status: 0, body: String(error) };
  }
}

/** Polls `url` until it answers 200 or the process dies; at most ~5 minutes (a busy machine). */
async function until200(url, proc) {
  let last = { status: 0 };
  for (let i = 0; i < 600 && last.status !== 200 && (!proc || proc.exitCode === null); i++) {
    last = await get(url);
    if (last.status !== 200) await sleep(500);
  }
  return last;
}

const words = (command) =>
  Array.isArray(command) ? command.map(String) : String(command).split(/\s+/);
/** Compose's `${NAME:-default}` with NAME unset: the default. */
const interpolate = (w) =>
  w.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_, n, d) => process.env[n] ?? d ?? '');

/** A process of the stack, its output kept for when it fails. */
function start(name, argv, { entry, cwd, env, user }) {
  const child = spawn(entry[0], [...entry.slice(1), ...argv], {
    cwd,
    env,
    ...user,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = [];
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { name, child, log, exited };
}

async function stop(proc) {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGTERM');
  const end = await Promise.race([proc.exited, sleep(90_000).then(() => undefined)]);
  if (end === undefined) proc.child.kill('SIGKILL');
  return end;
}

/** A database of its own in the PostgreSQL of `adminUrl`, dropped at the end. */
async function scratchDatabase(app, adminUrl) {
  const require = (await import('node:module')).createRequire(path.join(app, 'package.json'));
  const pg = require('pg');
  const name = `sanad_check_deploy_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function runStack({ root, app, tmp, entry, env, user, check, note, adminUrl }) {
  const compose = YAML.parse(fs.readFileSync(path.join(root, 'compose.yaml'), 'utf8'), {
    merge: true,
  });
  const services = Object.entries(compose.services ?? {});
  const sanad = services.filter(([, s]) => s.build || s.image === compose.services['api-1']?.image);
  const apis = sanad.filter(([, s]) => words(s.command)[0] === 'serve');
  const workers = sanad.filter(([, s]) => words(s.command)[0] === 'worker');
  let db;
  try {
    db = await scratchDatabase(app, adminUrl);
  } catch (error) {
    check(
      false,
      'stack',
      `no PostgreSQL at ${adminUrl.replace(/:[^:@/]*@/, ':***@')}: ${error.message}`,
    );
    return false;
  }
  note(
    `stack: database ${new URL(db.url).pathname.slice(1)}; ${apis.length} API replica(s), ${workers.length} worker service(s)`,
  );
  const procs = [];
  const homeOf = (name) => {
    const home = path.join(tmp, `home-${name}`);
    fs.mkdirSync(home, { mode: 0o700 });
    if (user.uid !== undefined) fs.chownSync(home, user.uid, user.gid);
    return home;
  };
  const opts = (name) => ({
    entry,
    cwd: app,
    user,
    env: {
      ...env,
      DATABASE_URL: db.url,
      SANAD_HOME: homeOf(name),
      HOME: path.join(tmp, `home-${name}`),
    },
  });
  let ok = false;
  try {
    const replicas = [];
    for (const [name, s] of apis) {
      const port = await freePort();
      const metrics = await freePort();
      const argv = words(s.command).map((w, i, all) => {
        const prev = all[i - 1];
        if (prev === '--host' || prev === '--metrics-host') return '127.0.0.1';
        if (prev === '--port') return String(port);
        if (prev === '--metrics-port') return String(metrics);
        return interpolate(w);
      });
      note(`stack: ${name}: sanad ${argv.join(' ')}`);
      const proc = start(name, argv, opts(name));
      procs.push(proc);
      const ready = await until200(`http://127.0.0.1:${port}/readyz`, proc.child);
      if (
        !check(
          ready.status === 200,
          `stack: ${name}`,
          `/readyz answered ${ready.status} ${ready.body}`,
        )
      )
        return false;
      const scraped = await get(`http://127.0.0.1:${metrics}/metrics`);
      check(scraped.status === 200, `stack: ${name}`, `/metrics answered ${scraped.status}`);
      replicas.push({
        name,
        port,
        proc,
        upstream: `${name}:${words(s.command)[words(s.command).indexOf('--port') + 1]}`,
      });
    }
    const workerHealth = [];
    for (const [name, s] of workers) {
      const count = Number(s.deploy?.replicas ?? 1);
      for (let i = 1; i <= count; i++) {
        // Each worker process of a service its own health port here (one per container there).
        const health = await freePort();
        const argv = words(s.command).map((w, j, all) => {
          if (all[j - 1] === '--health-port') return String(health);
          if (all[j - 1] === '--health-host') return '127.0.0.1';
          return interpolate(w);
        });
        note(`stack: ${name}-${i}: sanad ${argv.join(' ')}`);
        procs.push(start(`${name}-${i}`, argv, opts(`${name}-${i}`)));
        if (argv.includes('--health-port')) workerHealth.push({ name: `${name}-${i}`, health });
      }
    }
    // A run queued by a client that screens nothing itself: only the workers can do it.
    const input = path.join(root, 'examples/customers.csv');
    const rows = fs.readFileSync(input, 'utf8').trim().split('\n').length - 1;
    const client = opts('client');
    const output = path.join(client.env.SANAD_HOME, 'run.jsonl');
    const run = spawnSync(
      entry[0],
      [
        ...entry.slice(1),
        'screen',
        '--input',
        input,
        '--run',
        'check-deploy',
        '--no-worker',
        '--output',
        output,
      ],
      { ...client, encoding: 'utf8', timeout: 300_000 },
    );
    const lines = fs.existsSync(output) ? fs.readFileSync(output, 'utf8').trim().split('\n') : [];
    check(
      (run.status === 0 || run.status === 1) && lines.length === rows,
      'stack: a run screened by the workers',
      `sanad screen --run --no-worker exited ${run.status} with ${lines.length} of ${rows} rows: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    );
    note(
      `stack: run of ${rows} rows screened by the workers: exit ${run.status}, ${lines.length} output rows`,
    );
    for (const p of procs)
      check(p.child.exitCode === null, `stack: ${p.name}`, `exited early (${p.child.exitCode})`);
    for (const w of workerHealth) {
      const answer = await get(`http://127.0.0.1:${w.health}/healthz`);
      check(
        answer.status === 200,
        `stack: ${w.name}`,
        `the worker's /healthz answered ${answer.status} ${answer.body ?? ''}`,
      );
    }
    ok = await throughCaddy(root, replicas, procs, { check, note, tmp });
  } finally {
    for (const p of procs.reverse()) {
      const end = await stop(p);
      const clean = check(
        end?.code === 0,
        `stack: ${p.name}`,
        `did not stop cleanly on SIGTERM: ${JSON.stringify(end)}`,
      );
      if (!clean || !ok) process.stdout.write(`--- ${p.name}\n${p.log.join('').slice(-4000)}\n`);
    }
    await db.drop().catch((error) => note(`stack: could not drop the database: ${error.message}`));
  }
  return ok;
}

/** deploy/Caddyfile in front of the replicas; one replica stopped, the other still answers. */
async function throughCaddy(root, replicas, procs, { check, note, tmp }) {
  if (spawnSync('sh', ['-c', 'command -v caddy']).status !== 0) {
    note('stack: caddy is not installed: the load balancer was not run');
    return true;
  }
  const port = await freePort();
  let text = fs.readFileSync(path.join(root, 'deploy/Caddyfile'), 'utf8');
  for (const r of replicas) text = text.replace(r.upstream, `127.0.0.1:${r.port}`);
  // A site named by an address is served over HTTPS unless its scheme says http.
  text = text.replace(/^:80 \{/m, `http://127.0.0.1:${port} {`);
  const dir = path.join(tmp, 'caddy');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'Caddyfile'), text);
  const caddy = start('caddy', ['run', '--config', 'Caddyfile', '--adapter', 'caddyfile'], {
    entry: ['caddy'],
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
    user: {},
  });
  procs.push(caddy);
  const base = `http://127.0.0.1:${port}`;
  const first = await until200(`${base}/readyz`, caddy.child);
  if (
    !check(
      first.status === 200,
      'stack: caddy',
      `/readyz through caddy answered ${first.status} ${first.body}`,
    )
  )
    return false;
  const answers = [];
  for (let i = 0; i < 10; i++) answers.push((await get(`${base}/readyz`)).status);
  check(
    answers.every((s) => s === 200),
    'stack: caddy',
    `10 requests answered ${answers.join(' ')}`,
  );
  // One replica stops (an upgrade, a crash): the other answers every request.
  const gone = replicas[0];
  const end = await stop(gone.proc);
  check(
    end?.code === 0,
    `stack: ${gone.name}`,
    `did not stop cleanly on SIGTERM: ${JSON.stringify(end)}`,
  );
  const after = [];
  // Caddy notices the stopped replica at its next request (and its health check within 5 s).
  for (let i = 0; i < 10; i++) after.push((await get(`${base}/readyz`)).status);
  check(
    after.every((s) => s === 200),
    'stack: caddy',
    `with ${gone.name} stopped, 10 requests answered ${after.join(' ')}`,
  );
  note(
    `stack: through caddy: ${answers.length} requests 200; with ${gone.name} stopped, ${after.filter((s) => s === 200).length} of ${after.length} 200`,
  );
  return after.every((s) => s === 200);
}
