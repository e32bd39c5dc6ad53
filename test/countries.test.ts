import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, it, expect } from 'vitest';
import { countryCode, countryName, normaliseCountries } from '../src/core/countries.js';
import { dataPath } from './helpers/data.js';

/** ISO 3166-1 alpha-2:alpha-3 pairs, taken from the Debian iso-codes data, plus Kosovo. */
const ISO_PAIRS = `
AD:AND AE:ARE AF:AFG AG:ATG AI:AIA AL:ALB AM:ARM AO:AGO AQ:ATA AR:ARG AS:ASM AT:AUT AU:AUS
AW:ABW AX:ALA AZ:AZE BA:BIH BB:BRB BD:BGD BE:BEL BF:BFA BG:BGR BH:BHR BI:BDI BJ:BEN BL:BLM
BM:BMU BN:BRN BO:BOL BQ:BES BR:BRA BS:BHS BT:BTN BV:BVT BW:BWA BY:BLR BZ:BLZ CA:CAN CC:CCK
CD:COD CF:CAF CG:COG CH:CHE CI:CIV CK:COK CL:CHL CM:CMR CN:CHN CO:COL CR:CRI CU:CUB CV:CPV
CW:CUW CX:CXR CY:CYP CZ:CZE DE:DEU DJ:DJI DK:DNK DM:DMA DO:DOM DZ:DZA EC:ECU EE:EST EG:EGY
EH:ESH ER:ERI ES:ESP ET:ETH FI:FIN FJ:FJI FK:FLK FM:FSM FO:FRO FR:FRA GA:GAB GB:GBR GD:GRD
GE:GEO GF:GUF GG:GGY GH:GHA GI:GIB GL:GRL GM:GMB GN:GIN GP:GLP GQ:GNQ GR:GRC GS:SGS GT:GTM
GU:GUM GW:GNB GY:GUY HK:HKG HM:HMD HN:HND HR:HRV HT:HTI HU:HUN ID:IDN IE:IRL IL:ISR IM:IMN
IN:IND IO:IOT IQ:IRQ IR:IRN IS:ISL IT:ITA JE:JEY JM:JAM JO:JOR JP:JPN KE:KEN KG:KGZ KH:KHM
KI:KIR KM:COM KN:KNA KP:PRK KR:KOR KW:KWT KY:CYM KZ:KAZ LA:LAO LB:LBN LC:LCA LI:LIE LK:LKA
LR:LBR LS:LSO LT:LTU LU:LUX LV:LVA LY:LBY MA:MAR MC:MCO MD:MDA ME:MNE MF:MAF MG:MDG MH:MHL
MK:MKD ML:MLI MM:MMR MN:MNG MO:MAC MP:MNP MQ:MTQ MR:MRT MS:MSR MT:MLT MU:MUS MV:MDV MW:MWI
MX:MEX MY:MYS MZ:MOZ NA:NAM NC:NCL NE:NER NF:NFK NG:NGA NI:NIC NL:NLD NO:NOR NP:NPL NR:NRU
NU:NIU NZ:NZL OM:OMN PA:PAN PE:PER PF:PYF PG:PNG PH:PHL PK:PAK PL:POL PM:SPM PN:PCN PR:PRI
PS:PSE PT:PRT PW:PLW PY:PRY QA:QAT RE:REU RO:ROU RS:SRB RU:RUS RW:RWA SA:SAU SB:SLB SC:SYC
SD:SDN SE:SWE SG:SGP SH:SHN SI:SVN SJ:SJM SK:SVK SL:SLE SM:SMR SN:SEN SO:SOM SR:SUR SS:SSD
ST:STP SV:SLV SX:SXM SY:SYR SZ:SWZ TC:TCA TD:TCD TF:ATF TG:TGO TH:THA TJ:TJK TK:TKL TL:TLS
TM:TKM TN:TUN TO:TON TR:TUR TT:TTO TV:TUV TW:TWN TZ:TZA UA:UKR UG:UGA UM:UMI US:USA UY:URY
UZ:UZB VA:VAT VC:VCT VE:VEN VG:VGB VI:VIR VN:VNM VU:VUT WF:WLF WS:WSM YE:YEM YT:MYT ZA:ZAF
ZM:ZMB ZW:ZWE XK:XKX`
  .trim()
  .split(/\s+/)
  .map((pair) => pair.split(':') as [string, string]);

