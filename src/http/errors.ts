/**
 * One error shape for the whole API, `{code, message, field?}`, with stable codes; `field`
 * names the request field a validation error concerns (dotted path, `queries.q1.name`), so a
 * form can show the message beside it. Every error goes
 * through `toHttpError` in the one error handler; nothing else formats errors.
 */
import { SanadError } from '../core/errors.js';
import { isConnectionLost } from '../store/connection-lost.js';

export type HttpErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable'
  | 'store_unavailable'
  | 'internal';

const STATUS: Record<HttpErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  store_unavailable: 503,
  internal: 500,
};

/** Seconds a client should wait before trying again, sent as `Retry-After`. */
const RETRY_AFTER: Partial<Record<HttpErrorCode, number>> = { store_unavailable: 1 };

export class HttpError extends Error {
  readonly status: number;
  readonly retryAfter?: number;

  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.status = STATUS[code];
    this.retryAfter = RETRY_AFTER[code];
  }

  /** The body every error answer carries; `field` only when one is known. */
  toJSON(): { code: HttpErrorCode; message: string; field?: string } {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

interface ValidationIssue {
  instancePath?: string;
  params?: { missingProperty?: string };
}

/**
 * The field the first validation issue concerns, from its JSON pointer (zod's issue path through
 * fastify-type-provider-zod, or Ajv's, whose "required" names the missing property apart).
 */
export function validationField(validation: unknown): string | undefined {
  const first = (Array.isArray(validation) ? validation[0] : undefined) as
    ValidationIssue | undefined;
  if (!first) return undefined;
  const parts = (first.instancePath ?? '').split('/').filter(Boolean);
  if (first.params?.missingProperty) parts.push(first.params.missingProperty);
  return parts.length
    ? parts.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.')
    : undefined;
}

const FROM_SANAD: Record<SanadError['code'], HttpErrorCode> = {
  invalid_input: 'bad_request',
  invalid_list: 'unprocessable',
  forbidden: 'forbidden',
  not_found: 'not_found',
  conflict: 'conflict',
  too_large: 'too_large',
  unavailable: 'unavailable',
};

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message: string;
  validation?: unknown;
}

/** Maps anything thrown in a route to the API's error. Unknown errors hide their message. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof SanadError)
    return new HttpError(FROM_SANAD[error.code], error.message, error.field);
  // The database went away under the request: its fault, not the request's, and passing.
  if (isConnectionLost(error))
    return new HttpError('store_unavailable', 'the database is unavailable; retry shortly');
  const e = error as FastifyLikeError;
  if (e && typeof e === 'object') {
    if (e.validation || e.code === 'FST_ERR_VALIDATION')
      return new HttpError('bad_request', e.message, validationField(e.validation));
    if (e.statusCode === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return new HttpError('too_large', 'request body too large');
    if (e.statusCode === 415) return new HttpError('bad_request', e.message);
    if (e.statusCode === 429)
      return new HttpError('rate_limited', e.message || 'too many requests');
    if (e.statusCode === 400) return new HttpError('bad_request', e.message);
    if (e.statusCode === 404) return new HttpError('not_found', e.message);
  }
  return new HttpError('internal', 'internal error');
}
