/**
 * The free-text scanner (issue 16): every listed name inside a text, where it is, and why.
 *
 * One pass over the text's words (words.ts). Each distinct word is looked up once (and
 * remembered) in the token vocabulary of the lists, through the same parse and candidate
 * lookup as a screened name (zero-width characters, look-alike letters, digits for letters,
 * tatweel, harakat, every script): a word is *hot* when one of its tokens meets a listed token,
 * a *bridge* when it is a particle or compound head (al, bin, abu, عبد), else cold. The
 * vocabulary is a hash from token keys to listed tokens, so the cost per word does not grow
 * with the lists. Arabic proclitics (و ف ب ل ك, لل) are tried off a word that is not hot as
 * written ("لداعش").
 *
 * Runs of hot and bridge words within a clause are the candidate windows. A run is screened
 * only when it can carry a match: two hot words or more, or one that alone meets a listed
 * name of one part (Al-Qaida, داعش). The run is screened as a name, by the screener itself,
 * with its scoring model: a hit needs the same evidence as a name match, so a lone "Mohammed"
 * or "Bank" in prose never alerts. Each entity found is then scored again on the sub-window
 * of the run that fits it best, so that the words around a name neither hide it nor widen
 * its span. Known names of listed organisations that the lists lack (known-names.ts) are
 * matched in the same way; acronyms (ISIL, HTS) only when written in capitals.
 *
 * Payment messages' parties (payments/) are screened as names, with their country as a
 * qualifier, and their BICs looked up among the lists' identifiers.
 */
import { toMatchRecord } from '../cli/result-record.js';
import type { Entity } from '../core/entity.js';
import type { Explanation, MatchResult, Query, TokenMatch } from '../core/query.js';
import { Screener } from '../screening/screener.js';
import { PARTNER_LIST_ID } from '../sharing/records.js';
import type { NameToken } from '../text/tokens.js';
import { knownNames, acronymKey, type KnownNames } from './known-names.js';
import type { PartyField, ScanDocument, ScanHit, Span, TextSegment } from './types.js';
import { Words } from './words.js';

export interface ScanOptions {
  /** Lists to screen against (`partners` for partner records); all when absent. */
  lists?: readonly string[];
  /** Score from which a hit is a match; the scoring model's own when absent. */
  threshold?: number;
  /** The partner asking: its own and shared records are screened too. */
  partner?: string;
}

/** A word that meets a listed token this closely is hot. */
const HOT_SIMILARITY = 0.75;
/**
 * Where a match in free text begins, unless the caller sets a threshold. A name field holds a
 * name, and the model's threshold (tuned for names) applies to it; in prose most words are not
 * names, so a window must fit a listed name more closely before it alerts. The figures behind
 * it are in bench/RESULTS.md ("Free text").
 */
export const TEXT_THRESHOLD = 0.7;
/** Words of a window scored against one entity; longer runs are cut into windows this long. */
const MAX_WINDOW = 8;
/** Results of a run worth fitting to a sub-window: under this, no window can reach a match. */
const REFINE_FLOOR = 0.2;
/** Results asked of the screener for one run. */
const RUN_LIMIT = 10;
/** Remembered words and runs, per generation (two generations are kept). */
const WORD_CACHE = 100_000;
const RUN_CACHE = 20_000;

/** Particles and compound heads: a run may hold them, a match needs a name beside them. */
// prettier-ignore
const BRIDGES = new Set([
  'al', 'el', 'ad', 'ar', 'as', 'ash', 'at', 'az', 'an', 'ud', 'ul', 'bin', 'ben', 'ibn', 'bint',
  'ould', 'wuld', 'abu', 'abou', 'abo', 'abd', 'abdel', 'abdul', 'abdal', 'umm', 'um', 'wa',
  'wal', 'ال', 'بن', 'ابن', 'بنت', 'ولد', 'ابو', 'عبد', 'ام', 'آل', 'أبو', 'أم', 'إبن',
]);
/** Arabic proclitics tried off a word, longest first: conjunctions, then prepositions. */
const PROCLITICS = [
  'وبال',
  'فبال',
  'وال',
  'فال',
  'بال',
  'كال',
  'وب',
  'ول',
  'فب',
  'فل',
  'و',
  'ف',
  'ب',
  'ل',
  'ك',
];

