/**
 * The free-text scanner (issue 16): every listed name inside a text, where it is, and why.
 *
 * One pass over the text's words (words.ts). Each distinct word is looked up once (and
 * remembered) through the same parse and token lookup as a screened name, so the matcher's
 * defences apply (zero-width characters, look-alike letters, digits for letters, tatweel,
 * harakat, either script): the lookup gives the listed tokens the word meets. Function words
 * (في، على، the, of) are never looked up; Arabic proclitics (و ف ب ل ك, لل) are tried off a
 * word that meets nothing as written ("لداعش"); a compound head and its stem (عبد الرحمن,
 * Abu Bakr, Nur al-Din) are looked up as one token, as a name's parse joins them.
 *
 * Within each run of consecutive words that met a listed token (particles and function words
 * may stand between them, clause punctuation may not), an automaton over the listed names
 * (name-automaton.ts) counts the names the words met. A name met by all its evidence tokens,
 * or by two of them or more, gives a candidate window: the words that met it, with the
 * particles before them. The window is scored against the entity by the matcher, with its model: a hit
 * needs the same evidence as a name match, and free text asks more (provenInText, and the
 * threshold TEXT_THRESHOLD), since most words in prose are not names. Known names of listed
 * organisations that the lists lack (known-names.ts) have an automaton of their own; acronyms
 * (ISIL, HTS) are matched only when written in capitals. Partner records are searched by
 * screening the clause's runs of words that meet them, in the caller's scope.
 *
 * Payment messages' parties (payments/) are screened as names, with their country as a
 * qualifier, and their BICs looked up among the lists' identifiers.
 */
import { toMatchRecord } from '../cli/result-record.js';
import type { Entity } from '../core/entity.js';
import type { Explanation, MatchResult, Query, TokenMatch } from '../core/query.js';
import { Screener } from '../screening/screener.js';
import { foldArabic } from '../text/fold-arabic.js';
import { LEGAL_FORMS } from '../text/name-symbols.js';
import { replaceLookalikes } from '../text/foreign-scripts.js';
import { PARTNER_LIST_ID } from '../sharing/records.js';
import { acronymKey, knownNames, type KnownNames } from './known-names.js';
import { countsInText, NameAutomaton } from './name-automaton.js';
import type { PartyField, ScanDocument, ScanHit, Span, TextSegment } from './types.js';
import { Words } from './words.js';

export interface ScanOptions {
  /** Lists to screen against (`partners` for partner records); all when absent. */
  lists?: readonly string[];
  /** Score from which a hit is a match; TEXT_THRESHOLD (free text) or the model's (names). */
  threshold?: number;
  /** The partner asking: its own and shared records are screened too. */
  partner?: string;
}

/**
 * Where a match in free text begins, unless the caller sets a threshold. A name field holds a
 * name, and the model's threshold (tuned for names) applies to it; in prose most words are not
 * names, so a window must fit a listed name more closely before it alerts. The figures behind
 * it are in bench/RESULTS.md ("Free text").
 */
export const TEXT_THRESHOLD = 0.7;
/** A word meets a listed token this closely or more, or not at all. */
const MEET_SIMILARITY = 0.8;
/** A window spans at most this many words beyond its name's evidence tokens. */
const WINDOW_SLACK = 3;
/** Remembered words and windows, per generation (two generations are kept). */
const WORD_CACHE = 50_000;
const WINDOW_CACHE = 100_000;
/**
 * A window's whole result is remembered from this score up; under it, its score alone (a
 * result with its explanation is kilobytes; most windows score far under any threshold).
 */
const KEEP_RESULT = 0.5;
/** Words of a partner run screened at once. */
const PARTNER_WINDOW = 6;

/**
 * Particles and compound heads: a window may start with them, but they are no evidence. ولد
 * (Ould, "son of") is not among them in Arabic script: in prose it is the verb "was born".
 */
// prettier-ignore
const BRIDGES = new Set([
  'al', 'el', 'ad', 'ar', 'as', 'ash', 'at', 'az', 'an', 'ud', 'ul', 'bin', 'ben', 'ibn', 'bint',
  'ould', 'wuld', 'abu', 'abou', 'abo', 'abd', 'abdel', 'abdul', 'abdal', 'umm', 'um', 'wa',
  'wal', 'ال', 'بن', 'ابن', 'بنت', 'ابو', 'عبد', 'ام', 'آل', 'أبو', 'أم', 'إبن',
]);
/** Articles written apart from their word (al-, el-, ad-). */
// prettier-ignore
const ARTICLES = new Set(['al', 'el', 'ad', 'ar', 'as', 'ash', 'at', 'az', 'an', 'ud', 'ul', 'ال']);
/** Compound heads: looked up with the word after them (Abu Bakr, عبد الرحمن). */
// prettier-ignore
const HEADS = new Set(['abu', 'abou', 'abo', 'abd', 'abdel', 'abdul', 'abdal', 'umm', 'um', 'ابو', 'أبو', 'عبد', 'العبد', 'ام', 'أم']);
/** Compound tails: looked up with the word before them (Nur al-Din, عبد الله). */
// prettier-ignore
const TAILS = new Set(['din', 'deen', 'dine', 'eddin', 'eddine', 'uddin', 'allah', 'ullah', 'الدين', 'الله', 'لله']);
/**
 * Function words, as written (before any folding: على is "on", علي is Ali): prepositions,
 * conjunctions, pronouns and auxiliaries. They are never evidence of a name, but a name may
 * hold them (Islamic State of Iraq and the Levant, حركة التوحيد والجهاد في غرب إفريقيا).
 */
