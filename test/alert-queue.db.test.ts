/**
 * The analyst's queue on SQLite and PostgreSQL: every filter applied together, the "awaiting
 * approval" pseudo-state and the "awaiting my approval" inbox (never the caller's own decision,
 * whichever key or the command line they made it with), sorting by score and age, paging with a
 * total, grouping by the listed entity, a bulk decision recorded per alert that goes on past a
 * failing alert, and scope: another partner's alerts never appear nor take a decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertGroups, alertQueue, decideMany, type Caller } from '../src/screening/alert-queue.js';
import { decide, getAlert, setFourEyes } from '../src/screening/alerts.js';
import { buildServer } from '../src/http/server.js';
import { createKey } from '../src/store/api-keys.js';
import { createPartner } from '../src/store/partners.js';
import type { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';
import { seedAlerts, type SeedAlert } from './helpers/alert-seed.js';
import { KeyClient, waitReady } from './helpers/http.js';

const ALICE_KEY = 'key:aaaaaaaaaaaa (Alice Haddad)';
const ALICE_OTHER_KEY = 'key:cccccccccccc (Alice Haddad)';
const ALICE_CLI = 'cli:Alice Haddad';
const BOB = 'key:bbbbbbbbbbbb (Bob Nasser)';
const alice: Caller = { actor: ALICE_OTHER_KEY, names: ['alice', 'Alice Haddad'] };
const bob: Caller = { actor: BOB, names: ['bob', 'Bob Nasser'] };

/** Twelve alerts on three listed persons; index order is age (later is newer). */
const QUEUE: SeedAlert[] = [
  // Qutaybi (a cluster across two lists) hits five customers.
  ...[0.97, 0.91, 0.88, 0.86, 0.82].map((score, i) => ({
    subject: `C-${i + 1}`,
    name: `Zubayr Qutaybi ${i + 1}`,
    entity: i % 2 === 0 ? 'un-sc:QDi.901' : 'gb-list:UK-17',
    caption: 'Zubayr Fadlallah Qutaybi',
    list: i % 2 === 0 ? 'un-sc' : 'gb-list',
    score,
    run: i < 3 ? 'june' : 'july',
    cluster: 'cl-qutaybi',
    assignee: i === 0 ? 'alice' : undefined,
  })),
  // Jabburi (no cluster) hits four.
  ...[0.95, 0.9, 0.79, 0.75].map((score, i) => ({
    subject: `C-${i + 10}`,
    name: `Marwan Jabburi ${i + 10}`,
    entity: 'watch:W2',
    caption: 'Marwan Tahsin Jabburi',
    list: 'watch',
    score,
    run: 'june',
    assignee: i < 2 ? 'bob' : undefined,
  })),
  // Haddadin hits three.
  ...[0.99, 0.8, 0.77].map((score, i) => ({
    subject: `C-${i + 20}`,
    name: `Salim Haddadin ${i + 20}`,
    entity: 'un-sc:QDi.950',
    caption: 'Salim Nuri Haddadin',
    list: 'un-sc',
    score,
    run: 'july',
    assignee: i === 0 ? 'Alice Haddad' : undefined,
  })),
];

