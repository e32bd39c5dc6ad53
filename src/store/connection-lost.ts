/**
 * Whether an error means the database went away rather than that the query was wrong: the
 * server ended the session (an administrator, a shutdown, a failover), refused a new one, or
 * the socket broke. Such a failure is the database's, not the request's, and passes when the
 * pool reconnects; the HTTP layer answers it with 503 and a retry hint (http/errors.ts).
 */

/**
 * SQLSTATE classes and codes of a lost or refused session: 08 connection exception, 57P01
 * admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 53300 too many connections.
 */
const SQLSTATES = /^(08...|57P0[123]|53300)$/;

/** Errors of the socket under the connection. */
const SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** What node-postgres and its pool say when a connection ends or cannot be had in time. */
const MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect)/;

export function isConnectionLost(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (SQLSTATES.test(code) || SOCKET_CODES.has(code))) return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
