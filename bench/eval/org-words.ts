/**
 * Which words of an organisation name are generic (Islamic, Front, Brigade, Company, جبهة) and
 * which distinctive, for building look-alike organisation names. Broader than the parser's
 * ORG_GENERIC, which it includes: a made-up name should keep every word that many listed
 * organisations share, including transliterated Arabic ones (Harakat, Jaish, Katibat).
 */
import { cleanText } from '../../src/text/clean.js';
import { foldArabic, splitArabicArticle } from '../../src/text/fold-arabic.js';
import { foldLatin } from '../../src/text/fold-latin.js';
import { LATIN_ARTICLES, ORG_GENERIC } from '../../src/text/name-symbols.js';

// prettier-ignore
const LATIN_GENERIC = [
  // English
  'army', 'front', 'brigade', 'brigades', 'battalion', 'battalions', 'movement', 'foundation',
  'organization', 'organisation', 'company', 'co', 'group', 'society', 'charity', 'charitable',
  'relief', 'committee', 'council', 'international', 'association', 'institute', 'party',
  'league', 'union', 'network', 'agency', 'fighters', 'forces', 'mujahid', 'mujahideen',
  'mujahidin', 'mujahedin', 'jihad', 'jihadi', 'holy', 'warriors', 'division', 'regiment',
  'unit', 'corps', 'guard', 'guards', 'emirate', 'caucasus', 'province', 'wilayat',
  'wilaya', 'aid', 'welfare', 'benevolence', 'benevolent', 'humanitarian', 'mission', 'trust',
  'limited', 'ltd', 'llc', 'inc', 'corp', 'corporation', 'plc', 'jsc', 'ojsc', 'cjsc', 'pjsc',
  'ooo', 'zao', 'oao', 'pao', 'fze', 'fzco', 'fzc', 'fzl', 'pte', 'sdn', 'bhd', 'gmbh', 'sa',
  'sarl', 'bv', 'nv', 'ag', 'spa', 'srl', 'lp', 'llp', 'holding', 'holdings', 'trading',
  'enterprise', 'enterprises', 'industries', 'industrial', 'commercial', 'establishment',
  'est', 'bureau', 'centre', 'center', 'school', 'university', 'madrasa', 'mosque', 'media',
  'news', 'radio', 'television', 'tv', 'fund', 'bank', 'exchange',
  // French, as the UN list writes some names
  'mouvement', 'pour', 'le', 'la', 'les', 'l', 'et', 'en', 'de', 'du', 'des', 'groupe',
  'armee', 'armée', 'societe', 'compagnie', 'fondation', 'comite', 'conseil',
  // Arabic, Persian and Urdu, transliterated
  'islamic', 'islamiya', 'islamiyya', 'islamiyah', 'islamiyyah', 'islami', 'islamia', 'islam',
  'harakat', 'harakah', 'haraka', 'harakatul', 'tehrik', 'tehreek', 'tahrik', 'jamaat',
  'jamaah', 'jamaa', 'jamaatul', 'jamiat', 'jamiyat', 'jamiyya', 'jamia', 'jama', 'jabhat',
  'jabha', 'jabhah', 'katibat', 'katiba', 'katibah', 'kataib', 'kata', 'liwa', 'liwaa', 'jaysh',
  'jaish', 'jeish', 'jund', 'junud', 'tanzim', 'tanzeem', 'majlis', 'majles', 'saraya',
  'ansar', 'ansaar', 'ansaru', 'hizb', 'hezb', 'hizbul', 'lashkar', 'sipah',
  'dawa', 'dawah', 'daawa', 'khayriya', 'khairiya', 'khairia', 'khayriyya', 'khairiyah',
  'ighatha', 'igatha', 'muassasat', 'muassasa', 'muassasah', 'munazzamat', 'munazzama',
  'sharikat', 'sherkat', 'sharika', 'sazman', 'sazeman', 'markaz', 'bayt', 'beit', 'dar',
  'tawhid', 'tauhid', 'tawheed', 'shabaab', 'shabab', 'dawla', 'dawlat', 'wal',
  'wa', 'fi', 'li', 'bi', 'min', 'ila', 'ala', 'e', 'ul', 'ud', 'ut', 'ur', 'us',
];

