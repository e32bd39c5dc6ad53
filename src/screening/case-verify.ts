/**
 * Checks a case file (screening/case-file.ts) offline, with nothing but the file and the node's
 * public key: its shape; the hash of every record about the case; the links between records
 * (redacted: prevHash → hash run on across them, their hashes not recomputable, which the
 * node's signatures over the head, the waypoints and the file vouch for), each segment ending
 * at the chain's signed head or at a signed waypoint; the signatures; that the decisions,
 * approvals, comments, runs and the file's making shown match what the records say; and the
 * node's seal over the whole file. The first problem is named: the record (its number on the
 * chain and action) or the decision/comment, and the field.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { auditHash, canonicalJson } from '../store/audit.js';
import { publicKeyObject, verifyBytes } from '../sharing/node-key.js';
import { personOf } from '../store/persons.js';
import { ANCHOR_PREFIX, CASE_FORMAT, actorName } from './case-file.js';

const Str = z.string();
const Nullable = z.string().nullable();
const AuditRow = z.object({
  chain: Str,
  chainSeq: z.number().int().min(1),
  format: z.number().int(),
  at: Str,
  actor: Str,
  action: Str,
  objectType: Str,
  objectId: Str,
  data: Str,
  partner: Str,
  prevHash: Str,
  hash: Str,
  link: z.literal(false),
});
/** A link record carries its place and hashes only: anything more is not the node's file. */
const LinkRow = z.strictObject({
  chain: Str,
  chainSeq: z.number().int().min(1),
  prevHash: Str,
  hash: Str,
  link: z.literal(true),
});
const Decision = z.object({
  id: Str,
  action: Str,
  reason: Str,
  decidedBy: Str,
  decidedByName: Str,
  decidedAt: Str,
  status: z.enum(['pending', 'effective', 'rejected']),
  approvedBy: Nullable,
  approvedByName: Nullable,
  approvedAt: Nullable,
});
const Comment = z.object({ id: Str, author: Str, authorName: Str, at: Str, text: Str });
const Alert = z.object({
  id: Str,
  state: Str,
  score: z.number(),
  entity: z.object({ id: Str, list: Str, ref: Str, caption: Str, cluster: Nullable }),
  run: Nullable,
  listVersions: z.array(z.number().int()),
  decisions: z.array(Decision),
  comments: z.array(Comment),
});
const Run = z.object({
  id: Str,
  sha256: Str,
  threshold: z.number(),
  listVersions: z.record(Str, z.number()),
});
const CaseShape = z.object({
  format: z.literal(CASE_FORMAT),
  kind: z.enum(['alert', 'subject']),
  id: Str,
  made: z.object({ at: Str, by: Str, byName: Str, node: Str, partner: Str }),
  subject: z.object({ id: Str, name: Str }),
  alerts: z.array(Alert),
  runs: z.array(Run),
  listVersions: z.array(z.object({ id: z.number().int(), sha256: Str })),
  trail: z.object({
    chain: Str,
    head: Str,
    headSeq: z.number().int().min(1),
    headHash: Str,
    waypoints: z.array(Str),
    records: z.array(z.discriminatedUnion('link', [AuditRow, LinkRow])).min(1),
  }),
  seal: Str,
});

type CaseRecord = z.infer<typeof AuditRow>;
type AnyRecord = CaseRecord | z.infer<typeof LinkRow>;
type Shape = z.infer<typeof CaseShape>;

export interface CaseVerification {
  ok: boolean;
  /** Why the file does not hold: the first problem, naming the record or item and the field. */
  problem?: string;
  records?: number;
  about?: number;
  links?: number;
  waypoints?: number;
  chain?: string;
  headSeq?: number;
}

class Invalid extends Error {}

const fail = (message: string): never => {
  throw new Invalid(message);
};