/** Tatweel, harakat, dagger alef and zero-width characters: not letters of a word. */
// eslint-disable-next-line no-misleading-character-class -- each is removed on its own
const INVISIBLE_IN_ARABIC = /[\u0640\u064b-\u065f\u0670\u200b-\u200f]/g;

const COLD = 0;
const BRIDGE = 1;
const HOT = 2;

interface WordInfo {
  kind: typeof COLD | typeof BRIDGE | typeof HOT;
  /** Code units at the word's start that are not part of the name (a proclitic). */
  skip: number;
  /** The word as it goes into a query. */
  form: string;
  /** It meets a listed name of one part: alone, it may be a match. */
  single: boolean;
}

const COLD_WORD: WordInfo = Object.freeze({ kind: COLD, skip: 0, form: '', single: false });

/** A hit inside a run, by word positions, as remembered for the run's text. */
interface RunHit {
  from: number;
  to: number;
  result: MatchResult;
}

/** A source of results: the screener itself, or the known names of organisations. */
interface Target {
  screen(query: Query): MatchResult[];
  score(query: Query, id: string): MatchResult | undefined;
}

/** Two maps used as one, the older dropped when the newer fills: a bounded memory. */
class Remembered<V> {
  private now = new Map<string, V>();
  private old = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(k: string): V | undefined {
    const v = this.now.get(k);
    if (v !== undefined) return v;
    const o = this.old.get(k);
    if (o !== undefined) this.set(k, o);
    return o;
  }
  set(k: string, v: V): void {
    if (this.now.size >= this.size) {
      this.old = this.now;
      this.now = new Map();
    }
    this.now.set(k, v);
  }
  clear(): void {
    this.now.clear();
    this.old.clear();
  }
}

const scanners = new WeakMap<Screener, Scanner>();

/** The scanner of a screener, made on first use and kept with it. */
export function scannerOf(screener: Screener): Scanner {
  let s = scanners.get(screener);
  if (!s) {
    s = new Scanner(screener);
    scanners.set(screener, s);
  }
  return s;
}

/** Every hit of a document, in text order. */
export function scanDocument(
  screener: Screener,
  doc: ScanDocument,
  options: ScanOptions = {},
): ScanHit[] {
  return scannerOf(screener).scan(doc, options);
}

/** Every hit of a plain text, in text order (a document of one segment, field null). */
export function scanText(screener: Screener, text: string, options: ScanOptions = {}): ScanHit[] {
  return scanDocument(screener, plainDocument(text), options);
}

/** A plain text as a document of one segment. */
export function plainDocument(text: string, name = '-'): ScanDocument {
  return {
    kind: 'text',
    name,
    text,
    segments: [{ field: null, start: 0, end: text.length }],
    parties: [],
  };
}

export class Scanner {
  private readonly words = new Words();
  private readonly wordInfo = new Remembered<WordInfo>(WORD_CACHE);
  private readonly runs = new Remembered<RunHit[]>(RUN_CACHE);
  private known?: { names: KnownNames; screener: Screener; acronyms: Screener };
  /** Token ids of listed names of one evidence token. */
  private singles?: Set<number>;
  /** The partner vocabulary's size when words were last looked up (records come and go). */
  private partnerVocabulary = -1;

  constructor(readonly screener: Screener) {}

