/**
 * Domain and input failures. Each carries a stable `code` that scripts and the HTTP layer can
 * rely on, and the HTTP status it maps to. Programming mistakes throw a plain Error instead.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'invalid_list'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unavailable';

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  invalid_list: 422,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unavailable: 503,
};

export class SanadError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** The input field the failure concerns (e.g. `name`, `rows.3.dob`), where it is known. */
  readonly field?: string;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; field?: string }) {
    super(message, options);
    this.name = 'SanadError';
    this.code = code;
    this.status = STATUS[code];
    if (options?.field !== undefined) this.field = options.field;
  }
}
