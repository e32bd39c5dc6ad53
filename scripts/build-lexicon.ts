/**
 * Derives data/lexicon.json from the openly licensed name sets in the shared data folder
 * ($SANAD_DATA, default ../shared/data), reproducibly:
 *   - Wikidata person-name token pairs (Merhav & Ash, COLING 2018; CC0): Latin and Arabic
 *     spellings of name tokens with their frequency among Wikidata person labels;
 *   - Google Arabic→English transliteration pairs (Apache-2.0).
 * It writes token frequencies (the general population of names that rarity is estimated from)
 * and the Arabic↔Latin spelling pairs that count as cross-script evidence. ANETAC and the JRC
 * pairs carry no licence and are used for evaluation only, never here.
 *
 *   npx tsx scripts/build-lexicon.ts
 */
import fs from 'node:fs';
import { cleanText } from '../src/text/clean.js';
import { foldArabic, splitArabicArticle } from '../src/text/fold-arabic.js';
import { foldLatin } from '../src/text/fold-latin.js';
import { dataPath } from '../test/helpers/data.js';

const wikidata = dataPath(
  'wikidata_ne_transliteration_coling2018',
  'wd_arabic.normalized.aligned.tokens',
);
const google = dataPath('google_transliteration_ar2en', 'ar2en.txt');

function latinForm(s: string): string {
  return foldLatin(cleanText(s)).replace(/[^a-z0-9]/g, '');
}

function arabicForm(s: string): string {
  const cleaned = cleanText(s).replace(/[^\u0600-\u06ff]/g, '');
  return foldArabic(splitArabicArticle(cleaned).stem);
}

const latin = new Map<string, number>();
const arabic = new Map<string, number>();
const pairs = new Map<string, number>();
const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);

let population = 0;
for (const line of fs.readFileSync(wikidata, 'utf8').split('\n')) {
  const [la, ar, countText] = line.split('\t');
  if (!la || !ar || !countText) continue;
  const n = Number(countText);
  const l = latinForm(la);
  const a = arabicForm(ar.replace(/ /g, ''));
  if (!l || !a || !Number.isFinite(n)) continue;
  population += n;
  add(latin, l, n);
  add(arabic, a, n);
  add(pairs, `${a}\t${l}`, n);
}
for (const line of fs.readFileSync(google, 'utf8').split('\n')) {
  const [ar, la] = line.split('\t');
  if (!ar || !la) continue;
  const l = latinForm(la);
  const a = arabicForm(ar);
  if (l.length < 2 || a.length < 2) continue;
  add(pairs, `${a}\t${l}`, 1);
}

// Tokens seen once or twice weigh as much as unseen ones (see src/text/rarity.ts), so they
// are left out: the lexicon loads on every start.
const MIN_COUNT = 3;
const sorted = (m: Map<string, number>) => [...m.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1));
const frequent = (m: Map<string, number>) => sorted(m).filter(([, n]) => n >= MIN_COUNT);
const out = {
  source:
    'Derived by scripts/build-lexicon.ts from Wikidata name pairs (CC0, Merhav & Ash 2018) and Google ar2en transliteration pairs (Apache-2.0).',
  population,
  latin: Object.fromEntries(frequent(latin)),
  arabic: Object.fromEntries(frequent(arabic)),
  pairs: sorted(pairs)
    .map(([k]) => k)
    .join('\n'),
};
fs.mkdirSync('data', { recursive: true });
fs.writeFileSync('data/lexicon.json', JSON.stringify(out));
console.log(
  `population ${population}; latin ${latin.size}; arabic ${arabic.size}; pairs ${pairs.size}`,
);
