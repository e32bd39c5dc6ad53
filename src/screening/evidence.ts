/**
 * The evidence behind one alert, side by side: what the partner holds on its customer (the
 * subject), what the list says of the listed entity (from the list version the alert was raised
 * against where the store still holds it), the two aligned field by field, the match explained
 * again by the current screener (token alignment, qualifiers, the model's arithmetic), what a
 * missing date of birth or nationality would do to the score (scored again, not guessed), and
 * the decisions, approvals and comments with the names of the people behind them.
 */
import type { EntityIdentifier, Schema } from '../core/entity.js';
import { isSchema, type Entity } from '../core/entity.js';
import { countryCode } from '../core/countries.js';
import type { Evidence as TokenEvidence, MatchResult, Query, Qualifier } from '../core/query.js';
import { SanadError } from '../core/errors.js';
import { birthDateFact, nationalityFact, parseListedDate } from '../match/qualifiers.js';
import { PARTNER_LIST_ID } from '../sharing/records.js';
import { actorNames, nameOf, type ActorName } from '../store/actor-names.js';
import { ownedBy } from '../store/for-partner.js';
import type { AlertState, DecisionTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { scriptCounts, type Script } from '../text/script.js';
import { runName } from './batch-run.js';
import type { Screener } from './screener.js';
import { alertActivity } from './alerts.js';

/** How the two sides of a row compare. `unknown`: one side says nothing (or cannot be compared). */
export type Agreement = 'agree' | 'disagree' | 'partial' | 'unknown';

export interface EvidenceName {
  value: string;
  /** Which property holds it: `name`, `alias`, `previousName`, `weakAlias`. */
  kind: string;
  /** The script most of its letters are in (`latin`, `arabic`, …). */
  script: Script;
}

export interface EvidenceRow {
  /** `name`, `schema`, `birthDate`, `birthPlace`, `nationality`, `identifiers`, `address`… */
  field: string;
  subject: string[];
  entity: string[];
  agreement: Agreement;
}

export interface EvidenceToken {
  query: string;
  listed: string;
  evidence: TokenEvidence;
  /** Similarity of the two tokens in [0, 1]. */
  score: number;
  /** Rarity weight of the pair in [0, 1]. */
  weight: number;
}

export interface EvidenceContribution {
  feature: string;
  value: number;
  /** The model's weight for the feature. */
  weight: number;
  /** weight × value: what it added to the log-odds. */
  contribution: number;
  /** What the value means, in words (English; the UI names the feature in its language). */
  text: string;
}

export interface EvidenceExplanation {
  /** The score the current screener gives the pair now. */
  score: number;
  /** The score stored when the alert opened. */
  storedScore: number;
  /** True when the two differ (the list, the subject or the model changed since). */
  scoreChanged: boolean;
  /** The model that scored now, and the one that scored when the alert opened. */
  model: string;
  storedModel: string | null;
  matchedName: string;
  nameScore: number;
  tokens: EvidenceToken[];
  unmatchedQuery: string[];
  unmatchedListed: string[];
  qualifiers: Qualifier[];
  arithmetic: {
    bias: number;
    contributions: EvidenceContribution[];
    /** bias + every contribution: the log-odds. */
    total: number;
    /** The calibrated probability of the total, before the rules that hold a score back. */
    probability: number;
    /** The score after the rules (qualifiers of kind commonName or schema say why it differs). */
    score: number;
  };
}

export interface WhatIf {
  /** The fact the customer record lacks. */
  field: 'birthDate' | 'nationality';
  /** The listed value(s) that a customer's value would be compared with. */
  listed: string[];
  /** The value scored as agreeing, and the score with it. */
  agreeValue: string;
  ifAgrees: number;
  /** The value scored as differing, and the score with it. */
  differValue: string;
  ifDiffers: number;
}

export interface ListVersionRef {
  /** The version's number in its list (1, 2, 3…). */
  number: number;
  label: string;
  sha256: string;
  loadedAt: string;
  active: boolean;
}

export interface AlertEvidence {
  alert: {
    id: string;
    state: AlertState;
    /** A confirm or dismiss waits for a second analyst (four-eyes). */
    awaitingApproval: boolean;
    /** The pending decision's id, when one waits. */
    pendingDecision: string | null;
    score: number;
    createdAt: string;
    updatedAt: string;
    run: string | null;
    modelVersion: string | null;
    cluster: string | null;
    assignee: string | null;
    previousAlert: string | null;
    /** The explanation stored when the alert opened, in words. */
    storedExplanation: string;
  };
  subject: {
    id: string;
    name: string;
    schema: string | null;
    birthDate: string | null;
    nationality: string | null;
    /** What the store keeps of a customer: name, schema, birth date and nationality. */
    stored: string[];
  };
  entity: {
    id: string;
    ref: string;
    schema: string;
    caption: string;
    names: EvidenceName[];
    birthDates: string[];
    birthPlaces: string[];
    nationalities: string[];
    countries: string[];
    identifiers: EntityIdentifier[];
    addresses: string[];
    programme: string | null;
    /** When the entry was listed (the list's date, not the load date). */
    listedOn: string | null;
    updatedOn: string[];
    notes: string[];
    deathDates: string[];
    gender: string[];
    positions: string[];
    list: {
      id: string;
      /** The version shown; null for a partner record. */
      version: ListVersionRef | null;
      /**
       * `raised`: the version the alert was raised against; `current`: the entry changed or its
       * version is gone, so the current one is shown; `partner-record`: a partner's record.
       */
      source: 'raised' | 'current' | 'partner-record';
    };
    /** For a partner record: who shared it and on what basis. */
    sharing: { partner: string; basis: string; sharedAt: string } | null;
    /** The entity is in the lists screened now (else the explanation is null). */
    inCurrentLists: boolean;
  };
  rows: EvidenceRow[];
  /** Null when the current screener no longer holds the entity (delisted, withdrawn). */
  explanation: EvidenceExplanation | null;
  whatIf: WhatIf[];
  decisions: {
    id: string;
    action: DecisionTable['action'];
    reason: string;
    status: DecisionTable['status'];
    decidedBy: ActorName;
    decidedAt: string;
    approvedBy: ActorName | null;
    approvedAt: string | null;
  }[];
  comments: { id: string; author: ActorName; at: string; text: string }[];
}

const NAME_KINDS = ['name', 'alias', 'previousName', 'weakAlias'] as const;

function dominantScript(text: string): Script {
  const counts = scriptCounts(text);
  let best: Script = 'other';
  let most = 0;
  for (const s of ['latin', 'arabic', 'cyrillic', 'greek'] as const)
    if (counts[s] > most) {
      best = s;
      most = counts[s];
    }
  return best;
}

function entityNamesOf(e: Entity): EvidenceName[] {
  const seen = new Set<string>();
  const out: EvidenceName[] = [];
  for (const kind of NAME_KINDS)
    for (const raw of e.properties[kind] ?? []) {
      const value = raw.trim();
      if (value === '' || seen.has(value)) continue;
      seen.add(value);
      out.push({ value, kind, script: dominantScript(value) });
    }
  return out;
}

/** The entity as the list version the alert was raised against has it, where still stored. */
async function entityAsRaised(
  store: Store,
  screener: Screener,
  partner: string,
  alert: { entity_id: string; entity_hash: string; created_at: string; list_id: string },
): Promise<
  | {
      entity: Entity;
      version: ListVersionRef | null;
      source: AlertEvidence['entity']['list']['source'];
    }
  | undefined
> {
  const rows = await store.db
    .selectFrom('entity')
    .innerJoin('list_version', 'list_version.id', 'entity.version_id')
    .innerJoin('list', 'list.id', 'list_version.list_id')
    .select([
      'entity.data',
      'entity.content_hash',
      'list_version.id as version_id',
      'list_version.seq',
      'list_version.label',
      'list_version.sha256',
      'list_version.loaded_at',
      'list.active_version',
    ])
    .where('entity.entity_id', '=', alert.entity_id)
    .orderBy('list_version.seq')
    .execute();
  const ref = (r: (typeof rows)[number]): ListVersionRef => ({
    number: Number(r.seq),
    label: r.label,
    sha256: r.sha256,
    loadedAt: r.loaded_at,
    active: r.active_version !== null && Number(r.active_version) === Number(r.version_id),
  });
  // The entry with the alert's content, in the last version loaded before the alert opened
  // (or the first one after, for a clock that disagrees).
  const same = rows.filter((r) => r.content_hash === alert.entity_hash);
  const raised = same.filter((r) => r.loaded_at <= alert.created_at).at(-1) ?? same.at(0);
  if (raised)
    return { entity: JSON.parse(raised.data) as Entity, version: ref(raised), source: 'raised' };
  const current = rows.find((r) => ref(r).active) ?? rows.at(-1);
  if (current)
    return { entity: JSON.parse(current.data) as Entity, version: ref(current), source: 'current' };
  const shared = screener.entity(alert.entity_id, partner);
  if (shared) return { entity: shared, version: null, source: 'partner-record' };
  return undefined;
}

function schemaOf(value: string | null): Schema | undefined {
  return value !== null && isSchema(value) ? value : undefined;
}

function nationalityCode(value: string | null): string | undefined {
  return value === null ? undefined : (countryCode(value) ?? value.toLowerCase());
}

function codes(values: readonly string[] | undefined): string[] {
  return [
    ...new Set(
      (values ?? []).map((v) => countryCode(v)).filter((c): c is string => c !== undefined),
    ),
  ];
}

function birthDateAgreement(subject: string | null, listed: readonly string[]): Agreement {
  if (subject === null) return 'unknown';
  const spans = listed.map(parseListedDate).filter((s) => s !== undefined);
  const fact = birthDateFact(subject, spans);
  if (!fact) return 'unknown';
  if (fact.feature === 'birthDateAgrees') return 'agree';
  if (fact.feature === 'birthDateFar') return 'disagree';
  return 'partial';
}

function nationalityAgreement(subject: string | undefined, e: Entity): Agreement {
  if (subject === undefined) return 'unknown';
  const fact = nationalityFact(
    subject,
    codes(e.properties.nationality),
    codes(e.properties.country),
  );
  if (!fact) return 'unknown';
  if (fact.feature === 'nationalityAgrees') return 'agree';
  if (fact.feature === 'countryAgrees') return 'partial';
  return 'disagree';
}

function nameAgreement(r: MatchResult | undefined): Agreement {
  if (!r) return 'unknown';
  const e = r.explanation;
  if (e.tokens.length === 0) return 'disagree';
  const whole = e.unmatchedQuery.length === 0 && e.unmatchedListed.length === 0;
  return whole && e.tokens.every((t) => t.evidence === 'exact') ? 'agree' : 'partial';
}

function explanationOf(
  r: MatchResult,
  screener: Screener,
  stored: { score: number; model: string | null },
): EvidenceExplanation {
  const model = screener.matcher.model;
  const e = r.explanation;
  const contributions = e.contributions.map((c) => {
    const at = model.features.indexOf(c.feature);
    const weight = at >= 0 ? model.data.weights[at]! : c.value === 0 ? 0 : c.logit / c.value;
    return { feature: c.feature, value: c.value, weight, contribution: c.logit, text: c.text };
  });
  return {
    score: r.score,
    storedScore: stored.score,
    scoreChanged: Math.abs(r.score - stored.score) > 1e-9,
    model: e.model,
    storedModel: stored.model,
    matchedName: e.matchedName,
    nameScore: e.nameScore,
    tokens: e.tokens.map((t) => ({
      query: t.query,
      listed: t.listed,
      evidence: t.evidence,
      score: t.similarity,
      weight: t.weight,
    })),
    unmatchedQuery: e.unmatchedQuery,
    unmatchedListed: e.unmatchedListed,
    qualifiers: e.qualifiers,
    arithmetic: {
      bias: model.intercept,
      contributions,
      total: e.logit,
      probability: model.probability(e.logit),
      score: r.score,
    },
  };
}

/** Countries tried, in order, as a nationality that differs from every listed one. */
const OTHER_COUNTRIES = ['is', 'nz', 'uy', 'fj', 'bt', 'ch'];

/** A date of birth that differs from every listed one by more than a year. */
function differingDate(listed: readonly string[]): string | undefined {
  const spans = listed.map(parseListedDate).filter((s) => s !== undefined);
  if (spans.length === 0) return undefined;
  const low = Math.min(...spans.map((s) => s.fromYear));
  return `${String(low - 10).padStart(4, '0')}-01-01`;
}

/** What a missing date of birth or nationality would do: the pair scored with each value. */
function whatIfs(screener: Screener, query: Query, entity: Entity, partner: string): WhatIf[] {
  const out: WhatIf[] = [];
  const score = (q: Query) => screener.scoreEntity(q, entity.id, partner)?.score;
  const dates = (entity.properties.birthDate ?? []).filter((d) => parseListedDate(d) !== undefined);
  if (query.birthDate === undefined && dates.length > 0) {
    const agreeValue = dates[0]!;
    const differValue = differingDate(dates)!;
    const ifAgrees = score({ ...query, birthDate: agreeValue });
    const ifDiffers = score({ ...query, birthDate: differValue });
    if (ifAgrees !== undefined && ifDiffers !== undefined)
      out.push({ field: 'birthDate', listed: dates, agreeValue, ifAgrees, differValue, ifDiffers });
  }
  const nationalities = codes(entity.properties.nationality);
  const countries = codes(entity.properties.country);
  const listed = nationalities.length > 0 ? nationalities : countries;
  if (query.nationality === undefined && listed.length > 0) {
    const agreeValue = listed[0]!;
    const differValue = OTHER_COUNTRIES.find((c) => !listed.includes(c) && !countries.includes(c))!;
    const ifAgrees = score({ ...query, nationality: agreeValue });
    const ifDiffers = score({ ...query, nationality: differValue });
    if (ifAgrees !== undefined && ifDiffers !== undefined)
      out.push({ field: 'nationality', listed, agreeValue, ifAgrees, differValue, ifDiffers });
  }
  return out;
}

function identifierText(i: EntityIdentifier): string {
  const parts = [i.label ?? i.kind, i.number];
  if (i.country) parts.push(`(${i.country.toUpperCase()})`);
  return parts.join(' ');
}

/**
 * The evidence of one of `partner`'s alerts; another partner's alert is "not found", as a
 * missing one. `screener` is the current one: the match is explained as it scores now.
 */
export async function alertEvidence(
  store: Store,
  screener: Screener,
  partner: string,
  alertId: string,
): Promise<AlertEvidence> {
  const alert = await store.db
    .selectFrom('alert')
    .innerJoin('subject', 'subject.id', 'alert.subject_id')
    .leftJoin('alert as previous', 'previous.id', 'alert.previous_alert_id')
    .selectAll('alert')
    .select([
      'subject.external_id',
      'subject.name',
      'subject.schema',
      'subject.birth_date',
      'subject.nationality',
      'previous.public_id as previous_public_id',
    ])
    .where('alert.public_id', '=', alertId)
    .$call(ownedBy(partner, 'alert'))
    .executeTakeFirst();
  if (!alert) throw new SanadError('not_found', `no alert ${alertId}`);
  const [{ decisions, comments }, listed] = await Promise.all([
    alertActivity(store, Number(alert.id)),
    entityAsRaised(store, screener, partner, alert),
  ]);
  const names = await actorNames(store, [
    ...decisions.flatMap((d) =>
      d.approved_by === null ? [d.decided_by] : [d.decided_by, d.approved_by],
    ),
    ...comments.map((c) => c.author),
  ]);

  const query: Query = {
    name: alert.name,
    ...(schemaOf(alert.schema) ? { schema: schemaOf(alert.schema) } : {}),
    ...(alert.birth_date !== null ? { birthDate: alert.birth_date } : {}),
    ...(alert.nationality !== null ? { nationality: alert.nationality } : {}),
  };
  const current = screener.scoreEntity(query, alert.entity_id, partner);
  const entity: Entity = listed?.entity ??
    current?.entity ?? {
      // Neither the store nor the screener holds the entry any more: what the alert remembers.
      id: alert.entity_id,
      schema: 'Person',
      caption: alert.caption,
      properties: { name: [alert.caption] },
      provenance: { listId: alert.list_id, listVersion: '', ref: alert.ref },
    };
  const p = entity.properties;
  const subjectNationality = nationalityCode(alert.nationality);
  const identifiers = entity.identifiers ?? [];
  const rows: EvidenceRow[] = [
    {
      field: 'name',
      subject: [alert.name],
      entity: entityNamesOf(entity).map((n) => n.value),
      agreement: nameAgreement(current),
    },
    {
      field: 'schema',
      subject: alert.schema === null ? [] : [alert.schema],
      entity: [entity.schema],
      agreement:
        alert.schema === null ? 'unknown' : alert.schema === entity.schema ? 'agree' : 'disagree',
    },
    {
      field: 'birthDate',
      subject: alert.birth_date === null ? [] : [alert.birth_date],
      entity: p.birthDate ?? [],
      agreement: birthDateAgreement(alert.birth_date, p.birthDate ?? []),
    },
    { field: 'birthPlace', subject: [], entity: p.birthPlace ?? [], agreement: 'unknown' },
    {
      field: 'nationality',
      subject: alert.nationality === null ? [] : [alert.nationality],
      entity: [...(p.nationality ?? []), ...(p.citizenship ?? [])],
      agreement: nationalityAgreement(subjectNationality, entity),
    },
    {
      field: 'identifiers',
      subject: [],
      entity:
        identifiers.length > 0
          ? identifiers.map(identifierText)
          : [...(p.passportNumber ?? []), ...(p.idNumber ?? [])],
      agreement: 'unknown',
    },
    { field: 'address', subject: [], entity: p.address ?? [], agreement: 'unknown' },
  ];

  const pending = decisions.find((d) => d.status === 'pending');
  const sharing = entity.provenance.sharing;
  return {
    alert: {
      id: alert.public_id,
      state: alert.state,
      awaitingApproval: pending !== undefined,
      pendingDecision: pending?.public_id ?? null,
      score: Number(alert.score),
      createdAt: alert.created_at,
      updatedAt: alert.updated_at,
      run: alert.run_id === null ? null : runName(alert.run_id),
      modelVersion: alert.model_version,
      cluster: alert.cluster_id,
      assignee: alert.assignee,
      previousAlert: alert.previous_public_id,
      storedExplanation: alert.explanation,
    },
    subject: {
      id: alert.external_id,
      name: alert.name,
      schema: alert.schema,
      birthDate: alert.birth_date,
      nationality: alert.nationality,
      stored: ['name', 'schema', 'birthDate', 'nationality'],
    },
    entity: {
      id: entity.id,
      ref: entity.provenance.ref,
      schema: entity.schema,
      caption: entity.caption,
      names: entityNamesOf(entity),
      birthDates: p.birthDate ?? [],
      birthPlaces: p.birthPlace ?? [],
      nationalities: p.nationality ?? [],
      countries: p.country ?? [],
      identifiers,
      addresses: p.address ?? [],
      programme: entity.provenance.programme ?? null,
      listedOn: entity.provenance.listedOn ?? null,
      updatedOn: entity.provenance.updatedOn ?? [],
      notes: p.notes ?? [],
      deathDates: p.deathDate ?? [],
      gender: p.gender ?? [],
      positions: p.position ?? [],
      list: {
        id: alert.list_id === PARTNER_LIST_ID ? PARTNER_LIST_ID : entity.provenance.listId,
        version: listed?.version ?? null,
        source: listed?.source ?? (sharing ? 'partner-record' : 'current'),
      },
      sharing: sharing
        ? { partner: sharing.partner, basis: sharing.basis, sharedAt: sharing.sharedAt }
        : null,
      inCurrentLists: current !== undefined,
    },
    rows,
    explanation: current
      ? explanationOf(current, screener, {
          score: Number(alert.score),
          model: alert.model_version,
        })
      : null,
    // Scored against the entry as the lists hold it now, so its dates are the current entry's too.
    whatIf: current ? whatIfs(screener, query, current.entity, partner) : [],
    decisions: decisions.map((d) => ({
      id: d.public_id,
      action: d.action,
      reason: d.reason,
      status: d.status,
      decidedBy: nameOf(names, d.decided_by),
      decidedAt: d.decided_at,
      approvedBy: d.approved_by === null ? null : nameOf(names, d.approved_by),
      approvedAt: d.approved_at,
    })),
    comments: comments.map((c) => ({
      id: c.public_id,
      author: nameOf(names, c.author),
      at: c.at,
      text: c.text,
    })),
  };
}
