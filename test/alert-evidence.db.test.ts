/**
 * The evidence behind an alert (screening/evidence.ts), on SQLite and PostgreSQL: the listed
 * entry as the version the alert was raised against has it, the fields aligned, the match
 * explained again with the model's arithmetic, what a date of birth would do computed by scoring
 * again (and equal to the score a customer with that date gets), the people behind decisions,
 * approvals and comments by name, and another partner's alert not found.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { SanadError } from '../src/core/errors.js';
import { raiseAlerts, upsertSubject, type SubjectData } from '../src/screening/alerting.js';
import { comment, decide, review, setFourEyes } from '../src/screening/alerts.js';
import { alertEvidence } from '../src/screening/evidence.js';
import { Screener } from '../src/screening/screener.js';
import { createKey } from '../src/store/api-keys.js';
import { appendAudit, type AuditEvent } from '../src/store/audit.js';
import { keyActor } from '../src/store/persons.js';
import { createPartner } from '../src/store/partners.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';
import { KeyClient, waitReady } from './helpers/http.js';
import { buildServer } from '../src/http/server.js';

const LIST = 'watch';

function listed(notes: string): Entity {
  return {
    id: `${LIST}:W-7`,
    schema: 'Person',
    caption: 'Zubayr Fadlallah Qutaybi',
    properties: {
      name: ['Zubayr Fadlallah Qutaybi'],
      alias: ['زبير فضل الله القتيبي'],
      birthDate: ['1975-03-14'],
      birthPlace: ['Mosul, Iraq'],
      nationality: ['iq'],
      passportNumber: ['A1234567'],
      address: ['Mosul'],
      notes: [notes],
    },
    identifiers: [{ kind: 'passport', number: 'A1234567', country: 'iq', label: 'Passport' }],
    provenance: {
      listId: LIST,
      listVersion: 'v1',
      ref: 'W-7',
      listedOn: '2014-09-23',
      programme: 'Test programme',
    },
  };
}

async function load(store: Store, label: string, entities: Entity[]): Promise<void> {
  await store.saveVersion(
    LIST,
    'csv',
    {
      label,
      source: `test:${label}`,
      sha256: createHash('sha256')
        .update(JSON.stringify([label, entities]))
        .digest('hex'),
      entities: entities.map((e) => ({
        ...e,
        provenance: { ...e.provenance, listVersion: label },
      })),
    },
    'test',
  );
}

async function screenerOf(store: Store): Promise<Screener> {
  const lists = await store.lists();
  return Screener.fromEntities(
    await store.activeEntities(),
    lists.flatMap((l) => (l.active ? [l.active] : [])),
  );
}

/** A customer screened and its hits raised as alerts, as a run or /match would. */
async function alertFor(store: Store, screener: Screener, s: SubjectData): Promise<string> {
  const results = screener.screen({
    name: s.name,
    birthDate: s.birthDate,
    nationality: s.nationality,
  });
  return store.write(async (trx) => {
    const subject = await upsertSubject(trx, s, false);
    const audit: AuditEvent[] = [];
    const raised = await raiseAlerts(
      trx,
      { ...subject, externalId: s.externalId, name: s.name, partner: s.partner },
      results,
      { runId: null, actor: 'test', webhook: false },
      audit,
    );
    await appendAudit(trx, audit);
    expect(raised).toHaveLength(1);
    return raised[0]!.id;
  });
}

const NAME = 'Zubayr Fadlallah Qutaybi';