describe('countryCode', () => {
  it.each([
    ['IQ', 'iq'],
    ['iq', 'iq'],
    [' sy ', 'sy'],
    ['IRQ', 'iq'],
    ['irq', 'iq'],
    ['GBR', 'gb'],
    ['XK', 'xk'],
    ['XKX', 'xk'],
  ])('maps the code %j', (value, code) => {
    expect(countryCode(value)).toBe(code);
  });

  it.each([
    ['Syrian Arab Republic', 'sy'],
    ['Iran (Islamic Republic of)', 'ir'],
    ["Democratic People's Republic of Korea", 'kp'],
    ['Democratic People’s Republic of Korea', 'kp'],
    ['Republic of Korea', 'kr'],
    ['Russian Federation', 'ru'],
    ['United Republic of Tanzania', 'tz'],
    ['Bolivia (Plurinational State of)', 'bo'],
    ['Venezuela (Bolivarian Republic of)', 've'],
    ["Lao People's Democratic Republic", 'la'],
    ['Republic of Moldova', 'md'],
    ['Türkiye', 'tr'],
    ['Turkey', 'tr'],
    ['Democratic Republic of the Congo', 'cd'],
    ['Congo', 'cg'],
    ['Viet Nam', 'vn'],
    ['United Kingdom of Great Britain and Northern Ireland', 'gb'],
    ['United States of America', 'us'],
    ['State of Palestine', 'ps'],
    ['occupied Palestinian territory', 'ps'],
    ['Kosovo', 'xk'],
    ['China, Hong Kong Special Administrative Region', 'hk'],
    ['China, Macao Special Administrative Region', 'mo'],
    ['Micronesia (Federated States of)', 'fm'],
    ['Netherlands (Kingdom of the)', 'nl'],
    ['Guinea-Bissau', 'gw'],
    ['Central African Republic', 'cf'],
  ])('maps the UN name %j', (value, code) => {
    expect(countryCode(value)).toBe(code);
  });

  it.each([
    ['UK', 'gb'],
    ['U.K.', 'gb'],
    ['U.S.', 'us'],
    ['USA', 'us'],
    ['U.S.A.', 'us'],
    ['Burma', 'mm'],
    ['Ivory Coast', 'ci'],
    ["Côte d'Ivoire", 'ci'],
    ['Cote d’Ivoire', 'ci'],
    ['COTE D IVOIRE', 'ci'],
    ['Czechia', 'cz'],
    ['Czech Republic', 'cz'],
    ['Swaziland', 'sz'],
    ['Eswatini', 'sz'],
    ['Holland', 'nl'],
    ['the Netherlands', 'nl'],
    ['THE GAMBIA', 'gm'],
    ['Gambia, The', 'gm'],
    ['Guinea Bissau', 'gw'],
    ['Trinidad & Tobago', 'tt'],
    ['  united   states ', 'us'],
    ['Korea, Republic of', 'kr'],
    ['North Korea', 'kp'],
    ['South Korea', 'kr'],
    ['DR Congo', 'cd'],
    ['Democratic Republic of Congo', 'cd'],
    ['Congo-Brazzaville', 'cg'],
    ['Republic of the Congo', 'cg'],
    ['Laos', 'la'],
    ['Syria', 'sy'],
    ['Iran', 'ir'],
    ['Russia', 'ru'],
    ['Vietnam', 'vn'],
    ['East Timor', 'tl'],
    ['Cape Verde', 'cv'],
    ['Macedonia', 'mk'],
    ['St. Lucia', 'lc'],
    ['St Kitts and Nevis', 'kn'],
    ['Curacao', 'cw'],
    ['Reunion', 're'],
    ['Aland Islands', 'ax'],
    ['Vatican', 'va'],
    ['Taiwan', 'tw'],
    ['Hong Kong', 'hk'],
    ['Palestine', 'ps'],
    ['Zaire', 'cd'],
    // Forms of state in front of a name are understood without listing each one.
    ['Republic of Kenya', 'ke'],
    ['Kingdom of Spain', 'es'],
    ['The Federal Republic of Nigeria', 'ng'],
    ['Republic of Guinea', 'gn'],
  ])('maps the alternative %j', (value, code) => {
    expect(countryCode(value)).toBe(code);
  });

  it.each([
    ['Iraqi', 'iq'],
    ['Syrian', 'sy'],
    ['Afghan', 'af'],
    ['Saudi', 'sa'],
    ['Yemeni', 'ye'],
    ['Emirati', 'ae'],
    ['Pakistani', 'pk'],
    ['Egyptian', 'eg'],
    ['Libyan', 'ly'],
    ['Tunisian', 'tn'],
    ['Algerian', 'dz'],
    ['Moroccan', 'ma'],
    ['Somali', 'so'],
    ['Sudanese', 'sd'],
    ['South Sudanese', 'ss'],
    ['Jordanian', 'jo'],
    ['Lebanese', 'lb'],
    ['Kuwaiti', 'kw'],
    ['Qatari', 'qa'],
    ['Bahraini', 'bh'],
    ['Omani', 'om'],
    ['Iranian', 'ir'],
    ['Turkish', 'tr'],
    ['Indonesian', 'id'],
    ['Filipino', 'ph'],
    ['Malaysian', 'my'],
    ['Nigerian', 'ng'],
    ['Nigerien', 'ne'],
    ['Malian', 'ml'],
    ['Mauritanian', 'mr'],
    ['Mauritian', 'mu'],
    ['Russian', 'ru'],
    ['British', 'gb'],
    ['French', 'fr'],
    ['German', 'de'],
    ['American', 'us'],
    ['Chinese', 'cn'],
    ['Indian', 'in'],
    ['Bangladeshi', 'bd'],
    ['Uzbek', 'uz'],
    ['Tajik', 'tj'],
    ['Kazakh', 'kz'],
    ['Chechen', undefined],
    ['Dutch', 'nl'],
    ['Swiss', 'ch'],
    ['Eritrean', 'er'],
    ['Ethiopian', 'et'],
    ['Kenyan', 'ke'],
    ['Rwandan', 'rw'],
    ['Ugandan', 'ug'],
    ['Haitian', 'ht'],
    ['Palestinian', 'ps'],
    ['Kosovar', 'xk'],
  ])('maps the demonym %j', (value, code) => {
    expect(countryCode(value)).toBe(code);
  });

  it.each([
    ['العراق', 'iq'],
    ['سوريا', 'sy'],
    ['سورية', 'sy'],
    ['الجمهورية العربية السورية', 'sy'],
    ['المملكة العربية السعودية', 'sa'],
    ['السعودية', 'sa'],
    ['مصر', 'eg'],
    ['اليمن', 'ye'],
    ['الأردن', 'jo'],
    ['لبنان', 'lb'],
    ['الكويت', 'kw'],
    ['قطر', 'qa'],
    ['البحرين', 'bh'],
    ['عمان', 'om'],
    ['الإمارات العربية المتحدة', 'ae'],
    ['الإمارات', 'ae'],
    ['ليبيا', 'ly'],
    ['تونس', 'tn'],
    ['الجزائر', 'dz'],
    ['المغرب', 'ma'],
    ['موريتانيا', 'mr'],
    ['السودان', 'sd'],
    ['جنوب السودان', 'ss'],
    ['الصومال', 'so'],
    ['جيبوتي', 'dj'],
    ['جزر القمر', 'km'],
    ['فلسطين', 'ps'],
    ['إيران', 'ir'],
    ['تركيا', 'tr'],
    ['أفغانستان', 'af'],
    ['باكستان', 'pk'],
    ['الولايات المتحدة', 'us'],
    ['المملكة المتحدة', 'gb'],
    ['فرنسا', 'fr'],
    ['ألمانيا', 'de'],
    ['روسيا', 'ru'],
  ])('maps the Arabic name %j', (value, code) => {
    expect(countryCode(value)).toBe(code);
  });

  it.each([
    // alef with hamza or madda folded to bare alef
    ['الاردن', 'jo'],
    ['الامارات', 'ae'],
    ['افغانستان', 'af'],
    ['ايران', 'ir'],
    ['المانيا', 'de'],
    ['امريكا', 'us'],
    // teh marbuta written as heh, alef maksura as yeh and the reverse
    ['السعوديه', 'sa'],
    ['سوريه', 'sy'],
    ['الجمهوريه العربيه السوريه', 'sy'],
    ['عراقى', 'iq'],
    ['مصرى', 'eg'],
    // harakat, tatweel, Persian letters, extra spaces
    ['العِرَاق', 'iq'],
    ['العـــراق', 'iq'],
    ['ایران', 'ir'],
    ['  المملكة   العربية السعودية ', 'sa'],
  ])('folds the Arabic variant %j', (value, code) => {
    expect(countryCode(value)).toBe(code);
  });

  it.each([
    ['عراقي', 'iq'],
    ['سوري', 'sy'],
    ['سعودي', 'sa'],
    ['مصري', 'eg'],
    ['يمني', 'ye'],
    ['أردني', 'jo'],
    ['اردني', 'jo'],
    ['ليبي', 'ly'],
    ['تونسي', 'tn'],
    ['جزائري', 'dz'],
    ['مغربي', 'ma'],
    ['صومالي', 'so'],
    ['سوداني', 'sd'],
    ['كويتي', 'kw'],
    ['قطري', 'qa'],
    ['إماراتي', 'ae'],
    ['فلسطيني', 'ps'],
    ['إيراني', 'ir'],
    ['أفغاني', 'af'],
    ['باكستاني', 'pk'],
    // feminine and definite forms are derived from the masculine nisba
    ['عراقية', 'iq'],
    ['العراقي', 'iq'],
    ['المصرية', 'eg'],
  ])('maps the Arabic nisba %j', (value, code) => {
    expect(countryCode(value)).toBe(code);
  });

  it.each([
    [''],
    ['   '],
    ['Atlantis'],
    ['former Soviet Union'],
    ['Yugoslavia'],
    ['Korea'],
    ['Korean'],
    ['Congolese'],
    ['Virgin Islands'],
    ['Republic of'],
    ['xx'],
    ['ZZZ'],
    // placeholders that compact to a code must not be read as one (Namibia, Iraq)
    ['N/A'],
    ['n.a.'],
    ['I.Q.'],
    ['2007-09-21'],
    ['Taliban'],
  ])('returns undefined for %j', (value) => {
    expect(countryCode(value)).toBeUndefined();
  });

  it('returns the same answer from the cache', () => {
    expect(countryCode('Syrian Arab Republic')).toBe('sy');
    expect(countryCode('Syrian Arab Republic')).toBe('sy');
    expect(countryCode('Narnia')).toBeUndefined();
    expect(countryCode('Narnia')).toBeUndefined();
  });
});

