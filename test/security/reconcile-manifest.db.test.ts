/**
 * Issue 12, item 12: the reconciliation manifest's links (which a client such as OpenRefine
 * saves and then sends its key to) come from the configured public URL, or from what a
 * configured trusted proxy forwarded, never from a `Host` or `X-Forwarded-*` header anyone can
 * send. Real listening servers, so that the connection's own addresses are real.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, normalisePublicUrl, type ServerOptions } from '../../src/http/server.js';
import { createKey } from '../../src/store/api-keys.js';
import type { Store } from '../../src/store/store.js';
import { DATABASES } from '../helpers/databases.js';

interface Manifest {
  documentation: string;
  view: { url: string };
  preview: { url: string };
  suggest: { entity: { service_url: string } };
}

const FORGED = {
  host: 'evil.example:666',
  'x-forwarded-proto': 'gopher',
  'x-forwarded-host': 'evil-forwarded.example',
  'x-forwarded-for': '203.0.113.9',
};

/** Every URL the manifest hands out. */
function links(m: Manifest): string[] {
  return [m.documentation, m.view.url, m.preview.url, m.suggest.entity.service_url];
}

function get(port: number, path: string, headers: Record<string, string>): Promise<Manifest> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${res.statusCode}: ${body}`));
        else resolve(JSON.parse(body) as Manifest);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(DATABASES)('the reconciliation manifest ($name)', (database) => {
  let store: Store;
  let key = '';
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    store = await database.open();
    key = (await createKey(store, 'client', 'client')).key;
  });

  afterAll(async () => {
    for (const close of closers) await close();
    await store?.close();
  });

  async function manifestFrom(options: ServerOptions, headers: Record<string, string>) {
    const { app, close } = await buildServer(store, options);
    closers.push(close);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const manifest = await get(port, '/reconcile/default', {
      authorization: `ApiKey ${key}`,
      ...headers,
    });
    return { manifest, port };
  }

  it('ignores a forged Host and X-Forwarded-* by default: the address the client reached', async () => {
    const { manifest, port } = await manifestFrom({}, FORGED);
    for (const link of links(manifest)) {
      expect(
        link.startsWith(`http://127.0.0.1:${port}/`) || link === `http://127.0.0.1:${port}`,
      ).toBe(true);
      expect(link).not.toMatch(/evil|gopher/);
    }
  });

  it('uses the configured public URL whatever the request says', async () => {
    const { manifest } = await manifestFrom(
      { publicUrl: 'https://sanad.example.org/api/' },
      FORGED,
    );
    expect(manifest.view.url).toBe('https://sanad.example.org/api/reconcile/default/view/{{id}}');
    expect(manifest.suggest.entity.service_url).toBe('https://sanad.example.org/api');
    for (const link of links(manifest)) expect(link).not.toMatch(/evil|gopher/);
  });

  it('believes X-Forwarded-* from a configured trusted proxy only', async () => {
    const forwarded = {
      host: 'internal:8000',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'sanad.example.org',
      'x-forwarded-for': '203.0.113.9',
    };
    const trusted = await manifestFrom({ trustProxy: '127.0.0.1' }, forwarded);
    expect(trusted.manifest.documentation).toBe('https://sanad.example.org/docs');
    // The request comes from 127.0.0.1, which is not the proxy configured here.
    const other = await manifestFrom({ trustProxy: '10.1.2.3' }, FORGED);
    for (const link of links(other.manifest)) expect(link).not.toMatch(/evil|gopher/);
    expect(other.manifest.documentation).toBe(`http://127.0.0.1:${other.port}/docs`);
  });

  it('refuses a public URL that is not a plain http(s) URL', () => {
    expect(normalisePublicUrl('https://sanad.example.org/')).toBe('https://sanad.example.org');
    for (const bad of [
      'sanad.example.org',
      'ftp://x.example',
      'https://u:p@x.example',
      'https://x.example/?a=1',
    ])
      expect(() => normalisePublicUrl(bad), bad).toThrow(/--public-url/);
  });
});
