/**
 * Audit anchors: the heads of the node's hash chains, signed with the node's Ed25519 key, to
 * be kept away from the database (an operator's notes, a ticket, a partner's inbox). A chain
 * alone cannot show that its tail and head were rewritten together; a head kept elsewhere can:
 * verifying against it proves that nothing up to it changed since it was taken.
 *
 * The anchor is one line: `sanad-audit-head.1.<payload>.<signature>`, both base64url, the
 * payload canonical JSON `{at, chains: [{chain, hash, seq}], node}` (node: the public key).
 */
import fs from 'node:fs';
import { SanadError } from '../core/errors.js';
import { auditHeads, canonicalJson, type ChainHead } from '../store/audit.js';
import type { Store } from '../store/store.js';
import { nodeKey, publicKeyObject, signBytes, verifyBytes } from './node-key.js';

const PREFIX = 'sanad-audit-head.1.';

export interface AuditAnchor {
  at: string;
  /** The public key of the node that signed it (base64, as `sanad node key` prints). */
  node: string;
  chains: ChainHead[];
}

/** The signed head of every chain, or of one partner's. */
export async function takeAnchor(
  store: Store,
  chain?: string,
): Promise<{ anchor: AuditAnchor; text: string }> {
  // The key first: making it appends a record, which the head taken after includes.
  const key = await nodeKey(store);
  const chains = await auditHeads(store.db, chain);
  const anchor: AuditAnchor = { at: new Date().toISOString(), node: key.publicKey, chains };
  const payload = Buffer.from(canonicalJson(anchor));
  const signature = Buffer.from(signBytes(key, payload), 'base64');
  const text = `${PREFIX}${payload.toString('base64url')}.${signature.toString('base64url')}`;
  return { anchor, text };
}

/**
 * Reads an anchor line and checks it was signed by this node's key: an anchor from another
 * node, or altered, is refused. (Never a file name here: over HTTP that would let a caller
 * probe the server's files; the CLI reads its file with anchorFromFile.)
 */
export async function readAnchor(store: Store, given: string): Promise<AuditAnchor> {
  const text = given.trim();
  const parts = text.slice(PREFIX.length).split('.');
  const bad = () =>
    new SanadError('invalid_input', 'anchor: not an audit head printed by `sanad audit head`');
  if (!text.startsWith(PREFIX) || parts.length !== 2) throw bad();
  const payload = Buffer.from(parts[0]!, 'base64url');
  let anchor: AuditAnchor;
  try {
    anchor = JSON.parse(payload.toString('utf8')) as AuditAnchor;
  } catch {
    throw bad();
  }
  if (!isAnchor(anchor)) throw bad();
  const key = await nodeKey(store);
  const signed =
    anchor.node === key.publicKey &&
    verifyBytes(
      publicKeyObject(key.publicKey),
      payload,
      Buffer.from(parts[1]!, 'base64url').toString('base64'),
    );
  if (!signed)
    throw new SanadError(
      'invalid_input',
      "anchor: its signature does not verify with this node's key (altered, or from another node)",
    );
  return anchor;
}

/** The anchor line given at the command line: the line itself, or a file holding it. */
export function anchorFromFile(given: string): string {
  if (given.trim().startsWith(PREFIX)) return given.trim();
  try {
    return fs.readFileSync(given, 'utf8').trim();
  } catch {
    throw new SanadError(
      'invalid_input',
      'anchor: neither an audit head (sanad-audit-head.1.…) nor a readable file holding one',
    );
  }
}

function isAnchor(value: unknown): value is AuditAnchor {
  const a = value as AuditAnchor | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.at === 'string' &&
    typeof a.node === 'string' &&
    Array.isArray(a.chains) &&
    a.chains.every(
      (c) =>
        typeof c?.chain === 'string' &&
        Number.isSafeInteger(c.seq) &&
        c.seq >= 0 &&
        typeof c.hash === 'string',
    )
  );
}