  scan(doc: ScanDocument, options: ScanOptions = {}): ScanHit[] {
    const { model } = this.screener.matcher;
    const textThreshold = options.threshold ?? Math.max(model.threshold, TEXT_THRESHOLD);
    const nameThreshold = options.threshold ?? model.threshold;
    this.syncPartners();
    const out: Found[] = [];
    for (const seg of doc.segments) this.scanSegment(doc, seg, options, textThreshold, out);
    for (const party of doc.parties) this.screenParty(doc, party, options, nameThreshold, out);
    return toHits(doc, collapse(out));
  }

  // ---- words -------------------------------------------------------------------------------

  private syncPartners(): void {
    const size = this.screener.partners?.vocabularySize ?? 0;
    if (size !== this.partnerVocabulary) {
      this.partnerVocabulary = size;
      this.wordInfo.clear();
      this.runs.clear();
    }
  }

  private info(word: string): WordInfo {
    let info = this.wordInfo.get(word);
    if (info === undefined) {
      info = this.lookUp(word);
      this.wordInfo.set(word, info);
    }
    return info;
  }

  private lookUp(word: string): WordInfo {
    const direct = this.classify(stripPossessive(word), 0);
    if (direct.kind !== COLD) return direct;
    if (!/^[\u0621-\u064a]/.test(word)) return direct;
    const letters = word.replace(INVISIBLE_IN_ARABIC, '');
    for (const p of PROCLITICS) {
      if (!letters.startsWith(p) || letters.length - p.length < 3) continue;
      // لل is ل before the article with its alef dropped: للدولة is ل + الدولة.
      const rest = letters.slice(p.length);
      const form = p.endsWith('ل') && rest.startsWith('ل') ? `ا${rest}` : rest;
      const info = this.classify(form, skipOf(word, p.length));
      if (info.kind === HOT) return info;
    }
    return direct;
  }

  private classify(form: string, skip: number): WordInfo {
    const folded = form.toLowerCase();
    if (BRIDGES.has(folded)) return { kind: BRIDGE, skip, form, single: false };
    const parsed = this.screener.matcher.parse(form);
    const evidence = parsed.tokens.filter((t) => t.weight > 0);
    if (parsed.tokens.length === 0) return COLD_WORD;
    if (evidence.length === 0) return { kind: BRIDGE, skip, form, single: false };
    let hot = false;
    let single = false;
    for (const t of evidence) {
      const met = this.meets(t);
      hot ||= met.hot;
      single ||= met.single;
    }
    return hot ? { kind: HOT, skip, form, single } : COLD_WORD;
  }

  /** Whether a word's token meets a listed token closely, and one that is a whole name. */
  private meets(t: NameToken): { hot: boolean; single: boolean } {
    let hot = false;
    let single = false;
    const singles = this.singleTokens();
    const look = (
      hits: { list: { ti: number; join: boolean; sim: { sim: number } }[] },
      at: (ti: number) => NameToken,
    ) => {
      for (const h of hits.list) {
        if (h.sim.sim < HOT_SIMILARITY) continue;
        hot = true;
        if (!h.join && singles.has(at(h.ti).id)) single = true;
      }
    };
    const { matcher } = this.screener;
    look(matcher.tokenHits(t), (ti) => matcher.index.vocabulary.tokenAt(ti));
    const known = this.knownNames();
    look(known.screener.matcher.tokenHits(t), (ti) => known.screener.index.vocabulary.tokenAt(ti));
    const partners = this.screener.partners;
    if (partners && partners.size > 0) {
      // A partner's record of one word is not told apart here: its words are hot, and a run of
      // one is screened when it meets a whole public name only. Rare; noted in DESIGN.
      for (const h of partners.tokenHits(t).list) if (h.sim.sim >= HOT_SIMILARITY) hot = true;
    }
    return { hot, single };
  }

  /** Ids of the tokens that are, alone, the evidence of a listed or known name. */
  private singleTokens(): Set<number> {
    if (this.singles) return this.singles;
    const out = new Set<number>();
    const add = (names: readonly { name: { tokens: NameToken[] } }[]) => {
      for (const n of names) {
        let only: NameToken | undefined;
        let count = 0;
        for (const t of n.name.tokens)
          if (t.weight > 0) {
            only = t;
            count++;
          }
        if (count === 1) out.add(only!.id);
      }
    };
    add(this.screener.index.names);
    add(this.knownNames().screener.index.names);
    this.singles = out;
    return out;
  }