// prettier-ignore
const FUNCTION_WORDS = new Set([
  'في', 'من', 'على', 'إلى', 'الى', 'عن', 'مع', 'أو', 'او', 'لا', 'ما', 'هذا', 'هذه', 'ذلك', 'تلك',
  'التي', 'الذي', 'الذين', 'كما', 'أن', 'إن', 'ان', 'قد', 'لم', 'لن', 'ثم', 'حتى', 'بين', 'عبر',
  'ضد', 'خلال', 'بعد', 'قبل', 'عند', 'لدى', 'منذ', 'حيث', 'كل', 'بعض', 'غير', 'أي', 'أجل', 'هو',
  'هي', 'هم', 'نحن', 'كان', 'كانت', 'يكون', 'تم', 'وقد', 'وأن', 'وإن', 'بما', 'فيما', 'مما',
  'كذلك', 'أيضا', 'أيضاً', 'إذ', 'إذا', 'لكن', 'ولكن', 'بل', 'سوف', 'فى', 'وفي', 'ومن', 'وعلى',
  'the', 'a', 'an', 'and', 'or', 'of', 'in', 'on', 'at', 'to', 'for', 'with', 'by', 'from', 'as',
  'is', 'are', 'was', 'were', 'be', 'been', 'it', 'its', 'this', 'that', 'these', 'those',
  'which', 'who', 'whom', 'whose', 'not', 'but', 'if', 'than', 'then', 'so', 'such', 'into',
  'over', 'under', 'after', 'before', 'about', 'against', 'between', 'during', 'without',
  'within', 'through', 'via', 'per', 'also', 'has', 'have', 'had', 'will', 'would', 'can',
  'could', 'may', 'might', 'should', 'must', 'do', 'does', 'did', 'he', 'she', 'they', 'we',
  'you', 'his', 'her', 'their', 'our', 'your', 'them', 'us', 'him', 'me', 'my',
  'le', 'la', 'les', 'des', 'du', 'de', 'et', 'en', 'un', 'une', 'pour', 'par', 'sur', 'dans',
]);
/** Verbs that are also names: function words only as written in lower case (said; Said). */
const LOWER_CASE_FUNCTION_WORDS = new Set(['said', 'says']);
/** Arabic proclitics tried off a word, longest first: conjunctions, then prepositions. */
// prettier-ignore
const PROCLITICS = ['وبال', 'فبال', 'وال', 'فال', 'بال', 'كال', 'وب', 'ول', 'فب', 'فل', 'و', 'ف', 'ب', 'ل', 'ك'];
/** Tatweel, harakat, dagger alef, zero-width and format characters: not letters of a word. */
// eslint-disable-next-line no-misleading-character-class -- each is removed on its own
const INVISIBLE_IN_ARABIC = /[\u0640\u064b-\u065f\u0670\u200b-\u200f\u00ad\u2060-\u2064\ufeff]/g;

const COLD = 0;
const BRIDGE = 1;
const HOT = 2;
/** A function word: part of a name only inside it (Islamic State of Iraq, حركة … في غرب إفريقيا). */
const LINK = 3;
type Kind = typeof COLD | typeof BRIDGE | typeof HOT | typeof LINK;
const PLAIN = 0;
const HEAD = 1;
const TAIL = 2;
type Place = typeof PLAIN | typeof HEAD | typeof TAIL;

/** What a word (or a compound of words) is to the scanner. */
interface WordInfo {
  kind: Kind;
  /** Code units at the word's start that are not part of the name (a proclitic). */
  skip: number;
  /** The word as it goes into a query. */
  form: string;
  /** Listed token ids met, per automaton (public lists, known names). */
  met: readonly (readonly number[])[];
  /** It meets a token of a partner record. */
  partner: boolean;
  /** A compound's head (Abu, عبد), tail (al-Din, الله), or neither. */
  place: Place;
  /** The closest similarity of a listed token it meets (0 for none). */
  closest: number;
}

const NO_IDS: readonly number[] = Object.freeze([]);
const LINK_WORD: WordInfo = Object.freeze({
  kind: LINK,
  skip: 0,
  form: '',
  met: Object.freeze([NO_IDS, NO_IDS]),
  partner: false,
  place: PLAIN,
  closest: 0,
});
const COLD_WORD: WordInfo = Object.freeze({
  kind: COLD,
  skip: 0,
  form: '',
  met: Object.freeze([NO_IDS, NO_IDS]),
  partner: false,
  place: PLAIN,
  closest: 0,
});

/** A window's result, or only its score when it was remembered by its score alone. */
type Scored = MatchResult | { score: number; light: true };

/** Units of a clause that met tokens of one listed name. */
interface Window {
  count: number;
  first: number;
  last: number;
  ids: number[];
  /** The unit where each of `ids` was first met. */
  ats: number[];
}

/** A word or a compound of words: words [from, to) of the stretch. */
interface Unit {
  from: number;
  to: number;
  info: WordInfo;
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

/** Where found hits go, with the stretch's offsets already mapped to the document's. */
type Sink = (start: number, end: number, result: MatchResult) => void;

/** The public lists' automaton and the known names', with how their results are told. */
interface Automata {
  public: NameAutomaton;
  known: NameAutomaton;
  names: KnownNames;
  knownScreener: Screener;
  acronymScreener: Screener;
}

export class Scanner {
  private readonly words = new Words();
  private readonly infos: WordInfo[] = [];
  private readonly wordInfo = new Remembered<WordInfo>(WORD_CACHE);
  /** Window text and entity → its result (or null), per options. */
  private readonly windows = new Remembered<MatchResult | number | null>(WINDOW_CACHE);
  private automataMade?: Automata;
  /** The partner vocabulary's size when words were last looked up (records come and go). */
  private partnerVocabulary = -1;

