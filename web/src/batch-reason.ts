/**
 * Why a row of the batch page was not screened, as a key of the reader's strings: the server
 * answers in English (a query's `detail`, a row `problems` entry, an HTTP error), and the page
 * says it in the reader's language. A reason with no translation keeps the server's text.
 */
import type { Key } from './i18n.js';

/** Server texts (and request failures) the page knows how to say, first match wins. */
const REASONS: [RegExp, Key][] = [
  [/^cancelled$/, 'err_cancelled'],
  [/has no properties\.name/, 'err_no_name'],
  [/properties\.birthDate .* is not a date/, 'err_bad_date'],
  [/longer than 1,000 characters/, 'err_long_name'],
  [/unsupported schema/, 'err_bad_schema'],
  [/^(invalid .*|a replacement character \(U\+FFFD\)) in field /, 'err_undecoded'],
  [/^control character /, 'err_control'],
  [/^(HTTP )?413\b|too large|exceeds .* bytes/i, 'err_too_large'],
  [/^(HTTP )?429\b|rate limit/i, 'err_rate'],
  [/failed to fetch|networkerror|load failed/i, 'err_network'],
];

export function reasonKey(text: string): Key | undefined {
  return REASONS.find(([pattern]) => pattern.test(text))?.[1];
}
