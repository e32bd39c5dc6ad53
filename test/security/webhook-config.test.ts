/**
 * The webhook's configuration (issue 12, item 11): a URL needs a secret (no message is signed
 * with an empty key), a URL with credentials is refused, and no refusal repeats the URL or the
 * secret.
 */
import { describe, expect, it } from 'vitest';
import { SanadError } from '../../src/core/errors.js';
import { sign, webhookFromEnv } from '../../src/screening/webhooks.js';

function refusal(env: NodeJS.ProcessEnv): SanadError {
  try {
    webhookFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SanadError);
    return error as SanadError;
  }
  throw new Error('the configuration was accepted');
}

describe('webhookFromEnv', () => {
  it('is off without a URL', () => {
    expect(webhookFromEnv({})).toBeUndefined();
    expect(webhookFromEnv({ SANAD_WEBHOOK_URL: ' ', SANAD_WEBHOOK_SECRET: 'x' })).toBeUndefined();
  });

  it('takes a URL with its secret', () => {
    expect(
      webhookFromEnv({
        SANAD_WEBHOOK_URL: 'https://hooks.example/sanad',
        SANAD_WEBHOOK_SECRET: 'a long random secret',
      }),
    ).toEqual({ url: 'https://hooks.example/sanad', secret: 'a long random secret' });
  });

  it.each([undefined, '', '   '])('refuses a URL whose secret is %j', (secret) => {
    const e = refusal({
      SANAD_WEBHOOK_URL: 'https://hooks.example/h',
      SANAD_WEBHOOK_SECRET: secret,
    });
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/SANAD_WEBHOOK_SECRET is required/);
  });

  it.each([
    'https://user:hunter2-pw@hooks.example/h',
    'https://user@hooks.example/h',
    'https://:hunter2-pw@hooks.example/h',
  ])('refuses a URL with credentials, %s, without repeating them', (url) => {
    const e = refusal({ SANAD_WEBHOOK_URL: url, SANAD_WEBHOOK_SECRET: 'webhook-secret-1' });
    expect(e.message).toMatch(/carries credentials/);
    expect(e.message).not.toMatch(/hunter2|user@|hooks\.example|webhook-secret-1/);
  });

  it.each(['not a url', 'ftp://hooks.example/h', 'file:///etc/passwd'])(
    'refuses %j, naming the variable only',
    (url) => {
      const e = refusal({ SANAD_WEBHOOK_URL: url, SANAD_WEBHOOK_SECRET: 's' });
      expect(e.message).toMatch(/^SANAD_WEBHOOK_URL /);
      expect(e.message).not.toContain(url);
    },
  );
});

describe('sign', () => {
  it('refuses an empty secret', () => {
    expect(() => sign('', '{}')).toThrow(/secret is empty/);
  });
});
