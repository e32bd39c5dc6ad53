/**
 * The web UI (built by Vite into dist/web) at /: index.html and its hashed assets, with no API
 * key (the app signs in with one and sends it on every API call). Assets are immutable; the
 * page itself is never cached, so a new build is picked up at once.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PACKAGE_ROOT } from '../../screening/resources.js';

export const WEB_ROOT = path.join(PACKAGE_ROOT, 'dist', 'web');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Headers every UI response carries: no framing, no sniffing, scripts from here only. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function registerWeb(app: FastifyInstance, root = WEB_ROOT): void {
  const hide = { schema: { hide: true }, config: { access: 'public' as const } };
  app.get('/', hide, async (_req, reply) => {
    let html: string;
    try {
      html = await fs.readFile(path.join(root, 'index.html'), 'utf8');
    } catch {
      return reply
        .code(404)
        .send({ code: 'not_found', message: 'the web UI is not built: run `npm run build`' });
    }
    reply.headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache' });
    return reply.type('text/html; charset=utf-8').send(html);
  });
  app.get<{ Params: { '*': string } }>('/assets/*', hide, async (req, reply) => {
    const name = req.params['*'];
    // Built asset names only: no directories, no dot-dot.
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.'))
      return reply.code(404).send({ code: 'not_found', message: 'no such asset' });
    const type = TYPES[path.extname(name)];
    let body: Buffer;
    try {
      if (!type) throw new Error('type');
      body = await fs.readFile(path.join(root, 'assets', name));
    } catch {
      return reply.code(404).send({ code: 'not_found', message: 'no such asset' });
    }
    reply.headers({ ...SECURITY_HEADERS, 'cache-control': 'public, max-age=31536000, immutable' });
    return reply.type(type).send(body);
  });
}
