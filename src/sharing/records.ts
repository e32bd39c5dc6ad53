/**
 * Partner records in the store. Every change (create, amend, re-scope, withdraw, restore) is
 * one transaction that writes the record, a history row, the audit record and the next
 * node-wide change number; the partner index and the feeds read deltas by that number.
 * Reads filter by scope in SQL, so a record out of scope is never loaded for the caller.
 */
import { randomBytes } from 'node:crypto';
import type { ExpressionBuilder, Insertable, Kysely, Selectable } from 'kysely';
import { visibleTo, type Entity, type Properties, type Schema } from '../core/entity.js';
import { SanadError } from '../core/errors.js';
import { appendAudit, NODE_PARTNER, type AuditEvent } from '../store/audit.js';
import type { Database, PartnerRecordHistoryTable, PartnerRecordTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { checkBasis, checkContent, type CheckedRecord, type RecordInput } from './record-input.js';
import { parseScope, scopeText, type Scope } from './scope.js';
import { ownedBy } from '../store/for-partner.js';
import { announceChange } from '../store/store-changes.js';

/** The list id partner records screen under (`/match/partners`). */
export const PARTNER_LIST_ID = 'partners';

export interface PartnerRecord {
  id: string;
  owner: string;
  ref: string;
  schema: Schema;
  properties: Properties;
  basis: string;
  scope: Scope;
  version: number;
  createdAt: string;
  updatedAt: string;
  withdrawnAt: string | null;
  via: string | null;
  changeSeq: number;
}

export type RecordAction = PartnerRecordHistoryTable['action'];

export interface RecordChange {
  record: PartnerRecord;
  action: RecordAction | 'unchanged';
}

type Row = Selectable<PartnerRecordTable>;

/**
 * Makes values that repeat across records (owners, bases, scopes, dates, the sharing block)
 * one shared object each: a node holding a million records keeps them once, not a million
 * times. The identity function when nothing is kept. Shared values are never modified.
 */
export type Intern = <T>(key: string, make: () => T) => T;

const noIntern: Intern = (_key, make) => make();

export function fromRow(r: Row): PartnerRecord {
  return internedRecord(r, noIntern);
}

/** fromRow, with the values that repeat across records shared (see Intern). */
export function internedRecord(r: Row, intern: Intern): PartnerRecord {
  const content = JSON.parse(r.data) as { schema: Schema; properties: Properties };
  return {
    id: r.id,
    owner: intern(`o|${r.owner}`, () => r.owner),
    ref: r.external_id,
    schema: content.schema,
    properties: content.properties,
    basis: intern(`b|${r.basis}`, () => r.basis),
    // Scopes repeat (private, coalition, a few partners named): one object per text.
    scope: intern(`c|${r.scope}`, () => JSON.parse(r.scope) as Scope),
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    withdrawnAt: r.withdrawn_at,
    via: r.via,
    changeSeq: Number(r.change_seq),
  };
}

/**
 * The record as an entity for screening, with its sharing provenance. With `intern`, the parts
 * that repeat across records are shared (they are never modified: entities are read-only).
 */
export function recordEntity(r: PartnerRecord, intern: Intern = noIntern): Entity {
  const listVersion = intern(`v|${r.version}`, () => `v${r.version}`);
  const listedOn = intern(`d|${r.createdAt.slice(0, 10)}`, () => r.createdAt.slice(0, 10));
  // JSON keys: an owner, basis or scope holding the separator cannot make two keys alike.
  const scopeKey = JSON.stringify(r.scope);
  const sharing = intern(
    `s|${JSON.stringify([r.owner, r.basis, r.updatedAt, r.via])}|${scopeKey}`,
    () => ({
      partner: intern(`o|${r.owner}`, () => r.owner),
      scope: intern(`c|${scopeKey}`, () => r.scope),
      basis: intern(`b|${r.basis}`, () => r.basis),
      sharedAt: intern(`t|${r.updatedAt}`, () => r.updatedAt),
      ...(r.via ? { via: intern(`f|${r.via}`, () => r.via!) } : {}),
    }),
  );
  return {
    id: r.id,
    schema: r.schema,
    caption: r.properties.name?.[0] ?? r.ref,
    properties: r.properties,
    provenance: {
      listId: PARTNER_LIST_ID,
      listVersion,
      ref: r.ref,
      listedOn,
      sharing,
    },
  };
}

export function recordVisibleTo(r: PartnerRecord, partner: string): boolean {
  if (r.owner === partner) return true;
  if (r.withdrawnAt) return false;
  return visibleTo(recordEntity(r), partner);
}

/** SQL: the records `partner` may see (its own, withdrawn ones included, and those shared with it). */
export function visibleWhere(partner: string) {
  return (eb: ExpressionBuilder<Database, 'partner_record'>) =>
    eb.or([eb('partner_record.owner', '=', partner), sharedWithWhere(partner)(eb)]);
}

/** SQL: the records shared with `partner` now: not withdrawn, coalition-wide or naming it. */
export function sharedWithWhere(partner: string) {
  return (eb: ExpressionBuilder<Database, 'partner_record'>) =>
    eb.and([
      eb('partner_record.withdrawn_at', 'is', null),
      eb.or([
        eb('partner_record.scope_kind', '=', 'coalition'),
        eb.exists(
          eb
            .selectFrom('partner_record_reader')
            .select('partner_record_reader.record_id')
            .whereRef('partner_record_reader.record_id', '=', 'partner_record.id')
            .$call(ownedBy(partner, 'partner_record_reader')),
        ),
      ]),
    ]);
}

function newRecordId(): string {
  return `rec-${randomBytes(10).toString('hex')}`;
}

async function nextChangeSeq(trx: Kysely<Database>): Promise<number> {
  const row = await trx
    .selectFrom('partner_record')
    .select((eb) => eb.fn.max('change_seq').as('seq'))
    .executeTakeFirst();
  return Number(row?.seq ?? 0) + 1;
}

/** Partners named by a scope must exist on this node. */
async function checkScopePartners(trx: Kysely<Database>, scope: Scope): Promise<void> {
  if (scope.kind !== 'partners') return;
  const found = await trx
    .selectFrom('partner')
    .select('id')
    .where('id', 'in', scope.partners)
    .execute();
  const known = new Set(found.map((r) => r.id));
  const unknown = scope.partners.filter((p) => !known.has(p));
  if (unknown.length > 0)
    throw new SanadError(
      'invalid_input',
      `scope: no partner ${unknown.map((p) => `"${p}"`).join(', ')} on this node`,
    );
}

interface Version {
  record: PartnerRecord;
  action: RecordAction;
  isNew: boolean;
  extra?: Record<string, unknown>;
}

const CHUNK = 200;

async function insertChunked<T extends keyof Database & string>(
  trx: Kysely<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK) as never)
      .execute();
}

