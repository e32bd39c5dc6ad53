/**
 * An error from the API, or from reaching it, as text in the reader's language: the message
 * for the field it concerns when the server named one (`field`), else, for an English reader,
 * the server's own (English, and the most precise), else the text for its stable `code`. A form
 * shows it beside that field (`errorField`).
 */
import { ApiError } from './api.js';
import { STRINGS, type Key } from './i18n.js';

function known(key: string): key is Key {
  return key in STRINGS.en;
}

/** The request field an error concerns ("reason", "queries.q1.name"), when the server said. */
export function errorField(error: unknown): string | undefined {
  return error instanceof ApiError ? error.field : undefined;
}

export function errorText(error: unknown, t: (key: Key) => string): string {
  if (error instanceof ApiError) {
    const leaf = error.field?.split('.').at(-1);
    const byField = `errField_${leaf}`;
    if (leaf && known(byField)) return t(byField);
    const byCode = `err_${error.code}`;
    const english = t('err_internal') === STRINGS.en.err_internal;
    if (english && error.message && error.code !== 'internal') return error.message;
    if (known(byCode)) return t(byCode);
    return error.message;
  }
  // fetch() rejects with a TypeError when the server cannot be reached at all.
  if (error instanceof TypeError) return t('err_network');
  return t('error');
}