  private knownNames(): { names: KnownNames; screener: Screener; acronyms: Screener } {
    if (!this.known) {
      const names = knownNames(this.screener.index.entities);
      this.known = {
        names,
        screener: Screener.fromEntities(names.entities, this.screener.versions),
        acronyms: Screener.fromEntities(names.acronymEntities, this.screener.versions),
      };
    }
    return this.known;
  }

  // ---- segments ----------------------------------------------------------------------------

  private scanSegment(
    doc: ScanDocument,
    seg: TextSegment,
    options: ScanOptions,
    threshold: number,
    out: Found[],
  ): void {
    const text = seg.value ?? doc.text;
    const from = seg.value !== undefined ? 0 : seg.start;
    const to = seg.value !== undefined ? seg.value.length : seg.end;
    const at = seg.value !== undefined ? (seg.at ?? ((i: number) => seg.start + i)) : identity;
    const words = this.words.read(text, from, to);
    const n = words.count;
    const infos: WordInfo[] = new Array<WordInfo>(n);
    for (let i = 0; i < n; i++) infos[i] = this.info(text.slice(words.start[i], words.end[i]));
    const found = (f: Omit<Found, 'field'>) => out.push({ ...f, field: seg.field });
    this.acronymHits(text, words, at, options, threshold, found);
    let i = 0;
    while (i < n) {
      if (infos[i]!.kind === COLD) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && infos[j]!.kind !== COLD && words.breakBefore[j] === 0) j++;
      // Trailing bridges carry nothing.
      let end = j;
      while (end > i && infos[end - 1]!.kind === BRIDGE) end--;
      if (end > i) this.scanRun(text, words, infos, i, end, at, options, threshold, found);
      i = j;
    }
  }

  /** Screens the run of words [from, to) where it can carry a match, in windows. */
  private scanRun(
    text: string,
    words: Words,
    infos: WordInfo[],
    from: number,
    to: number,
    at: (i: number) => number,
    options: ScanOptions,
    threshold: number,
    found: (f: Omit<Found, 'field'>) => void,
  ): void {
    for (let w = from; w < to; w += MAX_WINDOW / 2) {
      const end = Math.min(to, w + MAX_WINDOW);
      let hot = 0;
      let single = false;
      for (let k = w; k < end; k++)
        if (infos[k]!.kind === HOT) {
          hot++;
          single ||= infos[k]!.single;
        }
      if (hot >= 2 || single) {
        const forms = infos.slice(w, end).map((x) => x.form);
        for (const h of this.runHits(forms, infos.slice(w, end), options)) {
          if (h.result.score < threshold || h.result.schemaMismatch) continue;
          if (!provenInText(h.result, forms.slice(h.from, h.to))) continue;
          const a = w + h.from;
          const b = w + h.to - 1;
          const start = words.start[a]! + infos[a]!.skip;
          found({ start: at(start), end: at(words.end[b]!), result: h.result, match: true });
        }
      }
      if (end === to) break;
    }
  }

  /** The hits of a run of word forms, remembered by the run's text and options. */
  private runHits(forms: string[], infos: WordInfo[], options: ScanOptions): RunHit[] {
    const key = `${options.partner ?? ''}\u0001${(options.lists ?? []).join(',')}\u0001${forms.join(' ')}`;
    let hits = this.runs.get(key);
    if (hits === undefined) {
      hits = this.screenRun(forms, infos, options);
      this.runs.set(key, hits);
    }
    return hits;
  }

  private screenRun(forms: string[], infos: WordInfo[], options: ScanOptions): RunHit[] {
    const out: RunHit[] = [];
    for (const target of this.targets(options)) {
      const results = target.screen({ name: forms.join(' ') });
      for (const r of results) {
        if (r.score < REFINE_FLOOR) continue;
        const best = this.bestWindow(forms, infos, r, target);
        if (best) out.push(best);
      }
    }
    return out;
  }

  /**
   * The sub-window of the run that fits the entity best: the run itself when every word of it
   * met the listed name, else the window scoring highest (the longer one on a tie).
   */
  private bestWindow(
    forms: string[],
    infos: WordInfo[],
    r: MatchResult,
    target: Target,
  ): RunHit | undefined {
    const n = forms.length;
    if (r.explanation.unmatchedQuery.length === 0) return { from: 0, to: n, result: r };
    let best: RunHit | undefined;
    for (let a = 0; a < n; a++)
      for (let b = a + 1; b <= n; b++) {
        if (infos[b - 1]!.kind !== HOT) continue;
        if (a === 0 && b === n) {
          if (!best || r.score > best.result.score) best = { from: a, to: b, result: r };
          continue;
        }
        const s = target.score({ name: forms.slice(a, b).join(' ') }, r.entity.id);
        if (!s) continue;
        if (
          !best ||
          s.score > best.result.score + 1e-9 ||
          (Math.abs(s.score - best.result.score) <= 1e-9 && b - a > best.to - best.from)
        )
          best = { from: a, to: b, result: s };
      }
    return best;
  }

  /** Where runs are screened: the screener (public lists and partner records), known names. */
  private targets(options: ScanOptions): Target[] {
    const { screener } = this;
    const lists = options.lists && options.lists.length > 0 ? [...options.lists] : undefined;
    const opts = { lists, partner: options.partner, minScore: REFINE_FLOOR, limit: RUN_LIMIT };
    const out: Target[] = [
      {
        screen: (q) => screener.screen(q, opts),
        score: (q, id) => screener.scoreEntity(q, id, options.partner),
      },
    ];
    const known = this.knownNames();
    if (
      known.names.entities.length > 0 &&
      (!lists || known.names.entities.some((e) => lists.includes(e.provenance.listId)))
    ) {
      const asListed = (r: MatchResult | undefined) => (r ? this.asListed(r) : undefined);
      out.push({
        screen: (q) =>
          known.screener
            .screen(q, { lists, minScore: REFINE_FLOOR, limit: RUN_LIMIT })
            .map((r) => this.asListed(r))
            .filter((r): r is MatchResult => r !== undefined),
        score: (q, id) => asListed(known.screener.scoreEntity(q, id)),
      });
    }
    return out;
  }

  /**
   * A result on a known name, told as a result on the listed record: the record and its
   * cluster, the explanation naming the known name and where it comes from.
   */
  private asListed(r: MatchResult): MatchResult | undefined {
    const listed = this.screener.entity(r.entity.id);
    if (!listed) return undefined;
    const source = this.knownNames().names.sources.get(r.entity.id);
    const explanation: Explanation = {
      ...r.explanation,
      matchedName: `${r.explanation.matchedName} (a known name of ${listed.caption}: ${source ?? 'org-aliases.json'})`,
    };
    return { ...r, entity: listed, explanation, cluster: this.screener.clusters.of(listed) };
  }

  /** Acronyms written in capitals: ISIL, HTS, ISIL-K (two words joined by a hyphen). */
  private acronymHits(
    text: string,
    words: Words,
    at: (i: number) => number,
    options: ScanOptions,
    threshold: number,
    found: (f: Omit<Found, 'field'>) => void,
  ): void {
    const known = this.knownNames();
    if (known.names.acronyms.size === 0) return;
    const lists = options.lists && options.lists.length > 0 ? options.lists : undefined;
    for (let i = 0; i < words.count; i++) {
      const s = words.start[i]!;
      let e = stripPossessiveEnd(text, s, words.end[i]!);
      if (!isCapitals(text, s, e)) continue;
      let key = acronymKey(text.slice(s, e));
      // ISIL-K: the word, a hyphen and a short capital word after it.
      if (
        i + 1 < words.count &&
        words.start[i + 1] === words.end[i]! + 1 &&
        text[words.end[i]!] === '-'
      ) {
        const e2 = stripPossessiveEnd(text, words.start[i + 1]!, words.end[i + 1]!);
        const joined = key + acronymKey(text.slice(words.start[i + 1], e2));
        if (isCapitals(text, words.start[i + 1]!, e2) && known.names.acronyms.has(joined)) {
          key = joined;
          e = e2;
          i++;
        }
      }
      const ids = known.names.acronyms.get(key);
      if (!ids) continue;
      for (const id of ids) {
        const r = this.asListed(known.acronyms.scoreEntity({ name: key }, id) as MatchResult);
        if (!r || r.score < threshold) continue;
        if (lists && !lists.includes(r.entity.provenance.listId)) continue;
        found({ start: at(s), end: at(e), result: r, match: true });
      }
    }
  }

  // ---- parties -----------------------------------------------------------------------------

  private screenParty(
    doc: ScanDocument,
    party: PartyField,
    options: ScanOptions,
    threshold: number,
    out: Found[],
  ): void {
    const lists = options.lists && options.lists.length > 0 ? [...options.lists] : undefined;
    const [start, end] = spanBounds(party.name);
    if (party.bic) {
      for (const e of this.screener.byIdentifier(party.bic, options.partner, lists)) {
        out.push({
          start,
          end,
          result: identifierResult(e, party.bic, this.screener),
          match: true,
          field: party.field,
        });
      }
    }
    const name = spanText(doc.text, party.name).replace(/\s+/g, ' ').trim();
    if (!name || (party.bic && acronymKey(name) === acronymKey(party.bic))) return;
    const query: Query = { name, schema: party.schema, nationality: party.country };
    const results = this.screener.screen(query, {
      lists,
      partner: options.partner,
      threshold,
    });
    for (const r of results)
      if (r.score >= threshold)
        out.push({ start, end, result: r, match: true, field: party.field });
  }
}

