/**
 * The public base URL of the service (`sanad serve --public-url`): where the links the server
 * hands out point (the reconciliation manifest), instead of a Host header anyone can send.
 */
import { SanadError } from '../core/errors.js';

/** The URL checked, without its trailing slash. */
export function normalisePublicUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SanadError('invalid_input', `--public-url "${url}" is not a URL`);
  }
  if (!/^https?:$/.test(parsed.protocol) || parsed.username || parsed.password)
    throw new SanadError(
      'invalid_input',
      '--public-url must be an http:// or https:// URL without a user or password',
    );
  if (parsed.search || parsed.hash)
    throw new SanadError('invalid_input', '--public-url must have no query string or fragment');
  return parsed.toString().replace(/\/+$/, '');
}
