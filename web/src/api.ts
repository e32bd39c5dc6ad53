/** The HTTP API, with the key from this tab's session storage (never in a URL). */
import type { ApiAnswers, ApiBodies } from './api-types.js';

export type { ApiAnswers, ApiBodies };

const KEY = 'sanad.apiKey';

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

/**
 * Keeps the key for this tab. Signing out, or in with another key, also forgets what the tab
 * kept for the previous key (the queue's order, the last screening…): it is that key's work.
 */
export function storeKey(key: string | null): void {
  if (key !== sessionStorage.getItem(KEY)) {
    for (const k of Object.keys(sessionStorage))
      if (k.startsWith('sanad.')) sessionStorage.removeItem(k);
  }
  if (key === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, key);
}

/** What the server's error answer says: `{code, message, field?}` (src/http/errors.ts). */
interface ErrorAnswer {
  code?: string;
  message?: string;
  field?: string;
}

/**
 * A non-2xx answer: its status, the server's stable `code` and, for a validation error, the
 * `field` it concerns. errors.ts turns it into text in the reader's language.
 */
export class ApiError extends Error {
  readonly code: string;
  readonly field?: string;

  constructor(
    readonly status: number,
    message: string,
    code?: string,
    field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code ?? (status >= 500 ? 'internal' : 'bad_request');
    if (field !== undefined) this.field = field;
  }

  static from(status: number, statusText: string, data: unknown): ApiError {
    const body = (data && typeof data === 'object' ? data : {}) as ErrorAnswer;
    return new ApiError(status, body.message ?? statusText, body.code, body.field);
  }
}

/**
 * Said on window when the stored key is refused (revoked or expired mid-session): the app signs
 * out instead of every page failing on its own.
 */
export const KEY_REFUSED = 'sanad:key-refused';

function refused(status: number, key: string | null): void {
  if (status === 401 && key !== null && key === storedKey())
    window.dispatchEvent(new Event(KEY_REFUSED));
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Waits past a rate limit this many times before a request fails with 429. */
const RATE_LIMIT_RETRIES = 3;
const MAX_WAIT_S = 60;

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  key = storedKey(),
): Promise<T> {
  const send = () =>
    fetch(path, {
      method,
      headers: {
        ...(key ? { authorization: `ApiKey ${key}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let res = await send();
  // A long batch (the batch page) meets the key's rate limit: it waits as the server says.
  for (let i = 0; res.status === 429 && i < RATE_LIMIT_RETRIES; i++) {
    const wait = Math.min(Number(res.headers.get('retry-after')) || 1, MAX_WAIT_S);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    res = await send();
  }
  const data = parse(await res.text());
  if (!res.ok) {
    refused(res.status, key);
    throw ApiError.from(res.status, res.statusText, data);
  }
  return data as T;
}

/** What `METHOD /path` answers, as the server declares it (api-types.ts, generated). */
export type Answer<K extends keyof ApiAnswers> = ApiAnswers[K];
/** The JSON body `METHOD /path` takes. */
export type Body<K extends keyof ApiBodies> = ApiBodies[K];

export type MatchResponse = Answer<'POST /match/{dataset}'>;
export type QueryAnswer = MatchResponse['responses'][string];
export type MatchHit = QueryAnswer['results'][number];
export type Provenance = MatchHit['provenance'];
export type Sharing = NonNullable<Provenance['sharing']>;
export type TokenMatch = MatchHit['explanations']['tokens'][number];
export type Qualifier = MatchHit['explanations']['qualifiers'][number];

/** A file upload (multipart, field "file"). */
export async function upload<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file);
  const key = storedKey();
  const res = await fetch(path, {
    method: 'POST',
    headers: key ? { authorization: `ApiKey ${key}` } : {},
    body: form,
  });
  const data = parse(await res.text());
  if (!res.ok) {
    refused(res.status, key);
    throw ApiError.from(res.status, res.statusText, data);
  }
  return data as T;
}