/** A hit before it is a record. */
interface Found {
  start: number;
  end: number;
  result: MatchResult;
  match: boolean;
  field: string | null;
}

/**
 * One hit per entity cluster and place: where two hits of one person or organisation overlap
 * (a run and a known name, a window and the run), the better score stands.
 */
function collapse(found: Found[]): Found[] {
  found.sort((a, b) => a.start - b.start || b.result.score - a.result.score);
  const kept: Found[] = [];
  const lastOf = new Map<string, Found>();
  for (const f of found) {
    const cluster = f.result.cluster?.id ?? f.result.entity.id;
    const last = lastOf.get(cluster);
    if (last && f.start < last.end && f.field === last.field) {
      if (f.result.score > last.result.score) {
        kept[kept.indexOf(last)] = f;
        lastOf.set(cluster, f);
      }
      continue;
    }
    kept.push(f);
    lastOf.set(cluster, f);
  }
  return kept.sort((a, b) => a.start - b.start || b.result.score - a.result.score);
}

function toHits(doc: ScanDocument, found: Found[]): ScanHit[] {
  const lines = lineStarts(doc.text);
  return found.map((f) => {
    const record = toMatchRecord(f.result);
    const hit: ScanHit = {
      ...record,
      text: doc.text.slice(f.start, f.end),
      start: f.start,
      end: f.end,
      line: lineOf(lines, f.start),
      field: f.field,
    };
    if (f.result.explanation.model === IDENTIFIER_MODEL)
      hit.explanation = f.result.explanation.matchedName;
    return hit;
  });
}

