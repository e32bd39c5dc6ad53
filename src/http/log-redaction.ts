/**
 * What the request log may say about a request and an error: the path and the names of the
 * query parameters, never their values (names, passport numbers and reconciliation batches
 * travel there, and OpenRefine's api_key), and of an error its type, code and message with
 * every quoted value taken out, never the request or the database's detail. See
 * docs/security.md (issue 12, item 10).
 */
import { QUERY_KEY } from './access.js';

const REDACTED = '[redacted]';

/** The API's query parameters: their names may be logged; any other name is someone's text. */
const KNOWN_PARAMS = new Set([
  'action',
  'after',
  'assignee',
  'basis',
  'countries',
  'cursor',
  'dataset',
  'encoding',
  'format',
  'from',
  'id',
  'include',
  'limit',
  'list',
  'lists',
  'mine',
  'minscore',
  'monitor',
  'monitored',
  'name',
  'offset',
  'prefix',
  'q',
  'queries',
  'ref',
  'run',
  'schema',
  'scope',
  'since',
  'state',
  'subject',
  'threshold',
  'to',
  'withdrawn',
  QUERY_KEY,
]);

/** Parameters whose short values say how, not whom, a request asked: kept for operators. */
const PLAIN_VALUES = new Set([
  'encoding',
  'format',
  'include',
  'limit',
  'minscore',
  'mine',
  'monitor',
  'monitored',
  'offset',
  'state',
  'threshold',
  'withdrawn',
]);
const PLAIN_VALUE = /^[A-Za-z0-9_.:-]{0,40}$/;

/** A query parameter's name as the query parser reads it (`api%5Fkey` is api_key). */
function decodedName(rawName: string): string {
  let name = rawName.replace(/\+/g, ' ');
  try {
    name = decodeURIComponent(name);
  } catch {
    // A malformed escape: compare it as it came.
  }
  return name.toLowerCase();
}

/**
 * A URL for logs and error messages: the path, then each query parameter's name (as sent, when
 * it is one of the API's; `[param]` otherwise) with its value redacted, except short values
 * of the parameters that only shape the answer (`limit=5`, `threshold=0.7`).
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      const name = decodedName(rawName);
      if (!KNOWN_PARAMS.has(name)) return `[param]=${REDACTED}`;
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      const plain = PLAIN_VALUES.has(name) && PLAIN_VALUE.test(value);
      return `${rawName}=${plain ? value : REDACTED}`;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

/**
 * A message with what it quotes taken out: databases and parsers quote the offending value
 * (`invalid input syntax for type integer: "Marwan"`, `Key (external_id)=(S-1)`), and a
 * value may be a name.
 */
export function redactMessage(message: string): string {
  return message
    .replace(/"(?:[^"\\]|\\.)*"/g, `"${REDACTED}"`)
    .replace(/'(?:[^'\\]|\\.)*'/g, `'${REDACTED}'`)
    .replace(/=\([^)]*\)/g, `=(${REDACTED})`)
    .slice(0, 500);
}

/**
 * The log's view of an error: its type, code and message (quoted values redacted) and the
 * frames of its stack. Never its other fields (a PostgreSQL error's `detail`, `where` and
 * `parameters`, a validation error's input) nor its cause.
 */
export function serializeError(error: unknown): {
  type: string;
  message: string;
  stack: string;
  [key: string]: unknown;
} {
  const e = (error && typeof error === 'object' ? error : {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    stack?: unknown;
  };
  const frames =
    typeof e.stack === 'string'
      ? e.stack
          .split('\n')
          .filter((line) => /^\s+at /.test(line))
          .slice(0, 20)
          .join('\n')
      : '';
  return {
    type: typeof e.name === 'string' ? e.name : typeof error,
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    message: typeof e.message === 'string' ? redactMessage(e.message) : '',
    stack: frames,
  };
}
