/**
 * Parses a name into tokens with roles (arabic-names.md §3 and §7.1): articles, particles and
 * titles are recognised; Abd al-X, Abu X, X al-Din and X-Allah are joined into compounds whose
 * stem carries the identity; every evidence token gets its lexicon groups and rarity weight.
 */
import { altReadings } from './alt-readings.js';
import { cleanText } from './clean.js';
import { foldArabic } from './fold-arabic.js';
import {
  AMBIGUOUS_TITLES,
  ASSIMILATED_ARTICLES,
  KUNYA,
  LATIN_ARTICLES,
  LEGAL_FORMS,
  LEGAL_PHRASES,
  ORG_GENERIC,
  PARTICLES,
  ROMAN_NUMERALS,
  TITLES,
} from './name-symbols.js';
import { arabicCode, latinCode } from './phonetic-code.js';
import { encode } from './encode.js';
import { isHyphen, isSeparator, piecesOfWord, prepareWords, type Piece } from './pieces.js';
import type { Lexicon } from './lexicon.js';
import { rarityWeight } from './rarity.js';
import {
  makeToken,
  readingsOf,
  type Head,
  type NameToken,
  type ParseContext,
  type ParsedName,
  type Role,
  type TokenCore,
} from './tokens.js';

// prettier-ignore
const ABD_LATIN = new Set(['abd', 'abdul', 'abdel', 'abdal', 'abdil', 'abdol', 'abdur', 'abdor', 'abdus', 'abdos', 'abduz', 'abdoul']);
// prettier-ignore
const DIN_LATIN = new Set(['din', 'deen', 'dine', 'diin', 'eddine', 'eddin', 'uddin', 'iddin', 'addin', 'ddin', 'udin', 'edin']);
// prettier-ignore
const ALLAH_LATIN = new Set(['allah', 'ullah', 'ulla', 'alla', 'ollah', 'illah', 'olla', 'lah', 'llah']);
// prettier-ignore
const PERSON_PARTICLES = new Set(['de', 'del', 'della', 'da', 'di', 'do', 'dos', 'das', 'du', 'la', 'le', 'van', 'von', 'der', 'den', 'ter', 'y', 'e', 'zu', 'st']);
/** Kunyas so frequent as noms de guerre that they cannot identify anyone alone (OpenSanctions' generic list). */
// prettier-ignore
const GENERIC_KUNYA_STEMS = new Set(['anas', 'omar', 'umar', 'musab', 'bakr', 'aisha', 'muhammad', 'mohammed', 'mohamed', 'ismail', 'khattab', 'hajar', 'ali', 'hamza', 'jihad', 'ubaidah', 'akram', 'abdullah', 'ahmad', 'ahmed', 'bakar', 'bakir', 'bekr', 'baker', 'muhamad', 'mohamad', 'mohammad', 'محمد', 'عمر', 'بكر', 'علي', 'حمزه', 'انس', 'مصعب']);
const ALLAH = 'allah';
/**
 * Words of a name that are read; beyond this it is pasted text, not a name. Scoring keeps
 * token positions in 31-bit masks.
 */
export const MAX_NAME_TOKENS = 30;
/** Generic organisation words count a little, and differing ones tell companies apart. */
const GENERIC_WEIGHT = 0.3;

interface Draft {
  piece: Piece;
  role: Role;
  form: string;
  head?: Head;
  stem?: Piece;
  stemForm?: string;
  /** The piece's analysis, for a draft of one piece as it is (or a glued compound of it). */
  info?: PieceInfo;
}

export function parseName(text: string, ctx: ParseContext): ParsedName {
  let infos = wordInfosOf(prepareWords(reorderComma(cleanText(text))));
  if (ctx.kind !== 'person') infos = joinLegalPhrases(infos);
  const drafts = joinCompounds(infos, ctx.kind);
  assignTitles(drafts);
  const tokens: NameToken[] = [];
  for (const d of drafts) tokens.push(finishDraft(d, ctx));
  return { text, tokens };
}

/**
 * "SALEK, ABDULHAI" and "AL-QADULI, 'ABD AL-RAHMAN" put the family name first: one comma with
 * a short given part after it is turned back into the natural order, so that compounds split
 * across the comma join again. Token order does not matter to scoring; compounds do.
 */
