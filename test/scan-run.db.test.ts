/**
 * A scan recorded as a run (`sanad scan --run`), on SQLite and PostgreSQL: runBatch with the
 * scanner as the run's screening (`RunOptions.screen`). Each hit is a subject named by the text
 * found with its alert, a clean document a clean row, an unreadable one a row that says why;
 * the run is never clean while a document was not scanned, and a queue is refused.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import type { MatchResult } from '../src/core/query.js';
import { plainDocument, scannerOf } from '../src/scan/scanner.js';
import { listAlerts } from '../src/screening/alert-queue.js';
import { runBatch, type RunInput } from '../src/screening/batch-run.js';
import { Screener } from '../src/screening/screener.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-scan-run-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const LISTED: Entity = {
  id: 't:zubayr',
  schema: 'Person',
  caption: 'Zubayr Fadlallah Qutaybi',
  properties: { name: ['Zubayr Fadlallah Qutaybi'], alias: ['زبير فضل الله قتيبي'] },
  provenance: { listId: 'test-list', listVersion: '1', ref: 'T-1' },
};

const DOCS = [
  'Payment ordered by Zubayr Fadlallah Qutaybi on Monday.',
  'The quarterly report mentions no one of interest.',
];

describe.each(DATABASES)('scan runs ($name)', (db) => {
  let store: Store;
  let screener: Screener;

  beforeEach(async () => {
    store = await db.open();
    await store.saveVersion(
      'test-list',
      'csv',
      {
        label: 'v1',
        source: 'test:list',
        sha256: createHash('sha256').update('v1').digest('hex'),
        entities: [LISTED],
      },
      'test',
    );
    const lists = await store.lists();
    screener = Screener.fromEntities(
      await store.activeEntities(),
      lists.flatMap((l) => (l.active ? [l.active] : [])),
    );
  });
  afterEach(async () => {
    await store.close();
  });

  /** The rows `scan --run` makes of documents: a hit each, or the clean document, or an error. */
  function rowsOf(): { items: RunInput[]; results: Map<number, MatchResult[]> } {
    const items: RunInput[] = [];
    const results = new Map<number, MatchResult[]>();
    DOCS.forEach((text, i) => {
      const name = `doc${i + 1}.txt`;
      const found = scannerOf(screener).scanWithResults(plainDocument(text, name));
      if (found.length === 0) {
        results.set(items.length + 1, []);
        items.push({ line: items.length + 1, row: { id: name, idGiven: true, name } });
      }
      for (const { hit, result } of found) {
        results.set(items.length + 1, [result]);
        items.push({
          line: items.length + 1,
          row: { id: `${name}@${hit.start}-${hit.end}`, idGiven: true, name: hit.text },
        });
      }
    });
    items.push({
      line: items.length + 1,
      id: 'doc3.pdf',
      error: 'doc3.pdf (encryption): encrypted',
    });
    return { items, results };
  }

  it('records each hit as a subject with its alert, and counts the unscanned document', async () => {
    const { items, results } = rowsOf();
    const source = path.join(TMP, `${db.name}.txt`);
    fs.writeFileSync(source, DOCS.join('\n'));
    async function* rows() {
      yield* items;
    }
    const summary = await runBatch(store, screener, source, rows(), {
      partner: 'node',
      runId: 'scan-1',
      monitor: false,
      actor: 'test',
      match: {},
      webhook: false,
      screen: (item) => results.get(item.line) ?? [],
    });
    expect(summary).toMatchObject({ rows: 3, unscreened: 1, withHits: 1, alerts: 1 });
    const alerts = await listAlerts(store, 'node', { run: 'scan-1' });
    expect(alerts.map((a) => [a.subject.name, a.entity.ref])).toEqual([
      ['Zubayr Fadlallah Qutaybi', 'T-1'],
    ]);
  });

  it('refuses a queue for a run screened by its own function', async () => {
    const source = path.join(TMP, `${db.name}-q.txt`);
    fs.writeFileSync(source, 'x');
    async function* rows(): AsyncGenerator<RunInput> {}
    const queue = {} as NonNullable<Parameters<typeof runBatch>[4]['queue']>;
    await expect(
      runBatch(store, screener, source, rows(), {
        partner: 'node',
        runId: 'scan-2',
        monitor: false,
        actor: 'test',
        match: {},
        webhook: false,
        queue,
        screen: () => [],
      }),
    ).rejects.toThrow(/no workers/);
  });
});
