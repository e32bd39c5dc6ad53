/**
 * One OFAC entry while it is being read, whatever the format: the SDN XML, the advanced XML and
 * the legacy CSV all fill the same record, so that an entry read from any of them becomes the
 * same entity (`<listId>:<OFAC uid>`) and versions loaded from different formats diff cleanly.
 */
import type { Entity, EntityIdentifier, Properties, Property, Schema } from '../../core/entity.js';

/** Name properties, strongest first: a name seen twice is kept in the stronger one. */
const NAME_ORDER: readonly Property[] = ['name', 'alias', 'previousName', 'weakAlias'];

/** OFAC's party types (`sdnType`, the CSV's SDN_Type, PartyType/PartySubType) to schemas. */
export function ofacSchema(type: string): Schema | undefined {
  switch (type.trim().toLowerCase()) {
    case 'individual':
      return 'Person';
    case 'entity':
    case '':
      return 'Organization';
    case 'vessel':
      return 'Vessel';
    case 'aircraft':
      return 'Airplane';
    default:
      return undefined;
  }
}

export class OfacRecord {
  private readonly values = new Map<Property, string[]>();
  readonly identifiers: EntityIdentifier[] = [];
  readonly programmes: string[] = [];
  /** Listing dates (advanced XML); the earliest becomes `listedOn`. */
  readonly listedOn: string[] = [];

  constructor(
    /** OFAC's uid / ent_num / FixedRef. */
    readonly ref: string,
    public schema: Schema,
  ) {}

  add(property: Property, ...values: (string | undefined)[]): void {
    const list = this.values.get(property) ?? [];
    for (const raw of values) {
      const value = (raw ?? '').replace(/\s+/g, ' ').trim();
      if (value !== '' && !list.includes(value)) list.push(value);
    }
    if (list.length > 0) this.values.set(property, list);
  }

  get(property: Property): readonly string[] {
    return this.values.get(property) ?? [];
  }

  identifier(id: EntityIdentifier): void {
    const same = this.identifiers.find(
      (i) => i.kind === id.kind && i.number === id.number && i.country === id.country,
    );
    if (same === undefined) this.identifiers.push(id);
  }

  programme(...names: string[]): void {
    for (const name of names.map((n) => n.trim()))
      if (name !== '' && !this.programmes.includes(name)) this.programmes.push(name);
  }

  toEntity(listId: string, listVersion: string): Entity {
    const properties = this.properties();
    const caption = properties.name?.[0] ?? this.ref;
    const listedOn = [...this.listedOn].sort()[0];
    const entity: Entity = {
      id: `${listId}:${this.ref}`,
      schema: this.schema,
      caption,
      properties,
      provenance: {
        listId,
        listVersion,
        ref: this.ref,
        ...(listedOn !== undefined && { listedOn }),
        ...(this.programmes.length > 0 && { programme: [...this.programmes].sort().join('; ') }),
      },
    };
    if (this.identifiers.length > 0)
      entity.identifiers = [...this.identifiers].sort(
        (a, b) => compare(a.kind, b.kind) || compare(a.number, b.number),
      );
    return entity;
  }

  private properties(): Properties {
    const out: Properties = {};
    const seen = new Set<string>();
    for (const property of NAME_ORDER) {
      const kept = this.get(property).filter((v) => {
        const key = v.toLowerCase();
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      if (kept.length > 0) out[property] = kept;
    }
    // An entry whose only name came as an alias still needs a primary name.
    if (out.name === undefined) {
      const first = NAME_ORDER.map((p) => out[p]?.[0]).find((v) => v !== undefined);
      if (first !== undefined) out.name = [first];
    }
    for (const [property, list] of this.values)
      if (!NAME_ORDER.includes(property))
        out[property] = UNORDERED.has(property) ? [...list].sort(compare) : list;
    return out;
  }
}

/**
 * Values whose order says nothing and differs between formats (the XML lists documents by type,
 * the CSV remark in its own order): sorted, so that one entry read from two formats hashes the
 * same and a diff across formats shows only real changes.
 */
const UNORDERED: ReadonlySet<Property> = new Set<Property>([
  'notes',
  'passportNumber',
  'idNumber',
  'taxNumber',
  'registrationNumber',
  'swiftBic',
  'imoNumber',
  'mmsi',
  'website',
  'email',
  'phone',
]);

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