// prettier-ignore
const ARABIC_GENERIC = [
  'حركة', 'جبهة', 'جماعة', 'جمعية', 'مؤسسة', 'منظمة', 'شركة', 'شركت', 'شرکت', 'كتيبة', 'كتائب',
  'لواء', 'ألوية', 'جيش', 'تنظيم', 'مجلس', 'سرايا', 'أنصار', 'مجاهدين', 'مجاهدون', 'جهاد',
  'إسلامية', 'إسلامي', 'اسلامي', 'اسلامية', 'إسلام', 'دولة', 'خيرية', 'خيري', 'إغاثة', 'اغاثة',
  'دولية', 'دولي', 'عالمية', 'عالمي', 'هيئة', 'لجنة', 'اتحاد', 'حزب', 'مركز', 'بنك', 'مصرف',
  'تجارة', 'تجارية', 'للتجارة', 'وطنية', 'وطني', 'عامة', 'عام', 'شعبية', 'شعبي', 'قوات', 'فيلق',
  'ولاية', 'إمارة', 'امارة', 'بيت', 'دار', 'صندوق', 'مكتب', 'توحيد', 'دعوة', 'شباب', 'مقاومة',
  'تحرير', 'محدودة', 'مساهمة', 'للاستثمار', 'استثمار', 'صناعات', 'صنایع', 'سازمان', 'گروه',
  'في', 'من', 'على', 'إلى', 'الى', 'و', 'ل', 'ب', 'عن',
];

/** The forms words are compared in: folded Latin without punctuation; folded Arabic, article removed. */
export function wordKey(word: string): string {
  const cleaned = cleanText(word);
  if (/[\u0600-\u06ff]/.test(cleaned)) {
    return foldArabic(splitArabicArticle(cleaned.replace(/[^\u0600-\u06ff]/g, '')).stem);
  }
  const folded = foldLatin(cleaned).replace(/[^a-z0-9-]/g, '');
  const [first = '', ...rest] = folded.split('-');
  // al-Qaida and Al-Islamiya: the article says nothing about the word.
  const stem =
    LATIN_ARTICLES.has(first) && rest.length > 0 ? rest.join('') : folded.replace(/-/g, '');
  return stem;
}

const GENERIC = new Set<string>([
  ...ORG_GENERIC,
  ...LATIN_GENERIC.map(wordKey),
  ...ARABIC_GENERIC.map(wordKey),
  ...LATIN_ARTICLES,
]);

/**
 * Arabic glues a conjunction or preposition to the word (والجهاد, للتجارة): a word is generic
 * when it is, or when it is once one of و ل ب is taken off.
 */
export function isGenericWord(word: string): boolean {
  const key = wordKey(word);
  if (key === '' || GENERIC.has(key)) return true;
  if (/^[ولب]/.test(key) && key.length > 3) {
    const rest = wordKey(key.slice(1));
    if (GENERIC.has(rest)) return true;
  }
  return false;
}

/** Glue words that carry no meaning of their own: kept, but do not make a name generic. */
// prettier-ignore
const GLUE = new Set(
  [
    'the', 'of', 'and', 'for', 'in', 'on', 'at', 'to', 'by', 'a', 'an', 'wa', 'wal', 'fi', 'li',
    'bi', 'min', 'ila', 'ala', 'e', 'de', 'du', 'des', 'la', 'le', 'les', 'l', 'et', 'en', 'pour',
    'ul', 'ud', 'ut', 'ur', 'us', 'في', 'من', 'على', 'الى', 'و', 'ل', 'ب', 'عن', ...LATIN_ARTICLES,
  ].map(wordKey),
);

export function isGlueWord(word: string): boolean {
  return GLUE.has(wordKey(word));
}