const IDENTIFIER_MODEL = 'identifier';

/** A BIC that is an identifier of a listed entity: certain, whatever the name says. */
function identifierResult(e: Entity, bic: string, screener: Screener): MatchResult {
  return {
    entity: e,
    score: 1,
    match: true,
    explanation: {
      matchedName: `BIC ${bic} is an identifier of the listed entity ${e.caption}`,
      nameScore: 1,
      tokens: [],
      unmatchedQuery: [],
      unmatchedListed: [],
      qualifiers: [],
      model: IDENTIFIER_MODEL,
      logit: 0,
      contributions: [],
    },
    cluster: e.provenance.listId === PARTNER_LIST_ID ? undefined : screener.clusters.of(e),
  };
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function spanBounds(span: Span): [number, number] {
  if (span.value !== undefined && span.at) return [span.at(0), span.at(span.value.length)];
  return [span.start, span.end];
}

function spanText(text: string, span: Span): string {
  return span.value ?? text.slice(span.start, span.end);
}

const identity = (i: number) => i;

/** ISIL's, Da'esh’s: the possessive is not part of the name. */
function stripPossessive(word: string): string {
  return /^.{3,}['’]s$/u.test(word) ? word.slice(0, -2) : word;
}

function stripPossessiveEnd(text: string, s: number, e: number): number {
  if (e - s > 3 && text[e - 1] === 's' && (text[e - 2] === "'" || text[e - 2] === '’'))
    return e - 2;
  return e;
}

/** Whether text[s, e) is capitals (and digits), two letters or more. */
function isCapitals(text: string, s: number, e: number): boolean {
  let letters = 0;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) letters++;
    else if (!(c >= 0x30 && c <= 0x39)) return false;
  }
  return letters >= 2;
}

