/**
 * The node's Ed25519 key: it signs every feed batch this node publishes. Made on first use and
 * kept in the store (so that every process of a node signs alike), sealed when a secret key is
 * configured (store/secret-box.ts); the public key, 32 raw bytes in base64, is what subscribers
 * are given (`sanad node key`).
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { SanadError } from '../core/errors.js';
import { appendAudit } from '../store/audit.js';
import { secretBoxOf } from '../store/secret-box.js';
import type { Store } from '../store/store.js';

/** The setting that holds the key: PKCS#8 PEM, sealed when a secret key is configured. */
export const NODE_KEY_SETTING = 'node_key';
const SETTING = NODE_KEY_SETTING;
/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw key follows. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface NodeKey {
  privateKey: KeyObject;
  /** Base64 of the raw 32-byte public key. */
  publicKey: string;
  /** A symmetric key derived from the private key (feed cursors). */
  secret: Buffer;
}

function fromPem(pem: string): NodeKey {
  const privateKey = createPrivateKey(pem);
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const raw = der.subarray(SPKI_PREFIX.length);
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' });
  const secret = Buffer.from(hkdfSync('sha256', seed, 'sanad', 'feed-cursor', 32));
  return { privateKey, publicKey: raw.toString('base64'), secret };
}

const cache = new WeakMap<Store, NodeKey>();

/** The node's key, made (once, under the write lock) when it has none. */
export async function nodeKey(store: Store): Promise<NodeKey> {
  const hit = cache.get(store);
  if (hit) return hit;
  const read = () =>
    store.db.selectFrom('setting').select('value').where('key', '=', SETTING).executeTakeFirst();
  let row = await read();
  if (!row) {
    row = await store.write(async (trx) => {
      const again = await trx
        .selectFrom('setting')
        .select('value')
        .where('key', '=', SETTING)
        .executeTakeFirst();
      if (again) return { value: secretBoxOf(store).open(again.value, SETTING) };
      const { privateKey } = generateKeyPairSync('ed25519');
      const value = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      await trx
        .insertInto('setting')
        .values({ key: SETTING, value: secretBoxOf(store).seal(value, SETTING) })
        .execute();
      await appendAudit(trx, [
        {
          actor: 'system',
          action: 'node.key',
          objectType: 'node',
          objectId: 'key',
          data: { publicKey: fromPem(value).publicKey },
        },
      ]);
      return { value };
    });
  }
  const key = fromPem(secretBoxOf(store).open(row.value, SETTING));
  cache.set(store, key);
  return key;
}

/** A subscriber's copy of a publisher's key: base64 of the raw 32 bytes. */
export function publicKeyObject(b64: string): KeyObject {
  const raw = Buffer.from(b64.trim(), 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== b64.trim())
    throw new SanadError(
      'invalid_input',
      'a node public key is 32 bytes in base64 (from `sanad node key` on the publishing node)',
    );
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function signBytes(key: NodeKey, bytes: Buffer): string {
  return sign(null, bytes, key.privateKey).toString('base64');
}

export function verifyBytes(publicKey: KeyObject, bytes: Buffer, signature: string): boolean {
  try {
    return verify(null, bytes, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
