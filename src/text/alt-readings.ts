/**
 * Alternative readings of a Latin spelling (arabic-names.md §3): a word that may be read two
 * ways is kept as written and also read the other way, because the source does not say which.
 *
 * - A glued article or particle, as Gulf passports write it: ALKETBI = al + Ketbi (الكتبي),
 *   BINALSHIBH = bin + al + Shibh (بن الشيبة), Binladin = bin + Ladin.
 * - Somali orthography, frequent on the UN list: x writes ḥ (ح) and c writes ʿayn (ع), so Xasan
 *   is Hassan and Cali is Ali.
 *
 * A reading is offered only where it is plausible, because each one is a chance to meet an
 * unrelated name: Albert is not al + Bert, Marc is not Mar + ʿayn.
 */
import { encode } from './encode.js';
import type { Lexicon } from './lexicon.js';
import { latinCode, type LatinReading } from './phonetic-code.js';
import type { TokenCore } from './tokens.js';

interface AltSpelling {
  /** Folded comparison form of the reading (ʿayn, like an apostrophe, is not written). */
  form: string;
  /** The spelling to code, and how to read it (see latinCode). */
  spelling: string;
  reading: LatinReading;
  /** Offered only if the reading's form is a curated name (the spelling is too weak a sign). */
  needsCuratedForm: boolean;
}

/** Shortest stem after a glued article that is read without being a curated name. */
const MIN_STEM = 4;
/** Shortest curated stem: ALALI, Benali. */
const MIN_CURATED_STEM = 3;
/** A particle and an article, a particle, or an article, glued to the name (longest first). */
const GLUED_PREFIX = /^(?:(?:bin|ben|ibn)(?:al|el)|bin|ben|ibn|al|el)/;
const PARTICLE_ONLY = new Set(['bin', 'ben', 'ibn']);
/** Letters Latin spellings of Arabic do not use (c only in ch, as Maghrebi French writes ش). */
const NOT_ARABIC = /[pvx]|c(?!h)/;
/**
 * Stems that read as the rest of a European name, not as an Arabic one: ending in o (Almagro,
 * Albino) or in a consonant and a mute e (Alzate, Alcalde).
 */
const EUROPEAN_STEM = /o$|[^aeiouy]e$/;
/**
 * A stem starting with e or i is the tail of a European name (Alessandro, Alicia, Elena)
 * unless it is a nisba, as Gulf spellings of ʿayn-initial names are (ALENEZI العنزي, ALEMADI).
 */
const FRONT_VOWEL_START = /^[ei]/;
const NISBA = /^[ei].{3,}[iy]$/;
const VOWEL = /[aeiouy]/;
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
/** The Somali alphabet has no p, v or z, and no ch, ck, th or ph. */
const NOT_SOMALI = /[pvz]|ch|ck|th|ph/;
const SOMALI_LETTER = /[xc]/;
/** Somali marks long vowels by doubling them (Cismaan, Ciise, Jaamac). */
const LONG_VOWEL = /aa|ee|ii|oo|uu/;

/**
 * A folded Latin spelling's other readings, each with its own code and curated groups: by its
 * form (ELSHEIKH → sheikh, Cali → ali), else, for a Somali spelling, which writes vowel length
 * as Arabic script does, by its sound (Maxamed → محمد, Cismaan → عثمان).
 */
export function altReadings(form: string, lexicon: Lexicon): TokenCore[] | undefined {
  const spellings = altSpellings(form, lexicon);
  if (spellings.length === 0) return undefined;
  const out: TokenCore[] = [];
  for (const a of spellings) {
    const code = latinCode(a.spelling, a.reading);
    let groups = lexicon.groups(a.form, 'latin');
    if (a.needsCuratedForm && groups.length === 0) continue;
    if (groups.length === 0 && a.reading === 'somali') groups = lexicon.groupsBySound(code);
    out.push({ form: a.form, script: 'latin', code: encode(code), groups });
  }
  return out.length > 0 ? out : undefined;
}

/** The curated variant lexicon has the form (Ali, Amin, Ibrahim). */
function curated(form: string, lexicon: Lexicon): boolean {
  return lexicon.groups(form, 'latin').length > 0;
}

