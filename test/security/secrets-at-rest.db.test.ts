/**
 * Secrets at rest (issue 12, item 9), on SQLite and PostgreSQL: with a key configured, the
 * node's private key and the API keys of subscribed feeds are stored sealed (AES-256-GCM), plain
 * ones from before are sealed at the next start, they still work (a pull sends the real key),
 * and a wrong key or no key refuses to start. The key comes from SANAD_SECRET_KEY or a file.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SanadError } from '../../src/core/errors.js';
import { addFeed, pullFeed } from '../../src/sharing/feed-subscribe.js';
import { NODE_KEY_SETTING, nodeKey } from '../../src/sharing/node-key.js';
import { checkSecrets } from '../../src/sharing/check-secrets.js';
import { SecretBox, useSecretBox } from '../../src/store/secret-box.js';
import { Store } from '../../src/store/store.js';
import { DATABASES } from '../helpers/databases.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-secrets-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

const KEY = randomBytes(32);
const API_KEY = 'sk_feed_9f8e7d6c5b4a39281706';
const PUBLISHER = Buffer.from(
  // Any valid Ed25519 public key will do: the pull below never gets a batch to check.
  '302a300506032b6570032100' + 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  'hex',
)
  .subarray(12)
  .toString('base64');

async function refusal(p: Promise<unknown>): Promise<SanadError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SanadError);
  return error as SanadError;
}

describe('SecretBox', () => {
  const box = SecretBox.fromKey(KEY);

  it('seals in a versioned envelope that opens only with the key, in the same place', () => {
    const sealed = box.seal(API_KEY, 'feed:a');
    expect(sealed).toMatch(/^enc:v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(sealed).not.toContain(API_KEY);
    expect(box.seal(API_KEY, 'feed:a')).not.toBe(sealed);
    expect(box.open(sealed, 'feed:a')).toBe(API_KEY);
    expect(() => box.open(sealed, 'feed:b')).toThrow(/does not open/);
    expect(() => SecretBox.fromKey(randomBytes(32)).open(sealed, 'feed:a')).toThrow(
      /does not open/,
    );
    expect(() => SecretBox.none().open(sealed, 'feed:a')).toThrow(/no key is configured/);
    expect(box.open('plain', 'feed:a')).toBe('plain');
    expect(SecretBox.none().seal('plain', 'x')).toBe('plain');
  });

  it('refuses a sealed value whose tag was cut short (a 4-byte tag can be guessed)', () => {
    const [iv, tag, ct] = box.seal(API_KEY, 'feed:a').slice('enc:v1:'.length).split(':');
    const short = Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => box.open(`enc:v1:${iv}:${short}:${ct}`, 'feed:a')).toThrow(/does not open/);
  });

  it('takes the key from SANAD_SECRET_KEY (base64 or hex) or SANAD_SECRET_KEY_FILE (text or raw)', () => {
    const sealed = box.seal(API_KEY, 'c');
    const text = path.join(TMP, 'key.txt');
    fs.writeFileSync(text, KEY.toString('base64') + '\n', { mode: 0o600 });
    const raw = path.join(TMP, 'key.bin');
    fs.writeFileSync(raw, KEY, { mode: 0o600 });
    for (const env of [
      { SANAD_SECRET_KEY: KEY.toString('base64') },
      { SANAD_SECRET_KEY: KEY.toString('hex') },
      { SANAD_SECRET_KEY: KEY.toString('base64url') },
      { SANAD_SECRET_KEY_FILE: text },
      { SANAD_SECRET_KEY_FILE: raw },
    ])
      expect(SecretBox.fromEnv(env).open(sealed, 'c')).toBe(API_KEY);
    expect(SecretBox.fromEnv({}).configured).toBe(false);
  });

  it.each([
    ['a short text', { SANAD_SECRET_KEY: 'too-short' }, /32 bytes/],
    ['16 bytes', { SANAD_SECRET_KEY: randomBytes(16).toString('base64') }, /32 bytes/],
    [
      'a missing file',
      { SANAD_SECRET_KEY_FILE: '/nonexistent/sanad-key' },
      /cannot be read \(ENOENT\)/,
    ],
    ['both', { SANAD_SECRET_KEY: KEY.toString('base64'), SANAD_SECRET_KEY_FILE: 'x' }, /not both/],
  ])('refuses a key that is not one (%s), without repeating it', (_what, env, message) => {
    expect(() => SecretBox.fromEnv(env)).toThrow(message);
    try {
      SecretBox.fromEnv(env);
    } catch (e) {
      expect((e as Error).message).not.toContain(KEY.toString('base64'));
    }
  });
});

describe.each(DATABASES)('secrets at rest ($name)', (database) => {
  /** Two handles on one database, as two processes of a node would have. */
  async function open(url: string, box: SecretBox): Promise<Store> {
    const store = await Store.open(TMP, url);
    useSecretBox(store, box);
    return store;
  }

  const row = (store: Store) =>
    Promise.all([
      store.db
        .selectFrom('setting')
        .select('value')
        .where('key', '=', NODE_KEY_SETTING)
        .executeTakeFirstOrThrow(),
      store.db.selectFrom('feed').select(['id', 'api_key']).orderBy('id').execute(),
    ]);

  it('seals plain secrets when a key is configured, keeps them working, and refuses a wrong or missing key', async () => {
    const url = await database.url();
    // Before a key: the secrets are stored plain.
    const plain = await open(url, SecretBox.none());
    const before = await nodeKey(plain);
    await addFeed(
      plain,
      { id: 'old', url: 'https://a.example', publicKey: PUBLISHER, apiKey: API_KEY },
      'test',
    );
    expect(await checkSecrets(plain)).toBe(0);
    const [node0, feeds0] = await row(plain);
    expect(node0.value).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(feeds0[0]!.api_key).toBe(API_KEY);
    await plain.close();

    // The next start with a key seals both, and new ones are sealed as they are written.
    const keyed = await open(url, SecretBox.fromKey(KEY));
    expect(await checkSecrets(keyed)).toBe(2);
    expect(await checkSecrets(keyed)).toBe(0);
    await addFeed(
      keyed,
      { id: 'new', url: 'https://b.example', publicKey: PUBLISHER, apiKey: `${API_KEY}-2` },
      'test',
    );
    const [node1, feeds1] = await row(keyed);
    for (const v of [node1.value, ...feeds1.map((f) => f.api_key)]) {
      expect(v).toMatch(/^enc:v1:/);
      expect(v).not.toMatch(/PRIVATE KEY|sk_feed/);
    }
    expect((await nodeKey(keyed)).publicKey).toBe(before.publicKey);
    // A pull sends the real API key.
    const sent: string[] = [];
    await pullFeed(keyed, 'new', 'test', async (_u, apiKey) => {
      sent.push(apiKey);
      throw new Error('offline');
    });
    expect(sent).toEqual([`${API_KEY}-2`]);
    await keyed.close();

    // A sealed value moved to another feed's row does not open there.
    const mover = await open(url, SecretBox.fromKey(KEY));
    await mover.db
      .updateTable('feed')
      .set({ api_key: feeds1.find((f) => f.id === 'new')!.api_key })
      .where('id', '=', 'old')
      .execute();
    const moved = await pullFeed(mover, 'old', 'test', async () => ({}));
    expect(moved.error).toMatch(/does not open/);
    await mover.close();

    const wrong = await open(url, SecretBox.fromKey(randomBytes(32)));
    const w = await refusal(checkSecrets(wrong));
    expect(w.message).toMatch(/does not open this node's secrets/);
    await wrong.close();
    const none = await open(url, SecretBox.none());
    const n = await refusal(checkSecrets(none));
    expect(n.message).toMatch(
      /no key is configured: set SANAD_SECRET_KEY or SANAD_SECRET_KEY_FILE/,
    );
    await none.close();
  });

  it('refuses a wrong key before any secret is sealed, by the check value', async () => {
    const url = await database.url();
    const first = await open(url, SecretBox.fromKey(KEY));
    expect(await checkSecrets(first)).toBe(0);
    await first.close();
    const wrong = await open(url, SecretBox.fromKey(randomBytes(32)));
    expect((await refusal(checkSecrets(wrong))).message).toMatch(/does not open/);
    await wrong.close();
  });
});
