/**
 * Parsing speed alone: the peer's negatives parsed as queries, the UN list's entities and
 * synthetic partner records (half in Arabic script) parsed as listed names. Prints CPU µs per
 * name and a digest of every token, so that a change meant for speed can be checked to change
 * no parse.
 *
 *   npx tsx bench/parse-speed.ts [records=200000]
 */
import { createHash } from 'node:crypto';
import { parseEntity } from '../src/index/name-index.js';
import { loadLexicon } from '../src/screening/resources.js';
import { parseMemoSize, parseName } from '../src/text/parse-name.js';
import type { ParsedName } from '../src/text/tokens.js';
import type { Entity } from '../src/core/entity.js';
import { negativeRows, readUnSnapshot } from './fixtures.js';
import { syntheticNames } from './partner-records.js';

const records = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 200_000);
const lexicon = loadLexicon();

function hashName(h: ReturnType<typeof createHash>, n: ParsedName): void {
  for (const t of n.tokens)
    h.update(
      JSON.stringify(
        [
          t.id,
          t.text,
          t.spelling,
          t.form,
          t.script,
          [...t.code],
          t.groups,
          t.role,
          t.head,
          t.stem,
          t.weight,
          t.common,
          t.alts,
        ],
        (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v),
      ),
    );
  h.update('\n');
}

function time(label: string, n: number, run: () => ParsedName[]): void {
  const cpu = process.cpuUsage();
  const parsed = run();
  const used = process.cpuUsage(cpu);
  const h = createHash('sha256');
  for (const p of parsed) hashName(h, p);
  process.stdout.write(
    `${label}: ${n} entities, ${parseMemoSize()} words remembered, ${parsed.length} names, ${((used.user + used.system) / parsed.length).toFixed(2)} µs/name CPU; digest ${h.digest('hex').slice(0, 16)}\n`,
  );
}

const queries = negativeRows().map((r) => r.name);
const un = await readUnSnapshot('2026-02-27');
const synth: Entity[] = syntheticNames(records, 7).map((s, i) => ({
  ...un[0]!,
  id: `syn-${i}`,
  schema: 'Person',
  properties: { name: [s.name] },
}));

for (let round = 0; round < 2; round++) {
  time(`queries (any) round ${round}`, queries.length, () =>
    queries.map((q) => parseName(q, { lexicon, kind: 'any' })),
  );
  time(`UN entities round ${round}`, un.length, () =>
    un.flatMap((e) => parseEntity(e, lexicon).names.map((n) => n.name)),
  );
  time(`synthetic names, parseName alone, round ${round}`, synth.length, () =>
    synth.map((e) => parseName(e.properties.name![0]!, { lexicon, kind: 'person' })),
  );
  time(`synthetic records round ${round}`, synth.length, () =>
    synth.flatMap((e) => parseEntity(e, lexicon).names.map((n) => n.name)),
  );
}
