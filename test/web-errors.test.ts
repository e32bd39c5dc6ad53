import { describe, expect, it } from 'vitest';
import { ApiError } from '../web/src/api.js';
import { errorField, errorText } from '../web/src/errors.js';
import { makeI18n } from '../web/src/i18n.js';
import { HttpError, toHttpError, validationField } from '../src/http/errors.js';
import { SanadError } from '../src/core/errors.js';

const noop = () => {};
const en = makeI18n('en', noop).t;
const ar = makeI18n('ar', noop).t;

describe('errors in the reader’s language', () => {
  it('says the message of the field an error concerns, in Arabic and English', () => {
    const e = ApiError.from(400, 'Bad Request', {
      code: 'bad_request',
      message: 'a decision needs a reason',
      field: 'reason',
    });
    expect(errorField(e)).toBe('reason');
    expect(errorText(e, ar)).toBe('اكتب المبرر (٤٠٠٠ حرف على الأكثر)');
    expect(errorText(e, en)).toBe('Give a reason (at most 4,000 characters)');
  });

  it('says the code in Arabic, and the server’s own words to an English reader', () => {
    const e = ApiError.from(404, 'Not Found', { code: 'not_found', message: 'no alert al_x' });
    expect(errorText(e, ar)).toBe('غير موجود');
    expect(errorText(e, en)).toBe('no alert al_x');
    // An internal error's text is the server's placeholder: the reader gets ours.
    const internal = ApiError.from(500, 'Internal', {
      code: 'internal',
      message: 'internal error',
    });
    expect(errorText(internal, en)).toBe('The server failed; the error was logged');
  });

  it('keeps older answers working: no code, no JSON, an unreachable server', () => {
    expect(ApiError.from(502, 'Bad Gateway', '<html>').code).toBe('internal');
    expect(errorText(ApiError.from(400, 'Bad Request', undefined), ar)).toBe('الطلب غير صالح');
    expect(errorText(new TypeError('Failed to fetch'), ar)).toBe('تعذّر الوصول إلى الخادم');
    expect(errorText(new Error('x'), ar)).toBe('حدث خطأ');
  });
});

describe('the field an API error concerns', () => {
  it('comes from the validation issue path (zod through fastify, or Ajv)', () => {
    expect(validationField([{ instancePath: '/queries/q1/properties/name/0' }])).toBe(
      'queries.q1.properties.name.0',
    );
    expect(validationField([{ instancePath: '', params: { missingProperty: 'reason' } }])).toBe(
      'reason',
    );
    expect(validationField([{ instancePath: '' }])).toBeUndefined();
    expect(validationField(undefined)).toBeUndefined();
    const e = toHttpError({ validation: [{ instancePath: '/url' }], message: 'bad url' });
    expect(e.toJSON()).toEqual({ code: 'bad_request', message: 'bad url', field: 'url' });
  });

  it('is carried from a SanadError that knows it, and left out when unknown', () => {
    const known = toHttpError(new SanadError('invalid_input', 'no reason', { field: 'reason' }));
    expect(known.toJSON()).toEqual({ code: 'bad_request', message: 'no reason', field: 'reason' });
    expect(new HttpError('not_found', 'gone').toJSON()).toEqual({
      code: 'not_found',
      message: 'gone',
    });
  });
});
