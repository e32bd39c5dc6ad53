/**
 * The case file: everything about one alert (or every alert of one subject) an examiner needs,
 * and the audit records behind it with what it takes to check them offline, with nothing but
 * the file and the node's public key (`sanad audit verify --case`, screening/case-verify.ts).
 *
 * The proof. A record's hash covers its fields and the hash before it in one canonical JSON
 * text (store/audit.ts), so the only witness of a link between two records is the records in
 * between, whole: the file carries them ("links"). A busy partner's chain may hold thousands
 * of records between two of a case's, so the file is cut into segments: records of the case
 * less than MAX_LINKS_PER_GAP records apart share a segment, linked record by record; a
 * segment that ends before the head ends at a waypoint, the chain's hash at that number signed
 * by the node (an audit head, as `sanad audit head` prints, of the chain up to there); the last
 * segment reaches the chain's head when it is near, a signed waypoint otherwise. Each record is
 * thereby shown to lie on the chain whose head (or whose signed prefix) the node vouches for,
 * and the file holds at most MAX_CASE_RECORDS records about the case (more: refused, too large)
 * and MAX_FILE_RECORDS records in all (links beyond that budget give way to waypoints).
 *
 * Links are redacted. A link is another record of the partner's chain (another customer's
 * screening, another alert's decision, a key made): the audit trail is admin-only, so the file
 * carries of a link only `{chain, chainSeq, prevHash, hash, link: true}`. The verifier checks
 * that prevHash → hash run on across the links without recomputing their hashes (it cannot):
 * the node's signatures over the head, the waypoints and the whole file (the seal) vouch for
 * them. Every record about the case is carried whole and its hash recomputed.
 *
 * Views and exports. Only an export (`caseFile`, GET …/case) is recorded (`case.export`) and
 * sealed. A preview (`casePreview`, GET …/case?preview=true, what the web page shows on
 * opening) is neither: reading a case does not grow the trail, and a preview cannot pass for
 * an export (it has no seal and no record of its making, so `audit verify --case` refuses it).
 * Earlier exports are not "about" the case: a file carries the records of the case's own
 * objects and the record of its own making, never earlier `case.export` records (between the
 * case's records they are links like any other), so exporting again does not grow the next
 * file or its record's list of records.
 *
 * The file is made inside the store's write lock (one consistent reading), and its making is
 * itself a record on the trail (`case.export`), which the file includes. The whole file, trail
 * included, is sealed with the node's key, so data the trail does not repeat (the subject's
 * details, the listed entity, the list versions) cannot be edited unnoticed either.
 */
import type { Kysely } from 'kysely';
import { SanadError } from '../core/errors.js';
import {
  appendAudit,
  auditHeads,
  canonicalJson,
  chainRecords,
  objectRecords,
  type ChainHead,
  type StoredAuditRecord,
} from '../store/audit.js';
import { forPartner, ownedBy } from '../store/for-partner.js';
import { personOf } from '../store/persons.js';
import { actorNames } from '../store/actor-names.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { nodeKey, signBytes, type NodeKey } from '../sharing/node-key.js';
import { runName } from './batch-run.js';
import { alertEvidence, type AlertEvidence } from './evidence.js';
import type { Screener } from './screener.js';

export const CASE_FORMAT = 'sanad-case.1';
/** Records between two of a case's that the file carries to link them; more: a waypoint. */
export const MAX_LINKS_PER_GAP = 100;
/** A subject's case file holds at most this many alerts (beyond it: refused, too large). */
export const MAX_CASE_ALERTS = 200;
/** Records about a case (its alerts, runs and subject; earlier exports not counted): beyond, refused. */
export const MAX_CASE_RECORDS = 2000;
/** Records in a file, links included: links beyond this budget give way to signed waypoints. */
export const MAX_FILE_RECORDS = 10_000;
/** The anchor format of store/audit.ts heads (sharing/audit-anchor.ts). */
export const ANCHOR_PREFIX = 'sanad-audit-head.1.';

export type CaseKind = 'alert' | 'subject';

/** A record as the file carries it: the fields its hash covers, `data` as hashed (JSON text). */
export interface CaseRecord {
  chain: string;
  chainSeq: number;
  format: number;
  at: string;
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  data: string;
  partner: string;
  prevHash: string;
  hash: string;
  link: false;
}

/**
 * A record carried only to link the case's records (not about the case), redacted: its place
 * and hashes, nothing of what it says (the audit trail itself is for admins).
 */
