/* global fetch, AbortSignal */
// Checks the deployment files where no Docker daemon or `docker compose` is at hand:
//
//   node scripts/check-deploy.mjs            lint the Dockerfile and .dockerignore, validate
//                                            compose.yaml, deploy/Caddyfile and the systemd units
//   node scripts/check-deploy.mjs --build    also run the Dockerfile's steps as a script in a
//                                            temporary directory, then start what they built as
//                                            a user that is not root
//   node scripts/check-deploy.mjs --stack    also run compose.yaml's sanad services from that
//                                            build as local processes, on a scratch database of
//                                            the local PostgreSQL (--database-url, default
//                                            $SANAD_CHECK_PG_URL or postgres://postgres@127.0.0.1
//                                            :5432/postgres), behind deploy/Caddyfile when caddy
//                                            is installed (scripts/check-deploy-stack.mjs)
//   --root DIR   check the files of another checkout (the tests give it broken copies)
//   --keep       keep the --build directory, to look at it
//
// The build is read from the Dockerfile itself: its COPY steps copy the same files (through the
// same .dockerignore) and its RUN steps run in the same order, so the script cannot drift from
// the file. Steps that change the system (apt-get, useradd) are not run: the packages they
// install are checked to be installed here instead (this machine is Debian 12, the image's base).
// Exit status: 0 when every check passed, 1 when one failed, 2 on a usage error.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import YAML from 'yaml';

const args = process.argv.slice(2);
const usage =
  'usage: node scripts/check-deploy.mjs [--build | --stack [--database-url URL]] [--keep] [--root DIR]';
const options = {
  build: false,
  stack: false,
  keep: false,
  root: process.cwd(),
  databaseUrl: process.env.SANAD_CHECK_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
};
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--build') options.build = true;
  else if (args[i] === '--stack') options.build = options.stack = true;
  else if (args[i] === '--database-url' && args[i + 1]) options.databaseUrl = args[++i];
  else if (args[i] === '--keep') options.keep = true;
  else if (args[i] === '--root' && args[i + 1]) options.root = path.resolve(args[++i]);
  else {
    process.stderr.write(`check-deploy: unknown argument ${args[i]}\n${usage}\n`);
    process.exit(2);
  }
}
const ROOT = options.root;

let passed = 0;
const failures = [];
/** One check: `ok` true passes; false fails with the message, named by file (and line). */
function check(ok, where, message) {
  if (ok) passed++;
  else failures.push(`${where}: ${message}`);
  return ok;
}
const note = (text) => process.stdout.write(`  ${text}\n`);
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const exists = (file) => fs.existsSync(path.join(ROOT, file));

// ---------------------------------------------------------------------------------------------
// The Dockerfile

/** Instructions with continuation lines joined, each with the line it starts on. */
function parseDockerfile(text) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i];
    if (/^\s*(#|$)/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      line = line.replace(/\\\s*$/, ' ');
      i++;
      if (!/^\s*#/.test(lines[i])) line += lines[i];
    }
    const m = /^\s*(\w+)\s+([\s\S]*)$/.exec(line);
    if (m) out.push({ line: start, op: m[1].toUpperCase(), args: m[2].trim() });
  }
  return out;
}

/** The stages (FROM to FROM) with their instructions; global ARGs substituted in FROM. */
function stagesOf(instructions) {
  const globals = {};
  const stages = [];
  for (const ins of instructions) {
    if (ins.op === 'ARG' && stages.length === 0) {
      const [name, value = ''] = ins.args.split('=');
      globals[name] = value;
    } else if (ins.op === 'FROM') {
      const [image, , name] = ins.args.replace(/--platform=\S+\s+/, '').split(/\s+/);
      const resolved = image.replace(/\$\{?(\w+)\}?/g, (_, v) => globals[v] ?? '');
      stages.push({
        image: resolved,
        name: name ?? String(stages.length),
        line: ins.line,
        ins: [],
      });
    } else if (stages.length > 0) stages.at(-1).ins.push(ins);
  }
  return { globals, stages };
}