  constructor(readonly screener: Screener) {}

  scan(doc: ScanDocument, options: ScanOptions = {}): ScanHit[] {
    return this.scanWithResults(doc, options).map((f) => f.hit);
  }

  /** Every hit of a document with the result it was made from (for alerts and audit). */
  scanWithResults(
    doc: ScanDocument,
    options: ScanOptions = {},
  ): { hit: ScanHit; result: MatchResult }[] {
    const scan = this.begin(doc, options);
    for (const seg of doc.segments) scan.segment(seg);
    return scan.finish();
  }

  /**
   * scanWithResults for a server: the same hits, but long free text is scanned in stretches
   * cut at blank lines (where no name runs across), giving the event loop a turn between
   * stretches, so that a 5-million-character text does not hold up every other request.
   */
  async scanWithResultsAsync(
    doc: ScanDocument,
    options: ScanOptions = {},
  ): Promise<{ hit: ScanHit; result: MatchResult }[]> {
    const segments = doc.segments.flatMap((seg) => stretches(doc.text, seg));
    if (segments.length === doc.segments.length) return this.scanWithResults(doc, options);
    const scan = this.begin(doc, options);
    for (const seg of segments) {
      scan.segment(seg);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return scan.finish();
  }

  /** One document's scan: its segments one by one, then its parties and the hits. */
  private begin(
    doc: ScanDocument,
    options: ScanOptions,
  ): {
    segment: (seg: TextSegment) => void;
    finish: () => { hit: ScanHit; result: MatchResult }[];
  } {
    const { model } = this.screener.matcher;
    const textThreshold = options.threshold ?? Math.max(model.threshold, TEXT_THRESHOLD);
    const nameThreshold = options.threshold ?? model.threshold;
    this.syncPartners();
    const out: Found[] = [];
    return {
      segment: (seg) =>
        this.scanSegment(doc, seg, options, textThreshold, (start, end, result) =>
          out.push({ start, end, result, field: seg.field }),
        ),
      finish: () => {
        for (const party of doc.parties) this.screenParty(doc, party, options, nameThreshold, out);
        return toHits(doc, collapse(out));
      },
    };
  }

  private automata(): Automata {
    if (!this.automataMade) {
      const { screener } = this;
      const names = knownNames(screener.index.entities);
      const knownScreener = Screener.fromEntities(names.entities, screener.versions);
      this.automataMade = {
        public: new NameAutomaton(screener.index, (t) => screener.matcher.tokenHits(t)),
        known: new NameAutomaton(knownScreener.index, (t) => knownScreener.matcher.tokenHits(t)),
        names,
        knownScreener,
        acronymScreener: Screener.fromEntities(names.acronymEntities, screener.versions),
      };
    }
    return this.automataMade;
  }

  // ---- words -------------------------------------------------------------------------------

  private syncPartners(): void {
    const size = this.screener.partners?.vocabularySize ?? 0;
    if (size !== this.partnerVocabulary) {
      this.partnerVocabulary = size;
      this.wordInfo.clear();
    }
  }

  private info(word: string): WordInfo {
    let info = this.wordInfo.get(word);
    if (info === undefined) {
      info = this.lookUp(word);
      const lower = replaceLookalikes(bare(word)).toLowerCase();
      const place = HEADS.has(lower) ? HEAD : TAILS.has(lower) ? TAIL : PLAIN;
      if (place !== info.place) info = { ...info, place };
      this.wordInfo.set(word, info);
    }
    return info;
  }

  private lookUp(word: string): WordInfo {
    const written = word.replace(INVISIBLE_IN_ARABIC, '');
    if (
      FUNCTION_WORDS.has(written) ||
      FUNCTION_WORDS.has(written.toLowerCase()) ||
      LOWER_CASE_FUNCTION_WORDS.has(written)
    )
      return { ...LINK_WORD, form: word };
    const direct = this.classify(stripPossessive(word), 0);
    // A word that meets a listed token exactly as written is that word; one that meets
    // nothing, or only loosely (بأيمن), may be a name behind a proclitic (ب + أيمن).
    if (direct.closest >= 1 || !/^[\u0621-\u064a]/.test(written)) return direct;
    for (const p of PROCLITICS) {
      if (!written.startsWith(p) || written.length - p.length < 3) continue;
      // لل is ل before the article with its alef dropped: للدولة is ل + الدولة.
      const rest = written.slice(p.length);
      const form = p.endsWith('ل') && rest.startsWith('ل') ? `ا${rest}` : rest;
      if (FUNCTION_WORDS.has(form)) continue;
      const info = this.classify(form, skipOf(word, p.length));
      if (info.kind === HOT && info.closest > direct.closest) return info;
    }
    return direct;
  }

  private classify(form: string, skip: number): WordInfo {
    if (BRIDGES.has(replaceLookalikes(bare(form)).toLowerCase()))
      return { ...COLD_WORD, kind: BRIDGE, skip, form };
    const parsed = this.screener.matcher.parse(form);
    if (parsed.tokens.length === 0) return COLD_WORD;
    const evidence = parsed.tokens.filter(countsInText);
    if (evidence.length === 0) return { ...COLD_WORD, kind: BRIDGE, skip, form };
    const a = this.automata();
    const pub = new Set<number>();
    const known = new Set<number>();
    let partner = false;
    let closest = 0;
    const partners = this.screener.partners;
    for (const t of evidence) {
      closest = Math.max(
        closest,
        a.public.meets(t, MEET_SIMILARITY, pub),
        a.known.meets(t, MEET_SIMILARITY, known),
      );
      if (partners && partners.size > 0 && !partner)
        partner = partners.tokenHits(t).list.some((h) => h.sim.sim >= MEET_SIMILARITY);
    }
    if (pub.size === 0 && known.size === 0 && !partner) return this.legalForm(form, skip);
    return { kind: HOT, skip, form, met: [[...pub], [...known]], partner, place: PLAIN, closest };
  }

  /**
   * A word that is a legal form (Ltd, Pte, Co, SARL) read as an organisation's: no evidence,
   * but part of the name it follows (YUK TUNG ENERGY PTE LTD: 0.64 without them, 0.99 with).
   */
  private legalForm(form: string, skip: number): WordInfo {
    const word = replaceLookalikes(bare(form)).replace(/[^a-z0-9]/g, '');
    return LEGAL_FORMS.has(word) ? { ...COLD_WORD, kind: BRIDGE, skip, form } : COLD_WORD;
  }

  /**
   * The units of the stretch's words: each word, or a compound head with its stem (Abu Bakr,
   * عبد الرحمن) or a stem with its tail (Nur al-Din, Saif al-Islam is two words) where the
   * pair meets a listed token as one.
   */
  private units(
    text: string,
    words: Words,
    infos: readonly WordInfo[],
    from: number,
    to: number,
  ): Unit[] {
    const out: Unit[] = [];
    for (let i = from; i < to;) {
      const info = infos[i]!;
      let unit: Unit | undefined;
      if (
        info.place !== PLAIN ||
        (i + 1 < to && infos[i + 1]!.place === TAIL) ||
        (i + 2 < to && infos[i + 2]!.place === TAIL)
      )
        unit = this.compound(text, words, infos, i, to);
      // A compound's tail alone (الله, al-Din) is no name: in prose it is God, or religion.
      const alone: WordInfo =
        info.place === TAIL && info.kind !== COLD
          ? { ...info, kind: LINK, met: LINK_WORD.met }
          : info;
      out.push(unit ?? { from: i, to: i + 1, info: alone });
      i = unit ? unit.to : i + 1;
    }
    return out;
  }

  /** The compound starting at word i, where its words meet a listed token as one. */
  private compound(
    text: string,
    words: Words,
    infos: readonly WordInfo[],
    i: number,
    to: number,
  ): Unit | undefined {
    const info = infos[i]!;
    const place = (k: number) => (k < to ? infos[k]!.place : PLAIN);
    if (info.place === HEAD) {
      // Abd al-Latif, written in three words.
      if (i + 2 < to && ARTICLES.has(bare(infos[i + 1]!.form))) {
        const three = this.joined(text, words, info, i, i + 3, to);
        if (three) return { from: i, to: i + 3, info: three };
      }
      if (place(i + 2) === TAIL) {
        const three = this.joined(text, words, info, i, i + 3, to);
        if (three) return { from: i, to: i + 3, info: three };
      }
      const two = this.joined(text, words, info, i, i + 2, to);
      return two ? { from: i, to: i + 2, info: two } : undefined;
    }
    // A stem with its own article is a family name, not a compound's (خميس سرحان المحمد الدين:
    // المحمد ends one name, الدين begins the text after it).
    if (info.kind === BRIDGE || /^(ال|al-|el-)/i.test(bare(info.form))) return undefined;
    if (place(i + 1) === TAIL) {
      const two = this.joined(text, words, info, i, i + 2, to);
      return two ? { from: i, to: i + 2, info: two } : undefined;
    }
    if (i + 2 < to && ARTICLES.has(bare(infos[i + 1]!.form)) && place(i + 2) === TAIL) {
      const three = this.joined(text, words, info, i, i + 3, to);
      return three ? { from: i, to: i + 3, info: three } : undefined;
    }
    return undefined;
  }

  /** Words [i, end) looked up as one, when they meet a listed token so. */
  private joined(
    text: string,
    words: Words,
    first: WordInfo,
    i: number,
    end: number,
    to: number,
  ): WordInfo | undefined {
    if (end > to) return undefined;
    let joined = first.form || text.slice(words.start[i], words.end[i]);
    for (let k = i + 1; k < end; k++) joined += ` ${text.slice(words.start[k], words.end[k])}`;
    const pair = this.info(joined);
    return pair.kind === HOT ? { ...pair, skip: first.skip } : undefined;
  }

  // ---- segments ----------------------------------------------------------------------------

  private scanSegment(
    doc: ScanDocument,
    seg: TextSegment,
    options: ScanOptions,
    threshold: number,
    sink: Sink,
  ): void {
    const text = seg.value ?? doc.text;
    const from = seg.value !== undefined ? 0 : seg.start;
    const to = seg.value !== undefined ? seg.value.length : seg.end;
    const at = seg.value !== undefined ? (seg.at ?? ((i: number) => seg.start + i)) : identity;
    const words = this.words.read(text, from, to);
    const mapped: Sink = (s, e, r) => sink(at(s), at(e), r);
    this.acronymHits(text, words, options, threshold, mapped);
    const lists = listFilter(options);
    const a = this.automata();
    const usePublic = !lists || lists.some((l) => l !== PARTNER_LIST_ID);
    const useKnown =
      a.names.entities.length > 0 &&
      (!lists || a.names.entities.some((e) => lists.includes(e.provenance.listId)));
    const usePartners =
      options.partner !== undefined &&
      (this.screener.partners?.size ?? 0) > 0 &&
      (!lists || lists.includes(PARTNER_LIST_ID));
    const n = words.count;
    const infos = this.infos;
    infos.length = n;
    for (let i = 0; i < n; i++) infos[i] = this.info(text.slice(words.start[i], words.end[i]));
    // Clauses: runs of words with no break before any but the first. Most hold no word that
    // meets a listed token, nor a compound's head or tail that may meet one with its stem.
    for (let i = 0; i < n;) {
      let j = i + 1;
      let worth = infos[i]!.kind === HOT || infos[i]!.place !== PLAIN;
      for (; j < n && words.breakBefore[j] === 0; j++)
        if (infos[j]!.kind === HOT || infos[j]!.place !== PLAIN) worth = true;
      if (worth) {
        const clause = this.units(text, words, infos, i, j);
        // A name is written as consecutive words: candidates lie within runs of units that
        // met a listed token or are particles.
        for (let r = 0; r < clause.length;) {
          if (clause[r]!.info.kind === COLD) {
            r++;
            continue;
          }
          let end = r + 1;
          while (end < clause.length && clause[end]!.info.kind !== COLD) end++;
          const run = clause.slice(r, end);
          if (usePublic) this.runHits(text, words, run, 0, options, threshold, mapped);
          if (useKnown) this.runHits(text, words, run, 1, options, threshold, mapped);
          r = end;
        }
        if (usePartners) this.partnerHits(words, clause, options, threshold, mapped);
      }
      i = j;
    }
  }

  /**
   * Candidate windows of one run of units on one automaton (0 public lists, 1 known names): the
   * distinct tokens of each listed name met by the run's units, counted; a name met wholly, or
   * by two tokens or more, is scored on the units that met it.
   */
  private runHits(
    text: string,
    words: Words,
    clause: Unit[],
    which: 0 | 1,
    options: ScanOptions,
    threshold: number,
    sink: Sink,
  ): void {
    const a = this.automata();
    const automaton = which === 0 ? a.public : a.known;
    let meeting = 0;
    for (const u of clause) if (u.info.met[which]!.length > 0) meeting++;
    if (meeting === 0) return;
    const windows: [number, Window][] = [];
    if (meeting === 1) {
      // One word that met anything: only a name of one token can be met whole.
      for (let u = 0; u < clause.length; u++)
        for (const id of clause[u]!.info.met[which]!)
          for (const name of automaton.singlesOf(id))
            windows.push([name, { count: 1, first: u, last: u, ids: [id], ats: [u] }]);
    } else {
      // Per name, the window being counted: distinct tokens met, first and last unit. A
      // window closes when it grows too long for the name or, once complete, meets a token it
      // has met already (the name again, a second mention): each mention is a window of its own.
      for (const name of automaton.candidates(clause, which)) {
        // The name's windows in this run: the words that met it, in order. A window closes
        // when it grows too long for the name or, once complete, meets a token it has met
        // already (the name again, a second mention): each mention is a window of its own.
        const need = automaton.need[name]!;
        let e: Window | undefined;
        for (let u = 0; u < clause.length; u++) {
          for (const id of clause[u]!.info.met[which]!) {
            if (!automaton.holds(name, id)) continue;
            if (e && e.last === u) {
              // This word counted for the name already: it may meet several of its tokens.
              if (!e.ids.includes(id)) {
                e.ids.push(id);
                e.ats.push(u);
              }
              continue;
            }
            if (e && u - e.first > need + WINDOW_SLACK) {
              windows.push([name, e]);
              e = undefined;
            }
            // A token met again is a second mention once the name is complete (or of one
            // token): the window so far is a candidate, and the next one starts after the
            // token's first sighting (محمد خميس سرحان المحمد: from خميس). Before, it is the
            // name's own repeat (Hamid Hamad Hamid, محمد … محمد).
            const seen = e ? e.ids.indexOf(id) : -1;
            if (e && seen >= 0 && (e.count >= automaton.length[name]! || need === 1)) {
              windows.push([name, e]);
              e = slide(e, e.ats[seen]!);
            }
            e ??= { count: 0, first: u, last: u, ids: [], ats: [] };
            if (!e.ids.includes(id)) {
              e.ids.push(id);
              e.ats.push(u);
            }
            // Words that met the name, each once: a fuzzy word may meet two of its tokens.
            e.count++;
            e.last = u;
          }
        }
        if (e) windows.push([name, e]);
      }
    }
    if (windows.length === 0) return;
    const tried = new Set<string>();
    for (const [name, e] of windows) {
      const need = automaton.need[name]!;
      if (e.count < Math.min(need, 2) || !automaton.specific[name]) continue;
      if (e.last - e.first > need + WINDOW_SLACK) continue;
      let first = e.first;
      // Particles and heads before the first word met belong to the name (Abu, al-).
      while (first > 0 && clause[first - 1]!.info.kind === BRIDGE && e.first - first < 2) first--;
      const entityIdx = automaton.entity[name]!;
      const key = `${entityIdx}:${first}:${e.last}`;
      if (tried.has(key)) continue;
      tried.add(key);
      let last = e.last;
      let forms = clause.slice(first, last + 1).map((u) => u.info.form);
      let r = this.scoreWindow(forms, entityIdx, which, options, threshold);
      // Words before the ones met may be part of the name too (LES SENTINELLES), and legal
      // forms after them (YUK TUNG ENERGY PTE LTD: 0.64 without them, 0.99 with), up to two
      // on each side, taken when the score gains. Past a word that is itself evidence and
      // gains nothing, no further word is tried; past a particle, legal form or function word
      // the next one still is (PTE loses, PTE LTD gains). An Arabic function word never edges
      // a window (من جديد is not Maan Jdiid).
      const edge = (u: Unit) => u.info.kind !== LINK || !ARABIC.test(u.info.form);
      let bestFirst = first;
      for (let less = first - 1; r && less >= 0 && e.first - less <= 2; less--) {
        if (!edge(clause[less]!)) continue;
        const longer = clause.slice(less, last + 1).map((u) => u.info.form);
        const s = this.scoreWindow(longer, entityIdx, which, options, threshold);
        if (s && s.score > r.score) [r, forms, bestFirst] = [s, longer, less];
        else if (clause[less]!.info.kind === HOT) break;
      }
      first = bestFirst;
      let bestLast = last;
      for (let more = last + 1; r && more < clause.length && more - e.last <= 2; more++) {
        if (!edge(clause[more]!)) continue;
        const longer = clause.slice(first, more + 1).map((u) => u.info.form);
        const s = this.scoreWindow(longer, entityIdx, which, options, threshold);
        if (s && s.score > r.score) [r, forms, bestLast] = [s, longer, more];
        else if (clause[more]!.info.kind === HOT) break;
      }
      last = bestLast;
      if (!r || 'light' in r || r.score < threshold || r.schemaMismatch) continue;
      const after = clause[last]!.to;
      const next =
        after < words.count && words.breakBefore[after] === 0
          ? text.slice(words.start[after], words.end[after])
          : '';
      if (!provenInText(r, forms, next)) continue;
      const start = words.start[clause[first]!.from]! + clause[first]!.info.skip;
      const end = words.end[clause[last]!.to - 1]!;
      sink(start, end, r);
    }
  }

  /** A window scored against one entity of an automaton's index, remembered. */
  private scoreWindow(
    forms: string[],
    entityIdx: number,
    which: 0 | 1,
    options: ScanOptions,
    threshold: number,
  ): Scored | undefined {
    const name = forms.join(' ');
    const key = `${which}\u0001${entityIdx}\u0001${(options.lists ?? []).join(',')}\u0001${name}`;
    const cached = this.windows.get(key);
    // A window remembered by its score alone is recomputed only should it reach the threshold.
    if (cached === null) return undefined;
    if (typeof cached === 'number') {
      if (cached < threshold) return { score: cached, light: true };
    } else if (cached !== undefined) return cached;
    let r: MatchResult | undefined;
    const lists = listFilter(options);
    if (which === 0) {
      const entity = this.screener.index.entities[entityIdx]!;
      if (!lists || lists.includes(entity.provenance.listId)) {
        r = this.screener.matcher.scoreEntityNames({ name }, entityIdx);
        if (r) r = { ...r, cluster: this.screener.clusters.of(entity) };
      }
    } else {
      const a = this.automata();
      const copy = a.knownScreener.index.entities[entityIdx]!;
      if (!lists || lists.includes(copy.provenance.listId)) {
        const known = a.knownScreener.matcher.scoreEntityNames({ name }, entityIdx);
        r = known ? this.asListed(known) : undefined;
      }
    }
    // Most windows score far under any threshold: their score is all that is kept.
    this.windows.set(key, r === undefined ? null : r.score < KEEP_RESULT ? r.score : r);
    return r;
  }

  /**
   * Partner records in the caller's scope: the clause's runs of units that meet a partner's
   * token, screened in windows through the screener (which keeps to the scope); each result
   * located on the sub-window that fits it best.
   */
  private partnerHits(
    words: Words,
    clause: Unit[],
    options: ScanOptions,
    threshold: number,
    sink: Sink,
  ): void {
    const partners = this.screener.partners!;
    const partner = options.partner!;
    for (let i = 0; i < clause.length;) {
      if (!clause[i]!.info.partner) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < clause.length && clause[j]!.info.kind !== COLD) j++;
      for (let w = i; w < j; w += PARTNER_WINDOW / 2) {
        const end = Math.min(j, w + PARTNER_WINDOW);
        const forms = clause.slice(w, end).map((u) => u.info.form);
        for (const r of partners.match(
          { name: forms.join(' ') },
          { minScore: 0.2, limit: 5 },
          partner,
        )) {
          let best: { a: number; b: number; r: MatchResult } | undefined;
          for (let a = 0; a < forms.length; a++)
            for (let b = a + 1; b <= forms.length; b++) {
              const s =
                a === 0 && b === forms.length
                  ? r
                  : partners.scoreEntity(
                      { name: forms.slice(a, b).join(' ') },
                      r.entity.id,
                      partner,
                    );
              if (s && (!best || s.score > best.r.score + 1e-9)) best = { a, b, r: s };
            }
          if (!best || best.r.score < threshold) continue;
          const sub = forms.slice(best.a, best.b);
          if (!provenInText(best.r, sub)) continue;
          const first = clause[w + best.a]!;
          const last = clause[w + best.b - 1]!;
          sink(words.start[first.from]! + first.info.skip, words.end[last.to - 1]!, best.r);
        }
        if (end === j) break;
      }
      i = j;
    }
  }

