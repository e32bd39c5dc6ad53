/**
 * The name lexicon: curated variant groups plus the derived population data (token
 * frequencies and Arabic↔Latin spelling pairs, see scripts/build-lexicon.ts). Pure: the data is
 * handed in by a loader, so this module can run anywhere.
 */
import { cleanText } from './clean.js';
import { foldArabic, splitArabicArticle } from './fold-arabic.js';
import { foldLatin } from './fold-latin.js';
import { arabicCode } from './phonetic-code.js';
import { soundKeys } from './skeleton.js';
import { VARIANT_GROUPS, type VariantGroup } from './variant-groups.js';

export interface LexiconData {
  population: number;
  latin: Record<string, number>;
  arabic: Record<string, number>;
  /** `arabic\tlatin` lines joined by newlines. */
  pairs: string;
}

const NONE: readonly number[] = Object.freeze([]);
/** Shortest sound key that identifies a curated name. */
const MIN_SOUND_KEY = 3;

export class Lexicon {
  readonly population: number;
  private readonly latinCounts: Record<string, number>;
  private readonly arabicCounts: Record<string, number>;
  private readonly pairs: Set<string>;
  private readonly groupsByForm = new Map<string, number[]>();
  private readonly groupCount: number[] = [];
  private readonly commonGroups = new Set<number>();
  /** Sound keys of the groups' Arabic forms (see soundKeys), for alternative readings. */
  private readonly groupsBySoundKey = new Map<string, number[]>();

  constructor(data: LexiconData, groups: VariantGroup[] = VARIANT_GROUPS) {
    this.population = data.population;
    this.latinCounts = data.latin;
    this.arabicCounts = data.arabic;
    this.pairs = new Set(data.pairs.split('\n'));
    groups.forEach((g, id) => this.addGroup(g, id));
  }

  private addGroup(group: VariantGroup, id: number): void {
    let count = 0;
    const forms = new Set<string>();
    for (const l of group.latin) {
      const f = foldLatin(l).replace(/[^a-z0-9]/g, '');
      forms.add('l:' + f);
      count += lookup(this.latinCounts, f);
    }
    for (const a of group.arabic) {
      const stem = splitArabicArticle(cleanText(a)).stem;
      const f = foldArabic(stem);
      forms.add('a:' + f);
      count = Math.max(count, lookup(this.arabicCounts, f));
      for (const k of soundKeys(arabicCode(stem))) {
        const list = this.groupsBySoundKey.get(k);
        if (!list) this.groupsBySoundKey.set(k, [id]);
        else if (!list.includes(id)) list.push(id);
      }
    }
    for (const f of forms) {
      const list = this.groupsByForm.get(f);
      if (list) list.push(id);
      else this.groupsByForm.set(f, [id]);
    }
    this.groupCount[id] = count;
    if (group.common) this.commonGroups.add(id);
  }

  /** Curated groups a folded token belongs to (usually none or one). */
  groups(form: string, script: 'latin' | 'arabic' | 'other'): readonly number[] {
    if (script === 'other') return NONE;
    return this.groupsByForm.get((script === 'latin' ? 'l:' : 'a:') + form) ?? NONE;
  }

  /**
   * The curated group of a spelling that writes vowel length like Arabic script does (the
   * Somali reading: Maxamed, Cismaan), found by its sound keys (three sounds or more) against
   * the groups' Arabic forms. None when the keys point to no group or to more than one.
   */
  groupsBySound(code: string): readonly number[] {
    let found: number | undefined;
    for (const k of soundKeys(code)) {
      // Two sounds say too little: Muria and Marec would both be عمر (MR).
      if (k.length < MIN_SOUND_KEY) continue;
      for (const g of this.groupsBySoundKey.get(k) ?? NONE) {
        if (found !== undefined && found !== g) return NONE;
        found = g;
      }
    }
    return found === undefined ? NONE : [found];
  }

  /** Whether the population knows this folded Latin spelling as a name. */
  knowsLatin(form: string): boolean {
    return lookup(this.latinCounts, form) > 0;
  }

  isCommonGroup(id: number): boolean {
    return this.commonGroups.has(id);
  }

  /** Whether the population data has seen this Arabic spelling written as this Latin one. */
  hasPair(arabicForm: string, latinForm: string): boolean {
    return this.pairs.has(arabicForm + '\t' + latinForm);
  }

  /** How often a token occurs among the population's name tokens (its whole group's count). */
  count(form: string, script: 'latin' | 'arabic' | 'other', groups: readonly number[]): number {
    let c =
      script === 'latin'
        ? lookup(this.latinCounts, form)
        : script === 'arabic'
          ? lookup(this.arabicCounts, form)
          : 0;
    for (const g of groups) c = Math.max(c, this.groupCount[g] ?? 0);
    return c;
  }
}

function lookup(counts: Record<string, number>, form: string): number {
  return Object.hasOwn(counts, form) ? counts[form]! : 0;
}
