/**
 * `npx tsx bench/csv-cell.ts`: the cost of neutralising every CSV cell (issue 12, item 8) on
 * the batch output's hot path, `formatRecord('csv', …)`, against csv-stringify as the writers
 * used it before. Prints records per second for each; nothing is written to RESULTS.md.
 */
import { stringify } from 'csv-stringify/sync';
import { formatRecord } from '../src/cli/result-writer.js';
import type { ResultRecord } from '../src/cli/result-record.js';

const N = 200_000;
const names = [
  'Qassim Bahjat al-Turkmani',
  'قاسم بهجت التركماني',
  'Smith, John',
  '=HYPERLINK("x")',
];
const records: ResultRecord[] = Array.from({ length: N }, (_, i) => ({
  id: `C-${i}`,
  name: names[i % names.length]!,
  matches: [1, 2, 3].map((k) => ({
    entity_id: `un-sc:${i}-${k}`,
    list: 'un-sc',
    ref: `QDi.${k}`,
    caption: names[(i + k) % names.length]!,
    schema: 'Person',
    score: 0.9 - k / 10,
    match: k === 1,
    explanation: 'name: 3 of 3 tokens; birth date agrees',
    model: 'lr-1',
    cluster: `cl_${i}-${k}`,
    cluster_members: [{ list: 'un-sc', ref: `QDi.${k}`, entity_id: `un-sc:${i}-${k}` }],
  })),
}));

function before(r: ResultRecord): string {
  if (r.name === null) return '';
  return stringify(
    r.matches.map((m, i) => [
      r.id,
      r.name,
      i + 1,
      m.entity_id,
      m.list,
      m.ref,
      m.caption,
      m.schema,
      m.score,
      m.match,
      m.explanation,
      '',
      '',
    ]),
    { cast: { boolean: (v: boolean) => (v ? 'true' : 'false') } },
  );
}

function time(what: string, fn: (r: ResultRecord) => string): void {
  const runs: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    let bytes = 0;
    for (const r of records) bytes += fn(r).length;
    runs.push(performance.now() - t);
    if (bytes === 0) throw new Error('nothing written');
  }
  const best = Math.min(...runs);
  console.log(
    `${what}: ${((N / best) * 1000).toFixed(0)} records/s (best of 5, ${N} records, 3 matches each)`,
  );
}

time('csv-stringify (before)', before);
time('csvLines with neutralisation (after)', (r) => formatRecord('csv', r));