  /**
   * A result on a known name, told as a result on the listed record: the record and its
   * cluster, the explanation naming the known name and where it comes from.
   */
  private asListed(r: MatchResult): MatchResult | undefined {
    const listed = this.screener.entity(r.entity.id);
    if (!listed) return undefined;
    const source = this.automata().names.sources.get(r.entity.id);
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
    options: ScanOptions,
    threshold: number,
    sink: Sink,
  ): void {
    const a = this.automata();
    if (a.names.acronyms.size === 0) return;
    const lists = listFilter(options);
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
        if (isCapitals(text, words.start[i + 1]!, e2) && a.names.acronyms.has(joined)) {
          key = joined;
          e = e2;
          i++;
        }
      }
      const ids = a.names.acronyms.get(key);
      if (!ids) continue;
      for (const id of ids) {
        const scored = a.acronymScreener.scoreEntity({ name: key }, id);
        const r = scored ? this.asListed(scored) : undefined;
        if (!r || r.score < threshold) continue;
        if (lists && !lists.includes(r.entity.provenance.listId)) continue;
        sink(s, e, r);
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
    const lists = listFilter(options);
    const [start, end] = spanBounds(party.name);
    if (party.bic) {
      for (const e of this.screener.byIdentifier(party.bic, options.partner, lists)) {
        out.push({
          start,
          end,
          result: identifierResult(e, party.bic, this.screener),

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
      if (r.score >= threshold) out.push({ start, end, result: r, field: party.field });
  }
}

/** A hit before it is a record. */
interface Found {
  start: number;
  end: number;
  result: MatchResult;
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
  return dropContained(kept).sort((a, b) => a.start - b.start || b.result.score - a.result.score);
}

/**
 * A hit inside a longer hit on another entity is a part of that name, not a name of its own
 * (al-Sham inside Hay'at Tahrir al-Sham is not CHAM HOLDING): the longest match stands.
 */
function dropContained(found: Found[]): Found[] {
  const byStart = [...found].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Found[] = [];
  let cover: Found | undefined;
  for (const f of byStart) {
    const inside =
      cover !== undefined &&
      cover.field === f.field &&
      f.end <= cover.end &&
      cover.end - cover.start > f.end - f.start &&
      (cover.result.cluster?.id ?? cover.result.entity.id) !==
        (f.result.cluster?.id ?? f.result.entity.id);
    if (!inside) out.push(f);
    if (!cover || f.end > cover.end || f.field !== cover.field) cover = f;
  }
  return out;
}

function toHits(doc: ScanDocument, found: Found[]): { hit: ScanHit; result: MatchResult }[] {
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
    return { hit, result: f.result };
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
 * - one word alone is a match only for an organisation (or a known name of one), or a
 *   person's kunya the list gives in full (Abu Emad), met exactly or as a known variant,
 *   three letters or more, and not a weak alias: a lone given name or nickname in prose
 *   names no one;
 * - Arabic written as Arabic must meet the listed Arabic exactly or as a known variant (after
 *   folding hamza seats, ta marbuta, alef maqsura, Persian forms, marks and tatweel): one
 *   letter apart is another word (فصل, a season; فضل, a name), not a spelling of it; and a
 *   record with an Arabic name is met in Arabic text through that name, not a Latin one.
 */
function provenInText(r: MatchResult, forms: readonly string[], next = ''): boolean {
  const { tokens, qualifiers } = r.explanation;
  if (tokens.length === 0) return false;
  const strict = (t: TokenMatch) => t.evidence === 'exact' || t.evidence === 'variant';
  const arabic = forms.some((f) => ARABIC.test(f));
  if (arabic && tokens.some((t) => ARABIC.test(t.listed) && !strict(t))) return false;
  // Met through a Latin name while a word of the window is one letter off a word of the
  // record's Arabic name: the Arabic spelling says it is another word (فصل beside فضل).
  if (arabic && !tokens.some((t) => ARABIC.test(t.listed)) && nearArabicName(r.entity, forms))
    return false;
  const words = forms.filter((f) => !BRIDGES.has(f.replace(INVISIBLE_IN_ARABIC, '').toLowerCase()));
  // An Arabic word with the article met across scripts by a Latin name without one is a
  // noun, not that name (الأمن, "security", is not Ayman; البغدادي is al-Baghdadi).
  if (
    arabic &&
    tokens.some(
      (t) =>
        t.evidence === 'cross-script' &&
        bare(t.query).startsWith('ال') &&
        !ARABIC.test(t.listed) &&
        !articleBefore(r.explanation.matchedName, t.listed),
    )
  )
    return false;
  // A person is named in prose by the whole of a listed name, or by three of its parts at
  // least: two given names (محمد فوزي, Mansur Hadi) are shared by too many people.
  if (r.entity.schema === 'Person' && tokens.length < 3) {
    const unmet = r.explanation.unmatchedListed.filter((t) => !BRIDGES.has(bare(t)));
    if (unmet.length > 0) return false;
  }
  if (words.length <= 1) {
    // A person's name of one part is a given name or a nickname, which in prose names no one
    // (Shams al-Din, Abd al-Rahman are given names), unless it is a kunya the list gives as a
    // full alias (Abu Emad), not a weak one.
    if (r.entity.schema === 'Person' && !KUNYA_HEAD.test(bare(words[0] ?? ''))) return false;
    // An organisation's one-word name must be a rare word: a common given name alone (Salih,
    // Hadi) names a person, whatever organisation carries it as an alias.
    if (r.entity.schema !== 'Person' && tokens.some((t) => t.weight < RARE_WORD)) return false;
    if (qualifiers.some((q) => q.kind === 'weakAlias')) return false;
    if (!tokens.every(strict)) return false;
    const word = words[0] ?? '';
    if (word.replace(/^(ال|al-?|el-?)/i, '').length < 3) return false;
    // In Latin prose a name is capitalised ("victory" is no vessel's name); a vessel or an
    // aircraft alone, only in capitals, as a message writes it (HORSE, not "Horse").
    const written = replaceLookalikes(word.replace(INVISIBLE_IN_ARABIC, ''));
    if (!arabic && !/^\p{Lu}/u.test(written.replace(/^(al|el)-?/i, ''))) return false;
    if (
      !arabic &&
      r.entity.schema !== 'Organization' &&
      r.entity.schema !== 'LegalEntity' &&
      r.entity.schema !== 'Person' &&
      /\p{Ll}/u.test(word)
    )
      return false;
    if (arabic && !arabicAsListed(word, next, r.explanation.matchedName)) return false;
  }
  return true;
}

const ARABIC = /[\u0600-\u06ff]/;
/** The rarity weight from which one word may name an organisation alone (Qaida 1.0; Salih 0.39). */
const RARE_WORD = 0.8;
/** A kunya: Abu, Umm (أبو, أم) and a name, written as two words or joined by a hyphen. */
const KUNYA_HEAD = /^(abu|abou|abo|umm|um|أبو|ابو|أم|ام)[\s-]+\S/;

function nearArabicName(e: Entity, forms: readonly string[]): boolean {
  const listed = new Set<string>();
  for (const key of ['name', 'alias', 'weakAlias'] as const)
    for (const n of e.properties[key] ?? [])
      if (ARABIC.test(n)) for (const w of n.split(/[\s\-،,]+/)) listed.add(arabicStem(w));
  if (listed.size === 0) return false;
  for (const f of forms) {
    const w = arabicStem(f);
    if (w.length < 3 || listed.has(w)) continue;
    for (const l of listed) if (oneEditApart(w, l)) return true;
  }
  return false;
}

/** An Arabic word folded, without its article: what two spellings of one name share. */
function arabicStem(word: string): string {
  const folded = foldArabic(word.replace(/[^\u0621-\u064a]/g, ''));
  return folded.startsWith('ال') && folded.length > 4 ? folded.slice(2) : folded;
}

/** Whether two different words are one substitution, insertion or deletion apart. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function listFilter(options: ScanOptions): string[] | undefined {
  return options.lists && options.lists.length > 0 ? [...options.lists] : undefined;
}

/**
 * One Arabic word alone as a name: written as the listed name is, article included (قاعدة is
 * "a base", القاعدة the organisation), and a name with the article not the head of a noun
 * phrase, whose next word is a definite adjective (القاعدة الجوية, "the air base").
 */
function arabicAsListed(word: string, next: string, listed: string): boolean {
  const w = foldArabic(bare(word));
  const l = foldArabic(bare(listed.split(' (a known name of ')[0] ?? listed));
  if (l.startsWith('ال') !== w.startsWith('ال')) return false;
  const n = bare(next);
  return !(l.startsWith('ال') && n.startsWith('ال') && n.length > 3 && !FUNCTION_WORDS.has(n));
}

/** A word without invisible characters, tatweel and harakat, in lower case. */
function bare(word: string): string {
  return word.replace(INVISIBLE_IN_ARABIC, '').toLowerCase();
}

/** The window after unit `after`: what it met from there on (undefined when nothing). */
function slide(e: Window, after: number): Window | undefined {
  const ids: number[] = [];
  const ats: number[] = [];
  const units = new Set<number>();
  for (let k = 0; k < e.ids.length; k++)
    if (e.ats[k]! > after) {
      ids.push(e.ids[k]!);
      ats.push(e.ats[k]!);
      units.add(e.ats[k]!);
    }
  if (ids.length === 0) return undefined;
  return { count: units.size, first: Math.min(...ats), last: e.last, ids, ats };
}

/** Whether the listed name writes an article before `token` (al-Baghdadi), or in it (Alqaida). */
function articleBefore(name: string, token: string): boolean {
  const lower = name.toLowerCase();
  const t = token.toLowerCase();
  const i = lower.indexOf(t);
  if (i < 0 || /^(al|el)[\s-]?/.test(t)) return true;
  return /(^|[\s'’-])(al|el|ad|ar|as|ash|at|az|an|ud|ul)[\s-]$/.test(
    lower.slice(Math.max(0, i - 5), i),
  );
}

/** A blank line, CRLF or not: the end of every clause (words.ts). */
const BLANK_LINE = /\n[ \t\r]*\n/g;
/** Characters of free text scanned between two turns of the event loop (scanWithResultsAsync). */
const STRETCH = 100_000;

/**
 * A segment cut into stretches of about STRETCH characters at blank lines, which end every
 * clause (words.ts): no window crosses one, so the stretches give the hits the whole gives. A
 * segment with no blank line near a cut stays whole.
 */
export function stretches(text: string, seg: TextSegment): TextSegment[] {
  if (seg.value !== undefined || seg.end - seg.start <= STRETCH) return [seg];
  const out: TextSegment[] = [];
  let from = seg.start;
  while (seg.end - from > STRETCH) {
    BLANK_LINE.lastIndex = from + STRETCH;
    const cut = BLANK_LINE.exec(text)?.index ?? -1;
    if (cut < 0 || cut >= seg.end) break;
    out.push({ ...seg, start: from, end: cut });
    from = cut;
  }
  out.push({ ...seg, start: from, end: seg.end });
  return out;
}