/** COPY's flags and paths; JSON form too. */
function parseCopy(args) {
  const flags = {};
  let rest = args;
  for (let m; (m = /^--(\w+)(?:=(\S+))?\s+/.exec(rest)); rest = rest.slice(m[0].length))
    flags[m[1]] = m[2] ?? true;
  const paths = rest.startsWith('[') ? JSON.parse(rest) : rest.split(/\s+/);
  return { flags, sources: paths.slice(0, -1), dest: paths.at(-1) };
}

const APT_INSTALL = /apt-get\s+(?:-\S+\s+)*install\b/;
/** The packages an `apt-get install` names. */
function aptPackages(run) {
  const m = /apt-get\s+(?:-\S+\s+)*install\s+([^&;|]*)/.exec(run);
  return m ? m[1].split(/\s+/).filter((w) => w && !w.startsWith('-')) : [];
}

/** A tag that names a release (a digit and a dot: 20.20.2-bookworm-slim, 15.10) or a digest. */
function pinned(image) {
  if (image.includes('@sha256:')) return true;
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return tag !== undefined && tag !== 'latest' && /\d+\.\d+/.test(tag);
}

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|ACCESS_KEY)/i;

function lintDockerfile() {
  const file = 'Dockerfile';
  if (!check(exists(file), file, 'missing')) return undefined;
  const instructions = parseDockerfile(read(file));
  const { globals, stages } = stagesOf(instructions);
  const at = (ins) => `${file}:${ins.line}`;
  check(stages.length >= 2, file, 'not multi-stage: a build stage and a smaller runtime stage');
  const names = new Set(stages.map((s) => s.name));
  for (const s of stages) {
    if (names.has(s.image)) continue;
    check(pinned(s.image), `${file}:${s.line}`, `base image ${s.image} is not pinned to a release`);
  }
  const final = stages.at(-1);
  const build = stages[0];
  check(
    stages.length < 2 || build.image === final.image,
    `${file}:${final.line}`,
    `the runtime base ${final.image} differs from the build base ${build.image}: the native addon built there may not load here`,
  );
  for (const [name, value] of Object.entries(globals))
    check(!(SECRET_NAME.test(name) && value), file, `ARG ${name} bakes a secret default`);
  for (const s of stages) {
    for (const ins of s.ins) {
      if (ins.op === 'ADD')
        check(
          false,
          at(ins),
          /https?:\/\//.test(ins.args)
            ? 'ADD of a URL: download in a RUN with a checksum, or COPY a vetted file'
            : 'ADD: use COPY for files and folders',
        );
      if (ins.op === 'ENV' || ins.op === 'ARG') {
        for (const m of ins.args.matchAll(/(\w+)=("[^"]*"|\S*)/g))
          check(
            !(SECRET_NAME.test(m[1]) && m[2] && m[2] !== '""'),
            at(ins),
            `${ins.op} ${m[1]} bakes a secret into the image: pass it at run time`,
          );
      }
      if (ins.op === 'WORKDIR')
        check(ins.args.startsWith('/'), at(ins), 'WORKDIR is not an absolute path');
      if (ins.op === 'COPY') {
        const { sources } = parseCopy(ins.args);
        for (const src of sources)
          check(
            !/(^|\/)(\.env|[^/]*\.env|[^/]*\.key|[^/]*\.pem)$/.test(src),
            at(ins),
            `COPY of ${src}: secrets are given at run time, never copied into the image`,
          );
      }
      if (ins.op !== 'RUN') continue;
      const run = ins.args;
      check(!/(^|[;&|]\s*)apt\s/.test(run), at(ins), 'apt in a script: use apt-get');
      check(!/\bsudo\b/.test(run), at(ins), 'sudo in a RUN: set USER instead');
      check(
        !/\bnpm\s+(install|i)\b/.test(run),
        at(ins),
        'npm install: use npm ci (the lockfile, exactly)',
      );
      check(
        !/(curl|wget)[^|;&]*\|\s*(ba)?sh/.test(run),
        at(ins),
        'a downloaded script piped to sh',
      );
      if (APT_INSTALL.test(run)) {
        check(/\s-y\b|--yes\b/.test(run), at(ins), 'apt-get install without -y');
        check(
          /--no-install-recommends/.test(run),
          at(ins),
          'apt-get install without --no-install-recommends',
        );
        check(
          /rm\s+-rf\s+\/var\/lib\/apt\/lists/.test(run),
          at(ins),
          'apt lists not removed in the same RUN (rm -rf /var/lib/apt/lists/*)',
        );
      }
    }
  }
  const ops = (op) => final.ins.filter((i) => i.op === op);
  const user = ops('USER').at(-1);
  check(
    user !== undefined && !/^(root|0)(:|$)/.test(user.args),
    user ? at(user) : file,
    'the final stage runs as root: add USER with a user of its own',
  );
  for (const ins of ops('COPY'))
    check(
      'chown' in parseCopy(ins.args).flags,
      at(ins),
      'COPY without --chown in the final stage: say who owns what is copied',
    );
  const health = ops('HEALTHCHECK').at(-1);
  check(
    health !== undefined && !/^NONE\b/i.test(health.args),
    file,
    'no HEALTHCHECK in the final stage',
  );
  for (const op of ['ENTRYPOINT', 'CMD']) {
    const last = ops(op).at(-1);
    if (check(last !== undefined, file, `no ${op} in the final stage`))
      check(last.args.startsWith('['), at(last), `${op} in shell form: use the JSON form`);
  }
  const entry = ops('ENTRYPOINT').at(-1);
  check(
    entry !== undefined && /tini|dumb-init/.test(entry.args),
    entry ? at(entry) : file,
    'PID 1 is node: start it under tini (or document `docker run --init`)',
  );
  return { instructions, stages };
}

// ---------------------------------------------------------------------------------------------
// .dockerignore: a small matcher of its rules (last match wins; `!` lets a path back in).

function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A folder's rule covers what is inside it.
  return new RegExp(`^${re}(/.*)?$`);
}

function dockerignore(text) {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = path.posix.normalize((negate ? l.slice(1) : l).replace(/^\/+/, ''));
      return { negate, re: globToRegExp(pattern.replace(/\/$/, '')) };
    });
  /** Whether the build context leaves out `file` (a path relative to the context). */
  return (file) => {
    let ignored = false;
    for (const rule of rules) if (rule.re.test(file)) ignored = !rule.negate;
    return ignored;
  };
}

