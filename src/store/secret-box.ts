/**
 * Secrets at rest: the node's private key and the API keys this node holds for the feeds it
 * pulls are stored sealed with AES-256-GCM when a key is configured, `SANAD_SECRET_KEY` (32
 * bytes in base64 or hex) or `SANAD_SECRET_KEY_FILE` (a file holding the same, or the 32 raw
 * bytes). A stolen database file or backup then holds no usable secret without the key, which
 * lives elsewhere (an environment, a mounted secret). The envelope is versioned,
 * `enc:v1:<iv>:<tag>:<ciphertext>` (base64url), and bound to what it seals (GCM's associated
 * data names the secret, say `feed:ministry`), so that one sealed value moved to another's
 * place does not open. Plain values (from before a key was configured) still read; see
 * sharing/check-secrets.ts for when they are sealed, and docs/security.md.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { SanadError } from '../core/errors.js';

const PREFIX = 'enc:v1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Whether a stored value is sealed (whatever the key). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export class SecretBox {
  private constructor(
    private readonly key: Buffer | null,
    /** Where the key came from, for messages: never the key itself. */
    readonly source: string,
  ) {}

  /** No key: secrets are stored as given, and a sealed one cannot be read. */
  static none(): SecretBox {
    return new SecretBox(null, 'no key');
  }

  static fromKey(key: Buffer, source = 'the configured key'): SecretBox {
    if (key.length !== KEY_BYTES) throw new Error('secret-box: the key is not 32 bytes');
    return new SecretBox(Buffer.from(key), source);
  }

  /** The key of SANAD_SECRET_KEY or SANAD_SECRET_KEY_FILE (not both), or none. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): SecretBox {
    const text = env.SANAD_SECRET_KEY?.trim() || undefined;
    const file = env.SANAD_SECRET_KEY_FILE?.trim() || undefined;
    if (text && file)
      throw new SanadError(
        'invalid_input',
        'set SANAD_SECRET_KEY or SANAD_SECRET_KEY_FILE, not both',
      );
    if (text)
      return SecretBox.fromKey(parseKey(Buffer.from(text), 'SANAD_SECRET_KEY'), 'SANAD_SECRET_KEY');
    if (file) return SecretBox.fromKey(readKeyFile(file), 'SANAD_SECRET_KEY_FILE');
    return SecretBox.none();
  }

  get configured(): boolean {
    return this.key !== null;
  }

  /** `plain` sealed for the place `context` names; as it is when no key is configured. */
  seal(plain: string, context: string): string {
    if (this.key === null) return plain;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ct].map((b) => b.toString('base64url'));
    return PREFIX + parts.join(':');
  }

  /** The plain text of a stored value: sealed ones are opened, plain ones returned as they are. */
  open(stored: string, context: string): string {
    if (!isSealed(stored)) return stored;
    if (this.key === null)
      throw new SanadError(
        'unavailable',
        `this node's secrets are encrypted (${context}), and no key is configured: set SANAD_SECRET_KEY or SANAD_SECRET_KEY_FILE`,
      );
    const [iv, tag, ct] = stored.slice(PREFIX.length).split(':');
    try {
      // The tag's length is fixed: Node would otherwise take a tag cut to 4 bytes, which a
      // forger can guess.
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv!, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ct!, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch (error) {
      throw new SanadError(
        'unavailable',
        `the key of ${this.source} does not open this node's secrets (${context}): it is not the key they were encrypted with`,
        { cause: error },
      );
    }
  }
}

/** 32 bytes as base64 (standard or URL-safe) or 64 hex digits; raw 32 bytes only from a file. */
function parseKey(bytes: Buffer, source: string, raw = false): Buffer {
  if (raw && bytes.length === KEY_BYTES) return bytes;
  const text = bytes.toString('utf8').trim();
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const key = Buffer.from(text, 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new SanadError(
    'invalid_input',
    `${source}: a key is 32 bytes, in base64 or hex (make one with \`openssl rand -base64 32\`)`,
  );
}

function readKeyFile(file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new SanadError('invalid_input', `SANAD_SECRET_KEY_FILE cannot be read (${code})`, {
      cause: error,
    });
  }
  return parseKey(bytes, 'SANAD_SECRET_KEY_FILE', true);
}

const boxes = new WeakMap<object, SecretBox>();

/** The box of a store: the one given with useSecretBox, else the environment's. */
export function secretBoxOf(store: object): SecretBox {
  let box = boxes.get(store);
  if (!box) {
    box = SecretBox.fromEnv();
    boxes.set(store, box);
  }
  return box;
}

/** Gives a store its box (tests; an embedding program with its own key management). */
export function useSecretBox(store: object, box: SecretBox): void {
  boxes.set(store, box);
}