describe('ISO 3166-1 coverage', () => {
  it('covers 249 ISO entries plus Kosovo', () => {
    expect(ISO_PAIRS).toHaveLength(250);
  });

  it.each(ISO_PAIRS)('maps %s and %s to the alpha-2 code', (alpha2, alpha3) => {
    const code = alpha2.toLowerCase();
    expect(countryCode(alpha2)).toBe(code);
    expect(countryCode(code)).toBe(code);
    expect(countryCode(alpha3)).toBe(code);
    expect(countryCode(alpha3.toLowerCase())).toBe(code);
  });

  it.each(ISO_PAIRS)('has a name for %s that maps back to it', (alpha2) => {
    const code = alpha2.toLowerCase();
    const name = countryName(code);
    expect(name).toBeTypeOf('string');
    expect(countryCode(name ?? '')).toBe(code);
  });
});

describe('countryName', () => {
  it.each([
    ['iq', 'Iraq'],
    ['SY', 'Syria'],
    ['kp', 'North Korea'],
    ['cd', 'Democratic Republic of the Congo'],
    ['cg', 'Republic of the Congo'],
    ['gb', 'United Kingdom'],
    ['xk', 'Kosovo'],
  ])('names %s as %s', (code, name) => {
    expect(countryName(code)).toBe(name);
  });

  it.each([['xx'], ['IRQ'], ['']])('returns undefined for %j', (code) => {
    expect(countryName(code)).toBeUndefined();
  });
});

