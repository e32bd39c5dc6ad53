/**
 * scripts/check-deploy.mjs (`npm run check:deploy`): the repository's Dockerfile, compose.yaml,
 * Caddyfile and systemd units pass, and each fault it exists to catch fails it, named. The faults
 * are made in a copy of the deployment files, the rest of the checkout linked in beside them.
 * The slow part (`--build`: the Dockerfile's steps as a script) is run by hand, not here.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts/check-deploy.mjs');
/** The files the check reads and the faults below edit: copied, not linked. */
const DEPLOY_FILES = ['Dockerfile', '.dockerignore', 'compose.yaml', 'deploy'];
/** What the Dockerfile copies from the checkout: linked, so that its COPY sources exist. */
const LINKED = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'NOTICE.md',
  'bin',
  'data',
  'scripts',
  'src',
  'web',
];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function checkout(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-check-deploy-'));
  dirs.push(dir);
  for (const f of DEPLOY_FILES)
    fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  for (const f of LINKED) fs.symlinkSync(path.join(ROOT, f), path.join(dir, f));
  return dir;
}

function run(root: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [SCRIPT, '--root', root], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Replaces `from` (which must be there) with `to` in a copied file. */
function edit(root: string, file: string, from: string | RegExp, to: string): void {
  const p = path.join(root, file);
  const text = fs.readFileSync(p, 'utf8');
  const next = text.replace(from, to);
  expect(next, `${file} has ${String(from)}`).not.toBe(text);
  fs.writeFileSync(p, next);
}

describe('check-deploy', () => {
  it("passes the repository's own files", () => {
    const { status, out } = run(ROOT);
    expect(out).toMatch(/check-deploy: \d+ checks passed, 0 failed/);
    expect(status).toBe(0);
  });

  it('passes an untouched copy (the faults below are the only change)', () => {
    const { status, out } = run(checkout());
    expect(out).toMatch(/, 0 failed/);
    expect(status).toBe(0);
  });

  const faults: [what: string, file: string, from: string | RegExp, to: string, says: RegExp][] = [
    ['the image runs as root', 'Dockerfile', /^USER .*$/m, '', /runs as root/],
    [
      'a base image on latest',
      'Dockerfile',
      'FROM node:${NODE_VERSION}-bookworm-slim AS runtime',
      'FROM node:latest AS runtime',
      /base image node:latest is not pinned/,
    ],
    [
      'ADD of a URL',
      'Dockerfile',
      'WORKDIR /app\nENV',
      'WORKDIR /app\nADD https://example.org/tool.tgz /opt/\nENV',
      /ADD of a URL/,
    ],
    [
      'apt lists left in the image',
      'Dockerfile',
      '--no-install-recommends tini \\\n  && rm -rf /var/lib/apt/lists/* \\\n',
      '--no-install-recommends tini \\\n',
      /apt lists not removed/,
    ],
    [
      'apt-get install recommending',
      'Dockerfile',
      'install -y --no-install-recommends python3',
      'install -y python3',
      /without --no-install-recommends/,
    ],
    ['no health check', 'Dockerfile', /^HEALTHCHECK[^\n]*\\\n[^\n]*\n/m, '', /no HEALTHCHECK/],
    [
      'COPY without --chown in the final stage',
      'Dockerfile',
      'COPY --chown=root:root bin bin',
      'COPY bin bin',
      /:\d+: COPY without --chown/,
    ],
    [
      'npm install instead of npm ci',
      'Dockerfile',
      'npm ci --ignore-scripts',
      'npm install --ignore-scripts',
      /npm install: use npm ci/,
    ],
    [
      'a secret baked in',
      'Dockerfile',
      'SANAD_HOME=/var/lib/sanad',
      'SANAD_HOME=/var/lib/sanad \\\n  SANAD_SECRET_KEY=c2VjcmV0',
      /ENV SANAD_SECRET_KEY bakes a secret/,
    ],
    [
      'an env file let into the context',
      '.dockerignore',
      '**/*.env\n',
      '!deploy/\n',
      /deploy\/sanad\.env would be sent to the build/,
    ],
    ['node as PID 1', 'Dockerfile', '"/usr/bin/tini", "--", ', '', /PID 1 is node/],
    [
      'a COPY source the context leaves out',
      '.dockerignore',
      '!src/\n',
      '',
      /COPY src, but \.dockerignore leaves it out/,
    ],
    [
      'a context that is not an allow-list',
      '.dockerignore',
      /^\*\n/m,
      '',
      /\.git\/config would be sent to the build/,
    ],
    [
      'an API replica with a worker inside',
      'compose.yaml',
      "'--no-worker',\n",
      '',
      /services\.api-1: an API replica without --no-worker/,
    ],
    [
      'a password written in compose.yaml',
      'compose.yaml',
      "command: ['worker', '--concurrency', '1', '--health-port', '8001']",
      "command: ['worker', '--concurrency', '1', '--health-port', '8001']\n    environment:\n      DATABASE_URL: postgres://sanad:hunter2@postgres:5432/sanad",
      /environment DATABASE_URL is written in the file/,
    ],
    [
      'a worker with its health check switched off',
      'compose.yaml',
      "      test: ['CMD', 'node', 'deploy/healthcheck.mjs', 'http://127.0.0.1:8001/healthz']\n",
      '      disable: true\n',
      /services\.worker: no health check/,
    ],
    [
      "a worker's health check asking a port it does not listen on",
      'compose.yaml',
      "'--health-port', '8001'",
      "'--health-port', '8002'",
      /services\.worker: the worker's health check does not ask its --health-port 8002/,
    ],
    [
      'depends_on without a condition',
      'compose.yaml',
      'depends_on:\n      api-1:\n        condition: service_healthy\n      api-2:\n        condition: service_healthy\n',
      'depends_on: [api-1, api-2]\n',
      /services\.caddy: depends_on as a list/,
    ],
    ['one worker', 'compose.yaml', 'replicas: 2', 'replicas: 1', /1 worker\(s\)/],
    [
      'an unpinned PostgreSQL',
      'compose.yaml',
      'postgres:15.10-bookworm',
      'postgres:15',
      /services\.postgres: image postgres:15 is not pinned/,
    ],
    [
      'waiting on a service with no health check',
      'compose.yaml',
      "    healthcheck:\n      test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:80/healthz']\n      interval: 10s\n      timeout: 5s\n      retries: 3\n",
      '',
      /services\.caddy: no health check/,
    ],
    [
      'the load balancer sending to a replica that is not there',
      'deploy/Caddyfile',
      'api-2:8000',
      'api-3:8000',
      /upstreams api-1:8000 api-3:8000 are not the API replicas/,
    ],
    [
      'a unit without NoNewPrivileges',
      'deploy/systemd/sanad-api@.service',
      'NoNewPrivileges=yes\n',
      '',
      /sanad-api@\.service: no NoNewPrivileges=yes/,
    ],
    [
      'a unit that stops V8',
      'deploy/systemd/sanad-worker@.service',
      'NoNewPrivileges=yes\n',
      'NoNewPrivileges=yes\nMemoryDenyWriteExecute=yes\n',
      /MemoryDenyWriteExecute=yes stops V8/,
    ],
    [
      'a unit key systemd does not know',
      'deploy/systemd/sanad-worker@.service',
      'NoNewPrivileges=yes\n',
      'NoNewPrivileges=yes\nProtectEverything=yes\n',
      /systemd-analyze verify: .*Unknown key 'ProtectEverything'/,
    ],
  ];

  it.each(faults)('fails on %s', (_what, file, from, to, says) => {
    const root = checkout();
    edit(root, file, from, to);
    const { status, out } = run(root);
    expect(out).toMatch(says);
    expect(status).toBe(1);
  });

  it('is a package script', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['check:deploy']).toBe('node scripts/check-deploy.mjs');
  });
});
