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
import { splitPieces, type Piece } from './pieces.js';
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
}

export function parseName(text: string, ctx: ParseContext): ParsedName {
  let pieces = splitPieces(reorderComma(cleanText(text))).slice(0, MAX_NAME_TOKENS);
  if (ctx.kind !== 'person') pieces = joinLegalPhrases(pieces);
  const drafts = joinCompounds(pieces, ctx);
  assignTitles(drafts);
  return { text, tokens: drafts.map((d) => finishCached(d, ctx)) };
}

/**
 * "SALEK, ABDULHAI" and "AL-QADULI, 'ABD AL-RAHMAN" put the family name first: one comma with
 * a short given part after it is turned back into the natural order, so that compounds split
 * across the comma join again. Token order does not matter to scoring; compounds do.
 */
function reorderComma(text: string): string {
  const parts = text.split(',');
  if (parts.length !== 2) return text;
  const [family, given] = parts.map((x) => x.trim()) as [string, string];
  const words = given.split(/\s+/).filter(Boolean).length;
  if (!family || words === 0 || words > 4 || /\d/.test(given)) return text;
  return `${given} ${family}`;
}

/** Open Joint Stock Company → one legal-form piece (jsc), so it meets OAO and JSC. */
function joinLegalPhrases(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const phrase = LEGAL_PHRASES.find(([words]) =>
      words.every((w, k) => pieces[i + k]?.script === 'latin' && pieces[i + k]!.base === w),
    );
    if (!phrase) {
      out.push(pieces[i]!);
      continue;
    }
    const [words, symbol] = phrase;
    const text = pieces
      .slice(i, i + words.length)
      .map((p) => p.text)
      .join(' ');
    out.push({ ...pieces[i]!, text, base: symbol, hyphenNext: false });
    i += words.length - 1;
  }
  return out;
}

function formOf(p: Piece): string {
  return p.script === 'arabic' ? foldArabic(p.base) : p.base;
}

function isAllahPiece(p: Piece): boolean {
  return p.script === 'arabic'
    ? foldArabic(p.base) === 'الله' || (foldArabic(p.base) === 'له' && p.article)
    : ALLAH_LATIN.has(p.base);
}

function isArticlePiece(p: Piece, next: Piece | undefined): boolean {
  if (!next) return false;
  if (p.script === 'arabic') return p.base === 'ال' || p.base === 'آل' || p.base === 'ال';
  if (p.script !== 'latin') return false;
  if (LATIN_ARTICLES.has(p.base)) return true;
  if (!ASSIMILATED_ARTICLES.has(p.base) || next.script !== 'latin') return false;
  // ar-Rahman, ash-Shabaab, ud Din: an assimilated article doubles the next consonant.
  const consonant = p.base.slice(1);
  return (
    p.hyphenNext ||
    next.base.startsWith(consonant) ||
    (consonant === 'd' && DIN_LATIN.has(next.base))
  );
}

/** Abd, Abdul… and their Somali spellings with ʿayn written c (Cabdul Qaadir). */
function isAbdPiece(p: Piece): boolean {
  if (p.script === 'arabic') return p.base === 'عبد';
  return ABD_LATIN.has(p.base) || (p.base[0] === 'c' && ABD_LATIN.has(p.base.slice(1)));
}

/** A joined Somali ʿAbd compound (Cabdiraxmaan, Cabdullaahi): no other word starts so. */
const SOMALI_ABD = /^cabd/;

function joinCompounds(pieces: Piece[], ctx: ParseContext): Draft[] {
  const out: Draft[] = [];
  const nextContent = (from: number) => {
    let j = from;
    while (j < pieces.length && isArticlePiece(pieces[j]!, pieces[j + 1])) j++;
    return j < pieces.length ? j : -1;
  };
  let i = 0;
  while (i < pieces.length) {
    const p = pieces[i]!;
    if (isArticlePiece(p, pieces[i + 1])) {
      out.push({ piece: p, role: 'article', form: formOf(p) });
      i++;
      continue;
    }
    const kunya = KUNYA.get(
      p.script === 'arabic' ? p.text.replace(/[^\u0600-\u06ff]/g, '') : p.base,
    );
    const j = nextContent(i + 1);
    if (kunya && j > 0 && !isTitleLike(pieces[j]!)) {
      out.push(compound(p, kunya as Head, pieces[j]!));
      i = j + 1;
      continue;
    }
    if (isAbdPiece(p) && j > 0) {
      out.push(compound(p, 'abd', pieces[j]!));
      i = j + 1;
      continue;
    }
    const glued = splitGlued(p);
    if (glued) {
      out.push(glued);
      i++;
      continue;
    }
    const prev = lastContent(out);
    if (prev && !prev.head && isDinPiece(p)) {
      replaceWithCompound(out, prev, 'din');
      i++;
      continue;
    }
    if (prev && !prev.head && isAllahPiece(p)) {
      replaceWithCompound(out, prev, 'allah');
      i++;
      continue;
    }
    // After آل ("house of"), a title word is the family's name: آل الشيخ, Al ash-Sheikh.
    const afterAl = i > 0 && pieces[i - 1]!.script === 'arabic' && pieces[i - 1]!.base === 'آل';
    const role = simpleRole(p, ctx, pieces.length);
    out.push({ piece: p, role: afterAl && role === 'title' ? 'name' : role, form: formOf(p) });
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
  out.splice(at, out.length - at, compound(prev.piece, head, prev.piece, true));
}

/**
 * A compound keeps the head and the stem. For X al-Din and X-Allah the stem is X; for Abd
 * al-Allah the stem is the canonical `allah`, so Abdullah, Abd Allah and عبد الله all meet.
 */
function compound(headPiece: Piece, head: Head, stem: Piece, stemIsHead = false): Draft {
  const stemForm = isAllahPiece(stem) && head === 'abd' ? ALLAH : formOf(stem);
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
  const abu = GLUED_ABU.exec(b);
  if (abu) return gluedDraft(p, 'abu', abu[1]!);
  const din = GLUED_DIN.exec(b);
  if (din) return gluedDraft(p, 'din', din[1]!);
  const allah = GLUED_ALLAH.exec(b);
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

function simpleRole(p: Piece, ctx: ParseContext, count: number): Role {
  const key = p.script === 'arabic' ? foldArabic(p.text.replace(/[^\u0600-\u06ff]/g, '')) : p.base;
  if (count > 1 && PARTICLES.has(key)) return 'particle';
  if (count > 1 && TITLES.has(key)) return 'title';
  if (ctx.kind !== 'person' && count > 1 && LEGAL_FORMS.has(key)) return 'legal';
  if (/^[0-9]+$/.test(key) || (p.script === 'latin' && ROMAN_NUMERALS.has(key) && count > 1))
    return 'number';
  if (ctx.kind !== 'person' && count > 1 && ORG_GENERIC.has(key)) return 'generic';
  if (ctx.kind === 'person' && count > 1 && PERSON_PARTICLES.has(key)) return 'particle';
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
  const content = () => drafts.filter((d) => d.role === 'name' || d.role === 'initial').length;
  for (const d of drafts) {
    if (d.role !== 'title') continue;
    const key = d.piece.script === 'arabic' ? d.form : d.piece.base;
    if (AMBIGUOUS_TITLES.has(key)) d.role = 'name';
  }
  if (content() === 0) {
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
const FINISHED = new WeakMap<object, Map<string, FinishedToken[]>>();
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
