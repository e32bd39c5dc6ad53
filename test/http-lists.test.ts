/**
 * Lists over the HTTP API, on SQLite and PostgreSQL: the catalogue, uploads of new versions
 * (UN XML and local CSV lists) that swap the index atomically, failed uploads that leave the
 * old index serving, diffs, entity history across versions, upload size limits, and several
 * servers on one database picking up a version loaded through another.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/http/server.js';
import { createKey } from '../src/store/api-keys.js';
import { auditRecords } from '../src/store/audit.js';
import { Store } from '../src/store/store.js';
import { DATABASES } from './helpers/databases.js';
import { dataPath } from './helpers/data.js';
import { multipart, sleep, waitReady } from './helpers/http.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const UN_2025 = path.join(ROOT, 'test', 'fixtures', 'un-sc', 'consolidated_2025-08-02.xml');
const LABEL_2026 = '2026-02-27T00:00:09.554Z';
const LABEL_2025 = '2025-08-02T23:00:00.935Z';

interface Version {
  id: number;
  listId: string;
  seq: number;
  label: string;
  source: string;
  sha256: string;
  entityCount: number;
  loadedAt: string;
  active: boolean;
}

interface ListsBody {
  lists: {
    id: string;
    kind: string;
    active: Version | null;
    lastLoad: string | null;
    versions: Version[];
  }[];
}

interface UploadBody {
  version: Version;
  created: boolean;
  indexSwapped: boolean;
}

interface EntityRef {
  id: string;
  ref: string;
  caption: string;
  schema: string;
}

interface DiffBody {
  listId: string;
  from: Version;
  to: Version;
  added: EntityRef[];
  removed: EntityRef[];
  amended: (EntityRef & { changed: string[] })[];
  unchanged: number;
}

interface MatchResponse {
  status: number;
  results: { id: string; score: number; match: boolean; datasets: string[] }[];
}

interface EntityBody {
  id: string;
  listed: boolean;
  provenance: { ref: string; listVersion: string };
  history: { version: number; label: string; change: string }[];
}

function expectError(res: LightMyRequestResponse, statuses: number[], code?: string): void {
  expect(statuses, res.body).toContain(res.statusCode);
  const body = res.json<Record<string, unknown>>();
  expect(Object.keys(body).sort()).toEqual(['code', 'message']);
  if (code) expect(body.code).toBe(code);
  expect(typeof body.message).toBe('string');
  expect((body.message as string).length).toBeGreaterThan(0);
}

function uploadTo(
  app: FastifyInstance,
  key: string,
  listId: string,
  filename: string,
  content: string | Buffer,
) {
  const body = multipart(filename, content);
  return app.inject({
    method: 'POST',
    url: `/lists/${listId}/versions`,
    headers: { authorization: `ApiKey ${key}`, ...body.headers },
    payload: body.payload,
  });
}

async function matchName(
  app: FastifyInstance,
  key: string,
  name: string,
  dataset = 'default',
  schema = 'Person',
): Promise<MatchResponse> {
  const res = await app.inject({
    method: 'POST',
    url: `/match/${dataset}`,
    headers: { authorization: `ApiKey ${key}` },
    payload: { queries: { q: { schema, properties: { name: [name] } } } },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ responses: { q: MatchResponse } }>().responses.q;
}

describe.each(DATABASES)('lists over the API ($name)', (database) => {
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let admin: string;
  let analyst: string;
  let client: string;
  const auth = (key: string) => ({ authorization: `ApiKey ${key}` });

  const lists = async (key = analyst) => {
    const res = await app.inject({ method: 'GET', url: '/lists', headers: auth(key) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ListsBody>().lists;
  };

  beforeAll(async () => {
    store = await database.open();
    ({ app, close } = await buildServer(store));
    await waitReady(app);
    admin = (await createKey(store, 'admin', 'admin')).key;
    analyst = (await createKey(store, 'analyst', 'analyst')).key;
    client = (await createKey(store, 'client', 'client')).key;
  });

  afterAll(async () => {
    await close?.();
    await store?.close();
  });

  // The tests of this block build on each other: v1 (bundled 2026), then the 2025 snapshot
  // as v2, then a local list.

  it('GET /lists: the bundled UN list with its version, count and last load', async () => {
    const all = await lists();
    expect(all).toHaveLength(1);
    const un = all[0]!;
    expect(un.id).toBe('un-sc');
    expect(un.kind).toBe('un-sc');
    expect(un.versions).toHaveLength(1);
    expect(un.versions[0]).toMatchObject({
      seq: 1,
      label: LABEL_2026,
      entityCount: 1003,
      active: true,
    });
    expect(un.active).toEqual(un.versions[0]);
    expect(un.lastLoad).toBe(un.versions[0]!.loadedAt);
    expect(Number.isNaN(Date.parse(un.lastLoad!))).toBe(false);
    expect(await lists(admin)).toEqual(all);
  });

  it('refuses a non-XML file for un-sc with 422/400 {code, message}; the old index keeps serving', async () => {
    const before = await matchName(app, client, 'DIMITRI HERARD');
    expect(before.results[0]).toMatchObject({ id: 'un-sc:6909474', match: true });
    const listsBefore = await lists();
    for (const [name, content] of [
      ['list.txt', 'this is not XML'],
      ['list.csv', 'id,name\nX1,Somebody Else\n'],
      ['list.xml', '<?xml version="1.0"?><OTHER_LIST></OTHER_LIST>'],
      ['list.xml', '<CONSOLIDATED_LIST dateGenerated="2026-03-01T00:00:00Z"><INDIVIDUALS>'],
    ] as const) {
      expectError(await uploadTo(app, admin, 'un-sc', name, content), [400, 422]);
    }
    expect(await lists()).toEqual(listsBefore);
    const after = await matchName(app, client, 'DIMITRI HERARD');
    expect(after).toEqual(before);
    const readyz = await app.inject({ method: 'GET', url: '/readyz' });
    expect(readyz.json<{ versions: { version: number }[] }>().versions).toEqual([
      { list: 'un-sc', version: 1, label: LABEL_2026 },
    ]);
  });

  it('POST /lists/un-sc/versions: an uploaded UN XML becomes the active version and swaps the index', async () => {
    const res = await uploadTo(app, admin, 'un-sc', 'consolidated.xml', fs.readFileSync(UN_2025));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<UploadBody>();
    expect(body.created).toBe(true);
    expect(body.indexSwapped).toBe(true);
    expect(body.version).toMatchObject({
      listId: 'un-sc',
      seq: 2,
      label: LABEL_2025,
      entityCount: 879,
      active: true,
    });

    const un = (await lists()).find((l) => l.id === 'un-sc')!;
    expect(un.versions.map((v) => [v.seq, v.label, v.active])).toEqual([
      [1, LABEL_2026, false],
      [2, LABEL_2025, true],
    ]);
    expect(un.active?.seq).toBe(2);
    expect(un.lastLoad).toBe(un.versions[1]!.loadedAt);

    // HTi.008 is on the 2026 list only: the swapped index no longer has it.
    const herard = await matchName(app, client, 'DIMITRI HERARD');
    expect(herard.results.map((r) => r.id)).not.toContain('un-sc:6909474');
    const zawahiri = await matchName(app, client, 'Ayman al-Zawahiri');
    expect(zawahiri.results[0]?.id).toBe('un-sc:111923');
    const readyz = await app.inject({ method: 'GET', url: '/readyz' });
    expect(readyz.json<{ versions: unknown[] }>().versions).toEqual([
      { list: 'un-sc', version: 2, label: LABEL_2025 },
    ]);
  });

  it('uploading the same file again creates no new version', async () => {
    const res = await uploadTo(app, admin, 'un-sc', 'again.xml', fs.readFileSync(UN_2025));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<UploadBody>();
    expect(body.created).toBe(false);
    expect(body.indexSwapped).toBe(false);
    expect(body.version.seq).toBe(2);
    expect((await lists()).find((l) => l.id === 'un-sc')!.versions).toHaveLength(2);
  });

  it('GET /lists/{id}/diff: entries added, removed and amended between versions', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/lists/un-sc/diff?from=1&to=2',
      headers: auth(analyst),
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json<DiffBody>();
    expect(d.listId).toBe('un-sc');
    expect(d.from.seq).toBe(1);
    expect(d.to.seq).toBe(2);
    // Every 2026 entry is removed, amended or unchanged; every 2025 entry added, amended or unchanged.
    expect(d.removed.length + d.amended.length + d.unchanged).toBe(1003);
    expect(d.added.length + d.amended.length + d.unchanged).toBe(879);
    expect(d.removed.length).toBeGreaterThan(0);
    expect(d.amended.length).toBeGreaterThan(0);
    expect(d.removed.map((e) => e.ref)).toContain('HTi.008');
    for (const a of d.amended) expect(a.changed.length).toBeGreaterThan(0);

    // The defaults are previous → active, i.e. the same diff.
    const byDefault = await app.inject({
      method: 'GET',
      url: '/lists/un-sc/diff',
      headers: auth(analyst),
    });
    expect(byDefault.json<DiffBody>()).toEqual(d);
    // And the other way round, by label.
    const back = (
      await app.inject({
        method: 'GET',
        url: '/lists/un-sc/diff?from=2025-08-02&to=2026-02-27',
        headers: auth(admin),
      })
    ).json<DiffBody>();
    expect(back.added.map((e) => e.id).sort()).toEqual(d.removed.map((e) => e.id).sort());
    expect(back.removed.map((e) => e.id).sort()).toEqual(d.added.map((e) => e.id).sort());
    expect(back.unchanged).toBe(d.unchanged);
  });

  it('GET /lists/{id}/diff answers 404 for an unknown list or version, 403 to a client', async () => {
    for (const url of ['/lists/no-such-list/diff?from=1&to=2', '/lists/un-sc/diff?from=1&to=9']) {
      expectError(
        await app.inject({ method: 'GET', url, headers: auth(analyst) }),
        [404],
        'not_found',
      );
    }
    expectError(
      await app.inject({ method: 'GET', url: '/lists/un-sc/diff', headers: auth(client) }),
      [403],
      'forbidden',
    );
  });

  it("GET /entities/{id}: an entity's history shows both versions and its change", async () => {
    const d = (
      await app.inject({
        method: 'GET',
        url: '/lists/un-sc/diff?from=1&to=2',
        headers: auth(analyst),
      })
    ).json<DiffBody>();
    const get = async (id: string) => {
      const res = await app.inject({
        method: 'GET',
        url: `/entities/${id}`,
        headers: auth(client),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<EntityBody>();
    };

    const amended = await get(d.amended[0]!.id);
    expect(amended.listed).toBe(true);
    expect(amended.provenance.listVersion).toBe(LABEL_2025);
    expect(amended.history.map((h) => [h.version, h.label, h.change])).toEqual([
      [1, LABEL_2026, 'added'],
      [2, LABEL_2025, 'amended'],
    ]);

    const removed = await get('un-sc:6909474');
    expect(removed.provenance.ref).toBe('HTi.008');
    expect(removed.listed).toBe(false);
    expect(removed.history.map((h) => [h.version, h.change])).toEqual([
      [1, 'added'],
      [2, 'removed'],
    ]);

    const unchangedId = (await store.versionEntities(d.to.id))
      .map((e) => e.id)
      .find(
        (id) =>
          !d.amended.some((a) => a.id === id) &&
          !d.added.some((a) => a.id === id) &&
          !d.removed.some((a) => a.id === id),
      )!;
    const unchanged = await get(unchangedId);
    expect(unchanged.history.map((h) => [h.version, h.change])).toEqual([
      [1, 'added'],
      [2, 'unchanged'],
    ]);

    if (d.added.length > 0) {
      const added = await get(d.added[0]!.id);
      expect(added.history.map((h) => [h.version, h.change])).toEqual([
        [1, 'absent'],
        [2, 'added'],
      ]);
    }
  });

  it('POST /lists/{id}/versions: a CSV makes a new local list that /match finds at once', async () => {
    const csv =
      'id,name,schema,aliases,birth_date,nationality\n' +
      'L1,Zorblax Quentavian,Person,Zorblaks Kwentavian,1970-03-04,fr\n' +
      'L2,Quillfeather Trading Company,Organization,,,\n';
    expect((await matchName(app, client, 'Zorblax Quentavian')).results).toEqual([]);
    const res = await uploadTo(app, admin, 'partner-wl', 'partner.csv', csv);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<UploadBody>();
    expect(body.version).toMatchObject({ listId: 'partner-wl', seq: 1, entityCount: 2 });
    expect(body.indexSwapped).toBe(true);

    const all = await matchName(app, client, 'Zorblax Quentavian');
    expect(all.results[0]).toMatchObject({
      id: 'partner-wl:L1',
      match: true,
      datasets: ['partner-wl'],
    });
    const onlyLocal = await matchName(
      app,
      client,
      'Quillfeather Trading',
      'partner-wl',
      'Organization',
    );
    expect(onlyLocal.results[0]).toMatchObject({ id: 'partner-wl:L2', match: true });
    // The local list is a dataset of its own: the UN entries are not in it.
    const notThere = await matchName(app, client, 'Ayman al-Zawahiri', 'partner-wl');
    expect(notThere.results).toEqual([]);
    // …and the UN list is still served next to it.
    const un = await matchName(app, client, 'Ayman al-Zawahiri', 'un-sc');
    expect(un.results[0]?.id).toBe('un-sc:111923');

    const catalogue = await lists();
    expect(catalogue.map((l) => l.id)).toEqual(['partner-wl', 'un-sc']);
    expect(catalogue[0]).toMatchObject({ kind: 'csv', active: { seq: 1, entityCount: 2 } });

    // The audit trail names the key that imported it, not "system".
    const loads: { actor: string; action: string }[] = [];
    for await (const r of auditRecords(store.db)) if (r.action === 'list.load') loads.push(r);
    expect(loads.at(-1)?.actor).toMatch(/^key:/);
  });

  it('a CSV with a bad row, or a bad list id, is refused with 400 and nothing changes', async () => {
    const before = await lists();
    const beforeMatch = await matchName(app, client, 'Zorblax Quentavian');
    expectError(
      await uploadTo(
        app,
        admin,
        'partner-wl',
        'partner.csv',
        'id,name,schema,birth_date\nL1,Somebody New,Person,not-a-date\nL9,,Person,\n',
      ),
      [400, 422],
    );
    expectError(
      await uploadTo(app, admin, 'Bad List!', 'x.csv', 'id,name\nA,Abc Def\n'),
      [400, 404],
    );
    expectError(await uploadTo(app, admin, 'empty-wl', 'x.csv', 'id,name\n'), [400, 422]);
    expect(await lists()).toEqual(before);
    expect(await matchName(app, client, 'Zorblax Quentavian')).toEqual(beforeMatch);
  });

  it('a multipart body without a file answers 400 {code, message}', async () => {
    const boundary = 'sanad-no-file';
    const res = await app.inject({
      method: 'POST',
      url: '/lists/partner-wl/versions',
      headers: { ...auth(admin), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
    });
    expectError(res, [400], 'bad_request');
  });

  it('an upload that is not multipart (JSON) answers 400 or 415 {code, message}, not 500', async () => {
    const json = await app.inject({
      method: 'POST',
      url: '/lists/partner-wl/versions',
      headers: auth(admin),
      payload: { file: 'id,name\nA,Abc Def\n' },
    });
    expectError(json, [400, 415]);
  });

  it('a broken multipart body answers 400 {code, message}, not 500', async () => {
    const broken = await app.inject({
      method: 'POST',
      url: '/lists/partner-wl/versions',
      headers: { ...auth(admin), 'content-type': 'multipart/form-data; boundary=other' },
      payload:
        '--sanad\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nid,name\r\n--sanad--\r\n',
    });
    expectError(broken, [400]);
  });

  it('an upload over the size limit answers 413 and creates nothing', async () => {
    const small = await buildServer(store, { limits: { uploadBytes: 1000 } });
    try {
      await waitReady(small.app);
      const rows = Array.from({ length: 60 }, (_, i) => `B${i},Bigname Person Number${i}`);
      const big = `id,name\n${rows.join('\n')}\n`;
      expect(big.length).toBeGreaterThan(1000);
      expectError(await uploadTo(small.app, admin, 'big-wl', 'big.csv', big), [413], 'too_large');
      expect((await lists()).map((l) => l.id)).not.toContain('big-wl');
      // A file under the limit is taken.
      const ok = await uploadTo(
        small.app,
        admin,
        'small-wl',
        'small.csv',
        'id,name\nS1,Smallname Person\n',
      );
      expect(ok.statusCode, ok.body).toBe(201);
    } finally {
      await small.close();
    }
  });

  it('POST /lists/us-ofac-cons/versions: an official list in its own format, detected; a wrong file refused', async () => {
    const xml = fs.readFileSync(dataPath('ofac_sdn', 'xml', 'consolidated_2025-06-30.xml'));
    const wrong = await uploadTo(app, admin, 'us-ofac-cons', 'cons.xml', fs.readFileSync(UN_2025));
    expectError(wrong, [422]);
    expect(wrong.json<{ message: string }>().message).toMatch(
      /^cons\.xml: expected .*found an XML document rooted at <CONSOLIDATED_LIST>/,
    );
    const res = await uploadTo(app, admin, 'us-ofac-cons', 'consolidated.xml', xml);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<UploadBody & { format: string; warnings: string[] }>();
    expect(body.version).toMatchObject({
      listId: 'us-ofac-cons',
      label: '2025-06-30',
      entityCount: 443,
    });
    expect(body.format).toBe('sdn-xml');
    expect(Array.isArray(body.warnings)).toBe(true);
    const hit = await matchName(app, client, 'VTB Bank', 'us-ofac-cons', 'Organization');
    expect(hit.results[0]).toMatchObject({ match: true, datasets: ['us-ofac-cons'] });
    // An official list is in the `sanctions` collection; a partner's local list is not.
    const sanctions = await matchName(app, client, 'VTB Bank', 'sanctions', 'Organization');
    expect(sanctions.results[0]?.id).toBe(hit.results[0]!.id);
    const local = await matchName(app, client, 'Zorblax Quentavian', 'sanctions');
    expect(local.results).toEqual([]);
  });
});

describe.each(DATABASES)('several servers on one database ($name)', (database) => {
  const stores: Store[] = [];
  const closers: (() => Promise<void>)[] = [];
  let url: string;

  beforeAll(async () => {
    url = await database.url();
  });

  afterAll(async () => {
    for (const close of closers.splice(0)) await close();
    for (const s of stores.splice(0)) await s.close();
    if (url?.startsWith('sqlite:')) {
      const file = url.replace(/^sqlite:(\/\/)?/, '');
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    }
  });

  async function server(): Promise<FastifyInstance> {
    const store = await Store.open(undefined, url);
    stores.push(store);
    const s = await buildServer(store, { watchInterval: 200 });
    closers.push(s.close);
    return s.app;
  }

  it('a version uploaded through server A is served by server B without a restart', async () => {
    const a = await server();
    await waitReady(a);
    const b = await server();
    await waitReady(b);
    const { key } = await createKey(stores[0]!, 'admin', 'admin');
    const name = 'Wolfram Xanthopoulos Brandt';
    expect((await matchName(b, key, name)).results).toEqual([]);

    const res = await uploadTo(a, key, 'shared-wl', 'shared.csv', `id,name\nW1,${name}\n`);
    expect(res.statusCode, res.body).toBe(201);
    expect((await matchName(a, key, name)).results[0]?.id).toBe('shared-wl:W1');

    let found: MatchResponse | undefined;
    for (let i = 0; i < 100 && !found; i++) {
      const r = await matchName(b, key, name);
      if (r.results.length > 0) found = r;
      else await sleep(100);
    }
    expect(found?.results[0]).toMatchObject({ id: 'shared-wl:W1', match: true });
    const readyz = await b.inject({ method: 'GET', url: '/readyz' });
    expect(
      readyz
        .json<{ versions: { list: string }[] }>()
        .versions.map((v) => v.list)
        .sort(),
    ).toEqual(['shared-wl', 'un-sc']);
  });
});

describe('several servers starting together on an empty PostgreSQL', () => {
  const stores: Store[] = [];
  const closers: (() => Promise<void>)[] = [];

  afterAll(async () => {
    for (const close of closers.splice(0)) await close();
    for (const s of stores.splice(0)) await s.close();
  });

  it('load the bundled UN list once and both serve it', async () => {
    const url = await DATABASES.find((d) => d.name === 'postgres')!.url();
    stores.push(await Store.openPostgres(url), await Store.openPostgres(url));
    const servers = await Promise.all(stores.map((s) => buildServer(s, { watchInterval: 200 })));
    closers.push(...servers.map((s) => s.close));
    await Promise.all(servers.map((s) => waitReady(s.app)));
    const un = (await stores[0]!.lists()).find((l) => l.id === 'un-sc')!;
    expect(un.versions).toHaveLength(1);
    expect(un.active?.entityCount).toBe(1003);
    const { key } = await createKey(stores[1]!, 'client', 'client');
    for (const s of servers) {
      const r = await matchName(s.app, key, 'Ayman al-Zawahiri');
      expect(r.results[0]?.id).toBe('un-sc:111923');
    }
  });
});