function reorderComma(text: string): string {
  const comma = text.indexOf(',');
  if (comma < 0 || text.indexOf(',', comma + 1) >= 0) return text;
  const family = text.slice(0, comma).trim();
  const given = text.slice(comma + 1).trim();
  const words = given.split(/\s+/).filter(Boolean).length;
  if (!family || words === 0 || words > 4 || /\d/.test(given)) return text;
  return `${given} ${family}`;
}

/**
 * What parsing needs to know of a piece on its own, worked out once per word: a batch repeats
 * words far more than whole names. How a piece is read still depends on its neighbours and on
 * the name (joinCompounds); that part is cheap, the rest is here.
 */
interface PieceInfo {
  piece: Piece;
  /** Comparison form (see formOf). */
  form: string;
  /** 0 never an article, 1 an article before any piece, 2 an assimilated one (see isArticle). */
  article: 0 | 1 | 2;
  kunya: string | undefined;
  titleLike: boolean;
  abd: boolean;
  din: boolean;
  allah: boolean;
  /** آل, "house of": a title after it is the family's name. */
  houseOf: boolean;
  /** The piece read as a joined compound (splitGlued). */
  glued: Draft | undefined;
  /** simpleRole by the kind of name and whether it has more than one piece (see roleOf). */
  roles: (Role | undefined)[];
  /** Pieces of remembered words keep their finished tokens (see finishDraft). */
  cacheable: boolean;
  lexicon: Lexicon | undefined;
  /** Finished tokens by role (ROLE_SLOT), the glued compound's last, for `lexicon`. */
  tokens: (NameToken | undefined)[];
}

function analyse(p: Piece, cacheable: boolean): PieceInfo {
  const info: PieceInfo = {
    piece: p,
    form: formOf(p),
    article: articleKind(p),
    kunya: KUNYA.get(p.script === 'arabic' ? p.text.replace(/[^\u0600-\u06ff]/g, '') : p.base),
    titleLike: isTitleLike(p),
    abd: isAbdPiece(p),
    din: isDinPiece(p),
    allah: isAllahPiece(p),
    houseOf: p.script === 'arabic' && p.base === 'آل',
    glued: undefined,
    roles: [],
    cacheable,
    lexicon: undefined,
    tokens: [],
  };
  const glued = splitGlued(p);
  if (glued) {
    glued.info = info;
    info.glued = glued;
  }
  return info;
}

/**
 * Each word's pieces analysed, remembered by the word and whether a hyphen follows it (what a
 * word becomes depends on nothing else). Bounded: cleared when full.
 */
const WORDS = new Map<string, readonly PieceInfo[]>();
const HYPHENATED_WORDS = new Map<string, readonly PieceInfo[]>();
const MAX_WORDS = 50_000;

function wordInfos(word: string, hyphenNext: boolean): readonly PieceInfo[] {
  const memo = hyphenNext ? HYPHENATED_WORDS : WORDS;
  let infos = memo.get(word);
  if (infos === undefined) {
    infos = piecesOfWord(word, hyphenNext).map((p) => analyse(p, true));
    if (memo.size >= MAX_WORDS) memo.clear();
    memo.set(word, infos);
  }
  return infos;
}

/** The pieces of prepared text (its words as nextWord finds them), at most MAX_NAME_TOKENS. */
function wordInfosOf(text: string): PieceInfo[] {
  const out: PieceInfo[] = [];
  const n = text.length;
  let at = 0;
  for (;;) {
    while (at < n && isSeparator(text.charCodeAt(at))) at++;
    if (at >= n) return out;
    let end = at + 1;
    while (end < n && !isSeparator(text.charCodeAt(end))) end++;
    let next = end;
    while (next < n && isSeparator(text.charCodeAt(next))) next++;
    const hyphenNext = next - end === 1 && isHyphen(text.charCodeAt(end));
    for (const info of wordInfos(text.slice(at, end), hyphenNext)) {
      out.push(info);
      if (out.length === MAX_NAME_TOKENS) return out;
    }
    at = next;
  }
}