export interface CaseLink {
  chain: string;
  chainSeq: number;
  prevHash: string;
  hash: string;
  link: true;
}

export interface CaseDecision {
  id: string;
  action: string;
  reason: string;
  decidedBy: string;
  decidedByName: string;
  decidedAt: string;
  status: string;
  approvedBy: string | null;
  approvedByName: string | null;
  approvedAt: string | null;
}

export interface CaseComment {
  id: string;
  author: string;
  authorName: string;
  at: string;
  text: string;
}

export interface CaseListVersion {
  id: number;
  list: string;
  version: number;
  label: string;
  sha256: string;
  source: string;
  loadedAt: string;
}

export interface CaseRun {
  id: string;
  source: string;
  sha256: string;
  createdAt: string;
  createdBy: string;
  status: string;
  threshold: number;
  monitor: boolean;
  finishedAt: string | null;
  modelVersion: string | null;
  /** List id → list version id, as the run recorded them. */
  listVersions: Record<string, number>;
}

export interface CaseAlert {
  id: string;
  state: string;
  score: number;
  explanation: string;
  entity: { id: string; list: string; ref: string; caption: string; cluster: string | null };
  run: string | null;
  previousAlert: string | null;
  assignee: string | null;
  createdAt: string;
  updatedAt: string;
  modelVersion: string | null;
  /** The threshold the alert was raised over: its run's, or the subject's monitoring one. */
  threshold: number | null;
  /** The list versions it was raised against (its run's; else the version then loaded). */
  listVersions: number[];
  /** The evidence side by side, as the alert page shows it (screening/evidence.ts). */
  evidence: AlertEvidence;
  decisions: CaseDecision[];
  comments: CaseComment[];
}