describe.each(DATABASES)('the alert queue on $name', (db) => {
  let store: Store;
  let ids: string[];
  let other: string[];
  const idOf = (i: number) => ids[i]!;

  beforeAll(async () => {
    store = await db.open();
    await createPartner(store, { id: 'bank2', name: 'Bank Two', kind: 'bank' });
    ids = await seedAlerts(store, 'node', QUEUE);
    // Another partner: the same listed person, higher scores, the same run and assignee names.
    other = await seedAlerts(
      store,
      'bank2',
      QUEUE.slice(0, 6).map((a) => ({ ...a, score: 0.999 })),
    );
    await setFourEyes(store, 'node', true, 'test');
    await setFourEyes(store, 'bank2', true, 'test');
    // Pending: two by Alice (a key and the command line), one by Bob; one effective escalation.
    await decide(store, 'node', idOf(1), 'dismiss', 'Different date of birth', ALICE_KEY);
    await decide(store, 'node', idOf(5), 'dismiss', 'Different nationality', ALICE_CLI);
    await decide(store, 'node', idOf(9), 'confirm', 'Name match; confirmed by ID', BOB);
    await decide(store, 'node', idOf(10), 'escalate', 'Needs a second look', BOB);
    await decide(store, 'bank2', other[2]!, 'dismiss', 'Different date of birth', BOB);
  });
  afterAll(() => store.close());

  const queue = (f: Parameters<typeof alertQueue>[2], caller: Caller = alice) =>
    alertQueue(store, 'node', { limit: 500, ...f }, caller);

  it('applies every filter together', async () => {
    const page = await queue({
      list: 'un-sc',
      run: 'june',
      minScore: 0.85,
      state: ['open'],
    });
    expect(page.alerts.map((a) => a.id)).toEqual([idOf(2), idOf(0)]);
    expect(page.total).toBe(2);
    const mine = await queue({ assignee: 'me', run: 'july' }, alice);
    expect(mine.alerts.map((a) => a.id)).toEqual([idOf(9)]);
    const unassigned = await queue({ assignee: 'unassigned', list: 'watch' });
    expect(unassigned.alerts.map((a) => a.id)).toEqual([idOf(8), idOf(7)]);
    const escalated = await queue({ state: ['escalated'], assignee: 'unassigned' });
    expect(escalated.alerts.map((a) => a.id)).toEqual([idOf(10)]);
    const bobs = await queue({ assignee: 'bob', minScore: 0.92 });
    expect(bobs.alerts.map((a) => a.id)).toEqual([idOf(5)]);
    const subject = await queue({ subject: 'C-3', list: 'un-sc' });
    expect(subject.alerts.map((a) => a.id)).toEqual([idOf(2)]);
  });

  it('shows each pending decision with who made it, by name', async () => {
    const page = await queue({ awaiting: 'any' });
    expect(page.alerts.map((a) => a.id).sort()).toEqual([idOf(1), idOf(5), idOf(9)].sort());
    const pending = new Map(page.alerts.map((a) => [a.id, a.pending]));
    expect(pending.get(idOf(1))).toMatchObject({
      action: 'dismiss',
      decidedBy: ALICE_KEY,
      decidedByName: 'Alice Haddad',
      mine: true,
    });
    expect(pending.get(idOf(9))).toMatchObject({ decidedByName: 'Bob Nasser', mine: false });
    const none = await queue({ awaiting: 'none' });
    expect(none.total).toBe(QUEUE.length - 3);
    expect(none.alerts.every((a) => a.pending === null)).toBe(true);
    // Escalation took effect at once: nothing waits on it.
    expect(none.alerts.find((a) => a.id === idOf(10))?.state).toBe('escalated');
  });

  it('never offers a caller their own decision in "awaiting my approval"', async () => {
    const forAlice = await queue({ awaiting: 'me' }, alice);
    expect(forAlice.alerts.map((a) => a.id)).toEqual([idOf(9)]);
    const forBob = await queue({ awaiting: 'me' }, bob);
    expect(forBob.alerts.map((a) => a.id).sort()).toEqual([idOf(1), idOf(5)].sort());
    expect(forBob.alerts.every((a) => a.pending?.mine === false)).toBe(true);
    // Filters still apply with it.
    expect((await queue({ awaiting: 'me', list: 'watch' }, bob)).alerts.map((a) => a.id)).toEqual([
      idOf(5),
    ]);
  });

  it('sorts by score and by age, both ways', async () => {
    const all = QUEUE.map((a, i) => ({ id: idOf(i), score: a.score, age: i }));
    const byScore = [...all].sort((a, b) => b.score - a.score).map((a) => a.id);
    expect((await queue({ sort: 'score', order: 'desc' })).alerts.map((a) => a.id)).toEqual(
      byScore,
    );
    expect((await queue({ sort: 'score', order: 'asc' })).alerts.map((a) => a.id)).toEqual(
      [...byScore].reverse(),
    );
    const newest = [...all].reverse().map((a) => a.id);
    expect((await queue({ sort: 'age', order: 'asc' })).alerts.map((a) => a.id)).toEqual(newest);
    expect((await queue({ sort: 'age', order: 'desc' })).alerts.map((a) => a.id)).toEqual(
      [...newest].reverse(),
    );
  });

  it('pages with the whole total on every page', async () => {
    const whole = (await queue({ sort: 'score', order: 'desc' })).alerts.map((a) => a.id);
    const seen: string[] = [];
    for (let offset = 0; offset < whole.length; offset += 5) {
      const page = await queue({ sort: 'score', order: 'desc', limit: 5, offset });
      expect(page.total).toBe(QUEUE.length);
      seen.push(...page.alerts.map((a) => a.id));
    }
    expect(seen).toEqual(whole);
    const past = await queue({ limit: 5, offset: 100 });
    expect(past).toMatchObject({ alerts: [], total: QUEUE.length });
  });

  it('groups by the listed entity: its cluster across lists, or the entity', async () => {
    const { groups, total } = await alertGroups(store, 'node', {}, alice);
    expect(total).toBe(3);
    expect(groups.map((g) => [g.key, g.count, g.maxScore])).toEqual([
      ['cl-qutaybi', 5, 0.97],
      ['watch:W2', 4, 0.95],
      ['un-sc:QDi.950', 3, 0.99],
    ]);
    expect(groups[0]).toMatchObject({ cluster: 'cl-qutaybi', caption: 'Zubayr Fadlallah Qutaybi' });
    expect(groups[0]!.alerts).toEqual([idOf(0), idOf(1), idOf(2), idOf(3), idOf(4)]);
    expect(groups[1]!.cluster).toBeUndefined();
    // With filters: only the open, undecided Jabburi alerts.
    const open = await alertGroups(
      store,
      'node',
      { list: 'watch', state: ['open'], awaiting: 'none' },
      alice,
    );
    expect(open.groups.map((g) => [g.key, g.alerts])).toEqual([
      ['watch:W2', [idOf(6), idOf(7), idOf(8)]],
    ]);
  });

  it('records a bulk decision per alert and goes on past one that fails', async () => {
    await setFourEyes(store, 'node', false, 'test');
    try {
      const asked = [idOf(6), idOf(5), 'al_nosuchalert', other[3]!, idOf(7), idOf(6)];
      const outcomes = await decideMany(
        store,
        'node',
        asked,
        'dismiss',
        'Common name, no other identifier',
        BOB,
      );
      expect(outcomes.map((o) => [o.alert, o.ok, o.ok ? o.state : o.code])).toEqual([
        [idOf(6), true, 'dismissed'],
        [idOf(5), false, 'conflict'], // a decision is pending on it
        ['al_nosuchalert', false, 'not_found'],
        [other[3]!, false, 'not_found'], // another partner's: as if it did not exist
        [idOf(7), true, 'dismissed'],
        [idOf(6), false, 'conflict'], // already dismissed a moment ago
      ]);
      for (const id of [idOf(6), idOf(7)]) {
        const alert = await getAlert(store, 'node', id);
        expect(alert.decisions).toMatchObject([
          { action: 'dismiss', reason: 'Common name, no other identifier', decidedBy: BOB },
        ]);
      }
      const trail = await store.db
        .selectFrom('audit')
        .select(['object_id', 'action'])
        .where('action', '=', 'decision.dismiss')
        .execute();
      expect(trail.map((r) => r.object_id).sort()).toEqual([idOf(6), idOf(7)].sort());
      // The other partner's alert is untouched.
      expect((await getAlert(store, 'bank2', other[3]!)).decisions).toEqual([]);
      await expect(decideMany(store, 'node', [idOf(8)], 'dismiss', '  ', BOB)).rejects.toThrow(
        /reason/,
      );
      await expect(
        decideMany(store, 'node', Array(501).fill(idOf(8)), 'dismiss', 'x', BOB),
      ).rejects.toThrow(/1–500/);
    } finally {
      await setFourEyes(store, 'node', true, 'test');
    }
  });

  it("never shows another partner's alerts, whatever the filters", async () => {
    const mine = new Set(ids);
    for (const f of [
      {},
      { awaiting: 'any' as const },
      { sort: 'score' as const, order: 'desc' as const },
      { assignee: 'alice' },
      { run: 'june' },
    ]) {
      const page = await queue(f, bob);
      expect(page.alerts.every((a) => mine.has(a.id))).toBe(true);
    }
    const forBob = await queue({ awaiting: 'me' }, bob);
    expect(forBob.alerts.some((a) => other.includes(a.id))).toBe(false);
    const theirs = await alertQueue(store, 'bank2', { limit: 500 }, alice);
    expect(theirs.total).toBe(6);
    expect(theirs.alerts.map((a) => a.id).sort()).toEqual([...other].sort());
    const groups = await alertGroups(store, 'bank2', {}, alice);
    expect(groups.groups.map((g) => [g.key, g.count])).toEqual([
      ['cl-qutaybi', 5],
      ['watch:W2', 1],
    ]);
    expect(
      (await alertQueue(store, 'bank2', { awaiting: 'me' }, alice)).alerts.map((a) => a.id),
    ).toEqual([other[2]]);
  });
});