/** Forgets every remembered word and token (for tests: a fresh parse to compare with). */
export function clearParseMemo(): void {
  WORDS.clear();
  HYPHENATED_WORDS.clear();
  FINISHED = new WeakMap();
}

/** How many words are remembered (for tests: the memo stays bounded). */
export function parseMemoSize(): number {
  return WORDS.size + HYPHENATED_WORDS.size;
}

/** First words of LEGAL_PHRASES: most pieces start none. */
const LEGAL_FIRST = new Set(LEGAL_PHRASES.map(([words]) => words[0]!));

function legalPhraseAt(infos: PieceInfo[], i: number): [string[], string] | undefined {
  return LEGAL_PHRASES.find(([words]) =>
    words.every((w, k) => infos[i + k]?.piece.script === 'latin' && infos[i + k]!.piece.base === w),
  );
}

/** Open Joint Stock Company → one legal-form piece (jsc), so it meets OAO and JSC. */
function joinLegalPhrases(infos: PieceInfo[]): PieceInfo[] {
  let out: PieceInfo[] | undefined;
  for (let i = 0; i < infos.length; i++) {
    const p = infos[i]!.piece;
    const phrase =
      p.script === 'latin' && LEGAL_FIRST.has(p.base) ? legalPhraseAt(infos, i) : undefined;
    if (!phrase) {
      out?.push(infos[i]!);
      continue;
    }
    out ??= infos.slice(0, i);
    const [words, symbol] = phrase;
    const text = infos
      .slice(i, i + words.length)
      .map((x) => x.piece.text)
      .join(' ');
    out.push(analyse({ ...p, text, base: symbol, hyphenNext: false }, false));
    i += words.length - 1;
  }
  return out ?? infos;
}

function formOf(p: Piece): string {
  return p.script === 'arabic' ? foldArabic(p.base) : p.base;
}

function isAllahPiece(p: Piece): boolean {
  return p.script === 'arabic'
    ? foldArabic(p.base) === 'الله' || (foldArabic(p.base) === 'له' && p.article)
    : ALLAH_LATIN.has(p.base);
}

/** Whether a piece may be an article (see isArticle), from the piece alone. */
function articleKind(p: Piece): 0 | 1 | 2 {
  if (p.script === 'arabic') return p.base === 'ال' || p.base === 'آل' || p.base === 'ال' ? 1 : 0;
  if (p.script !== 'latin') return 0;
  if (LATIN_ARTICLES.has(p.base)) return 1;
  return ASSIMILATED_ARTICLES.has(p.base) ? 2 : 0;
}

function isArticle(a: PieceInfo, next: PieceInfo | undefined): boolean {
  if (!next || a.article === 0) return false;
  if (a.article === 1) return true;
  const p = a.piece;
  const n = next.piece;
  if (n.script !== 'latin') return false;
  // ar-Rahman, ash-Shabaab, ud Din: an assimilated article doubles the next consonant.
  const consonant = p.base.slice(1);
  return (
    p.hyphenNext || n.base.startsWith(consonant) || (consonant === 'd' && DIN_LATIN.has(n.base))
  );
}

/** Abd, Abdul… and their Somali spellings with ʿayn written c (Cabdul Qaadir). */
function isAbdPiece(p: Piece): boolean {
  if (p.script === 'arabic') return p.base === 'عبد';
  return ABD_LATIN.has(p.base) || (p.base[0] === 'c' && ABD_LATIN.has(p.base.slice(1)));
}

/** A joined Somali ʿAbd compound (Cabdiraxmaan, Cabdullaahi): no other word starts so. */
const SOMALI_ABD = /^cabd/;

/** The first piece from `from` on that is not an article, or -1. */
function nextContent(infos: readonly PieceInfo[], from: number): number {
  let j = from;
  while (j < infos.length && isArticle(infos[j]!, infos[j + 1])) j++;
  return j < infos.length ? j : -1;
}

