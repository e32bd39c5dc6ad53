/**
 * A feed's last error as the server stores it (sharing/feed-subscribe.ts: the publisher's
 * answer, a transport failure, or "refused: <why>" for a batch that failed verification),
 * sorted into the kinds the feeds page says in the reader's language. An error of no known
 * kind is shown as the server wrote it.
 */
export type FeedErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'publisher'
  | 'signature'
  | 'publisherKey'
  | 'recipient'
  | 'replay'
  | 'stale'
  | 'tooLarge'
  | 'malformed';

const KINDS: [RegExp, FeedErrorKind][] = [
  [/^publisher answered 401\b/, 'unauthorized'],
  [/^publisher answered 403\b/, 'forbidden'],
  [/^publisher answered \d{3}\b/, 'publisher'],
  [/^fetch failed\b|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/, 'unreachable'],
  [/timeout|timed out|aborted/i, 'timeout'],
  [/^refused: the signature does not verify/, 'signature'],
  [/^refused: signed for another publisher key/, 'publisherKey'],
  [/^refused: issued to /, 'recipient'],
  [/^refused: .*(replayed or out of order)/, 'replay'],
  [/^refused: issued at .*too old or in the future/, 'stale'],
  [/^refused: .*too large/, 'tooLarge'],
  [/^refused: /, 'malformed'],
];

export function feedErrorKind(text: string): FeedErrorKind | null {
  for (const [pattern, kind] of KINDS) if (pattern.test(text)) return kind;
  return null;
}
