/**
 * A partner's alert worked to the end, for the case-file tests: a run of two customers against
 * a small made-up watchlist (one hit), four-eyes on, a dismissal proposed by Alice and approved
 * by Bob, a comment, and (optionally) other work of the same partner on its chain in between.
 * A second partner has its own alert, which the first must never see.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Entity } from '../../src/core/entity.js';
import { comment, decide, review, setFourEyes } from '../../src/screening/alerts.js';
import { listAlerts } from '../../src/screening/alert-queue.js';
import { runBatch, type RunInput } from '../../src/screening/batch-run.js';
import { Screener } from '../../src/screening/screener.js';
import { appendAudit } from '../../src/store/audit.js';
import { createPartner } from '../../src/store/partners.js';
import type { Store } from '../../src/store/store.js';

export const ALICE = 'key:aaaaaaaaaaaa (Alice Haddad)';
export const BOB = 'key:bbbbbbbbbbbb (Bob Karimi)';
export const REASON =
  'Different person: the passport of the customer gives 1990 as the year of birth, the listed man was born in 1975.';
export const COMMENT = 'Checked the passport copy on file; see the onboarding record.';

const LISTED: Entity = {
  id: 'watch:W1',
  schema: 'Person',
  caption: 'Zubayr Fadlallah Qutaybi',
  properties: {
    name: ['Zubayr Fadlallah Qutaybi', 'زبير فضل الله قتيبي'],
    birthDate: ['1975-03-14'],
    nationality: ['iq'],
  },
  provenance: { listId: 'watch', listVersion: 'w1', ref: 'W1', listedOn: '2019-05-02' },
};

export interface Scenario {
  /** The screener on the scenario's list (the evidence is explained by it). */
  screener: Screener;
  alert: string;
  subject: string;
  otherAlert: string;
}

async function* feed(rows: RunInput[]): AsyncGenerator<RunInput> {
  for (const r of rows) yield r;
}

async function runFor(store: Store, screener: Screener, partner: string, rows: RunInput[]) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-case-')), 'rows.jsonl');
  fs.writeFileSync(file, JSON.stringify(rows));
  await runBatch(store, screener, file, feed(rows), {
    partner,
    runId: `onboarding-${partner}`,
    monitor: false,
    actor: 'cli:runner',
    match: { threshold: 0.7 },
    webhook: false,
  });
}

/** Builds the scenario; `noise` records of the partner's other work lie between each step. */
export async function caseScenario(store: Store, noise = 0): Promise<Scenario> {
  await createPartner(store, { id: 'acme', name: 'Acme Bank', kind: 'bank' });
  await createPartner(store, { id: 'other', name: 'Other Bank', kind: 'bank' });
  const label = 'w1';
  await store.saveVersion(
    'watch',
    'csv',
    {
      label,
      source: 'test:watch',
      sha256: createHash('sha256').update(JSON.stringify(LISTED)).digest('hex'),
      entities: [LISTED],
    },
    'cli:loader',
  );
  const lists = await store.lists();
  const screener = Screener.fromEntities(
    await store.activeEntities(),
    lists.flatMap((l) => (l.active ? [l.active] : [])),
  );
  const rows = (names: string[]): RunInput[] =>
    names.map((name, i) => ({
      line: i + 2,
      row: { id: `C-${i + 1}`, idGiven: true, name },
    }));
  const busy = async () => {
    if (noise === 0) return;
    await store.write((trx) =>
      appendAudit(
        trx,
        Array.from({ length: noise }, (_, i) => ({
          actor: 'cli:runner',
          partner: 'acme',
          action: 'screening',
          objectType: 'screening',
          objectId: `sc_noise${i}`,
          data: { results: i },
        })),
      ),
    );
  };
  await runFor(store, screener, 'acme', rows(['Zubayr Fadlalla Qutaybi', 'Brenna Ashcombe']));
  await runFor(store, screener, 'other', rows(['Zubayr Fadlallah Qutaibi']));
  const [alert] = await listAlerts(store, 'acme');
  const [otherAlert] = await listAlerts(store, 'other');
  if (!alert || !otherAlert) throw new Error('case-scenario: the runs opened no alert');
  await busy();
  await setFourEyes(store, 'acme', true, 'cli:admin');
  const proposed = await decide(store, 'acme', alert.id, 'dismiss', REASON, ALICE);
  await busy();
  await comment(store, 'acme', alert.id, COMMENT, ALICE);
  await busy();
  await review(store, 'acme', alert.id, proposed.decision, true, BOB);
  await busy();
  return { screener, alert: alert.id, subject: alert.subject.id, otherAlert: otherAlert.id };
}
