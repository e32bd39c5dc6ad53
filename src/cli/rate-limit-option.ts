/**
 * `sanad serve --rate-limit client=6000,analyst=600`: requests per minute per key, by role, and
 * per address for requests without a key (`anonymous`). Roles not named keep their default
 * (http/context.ts DEFAULT_RATE_LIMITS).
 */
import { InvalidArgumentError } from 'commander';
import { DEFAULT_RATE_LIMITS, type RateLimits } from '../http/context.js';

const NAMES = Object.keys(DEFAULT_RATE_LIMITS) as (keyof RateLimits)[];
const MAX_PER_MINUTE = 10_000_000;

export const RATE_LIMIT_HELP = `requests per minute per key by role, and per address without a key (defaults: ${NAMES.map((n) => `${n}=${DEFAULT_RATE_LIMITS[n]}`).join(',')})`;

export function parseRateLimits(value: string): Partial<RateLimits> {
  const out: Partial<RateLimits> = {};
  for (const part of value.split(',')) {
    const m = /^\s*([a-z]+)\s*=\s*(\d+)\s*$/.exec(part);
    const name = m?.[1] as keyof RateLimits | undefined;
    if (!m || !name || !NAMES.includes(name))
      throw new InvalidArgumentError(
        `expected ROLE=N[,ROLE=N…] with ROLE one of ${NAMES.join(', ')}, e.g. client=6000,analyst=600`,
      );
    const n = Number(m[2]);
    if (n < 1 || n > MAX_PER_MINUTE)
      throw new InvalidArgumentError(
        `the rate limit of ${name} must be from 1 to ${MAX_PER_MINUTE} requests per minute`,
      );
    out[name] = n;
  }
  return out;
}