describe.each(DATABASES)('the alert queue over HTTP on $name', (db) => {
  let store: Store;
  let close: () => Promise<void>;
  let ids: string[];
  let theirs: string[];
  const as: Record<string, KeyClient> = {};

  beforeAll(async () => {
    store = await db.open();
    const server = await buildServer(store);
    close = server.close;
    await waitReady(server.app);
    await createPartner(store, { id: 'bank2', name: 'Bank Two', kind: 'bank' });
    for (const [name, role, partner] of [
      ['alice', 'analyst', 'node'],
      ['bob', 'analyst', 'node'],
      ['client', 'client', 'node'],
      ['other', 'analyst', 'bank2'],
    ] as const)
      as[name] = new KeyClient(
        server.app,
        (await createKey(store, name, role, 'test', partner, name)).key,
      );
    ids = await seedAlerts(store, 'node', QUEUE);
    theirs = await seedAlerts(store, 'bank2', QUEUE.slice(0, 2));
    await setFourEyes(store, 'node', true, 'test');
  });
  afterAll(async () => {
    await close();
    await store.close();
  });

  it('keeps the queue, its groups and bulk decisions to analysts', async () => {
    for (const [method, url] of [
      ['GET', '/alerts'],
      ['GET', '/alerts/groups'],
      ['POST', '/alerts/decisions'],
    ] as const) {
      const r = await as.client!.call(method, url, method === 'POST' ? {} : undefined);
      expect(r.statusCode, url).toBe(403);
    }
  });

  it('takes state=awaiting for the pending decisions, and awaiting=me by the calling key', async () => {
    await as.alice!.ok('POST', `/alerts/${ids[3]}/decision`, {
      action: 'dismiss',
      reason: 'Different nationality',
    });
    type Page = {
      alerts: { id: string; pending: { decidedByName: string } | null }[];
      total: number;
    };
    const pending = await as.bob!.ok<Page>('GET', '/alerts?state=awaiting');
    expect(pending.alerts.map((a) => [a.id, a.pending?.decidedByName])).toEqual([
      [ids[3], 'alice'],
    ]);
    expect((await as.alice!.ok<Page>('GET', '/alerts?awaiting=me')).total).toBe(0);
    expect((await as.bob!.ok<Page>('GET', '/alerts?awaiting=me')).alerts.map((a) => a.id)).toEqual([
      ids[3],
    ]);
    expect((await as.other!.ok<Page>('GET', '/alerts?awaiting=any')).total).toBe(0);
    const bad = await as.bob!.call('GET', '/alerts?sort=name');
    expect(bad.statusCode).toBe(400);
  });

  it("decides many alerts per alert over HTTP; another partner's are not found", async () => {
    type Outcomes = { outcomes: { alert: string; ok: boolean; code?: string; status?: string }[] };
    const done = await as.bob!.ok<Outcomes>('POST', '/alerts/decisions', {
      alerts: [ids[0], theirs[0], ids[3], ids[1]],
      action: 'dismiss',
      reason: 'Common name, no other identifier',
    });
    expect(done.outcomes.map((o) => [o.alert, o.ok, o.ok ? o.status : o.code])).toEqual([
      [ids[0], true, 'pending'],
      [theirs[0], false, 'not_found'],
      [ids[3], false, 'conflict'],
      [ids[1], true, 'pending'],
    ]);
    const theirsNow = await as.other!.ok<{ decisions: unknown[] }>('GET', `/alerts/${theirs[0]}`);
    expect(theirsNow.decisions).toEqual([]);
    const tooMany = await as.bob!.call('POST', '/alerts/decisions', {
      alerts: Array(501).fill(ids[5]),
      action: 'dismiss',
      reason: 'x',
    });
    expect(tooMany.statusCode).toBe(400);
    const noReason = await as.bob!.call('POST', '/alerts/decisions', {
      alerts: [ids[5]],
      action: 'dismiss',
      reason: ' ',
    });
    expect(noReason.statusCode).toBe(400);
  });
});