/** Verifies a parsed case file against a node's public key (base64 of its 32 raw bytes). */
export function verifyCaseFile(file: unknown, publicKey: string): CaseVerification {
  const parsed = CaseShape.safeParse(file);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      problem: `not a case file: field ${issue.path.join('.') || '(top)'}: ${issue.message}`,
    };
  }
  const c = parsed.data;
  try {
    const key = publicKeyObject(publicKey);
    if (c.made.node !== publicKey)
      fail(
        `made.node: the file says it was made by node ${c.made.node}, not by the key given (${publicKey})`,
      );
    const head = signedHead(c.trail.head, 'trail.head', key, publicKey, c.trail.chain);
    if (head.seq !== c.trail.headSeq || head.hash !== c.trail.headHash)
      fail('trail.headSeq/headHash: differ from the signed head');
    const waypoints = new Map<number, string>();
    c.trail.waypoints.forEach((w, i) => {
      const p = signedHead(w, `trail.waypoints[${i}]`, key, publicKey, c.trail.chain);
      waypoints.set(p.seq, p.hash);
    });
    checkChain(c, waypoints);
    checkContent(c);
    const { seal, ...body } = file as { seal: string };
    if (!verifyBytes(key, Buffer.from(canonicalJson(body)), seal))
      fail(
        'seal: the signature over the file does not verify (a field outside the records was altered, or a record added or removed)',
      );
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, problem: error.message };
    throw error;
  }
  const about = c.trail.records.filter((r) => !r.link).length;
  return {
    ok: true,
    records: c.trail.records.length,
    about,
    links: c.trail.records.length - about,
    waypoints: c.trail.waypoints.length,
    chain: c.trail.chain,
    headSeq: c.trail.headSeq,
  };
}

/** An audit head line signed by the key, of the case's chain: its number and hash there. */
function signedHead(
  text: string,
  field: string,
  key: ReturnType<typeof publicKeyObject>,
  publicKey: string,
  chain: string,
): { seq: number; hash: string } {
  const parts = text.startsWith(ANCHOR_PREFIX) ? text.slice(ANCHOR_PREFIX.length).split('.') : [];
  if (parts.length !== 2) fail(`${field}: not an audit head (sanad-audit-head.1.…)`);
  const payload = Buffer.from(parts[0]!, 'base64url');
  const signature = Buffer.from(parts[1]!, 'base64url').toString('base64');
  if (!verifyBytes(key, payload, signature))
    fail(`${field}: its signature does not verify with the key given`);
  let anchor: { node?: unknown; chains?: { chain?: unknown; seq?: unknown; hash?: unknown }[] };
  try {
    anchor = JSON.parse(payload.toString('utf8')) as typeof anchor;
  } catch {
    return fail(`${field}: its payload is not JSON`);
  }
  const h = anchor.chains?.[0];
  if (anchor.node !== publicKey || anchor.chains?.length !== 1 || h?.chain !== chain)
    fail(`${field}: not a head of chain ${chain} by this node`);
  if (!Number.isSafeInteger(h!.seq) || typeof h!.hash !== 'string')
    fail(`${field}: its head has no number or hash`);
  return { seq: h!.seq as number, hash: h!.hash as string };
}

/**
 * A name beside an actor that names its person must be that person; a key that names no
 * person is shown by the key's name, which only the node knows (the seal covers it).
 */
function namedRight(actor: string, name: string | null): boolean {
  if (name === null) return false;
  return personOf(actor).startsWith('person:') ? name === actorName(actor) : name !== '';
}

function name(r: AnyRecord): string {
  return r.link
    ? `record ${r.chainSeq} (a link)`
    : `record ${r.chainSeq} (${r.action} ${r.objectType} ${r.objectId})`;
}