export interface CaseSubject {
  id: string;
  name: string;
  schema: string | null;
  birthDate: string | null;
  nationality: string | null;
  monitored: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CaseTrail {
  chain: string;
  /** The chain's head when the file was made, signed (`sanad-audit-head.1.…`). */
  head: string;
  headSeq: number;
  headHash: string;
  /** Signed heads of the chain up to where a segment ends short of the head. */
  waypoints: string[];
  records: (CaseRecord | CaseLink)[];
}

export interface CaseFile {
  format: typeof CASE_FORMAT;
  kind: CaseKind;
  id: string;
  made: { at: string; by: string; byName: string; node: string; partner: string };
  subject: CaseSubject;
  /** The query screened: the subject's data that the match used. */
  query: {
    name: string;
    schema: string | null;
    birthDate: string | null;
    nationality: string | null;
  };
  alerts: CaseAlert[];
  runs: CaseRun[];
  listVersions: CaseListVersion[];
  trail: CaseTrail;
  /** The node's signature (base64) over the canonical JSON of the file without `seal`. */
  seal: string;
}

/** What the case page shows on opening: the file as it would be, neither recorded nor sealed. */
export type CasePreview = Omit<CaseFile, 'seal'> & { preview: true };

/**
 * The name an actor stands for when the actor itself says it (a key's or the command line's
 * person), else the actor: what an offline check can recompute.
 */
export function actorName(actor: string): string {
  const person = personOf(actor);
  return person.startsWith('person:') ? person.slice('person:'.length) : actor;
}

/**
 * The case file of one of `partner`'s alerts or subjects, recorded on the trail (`case.export`)
 * and sealed; another partner's is not found.
 */
export async function caseFile(
  store: Store,
  screener: Screener,
  partner: string,
  kind: CaseKind,
  id: string,
  actor: string,
): Promise<CaseFile> {
  // The key first: making it appends a record (never inside the lock taken below).
  const key = await nodeKey(store);
  const body = await makeCase(store, screener, key, partner, kind, id, actor, true);
  return { ...body, seal: signBytes(key, Buffer.from(canonicalJson(body))) };
}

/** The same file, to read: not recorded, not sealed (see the top of the file). */
export async function casePreview(
  store: Store,
  screener: Screener,
  partner: string,
  kind: CaseKind,
  id: string,
  actor: string,
): Promise<CasePreview> {
  const key = await nodeKey(store);
  const body = await makeCase(store, screener, key, partner, kind, id, actor, false);
  return { ...body, preview: true };
}

async function makeCase(
  store: Store,
  screener: Screener,
  key: NodeKey,
  partner: string,
  kind: CaseKind,
  id: string,
  actor: string,
  record: boolean,
): Promise<Omit<CaseFile, 'seal'>> {
  // Too large is refused before any evidence is computed (each costs several scorings).
  const early = await caseObjects(store.db, partner, kind, id);
  await aboutRecords(store.db, partner, kind, id, early.objects);
  // The evidence reads the store on its own (outside the lock): it is what the file shows, and
  // the seal covers it; what the records must match (decisions, comments) is read in the lock.
  const evidence = new Map<string, AlertEvidence>();
  for (const a of early.alertRows)
    evidence.set(a.public_id, await alertEvidence(store, screener, partner, a.public_id));
  const body = await store.write(async (trx) => {
    const { subjectRow, alertRows, runRows, objects } = await caseObjects(trx, partner, kind, id);
    const subject: CaseSubject = {
      id: subjectRow.external_id,
      name: subjectRow.name,
      schema: subjectRow.schema,
      birthDate: subjectRow.birth_date,
      nationality: subjectRow.nationality,
      monitored: Boolean(subjectRow.monitor),
      createdAt: subjectRow.created_at,
      updatedAt: subjectRow.updated_at,
    };
    const runs: CaseRun[] = runRows.map((r) => ({
      id: runName(r.id),
      source: r.source,
      sha256: r.source_sha256,
      createdAt: r.created_at,
      createdBy: r.created_by,
      status: r.status,
      threshold: Number(r.threshold),
      monitor: Boolean(r.monitor),
      finishedAt: r.finished_at,
      modelVersion: r.model_version,
      listVersions: JSON.parse(r.list_versions) as Record<string, number>,
    }));
    const runByKey = new Map(runRows.map((r, i) => [r.id, runs[i]]));
    const records = await aboutRecords(trx, partner, kind, id, objects);
    const at = new Date().toISOString();
    if (record) {
      // The record of this file's making names the records it carries, so that leaving one
      // out of the file breaks the trail's own account of it (not only the seal).
      await appendAudit(trx, [
        {
          actor,
          partner,
          action: 'case.export',
          objectType: kind,
          objectId: kind === 'alert' ? id : subjectRow.external_id,
          data: {
            alerts: alertRows.map((a) => a.public_id),
            records: records.map((r) => Number(r.chain_seq)),
          },
        },
      ]);
      const made = await headOf(trx, partner);
      const [own] = await chainRecords(trx, made.chain, made.seq, made.seq);
      if (own?.action !== 'case.export') throw new Error('case file: its record is not the head');
      records.push(own);
    }
    const alerts: CaseAlert[] = [];
    for (const a of alertRows) {
      const run = a.run_id === null ? undefined : runByKey.get(a.run_id);
      const versions = run
        ? Object.values(run.listVersions)
        : await versionThen(trx, a.list_id, a.created_at);
      const shown = evidence.get(a.public_id);
      if (shown === undefined)
        throw new SanadError(
          'conflict',
          `alert ${a.public_id} opened while the case file was being made: try again`,
        );
      alerts.push({
        id: a.public_id,
        state: a.state,
        score: Number(a.score),
        explanation: a.explanation,
        entity: {
          id: a.entity_id,
          list: a.list_id,
          ref: a.ref,
          caption: a.caption,
          cluster: a.cluster_id,
        },
        run: a.run_id === null ? null : runName(a.run_id),
        previousAlert: await previousId(trx, a.previous_alert_id),
        assignee: a.assignee,
        createdAt: a.created_at,
        updatedAt: a.updated_at,
        modelVersion: a.model_version,
        threshold: run ? run.threshold : subjectRow.threshold,
        listVersions: versions,
        evidence: shown,
        ...(await decisionsAndComments(trx, Number(a.id))),
      });
    }
    const versionIds = [...new Set(alerts.flatMap((a) => a.listVersions))].sort((x, y) => x - y);
    const listVersions: CaseListVersion[] = (
      versionIds.length === 0
        ? []
        : await trx.selectFrom('list_version').selectAll().where('id', 'in', versionIds).execute()
    )
      .map((v) => ({
        id: Number(v.id),
        list: v.list_id,
        version: Number(v.seq),
        label: v.label,
        sha256: v.sha256,
        source: v.source,
        loadedAt: v.loaded_at,
      }))
      .sort((x, y) => x.id - y.id);
    const head = await headOf(trx, partner);
    const trail = await trailOf(trx, key, head, records, at);
    const body: Omit<CaseFile, 'seal'> = {
      format: CASE_FORMAT,
      kind,
      id: kind === 'alert' ? id : subjectRow.external_id,
      made: { at, by: actor, byName: actorName(actor), node: key.publicKey, partner },
      subject,
      query: {
        name: subject.name,
        schema: subject.schema,
        birthDate: subject.birthDate,
        nationality: subject.nationality,
      },
      alerts,
      runs,
      listVersions,
      trail,
    };
    return body;
  });
  await nameActors(store, body);
  return body;
}

/** The subject, its alerts (at most MAX_CASE_ALERTS: more, too large) and their runs. */
async function caseObjects(db: Kysely<Database>, partner: string, kind: CaseKind, id: string) {
  const subjectRow = await subjectOf(db, partner, kind, id);
  const alertRows = await db
    .selectFrom('alert')
    .selectAll()
    .where('subject_id', '=', Number(subjectRow.id))
    .$if(kind === 'alert', (q) => q.where('public_id', '=', id))
    .$call(ownedBy(partner))
    .orderBy('id')
    .limit(MAX_CASE_ALERTS + 1)
    .execute();
  if (alertRows.length > MAX_CASE_ALERTS)
    throw new SanadError(
      'too_large',
      `subject ${subjectRow.external_id} has more than ${MAX_CASE_ALERTS} alerts: make a case file per alert`,
    );
  const runKeys = [...new Set(alertRows.flatMap((a) => (a.run_id === null ? [] : [a.run_id])))];
  const runRows =
    runKeys.length === 0
      ? []
      : await forPartner(db, 'run', partner).selectAll().where('id', 'in', runKeys).execute();
  const objects = [
    { type: 'alert', ids: alertRows.map((a) => a.public_id) },
    { type: 'run', ids: runRows.map((r) => runName(r.id)) },
    { type: 'subject', ids: [subjectRow.external_id] },
  ];
  return { subjectRow, alertRows, runRows, objects };
}

/**
 * The records about the case up to the chain's head, earlier exports left out (see the top of
 * the file); more than MAX_CASE_RECORDS: too large.
 */
async function aboutRecords(
  db: Kysely<Database>,
  partner: string,
  kind: CaseKind,
  id: string,
  objects: { type: string; ids: string[] }[],
): Promise<StoredAuditRecord[]> {
  const head = await headOf(db, partner);
  const records = await objectRecords(db, partner, objects, head.seq, {
    exceptAction: 'case.export',
    limit: MAX_CASE_RECORDS + 1,
  });
  if (records.length > MAX_CASE_RECORDS)
    throw new SanadError(
      'too_large',
      `the case of ${kind} ${id} has more than ${MAX_CASE_RECORDS} records on the audit trail: too large for one file${kind === 'subject' ? ': make a case file per alert' : ''}`,
    );
  return records;
}

/** The head of the partner's chain (a partner with a case has records on it). */
async function headOf(db: Kysely<Database>, partner: string): Promise<ChainHead> {
  const [head] = await auditHeads(db, partner);
  if (!head) throw new SanadError('not_found', `no audit records of partner ${partner}`);
  return head;
}

/**
 * The names beside the actors: a key's person, the command line's person, or (a key that names
 * no person) the key's name, read from the store after the lock (store/actor-names.ts).
 */
async function nameActors(store: Store, body: Omit<CaseFile, 'seal'>): Promise<void> {
  const actors = [body.made.by];
  for (const a of body.alerts) {
    for (const d of a.decisions) actors.push(d.decidedBy, ...(d.approvedBy ? [d.approvedBy] : []));
    for (const c of a.comments) actors.push(c.author);
  }
  const names = await actorNames(store, actors);
  const nameOf = (actor: string) => names.get(actor)?.name ?? actorName(actor);
  body.made.byName = nameOf(body.made.by);
  for (const a of body.alerts) {
    for (const d of a.decisions) {
      d.decidedByName = nameOf(d.decidedBy);
      d.approvedByName = d.approvedBy === null ? null : nameOf(d.approvedBy);
    }
    for (const c of a.comments) c.authorName = nameOf(c.author);
  }
}

async function subjectOf(trx: Kysely<Database>, partner: string, kind: CaseKind, id: string) {
  let subjectId: number | undefined;
  if (kind === 'alert') {
    const alert = await forPartner(trx, 'alert', partner)
      .select('subject_id')
      .where('public_id', '=', id)
      .executeTakeFirst();
    subjectId = alert === undefined ? -1 : Number(alert.subject_id);
  }
  const row = await forPartner(trx, 'subject', partner)
    .selectAll()
    .$if(subjectId === undefined, (q) => q.where('external_id', '=', id))
    .$if(subjectId !== undefined, (q) => q.where('id', '=', subjectId!))
    .executeTakeFirst();
  if (!row) throw new SanadError('not_found', `no ${kind} ${id}`);
  return row;
}

/** The version of a list loaded most recently before a time (a monitoring alert's). */
async function versionThen(trx: Kysely<Database>, list: string, at: string): Promise<number[]> {
  const v = await trx
    .selectFrom('list_version')
    .select('id')
    .where('list_id', '=', list)
    .where('loaded_at', '<=', at)
    .orderBy('loaded_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return v ? [Number(v.id)] : [];
}

async function previousId(trx: Kysely<Database>, rowId: number | null): Promise<string | null> {
  if (rowId === null) return null;
  const p = await trx
    .selectFrom('alert')
    .select('public_id')
    .where('id', '=', Number(rowId))
    .executeTakeFirst();
  return p?.public_id ?? null;
}

async function decisionsAndComments(trx: Kysely<Database>, alertRow: number) {
  const [decisions, comments] = await Promise.all([
    trx.selectFrom('decision').selectAll().where('alert_id', '=', alertRow).orderBy('id').execute(),
    trx.selectFrom('comment').selectAll().where('alert_id', '=', alertRow).orderBy('id').execute(),
  ]);
  return {
    decisions: decisions.map((d): CaseDecision => ({
      id: d.public_id,
      action: d.action,
      reason: d.reason,
      decidedBy: d.decided_by,
      decidedByName: actorName(d.decided_by),
      decidedAt: d.decided_at,
      status: d.status,
      approvedBy: d.approved_by,
      approvedByName: d.approved_by === null ? null : actorName(d.approved_by),
      approvedAt: d.approved_at,
    })),
    comments: comments.map((c): CaseComment => ({
      id: c.public_id,
      author: c.author,
      authorName: actorName(c.author),
      at: c.at,
      text: c.text,
    })),
  };
}

/**
 * The case's records and their links, cut into segments each ending at the head or at a
 * signed waypoint (see the top of the file).
 */
async function trailOf(
  trx: Kysely<Database>,
  key: NodeKey,
  head: ChainHead,
  about: StoredAuditRecord[],
  at: string,
): Promise<CaseTrail> {
  const records: (CaseRecord | CaseLink)[] = [];
  const waypoints: string[] = [];
  // Links within the file's budget; a gap that would exceed it ends at a waypoint instead.
  let budget = MAX_FILE_RECORDS - about.length;
  for (let i = 0; i < about.length; i++) {
    const r = about[i]!;
    records.push(toCaseRecord(r));
    const seq = Number(r.chain_seq);
    const next = i + 1 < about.length ? Number(about[i + 1]!.chain_seq) : head.seq + 1;
    const gap = next - seq - 1;
    if (gap <= MAX_LINKS_PER_GAP && gap <= budget) {
      budget -= gap;
      for (const link of await chainRecords(trx, head.chain, seq + 1, next - 1))
        records.push(toLink(link));
    } else {
      waypoints.push(signedHead(key, { chain: head.chain, seq, hash: r.hash }, at));
    }
  }
  return {
    chain: head.chain,
    head: signedHead(key, head, at),
    headSeq: head.seq,
    headHash: head.hash,
    waypoints,
    records,
  };
}

function toLink(r: StoredAuditRecord): CaseLink {
  return {
    chain: r.chain,
    chainSeq: Number(r.chain_seq),
    prevHash: r.prev_hash,
    hash: r.hash,
    link: true,
  };
}

function toCaseRecord(r: StoredAuditRecord): CaseRecord {
  return {
    chain: r.chain,
    chainSeq: Number(r.chain_seq),
    format: Number(r.format),
    at: r.at,
    actor: r.actor,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    data: r.data,
    partner: r.partner_id,
    prevHash: r.prev_hash,
    hash: r.hash,
    link: false,
  };
}

/** A head of the chain (its whole length, or a prefix), as `sanad audit head` signs one. */
function signedHead(key: NodeKey, head: ChainHead, at: string): string {
  const anchor = {
    at,
    node: key.publicKey,
    chains: [{ chain: head.chain, seq: head.seq, hash: head.hash }],
  };
  const payload = Buffer.from(canonicalJson(anchor));
  const signature = Buffer.from(signBytes(key, payload), 'base64');
  return `${ANCHOR_PREFIX}${payload.toString('base64url')}.${signature.toString('base64url')}`;
}
