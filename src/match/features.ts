/**
 * The features the scoring model reads: what an alignment of two names found (name features)
 * and what the entity's other facts say (entity features). Each has an id, stable across
 * model versions (a model names the ids it was trained on), and a sentence that says in words
 * what its value means, for explanations. Adding a feature: add it here, compute it in
 * name-score.ts (or, for a fact of the entity, matcher.ts with qualifiers.ts), retrain
 * (`npm run train`).
 */

export const NAME_FEATURES = [
  'queryCover',
  'listedCover',
  'minCover',
  'queryComplete',
  'listedComplete',
  'fullMatch',
  'singleListedComplete',
  'queryUnmetRare',
  'listedUnmetRare',
  'listedFirstUnmet',
  'listedMiddleUnmet',
  'conflict',
  'weakestPair',
  'variantPairs',
  'crossScriptPairs',
  'spellingPairs',
  'fuzzyPairs',
  'joinedPairs',
  'initialPairs',
  'rareMet',
  'commonOnly',
  'singleListed',
  'singleQuery',
  'weakAlias',
  'numberConflict',
  'legalConflict',
  'orderSwaps',
  'crossScript',
  'organisation',
] as const;

export const ENTITY_FEATURES = [
  'birthDateAgrees',
  'birthYearAgrees',
  'birthDateNear',
  'birthDateFar',
  'nationalityAgrees',
  'nationalityDiffers',
  'countryAgrees',
] as const;

/**
 * Facts that support a match. They count only when the name is already likely on its own
 * (ScoringRules.supportGate): a shared birth year never turns a weak resemblance into a match.
 * Contradictions always count.
 */
export const SUPPORT_FACTS: ReadonlySet<string> = new Set([
  'birthDateAgrees',
  'birthYearAgrees',
  'nationalityAgrees',
  'countryAgrees',
]);

export type NameFeature = (typeof NAME_FEATURES)[number];
export type EntityFeature = (typeof ENTITY_FEATURES)[number];
export type Feature = NameFeature | EntityFeature;

/** Every feature, in the order of a full feature vector: name features, then entity features. */
export const FEATURES: readonly Feature[] = [...NAME_FEATURES, ...ENTITY_FEATURES];
export const NAME_FEATURE_COUNT = NAME_FEATURES.length;

/** Position of each feature in a full vector. */
export const F = Object.freeze(
  Object.fromEntries(FEATURES.map((f, i) => [f, i])) as Record<Feature, number>,
);

const pct = (v: number) => `${Math.round(v * 100)} %`;
const n = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/** What a feature's value means, in words. */
export const FEATURE_TEXT: Readonly<Record<Feature, (v: number) => string>> = {
  queryCover: (v) => `the listed name accounts for ${pct(v)} of the query (weighted by rarity)`,
  listedCover: (v) => `the query accounts for ${pct(v)} of the listed name (weighted by rarity)`,
  minCover: (v) => `the less covered side is ${pct(v)} met`,
  queryComplete: (v) =>
    `every part of the query met a part of the listed name (the weakest ${pct(v)} similar)`,
  listedComplete: (v) =>
    `every part of the listed name met a part of the query (the weakest ${pct(v)} similar)`,
  fullMatch: () => 'every part of both names met, closely',
  singleListedComplete: () => 'the listed name is one part, and the query holds it',
  queryUnmetRare: (v) => `rare query name parts not in the listed name (weight ${n(v)})`,
  listedUnmetRare: (v) => `rare listed name parts not in the query (weight ${n(v)})`,
  listedFirstUnmet: () =>
    'the first part of the listed name (its own given name) is not in the query',
  listedMiddleUnmet: () =>
    'only middle parts of the listed name (a father’s or grandfather’s name) are not in the query',
  conflict: (v) => `a different name in the same place on both sides (weight ${n(v)})`,
  weakestPair: (v) => `the weakest token pair is ${pct(1 - v)} similar`,
  variantPairs: (v) => `${n(v)} token pair(s) met as known spelling variants`,
  crossScriptPairs: (v) => `${n(v)} token pair(s) met across scripts`,
  spellingPairs: (v) => `${n(v)} token pair(s) met by similar spelling`,
  fuzzyPairs: (v) => `${n(v)} token pair(s) met only fuzzily`,
  joinedPairs: (v) => `${n(v)} pair(s) met written together on one side and apart on the other`,
  initialPairs: (v) => `${n(v)} initial(s) met a name`,
  rareMet: (v) => `rare name parts met (weight ${n(v)})`,
  commonOnly: () => 'only common name parts, initials or generic words met',
  singleListed: () => 'the listed name has one part',
  singleQuery: () => 'the query has one name part',
  weakAlias: () => 'the listed name is a weak alias (a bare kunya or nickname)',
  numberConflict: () => 'numbers in the names differ',
  legalConflict: () => 'the legal forms differ',
  orderSwaps: (v) => `${pct(v)} of the met parts stand in another order`,
  crossScript: () => 'the names are written in different scripts',
  organisation: () => 'the listed entity is not a person',
  birthDateAgrees: () => 'the date of birth agrees',
  birthYearAgrees: () => 'the year of birth agrees',
  birthDateNear: () => 'the date of birth differs slightly (same or next year)',
  birthDateFar: () => 'the year of birth differs',
  nationalityAgrees: () => 'the nationality agrees',
  nationalityDiffers: () => 'the nationality differs',
  countryAgrees: () => 'a country linked to the entity agrees with the nationality',
};
