/** The HTTP API, with the key from this tab's session storage (never in a URL). */
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

export interface Sharing {
  partner: string;
  scope: { kind: 'private' | 'coalition' } | { kind: 'partners'; partners: string[] };
  basis: string;
  sharedAt: string;
  via?: string;
}

export interface Provenance {
  listId: string;
  listVersion: string;
  ref: string;
  listedOn?: string;
  sharing?: Sharing;
}

export interface TokenMatch {
  query: string;
  listed: string;
  evidence: string;
  similarity: number;
  weight: number;
}

export interface Qualifier {
  kind: string;
  delta: number;
  text: string;
}

export interface MatchHit {
  id: string;
  caption: string;
  schema: string;
  properties: Record<string, string[]>;
  datasets: string[];
  provenance: Provenance;
  score: number;
  match: boolean;
  /**
   * The entity's schema differs from the query's (a Person query meeting an organisation): shown
   * under the threshold rather than hidden. Optional: servers before issue 11 do not send it.
   */
  schemaMismatch?: boolean;
  explanations: {
    summary: string;
    matchedName: string;
    nameScore: number;
    tokens: TokenMatch[];
    unmatchedQuery: string[];
    unmatchedListed: string[];
    qualifiers: Qualifier[];
  };
}

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
