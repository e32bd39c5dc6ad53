/**
 * A feed's last error, as src/sharing/feed-subscribe.ts writes it, sorted into the kinds the
 * feeds page says in the reader's language; an error of no known kind keeps the server's text.
 */
import { describe, expect, it } from 'vitest';
import { feedErrorKind } from '../web/src/pages/admin/feed-error.js';
import { en } from '../web/src/strings/admin.js';

describe('feedErrorKind', () => {
  it.each([
    ['publisher answered 401: the API key is not valid', 'unauthorized'],
    ['publisher answered 403: forbidden', 'forbidden'],
    ['publisher answered 503: store unavailable', 'publisher'],
    ['fetch failed', 'unreachable'],
    ['The operation was aborted due to timeout', 'timeout'],
    ["refused: the signature does not verify with the publisher's key", 'signature'],
    ['refused: signed for another publisher key', 'publisherKey'],
    ['refused: issued to "node-c", not to this node ("node-b")', 'recipient'],
    ['refused: it does not follow the last batch applied (replayed or out of order)', 'replay'],
    ['refused: issued at 2020-01-01T00:00:00Z: too old or in the future (replayed?)', 'stale'],
    ['refused: batch of 99999999 bytes is too large', 'tooLarge'],
    ['refused: the signed payload is not JSON', 'malformed'],
    ['refused: change 3: name: required', 'malformed'],
  ] as const)('%s → %s', (text, kind) => {
    expect(feedErrorKind(text)).toBe(kind);
    expect(en[`fe_${kind}`]).toBeTruthy();
  });

  it('leaves an error of no known kind to be shown as the server wrote it', () => {
    expect(feedErrorKind('secret box: the key does not open this value')).toBeNull();
  });
});
