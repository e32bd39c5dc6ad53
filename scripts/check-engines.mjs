/**
 * Checks that no installed package, production or development, declares a higher minimum Node
 * than our own `engines.node` says: each package's range must admit the lowest version we claim
 * on every Node line we support (20, 22, 24 and 26). A package that wants Node 22 breaks a
 * Node 20 user although npm only warns. Reads node_modules as installed (`npm ci` first).
 *
 *   node scripts/check-engines.mjs
 *
 * The tree has no `semver` package, so node ranges are read here; the grammar is npm's
 * (`||`, hyphen ranges, comparators `< <= > >= = ^ ~`, and `x`/`*` wildcards), without
 * prerelease tags, which no engines.node range in the tree uses. A range it cannot read is
 * reported, never passed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The Node release lines we say we support (README, "Node versions"). */
const SUPPORTED_LINES = [20, 22, 24, 26];

const cmp = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** `1`, `1.2`, `1.x`, `1.2.3`, `v1.2.3`, `*`: the parts given, with `null` for a wildcard. */
function partial(text) {
  const m = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?$/.exec(text);
  if (m === null) throw new Error(`cannot read version '${text}'`);
  const parts = [];
  for (const p of m.slice(1)) {
    if (p === undefined || /^[xX*]$/.test(p)) break;
    parts.push(Number(p));
  }
  return parts;
}

const full = (parts) => [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];

/** The version just above every version that starts with `parts` (`1.2` → 1.3.0). */
function bump(parts) {
  const up = [...parts];
  up[up.length - 1] += 1;
  return full(up);
}

/** One comparator as tests on a version. */
function comparator(op, parts) {
  const ge = (v) => (x) => cmp(x, v) >= 0;
  const lt = (v) => (x) => cmp(x, v) < 0;
  const exact = parts.length === 3;
  if (parts.length === 0) return op === '<' || op === '>' ? [() => false] : [() => true];
  switch (op) {
    case '':
    case '=':
      return [ge(full(parts)), lt(bump(parts))];
    case '>=':
      return [ge(full(parts))];
    case '>':
      return [exact ? (x) => cmp(x, parts) > 0 : ge(bump(parts))];
    case '<':
      return [lt(full(parts))];
    case '<=':
      return [exact ? (x) => cmp(x, parts) <= 0 : lt(bump(parts))];
    case '~':
    case '~>':
      return [ge(full(parts)), lt(bump(parts.slice(0, Math.max(1, Math.min(2, parts.length)))))];
    case '^': {
      // The first non-zero part may not change (^0.2.3 < 0.3.0); all zeros fix what is given.
      const nonZero = parts.findIndex((p) => p !== 0);
      const keep = nonZero === -1 ? parts.length : nonZero + 1;
      return [ge(full(parts)), lt(bump(parts.slice(0, keep)))];
    }
    default:
      throw new Error(`cannot read operator '${op}'`);
  }
}

/** A node range as a test on a version [major, minor, patch]. */
export function parseRange(range) {
  const sets = range.split('||').map((set) => {
    const text = set.trim().replace(/(>=|<=|>|<|=|~>|~|\^)\s+/g, '$1');
    if (text === '') return [() => true];
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    if (hyphen !== null) {
      return [...comparator('>=', partial(hyphen[1])), ...comparator('<=', partial(hyphen[2]))];
    }
    return text.split(/\s+/).flatMap((token) => {
      const m = /^(>=|<=|>|<|=|~>|~|\^)?(.*)$/.exec(token);
      return comparator(m[1] ?? '', partial(m[2]));
    });
  });
  return (version) => sets.some((tests) => tests.every((test) => test(version)));
}

/** The lowest version on each supported line that a range admits. */
function lowestPerLine(range) {
  const admits = parseRange(range);
  const floors = [...range.matchAll(/(\d+)\.(\d+)(?:\.(\d+))?/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
    Number(m[3] ?? 0),
  ]);
  return SUPPORTED_LINES.map((line) => {
    const candidates = [[line, 0, 0], ...floors.filter((v) => v[0] === line)].sort(cmp);
    return { line, lowest: candidates.find(admits) };
  });
}

/** Every installed package directory below node_modules, nested ones included. */
function packageDirs(modules) {
  if (!fs.existsSync(modules)) return [];
  return fs.readdirSync(modules, { withFileTypes: true }).flatMap((entry) => {
    if (!entry.isDirectory() || entry.name.startsWith('.')) return [];
    const dir = path.join(modules, entry.name);
    if (entry.name.startsWith('@')) return packageDirs(dir);
    return [dir, ...packageDirs(path.join(dir, 'node_modules'))];
  });
}

function main() {
  const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node;
  const claimed = lowestPerLine(own);
  const problems = claimed
    .filter((c) => c.lowest === undefined)
    .map((c) => `our engines.node '${own}' excludes Node ${c.line}, a line we support`);
  const versions = claimed.filter((c) => c.lowest !== undefined).map((c) => c.lowest);

  // npm's record of the installed tree says which packages only development needs.
  const lockFile = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = fs.existsSync(lockFile) ? JSON.parse(fs.readFileSync(lockFile, 'utf8')) : {};
  const dirs = packageDirs(path.join(ROOT, 'node_modules'));
  let checked = 0;
  for (const dir of dirs) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    const range = pkg.engines?.node;
    if (typeof range !== 'string' || pkg.name === undefined) continue;
    checked += 1;
    const where = path.relative(ROOT, dir);
    const kind = lock.packages?.[where]?.dev === true ? 'dev' : 'production';
    let admits;
    try {
      admits = parseRange(range);
    } catch (error) {
      problems.push(
        `${pkg.name}@${pkg.version} (${kind}, ${where}): engines.node '${range}': ${error.message}`,
      );
      continue;
    }
    const excluded = versions.filter((v) => !admits(v)).map((v) => v.join('.'));
    if (excluded.length > 0) {
      problems.push(
        `${pkg.name}@${pkg.version} (${kind}, ${where}) wants node '${range}', excluding ${excluded.join(', ')}`,
      );
    }
  }

  if (checked === 0) problems.push('no package declares engines.node: is node_modules installed?');
  if (problems.length > 0) {
    console.error(`engines: our engines.node is '${own}'; these exclude a version it admits:`);
    for (const p of problems) console.error(`  ${p}`);
    process.exit(1);
  }
  console.log(
    `engines: ${checked} packages admit Node ${versions.map((v) => v.join('.')).join(', ')} (engines.node '${own}')`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