describe.each(DATABASES)('alert evidence ($name)', (db) => {
  let store: Store;
  beforeEach(async () => {
    store = await db.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('shows the entry as raised, aligned, explained, with a computed what-if', async () => {
    await load(store, 'v1', [listed('killed in 2019')]);
    const screener = await screenerOf(store);
    const id = await alertFor(store, screener, { partner: 'node', externalId: 'C-1', name: NAME });
    // A new version amends the entry after the alert opened.
    await load(store, 'v2', [listed('reported killed in 2019 (amended)')]);

    const ev = await alertEvidence(store, await screenerOf(store), 'node', id);
    expect(ev.alert.id).toBe(id);
    expect(ev.alert.awaitingApproval).toBe(false);
    expect(ev.entity.list).toMatchObject({
      id: LIST,
      source: 'raised',
      version: { number: 1, label: 'v1' },
    });
    expect(ev.entity.notes).toEqual(['killed in 2019']);
    expect(ev.entity.listedOn).toBe('2014-09-23');
    expect(ev.entity.programme).toBe('Test programme');
    expect(ev.entity.identifiers[0]).toMatchObject({ kind: 'passport', number: 'A1234567' });
    expect(ev.entity.names.map((n) => n.script)).toEqual(['latin', 'arabic']);
    const row = (field: string) => ev.rows.find((r) => r.field === field)!;
    expect(row('name').agreement).toBe('agree');
    expect(row('birthDate')).toMatchObject({
      subject: [],
      entity: ['1975-03-14'],
      agreement: 'unknown',
    });

    const x = ev.explanation!;
    expect(x.tokens.map((t) => [t.query, t.listed, t.evidence]).sort()).toEqual([
      ['Fadlallah', 'Fadlallah', 'exact'],
      ['Qutaybi', 'Qutaybi', 'exact'],
      ['Zubayr', 'Zubayr', 'exact'],
    ]);
    // The arithmetic adds up: bias plus every contribution is the total.
    const sum =
      x.arithmetic.bias + x.arithmetic.contributions.reduce((s, c) => s + c.contribution, 0);
    expect(sum).toBeCloseTo(x.arithmetic.total, 2);
    for (const c of x.arithmetic.contributions)
      expect(c.contribution).toBeCloseTo(c.weight * c.value, 2);
    expect(x.storedScore).toBe(ev.alert.score);

    // What a date of birth would do, and the scores customers with such dates really get.
    const dob = ev.whatIf.find((w) => w.field === 'birthDate')!;
    expect(dob.agreeValue).toBe('1975-03-14');
    expect(dob.ifAgrees).toBeGreaterThan(dob.ifDiffers);
    const nat = ev.whatIf.find((w) => w.field === 'nationality')!;
    expect(nat.agreeValue).toBe('iq');
    expect(nat.ifAgrees).toBeGreaterThanOrEqual(nat.ifDiffers);

    const current = await screenerOf(store);
    const agrees = await alertFor(store, current, {
      partner: 'node',
      externalId: 'C-2',
      name: NAME,
      birthDate: '1975-03-14',
    });
    const agreeing = await alertEvidence(store, current, 'node', agrees);
    expect(agreeing.rows.find((r) => r.field === 'birthDate')!.agreement).toBe('agree');
    expect(agreeing.explanation!.score).toBe(dob.ifAgrees);
    expect(agreeing.whatIf.map((w) => w.field)).toEqual(['nationality']);
    expect(agreeing.explanation!.qualifiers.map((q) => q.kind)).toContain('birthDate');
    // The same customer found to be born far from the listed date: the page scores what
    // the what-if said it would (the subject as stored now is the alert's customer side).
    await store.write((trx) =>
      upsertSubject(
        trx,
        { partner: 'node', externalId: 'C-1', name: NAME, birthDate: dob.differValue },
        false,
      ),
    );
    const differing = await alertEvidence(store, current, 'node', id);
    expect(differing.rows.find((r) => r.field === 'birthDate')).toMatchObject({
      subject: [dob.differValue],
      agreement: 'disagree',
    });
    expect(differing.explanation!.score).toBe(dob.ifDiffers);
    expect(
      differing.explanation!.qualifiers.find((q) => q.kind === 'birthDate')!.delta,
    ).toBeLessThan(0);
    expect(differing.whatIf.map((w) => w.field)).toEqual(['nationality']);
  });

  it("names the people who decided, approved and commented; another partner's alert is not found", async () => {
    await load(store, 'v1', [listed('killed in 2019')]);
    const screener = await screenerOf(store);
    await createPartner(store, { id: 'bank-b', name: 'Bank B', kind: 'bank' });
    const id = await alertFor(store, screener, { partner: 'node', externalId: 'C-1', name: NAME });
    const other = await alertFor(store, screener, {
      partner: 'bank-b',
      externalId: 'C-1',
      name: NAME,
    });
    const alice = await createKey(
      store,
      'alice laptop',
      'analyst',
      'system',
      'node',
      'Alice Adams',
    );
    const bob = await createKey(store, 'bob desk key', 'analyst');
    await setFourEyes(store, 'node', true, 'system');
    await decide(store, 'node', id, 'dismiss', 'different person', keyActor(alice.info));
    await comment(store, 'node', id, '@bob please check', 'cli:Carol Chen');

    const pending = await alertEvidence(store, screener, 'node', id);
    expect(pending.alert.awaitingApproval).toBe(true);
    expect(pending.alert.pendingDecision).toBe(pending.decisions[0]!.id);
    expect(pending.decisions[0]!.decidedBy).toMatchObject({ name: 'Alice Adams', kind: 'person' });
    expect(pending.comments[0]!.author).toMatchObject({ name: 'Carol Chen', kind: 'person' });

    await review(store, 'node', id, pending.decisions[0]!.id, true, keyActor(bob.info));
    const done = await alertEvidence(store, screener, 'node', id);
    expect(done.alert).toMatchObject({ state: 'dismissed', awaitingApproval: false });
    expect(done.decisions[0]!.approvedBy).toMatchObject({ name: 'bob desk key', kind: 'key' });
    expect(done.decisions[0]!.approvedAt).not.toBeNull();

    const notFound = (p: Promise<unknown>) =>
      expect(p).rejects.toSatisfy((e) => e instanceof SanadError && e.code === 'not_found');
    await notFound(alertEvidence(store, screener, 'node', other));
    await notFound(alertEvidence(store, screener, 'bank-b', id));
    expect((await alertEvidence(store, screener, 'bank-b', other)).alert.id).toBe(other);
  });

  it('GET /alerts/{id}/evidence: analysts of the partner only', async () => {
    await load(store, 'v1', [listed('killed in 2019')]);
    await createPartner(store, { id: 'bank-b', name: 'Bank B', kind: 'bank' });
    const { app, close } = await buildServer(store);
    try {
      await waitReady(app);
      const client = new KeyClient(app, (await createKey(store, 'c', 'client')).key);
      const analyst = new KeyClient(app, (await createKey(store, 'a', 'analyst')).key);
      const other = new KeyClient(
        app,
        (await createKey(store, 'b', 'analyst', 'system', 'bank-b')).key,
      );
      const m = await client.ok<{ responses: { q: { alerts: string[] } } }>(
        'POST',
        '/match/watch',
        { queries: { q: { properties: { name: [NAME] }, subject_id: 'C-9' } } },
      );
      const id = m.responses.q.alerts[0]!;
      const ev = await analyst.ok<{ entity: { id: string }; whatIf: { field: string }[] }>(
        'GET',
        `/alerts/${id}/evidence`,
      );
      expect(ev.entity.id).toBe(`${LIST}:W-7`);
      expect(ev.whatIf.map((w) => w.field)).toEqual(['birthDate', 'nationality']);
      expect((await other.call('GET', `/alerts/${id}/evidence`)).statusCode).toBe(404);
      expect((await client.call('GET', `/alerts/${id}/evidence`)).statusCode).toBe(403);
      expect((await analyst.call('GET', '/alerts/al_aaaaaaaaaaaaaaaa/evidence')).statusCode).toBe(
        404,
      );
    } finally {
      await close();
    }
  });
});
