/**
 * What the administration pages share: who is signed in (GET /me), an API error in the
 * reader's language, a polite status line for results, and downloads made with fetch and a
 * Blob so that the API key travels in a header, never in a URL.
 */
import type { ReactNode } from 'react';
import { api, ApiError, storedKey, type Answer } from '../../api.js';
import { useI18n, type I18n } from '../../i18n.js';
import { useLoad } from '../useLoad.js';
import { errorText as fieldErrorText } from '../../errors.js';
import { saveBlob } from '../download.js';

export type Me = Answer<'GET /me'>;

/** The signed-in key: its name, role and partner. */
export function useMe() {
  return useLoad(() => api<Me>('GET', '/me'), []);
}

/** The node's own organisation: its admins administer the whole node. */
export const NODE_PARTNER = 'node';

/** An API failure in words: the common statuses translated, else the server's own text. */
export function errorText(err: unknown, i18n: Pick<I18n, 't' | 'fill'>): string {
  if (!(err instanceof ApiError)) return fieldErrorText(err, i18n.t);
  if (err.status === 403) return i18n.t('admErrForbidden');
  if (err.status === 404) return i18n.t('admErrNotFound');
  if (err.status === 409) return i18n.t('admErrConflict');
  // A refusal that names its field has a message of its own in the reader's language.
  if (err.field !== undefined) return fieldErrorText(err, i18n.t);
  if (err.status === 400) return i18n.fill('admErrInvalid', { detail: err.message });
  return fieldErrorText(err, i18n.t);
}

/**
 * A polite live region that is always in the page, so that a screen reader hears the text
 * put into it after an action (an empty region added with its text would not be read).
 */
export function StatusLine({ text, id }: { text: string; id?: string }) {
  return (
    <p role="status" id={id} className="status-line">
      {text}
    </p>
  );
}

/** Shown instead of a page the signed-in role may not use. */
export function AdminOnly() {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="admin-only">
      <h1 id="admin-only">{t('admOnly')}</h1>
    </section>
  );
}

/** Fetches `path` with the key in its header and saves the answer as `filename`. */
export async function download(path: string, filename: string): Promise<void> {
  const key = storedKey();
  const res = await fetch(path, { headers: key ? { authorization: `ApiKey ${key}` } : {} });
  if (!res.ok) {
    let message = res.statusText;
    try {
      message = ((await res.json()) as { message?: string }).message ?? message;
    } catch {
      // not JSON: the status text says enough
    }
    throw new ApiError(res.status, message);
  }
  saveBlob(await res.blob(), filename);
}

/**
 * A table that scrolls sideways inside its own box when it must (never the page); the box is
 * focusable so that a keyboard can scroll it, and named after the table it holds.
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  const { fill } = useI18n();
  return (
    <div
      className="table-wrap"
      tabIndex={0}
      role="region"
      aria-label={fill('admTable', { name: label })}
    >
      {children}
    </div>
  );
}

/** A version's label is often its publication time (the UN's dateGenerated): shown as a date. */
export function published(label: string, date: (iso: string) => string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(label) ? date(label.slice(0, 10)) : label;
}