function lintDockerignore(docker) {
  const file = '.dockerignore';
  if (!check(exists(file), file, 'missing: the whole checkout would be sent to the build')) return;
  const ignored = dockerignore(read(file));
  for (const secret of [
    '.git/config',
    'node_modules/x/package.json',
    'deploy/sanad.env',
    'deploy/postgres.env',
    '.sanad/sanad.db',
    'dist/sanad.mjs',
    'test/fixtures/x.csv',
  ])
    check(ignored(secret), file, `${secret} would be sent to the build: leave it out`);
  if (!docker) return;
  for (const s of docker.stages)
    for (const ins of s.ins.filter((i) => i.op === 'COPY')) {
      const { flags, sources } = parseCopy(ins.args);
      if (flags.from) continue;
      for (const src of sources) {
        const rel = path.posix.normalize(src.replace(/\/$/, ''));
        check(exists(rel), `Dockerfile:${ins.line}`, `COPY ${src}: no such file here`);
        check(
          !ignored(rel),
          `Dockerfile:${ins.line}`,
          `COPY ${src}, but .dockerignore leaves it out`,
        );
      }
    }
}

// ---------------------------------------------------------------------------------------------
// compose.yaml and the Caddyfile

const DEPENDS_CONDITIONS = new Set([
  'service_started',
  'service_healthy',
  'service_completed_successfully',
]);

/** A compose command as a list of words. */
const words = (command) =>
  Array.isArray(command) ? command.map(String) : command ? String(command).split(/\s+/) : [];

