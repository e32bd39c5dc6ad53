/** The HTTP API, with the key from this tab's session storage (never in a URL). */
import type { ApiAnswers, ApiBodies } from './api-types.js';

export type { ApiAnswers, ApiBodies };

const KEY = 'sanad.apiKey';

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(KEY);
  else sessionStorage.setItem(KEY, key);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  key = storedKey(),
): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: {
      ...(key ? { authorization: `ApiKey ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok)
    throw new ApiError(
      res.status,
      (data as { message?: string } | undefined)?.message ?? res.statusText,
    );
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
  const data = (await res.json()) as unknown;
  if (!res.ok)
    throw new ApiError(res.status, (data as { message?: string }).message ?? res.statusText);
  return data as T;
}
