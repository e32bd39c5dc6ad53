/**
 * Cyrillic and Greek inside names. A token that is mostly Latin with a few Cyrillic or Greek
 * letters is an evasion (or an encoding accident): its look-alike letters are mapped back to the
 * Latin letters they imitate. A token written wholly in Cyrillic or Greek is a real name in that
 * script (the UN list gives Russian originals) and is transliterated to Latin instead.
 */

/** Look-alikes: letters that render like a Latin letter. */
// prettier-ignore
const LOOKALIKES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't',
  у: 'y', х: 'x', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l',
  ɡ: 'g', А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T',
  Х: 'X', У: 'Y', І: 'I', Ј: 'J', Ѕ: 'S', Ԁ: 'D', Ԛ: 'Q', Ԝ: 'W', Һ: 'H', Ӏ: 'I',
  α: 'a', ο: 'o', ρ: 'p', ν: 'v', τ: 't', υ: 'u', ι: 'i', κ: 'k', χ: 'x', ε: 'e', ϲ: 'c',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P',
  Τ: 'T', Υ: 'Y', Χ: 'X',
};

/** A simple BGN/PCGN-style romanisation, enough to meet the Latin spellings on lists. */
// prettier-ignore
const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'j', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu',
  я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u', ә: 'a', ғ: 'gh', қ: 'q', ң: 'n',
  ө: 'o', ұ: 'u', ү: 'u', һ: 'h', ј: 'j', ђ: 'dj', ћ: 'c', џ: 'dzh', љ: 'lj', њ: 'nj',
};

// prettier-ignore
const GREEK: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l',
  μ: 'm', ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f',
  χ: 'ch', ψ: 'ps', ω: 'o', ά: 'a', έ: 'e', ή: 'i', ί: 'i', ό: 'o', ύ: 'y', ώ: 'o',
  ϊ: 'i', ϋ: 'y', ΐ: 'i', ΰ: 'y',
};

export function replaceLookalikes(token: string): string {
  let out = '';
  for (const ch of token) out += LOOKALIKES[ch] ?? ch;
  return out;
}

export function transliterateCyrillic(token: string): string {
  let out = '';
  for (const ch of token.toLowerCase()) out += CYRILLIC[ch] ?? ch;
  return out;
}

export function transliterateGreek(token: string): string {
  let out = '';
  for (const ch of token.toLowerCase()) out += GREEK[ch] ?? ch;
  return out;
}
