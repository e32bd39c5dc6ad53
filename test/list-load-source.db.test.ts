/**
 * Loading an official list through its source, over both stores: from a file or an http(s)
 * URL, the publisher's date as the version label, the same file twice one version, and a wrong
 * or broken file refused with the active version still serving.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFromSource, sha256Of } from '../src/screening/list-loader.js';
import { removalGuard } from '../src/screening/list-refresh.js';
import { DATABASES } from './helpers/databases.js';
import { dataPath } from './helpers/data.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-load-source-'));
const UN_2025 = dataPath('un_sc_consolidated', 'consolidated_2025-08-02.xml');
const UN_2026 = dataPath('un_sc_consolidated', 'consolidated_2026-02-27.xml');
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/consolidated.xml') {
      res.writeHead(200, { 'content-type': 'application/xml' });
      fs.createReadStream(UN_2026).pipe(res);
    } else {
      res.writeHead(404).end('no');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(TMP, { recursive: true, force: true });
});

describe.each(DATABASES)('loadFromSource on $name', (database) => {
  it('loads a file with the publisher’s date as label; the same file again makes no version', async () => {
    const store = await database.open();
    try {
      const first = await loadFromSource(store, 'un-sc', UN_2025, { actor: 'cli:test' });
      expect(first.created).toBe(true);
      expect(first.format).toBe('un-xml');
      expect(first.version.label).toMatch(/^2025-08-0\dT/);
      expect(first.version.sha256).toBe(await sha256Of(UN_2025));
      const again = await loadFromSource(store, 'un-sc', UN_2025);
      expect(again.created).toBe(false);
      expect(again.version.id).toBe(first.version.id);
    } finally {
      await store.close();
    }
  });

  it('loads from an http URL, recording the URL as the source', async () => {
    const store = await database.open();
    try {
      const url = `${base}/consolidated.xml`;
      const outcome = await loadFromSource(store, 'un-sc', url);
      expect(outcome.created).toBe(true);
      expect(outcome.version.source).toBe(url);
      expect(outcome.version.label).toMatch(/^2026-02-27T/);
      await expect(loadFromSource(store, 'un-sc', `${base}/missing.xml`)).rejects.toThrow(
        /answered HTTP 404/,
      );
    } finally {
      await store.close();
    }
  });

  it('refuses a wrong or broken file and keeps the active version', async () => {
    const store = await database.open();
    try {
      const loaded = await loadFromSource(store, 'un-sc', UN_2025);
      const wrong = dataPath('ofac_sdn', 'xml', 'consolidated_2025-06-30.xml');
      await expect(loadFromSource(store, 'un-sc', wrong)).rejects.toThrow(
        /expected the UN Consolidated List XML.*found an XML document rooted at <sdnList>/,
      );
      const cut = path.join(TMP, `cut-${database.name}.xml`);
      const bytes = fs.readFileSync(UN_2026);
      fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 5000));
      await expect(loadFromSource(store, 'un-sc', cut)).rejects.toThrow(/not a valid UN list/);
      await expect(
        loadFromSource(store, 'un-sc', UN_2026, {
          check: () => {
            throw new Error('implausible');
          },
        }),
      ).rejects.toThrow('implausible');
      const lists = await store.lists();
      expect(lists).toHaveLength(1);
      expect(lists[0]!.versions).toHaveLength(1);
      expect(lists[0]!.active?.id).toBe(loaded.version.id);
    } finally {
      await store.close();
    }
  });

  it('refuses, by hand too, a file that would remove most of the list: the wrong list’s file', async () => {
    const store = await database.open();
    try {
      const sdn = await loadFromSource(store, 'us-ofac-sdn', dataPath('ofac_sdn', '2021-07_full'));
      expect(sdn.version.entityCount).toBe(8976);
      // OFAC's consolidated (non-SDN) list is in the same XML schema as the SDN list.
      const cons = dataPath('ofac_sdn', 'xml', 'consolidated_2025-06-30.xml');
      const guard = removalGuard(store, 'us-ofac-sdn', 0.5, 'consolidated.xml');
      await expect(loadFromSource(store, 'us-ofac-sdn', cons, { check: guard })).rejects.toThrow(
        /^consolidated\.xml would remove \d{4} of the 8976 entries of the active version v1 .*is it the right list's file\?.*--max-removed 1$/,
      );
      const lists = await store.lists();
      expect(lists.find((l) => l.id === 'us-ofac-sdn')!.active?.id).toBe(sdn.version.id);
      const forced = await loadFromSource(store, 'us-ofac-sdn', cons, {
        check: removalGuard(store, 'us-ofac-sdn', 1, 'consolidated.xml'),
      });
      expect(forced.version.entityCount).toBe(443);
    } finally {
      await store.close();
    }
  });
});
