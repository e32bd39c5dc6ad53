/** Issue 12 item 16: `sanad serve --rate-limit ROLE=N,…` sets the rate limit of any role. */
import { describe, expect, it } from 'vitest';
import { parseRateLimits, RATE_LIMIT_HELP } from '../../src/cli/rate-limit-option.js';
import { DEFAULT_RATE_LIMITS } from '../../src/http/context.js';

describe('--rate-limit', () => {
  it('takes a limit per role, the others keeping their defaults', () => {
    expect(parseRateLimits('client=12000,analyst=1200')).toEqual({ client: 12000, analyst: 1200 });
    expect(parseRateLimits(' admin = 60 ')).toEqual({ admin: 60 });
    expect(parseRateLimits('anonymous=100')).toEqual({ anonymous: 100 });
  });

  it('refuses an unknown role, a missing number and a limit out of range, naming the form', () => {
    for (const bad of ['superuser=5', 'client', 'client=', 'client=-1', 'client=0', 'client=1e3'])
      expect(() => parseRateLimits(bad), bad).toThrow(/ROLE=N|from 1 to/);
  });

  it('states the defaults in the help text', () => {
    for (const [role, n] of Object.entries(DEFAULT_RATE_LIMITS))
      expect(RATE_LIMIT_HELP).toContain(`${role}=${n}`);
  });
});
