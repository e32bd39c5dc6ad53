/**
 * Issue 12, item 2: which errors mean the database went away (503 with a retry hint) rather
 * than a fault of the request or of sanad (500).
 */
import { describe, expect, it } from 'vitest';
import { toHttpError } from '../../src/http/errors.js';
import { isConnectionLost } from '../../src/store/connection-lost.js';

function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: 'FATAL' });
}

describe('isConnectionLost', () => {
  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection due to crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
    ['08001', 'could not connect'],
    ['53300', 'sorry, too many clients already'],
    ['ECONNRESET', 'read ECONNRESET'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'],
  ])('takes %s as a lost connection', (code, message) => {
    expect(isConnectionLost(pgError(code, message))).toBe(true);
  });

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated',
    'Client has encountered a connection error and is not queryable',
    'timeout exceeded when trying to connect',
  ])('takes node-postgres "%s" as a lost connection', (message) => {
    expect(isConnectionLost(new Error(message))).toBe(true);
    expect(isConnectionLost(new Error('wrapped', { cause: new Error(message) }))).toBe(true);
  });

  it.each([
    ['23505', 'duplicate key value violates unique constraint'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['42P01', 'relation "x" does not exist'],
  ])('does not take %s for one', (code, message) => {
    expect(isConnectionLost(pgError(code, message))).toBe(false);
  });
});

describe('toHttpError', () => {
  it('answers a lost connection with 503 store_unavailable and Retry-After', () => {
    const e = toHttpError(pgError('57P01', 'terminating connection due to administrator command'));
    expect([e.status, e.code, e.retryAfter]).toEqual([503, 'store_unavailable', 1]);
    expect(e.message).not.toMatch(/administrator/);
  });

  it('still hides other database errors as 500 internal', () => {
    const e = toHttpError(pgError('42P01', 'relation "x" does not exist'));
    expect([e.status, e.code, e.retryAfter]).toEqual([500, 'internal', undefined]);
  });
});