function joinCompounds(infos: readonly PieceInfo[], kind: ParseContext['kind']): Draft[] {
  const out: Draft[] = [];
  const n = infos.length;
  let i = 0;
  while (i < n) {
    const a = infos[i]!;
    const p = a.piece;
    if (isArticle(a, infos[i + 1])) {
      out.push({ piece: p, role: 'article', form: a.form, info: a });
      i++;
      continue;
    }
    if (a.kunya || a.abd) {
      const j = nextContent(infos, i + 1);
      if (a.kunya && j > 0 && !infos[j]!.titleLike) {
        out.push(compound(a, a.kunya as Head, infos[j]!));
        i = j + 1;
        continue;
      }
      if (a.abd && j > 0) {
        out.push(compound(a, 'abd', infos[j]!));
        i = j + 1;
        continue;
      }
    }
    if (a.glued) {
      out.push(a.glued);
      i++;
      continue;
    }
    const prev = lastContent(out);
    if (prev && !prev.head && a.din) {
      replaceWithCompound(out, prev, 'din');
      i++;
      continue;
    }
    if (prev && !prev.head && a.allah) {
      replaceWithCompound(out, prev, 'allah');
      i++;
      continue;
    }
    // After آل ("house of"), a title word is the family's name: آل الشيخ, Al ash-Sheikh.
    const afterAl = i > 0 && infos[i - 1]!.houseOf;
    const role = roleOf(a, kind, n > 1);
    out.push({
      piece: p,
      role: afterAl && role === 'title' ? 'name' : role,
      form: a.form,
      info: a,
    });
    i++;
  }
  return out;
}

function isTitleLike(p: Piece): boolean {
  return p.script === 'latin' && (PARTICLES.has(p.base) || TITLES.has(p.base));
}

function isDinPiece(p: Piece): boolean {
  return p.script === 'arabic' ? p.base === 'دين' || p.base === 'دین' : DIN_LATIN.has(p.base);
}

function lastContent(out: Draft[]): Draft | undefined {
  for (let k = out.length - 1; k >= 0; k--) {
    const d = out[k]!;
    if (d.role === 'article') continue;
    return d.role === 'name' ? d : undefined;
  }
  return undefined;
}

function replaceWithCompound(out: Draft[], prev: Draft, head: Head): void {
  const at = out.indexOf(prev);
  // A draft without a head is one piece as it is, and carries its analysis.
  const info = prev.info!;
  out.splice(at, out.length - at, compound(info, head, info, true));
}

/**
 * A compound keeps the head and the stem. For X al-Din and X-Allah the stem is X; for Abd
 * al-Allah the stem is the canonical `allah`, so Abdullah, Abd Allah and عبد الله all meet.
 */
function compound(headInfo: PieceInfo, head: Head, stemInfo: PieceInfo, stemIsHead = false): Draft {
  const headPiece = headInfo.piece;
  const stem = stemInfo.piece;
  const stemForm = stemInfo.allah && head === 'abd' ? ALLAH : stemInfo.form;
  const text = stemIsHead ? stem.text : `${headPiece.text} ${stem.text}`;
  const written = stemIsHead ? stem.base : headPiece.base + stem.base;
  return {
    piece: { ...headPiece, text, base: written },
    role: 'name',
    form: `${head} ${stemForm}`,
    head,
    stem,
    stemForm,
  };
}

const GLUED_DIN = /^(.{3,}?)[aeiou]+[ld]d(?:i|ee)ne?$/;
const GLUED_ALLAH = /^(.{3,}?)[aeiou]?llah$|^(.{3,}?)[aeiou]lah$|^(.{3,}?)[uo]lla$/;
const GLUED_ABU = /^(?:abu|abou|aboo)(?:l|al|el)?(.{3,})$/;

/** Joined spellings: Abdurrahman, Abubakar, Salahuddin, Habibullah, عبدالله, نورالدين. */
function splitGlued(p: Piece): Draft | undefined {
  if (p.script === 'arabic') return splitGluedArabic(p);
  if (p.script !== 'latin' || p.base.length < 6) return undefined;
  const b = p.base;
  if (b.startsWith('abd') || SOMALI_ABD.test(b)) {
    const stem = abdStem(b.slice(b.indexOf('abd') + 3));
    if (stem) return gluedDraft(p, 'abd', stem);
  }
  // Each pattern is tried only where the word has its fixed start or end.
  const abu = b.startsWith('ab') ? GLUED_ABU.exec(b) : null;
  if (abu) return gluedDraft(p, 'abu', abu[1]!);
  const din = b.endsWith('n') || b.endsWith('ne') ? GLUED_DIN.exec(b) : null;
  if (din) return gluedDraft(p, 'din', din[1]!);
  const allah = b.endsWith('lah') || b.endsWith('lla') ? GLUED_ALLAH.exec(b) : null;
  if (allah) return gluedDraft(p, 'allah', (allah[1] ?? allah[2] ?? allah[3])!);
  return undefined;
}

