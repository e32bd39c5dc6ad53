/**
 * Heap held by the name index of synthetic partner records (bench/partner-records.ts: half in
 * Arabic script), in bytes per record: records parsed once and added to shards on one shared
 * vocabulary, as the partner index does (each record in its owner's shard; a third also in a
 * second shard). The entities themselves are counted apart.
 *
 *   node --expose-gc --import tsx bench/index-memory.ts [records=200000]
 */
import type { Entity } from '../src/core/entity.js';
import { NameIndex, parseEntity, Vocabulary } from '../src/index/name-index.js';
import { loadLexicon } from '../src/screening/resources.js';
import { syntheticNames } from './partner-records.js';

const RECORDS = Number(process.argv[2] ?? 200_000);
const SHARDS = 100;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function heap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
}

const lexicon = loadLexicon();
const names = syntheticNames(RECORDS, 1234);
const entities: Entity[] = names.map((n, i) => ({
  id: `p:${i}`,
  schema: 'Person',
  caption: n.name,
  properties: { name: [n.name], ...(n.latin ? { alias: [n.latin] } : {}) },
  provenance: { listId: 'partner', listVersion: '1', ref: String(i) },
}));
const before = heap();
const t = performance.now();
const vocabulary = new Vocabulary(lexicon);
const shards = Array.from({ length: SHARDS }, () => new NameIndex([], lexicon, { vocabulary }));
for (let i = 0; i < entities.length; i++) {
  const p = parseEntity(entities[i]!, lexicon);
  shards[i % SHARDS]!.appendParsed([p]);
  if (i % 3 === 0) shards[(i * 7 + 1) % SHARDS]!.appendParsed([p]);
}
const seconds = (performance.now() - t) / 1000;
const after = heap();
const nameCount = shards.reduce((s, x) => s + x.names.length, 0);
console.log(
  `${RECORDS} records (${nameCount} names in ${SHARDS} shards, ${vocabulary.tokens.length} vocabulary tokens, ${vocabulary.keyCount} keys): ` +
    `build ${seconds.toFixed(1)} s, index heap ${((after - before) / 2 ** 20).toFixed(0)} MB, ${Math.round((after - before) / RECORDS)} bytes/record`,
);
