/**
 * One-thread engine speed: the peer's negatives screened in this thread against the UN list,
 * each answer formatted as a JSONL line as the CLI writes it. Prints names/s and a digest of
 * the output, so that a change meant for speed alone can be checked to change no answer.
 *
 *   npx tsx bench/engine-speed.ts [rows=20000]
 *   node --cpu-prof --import tsx bench/engine-speed.ts 20000   (a profile of the same run)
 */
import { createHash } from 'node:crypto';
import { formatRecord } from '../src/cli/result-writer.js';
import { screenRow } from '../src/cli/screen-row.js';
import { Screener } from '../src/screening/screener.js';
import { loadLexicon } from '../src/screening/resources.js';
import { negativeRows, readUnSnapshot } from './fixtures.js';

const rows = Number(process.argv[2] ?? 20_000);
const entities = await readUnSnapshot('2026-02-27');
const screener = Screener.fromEntities(entities, [], loadLexicon());
const negatives = negativeRows().slice(0, rows);
const digest = createHash('sha256');
const t = performance.now();
const cpu = process.cpuUsage();
negatives.forEach((r, i) => {
  const record = screenRow(screener, { line: i + 2, row: { id: String(i + 1), ...r } }, {});
  digest.update(formatRecord('jsonl', record));
});
const seconds = (performance.now() - t) / 1000;
// CPU time is steadier than wall time on a shared machine.
const used = process.cpuUsage(cpu);
const cpuMicros = (used.user + used.system) / negatives.length;
process.stdout.write(
  `${negatives.length} names in ${seconds.toFixed(2)} s: ${Math.round(negatives.length / seconds)} names/s, ` +
    `${((seconds * 1e6) / negatives.length).toFixed(1)} µs/name wall, ${cpuMicros.toFixed(1)} µs/name CPU; output sha256 ${digest.digest('hex').slice(0, 16)}\n`,
);