/** What follows abd-: the article (ul, el, ur, …) is dropped, and any form of Allah is canonical. */
function abdStem(rest: string): string | undefined {
  // Abdullah, Abdalla, and with a final vowel Abdullahi, Somali Cabdullaahi.
  if (/^[aeiou]?ll?[aeiou]{1,2}h?[ie]?$/.test(rest)) return ALLAH;
  let m = /^[aeiou]l(.{3,})$/.exec(rest);
  if (m) return m[1];
  m = /^[aeiou]([bcdfghjklmnpqrstvwxyz])\1(.{2,})$/.exec(rest);
  if (m) return m[1]! + m[2]!;
  m = /^[aeiou]?(.{3,})$/.exec(rest);
  return m ? m[1] : undefined;
}

function gluedDraft(p: Piece, head: Head, stemBase: string): Draft {
  const stem: Piece = { ...p, base: stemBase, text: stemBase };
  return { piece: p, role: 'name', form: `${head} ${stemBase}`, head, stem, stemForm: stemBase };
}

function splitGluedArabic(p: Piece): Draft | undefined {
  const b = p.base;
  const folded = foldArabic(b);
  if (folded.startsWith('عبد') && folded.length >= 5) {
    const rest = b.slice(3);
    const hasArticle = rest.startsWith('ال');
    const stemBase = hasArticle ? rest.slice(2) : rest;
    const isAllah = rest === 'الله' || stemBase === 'له';
    if (stemBase.length >= 2 || isAllah) {
      const stem: Piece = { ...p, base: isAllah ? 'الله' : stemBase, article: hasArticle };
      return {
        piece: p,
        role: 'name',
        form: `abd ${isAllah ? ALLAH : foldArabic(stemBase)}`,
        head: 'abd',
        stem,
        stemForm: isAllah ? ALLAH : foldArabic(stemBase),
      };
    }
  }
  for (const [suffix, head] of [
    ['الدين', 'din'],
    ['الدین', 'din'],
    ['الله', 'allah'],
  ] as const) {
    if (b.endsWith(suffix) && b.length >= suffix.length + 2) {
      const stemBase = b.slice(0, -suffix.length);
      const stem: Piece = { ...p, base: stemBase };
      return {
        piece: p,
        role: 'name',
        form: `${head} ${foldArabic(stemBase)}`,
        head,
        stem,
        stemForm: foldArabic(stemBase),
      };
    }
  }
  return undefined;
}

/** simpleRole of a piece, remembered by the kind of name and whether it has more pieces. */
function roleOf(a: PieceInfo, kind: ParseContext['kind'], multi: boolean): Role {
  const k = (kind === 'person' ? 0 : kind === 'org' ? 2 : 4) + (multi ? 1 : 0);
  return (a.roles[k] ??= simpleRole(a.piece, kind, multi ? 2 : 1));
}

function simpleRole(p: Piece, kind: ParseContext['kind'], count: number): Role {
  const key = p.script === 'arabic' ? foldArabic(p.text.replace(/[^\u0600-\u06ff]/g, '')) : p.base;
  if (count > 1 && PARTICLES.has(key)) return 'particle';
  if (count > 1 && TITLES.has(key)) return 'title';
  if (kind !== 'person' && count > 1 && LEGAL_FORMS.has(key)) return 'legal';
  if (/^[0-9]+$/.test(key) || (p.script === 'latin' && ROMAN_NUMERALS.has(key) && count > 1))
    return 'number';
  if (kind !== 'person' && count > 1 && ORG_GENERIC.has(key)) return 'generic';
  if (kind === 'person' && count > 1 && PERSON_PARTICLES.has(key)) return 'particle';
  if (count > 1 && isOneLetter(p.base) && (p.script === 'latin' || p.script === 'arabic'))
    return 'initial';
  return 'name';
}

