/**
 * API keys over HTTP, for admins: list their partner's keys and revoke one. A key revoked here
 * is forgotten by this server's key cache at once, so it is refused from the next request on;
 * `sanad keys revoke` (another process) takes up to KEY_CACHE_MS to reach a running server.
 * Keys are created by the CLI only: the secret is shown once, to the operator at the console.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listKeys, revokeKey, ROLES, type ApiKeyInfo } from '../../store/api-keys.js';
import { NODE_PARTNER } from '../../store/partners.js';
import { keyActor } from '../../store/persons.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';

const KeyView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES as [ApiKeyInfo['role'], ...ApiKeyInfo['role'][]]),
  partner: z.string(),
  /** The person the key belongs to (four-eyes counts persons); null: the key is its own. */
  person: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

const view = (k: ApiKeyInfo): z.infer<typeof KeyView> => ({
  id: k.id,
  name: k.name,
  role: k.role,
  partner: k.partner,
  person: k.person,
  createdAt: k.createdAt,
  revokedAt: k.revokedAt,
});

export function registerKeys(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** The keys an admin may manage: the node's admins all of them, a partner's its own. */
  const manageable = (key: ApiKeyInfo) =>
    listKeys(ctx.store, key.partner === NODE_PARTNER ? undefined : key.partner);

  r.get(
    '/keys',
    {
      config: { role: 'admin' },
      schema: {
        summary: "Your partner's API keys (the node's admins: every key), never their secrets",
        tags: ['keys'],
        response: { 200: z.object({ keys: z.array(KeyView) }) },
      },
    },
    async (req) => ({ keys: (await manageable(ctx.keyOf(req))).map(view) }),
  );

  r.post(
    '/keys/:id/revoke',
    {
      config: { role: 'admin' },
      schema: {
        summary: 'Revoke an API key: refused from the next request on, on this server',
        description:
          'Other servers on the same database, and revocations by `sanad keys revoke`, take effect within 10 s (the key cache).',
        tags: ['keys'],
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: KeyView },
      },
    },
    async (req) => {
      const key = ctx.keyOf(req);
      // Another partner's key answers as a missing one.
      if (!(await manageable(key)).some((k) => k.id === req.params.id))
        throw new HttpError('not_found', `no API key with id ${req.params.id}`);
      const info = await revokeKey(ctx.store, req.params.id, keyActor(key));
      ctx.forgetKey(info.id);
      return view(info);
    },
  );
}