/** Every record's hash, the links within each segment, and each segment's signed end. */
function checkChain(c: Shape, waypoints: Map<number, string>): void {
  const records = c.trail.records;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.chain !== c.trail.chain) fail(`${name(r)}: field chain is not ${c.trail.chain}`);
    const prev = records[i - 1];
    if (!r.link && prev && !prev.link && prev.chainSeq === r.chainSeq - 1 && r.format < prev.format)
      fail(`${name(r)}: field format: claims an older format than its chain allows`);
    // A link's hash cannot be recomputed (its content is not carried): it is taken as signed.
    const hash = r.link
      ? r.hash
      : auditHash({
          at: r.at,
          actor: r.actor,
          action: r.action,
          object_type: r.objectType,
          object_id: r.objectId,
          data: r.data,
          prev_hash: r.prevHash,
          partner_id: r.partner,
          chain: r.chain,
          chain_seq: r.chainSeq,
          format: r.format,
        });
    if (hash !== r.hash) fail(`${name(r)}: was altered (its hash does not match its content)`);
    const next = records[i + 1];
    if (next && next.chainSeq <= r.chainSeq)
      fail(`${name(next)}: field chainSeq: out of order (after record ${r.chainSeq})`);
    if (next && next.chainSeq === r.chainSeq + 1) {
      if (next.prevHash !== r.hash)
        fail(
          `${name(next)}: field prevHash: does not follow record ${r.chainSeq} (records altered, inserted or removed)`,
        );
      continue;
    }
    // The end of a segment: the signed head, or a signed waypoint.
    const end = r.chainSeq === c.trail.headSeq ? c.trail.headHash : waypoints.get(r.chainSeq);
    if (end === undefined)
      fail(
        next
          ? `${name(next)}: does not follow record ${r.chainSeq}, which ends at no signed head (records ${r.chainSeq + 1}–${next.chainSeq - 1} removed from the file?)`
          : `${name(r)}: the last record is neither the signed head (record ${c.trail.headSeq}) nor a signed waypoint`,
      );
    if (end !== r.hash) fail(`${name(r)}: field hash differs from the signed head at its number`);
  }
  if (records.at(-1)!.chainSeq > c.trail.headSeq)
    fail(`${name(records.at(-1)!)}: lies beyond the signed head (record ${c.trail.headSeq})`);
}

function dataOf(r: CaseRecord): Record<string, unknown> {
  try {
    const d = JSON.parse(r.data) as unknown;
    return typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {};
  } catch {
    return fail(`${name(r)}: field data is not JSON`);
  }
}

const DECIDE = new Set([
  'decision.propose',
  'decision.confirm',
  'decision.dismiss',
  'decision.escalate',
]);

/** What the file shows of decisions, comments, runs and its making, against the records. */
function checkContent(c: Shape): void {
  const alertIds = new Set(c.alerts.map((a) => a.id));
  const runIds = new Set(c.runs.map((r) => r.id));
  // What is about the case is decided by the records' objects. The node carries whole only
  // the records about the case (links are redacted, and carry no object).
  const whole = c.trail.records.filter((r): r is CaseRecord => !r.link);
  const about = whole.filter(
    (r) =>
      (r.objectType === 'alert' && alertIds.has(r.objectId)) ||
      (r.objectType === 'run' && runIds.has(r.objectId)) ||
      (r.objectType === 'subject' && r.objectId === c.subject.id),
  );
  for (const r of whole)
    if (!about.includes(r)) fail(`${name(r)}: carried whole but not about the case`);
  const onAlert = (r: CaseRecord) => r.objectType === 'alert' && alertIds.has(r.objectId);
  for (const r of about)
    if (r.partner !== c.made.partner)
      fail(`${name(r)}: field partner is not ${c.made.partner}, whose case this is`);
  for (const a of c.alerts) {
    const mine = about.filter((r) => r.objectType === 'alert' && r.objectId === a.id);
    const open = mine.find((r) => r.action === 'alert.open');
    if (open) {
      const d = dataOf(open);
      if (d.subject !== c.subject.id) fail(`alert ${a.id}: subject differs from ${name(open)}`);
      if (d.entity !== a.entity.id)
        fail(`alert ${a.id}: field entity.id differs from ${name(open)}`);
      if (d.score !== a.score) fail(`alert ${a.id}: field score differs from ${name(open)}`);
    }
    for (const x of a.listVersions)
      if (!c.listVersions.some((v) => v.id === x))
        fail(`alert ${a.id}: field listVersions: version ${x} is not described in listVersions`);
    for (const d of a.decisions) checkDecision(a.id, d, mine);
    for (const cm of a.comments) {
      const r = mine.find((x) => x.action === 'alert.comment' && dataOf(x).comment === cm.id);
      if (!r) fail(`comment ${cm.id} on alert ${a.id}: no record of it on the trail`);
      if (r!.actor !== cm.author) fail(`comment ${cm.id}: field author differs from ${name(r!)}`);
      if (!namedRight(cm.author, cm.authorName))
        fail(`comment ${cm.id}: field authorName is not the author's`);
      const sha = dataOf(r!).sha256;
      if (sha !== undefined && sha !== createHash('sha256').update(cm.text).digest('hex'))
        fail(`comment ${cm.id}: field text differs from what ${name(r!)} recorded`);
    }
  }
  // Every decision and comment on the records is shown: none left out of the file.
  for (const r of about.filter(onAlert)) {
    const a = c.alerts.find((x) => x.id === r.objectId)!;
    const d = dataOf(r);
    if (r.action.startsWith('decision.') && !a.decisions.some((x) => x.id === d.decision))
      fail(`${name(r)}: its decision ${String(d.decision)} is missing from alert ${a.id}`);
    if (r.action === 'alert.comment' && !a.comments.some((x) => x.id === d.comment))
      fail(`${name(r)}: its comment ${String(d.comment)} is missing from alert ${a.id}`);
  }
  for (const run of c.runs) {
    const start = about.find(
      (r) => r.objectType === 'run' && r.objectId === run.id && r.action === 'run.start',
    );
    if (!start) continue;
    const d = dataOf(start);
    if (d.threshold !== run.threshold)
      fail(`run ${run.id}: field threshold differs from ${name(start)}`);
    if (d.sha256 !== run.sha256) fail(`run ${run.id}: field sha256 differs from ${name(start)}`);
    if (!isDeepStrictEqual(d.listVersions, run.listVersions))
      fail(`run ${run.id}: field listVersions differs from ${name(start)}`);
  }
  const made = about.findLast((r) => r.action === 'case.export');
  if (!made || made.objectId !== c.id || made.objectType !== c.kind)
    fail(`made: no record of this case file's making on the trail`);
  if (made!.actor !== c.made.by) fail(`made: field by differs from ${name(made!)}`);
  if (!namedRight(c.made.by, c.made.byName)) fail('made: field byName is not the maker');
  if (
    !isDeepStrictEqual(
      dataOf(made!).alerts,
      c.alerts.map((a) => a.id),
    )
  )
    fail(`alerts: the alerts differ from those ${name(made!)} recorded`);
  // The making's record lists the records the file carries: none may be left out.
  const listed = dataOf(made!).records;
  if (!Array.isArray(listed)) return fail(`${name(made!)}: lists no records`);
  const carried = new Set(about.map((r) => r.chainSeq));
  for (const seq of listed as unknown[])
    if (typeof seq !== 'number' || !carried.has(seq))
      fail(
        `trail.records: record ${String(seq)}, which ${name(made!)} lists, is missing from the file`,
      );
  for (const r of about)
    if (r.chainSeq < made!.chainSeq && !(listed as number[]).includes(r.chainSeq))
      fail(`${name(r)}: not among the records ${name(made!)} lists`);
}

