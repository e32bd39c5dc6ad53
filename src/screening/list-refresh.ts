/**
 * Keeping the official lists fresh: each registered source's file is fetched from its URL (or
 * the operator's) with the validators of the last file taken, and a new file is loaded as a new
 * version only when it parses and is plausible. A refusal keeps the active version serving and
 * is recorded for an admin (refresh-state.ts). `sanad lists refresh` and the schedule of
 * `sanad serve` both come here; monitoring after a new version is the caller's.
 */
import { SanadError } from '../core/errors.js';
import type { SourceList } from '../sources/list-source.js';
import { listSource, LIST_SOURCES } from '../sources/registry.js';
import type { ListRefreshTable } from '../store/schema.js';
import type { Store, VersionSummary } from '../store/store.js';
import { versionName } from '../store/version-name.js';
import { downloadList, isUrl, loadFromSource, MAX_LIST_BYTES, sha256Of } from './list-loader.js';
import {
  recordRefusal,
  refreshRow,
  refreshRows,
  saveRefreshRow,
  type RefreshStatus,
  type RemovalCounts,
} from './refresh-state.js';

export interface RefreshOptions {
  /**
   * Refuse a file that removes more than this share of the active version's entries at once.
   * Default 0.2: real lists remove far less in one go (docs/DESIGN.md, "Fresh lists").
   */
  maxRemoved: number;
  /** Who the versions and audit records name. */
  actor: string;
  /** Queue a webhook message for each refusal (a webhook is configured). */
  webhook: boolean;
  /** Fetch from here, and remember it for the next refreshes (`--url`; `refreshList` only). */
  url?: string;
  /** Stops a refresh early (a server shutting down); nothing is recorded then. */
  signal?: AbortSignal;
}

export const REFRESH_DEFAULTS: Readonly<RefreshOptions> = Object.freeze({
  maxRemoved: 0.2,
  actor: 'system:refresh',
  webhook: false,
});

export interface RefreshOutcome {
  listId: string;
  url: string;
  status: RefreshStatus;
  /** The version now active (loaded, reactivated or unchanged). */
  version?: VersionSummary;
  /** Why it was refused or failed. */
  error?: string;
  /** The plausibility check's counts, when it refused the file. */
  counts?: RemovalCounts;
}

/** True when the outcome changed the active version: monitoring should run. */
export const changedActive = (o: RefreshOutcome) =>
  o.status === 'loaded' || o.status === 'reactivated';

/** True when the outcome is a refusal or failure (the CLI's exit code, the server's log). */
export const refused = (o: RefreshOutcome) => o.status === 'refused' || o.status === 'failed';

/**
 * Refreshes every list given, else every loaded registered list with a URL (or with an
 * operator's URL stored), one after another; one list's refusal does not stop the others.
 */
export async function refreshLists(
  store: Store,
  ids?: readonly string[],
  options: Partial<RefreshOptions> = {},
): Promise<RefreshOutcome[]> {
  const targets = ids ?? (await refreshableLists(store));
  const outcomes: RefreshOutcome[] = [];
  for (const id of targets) {
    if (options.signal?.aborted) break;
    outcomes.push(await refreshList(store, id, { ...options, url: ids ? options.url : undefined }));
  }
  return outcomes;
}

/** Loaded lists of a registered source with a URL, and lists an operator gave a URL. */
export async function refreshableLists(store: Store): Promise<string[]> {
  const rows = await refreshRows(store.db);
  const loaded = new Set((await store.lists()).map((l) => l.id));
  return LIST_SOURCES.filter(
    (s) => (loaded.has(s.id) && s.url !== undefined) || rows.get(s.id)?.url,
  ).map((s) => s.id);
}

/**
 * Refreshes one registered list. Misuse of the arguments (an unknown list, no URL) throws; what
 * the fetch brings is an outcome: loaded, reactivated, not modified, refused or failed.
 */