/**
 * Writes records' new states, their history rows, their readers and their audit records, in
 * multi-row statements (a feed brings a thousand records a batch).
 */
async function writeVersions(
  trx: Kysely<Database>,
  versions: Version[],
  actor: string,
  audit: AuditEvent[],
): Promise<void> {
  const rowOf = (r: PartnerRecord) => ({
    owner: r.owner,
    external_id: r.ref,
    data: JSON.stringify({ schema: r.schema, properties: r.properties }),
    scope: JSON.stringify(r.scope),
    scope_kind: r.scope.kind,
    basis: r.basis,
    version: r.version,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    withdrawn_at: r.withdrawnAt,
    via: r.via,
    change_seq: r.changeSeq,
  });
  if (versions.length > 0) await announceChange(trx, 'records');
  const fresh = versions.filter((v) => v.isNew);
  await insertChunked(
    trx,
    'partner_record',
    fresh.map((v) => ({ id: v.record.id, ...rowOf(v.record) })),
  );
  const updated = versions.filter((v) => !v.isNew);
  for (const v of updated)
    await trx
      .updateTable('partner_record')
      .set(rowOf(v.record))
      .where('id', '=', v.record.id)
      .execute();
  const ids = updated.map((v) => v.record.id);
  for (let i = 0; i < ids.length; i += CHUNK)
    await trx
      .deleteFrom('partner_record_reader')
      .where('record_id', 'in', ids.slice(i, i + CHUNK))
      .execute();
  await insertChunked(
    trx,
    'partner_record_reader',
    versions.flatMap(({ record: r }) =>
      r.scope.kind === 'partners'
        ? r.scope.partners.map((p) => ({ record_id: r.id, partner_id: p }))
        : [],
    ),
  );
  await insertChunked(
    trx,
    'partner_record_history',
    versions.map(({ record: r, action }) => {
      const row = rowOf(r);
      return {
        record_id: r.id,
        version: r.version,
        action,
        data: row.data,
        scope: row.scope,
        basis: r.basis,
        at: r.updatedAt,
        actor,
      };
    }),
  );
  for (const { record: r, action, extra } of versions)
    audit.push({
      actor,
      action: `record.${action}`,
      objectType: 'partner_record',
      objectId: r.id,
      partner: r.via ? NODE_PARTNER : r.owner,
      data: { ref: r.ref, version: r.version, scope: scopeText(r.scope), ...(extra ?? {}) },
    });
}