function checkDecision(
  alert: string,
  d: Shape['alerts'][number]['decisions'][number],
  mine: CaseRecord[],
): void {
  const what = `decision ${d.id} on alert ${alert}`;
  const made = mine.find((r) => DECIDE.has(r.action) && dataOf(r).decision === d.id);
  if (!made) return fail(`${what}: no record of it on the trail`);
  const data = dataOf(made);
  if (data.reason !== d.reason) fail(`${what}: field reason differs from ${name(made)}`);
  if (data.action !== d.action) fail(`${what}: field action differs from ${name(made)}`);
  if (made.actor !== d.decidedBy) fail(`${what}: field decidedBy differs from ${name(made)}`);
  if (!namedRight(d.decidedBy, d.decidedByName))
    fail(`${what}: field decidedByName is not the decider's`);
  const reviews = mine.filter(
    (r) =>
      (r.action === 'decision.approve' || r.action === 'decision.reject') &&
      dataOf(r).decision === d.id,
  );
  const reviewed = reviews[0];
  if (reviews.length > 1) fail(`${what}: reviewed more than once on the trail`);
  if (d.status === 'pending' || (d.status === 'effective' && data.status === 'effective')) {
    if (data.status !== d.status) fail(`${what}: field status differs from ${name(made)}`);
    if (reviewed) fail(`${what}: field status: ${name(reviewed)} reviewed it`);
    if (d.approvedBy !== null) fail(`${what}: field approvedBy: nobody approved it on the trail`);
    return;
  }
  const action = d.status === 'effective' ? 'decision.approve' : 'decision.reject';
  if (!reviewed || reviewed.action !== action)
    fail(`${what}: field status: no ${action} record of it on the trail`);
  if (reviewed!.actor !== d.approvedBy)
    fail(`${what}: field approvedBy differs from ${name(reviewed!)}`);
  if (!namedRight(reviewed!.actor, d.approvedByName))
    fail(`${what}: field approvedByName is not the approver's`);
}
