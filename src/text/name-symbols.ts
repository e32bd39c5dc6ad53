/**
 * Name parts that are symbols rather than evidence of identity (arabic-names.md §3): particles,
 * titles, the article, and for organisations legal forms and generic words. Particles and
 * titles weigh nothing in scoring; generic organisation words weigh little.
 */

/** The article in Latin spellings, including the assimilated forms before sun letters. */
export const LATIN_ARTICLES = new Set(['al', 'el', 'il', 'ul']);
// prettier-ignore
export const ASSIMILATED_ARTICLES = new Set([
  'ad', 'adh', 'an', 'ar', 'as', 'ash', 'at', 'ath', 'az', 'ed', 'en', 'er', 'es', 'et', 'ez',
  'ud', 'un', 'ur', 'us', 'ush', 'ut', 'uth', 'uz', 'ad-', 'ed-',
]);

/** Nasab particles: son/daughter of. */
// prettier-ignore
export const PARTICLES = new Set([
  'bin', 'ben', 'ibn', 'bn', 'b', 'bint', 'bent', 'binti', 'binte', 'mint', 'ould', 'wuld',
  'wald', 'ult', 'walad', 'son', 'daughter', 'of', 'bte', 'bnt',
  'بن', 'ابن', 'بنت', 'ولد', 'ولد',
]);

/** Kunya heads: "father of", "mother of". They join the next part into one compound. */
// prettier-ignore
export const KUNYA = new Map<string, string>([
  ['abu', 'abu'], ['abou', 'abu'], ['abo', 'abu'], ['aboo', 'abu'], ['bou', 'abu'], ['abul', 'abu'],
  ['aboul', 'abu'], ['abi', 'abu'], ['aba', 'abu'],
  ['umm', 'umm'], ['um', 'umm'], ['oum', 'umm'], ['omm', 'umm'], ['om', 'umm'],
  ['أبو', 'abu'], ['ابو', 'abu'], ['أبي', 'abu'], ['ابي', 'abu'], ['أبا', 'abu'], ['ابا', 'abu'],
  ['بو', 'abu'], ['أم', 'umm'], ['ام', 'umm'],
]);

/** Honorifics and titles, Latin and Arabic script. */
// prettier-ignore
export const TITLES = new Set([
  'sheikh', 'shaikh', 'shaykh', 'cheikh', 'sheik', 'shaik', 'shiekh', 'hajj', 'haj', 'haji',
  'hajji', 'hadj', 'hadji', 'el-hadj', 'alhaji', 'alhaj', 'sayyid', 'mullah', 'mulla', 'mollah',
  'molla', 'maulvi', 'mawlawi', 'maulavi', 'moulvi', 'mawlavi', 'molvi', 'maulana', 'mawlana',
  'imam', 'emir', 'amir', 'dr', 'doctor', 'prof', 'professor', 'mr', 'mrs', 'ms', 'miss',
  'mufti', 'qari', 'qazi', 'qadi', 'hafiz', 'hafez', 'ustadh', 'ustad', 'ustaz', 'sir', 'lord',
  'general', 'gen', 'colonel', 'col', 'major', 'maj', 'captain', 'capt', 'lt', 'brigadier',
  'commander', 'president', 'minister', 'judge', 'engineer', 'eng', 'eng.', 'rev', 'father',
  'shahid', 'sardar', 'syed', 'sayed', 'mir', 'khwaja', 'khawaja', 'pir', 'akhund', 'mawlawi',
  'شيخ', 'الشيخ', 'حاج', 'الحاج', 'حاجي', 'حجي', 'حاجی', 'حاجى', 'ملا', 'الملا', 'مولوي', 'مولوی',
  'مولانا', 'سيد', 'السيد', 'دكتور', 'الدكتور', 'د', 'امام', 'الامام', 'أمير', 'الأمير', 'مفتي',
  'قاري', 'حافظ', 'استاذ', 'الأستاذ', 'المهندس', 'مهندس', 'العقيد', 'اللواء', 'العميد',
]);

/**
 * Titles that are also common given or family names. They are dropped only when the name keeps
 * at least two other parts, so that "Amir Khan" or "Hafiz Saeed" still have their given name.
 */
// prettier-ignore
export const AMBIGUOUS_TITLES = new Set([
  'amir', 'emir', 'hafiz', 'hafez', 'mir', 'syed', 'sayed', 'sayyid', 'سيد', 'أمير', 'حافظ',
  'akhund', 'qazi', 'qadi', 'sardar', 'pir', 'imam', 'general', 'major', 'father', 'judge',
  'president', 'shahid', 'lord',
]);