function sameContent(a: PartnerRecord, b: CheckedRecord): boolean {
  return (
    a.schema === b.schema &&
    JSON.stringify(a.properties) === JSON.stringify(b.properties) &&
    a.basis === b.basis &&
    JSON.stringify(a.scope) === JSON.stringify(b.scope)
  );
}

/**
 * Creates or updates records by the owner's references, all in one transaction: a new
 * reference is created, a changed one amended, a withdrawn one restored, an unchanged one left.
 */
export async function putRecords(
  store: Store,
  owner: string,
  records: CheckedRecord[],
  actor: string,
): Promise<RecordChange[]> {
  if (records.length === 0) return [];
  return store.write(async (trx) => {
    for (const scope of uniqueScopes(records)) await checkScopePartners(trx, scope);
    const audit: AuditEvent[] = [];
    const out = await putRecordsIn(trx, owner, records, actor, audit);
    await appendAudit(trx, audit);
    return out;
  });
}

/** putRecords inside a caller's transaction (a feed batch); `via` marks received records. */
export async function putRecordsIn(
  trx: Kysely<Database>,
  owner: string,
  records: (CheckedRecord & { sharedAt?: string; createdAt?: string })[],
  actor: string,
  audit: AuditEvent[],
  via?: string,
): Promise<RecordChange[]> {
  let seq = await nextChangeSeq(trx);
  const out: RecordChange[] = [];
  const now = new Date().toISOString();
  const existing = new Map<string, PartnerRecord>();
  const refs = records.map((r) => r.ref);
  for (let i = 0; i < refs.length; i += 500) {
    const rows = await trx
      .selectFrom('partner_record')
      .selectAll()
      .where('owner', '=', owner)
      .where('external_id', 'in', refs.slice(i, i + 500))
      .execute();
    for (const row of rows) existing.set(row.external_id, fromRow(row));
  }
  const versions: Version[] = [];
  const seen = new Set<string>();
  for (const c of records) {
    if (seen.has(c.ref))
      throw new SanadError('invalid_input', `ref "${c.ref}" appears twice in one batch`);
    seen.add(c.ref);
    const old = existing.get(c.ref);
    if (old && !old.withdrawnAt && sameContent(old, c)) {
      out.push({ record: old, action: 'unchanged' });
      continue;
    }
    const action: RecordAction = !old ? 'create' : old.withdrawnAt ? 'restore' : 'amend';
    const record: PartnerRecord = {
      id: old?.id ?? newRecordId(),
      owner,
      ref: c.ref,
      schema: c.schema,
      properties: c.properties,
      basis: c.basis,
      scope: c.scope,
      version: (old?.version ?? 0) + 1,
      createdAt: old?.createdAt ?? c.createdAt ?? now,
      updatedAt: c.sharedAt ?? now,
      withdrawnAt: null,
      via: via ?? null,
      changeSeq: seq++,
    };
    versions.push({ record, action, isNew: !old });
    out.push({ record, action });
  }
  await writeVersions(trx, versions, actor, audit);
  return out;
}

/**
 * Withdraws an owner's records by reference inside a caller's transaction (a feed's
 * withdrawals); references unknown or already withdrawn are left as they are.
 */