function altSpellings(base: string, lexicon: Lexicon): AltSpelling[] {
  // A name the population knows (Albert, Alexander, Benjamin, Marc, Carlos) is read as itself.
  if (base.length < 4 || lexicon.knowsLatin(base)) return [];
  const out: AltSpelling[] = [];
  const stem = gluedStem(base, lexicon);
  if (stem !== undefined) {
    const somali = somaliReading(stem);
    out.push(somali ?? { form: stem, spelling: stem, reading: 'plain', needsCuratedForm: false });
  }
  const somali = somaliReading(base);
  if (somali) out.push(somali);
  return out;
}

/**
 * The name after a glued particle and/or article, when it reads as an Arabic name on its own.
 * Shorter prefixes are tried when a longer one leaves too little (Benali is ben + Ali). Gulf
 * passports write the article unassimilated before sun letters too (ALSHAMSI, ALNUAIMI), so
 * an assimilated glued article (Annalisa, Arrieta, Attila) is not looked for.
 */
function gluedStem(base: string, lexicon: Lexicon): string | undefined {
  let prefix = GLUED_PREFIX.exec(base)?.[0];
  while (prefix) {
    const stem = base.slice(prefix.length);
    if (plausibleStem(stem, lexicon, prefix)) return stem;
    prefix = prefix.length > 3 ? prefix.slice(0, 3) : undefined;
  }
  return undefined;
}

/**
 * A curated name always stands (ALIBRAHIM, Benali, ELSHEIKH). Otherwise the stem must be long
 * enough, spelled with letters Arabic transliteration uses (or Somali ones), and not look like
 * the tail of a European name. After a bare particle or el it must start with a consonant:
 * Binladin and ELSAYED, but not Binaghi or Eloisa.
 */
function plausibleStem(stem: string, lexicon: Lexicon, prefix: string): boolean {
  if (stem.length < MIN_CURATED_STEM || !VOWEL.test(stem)) return false;
  if (curated(stem, lexicon)) return true;
  if (stem.length < MIN_STEM || EUROPEAN_STEM.test(stem)) return false;
  if (FRONT_VOWEL_START.test(stem) && !NISBA.test(stem)) return false;
  if ((PARTICLE_ONLY.has(prefix) || prefix === 'el') && isVowel(stem[0])) return false;
  return !NOT_ARABIC.test(stem) || somaliReading(stem) !== undefined;
}

/**
 * The Somali reading of a word spelled with Somali letters only, in which every c stands where
 * ʿayn can (before a vowel, or last after one: Cali, Jaamac) and every x next to a vowel
 * (Xasan, Axmed), but not as in Chinese pinyin (Xiang, Xiulan). Some other sign that the word
 * is Somali is needed: an x, a doubled long vowel, ʿAbd (Cabdi); else the reading must be a
 * curated name (Cali, Cumar), so that Electric or Cannur are not read as Somali.
 */
function somaliReading(base: string): AltSpelling | undefined {
  if (!SOMALI_LETTER.test(base) || NOT_SOMALI.test(base)) return undefined;
  let hasX = false;
  for (let i = 0; i < base.length; i++) {
    const ch = base[i];
    const before = base[i - 1];
    const after = base[i + 1];
    if (ch === 'c') {
      if (!isVowel(after) && !(after === undefined && isVowel(before))) return undefined;
    } else if (ch === 'x') {
      if (!isVowel(after) && !isVowel(before)) return undefined;
      if (after === 'i' && isVowel(base[i + 2])) return undefined;
      hasX = true;
    }
  }
  const sure = hasX || LONG_VOWEL.test(base) || base.startsWith('cabd');
  // A final c after a short vowel is European (Isac, Galic) unless the word is surely Somali.
  if (!sure && base.endsWith('c')) return undefined;
  return {
    form: base.replace(/x/g, 'h').replace(/c/g, ''),
    spelling: base,
    reading: 'somali',
    needsCuratedForm: !sure,
  };
}

function isVowel(ch: string | undefined): boolean {
  return ch !== undefined && VOWELS.has(ch);
}