/** Legal forms written in several words, folded to the symbol of their abbreviation. */
export const LEGAL_PHRASES: [string[], string][] = [
  [['open', 'joint', 'stock', 'company'], 'jsc'],
  [['closed', 'joint', 'stock', 'company'], 'jsc'],
  [['public', 'joint', 'stock', 'company'], 'jsc'],
  [['joint', 'stock', 'company'], 'jsc'],
  [['limited', 'liability', 'company'], 'llc'],
  [['limited', 'liability', 'partnership'], 'llp'],
  [['limited', 'partnership'], 'lp'],
  [['public', 'limited', 'company'], 'plc'],
  [['private', 'limited', 'company'], 'ltd'],
  [['gesellschaft', 'mit', 'beschrankter', 'haftung'], 'gmbh'],
  [['societatea', 'cu', 'raspundere', 'limitata'], 'srl'],
  [['obshchestvo', 's', 'ogranichennoy', 'otvetstvennostyu'], 'llc'],
  [['aktsionernoe', 'obshchestvo'], 'jsc'],
  [['sociedad', 'anonima'], 'sa'],
  [['societe', 'anonyme'], 'sa'],
  [['sp', 'z', 'oo'], 'zoo'],
];

/** Legal forms: each maps to one canonical symbol, so Aktiengesellschaft meets AG. */
// prettier-ignore
export const LEGAL_FORMS = new Map<string, string>([
  ['ag', 'ag'], ['aktiengesellschaft', 'ag'], ['gmbh', 'gmbh'], ['ltd', 'ltd'], ['limited', 'ltd'],
  ['llc', 'llc'], ['inc', 'inc'], ['incorporated', 'inc'], ['corp', 'corp'],
  ['corporation', 'corp'], ['co', 'co'], ['company', 'co'], ['plc', 'plc'], ['sa', 'sa'],
  ['sarl', 'sarl'], ['sas', 'sas'], ['spa', 'spa'], ['srl', 'srl'], ['bv', 'bv'], ['nv', 'nv'],
  ['ab', 'ab'], ['as', 'as'], ['asa', 'as'], ['oy', 'oy'], ['oyj', 'oy'], ['kg', 'kg'],
  ['jsc', 'jsc'], ['ojsc', 'jsc'], ['pjsc', 'jsc'], ['cjsc', 'jsc'], ['ooo', 'llc'], ['oao', 'jsc'], ['ao', 'jsc'],
  ['zao', 'jsc'], ['pao', 'jsc'], ['fze', 'fze'], ['fzco', 'fze'], ['fzc', 'fze'], ['lp', 'lp'],
  ['llp', 'llp'], ['pte', 'pte'], ['pty', 'pty'], ['pvt', 'pvt'], ['private', 'pvt'],
  ['sdn', 'sdn'], ['bhd', 'bhd'], ['tbk', 'tbk'], ['est', 'est'], ['establishment', 'est'], ['kft', 'kft'],
  ['sp', 'sp'], ['zoo', 'zoo'], ['aps', 'aps'], ['se', 'se'], ['ltda', 'ltda'], ['cv', 'cv'],
  ['شركة', 'co'], ['شركه', 'co'], ['مؤسسة', 'est'], ['مؤسسه', 'est'],
]);

/** Words so frequent in organisation names that they say little on their own. */
// prettier-ignore
export const ORG_GENERIC = new Set([
  'the', 'of', 'and', 'for', 'in', 'on', 'at', 'de', 'du', 'des', 'la', 'le', 'les', 'et',
  'der', 'die', 'das', 'und', 'fur', 'y', 'del', 'di', 'da', 'e', 'i', 'a', 'an', 'to', 'by',
  'international', 'national', 'general', 'global', 'trading', 'trade', 'industries',
  'industrial', 'industry', 'services', 'service', 'shipping', 'bank', 'exchange', 'import',
  'export', 'development', 'technology', 'technologies', 'foundation', 'organization',
  'organisation', 'society', 'association', 'committee', 'council', 'ministry', 'department',
  'office', 'centre', 'center', 'institute', 'academy', 'network', 'movement', 'front', 'army',
  'brigade', 'brigades', 'battalion', 'group', 'islamic', 'state', 'republic', 'united', 'new',
  'first', 'second', 'east', 'west', 'north', 'south', 'middle', 'central', 'korea', 'iran',
  'iraq', 'syria', 'libya', 'yemen', 'africa', 'african', 'arab', 'asia', 'european',
  'investment', 'finance', 'financial', 'capital', 'energy', 'oil', 'gas', 'petroleum', 'marine',
  'maritime', 'transport', 'logistics', 'construction', 'engineering', 'machinery', 'equipment',
  'electronics', 'commercial', 'enterprise', 'enterprises', 'partners', 'management',
  'consulting', 'solutions', 'systems', 'products', 'charity', 'charitable', 'relief', 'aid',
  'human', 'rights', 'peoples', 'people', 'liberation', 'resistance', 'forces', 'force',
  'party', 'union', 'federation', 'agency', 'authority', 'administration', 'bureau',
  'corporation', 'credit', 'money', 'hawala', 'fund', 'mining', 'metal', 'steel', 'chemical',
  'medical', 'pharmaceutical', 'food', 'agricultural', 'agriculture', 'import-export', 'world',
]);

/** Roman numerals that number entities (Trust II, Fund XV); single letters are initials. */
// prettier-ignore
export const ROMAN_NUMERALS = new Set([
  'ii', 'iii', 'iv', 'vi', 'vii', 'viii', 'ix', 'xii', 'xiii', 'xiv', 'xv', 'xvi', 'xvii', 'xviii',
  'xix', 'xx', 'xxi', 'xxx',
]);
