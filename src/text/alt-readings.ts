/**
 * Alternative readings of a Latin spelling (arabic-names.md §3): a word that may be read two
 * ways is kept as written and also read the other way, because the source does not say which.
 * A glued article or particle, as Gulf passports write it: ALKETBI = al + Ketbi (الكتبي),
 * BINALSHIBH = bin + al + Shibh (بن الشيبة), Binladin = bin + Ladin.
 *
 * A reading is offered only where it is plausible, because each one is a chance to meet an
 * unrelated name: Albert is not al + Bert.
 */
import { encode } from './encode.js';
import type { Lexicon } from './lexicon.js';
import { latinCode } from './phonetic-code.js';
import type { TokenCore } from './tokens.js';

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

/**
 * A folded Latin spelling's other readings, each with its own code and curated groups (by its
 * form: ELSHEIKH → sheikh).
 */
export function altReadings(form: string, lexicon: Lexicon): TokenCore[] | undefined {
  const stem = gluedStem(form, lexicon);
  if (stem === undefined) return undefined;
  const code = encode(latinCode(stem));
  return [{ form: stem, script: 'latin', code, groups: lexicon.groups(stem, 'latin') }];
}

/** The curated variant lexicon has the form (Ali, Amin, Ibrahim). */
function curated(form: string, lexicon: Lexicon): boolean {
  return lexicon.groups(form, 'latin').length > 0;
}

/**
 * The name after a glued particle and/or article, when it reads as an Arabic name on its own.
 * Shorter prefixes are tried when a longer one leaves too little (Benali is ben + Ali). Gulf
 * passports write the article unassimilated before sun letters too (ALSHAMSI, ALNUAIMI), so
 * an assimilated glued article (Annalisa, Arrieta, Attila) is not looked for.
 */
function gluedStem(base: string, lexicon: Lexicon): string | undefined {
  // A name the population knows (Albert, Alexander, Benjamin) is read as itself.
  if (base.length < 4 || lexicon.knowsLatin(base)) return undefined;
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
 * enough, spelled with letters Arabic transliteration uses, and not look like the tail of a
 * European name. After a bare particle or el it must start with a consonant: Binladin and
 * ELSAYED, but not Binaghi or Eloisa.
 */
function plausibleStem(stem: string, lexicon: Lexicon, prefix: string): boolean {
  if (stem.length < MIN_CURATED_STEM || !VOWEL.test(stem)) return false;
  if (curated(stem, lexicon)) return true;
  if (stem.length < MIN_STEM || EUROPEAN_STEM.test(stem)) return false;
  if (FRONT_VOWEL_START.test(stem) && !NISBA.test(stem)) return false;
  if ((PARTICLE_ONLY.has(prefix) || prefix === 'el') && isVowel(stem[0])) return false;
  return !NOT_ARABIC.test(stem);
}

function isVowel(ch: string | undefined): boolean {
  return ch !== undefined && VOWELS.has(ch);
}