export async function withdrawRecordsIn(
  trx: Kysely<Database>,
  owner: string,
  withdrawals: { ref: string; at: string; reason: string }[],
  actor: string,
  audit: AuditEvent[],
): Promise<PartnerRecord[]> {
  let seq = await nextChangeSeq(trx);
  const versions: Version[] = [];
  for (let i = 0; i < withdrawals.length; i += 500) {
    const chunk = withdrawals.slice(i, i + 500);
    const rows = await trx
      .selectFrom('partner_record')
      .selectAll()
      .where('owner', '=', owner)
      .where(
        'external_id',
        'in',
        chunk.map((w) => w.ref),
      )
      .where('withdrawn_at', 'is', null)
      .execute();
    const byRef = new Map(rows.map((r) => [r.external_id, fromRow(r)]));
    for (const w of chunk) {
      const r = byRef.get(w.ref);
      if (!r) continue;
      byRef.delete(w.ref);
      versions.push({
        record: {
          ...r,
          version: r.version + 1,
          updatedAt: w.at,
          withdrawnAt: w.at,
          changeSeq: seq++,
        },
        action: 'withdraw',
        isNew: false,
        extra: { reason: w.reason },
      });
    }
  }
  await writeVersions(trx, versions, actor, audit);
  return versions.map((v) => v.record);
}

function uniqueScopes(records: CheckedRecord[]): Scope[] {
  const seen = new Map<string, Scope>();
  for (const r of records) seen.set(JSON.stringify(r.scope), r.scope);
  return [...seen.values()];
}

/**
 * The record for a change by `partner`: a record it cannot see is "not found", exactly as one
 * that does not exist; one it sees but does not own cannot be changed.
 */
async function ownedRecord(
  trx: Kysely<Database>,
  partner: string,
  id: string,
): Promise<PartnerRecord> {
  const row = await trx
    .selectFrom('partner_record')
    .selectAll()
    .where('id', '=', id)
    .where(visibleWhere(partner))
    .executeTakeFirst();
  if (!row) throw new SanadError('not_found', `no record ${id}`);
  const r = fromRow(row);
  if (r.owner !== partner)
    throw new SanadError('forbidden', `only the partner that shared record ${id} can change it`);
  return r;
}

export interface RecordPatch {
  schema?: unknown;
  properties?: unknown;
  basis?: unknown;
}

async function change(
  store: Store,
  partner: string,
  id: string,
  actor: string,
  fn: (r: PartnerRecord) => { next: PartnerRecord; action: RecordAction; extra?: object } | null,
): Promise<RecordChange> {
  return store.write(async (trx) => {
    const r = await ownedRecord(trx, partner, id);
    const result = fn(r);
    if (!result) return { record: r, action: 'unchanged' };
    const next = {
      ...result.next,
      version: r.version + 1,
      updatedAt: new Date().toISOString(),
      changeSeq: await nextChangeSeq(trx),
    };
    if (next.scope.kind === 'partners') await checkScopePartners(trx, next.scope);
    const audit: AuditEvent[] = [];
    await writeVersions(
      trx,
      [{ record: next, action: result.action, isNew: false, extra: { ...(result.extra ?? {}) } }],
      actor,
      audit,
    );
    await appendAudit(trx, audit);
    return { record: next, action: result.action };
  });
}

/** Amends content or basis (the reference and the scope stay; see rescopeRecord). */
export async function amendRecord(
  store: Store,
  partner: string,
  id: string,
  patch: RecordPatch,
  actor: string,
): Promise<RecordChange> {
  return change(store, partner, id, actor, (r) => {
    if (r.withdrawnAt)
      throw new SanadError('conflict', `record ${id} is withdrawn; share it again to restore it`);
    const content = checkContent({
      ref: r.ref,
      schema: patch.schema ?? r.schema,
      properties: patch.properties ?? r.properties,
    });
    const basis = patch.basis === undefined ? r.basis : checkBasis(patch.basis);
    const next = { ...r, schema: content.schema, properties: content.properties, basis };
    if (sameContent(r, { ...next, ref: r.ref })) return null;
    const changed = [
      ...(r.schema !== next.schema ? ['schema'] : []),
      ...Object.keys({ ...r.properties, ...next.properties }).filter(
        (k) =>
          JSON.stringify(r.properties[k as keyof Properties]) !==
          JSON.stringify(next.properties[k as keyof Properties]),
      ),
      ...(r.basis !== basis ? ['basis'] : []),
    ];
    return { next, action: 'amend', extra: { changed } };
  });
}