/** One code point (as `[...s].length === 1`, without making the array). */
function isOneLetter(s: string): boolean {
  return s.length === 1 || (s.length === 2 && s.codePointAt(0)! > 0xffff);
}

/**
 * Titles that double as names (Amir, Hafiz, Akhund) stay names, but weigh like a common name
 * (see finish): the same rule on both sides, whatever else the name holds. A name never
 * loses all its parts to titles and particles.
 */
function assignTitles(drafts: Draft[]): void {
  let content = 0;
  for (const d of drafts) {
    if (d.role === 'title') {
      const key = d.piece.script === 'arabic' ? d.form : d.piece.base;
      if (AMBIGUOUS_TITLES.has(key)) d.role = 'name';
    }
    if (d.role === 'name' || d.role === 'initial') content++;
  }
  if (content === 0) {
    for (const d of drafts) if (d.role === 'title' || d.role === 'particle') d.role = 'name';
  }
}

function core(p: Piece, form: string, ctx: ParseContext): TokenCore {
  const code =
    p.script === 'arabic'
      ? encode(form === ALLAH ? 'aLʰ' : arabicCode(p.base))
      : p.script === 'latin'
        ? encode(latinCode(form))
        : new Uint8Array(0);
  const script = form === ALLAH ? 'latin' : p.script;
  const groups = ctx.lexicon.groups(form, script);
  // Only words written in Latin are read another way: pinyin romanised from 汉字 is not Somali.
  const alts =
    p.script === 'latin' && form !== ALLAH && LATIN_LETTER.test(p.text)
      ? altReadings(form, ctx.lexicon)
      : undefined;
  return { form, script, code, groups, alts };
}

const LATIN_LETTER = /[A-Za-z\u00c0-\u024f]/;

/**
 * How often the population meets a token: under its most frequent reading, so that a Somali
 * Maxamed is as common as Mohamed and ALSHAMSI as al-Shamsi.
 */
function readingsCount(c: TokenCore, ctx: ParseContext): number {
  let n = 0;
  for (const r of readingsOf(c)) n = Math.max(n, ctx.lexicon.count(r.form, r.script, r.groups));
  return n;
}

function inCommonGroup(c: TokenCore, ctx: ParseContext): boolean {
  return readingsOf(c).some((r) => r.groups.some((g) => ctx.lexicon.isCommonGroup(g)));
}

/**
 * Finished tokens are immutable and shared: the same draft always yields the same token. They
 * are found by the word as written, then by the few fields of the draft a token depends on,
 * compared one by one: cheaper than joining them into one key for every token of every query.
 */
let FINISHED = new WeakMap<object, Map<string, FinishedToken[]>>();
const MAX_FINISHED = 50_000;

interface FinishedToken {
  role: Role;
  head: Head | undefined;
  script: Piece['script'];
  base: string;
  form: string;
  stemForm: string | undefined;
  stemBase: string | undefined;
  token: NameToken;
}

/** Slots of PieceInfo.tokens. */
const ROLE_SLOT: Record<Role, number> = {
  name: 0,
  initial: 1,
  generic: 2,
  legal: 3,
  number: 4,
  particle: 5,
  title: 6,
  article: 7,
};
const GLUED_SLOT = 8;

/**
 * A draft of one remembered piece (or of its glued compound) finds its token on the piece's
 * analysis: the token depends on the piece, the role and the lexicon only. Others are found
 * by their text (finishCached).
 */
function finishDraft(d: Draft, ctx: ParseContext): NameToken {
  const info = d.info;
  if (info === undefined || !info.cacheable) return finishCached(d, ctx);
  if (info.lexicon !== ctx.lexicon) {
    info.lexicon = ctx.lexicon;
    info.tokens = [];
  }
  const slot = d.head === undefined ? ROLE_SLOT[d.role] : GLUED_SLOT;
  return (info.tokens[slot] ??= finish(d, ctx));
}