describe('normaliseCountries', () => {
  it('deduplicates codes in input order and collects unknown values', () => {
    expect(
      normaliseCountries(['Syria', 'IRQ', 'سوريا', 'Atlantis', '', 'Iraqi', 'Atlantis', 'Yemen']),
    ).toEqual({ codes: ['sy', 'iq', 'ye'], unknown: ['Atlantis'] });
  });

  it('handles an empty list', () => {
    expect(normaliseCountries([])).toEqual({ codes: [], unknown: [] });
  });
});

function decodeXml(text: string): string {
  return text
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

/** Country-like values of the UN list: nationalities and the country fields of addresses, places and documents. */
function unCountryValues(xml: string): string[] {
  const values: string[] = [];
  for (const block of xml.matchAll(/<NATIONALITY>([\s\S]*?)<\/NATIONALITY>/g)) {
    for (const m of (block[1] ?? '').matchAll(/<VALUE>([^<]*)<\/VALUE>/g)) values.push(m[1] ?? '');
  }
  const fields = /<(COUNTRY|COUNTRY_OF_ISSUE|ISSUING_COUNTRY|COUNTRY_OF_BIRTH)>([^<]*)<\/\1>/g;
  for (const m of xml.matchAll(fields)) values.push(m[2] ?? '');
  return values.map(decodeXml).filter((v) => v !== '');
}

describe('UN Security Council consolidated list', () => {
  let unDir = '';
  let files: string[] = [];
  beforeAll(() => {
    unDir = dataPath('un_sc_consolidated');
    files = readdirSync(unDir).filter((f) => f.endsWith('.xml'));
  });

  it('has list files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('maps at least 98% of the distinct country values', () => {
    const distinct = new Set<string>();
    for (const file of files) {
      for (const value of unCountryValues(readFileSync(join(unDir, file), 'utf8'))) {
        distinct.add(value);
      }
    }
    const unmapped = [...distinct].filter((v) => countryCode(v) === undefined);
    const share = 1 - unmapped.length / distinct.size;
    expect(distinct.size).toBeGreaterThan(50);
    expect(share, `unmapped: ${JSON.stringify(unmapped)}`).toBeGreaterThanOrEqual(0.98);
  });
});

describe('OpenSanctions screening fixtures', () => {
  it('maps every nationality in negatives_global.csv', () => {
    const file = dataPath('opensanctions_yente_screening_fixtures', 'negatives_global.csv');
    const rows = parse(readFileSync(file, 'utf8'), {
      columns: true,
    }) as Record<string, string>[];
    const nationalities = new Set(rows.map((r) => r.nationality ?? '').filter((v) => v !== ''));
    expect(nationalities.size).toBeGreaterThan(100);
    const unmapped = [...nationalities].filter((v) => countryCode(v) === undefined);
    expect(unmapped).toEqual([]);
  });
});