export async function refreshList(
  store: Store,
  listId: string,
  options: Partial<RefreshOptions> = {},
): Promise<RefreshOutcome> {
  // An option given as undefined (an absent CLI flag) takes its default.
  const given = Object.entries(options).filter(([, v]) => v !== undefined);
  const o: RefreshOptions = { ...REFRESH_DEFAULTS, ...Object.fromEntries(given) };
  if (!(o.maxRemoved >= 0 && o.maxRemoved <= 1))
    throw new Error(`list-refresh: maxRemoved must be from 0 to 1, not ${o.maxRemoved}`);
  const source = listSource(listId);
  if (o.url !== undefined) checkUrl(o.url);
  const stored = await refreshRow(store.db, listId);
  const url = o.url ?? stored?.url ?? source.url;
  if (url === undefined)
    throw new SanadError(
      'invalid_input',
      `${source.title} has no public URL; give one with \`sanad lists refresh ${listId} --url URL\``,
    );
  const active = (await store.lists()).find((l) => l.id === listId)?.active;
  const row: ListRefreshTable = {
    list_id: listId,
    url: o.url ?? stored?.url ?? null,
    fetched_url: stored?.fetched_url ?? null,
    etag: stored?.etag ?? null,
    last_modified: stored?.last_modified ?? null,
    version_id: stored?.version_id ?? null,
    checked_at: new Date().toISOString(),
    status: null,
    error: null,
  };
  // The validators stand for the file that made the active version, fetched from this URL.
  const current = row.fetched_url === url && active !== undefined && row.version_id === active.id;
  const headers: Record<string, string> = {};
  if (current && row.etag) headers['if-none-match'] = row.etag;
  if (current && row.last_modified) headers['if-modified-since'] = row.last_modified;
  // Set when the plausibility check refuses the file: the refusal carries them.
  let counts: RemovalCounts | undefined;
  try {
    const download = await downloadList(url, headers, MAX_LIST_BYTES, o.signal);
    try {
      // A 304 may leave out the validators: the stored ones still hold then.
      const unchanged = download.status === 304;
      const taken = (status: RefreshStatus, version?: VersionSummary): RefreshOutcome => {
        Object.assign(row, {
          status,
          fetched_url: url,
          etag: download.etag ?? (unchanged ? row.etag : null),
          last_modified: download.lastModified ?? (unchanged ? row.last_modified : null),
          version_id: version?.id ?? null,
        });
        return { listId, url, status, version };
      };
      let outcome: RefreshOutcome;
      if (unchanged) outcome = taken('not_modified', active);
      else if (active && (await sha256Of(download.path)) === active.sha256)
        // The same file again (a server without validators): nothing to read or record.
        outcome = taken('not_modified', active);
      else {
        const loaded = await loadFromSource(store, listId, download.path, {
          actor: o.actor,
          source: url,
          name: url,
          check: async (list) => {
            const c = await removalCounts(store, active, list);
            if (!c || c.removed <= o.maxRemoved * c.active) return;
            counts = c;
            throw new SanadError('invalid_list', implausible(url, active!, c, o.maxRemoved));
          },
        });
        outcome = taken(loaded.created ? 'loaded' : 'reactivated', loaded.version);
      }
      await saveRefreshRow(store.db, row);
      return outcome;
    } finally {
      await download.dispose();
    }
  } catch (error) {
    if (o.signal?.aborted) throw error;
    const status = error instanceof SanadError ? 'refused' : 'failed';
    const reason = (error as Error).message;
    Object.assign(row, { status, error: reason });
    await recordRefusal(
      store,
      row,
      { listId, url, status, reason, counts },
      { actor: o.actor, webhook: o.webhook },
    );
    return { listId, url, status, error: reason, counts, version: active };
  }
}

/**
 * An operator's URL: http(s), without credentials (`user:password@`), which would be shown in
 * `GET /lists`, the audit trail and the logs; a mirror that needs them belongs behind a proxy.
 */
function checkUrl(url: string): void {
  if (!isUrl(url))
    throw new SanadError('invalid_input', `--url must be an http(s) URL, not "${url}"`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SanadError('invalid_input', `--url "${url}" is not a URL`);
  }
  if (parsed.username !== '' || parsed.password !== '')
    throw new SanadError(
      'invalid_input',
      '--url carries credentials (user:password@); sanad shows the URL in GET /lists, the audit trail and its logs',
    );
}

/**
 * The check `sanad lists load` and an upload run before storing an official list's file by
 * hand: a file that would remove more than `maxRemoved` of the active version's entries (the
 * wrong list's file, OFAC's consolidated list given as the SDN list) is refused, unless the
 * operator raises the share. Looser than a refresh's, since a person chose the file.
 */
export function removalGuard(
  store: Store,
  listId: string,
  maxRemoved: number,
  what: string,
): (list: SourceList) => Promise<void> {
  return async (list) => {
    const active = (await store.lists()).find((l) => l.id === listId)?.active;
    const c = await removalCounts(store, active, list);
    if (!c || c.removed <= maxRemoved * c.active) return;
    const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
    throw new SanadError(
      'invalid_list',
      `${what} would remove ${c.removed} of the ${c.active} entries of the active version ` +
        `${versionName(active!)} (${pct(c.removed / c.active)}; it has ${c.received} entries), more than ` +
        `the ${pct(maxRemoved)} a load may remove at once: is it the right list's file? The active ` +
        `version keeps serving. If the publisher did remove them, load it with --max-removed 1`,
    );
  };
}

/** How many of the active version's entries the new file no longer has. */
async function removalCounts(
  store: Store,
  active: VersionSummary | undefined,
  list: SourceList,
): Promise<RemovalCounts | undefined> {
  if (!active) return undefined;
  const ids = await store.db
    .selectFrom('entity')
    .select('entity_id')
    .where('version_id', '=', active.id)
    .execute();
  const received = new Set(list.entities.map((e) => e.id));
  const removed = ids.filter((r) => !received.has(r.entity_id)).length;
  return { active: ids.length, received: list.entities.length, removed };
}

function implausible(
  url: string,
  active: VersionSummary,
  c: RemovalCounts,
  maxRemoved: number,
): string {
  const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
  return (
    `${url} would remove ${c.removed} of the ${c.active} entries of the active version ` +
    `${versionName(active)} (${pct(c.removed / c.active)}; it has ${c.received} entries), more than ` +
    `the ${pct(maxRemoved)} a refresh may remove at once; the active version keeps serving. ` +
    `If the publisher did remove them, load the file with \`sanad lists load\` or refresh with a higher --max-removed`
  );
}