/** The offset in `word` after `letters` letters, counting the marks and tatweel among them. */
function skipOf(word: string, letters: number): number {
  let seen = 0;
  let i = 0;
  while (i < word.length && seen < letters) {
    const c = word.charCodeAt(i);
    if (!(c === 0x640 || (c >= 0x64b && c <= 0x65f) || c === 0x670 || (c >= 0x200b && c <= 0x200f)))
      seen++;
    i++;
  }
  return i;
}

/**
 * What free text must show beyond the score, because most of its words are not names:
 * - one word alone is a match only for an organisation (or a known name of one), met exactly
 *   or as a known variant, three letters or more, and not a weak alias: a lone given name,
 *   kunya or nickname in prose names no one;
 * - Arabic written as Arabic must meet the listed Arabic exactly or as a known variant (after
 *   folding hamza seats, ta marbuta, alef maqsura, Persian forms, marks and tatweel): one
 *   letter apart is another word (فصل, a season; فضل, a name), not a spelling of it; and a
 *   record with an Arabic name is met in Arabic text through that name, not a Latin one.
 */
function provenInText(r: MatchResult, forms: readonly string[]): boolean {
  const { tokens, qualifiers } = r.explanation;
  if (tokens.length === 0) return false;
  const strict = (t: TokenMatch) => t.evidence === 'exact' || t.evidence === 'variant';
  const arabic = forms.some((f) => ARABIC.test(f));
  if (arabic && tokens.some((t) => ARABIC.test(t.listed) && !strict(t))) return false;
  // Met through a Latin name while the record has an Arabic one: written in Arabic, it would
  // have met its Arabic name.
  if (arabic && !tokens.some((t) => ARABIC.test(t.listed)) && hasArabicName(r.entity)) return false;
  const words = forms.filter((f) => !BRIDGES.has(f.toLowerCase()));
  if (words.length <= 1) {
    if (r.entity.schema === 'Person') return false;
    if (qualifiers.some((q) => q.kind === 'weakAlias')) return false;
    if (!tokens.every(strict)) return false;
    if ((words[0] ?? '').replace(/^(ال|al-?|el-?)/i, '').length < 3) return false;
  }
  return true;
}

const ARABIC = /[\u0600-\u06ff]/;

function hasArabicName(e: Entity): boolean {
  for (const key of ['name', 'alias', 'weakAlias'] as const)
    for (const n of e.properties[key] ?? []) if (ARABIC.test(n)) return true;
  return false;
}
