/**
 * Latin comparison form: lower case, no accents, no apostrophes. ç becomes s rather than c
 * because in Arabic names it always writes a sibilant (Fayçal, Kaçem).
 */

// prettier-ignore
const SPECIAL: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ı: 'i', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ħ: 'h', ŧ: 't',
  ç: 's', ĸ: 'k', ŋ: 'n',
};
const MARKS = /\p{M}/gu;
const APOSTROPHES = /['ʿʾ‘’`´ʻʼ′ʹ]/g;

export function foldLatin(token: string): string {
  const lower = token.toLowerCase().replace(APOSTROPHES, '');
  let out = '';
  for (const ch of lower) out += SPECIAL[ch] ?? ch;
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(out)) return out;
  return out.normalize('NFD').replace(MARKS, '');
}
