/**
 * What `sanad explain` knows about one query against one entity, gathered once and then printed
 * as text or JSON: the score and the scoring model's own view of it (version, threshold,
 * intercept, the calibration of the total log-odds), so that the breakdown can be checked by
 * hand against the model that made it.
 */
import type { Entity, Schema } from '../core/entity.js';
import type { Explanation, Query } from '../core/query.js';
import type { Screener } from '../screening/screener.js';

export interface EntityExplanation {
  query: Query;
  entity: { id: string; ref: string; list: string; caption: string; schema: Schema };
  /** Version id of the scoring model. */
  model: string;
  /** The model's threshold: the score at or above which this is a match. */
  threshold: number;
  /** The model's log-odds before any evidence. */
  intercept: number;
  /** 0 when the query meets no name of the entity. */
  score: number;
  match: boolean;
  /**
   * Only when the entity is of another kind than the query names (a Person query, an
   * Organization listed): the score is held under the threshold and it is never a match.
   */
  schemaMismatch?: true;
  /** The model's calibration of the explanation's total log-odds; null without an explanation. */
  calibrated: number | null;
  /** Null when the query meets no name of the entity. */
  explanation: Explanation | null;
}

export function explainEntity(
  screener: Screener,
  query: Query,
  entity: Entity,
  partner: string,
): EntityExplanation {
  const model = screener.matcher.model;
  const result = screener.scoreEntity(query, entity.id, partner);
  const score = result?.score ?? 0;
  return {
    query,
    entity: {
      id: entity.id,
      ref: entity.provenance.ref,
      list: entity.provenance.listId,
      caption: entity.caption,
      schema: entity.schema,
    },
    model: result?.explanation.model ?? model.version,
    threshold: model.threshold,
    intercept: model.intercept,
    score,
    // Judged at the model's threshold, whatever the matcher's own default is.
    match: result !== undefined && !result.schemaMismatch && score >= model.threshold,
    ...(result?.schemaMismatch ? { schemaMismatch: true as const } : {}),
    calibrated: result ? model.probability(result.explanation.logit) : null,
    explanation: result?.explanation ?? null,
  };
}