function finishCached(d: Draft, ctx: ParseContext): NameToken {
  let cache = FINISHED.get(ctx.lexicon);
  if (!cache) {
    cache = new Map();
    FINISHED.set(ctx.lexicon, cache);
  }
  const stemBase = d.stem?.base;
  const same = cache.get(d.piece.text);
  if (same !== undefined) {
    for (const f of same) {
      if (
        f.role === d.role &&
        f.head === d.head &&
        f.script === d.piece.script &&
        f.base === d.piece.base &&
        f.form === d.form &&
        f.stemForm === d.stemForm &&
        f.stemBase === stemBase
      )
        return f.token;
    }
  }
  const token = finish(d, ctx);
  const entry: FinishedToken = {
    role: d.role,
    head: d.head,
    script: d.piece.script,
    base: d.piece.base,
    form: d.form,
    stemForm: d.stemForm,
    stemBase,
    token,
  };
  if (same !== undefined) same.push(entry);
  else {
    if (cache.size >= MAX_FINISHED) cache.clear();
    cache.set(d.piece.text, [entry]);
  }
  return token;
}

function finish(d: Draft, ctx: ParseContext): NameToken {
  const spelling = d.piece.script === 'arabic' ? foldArabic(d.piece.base) : d.piece.base;
  if (d.head && d.stem && d.stemForm !== undefined) {
    const stem = core(d.stem, d.stemForm, ctx);
    // The compound's own code is its whole written spelling, for meeting unparsed spellings.
    const written =
      d.piece.script === 'arabic'
        ? arabicCode(d.piece.base)
        : latinCode(d.piece.base, SOMALI_ABD.test(d.piece.base) ? 'somali' : 'plain');
    const count = readingsCount(stem, ctx);
    const commonStem = inCommonGroup(stem, ctx);
    const common =
      (d.head === 'abd' && d.stemForm === ALLAH) ||
      (d.head === 'abu' && GENERIC_KUNYA_STEMS.has(stem.form)) ||
      d.head === 'umm' ||
      commonStem;
    const w = rarityWeight(count, ctx.lexicon.population);
    const weight = common ? Math.min(w, 0.3) : d.head === 'abu' ? Math.max(0.3, w * 0.8) : w;
    return makeToken(
      d.piece.text,
      spelling,
      d.form,
      stem.script,
      encode(written),
      stem.groups,
      'name',
      d.head,
      stem,
      weight,
      common,
    );
  }
  if (d.role === 'legal') {
    const canonical = LEGAL_FORMS.get(d.form) ?? d.form;
    return makeToken(
      d.piece.text,
      d.form,
      canonical,
      'other',
      new Uint8Array(0),
      [],
      'legal',
      undefined,
      undefined,
      0.1,
      true,
    );
  }
  if (d.role === 'number') {
    return makeToken(
      d.piece.text,
      d.form,
      d.form,
      'other',
      new Uint8Array(0),
      [],
      'number',
      undefined,
      undefined,
      1,
      false,
    );
  }
  const whole = core(d.piece, d.form, ctx);
  // Only names are read another way; an initial or a generic word is what it is.
  const c = d.role === 'name' || !whole.alts ? whole : { ...whole, alts: undefined };
  const count = readingsCount(c, ctx);
  const commonGroup =
    inCommonGroup(c, ctx) ||
    AMBIGUOUS_TITLES.has(d.piece.script === 'arabic' ? d.form : d.piece.base);
  let weight = 0;
  if (d.role === 'name') {
    const w = rarityWeight(count, ctx.lexicon.population);
    weight = commonGroup ? Math.min(w, 0.3) : w;
  } else if (d.role === 'initial') weight = 0.3;
  else if (d.role === 'generic') weight = GENERIC_WEIGHT;
  // Common means the curated very frequent given names (Muhammad, Ali…), not merely frequent
  // in the population: a full match of two Western names is evidence, Mohammed Ali is not.
  const common = d.role === 'name' && commonGroup;
  return makeToken(
    d.piece.text,
    d.piece.script === 'arabic' ? spelling : d.form,
    c.form,
    c.script,
    c.code,
    c.groups,
    d.role,
    undefined,
    undefined,
    weight,
    common,
    c.alts,
  );
}