function optionValue(argv, name) {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function lintCompose(docker) {
  const file = 'compose.yaml';
  if (!check(exists(file), file, 'missing')) return;
  let doc;
  try {
    doc = YAML.parse(read(file), { merge: true, prettyErrors: true });
  } catch (error) {
    check(false, file, `not valid YAML: ${error.message}`);
    return;
  }
  const services = doc?.services ?? {};
  const names = Object.keys(services);
  if (!check(names.length > 0, file, 'no services')) return;
  const imageHealth = docker?.stages.at(-1)?.ins.some((i) => i.op === 'HEALTHCHECK') ?? false;
  const sanadImages = new Set(
    names.filter((n) => services[n].build).map((n) => services[n].image ?? n),
  );
  const isSanad = (s) => s.build !== undefined || sanadImages.has(s.image);
  const healthy = (n) => {
    const s = services[n];
    if (s?.healthcheck) return s.healthcheck.disable !== true;
    return isSanad(s ?? {}) && imageHealth;
  };
  const api = [];
  let workers = 0;
  let postgres;
  let proxy;
  for (const name of names) {
    const s = services[name];
    const where = `${file}: services.${name}`;
    if (!check(s.image !== undefined || s.build !== undefined, where, 'no image and no build'))
      continue;
    if (s.image && !isSanad(s))
      check(pinned(s.image), where, `image ${s.image} is not pinned to a release`);
    const argv = words(s.command);
    if (isSanad(s) && argv[0] === 'serve') {
      api.push({ name, port: optionValue(argv, '--port') ?? '8000', argv });
      check(argv.includes('--no-worker'), where, 'an API replica without --no-worker');
      check(
        optionValue(argv, '--host') === '0.0.0.0',
        where,
        'serve listens on 127.0.0.1 unless --host 0.0.0.0: the load balancer cannot reach it',
      );
      check(
        s.ports === undefined,
        where,
        'an API replica publishes a port: traffic goes through the load balancer',
      );
    }
    if (isSanad(s) && argv[0] === 'worker') workers += Number(s.deploy?.replicas ?? 1);
    if (/^postgres:15[.-]/.test(s.image ?? '')) postgres = name;
    if (/^(caddy|nginx):/.test(s.image ?? '')) proxy = name;
    check(healthy(name), where, 'no health check');
    if (isSanad(s) && argv[0] === 'worker' && s.healthcheck && s.healthcheck.disable !== true) {
      // A worker serves no API: its check reaches the worker's own /healthz (--health-port).
      const port = optionValue(argv, '--health-port');
      const probe = words(s.healthcheck.test).join(' ');
      if (check(port !== undefined, where, 'a worker with a health check but no --health-port'))
        check(
          probe.includes(`:${port}/healthz`),
          where,
          `the worker's health check does not ask its --health-port ${port} for /healthz`,
        );
    }
    const deps = s.depends_on ?? {};
    check(!Array.isArray(deps), where, 'depends_on as a list: give each a condition');
    for (const [dep, spec] of Array.isArray(deps) ? [] : Object.entries(deps)) {
      check(names.includes(dep), where, `depends on ${dep}, which is not a service`);
      check(
        DEPENDS_CONDITIONS.has(spec?.condition),
        where,
        `depends_on.${dep} has no known condition`,
      );
      if (spec?.condition === 'service_healthy')
        check(
          healthy(dep),
          where,
          `waits for ${dep} to be healthy, but ${dep} has no health check`,
        );
    }
    const env = Array.isArray(s.environment)
      ? Object.fromEntries(s.environment.map((e) => String(e).split(/=(.*)/s)))
      : (s.environment ?? {});
    for (const [key, value] of Object.entries(env)) {
      const text = value === null || value === undefined ? '' : String(value);
      check(
        !(SECRET_NAME.test(key) || key === 'DATABASE_URL') || text === '' || /^\$\{/.test(text),
        where,
        `environment ${key} is written in the file: put it in an env file that is not committed`,
      );
    }
    for (const f of [s.env_file ?? []].flat()) {
      const envFile = typeof f === 'string' ? f : f.path;
      check(
        exists(`${envFile}.example`),
        where,
        `env_file ${envFile} has no ${envFile}.example beside it`,
      );
      check(gitIgnored(envFile), where, `env_file ${envFile} is not ignored by git`);
    }
    for (const v of s.volumes ?? []) {
      const source = typeof v === 'string' ? v.split(':')[0] : v.source;
      if (!source) continue;
      if (source.startsWith('.') || source.startsWith('/'))
        check(exists(source), where, `mounts ${source}, which is not in the repository`);
      else check(doc.volumes && source in doc.volumes, where, `volume ${source} is not declared`);
    }
  }
  const text = read(file);
  check(
    !/postgres(ql)?:\/\/[^:/@\s]+:[^@\s$]+@/.test(text),
    file,
    'a database URL with its password is written in the file',
  );
  check(postgres !== undefined, file, 'no PostgreSQL 15 service');
  check(api.length >= 2, file, `${api.length} API replica(s) running serve; two are wanted`);
  check(workers >= 2, file, `${workers} worker(s) running \`sanad worker\`; two are wanted`);
  if (check(proxy !== undefined, file, 'no load balancer (caddy or nginx)'))
    check(
      (services[proxy].ports ?? []).length > 0,
      `${file}: services.${proxy}`,
      'the load balancer publishes no port',
    );
  if (postgres)
    check(
      (services[postgres].volumes ?? []).some((v) =>
        String(typeof v === 'string' ? v : v.target).includes('/var/lib/postgresql/data'),
      ),
      `${file}: services.${postgres}`,
      "PostgreSQL's data is not on a volume",
    );
  if (proxy && /^caddy:/.test(services[proxy].image)) lintCaddyfile(api);
}

function gitIgnored(file) {
  const r = spawnSync('git', ['check-ignore', '-q', file], { cwd: ROOT });
  if (r.status === 0 || r.status === 1) return r.status === 0;
  // Not a git checkout: the rule must at least be in a .gitignore beside it.
  const gi = path.join(path.dirname(file), '.gitignore');
  return exists(gi) && dockerignore(read(gi))(path.basename(file));
}

function lintCaddyfile(api) {
  const file = 'deploy/Caddyfile';
  if (!check(exists(file), file, 'missing')) return;
  const text = read(file);
  const proxy = /^\s*reverse_proxy\s+([^{\n]+)/m.exec(text);
  if (!check(proxy !== null, file, 'no reverse_proxy')) return;
  const upstreams = proxy[1].trim().split(/\s+/);
  const wanted = api.map((a) => `${a.name}:${a.port}`);
  check(
    wanted.length > 0 &&
      wanted.every((u) => upstreams.includes(u)) &&
      upstreams.length === wanted.length,
    file,
    `upstreams ${upstreams.join(' ')} are not the API replicas ${wanted.join(' ')}`,
  );
  check(/health_uri\s+\/readyz/.test(text), file, 'no active health check on /readyz');
  if (!has('caddy')) {
    note('caddy is not installed: the Caddyfile was checked by the rules above only');
    return;
  }
  // Validated with the upstreams on loopback, so that validating resolves no names.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-caddy-'));
  try {
    const local = text.replace(
      proxy[1],
      upstreams.map((_, i) => `127.0.0.1:${1 + i}`).join(' ') + ' ',
    );
    fs.writeFileSync(path.join(dir, 'Caddyfile'), local);
    const r = spawnSync('caddy', ['validate', '--config', 'Caddyfile', '--adapter', 'caddyfile'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const last = `${r.stdout}${r.stderr}`.trim().split('\n').at(-1);
    check(r.status === 0, file, `caddy validate: ${last}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// systemd units

const UNIT_NEEDS = [
  [/^NoNewPrivileges=yes$/m, 'NoNewPrivileges=yes'],
  [/^ProtectSystem=strict$/m, 'ProtectSystem=strict'],
  [/^(User=\S+|DynamicUser=yes)$/m, 'User= or DynamicUser=yes'],
  [/^EnvironmentFile=/m, 'EnvironmentFile='],
  [/^Restart=on-failure$/m, 'Restart=on-failure'],
  [/^(ReadWritePaths|StateDirectory)=/m, 'ReadWritePaths= or StateDirectory='],
];

function lintUnits() {
  const dir = 'deploy/systemd';
  const expected = { 'sanad-api@.service': 'serve', 'sanad-worker@.service': 'worker' };
  const verify = has('systemd-analyze');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-units-'));
  try {
    for (const [unit, command] of Object.entries(expected)) {
      const file = `${dir}/${unit}`;
      if (!check(exists(file), file, 'missing')) continue;
      const text = read(file);
      for (const [re, what] of UNIT_NEEDS) check(re.test(text), file, `no ${what}`);
      check(
        !/^MemoryDenyWriteExecute=yes/m.test(text),
        file,
        'MemoryDenyWriteExecute=yes stops V8, which writes the machine code it compiles',
      );
      const exec = /^ExecStart=(.*)$/m.exec(text)?.[1] ?? '';
      check(
        new RegExp(`sanad\\.js ${command}\\b`).test(exec),
        file,
        `ExecStart does not run \`sanad ${command}\``,
      );
      if (command === 'serve')
        check(exec.includes('--no-worker'), file, 'serve without --no-worker');
      // A template is verified as an instance of it.
      fs.writeFileSync(path.join(tmp, unit.replace('@.', '@1.')), text);
    }
    for (const f of fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.target')))
      fs.copyFileSync(path.join(ROOT, dir, f), path.join(tmp, f));
    if (!verify) {
      note('systemd-analyze is not installed: the units were checked by the rules above only');
      return;
    }
    const units = fs.readdirSync(tmp).map((f) => `./${f}`);
    const r = spawnSync('systemd-analyze', ['verify', '--man=no', ...units], {
      cwd: tmp,
      encoding: 'utf8',
    });
    // verify exits 0 on an unknown key and only warns, naming the file: any line about one of
    // ours is a failure.
    const about = `${r.stdout}\n${r.stderr}`
      .split('\n')
      .filter((l) => l.includes(tmp) || /sanad[-.]/.test(l))
      .map((l) => l.replace(`${tmp}/`, `${dir}/`));
    check(
      r.status === 0 && about.length === 0,
      dir,
      `systemd-analyze verify: ${about.join('; ') || r.stderr.trim()}`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// --build: the Dockerfile's steps as a script

/** Runs a shell command, its output passed through; resolves to the exit status. */
function sh(command, { cwd, env }) {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-ec', command], { cwd, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Copies context files as COPY does: through .dockerignore, into dest (a folder when it ends in /). */
function copyFromContext(sources, dest, workdir, ignored) {
  const target = path.resolve(workdir, dest);
  const intoDir = dest.endsWith('/') || sources.length > 1;
  for (const src of sources) {
    const from = path.join(ROOT, src);
    const to = intoDir ? path.join(target, path.basename(src)) : target;
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.cpSync(from, to, {
      recursive: true,
      filter: (f) => !ignored(path.relative(ROOT, f).split(path.sep).join('/')) || f === from,
    });
  }
}

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

async function runBuild(docker) {
  const { stages } = docker;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-image-'));
  fs.chmodSync(tmp, 0o755);
  note(`build directory: ${tmp}`);
  const ignored = dockerignore(read('.dockerignore'));
  // The runner's own npm cache, copied: `npm cache clean` in the steps must not empty the one
  // this machine's other work uses.
  const cache = path.join(tmp, 'npm-cache');
  const home = path.join(os.homedir(), '.npm', '_cacache');
  if (fs.existsSync(home)) fs.cpSync(home, path.join(cache, '_cacache'), { recursive: true });
  const roots = {};
  let started = true;
  try {
    for (const stage of stages) {
      const root = path.join(tmp, stage.name);
      roots[stage.name] = root;
      const env = { ...process.env, npm_config_cache: cache, npm_config_update_notifier: 'false' };
      let workdir = root;
      let user = 'root';
      note(`stage ${stage.name} (FROM ${stage.image})`);
      for (const ins of stage.ins) {
        const where = `Dockerfile:${ins.line}`;
        if (ins.op === 'WORKDIR') {
          workdir = path.join(root, ins.args);
          fs.mkdirSync(workdir, { recursive: true });
        } else if (ins.op === 'ENV') {
          for (const m of ins.args.matchAll(/(\w+)=("[^"]*"|\S+)/g))
            env[m[1]] = m[2].replace(/^"|"$/g, '');
        } else if (ins.op === 'USER') user = ins.args;
        else if (ins.op === 'COPY') {
          const { flags, sources, dest } = parseCopy(ins.args);
          if (flags.from) {
            const fromRoot = roots[flags.from];
            if (!check(fromRoot !== undefined, where, `COPY --from=${flags.from}: no such stage`))
              return false;
            for (const src of sources)
              fs.cpSync(path.join(fromRoot, src), path.resolve(workdir, dest), { recursive: true });
          } else copyFromContext(sources, dest, workdir, ignored);
          note(`${where} COPY ${sources.join(' ')} -> ${dest}`);
        } else if (ins.op === 'RUN') {
          if (APT_INSTALL.test(ins.args) || /\b(useradd|groupadd)\b/.test(ins.args)) {
            // A step on the system, not on the program: its packages must be here already.
            const missing = aptPackages(ins.args).filter(
              (p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0,
            );
            note(
              `${where} system step not run here; packages it installs: ${aptPackages(ins.args).join(' ') || 'none'}`,
            );
            check(
              missing.length === 0,
              where,
              `packages not installed on this machine: ${missing.join(' ')} (apt-get install them to run the build here)`,
            );
            continue;
          }
          note(`${where} RUN ${ins.args.replace(/\s+/g, ' ')}`);
          const status = await sh(ins.args, { cwd: workdir, env });
          if (!check(status === 0, where, `RUN exited ${status}`)) return false;
        }
      }
      stage.env = env;
      stage.workdir = workdir;
      stage.user = user;
    }
    const final = stages.at(-1);
    const app = final.workdir;
    checkRuntimeTree(app);
    started = await startRuntime(final, app, tmp);
    if (started && options.stack) {
      const { runStack } = await import('./check-deploy-stack.mjs');
      started = await runStack({
        root: ROOT,
        app,
        tmp,
        entry: entryCommand(final, app).entry,
        env: runtimeEnv(final),
        user: runAs(),
        check,
        note,
        adminUrl: options.databaseUrl,
      });
    }
  } finally {
    if (options.keep || !started) note(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  return started;
}

/** What the runtime stage holds: the native addon, no development dependencies, its size. */
function checkRuntimeTree(app) {
  const where = 'runtime stage';
  // The lockfile marks what only development needs (`"dev": true`); a package that production
  // needs too (ajv: a development dependency and fastify's) is not marked.
  const lock = JSON.parse(read('package-lock.json'));
  const modules = path.join(app, 'node_modules');
  const installed = fs
    .readdirSync(modules)
    .filter((d) => !d.startsWith('.'))
    .flatMap((d) =>
      d.startsWith('@') ? fs.readdirSync(path.join(modules, d)).map((s) => `${d}/${s}`) : [d],
    );
  const dev = installed.filter((d) => lock.packages[`node_modules/${d}`]?.dev === true);
  check(dev.length === 0, where, `development dependencies left in: ${dev.join(' ')}`);
  check(
    fs.existsSync(path.join(modules, 'better-sqlite3/build/Release/better_sqlite3.node')),
    where,
    "better-sqlite3's native addon was not built",
  );
  for (const f of ['bin/sanad.js', 'dist/sanad.mjs', 'dist/web/index.html', 'data/lexicon.json'])
    check(fs.existsSync(path.join(app, f)), where, `${f} is missing`);
  const kib = (dir) =>
    Number(spawnSync('du', ['-sk', dir], { encoding: 'utf8' }).stdout.split('\t')[0]);
  const mib = (k) => `${(k / 1024).toFixed(1)} MiB`;
  note(
    `runtime /app: ${mib(kib(app))}, of which node_modules ${mib(kib(modules))} (${installed.length} top-level packages)`,
  );
}

/** The image's ENTRYPOINT + CMD, with /app/ mapped to the built tree. */
function entryCommand(final, app) {
  const json = (op) => JSON.parse(final.ins.filter((i) => i.op === op).at(-1)?.args ?? '[]');
  const map = (w) => w.replace(/^\/app(\/|$)/, `${app}$1`);
  let entry = json('ENTRYPOINT').map(map);
  // tini is PID 1 in the image; here it is used when installed, else node runs alone.
  if (/tini$/.test(entry[0]) && !fs.existsSync(entry[0])) entry = entry.slice(2);
  return { entry, cmd: json('CMD') };
}

/** The image's environment (its ENV lines), and PATH: nothing else of this machine's. */
function runtimeEnv(final) {
  const own = Object.entries(final.env).filter(([k]) => /^(NODE_ENV|SANAD_)/.test(k));
  // tini is PID 1 in the image; here it is a child, and reaps as a subreaper instead (quietly).
  return { PATH: process.env.PATH, TINI_SUBREAPER: '1', ...Object.fromEntries(own) };
}

/** The user the program runs as here: the image's has no account on this machine. */
function runAs() {
  if (process.getuid?.() !== 0) return {};
  const r = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' });
  const uid = Number(r.stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).stdout.trim());
  return r.status === 0 ? { uid, gid } : {};
}

async function startRuntime(final, app, tmp) {
  const { entry, cmd } = entryCommand(final, app);
  const user = runAs();
  note(
    `running as ${user.uid === undefined ? os.userInfo().username : `nobody (uid ${user.uid})`}, not as the image's ${final.user}`,
  );
  const home = path.join(tmp, 'sanad-home');
  fs.mkdirSync(home, { mode: 0o700 });
  if (user.uid !== undefined) fs.chownSync(home, user.uid, user.gid);
  const env = { ...runtimeEnv(final), SANAD_HOME: home, HOME: home };
  const spawnOpts = { cwd: app, env, ...user };
  const version = spawnSync(entry[0], [...entry.slice(1), '--version'], {
    ...spawnOpts,
    encoding: 'utf8',
  });
  const pkg = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8'));
  check(
    version.status === 0 && version.stdout.trim() === pkg.version,
    'runtime: sanad --version',
    `answered ${version.status}: ${version.stdout.trim()} ${version.stderr.trim()}`,
  );
  // `serve` as the image's CMD has it, on a free loopback port.
  const port = await freePort();
  const argv = cmd.map((w, i) =>
    cmd[i - 1] === '--host' ? '127.0.0.1' : cmd[i - 1] === '--port' ? String(port) : w,
  );
  note(`starting: ${[...entry, ...argv].join(' ').replaceAll(app, '/app')}`);
  const log = [];
  const server = spawn(entry[0], [...entry.slice(1), ...argv], {
    ...spawnOpts,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (d) => log.push(String(d)));
  server.stderr.on('data', (d) => log.push(String(d)));
  const exited = new Promise((resolve) =>
    server.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let ok = false;
  try {
    const base = `http://127.0.0.1:${port}`;
    for (const route of ['/healthz', '/readyz']) {
      let last = { status: 0 };
      // The first start loads the bundled UN list and builds the index: up to a few minutes on
      // a busy machine.
      for (let i = 0; i < 600 && last.status !== 200 && server.exitCode === null; i++) {
        last = await get(base + route);
        if (last.status !== 200) await sleep(500);
      }
      if (
        !check(
          last.status === 200,
          `runtime: GET ${route}`,
          `answered ${last.status} ${last.body ?? ''}`,
        )
      )
        return false;
      note(`GET ${route}: 200 ${last.body}`);
    }
    const health = final.ins.filter((i) => i.op === 'HEALTHCHECK').at(-1);
    const hc = JSON.parse(/CMD\s+(\[.*\])/.exec(health?.args ?? '')?.[1] ?? '[]');
    if (hc.length > 0) {
      const r = spawnSync(hc[0], hc.slice(1), {
        ...spawnOpts,
        env: { ...env, SANAD_HEALTH_URL: `${base}/healthz` },
        encoding: 'utf8',
      });
      check(r.status === 0, 'runtime: HEALTHCHECK', `exited ${r.status}: ${r.stderr.trim()}`);
      note(`HEALTHCHECK ${hc.join(' ')}: exit ${r.status}`);
    }
    ok = true;
  } finally {
    server.kill('SIGTERM');
    const end = await Promise.race([exited, sleep(30_000).then(() => undefined)]);
    if (end === undefined) server.kill('SIGKILL');
    check(
      end?.code === 0,
      'runtime: SIGTERM',
      `serve did not stop cleanly: ${JSON.stringify(end)}`,
    );
    if (!ok || end?.code !== 0) process.stdout.write(log.join(''));
  }
  return ok;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  process.stdout.write(`check-deploy: ${ROOT}\n`);
  const docker = lintDockerfile();
  lintDockerignore(docker);
  lintCompose(docker);
  lintUnits();
  if (options.build && docker && failures.length === 0) await runBuild(docker);
  else if (options.build) note('--build not run: fix the failures above first');
  for (const f of failures) process.stdout.write(`FAIL ${f}\n`);
  process.stdout.write(`check-deploy: ${passed} checks passed, ${failures.length} failed\n`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

await main();
