/**
 * FtM and EU lists in the store, on SQLite and PostgreSQL: an OpenSanctions entity file, then a
 * delta applied on its active version as one new version, the export read back into another list,
 * and the EU list loaded through its source. A refused file leaves the active version serving.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entity } from '../src/core/entity.js';
import { exportFtm, importFtmList } from '../src/screening/ftm-import.js';
import { importCsvList, loadFromSource } from '../src/screening/list-loader.js';
import type { Store } from '../src/store/store.js';
import { dataPath } from './helpers/data.js';
import { DATABASES } from './helpers/databases.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-ftm-db-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));
const EU_FIXTURE = path.resolve(import.meta.dirname, 'fixtures/eu-fsf/fsf-sample.xml');

function write(name: string, text: string): string {
  const file = path.join(TMP, name);
  fs.writeFileSync(file, text);
  return file;
}

const stripVersion = (e: Entity) => ({
  ...e,
  id: e.id.slice(e.id.indexOf(':') + 1),
  provenance: { ...e.provenance, listId: '', listVersion: '' },
});

describe.each(DATABASES)('FtM lists in the store ($name)', (database) => {
  let store: Store;
  beforeEach(async () => {
    store = await database.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('imports an entity file, then applies a delta on its active version', async () => {
    const first = await importFtmList(store, 'os', dataPath('ftm', 'yente_t1_entities.ftm.json'), {
      actor: 'test',
    });
    expect(first).toMatchObject({ created: true, fileKind: 'entities', upserted: 6 });
    expect(first.version.entityCount).toBe(6);

    const delta = await importFtmList(store, 'os', dataPath('ftm', 'yente_entities.delta.json'));
    expect(delta).toMatchObject({ created: true, fileKind: 'delta', upserted: 576, removed: 0 });
    expect(delta.version.seq).toBe(2);
    expect(delta.version.entityCount).toBe(6 + 576);
    const active = await store.activeEntities(['os']);
    expect(active).toHaveLength(582);
    expect(active.map((e) => e.id)).toContain('os:NK-2GdmHtZTeNXjNVrBGEXZNj');
    const laagoub = active.find((e) => e.id === 'os:NK-EF5vrJVsqtBrtC2JWYdTvW');
    expect(laagoub?.properties.alias).toContain('عبد القادر لاغوب');

    const del = write(
      'del.delta.json',
      `${JSON.stringify({ op: 'DEL', entity: { id: 'NK-EF5vrJVsqtBrtC2JWYdTvW' } })}\n${JSON.stringify({ op: 'DEL', entity: { id: 'NK-2GdmHtZTeNXjNVrBGEXZNj' } })}\n`,
    );
    const third = await importFtmList(store, 'os', del);
    expect(third).toMatchObject({ removed: 2, previous: { seq: 2 } });
    expect(third.version.entityCount).toBe(580);
    const after = (await store.activeEntities(['os'])).map((e) => e.id);
    expect(after).not.toContain('os:NK-EF5vrJVsqtBrtC2JWYdTvW');
    expect(after).not.toContain('os:NK-2GdmHtZTeNXjNVrBGEXZNj');
    const diff = await store.diff('os', '2', '3');
    expect(diff.removed.map((e) => e.ref).sort()).toEqual([
      'NK-2GdmHtZTeNXjNVrBGEXZNj',
      'NK-EF5vrJVsqtBrtC2JWYdTvW',
    ]);
    expect(diff.added).toEqual([]);
  });

  it('refuses a malformed file and keeps the active version', async () => {
    await importFtmList(store, 'os', dataPath('ftm', 'yente_t1_entities.ftm.json'));
    const bad = write(
      'bad.delta.json',
      `${JSON.stringify({ op: 'DEL', entity: { id: 'NK-2GdmHtZTeNXjNVrBGEXZNj' } })}\n{"op": "MOD", "entity": \n`,
    );
    await expect(importFtmList(store, 'os', bad)).rejects.toThrow(
      /bad\.delta\.json line 2: not valid JSON/,
    );
    const [list] = (await store.lists()).filter((l) => l.id === 'os');
    expect(list?.versions).toHaveLength(1);
    expect(await store.activeEntities(['os'])).toHaveLength(6);
  });

  it('refuses a delta on a list that was not imported from FtM', async () => {
    await importCsvList(
      store,
      'local',
      write('local.csv', 'id,name,schema\n1,Abdelkader Laagoub,Person\n'),
    );
    const delta = write(
      'one.delta.json',
      `${JSON.stringify({ op: 'DEL', entity: { id: '1' } })}\n`,
    );
    await expect(importFtmList(store, 'local', delta)).rejects.toMatchObject({ code: 'conflict' });
    await expect(importFtmList(store, 'eu-fsf', delta)).rejects.toThrow(/lists load eu-fsf/);
  });

  it('exports a list that imports back to the same entities', async () => {
    const loaded = await loadFromSource(store, 'eu-fsf', EU_FIXTURE, { actor: 'test' });
    expect(loaded).toMatchObject({ format: 'fsf-xml', created: true });
    expect(loaded.version.label).toBe('2026-02-27T18:30:12.514+01:00');
    const eu = await store.activeEntities(['eu-fsf']);
    expect(eu).toHaveLength(7);
    expect(eu.flatMap((e) => e.identifiers ?? []).filter((i) => i.kind === 'un-ref')).toHaveLength(
      7,
    );

    const file = write('eu.ftm.json', [...exportFtm(eu)].join(''));
    const back = await importFtmList(store, 'eu-copy', file);
    expect(back.warnings).toEqual([]);
    // Read under another name, the records keep their list in the id (`eu-copy:eu-fsf-1001`):
    // FtM ids are unique across lists. Under the list's own name, they read back as they were.
    const copy = await store.activeEntities(['eu-copy']);
    expect(copy.map((e) => e.id)).toEqual(eu.map((e) => `eu-copy:${e.id.replace(':', '-')}`));
    const local = (e: Entity) => ({ ...stripVersion(e), id: e.id.replace(/^.*[:-]/, '') });
    expect(copy.map(local)).toEqual(eu.map(local));
  });
});
