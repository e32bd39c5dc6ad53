/**
 * OFAC's identifier and feature labels (`idType` in the SDN XML, `IDRegDocType` and
 * `FeatureType` in the advanced XML, the leading words of a legacy remark) mapped to entity
 * properties and typed identifiers. The three formats use the same vocabulary, so one table
 * serves them all and an entry gets the same facts whichever file it came from.
 *
 * A label the table does not know is kept in notes as `label value`: OFAC adds labels over time
 * (directive determinations, listing dates) and none of it is lost.
 */
import { countryCode } from '../../core/countries.js';
import type { IdentifierKind, Property } from '../../core/entity.js';
import { ofacDates } from './ofac-dates.js';
import type { OfacRecord } from './ofac-record.js';

export interface OfacDocument {
  /** OFAC's label, e.g. `Passport`, `Cedula No.`, `Vessel Registration Identification`. */
  label: string;
  /** The number or value as written. */
  value: string;
  /** The issuing country as OFAC names it. */
  country?: string;
  issued?: string;
  expires?: string;
}

type Spec =
  | { kind: IdentifierKind; property?: Property }
  | { property: Property; as?: 'date' | 'country' | 'lower' };

/** Checked in order; the first label that matches wins. */
const LABELS: [RegExp, Spec][] = [
  [
    /^(?:diplomatic |alt\. )?passport(?: no\.?)?$/i,
    { kind: 'passport', property: 'passportNumber' },
  ],
  [/^vessel registration identification$/i, { kind: 'imo', property: 'imoNumber' }],
  [/^mmsi$/i, { kind: 'mmsi', property: 'mmsi' }],
  [/^swift\/bic$/i, { kind: 'swift', property: 'swiftBic' }],
  [
    /^(?:national id(?:entification)? (?:no\.?|number)|cedula no\.?|d\.n\.i\.|identification number|personal id card|c\.u\.r\.p\.?|ssn|national foreign id number|citizen'?s card number|residency number|kenyan id no\.?|bosnian personal id no\.?|numero de identidad)$/i,
    { kind: 'national-id', property: 'idNumber' },
  ],
  [
    /^(?:tax id no\.?|v\.a\.t\. number|r\.f\.c\.|nit ?#?|ruc ?#?|c\.u\.i\.t\.|inn|tax identification number|rif ?#?|italian fiscal code|fiscal code)$/i,
    { kind: 'tax', property: 'taxNumber' },
  ],
  [
    /^(?:registration (?:id|number)|business registration (?:number|document ?#?)|commercial registry number|government gazette number|company number|trade license (?:no\.?|number)|public registration number|folio mercantil(?: no\.?)?|matricula mercantil(?: no\.?)?|c\.r\. no\.?|license|legal entity number|unified social credit code \(uscc\)|bik \(ru\)|business number|certificate of incorporation number|chamber of commerce number|registered charity no\.?|aircraft tail number|enterprise number|uk company number|commercial registration number|d-u-n-s number)$/i,
    { kind: 'registration', property: 'registrationNumber' },
  ],
  [/^website$/i, { property: 'website' }],
  [/^email(?: address)?$/i, { property: 'email' }],
  [/^(?:telephone|phone(?: number)?)$/i, { property: 'phone' }],
  [/^gender$/i, { property: 'gender', as: 'lower' }],
  [/^organization established date$/i, { property: 'incorporationDate', as: 'date' }],
  [/^organization type$/i, { property: 'legalForm' }],
  [/^nationality of registration$/i, { property: 'jurisdiction', as: 'country' }],
  [/^(?:vessel year of build|aircraft manufacture date)$/i, { property: 'buildDate', as: 'date' }],
  [/^aircraft model$/i, { property: 'model' }],
  [/^aircraft manufacturer'?s serial number \(msn\)$/i, { property: 'serialNumber' }],
  [
    /^(?:driver'?s license no\.?|electoral registry no\.?|birth certificate number|isin|digital currency address - \w+|aircraft construction number.*|military id no\.?|cartilla de servicio militar nacional|refugee id card|stateless person id card|social security number)$/i,
    { kind: 'other' },
  ],
];

/**
 * A known label at the start of `text` (a legacy remark: `Passport A123 (Iraq)`), as one
 * pattern built from the table, so that a remark is tested once, not once per label.
 */
const LEADING_LABEL = new RegExp(
  `^(${LABELS.map(([re]) => `(?:${re.source.slice(1, -1)})`).join('|')})[\\s:]+(\\S.*)$`,
  'i',
);

/** Splits `Passport A123 (Iraq)` into its known label and the rest; undefined if none leads. */
export function leadingLabel(text: string): { label: string; rest: string } | undefined {
  const m = LEADING_LABEL.exec(text);
  return m === null ? undefined : { label: m[1]!, rest: m[2]! };
}

function normalLabel(label: string): string {
  return label
    .trim()
    .replace(/[\s:–-]+$/, '')
    .replace(/\s+/g, ' ');
}

/**
 * Adds what `doc` says to `record`; returns false when the label is not one the table maps (the
 * text then went to notes).
 */
export function applyDocument(record: OfacRecord, given: OfacDocument): boolean {
  const doc = countryInValue(given);
  const label = normalLabel(doc.label);
  const value = withoutStop(doc.value.trim());
  const spec = LABELS.find(([re]) => re.test(label))?.[1];
  if (spec === undefined || value === '') {
    // As the legacy remark writes it (`Secondary sanctions risk: …`), so that formats agree.
    record.add('notes', `${doc.label.trim()} ${value}`.trim());
    return false;
  }
  if ('kind' in spec) {
    addIdentifier(record, spec.kind, label, value, doc, spec.property);
    return true;
  }
  switch (spec.as) {
    case 'date': {
      const dates = ofacDates(value);
      if (dates.length === 0) record.add('notes', `${label} ${value}`);
      record.add(spec.property, ...dates);
      break;
    }
    case 'country':
      record.add(spec.property, countryCode(value) ?? value);
      break;
    case 'lower':
      record.add(spec.property, value.toLowerCase());
      break;
    default:
      record.add(spec.property, value);
  }
  return true;
}

function addIdentifier(
  record: OfacRecord,
  kind: IdentifierKind,
  label: string,
  value: string,
  doc: OfacDocument,
  property: Property | undefined,
): void {
  let number = value;
  if (kind === 'imo') {
    // `IMO 9187629`; a registration that is not an IMO number is a plain registration.
    const imo = /^IMO\s*(\d{7})\b/i.exec(value);
    if (imo === null) {
      addIdentifier(record, 'registration', label, value, doc, 'registrationNumber');
      return;
    }
    number = imo[1]!;
  }
  const country = doc.country === undefined ? undefined : countryCode(doc.country);
  const note = [
    doc.country !== undefined && country === undefined ? doc.country : '',
    doc.issued ? `issued ${doc.issued}` : '',
    doc.expires ? `expires ${doc.expires}` : '',
  ]
    .filter((s) => s !== '')
    .join('; ');
  record.identifier({
    kind,
    number,
    label,
    ...(country !== undefined && { country }),
    ...(note !== '' && { note }),
  });
  if (property !== undefined) record.add(property, number);
}

/**
 * `1026303117642 (Russia)` in the SDN XML, `91110000710934369E(China)` in a remark: the country
 * written into the number. Split off only when it names a country (`C234897(0)` stays whole).
 */
function countryInValue(doc: OfacDocument): OfacDocument {
  if (doc.country !== undefined) return doc;
  const m = /^(.*\S)\s*\(([^()]+)\)$/.exec(doc.value.trim());
  if (m === null || countryCode(m[2]!) === undefined) return doc;
  return { ...doc, value: m[1]!, country: m[2]! };
}

/**
 * Without a closing full stop, which OFAC writes or leaves out at random (`…#directives.`), but
 * with the stop of an abbreviation (`S.A.`, `Ltd.`).
 */
export function withoutStop(text: string): string {
  return text.endsWith('.') && !/(?:\b[A-Za-z]\.){2,}$|\b(?:Ltd|Co|Inc|Corp|Jr|Sr)\.$/i.test(text)
    ? text.slice(0, -1)
    : text;
}