export async function rescopeRecord(
  store: Store,
  partner: string,
  id: string,
  scope: unknown,
  actor: string,
): Promise<RecordChange> {
  const parsed = parseScope(scope, partner);
  return change(store, partner, id, actor, (r) => {
    if (r.withdrawnAt)
      throw new SanadError('conflict', `record ${id} is withdrawn; share it again to restore it`);
    if (JSON.stringify(r.scope) === JSON.stringify(parsed)) return null;
    return {
      next: { ...r, scope: parsed },
      action: 'rescope',
      extra: { from: scopeText(r.scope) },
    };
  });
}

export async function withdrawRecord(
  store: Store,
  partner: string,
  id: string,
  reason: string,
  actor: string,
): Promise<RecordChange> {
  const why = reason.trim();
  if (why === '' || why.length > 2000)
    throw new SanadError(
      'invalid_input',
      'reason: a withdrawal needs a reason (1–2,000 characters)',
    );
  return change(store, partner, id, actor, (r) => {
    if (r.withdrawnAt) return null;
    return {
      next: { ...r, withdrawnAt: new Date().toISOString() },
      action: 'withdraw',
      extra: { reason: why },
    };
  });
}

/** A record as `partner` may see it, or undefined (absent and out of scope alike). */
export async function getVisibleRecord(
  store: Store,
  partner: string,
  id: string,
): Promise<PartnerRecord | undefined> {
  const row = await store.db
    .selectFrom('partner_record')
    .selectAll()
    .where('id', '=', id)
    .where(visibleWhere(partner))
    .executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

export interface RecordFilter {
  /** Only the caller's own records. */
  mine?: boolean;
  /** The caller's withdrawn records too (others' withdrawn records are never shown). */
  withdrawn?: boolean;
  /** By the owner's reference. */
  ref?: string;
  limit?: number;
  offset?: number;
}

/** The records `partner` may see, newest change first, with their total. */
export async function listVisibleRecords(
  store: Store,
  partner: string,
  f: RecordFilter = {},
): Promise<{ records: PartnerRecord[]; total: number }> {
  let q = store.db.selectFrom('partner_record').where(visibleWhere(partner));
  if (f.mine) q = q.where('owner', '=', partner);
  if (!f.withdrawn) q = q.where('withdrawn_at', 'is', null);
  if (f.ref !== undefined) q = q.where('external_id', '=', f.ref);
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('change_seq', 'desc')
      .limit(Math.min(f.limit ?? 100, 10_000))
      .offset(f.offset ?? 0)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { records: rows.map(fromRow), total: Number(count?.n ?? 0) };
}

export interface RecordVersion {
  version: number;
  action: RecordAction;
  schema: Schema;
  properties: Properties;
  basis: string;
  scope: Scope;
  at: string;
  actor: string;
}

/** Every version of a record, oldest first: for its owner only. */
export async function recordHistory(
  store: Store,
  partner: string,
  id: string,
): Promise<RecordVersion[]> {
  const r = await getVisibleRecord(store, partner, id);
  if (!r) throw new SanadError('not_found', `no record ${id}`);
  if (r.owner !== partner)
    throw new SanadError('forbidden', `only the partner that shared record ${id} sees its history`);
  const rows = await store.db
    .selectFrom('partner_record_history')
    .selectAll()
    .where('record_id', '=', id)
    .orderBy('version')
    .execute();
  return rows.map((h) => {
    const content = JSON.parse(h.data) as { schema: Schema; properties: Properties };
    return {
      version: Number(h.version),
      action: h.action,
      schema: content.schema,
      properties: content.properties,
      basis: h.basis,
      scope: JSON.parse(h.scope) as Scope,
      at: h.at,
      actor: h.actor,
    };
  });
}

/**
 * Changed records after a change number, in order (the partner index reads these); with
 * `intern`, their repeating values shared.
 */
export async function changesSince(
  db: Kysely<Database>,
  after: number,
  limit: number,
  intern: Intern = noIntern,
): Promise<PartnerRecord[]> {
  const rows = await db
    .selectFrom('partner_record')
    .selectAll()
    .where('change_seq', '>', after)
    .orderBy('change_seq')
    .limit(limit)
    .execute();
  return rows.map((r) => internedRecord(r, intern));
}

export function toInput(r: PartnerRecord): RecordInput {
  return {
    ref: r.ref,
    schema: r.schema,
    properties: r.properties,
    basis: r.basis,
    scope: r.scope,
  };
}
